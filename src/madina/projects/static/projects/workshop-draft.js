/* Keeps the workshop form's draft in this browser's storage, so a reload or a dropped connection loses
   nothing. The form posts normally; without this script it still works, only without the safety net. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  if (!form || !window.localStorage) { return; }
  var key = "madina:" + form.dataset.draftKey;
  var status = form.querySelector(".draft-status");
  var fields = function () {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "file";
    });
  };
  function say(text) { if (status) { status.textContent = text; } }

  if (form.hasAttribute("data-draft-saved")) { localStorage.removeItem(key); }

  function save() {
    var data = {};
    fields().forEach(function (el) { data[el.name] = el.type === "checkbox" ? el.checked : el.value; });
    try { localStorage.setItem(key, JSON.stringify(data)); say(form.dataset.savedText); }
    catch (e) { /* storage full or forbidden: the form still posts */ }
  }

  function restore() {
    var raw = localStorage.getItem(key);
    if (!raw) { return; }
    var data;
    try { data = JSON.parse(raw); } catch (e) { localStorage.removeItem(key); return; }
    var restored = false;
    fields().forEach(function (el) {
      if (!(el.name in data)) { return; }
      if (el.type === "checkbox") { el.checked = !!data[el.name]; } else if (el.value !== data[el.name]) { el.value = data[el.name]; restored = true; }
    });
    if (restored) { say(form.dataset.restoredText); }
  }

  /* After a refused post the page already shows what was typed, with the errors: keep it as it is. */
  if (form.hasAttribute("data-draft-fresh")) { restore(); }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
