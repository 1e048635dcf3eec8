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

  // "overnight: ends next day" follows the typed start and end times.
  function updateOvernight(row) {
    var start = row.querySelector("[data-shift=start]");
    var end = row.querySelector("[data-shift=end]");
    var tag = row.querySelector("[data-overnight]");
    if (!start || !end || !tag) return;
    tag.hidden = !(start.value && end.value && end.value <= start.value);
  }
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (!event.target.matches || !event.target.matches("[data-shift]")) return;
      var row = event.target.closest("[data-row]");
      if (row) updateOvernight(row);
    });
  });
})();
