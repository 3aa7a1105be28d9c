/*
 * The département list follows the region chosen beside it.
 *
 * A <select data-departements> (territories.widgets.DepartementSelect) has options carrying
 * data-region; its region is the select of the same form named like it with "departement"
 * replaced by "region" (targets-0-departement → targets-0-region). Choosing a region hides
 * the other regions' départements (and clears a département now outside it); choosing a
 * département while no region is chosen fills the region in. Without this script every
 * département stays listed and the server refuses one outside the chosen region.
 */
(function () {
  "use strict";

  function regionSelectOf(select) {
    var name = select.name.replace(/departement$/, "region");
    return name === select.name || !select.form ? null : select.form.elements.namedItem(name);
  }

  function filter(select, region) {
    Array.prototype.forEach.call(select.options, function (option) {
      var other = Boolean(region && option.value && option.dataset.region !== region);
      option.hidden = other;
      option.disabled = other;
      if (other && option.selected) {
        select.value = "";
      }
    });
  }

  function link(select) {
    var regionSelect = regionSelectOf(select);
    if (!regionSelect || regionSelect.tagName !== "SELECT") {
      return;
    }
    filter(select, regionSelect.value);
    regionSelect.addEventListener("change", function () {
      filter(select, regionSelect.value);
    });
    select.addEventListener("change", function () {
      var chosen = select.options[select.selectedIndex];
      if (!regionSelect.value && chosen && chosen.dataset.region) {
        regionSelect.value = chosen.dataset.region;
        filter(select, regionSelect.value);
      }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-departements]"), link);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
