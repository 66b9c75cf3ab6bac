// Lantern's small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // Live children-first language check: as the officer types (debounced), list each phrase that
  // can blame a child with its alternatives. The same check runs on submit without JavaScript.
  function languageCheck(field) {
    var panel = document.getElementById(field.getAttribute("data-language-check"));
    var token = document.querySelector("meta[name=csrf-token]");
    if (!panel || !token || !window.fetch) { return; }
    var timer = null;
    var last = null;
    function render(findings) {
      var own = findings.filter(function (f) { return !f.quotation; });
      if (own.length === 0) { if (!panel.querySelector("#language-review")) { panel.innerHTML = ""; } return; }
      var items = own.map(function (f) {
        return "<li><strong>\u201c" + escapeText(f.text) + "\u201d</strong>: " + escapeText(f.reason) +
          " Instead, consider: " + f.suggestions.map(function (s) { return "<q>" + escapeText(s) + "</q>"; }).join(" ") + "</li>";
      }).join("");
      panel.innerHTML = "<div class=\"language-findings\" data-live><p class=\"language-findings__title\">" +
        "These words can blame the child</p><ul>" + items + "</ul></div>";
    }
    function check() {
      var text = field.value;
      if (text === last) { return; }
      last = text;
      fetch("/api/v1/language/check", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token.getAttribute("content") },
        body: JSON.stringify({ text: text })
      }).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) { if (body && field.value === text) { render(body.findings); } })
        .catch(function () { /* the server-side check on submit still applies */ });
    }
    field.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(check, 400);
    });
  }

  // Live queues: fetch the same page every 30 seconds and swap in its queue, so a supervisor's
  // list re-orders itself as clocks run out. Without JavaScript the page shows when it was updated.
  function liveQueue(region) {
    var url = region.getAttribute("data-live-queue");
    if (!url || !window.fetch || !window.DOMParser) { return; }
    setInterval(function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live-queue]");
          if (fresh) { region.innerHTML = fresh.innerHTML; }
        })
        .catch(function () { /* keep the last good list; the next tick tries again */ });
    }, 30000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    // The strategy-meeting pack's Print button (no inline script: the CSP forbids it).
    var printButtons = document.querySelectorAll("[data-print]");
    for (var p = 0; p < printButtons.length; p++) { printButtons[p].addEventListener("click", function () { window.print(); }); }
    var queues = document.querySelectorAll("[data-live-queue]");
    for (var q = 0; q < queues.length; q++) { liveQueue(queues[q]); }
    // Move focus to the error summary so screen-reader users hear what went wrong (GOV.UK pattern).
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
    var fields = document.querySelectorAll("[data-language-check]");
    for (var i = 0; i < fields.length; i++) { languageCheck(fields[i]); }
  });
})();
