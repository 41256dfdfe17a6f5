/* The incident layer: one feature group for all incidents, built in the browser from
 * compact columnar data (no folium object per incident). Every text from the records is
 * escaped or set with textContent: record text is data, never markup. */
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

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function popup(inc, site, lookups) {
    var box = el("div", null, "incident-popup");
    box.appendChild(el("strong", inc.title));
    var rows = [
      ["Date", inc.date_label],
      ["Attacker", lookups.attackers[inc.a].label + " (" + lookups.confidences[inc.c].label.toLowerCase() + ")"],
      ["Who says", inc.claims || "No claim or attribution reported"],
      ["Type", lookups.types[inc.t].label],
      ["Killed", inc.killed || "not reported"],
      ["Injured", inc.injured || "not reported"],
      ["Place", site.name + " (" + site.precision + ")"],
    ];
    var table = el("dl");
    rows.forEach(function (row) {
      table.appendChild(el("dt", row[0]));
      table.appendChild(el("dd", row[1]));
    });
    box.appendChild(table);
    var link = el("a", "Open the full record");
    var base = window.location.href;
    try { base = window.parent.location.href; } catch (err) { /* embedded elsewhere */ }
    link.href = new URL(lookups.incident_url + encodeURIComponent(inc.id), base).href;
    link.target = "_top";
    box.appendChild(link);
    return box;
  }

  function tooltip(inc) {
    return (
      "<b>" + esc(inc.title) + "</b><br>" + esc(inc.date_label) +
      '<span style="display:none">[incident:' + esc(inc.id) + "]</span>"
    );
  }

  // A cluster is a neutral disc ringed by the attacker colours of what it holds, so its
  // colour never reads as one attacker (markercluster's default green/yellow would).
  function clusterIcon(cluster) {
    var counts = {};
    var children = cluster.getAllChildMarkers();
    children.forEach(function (m) { counts[m.options.attackerColor] = (counts[m.options.attackerColor] || 0) + 1; });
    var stops = [];
    var acc = 0;
    Object.keys(counts).sort().forEach(function (colour) {
      var next = acc + (counts[colour] / children.length) * 360;
      stops.push(colour + " " + acc.toFixed(1) + "deg " + next.toFixed(1) + "deg");
      acc = next;
    });
    var n = cluster.getChildCount();
    var size = n < 10 ? 34 : n < 100 ? 40 : 48;
    return L.divIcon({
      html: '<div class="incident-cluster" style="background: conic-gradient(' + stops.join(", ") +
        ')"><span>' + n + "</span></div>",
      className: "incident-cluster-icon",
      iconSize: [size, size],
    });
  }

  function addIncidents(group, data) {
    var lookups = Object.assign({}, window.incidentLookups || {}, data.lookups);
    var incidents = data.incidents;
    var cols = data.sites;
    var byIncident = {};
    var markers = [];
    var target = group;
    if (data.options.cluster && L.markerClusterGroup) {
      target = L.markerClusterGroup({
        chunkedLoading: true,
        showCoverageOnHover: false,
        maxClusterRadius: 40,
        spiderfyOnMaxZoom: true,
        iconCreateFunction: clusterIcon,
      });
      group.addLayer(target);
    }
    var heat = [];
    for (var k = 0; k < cols.lat.length; k++) {
      var inc = incidents[cols.i[k]];
      var conf = lookups.confidences[inc.c];
      var selected = data.options.selected === inc.id;
      var latlng = [cols.lat[k], cols.lon[k]];
      heat.push(latlng);
      var marker = L.marker(latlng, {
        icon: icon(lookups.types[inc.t].shape, lookups.attackers[inc.a].color, conf, selected),
        keyboard: true,
        title: inc.title,
        alt: inc.title,
        riseOnHover: true,
        attackerColor: lookups.attackers[inc.a].color,
        zIndexOffset: selected ? 1000 : 0,
      });
      marker.incidentId = inc.id;
      marker.bindTooltip(tooltip(inc), { direction: "top" });
      var site = { name: cols.name[k], precision: cols.precision[k] };
      marker.bindPopup(popup(inc, site, lookups), { maxWidth: 320 });
      (byIncident[inc.id] = byIncident[inc.id] || []).push(marker);
      markers.push(marker);
      var radius = cols.r[k];
      // Region-wide circles (tens of km) would cover the map; they show when selected.
      if (radius > 0 && (selected || (data.options.precision_circles && radius <= 30000))) {
        group.addLayer(
          L.circle(latlng, {
            radius: radius,
            color: lookups.attackers[inc.a].color,
            weight: selected ? 2 : 1,
            dashArray: "4,4",
            fillOpacity: selected ? 0.12 : 0.04,
            interactive: false,
          })
        );
      }
    }
    if (data.options.heat && L.heatLayer && heat.length) {
      group.addLayer(L.heatLayer(heat, { radius: 25, blur: 20, maxZoom: 11 }));
    }
    if (target.addLayers) target.addLayers(markers);
    else markers.forEach(function (m) { target.addLayer(m); });

    var links = L.layerGroup().addTo(group);
    function highlight(id) {
      links.clearLayers();
      var sites = byIncident[id] || [];
      if (sites.length > 1) {
        var pts = sites.map(function (m) { return m.getLatLng(); });
        for (var s = 1; s < pts.length; s++) {
          links.addLayer(L.polyline([pts[0], pts[s]], { color: "#000", weight: 1.5, dashArray: "2,4", interactive: false }));
        }
      }
      markers.forEach(function (m) {
        var el2 = m.getElement && m.getElement();
        if (el2) el2.classList.toggle("incident-linked", m.incidentId === id);
      });
    }
    markers.forEach(function (m) {
      m.on("click", function () { highlight(m.incidentId); });
      m.on("add", function () {
        var el2 = m.getElement();
        if (el2) el2.setAttribute("data-incident", m.incidentId);
      });
    });
    if (data.options.selected) highlight(data.options.selected);
    window.incidentLayerInfo = { markers: markers.length, incidents: Object.keys(byIncident).length };
    return group;
  }

  function legend(map, lookups) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "incident-legend");
      L.DomEvent.disableClickPropagation(box);
      var details = el("details");
      details.open = map.getSize().x >= 900;
      details.appendChild(el("summary", "Legend"));
      function section(title, items) {
        details.appendChild(el("div", title, "legend-title"));
        items.forEach(function (item) {
          var row = el("div", null, "legend-row");
          var sym = el("span");
          sym.innerHTML = item.symbol;
          row.appendChild(sym);
          row.appendChild(el("span", " " + item.label));
          details.appendChild(row);
        });
      }
      var solid = { dash: "", fill_opacity: 0.9, stroke: "#111" };
      // Actors beyond the palette share one colour: one row says how many (incidents.actors).
      var shared = lookups.attackers.filter(function (a) { return a.shared; });
      var own = lookups.attackers.filter(function (a) { return !a.shared; }).map(function (a) {
        return { symbol: svg("circle", a.color, solid, 14, false), label: a.label };
      });
      if (shared.length) {
        own.push({
          symbol: svg("circle", shared[0].color, solid, 14, false),
          label: shared.length + " other actors (one colour)",
        });
      }
      section("Colour: assessed attacker", own);
      section("Shape: event type", lookups.types.map(function (t) {
        return { symbol: svg(t.shape, "#888", solid, 14, false), label: t.label };
      }));
      section("Outline: attribution confidence", lookups.confidences.map(function (c) {
        return { symbol: svg("circle", "#888", c, 14, false), label: c.label };
      }));
      details.appendChild(el("div", "Dashed circle: how precisely the place is known.", "legend-note"));
      box.appendChild(details);
      return box;
    };
    control.addTo(map);
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
        var box = top.document.querySelector('input[aria-label="Link to this view"]');
        if (box) box.value = url.toString();
      } catch (err) {
        /* cross-origin embedding: the view simply is not shared */
      }
    }
    map.on("moveend", write);
  }

  function placeLabels(map, labels) {
    // Town names for orientation on the offline basemap: [name, lat, lon], set as text.
    labels.forEach(function (label) {
      var div = el("div", label[0], "place-label");
      var icon = L.divIcon({ html: div, className: "empty", iconSize: [120, 16] });
      L.marker([label[1], label[2]], { icon: icon, interactive: false, keyboard: false }).addTo(map);
    });
  }

  window.IncidentMap = {
    addIncidents: addIncidents,
    legend: legend,
    followView: followView,
    placeLabels: placeLabels,
    esc: esc,
  };
})();
