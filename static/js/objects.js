// Inline rows of the object consoles (shifts, holidays, overrides). Without JavaScript the same
// buttons submit the form and the server answers with a row more or less.
(function () {
  "use strict";

  // Remove a row in place; the formset ignores the gap its number leaves.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-row]");
    if (!button) return;
    var row = button.closest("[data-row]");
    if (!row) return;
    event.preventDefault();
    var list = row.parentElement;
    row.remove();
    var next = list && list.querySelector("[data-row] input[type=text]");
    if (next) next.focus();
  });
})();
