/* Place names to orient by on the offline basemap (incidents/maps/basemap.py calls
 * IncidentMap.placeLabels); loaded after incident_layer.js (IncidentLayer.browser_code). Names are
 * set as text, never as markup. */
(function () {
  "use strict";
  if (!window.IncidentMap || window.IncidentMap.placeLabels) return;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  /* Country and town names on the offline basemap (basemap.py): a town from its zoom on (styles.json
   * `label_zoom`), with a dot on its point. After each drawing of the incidents ("incidentsdrawn")
   * every label takes the first place round its point (right, left, above, below; close, then far
   * enough to clear a group on the point) that no marker, group and earlier label covers; when none
   * is free it stays where no label covers it, and a name no place can take is left out (countries
   * first, then by zoom: cities before towns). */
  var LABEL_GAP = 5;

  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  function markerBoxes(map) {
    var origin = map.getContainer().getBoundingClientRect();
    var boxes = [];
    map.getContainer().querySelectorAll(".incident-icon, .incident-cluster-icon").forEach(function (node) {
      var r = node.getBoundingClientRect();
      if (r.width) boxes.push({ x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height });
    });
    return boxes;
  }

  // Where a label may stand round its point: close by first, then far enough to clear a marker or
  // a group drawn on the point (22-52 px wide), right and left before above and below.
  var LABEL_GAPS = [LABEL_GAP, 24, 34];

  function labelSpots(p, w, h, country) {
    if (country) return [{ x: p.x - w / 2, y: p.y - h / 2 }, { x: p.x - w / 2, y: p.y - h - 24 }, { x: p.x - w / 2, y: p.y + 24 }];
    var spots = [];
    LABEL_GAPS.forEach(function (gap) {
      spots.push(
        { x: p.x + gap, y: p.y - h / 2 }, { x: p.x - gap - w, y: p.y - h / 2 },
        { x: p.x - w / 2, y: p.y - h - gap }, { x: p.x - w / 2, y: p.y + gap }
      );
    });
    return spots;
  }

  function placeLabels(map, towns, countries) {
    var pane = map.getPane("placeLabels") || map.createPane("placeLabels");
    pane.style.zIndex = 550;  // above the basemap, below the markers (which stay clickable)
    pane.style.pointerEvents = "none";
    var items = (countries || []).map(function (c) { return { name: c[0], at: L.latLng(c[1], c[2]), zoom: c[3] || 0, country: true }; })
      .concat(towns.map(function (c) { return { name: c[0], at: L.latLng(c[1], c[2]), zoom: c[3] || 0, country: false }; }));
    items.sort(function (a, b) { return (b.country - a.country) || (a.zoom - b.zoom); });

    function node(item) {
      if (item.node) return item.node;
      item.node = el("div", item.name, "place-label" + (item.country ? " country-label" : ""));
      item.node.dir = "auto";
      if (!item.country) item.dot = pane.appendChild(el("div", null, "place-dot"));
      pane.appendChild(item.node);
      item.w = item.node.offsetWidth;
      item.h = item.node.offsetHeight;
      return item.node;
    }
    function hide(item) {
      if (item.node) item.node.style.display = "none";
      if (item.dot) item.dot.style.display = "none";
    }

    function place() {
      var zoom = map.getZoom();
      var size = map.getSize();
      var markers = markerBoxes(map);
      var taken = [];
      var shown = [];
      items.forEach(function (item) {
        var p = map.latLngToContainerPoint(item.at);
        if (zoom < item.zoom || p.x < -100 || p.y < -50 || p.x > size.x + 100 || p.y > size.y + 50) return hide(item);
        var div = node(item);
        div.style.display = "";
        var spots = labelSpots(p, item.w, item.h, item.country);
        var free = spots.filter(function (s) {
          var box = { x: s.x, y: s.y, w: item.w, h: item.h };
          return !taken.some(function (t) { return overlaps(box, t); });
        });
        if (!free.length) return hide(item);
        var clear = free.filter(function (s) {
          var box = { x: s.x, y: s.y, w: item.w, h: item.h };
          return !markers.some(function (m) { return overlaps(box, m); });
        });
        var spot = clear.length ? clear[0] : free[0];
        var box = { x: spot.x, y: spot.y, w: item.w, h: item.h };
        taken.push(box);
        L.DomUtil.setPosition(div, map.containerPointToLayerPoint([spot.x, spot.y]));
        div.setAttribute("data-under-marker", clear.length ? "0" : "1");
        if (item.dot) {
          item.dot.style.display = "";
          L.DomUtil.setPosition(item.dot, map.latLngToLayerPoint(item.at));
        }
        shown.push({ name: item.name, box: box, zoom: item.zoom, country: item.country, under: !clear.length });
      });
      window.placeLabelInfo = { zoom: zoom, labels: shown };
    }
    map.on("zoomend moveend resize incidentsdrawn", place);
    map.whenReady(place);
  }

  window.IncidentMap.placeLabels = placeLabels;
})();
