/* Small progressive enhancements; every page works without them. */
(function () {
  "use strict";
  // With a script, a <select data-autosubmit> (the language menu) acts as soon as it changes: its form's button,
  // there for visitors without scripts, is hidden by the stylesheet under `.js`.
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
})();
