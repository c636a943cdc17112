/* Project maps. The catalogue map fits the box the page gives (data-bounds), then asks the server for the
   points inside the view (compact GeoJSON, same filters as the list, again on every move) and groups them on
   a pixel grid, so 10,000 projects draw as a few dozen markers; when the view holds too many points the server
   sends them already grouped on a grid of the same size (features with `n`).
   The project page map draws one location. Without JavaScript both pages keep their lists and text. */
(function () {
  "use strict";
  var CELL = 64; /* grid cell in screen pixels */

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function baseMap(el) {
    var rtl = document.documentElement.dir === "rtl";
    var map = L.map(el, { zoomControl: false });
    L.control.zoom({ position: rtl ? "topright" : "topleft", zoomInTitle: el.dataset.zoomIn || "+", zoomOutTitle: el.dataset.zoomOut || "-" }).addTo(map);
    map.attributionControl.setPosition(rtl ? "bottomleft" : "bottomright");
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (el.dataset.tiles) { L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map); }
    map.setView([34.0, 9.5], 6);
    el.madinaMap = map;
    return map;
  }

  /* Group points falling in the same grid cell at the current zoom; returns [{lat, lng, count, items}]. A feature
     with `n` stands for n projects the server already grouped (an area holding too many points). */
  function cluster(map, features) {
    var cells = {};
    features.forEach(function (f) {
      var c = f.geometry.coordinates;
      var n = f.properties.n || 1;
      var p = map.project([c[1], c[0]], map.getZoom());
      var k = Math.floor(p.x / CELL) + ":" + Math.floor(p.y / CELL);
      var cell = cells[k] || (cells[k] = { lat: 0, lng: 0, count: 0, items: [] });
      cell.lat += c[1] * n; cell.lng += c[0] * n; cell.count += n; cell.items.push(f);
    });
    return Object.keys(cells).map(function (k) {
      var cell = cells[k];
      return { lat: cell.lat / cell.count, lng: cell.lng / cell.count, count: cell.count, items: cell.items };
    });
  }

  function catalogueMap(el) {
    var map = baseMap(el);
    var layer = L.layerGroup().addTo(map);
    var url = el.dataset.points;
    var sep = url.indexOf("?") === -1 ? "?" : "&";
    var clusterLabel = el.dataset.clusterLabel || "";
    var detailUrl = el.dataset.detail;
    var pending = null;
    var features = [];

    function draw() {
      layer.clearLayers();
      cluster(map, features).forEach(function (c) {
        var marker;
        if (c.count === 1) {
          var f = c.items[0];
          marker = L.circleMarker([c.lat, c.lng], { radius: 7, color: "#07503a", fillColor: "#2fb380", fillOpacity: 0.9 });
          marker.bindPopup('<a href="' + escapeHtml(detailUrl.replace(/0\/$/, encodeURIComponent(f.id) + "/")) + '">' + escapeHtml(f.properties.t) + "</a>");
        } else {
          var size = c.count < 100 ? 30 : c.count < 1000 ? 38 : 46;
          marker = L.marker([c.lat, c.lng], {
            icon: L.divIcon({ className: "cluster-marker", html: "<span>" + c.count + "</span>", iconSize: [size, size] }),
            title: c.count + " " + clusterLabel, alt: c.count + " " + clusterLabel, keyboard: true
          });
          marker.on("click", function () { map.setView([c.lat, c.lng], Math.min(map.getZoom() + 2, 18)); });
        }
        layer.addLayer(marker);
      });
    }

    /* Only the points of the visible area (padded so a small pan needs no new request) are fetched; a crowded
       area comes back already grouped by grid cell. */
    function load() {
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var bounds = map.getBounds();
      /* The grid size in degrees, should the server have to group the points of a crowded area itself. */
      var cell = CELL * (bounds.getEast() - bounds.getWest()) / Math.max(map.getSize().x, 1);
      var query = "bbox=" + bounds.pad(0.2).toBBoxString() + "&cell=" + cell.toFixed(6);
      fetch(url + sep + query, { signal: pending.signal, headers: { Accept: "application/geo+json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) {
          features = data.features || [];
          draw();
          el.dispatchEvent(new CustomEvent("madina:map-ready", { bubbles: true, detail: { map: map, count: features.length } }));
        })
        .catch(function () { /* a failed or cancelled load keeps the previous markers */ });
    }

    /* The server gives the box around the matching projects ("west,south,east,north"), so the first view fits
       them without downloading every point of the country first; no box means no located project. */
    var box = (el.dataset.bounds || "").split(",").map(Number);
    if (box.length === 4 && box.every(isFinite)) {
      map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { padding: [20, 20], maxZoom: 14, animate: false });
    }
    map.on("moveend", load);
    load();
  }

  function locationMap(el) {
    var map = baseMap(el);
    var data = document.getElementById("project-geometry");
    if (!data) { return; }
    var layer = L.geoJSON(JSON.parse(data.textContent), {
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 9, color: "#07503a", fillColor: "#2fb380", fillOpacity: 0.9 }); },
      style: { color: "#0b6e4f", weight: 2, fillColor: "#2fb380", fillOpacity: 0.35 }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 15 });
  }

  function start() {
    document.querySelectorAll(".project-map[data-points]").forEach(catalogueMap);
    document.querySelectorAll(".project-location").forEach(locationMap);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
