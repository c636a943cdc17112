/* Choosing municipalities on the map: a click on an outline ticks or unticks the same box as in the list below,
   and ticked municipalities are drawn highlighted. Without JavaScript the list alone does the job. */
(function () {
  "use strict";
  var ON = { color: "#b44d12", weight: 2, fillColor: "#f0b429", fillOpacity: 0.55 };
  var OFF = { color: "#52606d", weight: 1, fillColor: "#cbd2d9", fillOpacity: 0.25 };

  document.addEventListener("madina:map-ready", function (event) {
    var wrap = event.target.closest(".picker-map-wrap");
    if (!wrap) { return; }
    var byslug = {};
    event.detail.layers.forEach(function (entry) {
      entry.layer.eachLayer(function (layer) {
        var slug = layer.feature && layer.feature.properties && layer.feature.properties.slug;
        var box = slug && document.querySelector('input[name=municipality][data-slug="' + slug + '"]');
        if (!box) { return; }
        byslug[slug] = layer;
        layer.unbindPopup();
        layer.bindTooltip(layer.feature.properties.name || slug, { sticky: true });
        layer.setStyle(box.checked ? ON : OFF);
        layer.on("click", function () {
          box.checked = !box.checked;
          layer.setStyle(box.checked ? ON : OFF);
        });
        box.addEventListener("change", function () { layer.setStyle(box.checked ? ON : OFF); });
      });
    });
  });
  /* Deferred: the page is parsed, and map.js has not drawn yet (it waits for DOMContentLoaded). */
  document.querySelectorAll(".picker-map-wrap").forEach(function (el) { el.hidden = false; });
})();
