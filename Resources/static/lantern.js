// Lantern's small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader users hear what went wrong (GOV.UK pattern).
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
})();
