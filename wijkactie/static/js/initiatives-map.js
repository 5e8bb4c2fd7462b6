// The initiatives map: reads the same filtered GeoJSON as the list, clusters the markers.
// Without JavaScript (or without tiles) the list below the map says everything the map says.
(function () {
  "use strict";
  var element = document.getElementById("kaart");
  if (!element || !window.L) { return; }
  element.setAttribute("role", "region");
  element.setAttribute("aria-label", element.dataset.label);
  // No fades or zoom animations: calmer, and nothing is half-transparent when it is read.
  var map = L.map(element, {
    scrollWheelZoom: false, fadeAnimation: false, zoomAnimation: false, markerZoomAnimation: false
  }).setView([52.2, 5.3], 7);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
  }).addTo(map);
  var cluster = L.markerClusterGroup();
  map.addLayer(cluster);
  fetch(element.dataset.geojson, { headers: { "Accept": "application/geo+json" }, credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        onEachFeature: function (feature, marker) {
          var link = document.createElement("a");
          link.href = feature.properties.url;
          link.textContent = feature.properties.name;
          var text = document.createElement("div");
          text.appendChild(link);
          var meta = document.createElement("p");
          meta.textContent = element.dataset.phaseLabel + " " + feature.properties.phase +
            (feature.properties.themes.length ? " · " + feature.properties.themes.join(", ") : "");
          text.appendChild(meta);
          marker.bindPopup(text);
          marker.options.title = feature.properties.name;
          marker.options.alt = feature.properties.name;
        }
      });
      cluster.addLayer(layer);
      element.dataset.count = String(data.features.length);
      if (data.features.length) { map.fitBounds(cluster.getBounds(), { maxZoom: 15, padding: [20, 20] }); }
    })
    .catch(function () { element.dataset.count = "error"; });
}());
