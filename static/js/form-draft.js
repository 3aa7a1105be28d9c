/*
 * Keeps what is typed in a long form in the browser (localStorage), so that nothing is lost
 * when the session expires or the save fails.
 *
 * A form opts in with data-draft-key="…" (one key per household and form). Every change is
 * stored under that key; on a fresh page (data-draft-restore="1") a stored draft is put back
 * and a notice offers to discard it. A page shown after a successful save carries
 * data-draft-clear="…" and the draft is forgotten. Ctrl+Enter (Cmd+Enter) submits the form.
 */
(function () {
  "use strict";
  var PREFIX = "cdf-draft:";
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000;

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "hidden" &&
        el.type !== "password" && el.type !== "file" && el.type !== "submit" && el.type !== "button";
    });
  }

  function collect(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        values[el.name] = Array.prototype.filter.call(el.options, function (o) {
          return o.selected;
        }).map(function (o) { return o.value; });
      } else {
        values[el.name] = [el.value];
      }
    });
    return values;
  }

  function apply(form, values) {
    fieldsOf(form).forEach(function (el) {
      var stored = values[el.name];
      if (!stored) return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = stored.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = stored.indexOf(o.value) !== -1;
        });
      } else {
        el.value = stored[0];
      }
    });
  }

  function init() {
    var store = storage();
    document.querySelectorAll("[data-draft-clear]").forEach(function (el) {
      if (store && el.dataset.draftClear) store.removeItem(PREFIX + el.dataset.draftClear);
    });
    document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      var key = PREFIX + form.dataset.draftKey;
      var notice = document.querySelector("[data-draft-notice]");
      if (store && form.dataset.draftRestore === "1") {
        var raw = store.getItem(key);
        var draft = null;
        try { draft = raw && JSON.parse(raw); } catch (e) { draft = null; }
        if (draft && Date.now() - draft.savedAt < MAX_AGE_MS) {
          apply(form, draft.values);
          if (notice) notice.classList.remove("d-none");
        } else if (raw) {
          store.removeItem(key);
        }
      }
      var save = function () {
        if (!store) return;
        try {
          store.setItem(key, JSON.stringify({ savedAt: Date.now(), values: collect(form) }));
        } catch (e) { /* storage full or refused: the server copy is all we have */ }
      };
      form.addEventListener("input", save);
      form.addEventListener("change", save);
      form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          save();
          if (form.requestSubmit) form.requestSubmit(); else form.submit();
        }
      });
      var discard = document.querySelector("[data-draft-discard]");
      if (discard) {
        discard.addEventListener("click", function () {
          if (store) store.removeItem(key);
          window.location.reload();
        });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
