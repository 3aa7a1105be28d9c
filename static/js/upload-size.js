/*
 * Refuses a file over the upload limit as soon as it is chosen, on its own field: the form is
 * not sent, so nothing typed is lost and no large body travels for nothing. The server refuses
 * such a file anyway (core/uploads.py), from the size the request announces, unread.
 *
 * A file input opts in with data-max-bytes="…" and data-too-large="the message to show"
 * (core.uploads.SizeCheckedFileInput writes both).
 */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.maxBytes) {
      return;
    }
    var limit = Number(input.dataset.maxBytes);
    var tooLarge = Array.prototype.some.call(input.files || [], function (file) {
      return file.size > limit;
    });
    // A custom validity keeps the form from being sent and shows the message on the field.
    input.setCustomValidity(tooLarge ? input.dataset.tooLarge || "" : "");
    if (tooLarge) {
      input.reportValidity();
    }
  });
})();
