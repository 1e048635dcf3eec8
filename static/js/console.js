// Small progressive enhancements; every page also works without JavaScript.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-dialog-open]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-dialog-open"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
      }
      return;
    }
    var closer = event.target.closest("[data-dialog-close]");
    if (closer) {
      var open = closer.closest("dialog");
      if (open) {
        // A "Cancel" link is the no-JavaScript way back; in the dialog it only closes it.
        if (closer.tagName === "A") event.preventDefault();
        open.close();
      }
    }
  });

  // A checkbox that must be ticked before a dangerous button is enabled. The button is
  // rendered enabled (the server refuses anyway), so without JavaScript nothing is blocked.
  function syncEnables(box) {
    var target = document.getElementById(box.getAttribute("data-enables"));
    if (target) target.disabled = !box.checked;
  }
  document.addEventListener("change", function (event) {
    var box = event.target.closest("[data-enables]");
    if (box) syncEnables(box);
  });

  // "= 5 min" beside a number of seconds, as typed; the server renders the same text.
  function durationHint(value) {
    if (!/^\s*\d+\s*$/.test(value)) return "";
    var seconds = parseInt(value, 10);
    if (!(seconds > 0)) return "";
    var parts = [];
    [[86400, "d"], [3600, "h"], [60, "min"], [1, "s"]].forEach(function (unit) {
      var amount = Math.floor(seconds / unit[0]);
      seconds -= amount * unit[0];
      if (amount) parts.push(amount + " " + unit[1]);
    });
    return "= " + parts.join(" ");
  }
  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-duration-input]");
    if (!input) return;
    var field = input.closest(".field");
    var output = field && field.querySelector("[data-duration-output]");
    if (output) output.textContent = durationHint(input.value);
  });

  // A choice that other fields depend on ([data-refresh]) asks its container to refresh them:
  // the container listens with hx-trigger="refresh" (no filter expression, so no eval under the CSP).
  document.addEventListener("change", function (event) {
    if (event.target.closest("[data-refresh]")) {
      event.target.dispatchEvent(new CustomEvent("refresh", { bubbles: true }));
    }
  });

  // A button that asks first (data-confirm="…"): the question, then the submit, or nothing.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });

  // A dialog whose content htmx loads (a restore's confirmation: what will change) opens once it arrived.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var dialog = target && target.closest && target.closest("dialog[data-open-on-swap]");
    if (dialog && !dialog.open && typeof dialog.showModal === "function") dialog.showModal();
  });

  function enhance(root) {
    root.querySelectorAll("[data-enables]").forEach(syncEnables);
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });

  // Searches and filters push their URL: leave out empty parameters so it stays readable.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get") return;
    var data = event.detail.formData;
    var empty = [];
    data.forEach(function (value, key) { if (value === "") empty.push(key); });
    empty.forEach(function (key) { data.delete(key); });
  });

  // Forms that must not be submitted twice: the first click wins.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    // A "Cancel" that only closes a <dialog> (formmethod="dialog") is not a submission.
    if (submitter && (submitter.getAttribute("formmethod") || "").toLowerCase() === "dialog") return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    setTimeout(function () { form.dataset.submitting = ""; }, 4000);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (form) form.dataset.submitting = "";
  });
})();
