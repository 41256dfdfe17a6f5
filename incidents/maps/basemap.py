"""An offline folium map: local Leaflet assets, vector basemap layers, no tile server by default.

Traps this module exists to avoid (each leaves a blank or broken map offline):
folium's default CDN scripts stop streamlit-folium at height 0; folium popups need jQuery
(ours are built by incident_layer.js); Leaflet's default icon path must be pinned; with
`tiles=None` the map itself needs `maxZoom`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import folium
import numpy as np
import pandas as pd
from branca.element import Element

from incidents import actors
from incidents.maps import assets
from incidents.maps.raw_script import RawScript

BASEMAP_DIR = Path(__file__).resolve().parents[2] / "geodata" / "basemap"
STYLES_PATH = Path(__file__).with_name("styles.json")

DEFAULT_CENTER = (34.9, 40.3)
MAX_BOUNDS = ((-85.0, -180.0), (85.0, 180.0))
"""The whole world: the basemap covers it coarsely (Natural Earth 1:110m), our region in detail."""
DEFAULT_ZOOM = 7
MIN_ZOOM = 2
MAX_ZOOM = 17

ONLINE_TILES = (
    ("OpenStreetMap (online)", "OpenStreetMap", None),
    (
        "Satellite, Esri World Imagery (online)",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri, Maxar, Earthstar Geographics, and the GIS User Community",
    ),
)


def online_tile_origins() -> list[str]:
    """The origins the opt-in online tiles are requested from, as folium resolves ONLINE_TILES
    (a provider name such as "OpenStreetMap" becomes its URL): what a Content-Security-Policy
    must allow as images, and nothing more (deploy/render.py)."""
    origins = []
    for _, url, attr in ONLINE_TILES:
        parts = urlsplit(folium.TileLayer(url, attr=attr).tiles)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


@lru_cache(maxsize=1)
def styles() -> dict:
    """Map symbology (colours, shapes, confidence outlines) from styles.json."""
    return json.loads(STYLES_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def basemap_layer(name: str) -> dict | None:
    """A small GeoJSON layer from geodata/basemap, or None when it was not built."""
    path = BASEMAP_DIR / f"{name}.geojson"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def legend_lookups(incidents: pd.DataFrame | None = None, incident_url: str = "incident?incident=") -> dict:
    """The lookup tables the browser needs: labels, colours, shapes and outline styles.

    Attackers are every actor declared in incidents/actors.csv, then every other actor the table
    names (commonest first, each keeping its own name); event types are ours, then any type of
    the source's own. Indexes into these lists are what the incident layers send per site.
    """
    from incidents.model import Confidence, EventType

    st = styles()
    known = actors.known_actors()
    named = _named(incidents, "attacker", "attacker_label")
    counts = {slug: 0 for slug in known} | {slug: count for slug, (count, _) in named.items()}
    colours = actors.colours(counts)
    order = [*known, *sorted((s for s in named if s not in known), key=lambda s: -named[s][0])]
    shapes = st["event_type_shapes"]
    types = [(t.value, t.label) for t in EventType]
    types += [
        (slug, label) for slug, (_, label) in _named(incidents, "event_type", "event_type_label").items()
    ]
    return {
        "attackers": [
            {
                "slug": slug,
                "label": known[slug].label if slug in known else named[slug][1],
                "color": colours[slug],
                "shared": colours[slug] == actors.SHARED_COLOUR,
            }
            for slug in order
        ],
        "types": [
            {
                "slug": slug,
                "label": label,
                "plural": _plural(label),
                "shape": shapes.get(slug, shapes["other"]),
            }
            for slug, label in dict(types).items()
        ],
        "confidences": [
            {"slug": c.value, "label": c.label, **st["confidence_styles"][c.value]} for c in Confidence
        ],
        "incident_url": incident_url,
    }


def _plural(label: str) -> str:
    """'Drone strike' -> 'drone strikes', for a cluster's name ('mostly drone strikes')."""
    word = label.lower()
    return word if word.endswith(("s", "ing", "other")) else word + "s"


def _named(incidents: pd.DataFrame | None, column: str, label: str) -> dict[str, tuple[int, str]]:
    """slug -> (how many incidents, label) for the values of `column` in the table."""
    if incidents is None or not len(incidents):
        return {}
    counts = incidents[column].value_counts()
    labels = incidents.drop_duplicates(column).set_index(column)[label]
    return {str(slug): (int(n), str(labels.get(slug, slug))) for slug, n in counts.items()}


def lookup_index(lookups: dict, kind: str) -> dict[str, int]:
    """slug -> position in `lookups[kind]`, the code the layers send for it."""
    return {entry["slug"]: i for i, entry in enumerate(lookups[kind])}


def base_map(
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    online_tiles: bool = False,
    follow_view: bool = True,
    labels: list[tuple[str, float, float]] | None = None,
    lookups: dict | None = None,
    picture: bool = True,
) -> folium.Map:
    """The fixed part of every map: offline vector basemap, legend and plugin scripts.

    Kept independent of the filters so streamlit-folium never remounts it when they change;
    incidents arrive separately as a FeatureGroup (`feature_group_to_add`).
    """
    assets.ensure_installed()
    fmap = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
        prefer_canvas=True,
        control_scale=True,
        attribution_control=True,
    )
    # With tiles=None folium passes max_zoom to no tile layer; put the bounds on the map itself.
    fmap.options["maxZoom"] = MAX_ZOOM
    fmap.options["minZoom"] = MIN_ZOOM
    # Keep readers near the basemap's extent: beyond it there is nothing drawn offline.
    fmap.options["maxBounds"] = [list(MAX_BOUNDS[0]), list(MAX_BOUNDS[1])]
    fmap.options["maxBoundsViscosity"] = 0.7
    # The incident layer is swapped in later (feature_group_to_add): the map loads its assets.
    from incidents.maps.incident_layer import IncidentLayer

    fmap.default_js = list(IncidentLayer.default_js)
    fmap.default_css = list(IncidentLayer.default_css)
    # Before any marker exists, or Leaflet guesses the icon path and requests images that 404.
    RawScript("L.Icon.Default.imagePath = " + json.dumps(assets.url("leaflet/images/")) + ";").add_to(fmap)
    fmap.get_root().header.add_child(Element(f"<style>{IncidentLayer.stylesheet()}</style>"))
    RawScript(_basemap_js().replace("__MAP__", fmap.get_name())).add_to(fmap)
    if online_tiles:
        for name, url, attr in ONLINE_TILES:
            folium.TileLayer(url, name=name, attr=attr, show=False, max_zoom=MAX_ZOOM).add_to(fmap)
        folium.LayerControl(collapsed=True).add_to(fmap)
    lookups = lookups or legend_lookups()
    code = IncidentLayer.browser_code()
    code += (
        f"\nIncidentMap.legend({fmap.get_name()}, {json.dumps(lookups)});\n"
        f"window.incidentLookups = {json.dumps(lookups)};\n"
    )
    if picture:
        code += f"IncidentMap.pictureButton({fmap.get_name()});\n"
    if labels:
        names = json.dumps([list(label) for label in labels]).replace("</", "<\\/")
        code += f"IncidentMap.placeLabels({fmap.get_name()}, {names});\n"
    if follow_view:
        code += f"IncidentMap.followView({fmap.get_name()});\n"
    RawScript(code).add_to(fmap)
    return fmap


@lru_cache(maxsize=1)
def _basemap_js() -> str:
    """The vector basemap as plain L.geoJSON calls, serialised once per process.

    folium.GeoJson restyles every feature and computes bounds on every render, a tenth of a
    second per rerun for data that never changes.
    """
    st = styles()
    parts = []
    for name in ("world", "countries", "governorates", "borders", "rivers"):
        data = basemap_layer(name)
        if data is None:
            continue
        options = {
            "style": st["basemap"][name],
            "interactive": False,
            "attribution": "Made with Natural Earth",
        }
        parts.append(
            f"L.geoJSON({json.dumps(data, separators=(',', ':'))}, {json.dumps(options)}).addTo(__MAP__);"
        )
    return "\n".join(parts)


EARTH_RADIUS_KM = 6371.0
MERCATOR_MAX_LAT = 85.05  # Web Mercator's edge: the world is square up to here
FIT_PADDING_PX = 30
"""Room between the fitted points and the map's edge (Leaflet's `fitBounds` padding, in the
browser too: incident_layer.js and the offline export)."""


@dataclass(frozen=True)
class Fit:
    """A view that shows some points: its centre and zoom, and the bounds they fill."""

    center: tuple[float, float]
    zoom: int
    bounds: tuple[tuple[float, float], tuple[float, float]]
    """((south, west), (north, east)), as Leaflet's `fitBounds` takes them."""


def _mercator_y(lat: float) -> float:
    lat = max(-MERCATOR_MAX_LAT, min(MERCATOR_MAX_LAT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_view(
    lats: Sequence[float] | np.ndarray | pd.Series,
    lons: Sequence[float] | np.ndarray | pd.Series,
    radii_m: Sequence[float] | np.ndarray | pd.Series | None = None,
    *,
    width_px: int = 640,
    height_px: int = 520,
    padding_px: int = FIT_PADDING_PX,
    min_zoom: int = MIN_ZOOM,
    max_zoom: int = MAX_ZOOM,
    min_extent_km: float = 4.0,
) -> Fit | None:
    """The view that shows every point (and its precision circle, given `radii_m`) on a map of
    about `width_px` by `height_px`, in Web Mercator as Leaflet draws it; None for no point.

    The one fit of every map: the map page's starting view, the small maps of an incident and a
    briefing, the offline export (whose reader's window only the browser knows: it fits `bounds`).
    A lone point is shown `min_extent_km` wide, never at street level by accident; the zoom is
    clamped to `min_zoom`..`max_zoom`. Points without coordinates are left out.

    >>> fit_view([34.45], [40.92], max_zoom=11).zoom
    11
    >>> fit = fit_view([34.45, 35.33], [40.92, 40.14])
    >>> fit.center, fit.zoom
    ((34.89, 40.53), 9)
    >>> fit_view([], []) is None
    True
    """
    lat_arr = np.asarray(lats, dtype=float)
    lon_arr = np.asarray(lons, dtype=float)
    located = np.isfinite(lat_arr) & np.isfinite(lon_arr)
    if not located.any():
        return None
    if not located.all():
        lat_arr, lon_arr = lat_arr[located], lon_arr[located]
    if radii_m is None:  # the map page's 100,000 points: four reductions, nothing more
        south, north = float(lat_arr.min()), float(lat_arr.max())
        west, east = float(lon_arr.min()), float(lon_arr.max())
    else:
        radii = np.nan_to_num(np.asarray(radii_m, dtype=float)[located], nan=0.0)
        radius_deg = np.degrees(radii / 1000.0 / EARTH_RADIUS_KM)
        # A circle's east-west half-width in degrees of longitude grows with its latitude.
        lon_radius = radius_deg / np.maximum(np.cos(np.radians(lat_arr)), 0.01)
        south, north = float(np.min(lat_arr - radius_deg)), float(np.max(lat_arr + radius_deg))
        west, east = float(np.min(lon_arr - lon_radius)), float(np.max(lon_arr + lon_radius))
    south, north = max(south, -MERCATOR_MAX_LAT), min(north, MERCATOR_MAX_LAT)
    center = ((south + north) / 2, (west + east) / 2)
    # Spans in Mercator units (radians at the equator); a km at latitude φ is 1/(R cos φ) of them.
    least = min_extent_km / (EARTH_RADIUS_KM * max(math.cos(math.radians(center[0])), 0.01))
    x_span = max(math.radians(east - west), least)
    y_span = max(_mercator_y(north) - _mercator_y(south), least)
    # At zoom z the world (2π Mercator units) is 256 * 2**z pixels wide.
    pixels = min((width_px - 2 * padding_px) / x_span, (height_px - 2 * padding_px) / y_span)
    zoom = math.floor(math.log2(max(pixels, 1e-9) * 2 * math.pi / 256))
    return Fit(center, max(min_zoom, min(max_zoom, zoom)), ((south, west), (north, east)))
