/* The incident layer (incidents/maps/incident_layer.py): packed columns in, clustered with
 * supercluster, only what is in view drawn. The same symbols, popups and precision circles at
 * 28 incidents and at 100,000. A cluster's number is the number of distinct incidents with a site
 * in it (supercluster's map/reduce: single-site incidents are counted, multi-site ones collected
 * by id), its ring the attackers' shares of them. Markers and clusters are keyboard-reachable
 * (Leaflet turns Enter into a click) and carry an accessible name. Every text from the records is
 * set with textContent or escaped: record text is data, never markup. */
(function () {
  "use strict";
  if (window.IncidentMap) return;

  function esc(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  var SHAPES = {
    circle: '<circle cx="12" cy="12" r="8"/>',
    triangle: '<polygon points="12,3 21.5,20 2.5,20"/>',
    diamond: '<polygon points="12,2 22,12 12,22 2,12"/>',
    square: '<rect x="4" y="4" width="16" height="16"/>',
    hexagon: '<polygon points="12,2 20.7,7 20.7,17 12,22 3.3,17 3.3,7"/>',
    star: '<polygon points="12,1.5 14.6,8.6 22,8.8 16.2,13.4 18.3,20.8 12,16.5 5.7,20.8 7.8,13.4 2,8.8 9.4,8.6"/>',
    chevron: '<polygon points="3,5 12,11 21,5 21,12 12,19 3,12"/>',
  };

  function svg(shape, color, conf, size, selected) {
    var body = SHAPES[shape] || SHAPES.circle;
    var stroke = selected ? "#000" : conf.stroke;
    var width = selected ? 3 : 1.4;
    return (
      '<svg xmlns="http://www.w3.org/2000/svg" width="' + size + '" height="' + size +
      '" viewBox="0 0 24 24" aria-hidden="true"><g fill="' + esc(color) + '" fill-opacity="' +
      conf.fill_opacity + '" stroke="' + stroke + '" stroke-width="' + width + '"' +
      (conf.dash ? ' stroke-dasharray="' + esc(conf.dash) + '"' : "") + ">" + body + "</g></svg>"
    );
  }

  function icon(shape, color, conf, selected) {
    var size = selected ? 30 : 22;
    return L.divIcon({
      html: svg(shape, color, conf, size, selected),
      className: "incident-icon" + (selected ? " incident-icon-selected" : ""),
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      tooltipAnchor: [size / 2, 0],
      popupAnchor: [0, -size / 2],
    });
  }

  /* The words this script shows, in the page's language (incidents/maps/messages.py, sent in the
   * lookups); English until they arrive. */
  var MESSAGES = {};
  function t(key, fallback, n) {
    var text = MESSAGES[key] || fallback;
    return n == null ? text : text.replace("{n}", String(n));
  }
  function counted(key, fallback, fallbackOne, n) {
    return n === 1 ? t(key + "_one", fallbackOne, n) : t(key, fallback, n);
  }
  function useLanguage(lookups) {
    if (lookups && lookups.messages) MESSAGES = lookups.messages;
    if (lookups && lookups.lang) {
      document.documentElement.lang = lookups.lang;
      document.documentElement.dir = lookups.dir || "ltr";
    }
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  // --- packed columns ---------------------------------------------------------------------------

  var TYPES = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array };

  function decode(col) {
    var bin = atob(col.data);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TYPES[col.type](bytes.buffer);
  }

  /* Everything the layer knows of site k and incident i, as plain functions over typed arrays. */
  function unpack(data, lookups) {
    var cols = {};
    var inc = {};
    Object.keys(data.columns).forEach(function (name) { cols[name] = decode(data.columns[name]); });
    Object.keys(data.incident_columns).forEach(function (name) { inc[name] = decode(data.incident_columns[name]); });
    var ids = data.ids;
    var nums = ids.prefix !== undefined ? decode(ids.numbers) : null;
    var texts = data.texts;
    var d = {
      n: cols.lat.length,
      ni: data.n_incidents,
      lat: function (k) { return cols.lat[k] / 1e5; },
      lon: function (k) { return cols.lon[k] / 1e5; },
      of: function (k) { return cols.incident ? cols.incident[k] : k; },
      id: function (i) { return nums ? ids.prefix + nums[i] : ids.list[i]; },
      style: function (i) { return data.styles[inc.style[i]]; },
      attacker: function (i) { return lookups.attackers[data.styles[inc.style[i]][0]]; },
      // What the colour shows: the attacker, or with `colour=dataset` the incident's dataset.
      colour: function (i) { return colours(lookups)[colourCode(data.styles[inc.style[i]])]; },
      type: function (i) { return lookups.types[data.styles[inc.style[i]][1]]; },
      confidence: function (i) { return lookups.confidences[data.styles[inc.style[i]][2]]; },
      // The outline: the confidence's, or a plain one for an event with no attacker (not a strike),
      // which has no attribution to grade (legend.py `assessed`, styles.json `no_attacker_outline`).
      outline: function (i) { return d.attacker(i).assessed === false ? lookups.no_attacker_outline : d.confidence(i); },
      // Uncertain: drawn with a dashed outline, the share a group's arc shows (legend.uncertain_rows).
      uncertain: function (i) { return d.attacker(i).assessed !== false && !!d.confidence(i).dash; },
      title: function (i) { return texts.title[inc.title[i]]; },
      date: function (i) { return texts.date[inc.date[i]]; },
      claims: function (i) { return texts.claims[inc.claims[i]]; },
      killed: function (i) { return texts.casualties[inc.casualties[i]][0]; },
      injured: function (i) { return texts.casualties[inc.casualties[i]][1]; },
      place: function (k) { return data.places[cols.place[k]]; },
      precision: function (k) { return data.location_precisions[data.wheres[cols.where[k]][0]]; },
      radius: function (k) { return data.wheres[cols.where[k]][1]; },
    };
    var siteCount = new Uint32Array(d.ni);
    for (var k = 0; k < d.n; k++) siteCount[d.of(k)]++;
    d.multi = function (i) { return siteCount[i] > 1; };
    return d;
  }

  /* The colour entries ({slug, label, color, shared}) and a style's code into them: the
   * attackers (style[0]), or the datasets when the app colours by dataset (style[3]). */
  function colours(lookups) { return lookups.colour_by ? lookups.colour_by.entries : lookups.attackers; }
  function colourCode(style) { return style.length > 3 ? style[3] : style[0]; }

  /* The clusters a server aggregated for one area of a large table (incidents/maps/viewport.py):
   * position, distinct incidents, and their counts by attacker and by type ([code, n, ...]). */
  function unpackCells(data) {
    var lat = decode(data.lat);
    var lon = decode(data.lon);
    var count = decode(data.count);
    var uncertain = data.uncertain ? decode(data.uncertain) : null;
    function pairs(list) {
      var out = {};
      for (var p = 0; p < list.length; p += 2) out[list[p]] = list[p + 1];
      return out;
    }
    return {
      n: count.length,
      lat: function (j) { return lat[j] / 1e5; },
      lon: function (j) { return lon[j] / 1e5; },
      counts: function (j) {
        return {
          total: count[j], attackers: pairs(data.attackers[j]), types: pairs(data.types[j]),
          uncertain: uncertain ? uncertain[j] : null,
        };
      },
    };
  }

  // --- what a reader sees of one incident -------------------------------------------------------

  // The attacker with its confidence; an event with no attacker (not a strike) has none to grade.
  function attackerText(d, i) {
    var who = d.attacker(i);
    return who.assessed === false ? who.label : who.label + " (" + d.confidence(i).label.toLowerCase() + ")";
  }

  function popup(d, k, lookups) {
    var i = d.of(k);
    var box = el("div", null, "incident-popup");
    box.appendChild(el("strong", d.title(i))).dir = "auto";
    var rows = [
      [t("date", "Date"), d.date(i)],
      [t("attacker", "Attacker"), attackerText(d, i)],
      [t("who_says", "Who says"), d.claims(i) || t("no_claim", "No claim or attribution reported")],
      [t("type", "Type"), d.type(i).label],
      [t("killed", "Killed"), d.killed(i) || t("not_reported", "not reported")],
      [t("injured", "Injured"), d.injured(i) || t("not_reported", "not reported")],
      [t("place", "Place"), d.place(k) + " (" + d.precision(k) + ")"],
    ];
    var table = el("dl");
    rows.forEach(function (row) {
      table.appendChild(el("dt", row[0]));
      table.appendChild(el("dd", row[1])).dir = "auto";
    });
    box.appendChild(table);
    var link = el("a", t("open_record", "Open the full record"));
    var base = window.location.href;
    try { base = window.parent.location.href; } catch (err) { /* embedded elsewhere */ }
    link.href = new URL(lookups.incident_url + encodeURIComponent(d.id(i)), base).href;
    link.target = "_top";
    box.appendChild(link);
    return box;
  }

  // streamlit-folium returns a clicked layer's tooltip text: the hidden id selects the incident.
  function tooltip(d, i) {
    return (
      "<b>" + esc(d.title(i)) + "</b><br>" + esc(d.date(i)) +
      '<span style="display:none">[incident:' + esc(d.id(i)) + "]</span>"
    );
  }

  function markerName(d, k) {
    var i = d.of(k);
    return d.title(i) + ", " + d.date(i) + ", " + d.place(k) + ": " + attackerText(d, i);
  }

  // --- clusters that count incidents ------------------------------------------------------------

  /* supercluster map/reduce. A single-site incident adds 1 to `n` and to its attacker's and
   * type's counts; a multi-site incident is collected by index in `m`, so it counts once however
   * many of its sites a cluster holds. A point's properties are already what it adds (`map` is
   * the identity, so supercluster copies them before accumulating into them: no object is made
   * per point and zoom level, which cost seconds at 100,000). `m` is never changed in place:
   * supercluster copies cluster properties shallowly. */
  function siteProperties(d, k) {
    var i = d.of(k);
    if (d.multi(i)) return { i: i, n: 0, m: [i] };
    var s = d.style(i);
    var out = { i: i, n: 1 };
    out["a" + colourCode(s)] = 1;
    out["t" + s[1]] = 1;
    if (d.uncertain(i)) out.u = 1;
    return out;
  }

  function clusterFunctions() {
    function map(p) { return p; }
    function reduce(acc, p) {
      for (var key in p) {
        if (key === "i") continue;
        if (key === "m") {
          var merged = acc.m ? acc.m.slice() : [];
          p.m.forEach(function (i) { if (merged.indexOf(i) < 0) merged.push(i); });
          acc.m = merged;
        } else {
          acc[key] = (acc[key] || 0) + p[key];
        }
      }
    }
    return { map: map, reduce: reduce };
  }

  /* Distinct incidents in a cluster, by attacker and by type (positions in the lookups). */
  function clusterCounts(d, props) {
    var attackers = {};
    var types = {};
    Object.keys(props).forEach(function (key) {
      if (/^a\d+$/.test(key)) attackers[key.slice(1)] = props[key];
      if (/^t\d+$/.test(key)) types[key.slice(1)] = props[key];
    });
    var uncertain = props.u || 0;
    (props.m || []).forEach(function (i) {
      var s = d.style(i);
      attackers[colourCode(s)] = (attackers[colourCode(s)] || 0) + 1;
      types[s[1]] = (types[s[1]] || 0) + 1;
      if (d.uncertain(i)) uncertain++;
    });
    return {
      total: (props.n || 0) + (props.m ? props.m.length : 0), attackers: attackers, types: types,
      uncertain: uncertain,
    };
  }

  function clusterName(counts, lookups) {
    var top = null;
    Object.keys(counts.types).forEach(function (t) {
      if (top === null || counts.types[t] > counts.types[top]) top = t;
    });
    var name = counted("group", "{n} incidents", "{n} incident", counts.total);
    var doubt = counts.uncertain ? t("uncertain_part", "{n} with an uncertain attribution", counts.uncertain) : "";
    if (top === null) return doubt ? name + ", " + doubt : name;
    var type = lookups.types[top];
    var how = counts.types[top] === counts.total ? ["all_of", "{group}, all {types}"]
      : counts.types[top] * 2 > counts.total ? ["mostly", "{group}, mostly {types}"]
      : ["most_often", "{group}, most often {types}"];
    name = t(how[0], how[1]).replace("{group}", name).replace("{types}", type.plural);
    return doubt ? name + "; " + doubt : name;
  }

  // A neutral disc ringed by the attackers' shares, so a cluster never reads as one attacker.
  function clusterIcon(counts, lookups) {
    var stops = [];
    var acc = 0;
    Object.keys(counts.attackers).sort().forEach(function (a) {
      var next = acc + (counts.attackers[a] / counts.total) * 360;
      stops.push(colours(lookups)[a].color + " " + acc.toFixed(1) + "deg " + next.toFixed(1) + "deg");
      acc = next;
    });
    var n = counts.total;
    var size = n < 10 ? 34 : n < 100 ? 40 : n < 1000 ? 46 : 52;
    var text = n < 10000 ? String(n) : Math.round(n / 1000) + "k";
    return L.divIcon({
      html: '<div class="incident-cluster" style="background: conic-gradient(' + stops.join(", ") +
        ')"><span>' + esc(text) + "</span>" + uncertainArc(counts.uncertain / n) + "</div>",
      className: "incident-cluster-icon",
      iconSize: [size, size],
    });
  }

  /* A dashed arc round a group, clockwise from the top, as long as the share of its incidents
   * whose attribution is uncertain: they keep their dashed outline in a group. */
  function uncertainArc(share) {
    if (!(share > 0)) return "";
    var path;
    if (share >= 0.999) {
      path = '<circle cx="50" cy="50" r="47"/>';
    } else {
      var a = share * 2 * Math.PI;
      var x = 50 + 47 * Math.sin(a), y = 50 - 47 * Math.cos(a);
      path = '<path d="M50,3 A47,47 0 ' + (share > 0.5 ? 1 : 0) + ",1 " + x.toFixed(2) + "," + y.toFixed(2) + '"/>';
    }
    return '<svg class="incident-cluster-arc" viewBox="0 0 100 100" aria-hidden="true" data-share="' +
      share.toFixed(3) + '"><g fill="none" stroke="#111" stroke-width="6" stroke-dasharray="9,6">' + path + "</g></svg>";
  }

  function accessible(layer, name, count) {
    layer.on("add", function () {
      var node = layer.getElement();
      if (!node) return;
      node.setAttribute("role", "button");
      node.setAttribute("aria-label", name);
      if (count !== undefined) node.setAttribute("data-count", String(count));
    });
  }

  // --- stacked sites come apart (stacked_sites.js: IncidentStacks) --------------------------------

  /* Distinct incidents of a pile by attacker and type, as a cluster counts them. */
  function stackCounts(d, ks) {
    var fn = clusterFunctions();
    var acc = {};
    ks.forEach(function (k) { fn.reduce(acc, siteProperties(d, k)); });
    return clusterCounts(d, acc);
  }

  // --- the layer ----------------------------------------------------------------------------------

  function addIncidents(group, data) {
    var lookups = Object.assign({}, window.incidentLookups || {}, data.lookups);
    useLanguage(lookups);
    var options = data.options;
    var d = unpack(data, lookups);
    // A large table's layer holds one area: its cells (clusters made on the server) and the sites
    // sent one by one, which are never clustered again here (each is alone in its cell).
    var cells = data.cells ? unpackCells(data.cells) : null;
    var viewport = options.viewport || null;
    var points = new Array(d.n);
    for (var k = 0; k < d.n; k++) {
      points[k] = { k: k, geometry: { coordinates: [d.lon(k), d.lat(k)] }, properties: siteProperties(d, k) };
    }
    // Without grouping, a few thousand sites are drawn one by one (maxZoom 0: never clustered at
    // the map's zoom levels); beyond that a 12 px radius, as 100,000 markers would freeze the page.
    var few = d.n <= 3000;
    var fn = clusterFunctions();
    var t0 = performance.now();
    var index = new Supercluster({
      radius: options.cluster ? 50 : 12,
      maxZoom: !cells && (options.cluster || !few) ? 14 : 0,
      minPoints: 2,
      map: fn.map,
      reduce: fn.reduce,
    }).load(points);
    var info = {
      incidents: d.ni, sites: d.n, skipped: data.skipped, markers: 0, clusters: 0,
      index_ms: performance.now() - t0,
      mode: viewport ? viewport.mode : "all", cells: cells ? cells.n : 0,
      area: viewport ? viewport.area : null, area_zoom: viewport ? viewport.zoom : null,
    };

    var selectedIndex = -1;
    var selectedSites = [];
    if (options.selected) {
      for (var s = 0; s < d.n; s++) {
        if (d.id(d.of(s)) === options.selected) { selectedIndex = d.of(s); selectedSites.push(s); }
      }
    }

    var drawn = {}; // key -> layers currently on the map, so an open popup survives a pan
    var map = null;

    function pointLayers(k) {
      var i = d.of(k);
      var latlng = [d.lat(k), d.lon(k)];
      var attacker = d.colour(i);
      var chosen = i === selectedIndex;
      var marker = L.marker(latlng, {
        icon: icon(d.type(i).shape, attacker.color, d.outline(i), chosen),
        keyboard: true,
        title: d.title(i),
        riseOnHover: true,
        zIndexOffset: chosen ? 1000 : 0,
      });
      marker.incidentId = d.id(i);
      marker.bindTooltip(tooltip(d, i), { direction: "top" });
      marker.bindPopup(function () { return popup(d, k, lookups); }, { maxWidth: 320 });
      // Enter is a click (Leaflet 1.9 only opens the popup on Enter): the app selects the
      // incident as it does for a mouse click (the click reaches streamlit-folium's handler).
      marker.off("keypress", marker._onKeyPress, marker);
      marker.on("keypress", function (e) {
        if (e.originalEvent.keyCode === 13) marker.fire("click", { latlng: marker.getLatLng(), originalEvent: e.originalEvent }, true);
      });
      marker.on("add", function () {
        var node = marker.getElement();
        if (node) node.setAttribute("data-incident", marker.incidentId);
      });
      accessible(marker, markerName(d, k));
      var layers = [marker];
      var radius = d.radius(k);
      // Region-wide circles (tens of km) would cover the map; they show when selected.
      if (radius > 0 && (chosen || radius <= options.region_wide_m)) {
        layers.push(L.circle(latlng, {
          radius: radius, color: attacker.color, weight: chosen ? 2 : 1, dashArray: "4,4",
          fillOpacity: chosen ? 0.12 : 0.04, interactive: false,
        }));
      }
      return layers;
    }

    // A group of incidents, from the browser's index or the server's cells: the same marker.
    function groupLayers(latlng, counts, open, attribute, value) {
      var name = clusterName(counts, lookups);
      var marker = L.marker(latlng, { icon: clusterIcon(counts, lookups), keyboard: true, title: name });
      marker.clusterCount = counts.total;
      accessible(marker, name, counts.total);
      marker.on("add", function () { marker.getElement().setAttribute(attribute, value); });
      marker.on("click", function () { open(marker, false); });
      IncidentStacks.groupKeys(marker, open);
      return [marker];
    }

    // A cluster opens closer; one whose sites would still share a point there comes apart.
    function clusterLayers(item) {
      var c = item.geometry.coordinates;
      return groupLayers([c[1], c[0]], clusterCounts(d, item.properties), function (owner, byKey) {
        var zoom = map.getZoom();
        var z = Math.min(Math.max(index.getClusterExpansionZoom(item.properties.cluster_id), zoom + 1), map.getMaxZoom());
        var leaves = index.getLeaves(item.properties.cluster_id, Infinity).map(function (p) { return p.k; });
        if (zoom >= map.getMaxZoom() || IncidentStacks.stacked(map, d, leaves, z)) stack.toggle(owner, leaves, byKey);
        else map.setView([c[1], c[0]], z);
      }, "data-cluster-id", item.properties.cluster_id);
    }

    // Sites on one pixel at this zoom: one group that comes apart on click.
    function stackLayers(ks, counts) {
      var layers = groupLayers([d.lat(ks[0]), d.lon(ks[0])], counts, function (owner, byKey) {
        stack.toggle(owner, ks, byKey);
      }, "data-stack", ks.length);
      if (ks.some(function (k) { return d.of(k) === selectedIndex; })) {
        layers[0].options.zIndexOffset = 2500;  // above the selected marker it holds
        layers[0].on("add", function () { layers[0].getElement().classList.add("incident-stack-selected"); });
      }
      return layers;
    }

    // A cell opens two zoom levels closer: the server then sends that view's cells or sites.
    function cellLayers(j) {
      var latlng = [cells.lat(j), cells.lon(j)];
      return groupLayers(latlng, cells.counts(j), function () {
        map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
      }, "data-cell", j);
    }

    // For tests and curious readers: the incident ids of every site in a drawn cluster, straight
    // from the index (not from the counts the reduce step made).
    window.incidentLayer = {
      leaves: function (clusterId) {
        return index.getLeaves(clusterId, Infinity).map(function (p) { return d.id(d.of(p.k)); });
      },
      points: function () { return points.map(function (p) { return [d.lat(p.k), d.lon(p.k)]; }); },
      cells: function () {
        var out = [];
        for (var j = 0; cells && j < cells.n; j++) out.push([cells.lat(j), cells.lon(j), cells.counts(j).total]);
        return out;
      },
    };

    // Feature groups, not layer groups: a click on a marker drawn after a pan must still reach
    // the incident group, where streamlit-folium listens.
    var layerGroup = L.featureGroup().addTo(group);
    var links = L.featureGroup().addTo(group);
    var stack = IncidentStacks.spread(group, d, pointLayers, lookups);

    function render() {
      if (!map) return;
      var b = map.getBounds().pad(0.25);
      var zoom = Math.round(map.getZoom());
      var items = index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
      var next = {};
      var markers = 0;
      var clusters = 0;
      var piles = IncidentStacks.piles(map, zoom);
      items.forEach(function (item) {
        var cluster = item.properties && item.properties.cluster;
        // A group of one incident's sites is that incident's marker, never a ring of 1: its
        // shape and outline (type, attribution confidence) stay visible.
        if (cluster && clusterCounts(d, item.properties).total === 1) {
          item = index.getLeaves(item.properties.cluster_id, 1)[0];
          cluster = false;
        }
        if (!cluster) {
          piles.add(d, item.k);
          return;
        }
        clusters++;
        var key = "c" + item.properties.cluster_id;
        next[key] = drawn[key] || clusterLayers(item);
      });
      piles.list().forEach(function (ks) {
        var counts = stackCounts(d, ks);
        if (counts.total > 1) {
          clusters++;
          var key = "s" + zoom + ":" + ks.join(",");
          next[key] = drawn[key] || stackLayers(ks, counts);
          return;
        }
        ks.forEach(function (k) {
          markers++;
          // The selected incident's sites are drawn once, by drawSelected, above everything.
          if (d.of(k) !== selectedIndex) next["p" + k] = drawn["p" + k] || pointLayers(k);
        });
      });
      stack.keep(zoom);
      for (var j = 0; cells && j < cells.n; j++) {
        if (!b.contains([cells.lat(j), cells.lon(j)])) continue;
        clusters++;
        next["g" + j] = drawn["g" + j] || cellLayers(j);
      }
      Object.keys(drawn).forEach(function (key) {
        if (!next[key]) drawn[key].forEach(function (layer) { layerGroup.removeLayer(layer); });
      });
      Object.keys(next).forEach(function (key) {
        if (!drawn[key]) next[key].forEach(function (layer) { layerGroup.addLayer(layer); });
      });
      drawn = next;
      info.markers = markers;
      info.clusters = clusters;
      info.zoom = zoom;
      window.incidentLayerInfo = Object.assign({}, info);
      if (options.listing) listInView(map, d, lookups, cells);
      map.fire("incidentsdrawn");  // the place names move out from under the markers
    }

    // The selected incident stays visible above any cluster, its sites linked by dashed lines.
    function drawSelected() {
      if (selectedIndex < 0) return;
      var pts = selectedSites.map(function (k) { return [d.lat(k), d.lon(k)]; });
      for (var p = 1; p < pts.length; p++) {
        links.addLayer(L.polyline([pts[0], pts[p]], { color: "#000", weight: 1.5, dashArray: "2,4", interactive: false }));
      }
      selectedSites.forEach(function (k) {
        pointLayers(k).forEach(function (layer) {
          if (layer.getElement) layer.options.zIndexOffset = 2000;
          links.addLayer(layer);
        });
      });
    }

    if (options.heat && L.heatLayer && (d.n || cells)) {
      var heat = new Array(d.n);
      for (var h = 0; h < d.n; h++) heat[h] = [d.lat(h), d.lon(h)];
      // A cell weighs as many incidents as it counts.
      for (var g = 0; cells && g < cells.n; g++) heat.push([cells.lat(g), cells.lon(g), cells.counts(g).total]);
      group.addLayer(L.heatLayer(heat, { radius: 20, blur: 16, maxZoom: 11 }));
    }
    drawSelected();
    // Origin-to-destination lines with an arrow (routes.js, loaded after this file).
    info.routes = window.IncidentRoutes ? IncidentRoutes.draw(group, data.routes, d, t) : 0;
    group.on("add", function (e) {
      map = e.target._map;
      window.incidentCaption = options.caption;
      showInLegend(map, lookups, heldInView(data, lookups));
      skippedNotice(map, data.skipped);
      // A link that names no view opens on the incidents shown (the selected one's sites, if
      // any): asked now, done after streamlit-folium's own setView, which follows this script
      // synchronously (and whose moveend writes a view into the link).
      var fit = options.fit && d.n && !linkNamesView();
      map.on("moveend", render);
      render();
      if (fit) {
        var fitted = selectedSites.length ? selectedSites : points.map(function (p) { return p.k; });
        var bounds = L.latLngBounds(fitted.map(function (k) { return [d.lat(k), d.lon(k)]; }));
        var fitTo = function () {
          if (map) map.fitBounds(bounds, { padding: [30, 30], maxZoom: selectedSites.length ? 10 : 11, animate: false });
        };
        // streamlit-folium's setView may still be animating its zoom: fit when it has ended.
        setTimeout(function () {
          if (map && map._animatingZoom) map.once("zoomend", fitTo);
          else fitTo();
        }, 0);
        // The frame takes its final height from the page's style sheet a moment later: fit
        // again then, unless the reader has moved the map meanwhile.
        var moved = false;
        var refit = function () { if (!moved) fitTo(); };
        map.once("dragstart", function () { moved = true; });
        map.on("resize", refit);
        setTimeout(function () { map && map.off("resize", refit); }, 10000);
      }
    });
    group.on("remove", function () {
      if (map) map.off("moveend", render);
      map = null;
    });
    return group;
  }

  function linkNamesView() {
    try {
      var params = new URL(window.parent.location.href).searchParams;
      return params.has("center") || params.has("zoom");
    } catch (err) {
      return false;
    }
  }

  // The count line counts incidents the map cannot place; the map says what it left out.
  function skippedNotice(map, skipped) {
    var box = map.getContainer().querySelector(".incident-skipped");
    if (box) box.remove();
    if (!skipped) return;
    box = el("div", counted("skipped", "{n} sites have no usable coordinate and are not drawn.",
      "{n} site has no usable coordinate and is not drawn.", skipped), "incident-skipped");
    box.setAttribute("role", "status");
    map.getContainer().appendChild(box);
  }

  // --- the incidents in view, as text -------------------------------------------------------------

  var LIST_LIMIT = 60;

  function listBox(map) {
    var box = document.getElementById("incidents-in-view");
    if (box) return box;
    box = el("section", null, "incidents-in-view");
    box.id = "incidents-in-view";
    box.setAttribute("aria-label", t("in_view_label", "Incidents in view"));
    box.setAttribute("aria-live", "polite");
    var container = map.getContainer();
    container.parentNode.insertBefore(box, container.nextSibling);
    container.classList.add("with-list");
    // No pan: this happens before streamlit-folium sets the link's view, which must stay exact.
    map.invalidateSize({ pan: false });
    return box;
  }

  function listInView(map, d, lookups, cells) {
    var box = listBox(map);
    var b = map.getBounds();
    var south = b.getSouth(), north = b.getNorth(), west = b.getWest(), east = b.getEast();
    var seen = new Uint8Array(d.ni);
    var rows = [];
    var total = 0;
    for (var k = 0; k < d.n; k++) {
      var i = d.of(k);
      if (seen[i]) continue;
      var lat = d.lat(k), lon = d.lon(k);
      if (lat < south || lat > north || lon < west || lon > east) continue;
      seen[i] = 1;
      total++;
      if (rows.length < LIST_LIMIT) rows.push(k);
    }
    box.textContent = "";
    if (cells) {
      // Counted from the server's cells: a cell near an edge may reach beyond the view.
      for (var j = 0; j < cells.n; j++) {
        var clat = cells.lat(j), clon = cells.lon(j);
        if (clat >= south && clat <= north && clon >= west && clon <= east) total += cells.counts(j).total;
      }
      box.appendChild(el("h2", t("about_in_view", "About {n} incidents in view", total.toLocaleString("en-US"))));
      box.appendChild(el("p", t("zoom_to_list", "Zoom in to list them."), "in-view-more"));
      return;
    }
    box.appendChild(el("h2", counted("in_view", "{n} incidents in view", "{n} incident in view", total)));
    var list = el("ol");
    rows.forEach(function (k) {
      var i = d.of(k);
      var item = el("li");
      var button = el("button", d.title(i), "in-view-title");
      button.type = "button";
      button.dir = "auto";  // a record's title keeps its own direction in a right-to-left page
      button.addEventListener("click", function () {
        map.setView([d.lat(k), d.lon(k)], Math.max(map.getZoom(), 12));
      });
      item.appendChild(button);
      // Each part isolated (<bdi>): an English date inside an Arabic line keeps its order.
      var meta = el("span", " ", "in-view-meta");
      [d.date(i), d.place(k), attackerText(d, i)]
        .forEach(function (part, n) {
          if (n) meta.appendChild(document.createTextNode(" · "));
          meta.appendChild(el("bdi", part));
        });
      item.appendChild(meta);
      item.setAttribute("data-incident", d.id(i));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (total > rows.length) {
      box.appendChild(el("p", t("more", "and {n} more: zoom in to list them.", total - rows.length), "in-view-more"));
    }
  }

  // --- the base map's controls --------------------------------------------------------------------

  /* Leaflet's keyboard handler focuses the map on every mousedown and then restores the scroll of
   * its own window. Here the map is an iframe, and the browser scrolls the page around it to show
   * the focused map whenever the map's bottom is below the fold: the page moves between mousedown
   * and mouseup, the mouseup lands elsewhere and the click on a marker is lost. Focus it first,
   * without scrolling (Leaflet's handler then finds it focused and does nothing). */
  function focusWithoutScrolling(map) {
    var container = map.getContainer();
    container.addEventListener("mousedown", function () {
      if (document.activeElement !== container) container.focus({ preventScroll: true });
    }, true);
  }

  /* folium's page template says maximum-scale=1, user-scalable=no: a reader who needs to zoom the
   * page (WCAG 1.4.4) could not. The map's own zoom is unaffected. */
  function allowPageZoom() {
    document.querySelectorAll('meta[name="viewport"]').forEach(function (meta) {
      meta.setAttribute("content", "width=device-width, initial-scale=1");
    });
  }

  /* Leaflet's scale bar with its units in the reader's words ("100 كم"): Leaflet writes "100 km"
   * itself, so its one drawing method is wrapped. Added here rather than by folium so the words are
   * known when it is first drawn. */
  function scaleBar(map) {
    var units = { m: t("unit_m", "m"), km: t("unit_km", "km"), ft: t("unit_ft", "ft"), mi: t("unit_mi", "mi") };
    var scale = L.control.scale();
    scale._updateScale = function (line, text, ratio) {
      var parts = text.split(" ");
      var local = parts.length === 2 && units[parts[1]] ? parts[0] + " " + units[parts[1]] : text;
      L.Control.Scale.prototype._updateScale.call(this, line, local, ratio);
    };
    scale.addTo(map);
  }

  function legend(map, lookups) {
    allowPageZoom();
    useLanguage(lookups);
    var rtl = lookups.dir === "rtl";
    var container = map.getContainer();
    // The map as one image with a text alternative; the list below it gives the incidents as text.
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", t("map_label", "Map of the incidents shown"));
    if (rtl) {
      // Mirrored where a right-to-left reader looks first: zoom at the top right, legend at the
      // bottom left. The map itself (north up, east right) is never mirrored.
      container.dir = "rtl";
      if (map.zoomControl) map.zoomControl.setPosition("topright");
    }
    scaleBar(map);
    var control = L.control({ position: rtl ? "bottomleft" : "bottomright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "incident-legend");
      L.DomEvent.disableClickPropagation(box);
      var details = el("details");
      details.open = map.getSize().x >= 900;
      details.appendChild(el("summary", t("legend", "Legend")));
      function section(title, items) {
        details.appendChild(el("div", title, "legend-title"));
        items.forEach(function (item) {
          var row = el("div", null, "legend-row");
          var sym = el("span");
          sym.innerHTML = item.symbol;
          row.appendChild(sym);
          row.appendChild(el("span", " " + item.label));
          if (item.shows) row.setAttribute("data-shows", item.shows);  // what a view must hold for it (showInLegend)
          details.appendChild(row);
        });
      }
      var solid = { dash: "", fill_opacity: 0.9, stroke: "#111" };
      // The actors the table names (legend.py `listed`); those beyond the palette share one
      // colour: one row says how many (incidents.actors).
      var entries = colours(lookups).map(function (a, code) { return Object.assign({ code: code }, a); })
        .filter(function (a) { return a.listed !== false; });
      var shared = entries.filter(function (a) { return a.shared; });
      var own = entries.filter(function (a) { return !a.shared; }).map(function (a) {
        return { symbol: svg("circle", a.color, solid, 14, false), label: a.label, shows: "c" + a.code };
      });
      if (shared.length) {
        own.push({
          symbol: svg("circle", shared[0].color, solid, 14, false), label: othersText(lookups, shared.length),
          shows: shared.map(function (a) { return "c" + a.code; }).join(" "),
        });
      }
      section(lookups.colour_by ? lookups.colour_by.title : t("colour", "Colour: assessed attacker"), own);
      section(t("shape", "Shape: event type"), lookups.types.map(function (t, code) {
        return { symbol: svg(t.shape, "#888", solid, 14, false), label: t.label, shows: "t" + code };
      }));
      var outlines = lookups.confidences.map(function (c) {
        return { symbol: svg("circle", "#888", c, 14, false), label: c.label };
      });
      // An event with no attacker has no confidence: its plain outline says so, when the table has one.
      if (lookups.attackers.some(function (a) { return a.assessed === false && a.listed !== false; })) {
        outlines.push({
          symbol: svg("circle", "#888", lookups.no_attacker_outline, 14, false),
          label: t("no_attacker_outline", "Plain: no attacker, so none to grade (not a strike)"),
          shows: "unassessed",
        });
      }
      section(t("outline", "Outline: attribution confidence"), outlines);
      details.appendChild(el("div", t("circle_note", "Dashed circle: how precisely the place is known."), "legend-note"));
      details.appendChild(el("div", t("group_note", "A group's number counts incidents; its ring shows the attackers' " +
        "shares. An incident with sites in several groups counts once in each."), "legend-note"));
      details.appendChild(uncertainLegend(lookups));
      box.appendChild(details);
      return box;
    };
    control.addTo(map);
  }

  function othersText(lookups, n) {
    return lookups.colour_by ? lookups.colour_by.others.replace("{n}", n) : t("others", "{n} other actors (one colour)", n);
  }

  /* What a layer's incidents hold, as the legend's rows name it (`data-shows`): "c<code>" for a
   * colour, "t<code>" for a type, "unassessed" for an event with no attacker. From its styles and
   * from the server's cells ([code, n, ...] by colour and by type). */
  function heldInView(data, lookups) {
    var held = {};
    data.styles.forEach(function (style) {
      held["c" + colourCode(style)] = held["t" + style[1]] = 1;
      if (lookups.attackers[style[0]].assessed === false) held.unassessed = 1;
    });
    var cells = data.cells;
    for (var j = 0; cells && j < cells.attackers.length; j++) {
      for (var p = 0; p < cells.attackers[j].length; p += 2) {
        var code = cells.attackers[j][p];
        held["c" + code] = 1;
        if (!lookups.colour_by && lookups.attackers[code].assessed === false) held.unassessed = 1;
      }
      for (var q = 0; q < cells.types[j].length; q += 2) held["t" + cells.types[j][q]] = 1;
    }
    return held;
  }

  /* The legend names what the map shows: a row whose actor, type or outline no incident of this
   * view has is hidden (the table's other actors keep their colours; legend.py `listed`). */
  function showInLegend(map, lookups, held) {
    var box = map.getContainer().querySelector(".incident-legend");
    if (!box) return;
    Array.prototype.forEach.call(box.querySelectorAll("[data-shows]"), function (row) {
      var keys = row.getAttribute("data-shows").split(" ");
      var n = keys.filter(function (key) { return held[key]; }).length;
      row.hidden = n === 0;
      if (keys.length > 1 && n) row.lastChild.textContent = " " + othersText(lookups, n);
    });
  }

  // The legend's line for the arc: a sample group, and which confidences count as uncertain.
  function uncertainLegend(lookups) {
    var row = el("div", null, "legend-row legend-uncertain");
    var sample = el("span", null, "legend-arc-sample");
    sample.innerHTML = '<div class="incident-cluster" style="background: #bbb"><span></span>' + uncertainArc(0.4) + "</div>";
    row.appendChild(sample);
    var levels = lookups.confidences.filter(function (c) { return c.dash; }).map(function (c) { return c.label.toLowerCase(); });
    row.appendChild(el("span", " " + t("uncertain_note", "Dashed arc round a group: the share of its incidents with an " +
      "uncertain attribution ({levels}).").replace("{levels}", levels.join(", "))));
    return row;
  }

  /* "Save picture": the map as it is now, with the legend, the count line, the filters in words
   * and the credits (savePicture). */
  function pictureButton(map) {
    var control = L.control({ position: document.documentElement.dir === "rtl" ? "topright" : "topleft" });
    control.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar incident-picture-control");
      var button = el("a", "PNG", "incident-picture");
      button.href = "#";
      button.setAttribute("role", "button");
      button.title = t("picture", "PNG: save this view as a picture with its legend and credits");
      button.setAttribute("aria-label", button.title);
      L.DomEvent.on(button, "click", function (e) {
        L.DomEvent.preventDefault(e);
        L.DomEvent.stopPropagation(e);
        savePicture(map);
      });
      bar.appendChild(button);
      return bar;
    };
    control.addTo(map);
  }

  /* The picture for publication: the caption above the map, the legend and credits below it,
   * nothing drawn over the map but its scale; at twice the screen's pixels. Each part is drawn by
   * html-to-image (no request leaves the machine) and the three are stacked on one canvas. */
  var PICTURE_RATIO = 2;
  var PICTURE_HIDDEN = ["leaflet-control-zoom", "incident-picture-control", "incident-legend",
    "leaflet-control-attribution", "incident-skipped"];

  function pictureSheet(container, cls) {
    var sheet = el("div", null, "incident-picture-sheet " + cls);
    sheet.dir = document.documentElement.dir || "ltr";
    sheet.style.width = container.clientWidth + "px";
    document.body.appendChild(sheet);
    return sheet;
  }

  // The legend's sections side by side (its rows grouped under their titles), open whatever
  // the on-screen legend's state.
  function pictureLegend(container) {
    var box = el("div", null, "picture-legend");
    var section = null;
    var details = container.querySelector(".incident-legend details");
    Array.prototype.forEach.call(details ? details.children : [], function (node) {
      if (node.tagName === "SUMMARY") return;
      if (node.classList.contains("legend-title") || (node.classList.contains("legend-note") && !section)) {
        section = box.appendChild(el("div", null, "picture-legend-section"));
      }
      if (node.classList.contains("legend-note") || node.classList.contains("legend-uncertain")) {
        box.appendChild(node.cloneNode(true));
        return;
      }
      section.appendChild(node.cloneNode(true));
    });
    return box;
  }

  function savePicture(map) {
    var container = map.getContainer();
    var caption = window.incidentCaption || {};
    var head = pictureSheet(container, "incident-picture-head");
    head.appendChild(el("strong", caption.count || ""));
    if (caption.description) head.appendChild(el("div", caption.description));
    var skipped = container.querySelector(".incident-skipped");
    if (skipped) head.appendChild(el("div", skipped.textContent, "picture-skipped"));
    var foot = pictureSheet(container, "incident-picture-foot");
    var legendBox = foot.appendChild(pictureLegend(container));
    foot.appendChild(el("div", caption.credit || t("credit", "Made with Natural Earth"), "credit"));
    var included = {
      legend: legendBox.querySelectorAll(".legend-row").length > 0,
      caption: head.innerText + "\n" + foot.querySelector(".credit").innerText,
    };
    window.incidentPicture = Object.assign({ state: "drawing" }, included);
    function done() {
      head.remove();
      foot.remove();
    }
    function hidden(node) {
      return !!node.classList && PICTURE_HIDDEN.some(function (c) { return node.classList.contains(c); });
    }
    var draw = window.htmlToImage.toCanvas;
    var options = { pixelRatio: PICTURE_RATIO, backgroundColor: "#ffffff" };
    // The sheets wait off-screen; drawn, they stand at the picture's origin.
    var sheetOptions = Object.assign({ style: { position: "static", left: "0" } }, options);
    Promise.all([
      draw(head, sheetOptions),
      draw(container, Object.assign({ filter: function (node) { return !hidden(node); } }, options)),
      draw(foot, sheetOptions),
    ]).then(function (parts) {
      done();
      var sheet = document.createElement("canvas");
      sheet.width = parts[1].width;
      sheet.height = parts[0].height + parts[1].height + parts[2].height;
      var ctx = sheet.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, sheet.width, sheet.height);
      ctx.drawImage(parts[0], 0, 0);
      ctx.drawImage(parts[1], 0, parts[0].height);
      ctx.drawImage(parts[2], 0, parts[0].height + parts[1].height);
      var url = sheet.toDataURL("image/png");
      // Where the map lies in the picture, and what is drawn over it (the scale only), for tests.
      var over = Array.prototype.filter.call(container.querySelectorAll(".leaflet-control"), function (node) {
        var clear = node;
        while (clear && clear !== container && !hidden(clear)) clear = clear.parentNode;
        return clear === container;
      }).map(function (node) { return node.className; });
      window.incidentPicture = Object.assign({
        state: "done", bytes: url.length, url: url, ratio: PICTURE_RATIO,
        map: [0, parts[0].height, parts[1].width, parts[1].height], over_map: over,
      }, included);
      var link = el("a");
      link.href = url;
      link.download = "incident-map.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    }).catch(function (err) {
      done();
      window.incidentPicture = Object.assign({ state: "failed", error: String(err) }, included);
    });
  }

  function followView(map) {
    // Pan and zoom never rerun the app: the view is written straight into the page's URL
    // (the component iframe is same-origin), and the next rerun reads it from there.
    function write() {
      try {
        var top = window.parent;
        var url = new URL(top.location.href);
        var c = map.getCenter();
        url.searchParams.set("center", c.lat.toFixed(4) + "," + c.lng.toFixed(4));
        url.searchParams.set("zoom", String(map.getZoom()));
        top.history.replaceState(top.history.state, "", url.toString());
        // The page's "Link to this view" box follows too, so a copied link has this position.
        var box = top.document.querySelector(".st-key-share-link input");
        if (box) box.value = url.toString();
      } catch (err) {
        /* cross-origin embedding: the view simply is not shared */
      }
    }
    map.on("moveend", write);
  }

  window.IncidentMap = {
    addIncidents: addIncidents,
    legend: legend,
    pictureButton: pictureButton,
    followView: followView,
    focusWithoutScrolling: focusWithoutScrolling,
    esc: esc,
    el: el,  // for stacked_sites.js
    counted: counted,
  };
})();
