// The map of the places (places/place_map.html): Leaflet, served by the app, draws the markers
// given as JSON in the page; tiles come from the configured server (COMPTOIR_MAP_TILES_URL).
// Without JavaScript the map stays hidden and the list below it says the same.
(function () {
  "use strict";

  function draw() {
    var box = document.getElementById("place-map");
    var data = document.getElementById("place-map-data");
    if (!box || !data || !window.L) {
      return;
    }
    var places = JSON.parse(data.textContent);
    box.hidden = false;
    var map = window.L.map(box, { scrollWheelZoom: false });
    window.L.tileLayer(box.dataset.tiles, {
      maxZoom: 19,
      attribution: box.dataset.attribution,
    }).addTo(map);
    var points = [];
    places.forEach(function (place) {
      var marker = window.L.marker([place.lat, place.lng], {
        title: place.name,
        alt: place.name,
        keyboard: true,
      }).addTo(map);
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = place.url;
      link.textContent = place.name;
      var address = document.createElement("p");
      address.textContent = place.address;
      popup.appendChild(link);
      popup.appendChild(address);
      marker.bindPopup(popup);
      points.push([place.lat, place.lng]);
    });
    if (points.length) {
      map.fitBounds(points, { padding: [30, 30], maxZoom: 15 });
    } else {
      map.setView([46.6, 2.4], 5);
    }
    box.classList.add("is-drawn");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
