/* Madina maps: each <div class="map" data-layers="kind:url ..."> gets a Leaflet map.
   Outlines come from the app's own GeoJSON, so the country still draws when tiles cannot load. */
(function () {
  "use strict";
  var STYLES = {
    outline: { color: "#52606d", weight: 1, fillColor: "#cbd2d9", fillOpacity: 0.25 },
    area: { color: "#0b6e4f", weight: 2, fillColor: "#2fb380", fillOpacity: 0.35 },
    highlight: { color: "#b44d12", weight: 3, fillColor: "#f0b429", fillOpacity: 0.3 },
    route: { color: "#b44d12", weight: 3, opacity: 0.85 }
  };

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popupFor(feature) {
    var p = feature.properties || {};
    var title = escapeHtml(p.name || "");
    if (p.url) { title = '<a href="' + escapeHtml(p.url) + '">' + title + "</a>"; }
    var lines = [title];
    if (p.subtitle) { lines.push(escapeHtml(p.subtitle)); }
    if (p.area_ha != null) { lines.push(escapeHtml(Number(p.area_ha).toLocaleString(document.documentElement.lang || undefined)) + "\u00a0ha"); }
    return lines.join("<br>");
  }

  function pointLayer(data, withRoute) {
    var group = L.featureGroup();
    var lines = {}, keys = [];  // a route per team (properties.team), drawn in the team's colour
    (data.features || []).forEach(function (feature) {
      if (!feature.geometry || feature.geometry.type !== "Point") { return; }
      var c = feature.geometry.coordinates;
      var latlng = L.latLng(c[1], c[0]);
      var p = feature.properties || {};
      var key = p.team == null ? "" : String(p.team);
      if (!lines[key]) { lines[key] = { latlngs: [], color: p.colour }; keys.push(key); }
      lines[key].latlngs.push(latlng);
      var label = feature.properties && feature.properties.order;
      var marker = label != null
        ? L.marker(latlng, {
            icon: L.divIcon({ className: "stop-marker", html: "<span>" + escapeHtml(label) + "</span>", iconSize: [26, 26] }),
            title: (feature.properties && feature.properties.name) || "",
            alt: (feature.properties && feature.properties.name) || "",
            keyboard: true
          })
        : L.circleMarker(latlng, { radius: 7, color: "#0b6e4f", fillColor: "#2fb380", fillOpacity: 0.9 });
      marker.bindPopup(popupFor(feature));
      group.addLayer(marker);
    });
    keys.forEach(function (key) {
      var line = lines[key];
      if (!withRoute || line.latlngs.length < 2) { return; }
      group.addLayer(L.polyline(line.latlngs, L.extend({}, STYLES.route, line.color ? { color: line.color } : {})));
    });
    return group;
  }

  function load(map, kind, url) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      })
      .then(function (data) {
        var layer;
        if (kind === "point" || kind === "route") {
          layer = pointLayer(data, kind === "route");
        } else {
          layer = L.geoJSON(data, {
            style: STYLES[kind] || STYLES.outline,
            onEachFeature: function (feature, l) { if (feature.properties && feature.properties.name) { l.bindPopup(popupFor(feature)); } }
          });
        }
        layer.addTo(map);
        return { kind: kind, layer: layer };
      });
  }

  function init(el) {
    var rtl = document.documentElement.dir === "rtl";
    var map = L.map(el, { zoomControl: false, attributionControl: true });
    L.control.zoom({
      position: rtl ? "topright" : "topleft",
      zoomInTitle: el.dataset.zoomIn || "+",
      zoomOutTitle: el.dataset.zoomOut || "-"
    }).addTo(map);
    map.attributionControl.setPosition(rtl ? "bottomleft" : "bottomright");
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    map.setView([34.0, 9.5], 6); /* Tunisia, until the layers say better */
    var specs = (el.dataset.layers || "").split(/\s+/).filter(Boolean).map(function (spec) {
      var i = spec.indexOf(":");
      return { kind: spec.slice(0, i), url: spec.slice(i + 1) };
    });
    Promise.all(specs.map(function (s) { return load(map, s.kind, s.url).catch(function () { return null; }); }))
      .then(function (loaded) {
        var drawn = loaded.filter(function (x) {
          return x && x.layer.getBounds && x.layer.getBounds().isValid();
        });
        /* Fit what the page is about (areas, points); outlines are context, unless they are all there is or
           the page asks for every layer (data-fit="all": a municipality with its perimeters inside). */
        var focus = el.dataset.fit === "all" ? drawn : drawn.filter(function (x) { return x.kind !== "outline"; });
        var bounds = L.latLngBounds([]);
        (focus.length ? focus : drawn).forEach(function (x) { bounds.extend(x.layer.getBounds()); });
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 }); }
        el.dispatchEvent(new CustomEvent("madina:map-ready", {
          bubbles: true,
          detail: { map: map, layers: loaded.filter(Boolean) }
        }));
      });
    el.madinaMap = map;
  }

  /* Start once the whole document and every deferred script ran, so that plugins loaded after this file
     (Leaflet-Geoman for the perimeter editor) hook into the maps as they are created. */
  var started = false;
  function start() {
    if (started) { return; }
    started = true;
    document.querySelectorAll(".map[data-layers]").forEach(init);
  }
  if (document.readyState === "complete") { start(); } else {
    document.addEventListener("DOMContentLoaded", start);
    window.addEventListener("load", start);
  }
})();
