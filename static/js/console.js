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
        open.close();
        // A link that closes a dialog goes somewhere only where there is no dialog (no JavaScript).
        if (closer.tagName === "A") event.preventDefault();
      }
    }
  });

  // Bulk actions: the page's checkbox chooses every row, the bar counts what is chosen (its words
  // come from the server), and the confirmation the server answers opens as a modal dialog.
  function bulkBoxes(form) {
    return document.querySelectorAll('input[name="ids"][form="' + form.id + '"]');
  }
  function syncBulk(form) {
    var boxes = Array.prototype.slice.call(bulkBoxes(form));
    var chosen = boxes.filter(function (box) { return box.checked; }).length;
    var all = form.querySelector("[data-bulk-all]");
    var page = document.querySelector("[data-bulk-page]");
    if (page) {
      page.checked = boxes.length > 0 && chosen === boxes.length;
      page.indeterminate = chosen > 0 && chosen < boxes.length;
    }
    var count = form.querySelector("[data-bulk-count]");
    if (count) {
      if (all && all.checked) count.textContent = form.getAttribute("data-all-chosen");
      else if (chosen) count.textContent = form.getAttribute("data-some-chosen").replace("__COUNT__", chosen);
      else count.textContent = form.getAttribute("data-none-chosen");
    }
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = document.getElementById("bulk-form");
    if (!form) return;
    if (target.matches("[data-bulk-page]")) {
      bulkBoxes(form).forEach(function (box) { box.checked = target.checked; });
    }
    if (target.matches("[data-bulk-page], [data-bulk-all]") || target.getAttribute("form") === form.id) {
      syncBulk(form);
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var dialog = event.target.querySelector && event.target.querySelector("dialog[data-open-on-load]");
    if (dialog && typeof dialog.showModal === "function" && !dialog.open) dialog.showModal();
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

  // A picker's search box: Enter searches (it must not submit the form it sits in), and the arrow
  // keys go down into the matches and back up.
  document.addEventListener("keydown", function (event) {
    var search = event.target.closest("[data-picker-search]");
    var picker = event.target.closest("[data-picker]");
    if (!picker) return;
    var options = Array.prototype.slice.call(picker.querySelectorAll(".picker-results input:not([disabled])"));
    if (search && event.key === "Enter") {
      event.preventDefault();
      search.dispatchEvent(new Event("search", { bubbles: true }));
    } else if (search && event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      (options.filter(function (o) { return o.checked; })[0] || options[0]).focus();
    } else if (!search && event.key === "ArrowUp" && options[0] === event.target && event.target.type === "checkbox") {
      event.preventDefault();
      var box = picker.querySelector("[data-picker-search]");
      if (box) box.focus();
    } else if (!search && event.target.type === "checkbox" && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      // Checkboxes, unlike radios, do not move with the arrows by themselves.
      var next = options[options.indexOf(event.target) + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) { event.preventDefault(); next.focus(); }
    }
  });

  // A Copy button beside a value shown once (a new API token): the clipboard, and a spoken result.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.id + "-status");
    if (!source) return;
    function say(text) { if (status) status.textContent = text; }
    if (!navigator.clipboard) {
      source.select();
      say(button.getAttribute("data-copy-failed"));
      return;
    }
    navigator.clipboard.writeText(source.value).then(
      function () { say(button.getAttribute("data-copied")); },
      function () { source.select(); say(button.getAttribute("data-copy-failed")); }
    );
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) event.target.select();
  });

  // A dialog whose content htmx loads (a restore's confirmation: what will change) opens once it arrived.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var dialog = target && target.closest && target.closest("dialog[data-open-on-swap]");
    if (dialog && !dialog.open && typeof dialog.showModal === "function") dialog.showModal();
  });

  function enhance(root) {
    root.querySelectorAll("[data-enables]").forEach(syncEnables);
    // A refused form (a full page or an htmx swap): the focus goes to the error summary, so a
    // keyboard or screen-reader user hears what is wrong first (GOV.UK error summary).
    var summary = root.querySelector ? root.querySelector("[data-error-summary]") : null;
    if (!summary && root.matches && root.matches("[data-error-summary]")) summary = root;
    if (summary) summary.focus();
  }
  // A link in the error summary moves the focus to its field, its label in view above it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var field = target.closest(".field, .cell, fieldset, section") || target;
    field.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  });
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
