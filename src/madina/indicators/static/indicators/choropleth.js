/* Colours the indicator page's outline map by class (the page's #choropleth-classes: {slug: class 0-4}); the
   ranking table beside it holds the same figures without JavaScript. */
(function () {
  "use strict";
  var COLOURS = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];
  document.addEventListener("madina:map-ready", function (event) {
    var data = document.getElementById("choropleth-classes");
    if (!data) { return; }
    var classes = JSON.parse(data.textContent);
    event.detail.layers.forEach(function (loaded) {
      if (!loaded.layer.eachLayer) { return; }
      loaded.layer.eachLayer(function (shape) {
        var slug = shape.feature && shape.feature.properties && shape.feature.properties.slug;
        var k = classes[slug];
        shape.setStyle(k === undefined
          ? { fillColor: "#ffffff", fillOpacity: 0.2, weight: 0.5, color: "#9aa5b1" }
          : { fillColor: COLOURS[k], fillOpacity: 0.85, weight: 0.5, color: "#52606d" });
      });
    });
  });
}());
