/* Small progressive enhancements; every page works without them. */
(function () {
  "use strict";
  // With a script, a <select data-autosubmit> (the language menu) acts as soon as it changes: its form's button,
  // there for visitors without scripts, is hidden by the stylesheet under `.js`.
  document.documentElement.classList.add("js");
  // A table wider than a phone scrolls in its own box (site.css): it takes the keyboard's focus then, so that it
  // can be scrolled without a mouse.
  function focusableWhenScrolling() {
    document.querySelectorAll("main table").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); }
    });
  }
  document.addEventListener("DOMContentLoaded", focusableWhenScrolling);
  window.addEventListener("resize", focusableWhenScrolling);
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
  });
})();
