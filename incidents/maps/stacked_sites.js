/* Stacked sites come apart (issue 29): sites on one pixel are one group that opens into a spiral
 * of its incidents, or a list. Loaded after incident_layer.js (IncidentLayer.browser_code), whose
 * layer calls IncidentStacks; its words and elements come from IncidentMap (el, counted). Record
 * text is set as text, never as markup. */
(function () {
  "use strict";
  if (!window.IncidentMap || window.IncidentStacks) return;
  var el = IncidentMap.el;
  var counted = IncidentMap.counted;

  /* Sites closer than STACK_PX at a zoom lie on one another: only the top one could be clicked
   * (seven gazetteer places share al-Bukamal's point). They are drawn as one group, which opens
   * into a spiral of its incidents (a list beyond SPREAD_MAX) at any zoom, by click, Enter or
   * Space. The spiral's markers are the incidents' own markers on legs from the true point. */
  var STACK_PX = 6;
  var SPREAD_MAX = 40;

  function groupKeys(marker, open) {
    // Leaflet's own Enter handler fires a click too: one way in only, so a toggle opens once.
    marker.off("keypress", marker._onKeyPress, marker);
    marker.on("keypress", function (e) {
      var key = e.originalEvent.keyCode || e.originalEvent.charCode;
      if (key === 13 || key === 32) {
        e.originalEvent.preventDefault();
        open(marker, true);
      }
    });
  }

  /* Whether the sites `ks` would all lie within STACK_PX of the first at zoom `z`. */
  function stacked(map, d, ks, z) {
    var first = map.project([d.lat(ks[0]), d.lon(ks[0])], z);
    return ks.every(function (k) { return map.project([d.lat(k), d.lon(k)], z).distanceTo(first) < STACK_PX; });
  }

  /* The loose sites of one render gathered into piles of sites within STACK_PX of a pile's first
   * (a grid of STACK_PX cells, the neighbouring cells looked at too). */
  function stackPiles(map, zoom) {
    var cells = {};
    var piles = [];
    return {
      add: function (d, k) {
        var p = map.project([d.lat(k), d.lon(k)], zoom);
        var cx = Math.floor(p.x / STACK_PX), cy = Math.floor(p.y / STACK_PX);
        for (var dx = -1; dx <= 1; dx++) {
          for (var dy = -1; dy <= 1; dy++) {
            var near = cells[(cx + dx) + ":" + (cy + dy)];
            if (near && near.at.distanceTo(p) < STACK_PX) { near.ks.push(k); return; }
          }
        }
        var pile = { at: p, ks: [k] };
        cells[cx + ":" + cy] = pile;
        piles.push(pile);
      },
      list: function () { return piles.map(function (pile) { return pile.ks; }); },
    };
  }

  /* Spiral positions around a point, in pixels (the figures of Leaflet's usual cluster plugin). */
  function spreadOffsets(n) {
    var out = [];
    if (n <= 8) {
      var r = Math.max(30, (28 * n) / (2 * Math.PI));
      for (var c = 0; c < n; c++) {
        var a = (2 * Math.PI * c) / n - Math.PI / 2;
        out.push(L.point(r * Math.cos(a), r * Math.sin(a)));
      }
      return out;
    }
    var leg = 11, angle = 0;
    for (var i = 0; i < n; i++) {
      angle += 28 / leg + i * 0.0005;
      // 20 px further out than that plugin, so the first markers clear the group's own disc.
      out.push(L.point((leg + 20) * Math.cos(angle), (leg + 20) * Math.sin(angle)));
      leg += (2 * Math.PI * 5) / angle;
    }
    return out;
  }

  /* The open spiral (or list) of one group, in `parent` so a click on its markers reaches
   * streamlit-folium like any marker's. Closed by a second click on the group, Escape, a click
   * on the map or a change of zoom. */
  function stackSpread(parent, d, pointLayers, lookups) {
    var layer = L.featureGroup().addTo(parent);
    var owner = null;
    var openZoom = null;
    var listPopup = null;

    function close() {
      layer.clearLayers();
      if (listPopup && listPopup._map) listPopup._map.closePopup(listPopup);
      listPopup = null;
      if (owner && owner.getElement()) {
        owner.setOpacity(1);
        owner.getElement().setAttribute("aria-expanded", "false");
      }
      owner = null;
    }

    function onKey(e) {
      if (e.key === "Escape" && owner) {
        var back = owner;
        close();
        if (back.getElement()) back.getElement().focus();
      }
    }

    function distinct(ks) {
      var seen = {};
      return ks.filter(function (k) {
        var i = d.of(k);
        if (seen[i]) return false;
        seen[i] = 1;
        return true;
      });
    }

    function openList(map, center, ks) {
      var box = el("div", null, "incident-stack-list");
      box.appendChild(el("strong", counted("group", "{n} incidents", "{n} incident", ks.length)));
      var list = el("ol");
      var base = window.location.href;
      try { base = window.parent.location.href; } catch (err) { /* embedded elsewhere */ }
      ks.forEach(function (k) {
        var i = d.of(k);
        var link = el("a", d.title(i) + " · " + d.date(i));
        link.dir = "auto";
        link.href = new URL(lookups.incident_url + encodeURIComponent(d.id(i)), base).href;
        link.target = "_top";
        link.setAttribute("data-incident", d.id(i));
        list.appendChild(el("li")).appendChild(link);
      });
      box.appendChild(list);
      listPopup = L.popup({ maxWidth: 340, maxHeight: 300 }).setLatLng(center).setContent(box).openOn(map);
    }

    function open(group, ks, byKey) {
      var map = group._map;
      close();
      owner = group;
      openZoom = map.getZoom();
      var center = group.getLatLng();
      var sites = distinct(ks);
      group.setOpacity(0.35);
      group.getElement().setAttribute("aria-expanded", "true");
      if (sites.length > SPREAD_MAX) {
        openList(map, center, sites);
        return;
      }
      var origin = map.latLngToLayerPoint(center);
      var offsets = spreadOffsets(sites.length);
      var first = null;
      sites.forEach(function (k, n) {
        var at = map.layerPointToLatLng(origin.add(offsets[n]));
        layer.addLayer(L.polyline([center, at], { color: "#333", weight: 1.5, opacity: 0.7, interactive: false }));
        var marker = pointLayers(k)[0];  // the incident's own marker, moved onto its leg
        marker.setLatLng(at);
        marker.options.zIndexOffset = 3000;
        marker.on("add", function () { marker.getElement().setAttribute("data-spread", "1"); });
        layer.addLayer(marker);
        first = first || marker;
      });
      map.getContainer().addEventListener("keydown", onKey);
      if (byKey && first && first.getElement()) first.getElement().focus();
    }

    return {
      toggle: function (group, ks, byKey) {
        var map = group._map;
        if (owner === group) close();
        else open(group, ks, byKey);
        if (map && !map._stackWired) {
          map._stackWired = true;
          map.on("zoomstart click", close);
        }
        if (map) map.fire("incidentsdrawn");  // the place names make way for the spiral
      },
      // A render at another zoom has new groups: the spread of an old one closes.
      keep: function (zoom) { if (owner && zoom !== openZoom) close(); },
    };
  }

  window.IncidentStacks = { groupKeys: groupKeys, stacked: stacked, piles: stackPiles, spread: stackSpread };
})();
