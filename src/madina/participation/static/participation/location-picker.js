/* Click the map to fill the latitude and longitude fields; typing in them moves the marker.
   Without JavaScript the two fields are the whole control. */
(function () {
  "use strict";
  document.addEventListener("madina:map-ready", function (event) {
    var el = event.target;
    var form = el.closest("form");
    if (!form || !form.querySelector("#id_latitude")) { return; }
    var map = event.detail.map;
    var lat = form.querySelector("#id_latitude");
    var lon = form.querySelector("#id_longitude");
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { keyboard: false }).addTo(map); }
    }
    function fromFields() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isFinite(a) && isFinite(b)) { place(L.latLng(a, b)); }
    }
    /* On a picking map a click places the point; the outline's name popup would swallow it. */
    map.eachLayer(function (layer) { if (layer.getPopup && layer.getPopup()) { layer.unbindPopup(); } });
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      place(e.latlng);
    });
    lat.addEventListener("change", fromFields);
    lon.addEventListener("change", fromFields);
    fromFields();
    el.dataset.picker = "ready";
    if (marker) { map.setView(marker.getLatLng(), Math.max(map.getZoom(), 14)); }
  });
})();
