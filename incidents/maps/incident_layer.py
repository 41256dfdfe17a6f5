"""The incident layer: every incident at every size, as packed columns clustered in the browser.

One layer for 28 curated records and for 100,000 rows of a large table, so the legend is true
at every size: the same symbols (colour = attacker, shape = event type, outline = confidence),
popups and precision circles. Each site travels as a few bytes of typed arrays (coordinates at
1e-5 degrees, codes into small lookup lists; base64 in the script) and each incident as codes
into deduplicated text lists (titles, date phrases, claims, casualty phrases), so 100,000
incidents stay a few megabytes. The browser clusters with supercluster and draws only what is in
view (incident_layer.js); a cluster's number counts distinct incidents, not sites. Beyond
viewport.VIEWPORT_THRESHOLD sites the layer holds one area of the map: the cells the server
aggregated (viewport.py), drawn as these clusters are, and the sites sent one by one.

The layer declares its browser assets once (`default_js`/`default_css`, as folium's plugins do):
the app's base map and the standalone HTML export both read them from here.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd
from folium.elements import JSCSSMixin
from jinja2 import Template

from incidents import dates
from incidents.i18n import _
from incidents.labels import casualty_label, local_claims
from incidents.maps import assets, routes
from incidents.maps.legend import colour_codes, legend_lookups, lookup_index, styles
from incidents.maps.raw_script import ScriptLayer
from incidents.model import Confidence, LocationPrecision

JS_PATH = Path(__file__).with_name("incident_layer.js")
LABELS_JS_PATH = Path(__file__).with_name("place_labels.js")
STACKS_JS_PATH = Path(__file__).with_name("stacked_sites.js")
CSS_PATH = Path(__file__).with_name("map.css")
REGION_WIDE_M = 30_000
"""Precision circles wider than this (a region) are drawn only for the selected incident."""


# --- packing -------------------------------------------------------------------------------------

_TYPED = {"u8": "<u1", "u16": "<u2", "u32": "<u4", "i32": "<i4"}


def _column(values: np.ndarray, kind: str | None = None) -> dict[str, str]:
    """A typed array as base64; unsigned codes take the smallest type that holds them."""
    if kind is None:
        top = int(values.max()) if len(values) else 0
        kind = "u8" if top < 256 else "u16" if top < 65536 else "u32"
    raw = np.ascontiguousarray(values.astype(_TYPED[kind])).tobytes()
    return {"type": kind, "data": base64.b64encode(raw).decode("ascii")}


def _factor(*arrays: pd.Series | np.ndarray) -> tuple[np.ndarray, list]:
    """Codes into the distinct values (tuples of values for several arrays), first-seen order.

    NA is a value of its own. Several arrays are factorised one by one and their codes folded
    into one integer: a MultiIndex would build a Python tuple per row (0.4 s at 100,000).
    """
    parts = [pd.factorize(values, sort=False, use_na_sentinel=False) for values in arrays]
    if len(parts) == 1:
        return parts[0][0], list(parts[0][1])
    combined = np.zeros(len(arrays[0]), dtype=np.int64)
    for codes, uniques in parts:
        combined = pd.factorize(combined * max(len(uniques), 1) + codes, sort=False)[0]
    rows = np.unique(combined, return_index=True)[1]  # codes are 0..m-1 in first-seen order
    values = list(zip(*(uniques[codes[rows]] for codes, uniques in parts), strict=True))
    return combined, values


def _text_column(values: pd.Series) -> tuple[dict[str, str], list[str]]:
    codes, uniques = _factor(values.fillna("").astype(str))
    return _column(codes), [str(u) for u in uniques]


def _ids(unique: pd.Index) -> dict:
    """Incident ids compactly: a shared prefix and numbers ('syr' + 123456) when they all fit."""
    ids = pd.Series(unique, dtype="str")
    prefix = str(ids.iloc[0]).rstrip("0123456789") if len(ids) else ""
    if len(ids) and ids.str.startswith(prefix).all():
        digits = ids.str.slice(len(prefix))
        # Numbers must give the id back exactly: digits only, no leading zero, at most 9 (uint32).
        if (
            digits.str.isdigit().all()
            and digits.str.len().between(1, 9).all()
            and not digits.str.startswith("0").any()
        ):
            return {"prefix": prefix, "numbers": _column(digits.astype("int64").to_numpy(), "u32")}
    return {"list": [str(i) for i in unique]}


def _index(values: pd.Series, order: list[str], default: str) -> np.ndarray:
    """Positions of slugs in a lookup list; a slug outside it takes the default's position."""
    codes, uniques = _factor(values)
    lookup = np.array([order.index(u) if u in order else order.index(default) for u in uniques] or [0])
    return lookup[codes]


def _numbers(values: pd.Series) -> np.ndarray:
    """A column as float64, NA (and anything not a number) as NaN."""
    if pd.api.types.is_numeric_dtype(values):
        return values.to_numpy("float64", na_value=np.nan)
    return pd.to_numeric(values, errors="coerce").to_numpy("float64", na_value=np.nan)


def drawable(sites: pd.DataFrame) -> pd.Series:
    """Which sites have a coordinate the map can draw (finite, on the globe)."""
    lat = _numbers(sites["lat"])
    lon = _numbers(sites["lon"])
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    return pd.Series(ok, index=sites.index)


def _incident_text(details: pd.DataFrame) -> tuple[dict, dict]:
    """Per-incident codes (title, date, claims, casualties) and the distinct texts they point to."""
    columns: dict[str, dict] = {}
    texts: dict[str, list] = {}
    columns["title"], texts["title"] = _text_column(details["title"])
    # Who says so in the reader's language, from the structured claims (labels.local_claims).
    columns["claims"], texts["claims"] = _text_column(local_claims(details))
    # Labels are worked out once per distinct value, not once per incident.
    # The words the pages show (incidents.dates): worked out at load in English, here in another language.
    words = dates.local_words(details)
    columns["date"], texts["date"] = _text_column(words)
    empty = pd.Series(pd.NA, index=details.index, dtype="Int64")
    names = ("killed_min", "killed_max", "injured_min", "injured_max")
    codes, quads = _factor(*(details.get(name, empty) for name in names))
    columns["casualties"] = _column(codes)
    texts["casualties"] = [[casualty_label(q[0], q[1]), casualty_label(q[2], q[3])] for q in quads]
    return columns, texts


_INCIDENT_FIELDS = (
    "title",
    "date_words",
    "claims_text",
    "claims",
    "attacker",
    "event_type",
    "confidence",
    "date_start",
    "date_end",
    "date_precision",
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "dataset",
)
"""What the layer reads of an incident (copying only these keeps a 100k layer's memory small)."""


def _details(incidents: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """The incidents' fields the layer reads, one row per id in `ids` (in that order)."""
    fields = incidents[["id", *(c for c in _INCIDENT_FIELDS if c in incidents.columns)]]
    index = pd.Index(fields["id"])
    rows = index.get_indexer(ids) if index.is_unique else np.array([-1])
    if (rows < 0).any():  # repeated ids, or a site whose incident is missing: the slow, safe way
        return fields.drop_duplicates("id").set_index("id").reindex(ids)
    return fields.iloc[rows].set_index("id")


def layer_data(incidents: pd.DataFrame, sites: pd.DataFrame, lookups: dict | None = None) -> dict:
    """The packed, JSON-able data the browser unpacks (incident_layer.js `unpack`).

    Attackers and event types are sent as positions in `lookups` (the legend's lists, which
    name every actor and type of the table).

    Sites the map cannot draw (no or an impossible coordinate) are left out and counted in
    `skipped`, so the map can say so next to a count line that includes them.
    """
    ok = drawable(sites)
    skipped = int((~ok).sum())
    sites = sites[ok.to_numpy()]
    codes, unique = pd.factorize(sites["incident_id"], sort=False)
    unique = pd.Index(unique)
    details = _details(incidents, unique)
    lookups = lookups or legend_lookups(incidents)
    attackers = list(lookup_index(lookups, "attackers"))
    types = list(lookup_index(lookups, "types"))
    confidences = [c.value for c in Confidence]
    codes_by = [
        _index(details["attacker"].fillna("unknown").astype(str), attackers, "unknown"),
        _index(details["event_type"], types, "other"),
        _index(details["confidence"], confidences, "unknown"),
    ]
    colour = colour_codes(details["dataset"], lookups) if "dataset" in details else None
    if colour is not None:  # colour=dataset: a 4th code, the incident's dataset (legend.colour_by_dataset)
        codes_by.append(colour)
    style_codes, styles_used = _factor(*codes_by)
    precisions = [p.value for p in LocationPrecision]
    radius = _numbers(sites["precision_m"])
    radius = np.where(np.isfinite(radius) & (radius > 0), radius, 0).astype("int64")
    where_codes, wheres = _factor(
        _index(sites["location_precision"].fillna("town"), precisions, "town"), radius
    )
    place_codes, place_names = _factor(sites["place_name"].fillna("").astype(str))
    text_columns, texts = _incident_text(details)
    columns = {
        "lat": _column(np.round(sites["lat"].to_numpy("float64") * 1e5), "i32"),
        "lon": _column(np.round(sites["lon"].to_numpy("float64") * 1e5), "i32"),
        "place": _column(place_codes),
        "where": _column(where_codes),
    }
    if len(unique) != len(sites):
        columns["incident"] = _column(codes, "u32")
    return {
        "routes": routes.pairs(sites),
        "columns": columns,
        "incident_columns": {"style": _column(style_codes), **text_columns},
        "ids": _ids(unique),
        "texts": texts,
        "places": [str(p) for p in place_names],
        "wheres": [[int(p), int(r)] for p, r in wheres],
        "styles": [[int(code) for code in style] for style in styles_used],
        "location_precisions": [_(p.label).lower() for p in LocationPrecision],
        "n_incidents": len(unique),
        "skipped": skipped,
    }


class IncidentLayer(JSCSSMixin, ScriptLayer):
    """A FeatureGroup whose script builds the incident markers and clusters in the browser.

    Contract with the app: a FeatureGroup for streamlit-folium's `feature_group_to_add`,
    `window.incidentLayerInfo` set once painted ({incidents, sites, skipped, markers, clusters}),
    and "[incident:ID]" in a clicked marker's tooltip, which the app reads to select it.
    """

    default_js: ClassVar[list[tuple[str, str]]] = [("incident_map", assets.url(assets.MAP_BUNDLE))]
    default_css: ClassVar[list[tuple[str, str]]] = [("leaflet_css", assets.url("leaflet/leaflet.css"))]

    # Layer.render() appends the addTo(parent) call itself.
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup({{ this.options|tojson }});
            IncidentMap.addIncidents({{ this.get_name() }}, {{ this.payload_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        incidents: pd.DataFrame,
        sites: pd.DataFrame,
        selected: str | None = None,
        cluster: bool = True,
        heat: bool = False,
        incident_url: str = "incident?incident=",
        fit: bool = False,
        listing: bool = False,
        caption: dict[str, str] | None = None,
        lookups: dict | None = None,
        viewport: dict | None = None,
    ) -> None:
        """`viewport` (viewport.Aggregation.payload) makes this the layer of one area of a large
        table: `sites` are the area's sites sent one by one, the rest arrives as cells."""
        super().__init__(name="Incidents", overlay=True, control=False, show=True)
        lookups = lookups or legend_lookups(incidents)
        data = layer_data(incidents, sites, lookups)
        if viewport is not None:
            data["cells"] = viewport["cells"]
            data["skipped"] = viewport["skipped"]
        data["lookups"] = {**lookups, "incident_url": incident_url}
        data["options"] = {
            "selected": selected,
            "cluster": cluster,
            "heat": heat,
            "fit": fit,
            "listing": listing,
            "caption": caption,
            "region_wide_m": REGION_WIDE_M,
        }
        if viewport is not None:
            data["options"]["viewport"] = viewport["view"]
        self.payload = data
        # Serialised once here (jinja's tojson would do it on every one of streamlit-folium's
        # renders), escaped as tojson does: record text can never close the page's <script>.
        text = json.dumps(data, separators=(",", ":"))
        for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
            text = text.replace(char, escaped)
        self.payload_json = text

    @staticmethod
    def browser_code() -> str:
        """incident_layer.js, stacked sites (stacked_sites.js), routes.js and the basemap's place
        names (place_labels.js): what a map must load before any IncidentLayer is added to it."""
        parts = (JS_PATH, STACKS_JS_PATH, routes.JS_PATH, LABELS_JS_PATH)
        return "\n".join(_read(path) for path in parts)

    @staticmethod
    def stylesheet() -> str:
        """map.css with the basemap's background colour."""
        return _read(CSS_PATH).replace("__BACKGROUND__", styles()["basemap"]["background"])

    def payload_bytes(self) -> int:
        """Size of the data this layer sends to the browser (for benchmarks and limits)."""
        return len(self.payload_json)


@lru_cache(maxsize=4)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
