/* The large incident layer: tens of thousands of sites sent as packed typed arrays (base64),
 * clustered in the browser with supercluster (a k-d tree per zoom level) and drawn on moveend
 * as canvas circle markers (points) and small count badges (clusters). Only what is in view is
 * drawn, so painting costs the same at 1,000 and 100,000 incidents. Tooltips are built only for
 * the points drawn; a point's tooltip carries a hidden "[incident:ID]" so a click selects the
 * incident in the app (streamlit-folium returns the clicked layer's tooltip text).
 * With cluster=0 the cluster radius shrinks to 12 px instead of drawing every point: 100,000
 * separate markers would freeze the page. */
(function () {
  "use strict";
  if (window.LargeIncidents) return;

  function decode(b64, Type) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  }

  var TYPES = { i32: Int32Array, u16: Uint16Array, u32: Uint32Array };

  function unpack(data) {
    var cols = {};
    Object.keys(data.columns).forEach(function (name) {
      var col = data.columns[name];
      cols[name] = decode(col.data, TYPES[col.type]);
    });
    var ids = data.ids;
    var incidentId;
    if (ids.prefix !== undefined) {
      var nums = decode(ids.numbers.data, TYPES[ids.numbers.type]);
      incidentId = function (k) { return ids.prefix + nums[cols.incident ? cols.incident[k] : k]; };
    } else {
      incidentId = function (k) { return ids.list[cols.incident ? cols.incident[k] : k]; };
    }
    return { cols: cols, incidentId: incidentId };
  }

  /* A plain grid index with supercluster's interface, used only if the supercluster script is
   * missing (npm assets not installed): correct, but it scans every point on each move. */
  function GridIndex(options) { this.radius = options.radius; this.maxZoom = options.maxZoom; }
  GridIndex.prototype.load = function (points) { this.points = points; return this; };
  GridIndex.prototype.getClusters = function (bbox, zoom) {
    var size = 256 * Math.pow(2, zoom) / this.radius, cells = {}, out = [];
    for (var k = 0; k < this.points.length; k++) {
      var c = this.points[k].geometry.coordinates;
      if (c[0] < bbox[0] || c[0] > bbox[2] || c[1] < bbox[1] || c[1] > bbox[3]) continue;
      if (zoom > this.maxZoom) { out.push(this.points[k]); continue; }
      var key = Math.floor((c[0] + 180) / 360 * size) + ":" + Math.floor((90 - c[1]) / 180 * size);
      var cell = cells[key] || (cells[key] = { n: 0, x: 0, y: 0, first: this.points[k] });
      cell.n++; cell.x += c[0]; cell.y += c[1];
    }
    Object.keys(cells).forEach(function (key) {
      var cell = cells[key];
      out.push(cell.n === 1 ? cell.first : {
        geometry: { coordinates: [cell.x / cell.n, cell.y / cell.n] },
        properties: { cluster: true, cluster_id: -1, point_count: cell.n },
      });
    });
    return out;
  };
  GridIndex.prototype.getClusterExpansionZoom = function () { return -1; };

  function dayLabel(day) {
    var d = new Date(day * 86400000);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function add(group, data) {
    var esc = window.IncidentMap ? window.IncidentMap.esc : function (s) { return String(s); };
    var lookups = Object.assign({}, window.incidentLookups || {}, data.lookups);
    var packed = unpack(data);
    var cols = packed.cols;
    var n = cols.lat.length;
    var base = data.code_base; // [attackers, types, confidences, location precisions, date precisions]
    var points = new Array(n);
    for (var k = 0; k < n; k++) {
      points[k] = { k: k, geometry: { coordinates: [cols.lon[k] / 1e5, cols.lat[k] / 1e5] }, properties: null };
    }
    var Index = window.Supercluster || GridIndex;
    var t0 = performance.now();
    var index = new Index({ radius: data.options.cluster ? 60 : 12, maxZoom: 14, minPoints: 3 }).load(points);
    var indexMs = performance.now() - t0;

    function codes(k) {
      var code = cols.code[k];
      var dp = code % base[4]; code = (code - dp) / base[4];
      var lp = code % base[3]; code = (code - lp) / base[3];
      var c = code % base[2]; code = (code - c) / base[2];
      var t = code % base[1];
      var a = (code - t) / base[1];
      return { a: a, t: t, c: c, lp: lp, dp: dp };
    }

    function tooltip(k, x) {
      var id = packed.incidentId(k);
      var start = cols.day[k], span = cols.span[k];
      var when = span ? "between " + dayLabel(start) + " and " + dayLabel(start + span) : dayLabel(start);
      var killed = cols.killed[k] === 65535 ? "" : " · killed: " + cols.killed[k];
      return (
        "<b>" + esc(lookups.types[x.t].label) + "</b> · " + esc(lookups.attackers[x.a].label) +
        " (" + esc(lookups.confidences[x.c].label.toLowerCase()) + ")<br>" + esc(when) + " · " +
        esc(data.places[cols.place[k]]) + " (" + esc(data.location_precisions[x.lp]) + ")" + esc(killed) +
        '<span style="display:none">[incident:' + esc(id) + "]</span>"
      );
    }

    var drawn = L.featureGroup().addTo(group);
    var chosen = L.featureGroup().addTo(group);
    var map = null;
    var info = { markers: 0, clusters: 0, incidents: data.n_incidents, sites: n, index_ms: indexMs };

    function clusterIcon(count) {
      var size = count < 10 ? 26 : count < 100 ? 32 : count < 1000 ? 38 : 44;
      var text = count < 10000 ? String(count) : Math.round(count / 1000) + "k";
      return L.divIcon({
        html: "<div><span>" + text + "</span></div>",
        className: "marker-cluster large-cluster " + (count < 100 ? "marker-cluster-small" : count < 1000 ? "marker-cluster-medium" : "marker-cluster-large"),
        iconSize: [size, size],
      });
    }

    function render() {
      if (!map) return;
      var b = map.getBounds().pad(0.25);
      var zoom = Math.round(map.getZoom());
      var items = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
      drawn.clearLayers();
      var markers = 0, clusters = 0;
      items.forEach(function (item) {
        var c = item.geometry.coordinates;
        if (item.properties && item.properties.cluster) {
          clusters++;
          var m = L.marker([c[1], c[0]], { icon: clusterIcon(item.properties.point_count), keyboard: false });
          m.on("click", function () {
            var z = index.getClusterExpansionZoom(item.properties.cluster_id);
            map.setView([c[1], c[0]], z > zoom ? Math.min(z, map.getMaxZoom()) : Math.min(zoom + 2, map.getMaxZoom()));
          });
          drawn.addLayer(m);
        } else {
          markers++;
          var x = codes(item.k);
          var conf = lookups.confidences[x.c];
          var dot = L.circleMarker([c[1], c[0]], {
            radius: 6,
            color: conf.stroke,
            weight: 1.2,
            dashArray: conf.dash || null,
            fillColor: lookups.attackers[x.a].color,
            fillOpacity: conf.fill_opacity,
          });
          dot.bindTooltip(tooltip(item.k, x), { direction: "top" });
          dot.incidentId = packed.incidentId(item.k);
          drawn.addLayer(dot);
        }
      });
      info.markers = markers;
      info.clusters = clusters;
      info.zoom = zoom;
      window.incidentLayerInfo = Object.assign({}, info);
    }

    function drawSelected() {
      var sel = data.selected;
      if (!sel) return;
      sel.sites.forEach(function (s) {
        if (s[2] > 0) {
          chosen.addLayer(L.circle([s[0], s[1]], { radius: s[2], color: "#000", weight: 2, dashArray: "4,4", fillOpacity: 0.08, interactive: false }));
        }
        var dot = L.circleMarker([s[0], s[1]], { radius: 9, color: "#000", weight: 3, fillColor: s[3], fillOpacity: 0.95 });
        dot.bindTooltip("<b>" + esc(sel.title) + '</b><span style="display:none">[incident:' + esc(sel.id) + "]</span>", { direction: "top" });
        chosen.addLayer(dot);
      });
    }

    if (data.options.heat && L.heatLayer && n) {
      var heat = new Array(n);
      for (var h = 0; h < n; h++) heat[h] = [cols.lat[h] / 1e5, cols.lon[h] / 1e5];
      group.addLayer(L.heatLayer(heat, { radius: 18, blur: 15, maxZoom: 11 }));
    }
    drawSelected();
    group.on("add", function (e) {
      map = e.target._map;
      map.on("moveend", render);
      render();
    });
    group.on("remove", function () {
      if (map) map.off("moveend", render);
      map = null;
    });
    return group;
  }

  window.LargeIncidents = { add: add };
})();
