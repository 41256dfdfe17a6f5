"""An offline folium map: local Leaflet assets, vector basemap layers, no tile server by default.

Traps this module exists to avoid (each leaves a blank or broken map offline):
folium's default CDN scripts stop streamlit-folium at height 0; folium popups need jQuery
(ours are built by incident_layer.js); Leaflet's default icon path must be pinned; with
`tiles=None` the map itself needs `maxZoom`.
"""

from __future__ import annotations

import csv
import itertools
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import folium
from branca.element import Element

from incidents.i18n import gettext
from incidents.maps import assets
from incidents.maps.incident_layer import IncidentLayer
from incidents.maps.legend import legend_lookups, styles
from incidents.maps.projection import MAX_ZOOM, MIN_ZOOM
from incidents.maps.raw_script import RawScript

BASEMAP_DIR = Path(__file__).resolve().parents[2] / "geodata" / "basemap"

DEFAULT_CENTER = (34.9, 40.3)
MAX_BOUNDS = ((-85.0, -180.0), (85.0, 180.0))
"""The whole world: the basemap covers it coarsely (Natural Earth 1:110m), our region in detail."""
DEFAULT_ZOOM = 7

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


@lru_cache(maxsize=8)
def basemap_layer(name: str) -> dict | None:
    """A small GeoJSON layer from geodata/basemap, or None when it was not built."""
    path = BASEMAP_DIR / f"{name}.geojson"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def label_zoom(kind: str) -> int | None:
    """The zoom from which the basemap names a place of this feature type (styles.json
    `label_zoom`); None for a type it never names (a hospital, a street: sites, not landmarks)."""
    zoom = styles()["label_zoom"].get(kind)
    return int(zoom) if isinstance(zoom, int) else None


def _centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, lon, lat) of a ring, planar (shoelace): a label point, not a measurement."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def _inside(lon: float, lat: float, polygon: list[list[list[float]]]) -> bool:
    """Whether the point is inside the polygon's outer ring and outside its holes (ray casting)."""

    def in_ring(ring: list[list[float]]) -> bool:
        inside = False
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
        return inside

    return in_ring(polygon[0]) and not any(in_ring(hole) for hole in polygon[1:])


def _interior_point(polygon: list[list[list[float]]], lon: float, lat: float) -> tuple[float, float]:
    """The point of a 0.05-degree grid inside the polygon farthest from its outline, ties to the
    one nearest (lon, lat): where a name fits in a shape whose centroid falls outside it."""
    xs = [x for x, _ in polygon[0]]
    ys = [y for _, y in polygon[0]]
    outline = [point for ring in polygon for point in ring]
    best, best_key = (lon, lat), None
    steps_x = int((max(xs) - min(xs)) / 0.05) + 1
    steps_y = int((max(ys) - min(ys)) / 0.05) + 1
    for i in range(steps_x):
        for j in range(steps_y):
            x, y = min(xs) + i * 0.05, min(ys) + j * 0.05
            if not _inside(x, y, polygon):
                continue
            room = min((x - px) ** 2 + (y - py) ** 2 for px, py in outline)
            key = (room, -((x - lon) ** 2 + (y - lat) ** 2))
            if best_key is None or key > best_key:
                best, best_key = (x, y), key
    return best


@lru_cache(maxsize=4)
def country_labels(lang: str = "en") -> tuple[tuple[str, float, float, int], ...]:
    """(name, lat, lon, zoom) for each country of countries.geojson, at the centroid of its largest
    part within the basemap's box, named in `lang` where geodata/basemap/country_names.csv has it."""
    data = basemap_layer("countries")
    if data is None:
        return ()
    with (BASEMAP_DIR / "country_names.csv").open(encoding="utf-8", newline="") as handle:
        local = {row["name"]: row.get(f"name_{lang}") or "" for row in csv.DictReader(handle)}
    zoom = label_zoom("country") or 0
    out = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        polygon = max(polygons, key=lambda rings: _centroid(rings[0])[0])
        _, lon, lat = _centroid(polygon[0])
        if not _inside(lon, lat, polygon):  # a bent shape (Israel round the West Bank): a point within
            lon, lat = _interior_point(polygon, lon, lat)
        name = feature["properties"]["name"]
        out.append((local.get(name) or name, round(lat, 4), round(lon, 4), zoom))
    return tuple(out)


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
        control_scale=False,  # the legend's script adds it, with its units in the reader's words
        attribution_control=True,
    )
    # With tiles=None folium passes max_zoom to no tile layer; put the bounds on the map itself.
    fmap.options["maxZoom"] = MAX_ZOOM
    fmap.options["minZoom"] = MIN_ZOOM
    # Keep readers near the basemap's extent: beyond it there is nothing drawn offline.
    fmap.options["maxBounds"] = [list(MAX_BOUNDS[0]), list(MAX_BOUNDS[1])]
    fmap.options["maxBoundsViscosity"] = 0.7
    # The incident layer is swapped in later (feature_group_to_add): the map loads its assets.
    fmap.default_js = list(IncidentLayer.default_js)
    fmap.default_css = list(IncidentLayer.default_css)
    # Before any marker exists, or Leaflet guesses the icon path and requests images that 404.
    RawScript("L.Icon.Default.imagePath = " + json.dumps(assets.url("leaflet/images/")) + ";").add_to(fmap)
    fmap.get_root().header.add_child(Element(f"<style>{IncidentLayer.stylesheet()}</style>"))
    credit = json.dumps(gettext("Made with Natural Earth"))[1:-1]  # a JSON string's inside
    RawScript(_basemap_js().replace("__MAP__", fmap.get_name()).replace("__CREDIT__", credit)).add_to(fmap)
    if online_tiles:
        for name, url, attr in ONLINE_TILES:
            folium.TileLayer(url, name=name, attr=attr, show=False, max_zoom=MAX_ZOOM).add_to(fmap)
        folium.LayerControl(collapsed=True).add_to(fmap)
    lookups = lookups or legend_lookups()
    code = IncidentLayer.browser_code()
    code += (
        f"\nIncidentMap.legend({fmap.get_name()}, {json.dumps(lookups)});\n"
        f"IncidentMap.focusWithoutScrolling({fmap.get_name()});\n"
        f"window.incidentLookups = {json.dumps(lookups)};\n"
    )
    if picture:
        code += f"IncidentMap.pictureButton({fmap.get_name()});\n"
    # Towns (the caller's, from the gazetteer) and the countries, named by zoom (placeLabels).
    names = json.dumps([list(label) for label in labels or []]).replace("</", "<\\/")
    countries = country_labels((lookups or {}).get("lang", "en"))
    code += f"IncidentMap.placeLabels({fmap.get_name()}, {names}, {json.dumps(countries)});\n"
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
            "attribution": "__CREDIT__",  # in the reader's language (base_map)
        }
        parts.append(
            f"L.geoJSON({json.dumps(data, separators=(',', ':'))}, {json.dumps(options)}).addTo(__MAP__);"
        )
    return "\n".join(parts)
