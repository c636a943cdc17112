/* Draw or edit an area on a Madina map with Leaflet-Geoman; the shape fills a GeoJSON form field.
   Markup: <div class="map perimeter-editor" data-layers="outline:URL" data-editor-field="FIELD-ID"
   data-editor-words="{% map_editor_words %}"> plus a
   <textarea id="FIELD-ID"> inside its .form-row. Without JavaScript the textarea and a file input do the job. */
(function () {
  "use strict";

  function polygonsOf(geometry) {
    if (!geometry) { return []; }
    if (geometry.type === "Polygon") { return [geometry.coordinates]; }
    if (geometry.type === "MultiPolygon") { return geometry.coordinates; }
    if (geometry.type === "Feature") { return polygonsOf(geometry.geometry); }
    if (geometry.type === "FeatureCollection") {
      return (geometry.features || []).reduce(function (all, f) { return all.concat(polygonsOf(f.geometry)); }, []);
    }
    return [];
  }

  function parse(text) {
    try { return text ? JSON.parse(text) : null; } catch (e) { return null; }
  }

  function setUp(el, map) {
    var field = document.getElementById(el.dataset.editorField);
    if (!field || !map.pm) { return; }
    var form = field.form;
    var row = field.closest(".form-row");
    /* The field stays in the form (the map fills it); shown again only to display an error about it. */
    if (row && !row.querySelector(".errorlist")) { row.style.display = "none"; }
    form.querySelectorAll(".perimeter-editor-help").forEach(function (help) { help.hidden = false; });

    var shapes = L.featureGroup().addTo(map);
    var style = { color: "#0b6e4f", weight: 2, fillColor: "#2fb380", fillOpacity: 0.35 };

    function write() {
      var polygons = [];
      shapes.eachLayer(function (layer) { polygons = polygons.concat(polygonsOf(layer.toGeoJSON())); });
      field.value = polygons.length === 0 ? ""
        : JSON.stringify(polygons.length === 1
          ? { type: "Polygon", coordinates: polygons[0] }
          : { type: "MultiPolygon", coordinates: polygons });
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function adopt(layer) {
      layer.setStyle && layer.setStyle(style);
      shapes.addLayer(layer);
      layer.on("pm:edit pm:dragend pm:cut", write);
    }

    var existing = parse(field.value);
    if (existing) {
      polygonsOf(existing).forEach(function (rings) {
        adopt(L.GeoJSON.geometryToLayer({ type: "Polygon", coordinates: rings }));
      });
      if (shapes.getBounds().isValid()) { map.fitBounds(shapes.getBounds(), { padding: [30, 30], maxZoom: 17 }); }
    }

    /* The tools' words come from the site's catalogues (data-editor-words), English for any word left out. */
    var words = parse(el.dataset.editorWords);
    if (words) { map.pm.setLang("madina", words, "en"); }
    map.pm.addControls({
      position: document.documentElement.dir === "rtl" ? "topright" : "topleft",
      drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawCircle: false, drawText: false,
      drawRectangle: true, drawPolygon: true, editMode: true, dragMode: true, cutPolygon: false,
      removalMode: true, rotateMode: false
    });
    /* Geoman titles the button's container, not the link itself: give each link its accessible name. */
    el.querySelectorAll(".leaflet-pm-toolbar [title]").forEach(function (container) {
      var button = container.querySelector(".leaflet-buttons-control-button");
      if (button) { button.setAttribute("aria-label", container.getAttribute("title")); }
    });
    map.pm.setGlobalOptions({ allowSelfIntersection: false, pathOptions: style });
    map.on("pm:create", function (e) { adopt(e.layer); write(); });
    map.on("pm:remove", function (e) { shapes.removeLayer(e.layer); write(); });
    el.dataset.editorReady = "true";
  }

  document.addEventListener("madina:map-ready", function (event) {
    var el = event.target;
    if (el.classList && el.classList.contains("perimeter-editor")) { setUp(el, event.detail.map); }
  });
})();
