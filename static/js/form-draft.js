/*
 * Keeps what is typed in a long form in the browser (localStorage), so that nothing is lost
 * when the session expires or the save fails.
 *
 * A form opts in with data-draft-key="…" (one key per household and form). Every change is
 * stored under that key; on a fresh page (data-draft-restore="1") a stored draft is put back
 * and a notice offers to discard it. A page shown after a successful save carries
 * data-draft-clear="…" and the draft is forgotten. Ctrl+Enter (Cmd+Enter) submits the form.
 *
 * Drafts hold personal data and staff share computers, so each belongs to one user:
 * - it is stored as cdf-draft:<user id>:<key>, the user id coming from <body data-draft-user>,
 *   and only its own user gets it back;
 * - on any page of a logged-in user (base.html loads this script everywhere) the drafts of
 *   every other user, and the old ones stored without a user, are deleted;
 * - logging out deletes them all, three times over: the logout form (data-draft-forget-on-submit)
 *   deletes them as it is sent, the logout answer sends Clear-Site-Data, and the login page
 *   shown after a logout carries data-draft-forget-all for browsers that ignore that header.
 * Drafts live in localStorage; sessionStorage is swept the same way, so that nothing typed
 * here outlives a logout in either.
 * The login page reached because the idle session ended carries no such mark, and a page
 * without a user deletes nothing: the same user finds the draft after logging in again, while
 * another user logging in instead deletes it on the first page.
 */
(function () {
  "use strict";
  var PREFIX = "cdf-draft:";
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000;

  function storage(name) {
    try {
      return window[name || "localStorage"];
    } catch (e) {
      return null;
    }
  }

  function forgetAll() {
    ["localStorage", "sessionStorage"].forEach(function (name) {
      var store = storage(name);
      if (store) sweep(store, "", true);
    });
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

  function draftKeys(store) {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    return keys;
  }

  // Deletes the drafts this browser must not keep: all of them after a logout, otherwise
  // those of anyone but the current user. Without a user and without the mark, nothing.
  function sweep(store, ownPrefix, everything) {
    if (!everything && !ownPrefix) return;
    draftKeys(store).forEach(function (key) {
      if (everything || key.indexOf(ownPrefix) !== 0) store.removeItem(key);
    });
  }

  function init() {
    var store = storage();
    var user = document.body.dataset.draftUser || "";
    // Without a user (or without storage) nothing is kept, but Ctrl+Enter still works.
    var ownPrefix = store && user ? PREFIX + user + ":" : "";
    if (document.querySelector("[data-draft-forget-all]")) {
      forgetAll();
    } else {
      ["localStorage", "sessionStorage"].forEach(function (name) {
        var other = storage(name);
        if (other) sweep(other, ownPrefix, false);
      });
    }
    document.querySelectorAll("form[data-draft-forget-on-submit]").forEach(function (form) {
      form.addEventListener("submit", forgetAll);
    });

    if (ownPrefix) {
      document.querySelectorAll("[data-draft-clear]").forEach(function (el) {
        if (el.dataset.draftClear) store.removeItem(ownPrefix + el.dataset.draftClear);
      });
    }
    document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      var key = ownPrefix && ownPrefix + form.dataset.draftKey;
      var notice = document.querySelector("[data-draft-notice]");
      if (key && form.dataset.draftRestore === "1") {
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
        if (!key) return;
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
          if (key) store.removeItem(key);
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
