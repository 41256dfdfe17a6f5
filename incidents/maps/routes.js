/* Routes: an incident's origin and destination joined by a line with an arrow pointing to the
 * destination (incidents/maps/routes.py sends the pairs of sites). Drawn with an SVG renderer,
 * so the line and the arrow are elements of the page: the "save picture" PNG keeps them and a
 * test can find them. The arrow sits half-way, so it never hides the destination's marker. */
(function () {
  "use strict";

  // The angle of a→b on the screen, in degrees clockwise from east. Web Mercator keeps angles,
  // so it is the same at every zoom level.
  function angle(a, b) {
    var p = L.CRS.EPSG3857.project(L.latLng(a));
    var q = L.CRS.EPSG3857.project(L.latLng(b));
    return (Math.atan2(-(q.y - p.y), q.x - p.x) * 180) / Math.PI;
  }

  function middle(a, b) {
    var p = L.CRS.EPSG3857.project(L.latLng(a));
    var q = L.CRS.EPSG3857.project(L.latLng(b));
    return L.CRS.EPSG3857.unproject(L.point((p.x + q.x) / 2, (p.y + q.y) / 2));
  }

  function arrowIcon(color, degrees) {
    // display:block: an inline SVG would sit on the text's baseline, off the line's axis.
    var html =
      '<svg class="incident-route-arrow" width="24" height="24" viewBox="-12 -12 24 24" aria-hidden="true"' +
      ' style="display: block; transform: rotate(' + degrees.toFixed(1) + 'deg)">' +
      '<path d="M -9 -8 L 11 0 L -9 8 L -4 0 z" fill="' + IncidentMap.esc(color) + '" stroke="#fff" stroke-width="1.5"/></svg>';
    return L.divIcon({ html: html, className: "incident-route-arrow-icon", iconSize: [24, 24], iconAnchor: [12, 12] });
  }

  // The legend says what a line with an arrow is, once, when a route is on the map.
  function legendNote(map, text) {
    var details = map.getContainer().querySelector(".incident-legend details");
    if (!details || details.querySelector(".route-note")) return;
    var note = document.createElement("div");
    note.className = "legend-note route-note";
    note.textContent = text;
    details.appendChild(note);
  }

  // `routes`: [origin site, destination site] pairs; `d`: the incident layer's unpacked data;
  // `t(key, fallback)`: the map's words in the page's language. Returns how many were drawn.
  function draw(group, routes, d, t) {
    if (!routes || !routes.length) return 0;
    function label(from, to) {
      return t("route", "Route: from {from} to {to}").replace("{from}", from).replace("{to}", to);
    }
    group.on("add", function (e) {
      legendNote(e.target._map, t("route_note", "Line with an arrow: a route, from where it came to where it went."));
    });
    var renderer = L.svg({ padding: 0.5 });
    var layer = L.featureGroup().addTo(group);
    routes.forEach(function (pair) {
      var a = [d.lat(pair[0]), d.lon(pair[0])];
      var b = [d.lat(pair[1]), d.lon(pair[1])];
      var i = d.of(pair[0]);
      var color = d.attacker(i).color;
      var name = label(d.place(pair[0]), d.place(pair[1]));
      var line = L.polyline([a, b], {
        color: color, weight: 2.5, opacity: 0.85, renderer: renderer,
        className: "incident-route", interactive: false,
      });
      line.on("add", function () {
        var path = line.getElement();
        if (!path) return;
        path.setAttribute("data-incident", d.id(i));
        path.setAttribute("role", "img");
        path.setAttribute("aria-label", name);
      });
      layer.addLayer(line);
      layer.addLayer(L.marker(middle(a, b), {
        icon: arrowIcon(color, angle(a, b)), interactive: false, keyboard: false,
      }));
    });
    return routes.length;
  }

  window.IncidentRoutes = { draw: draw, angle: angle };
})();
