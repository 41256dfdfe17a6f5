"""The incident layer for large tables: packed columns in, clusters of what is in view out.

`IncidentLayer` sends per-incident text and builds one marker per site (fine for hundreds).
At 100,000 sites that is tens of megabytes and seconds of work per rerun, so this layer sends
each site as 18 bytes of typed arrays (coordinates at 1e-5 degrees, one packed code for
attacker/type/confidence/precisions, day, span, place, killed; base64 in the script) plus the
incident ids, and the browser clusters with supercluster and draws only the visible clusters
and points (see large_layer.js). Tooltips are built in the browser from those codes; a
point's tooltip carries "[incident:ID]" like IncidentLayer's, so clicks still select.
"""

from __future__ import annotations

import base64
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from jinja2 import Template

from incidents.maps import assets
from incidents.maps.basemap import legend_lookups, lookup_index
from incidents.maps.raw_script import ScriptLayer
from incidents.model import Confidence, DatePrecision, LocationPrecision

JS_PATH = Path(__file__).with_name("large_layer.js")
SUPERCLUSTER = "supercluster/supercluster.min.js"
LARGE_THRESHOLD = 3000
"""Above this many sites the app should draw `LargeIncidentLayer` instead of `IncidentLayer`."""

_ORDERS = {
    "confidence": [c.value for c in Confidence],
    "location_precision": [p.value for p in LocationPrecision],
    "date_precision": [d.value for d in DatePrecision],
}
_DEFAULTS = {
    "attacker": "unknown",
    "event_type": "other",
    "confidence": "unknown",
    "location_precision": "town",
    "date_precision": "day",
}
_EPOCH = np.datetime64("1970-01-01", "D")


def _column(values: np.ndarray, kind: str) -> dict[str, str]:
    dtype = {"i32": "<i4", "u16": "<u2", "u32": "<u4"}[kind]
    raw = np.ascontiguousarray(values.astype(dtype)).tobytes()
    return {"type": kind, "data": base64.b64encode(raw).decode("ascii")}


def _codes(sites: pd.DataFrame, name: str, order: list[str]) -> np.ndarray:
    codes, uniques = pd.factorize(sites[name], use_na_sentinel=False)
    default = order.index(_DEFAULTS[name])
    lookup = np.array([order.index(u) if u in order else default for u in uniques] or [default])
    return lookup[codes]


def _ids(incident_ids: pd.Series) -> tuple[dict, np.ndarray | None]:
    """Incident ids compactly: a shared prefix and numbers ('syr' + 123456) when they all fit."""
    codes, unique = pd.factorize(incident_ids, sort=False)
    per_site = None if len(unique) == len(incident_ids) else codes
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
            numbers = digits.astype("int64").to_numpy()
            return {"prefix": prefix, "numbers": _column(numbers, "u32")}, per_site
    return {"list": [str(i) for i in unique]}, per_site


def large_layer_data(sites: pd.DataFrame, lookups: dict | None = None) -> dict:
    """The packed, JSON-able data the browser unpacks (see large_layer.js `unpack`).

    Attackers and event types are coded as positions in `lookups` (the legend's lists).
    """
    lookups = lookups or legend_lookups(sites)
    orders = {
        **_ORDERS,
        "attacker": list(lookup_index(lookups, "attackers")),
        "event_type": list(lookup_index(lookups, "types")),
    }
    sites = sites[sites["lat"].notna() & sites["lon"].notna()]
    n = len(sites)
    code = np.zeros(n, dtype=np.int64)
    base = []
    for name in ("attacker", "event_type", "confidence", "location_precision", "date_precision"):
        code = code * len(orders[name]) + _codes(sites, name, orders[name])
        base.append(len(orders[name]))
    start = sites["date_start"].to_numpy("datetime64[D]")
    end = sites["date_end"].to_numpy("datetime64[D]")
    day = (start - _EPOCH).astype("int64")
    span = np.clip((end - start).astype("int64"), 0, 65535)
    day = np.where(np.isnat(start), 0, day)
    span = np.where(np.isnat(start) | np.isnat(end), 0, span)
    place_codes, place_names = pd.factorize(sites["place_name"].fillna(""), sort=False)
    killed = sites["killed_min"].astype("Float64").fillna(65535).clip(0, 65535).to_numpy("int64")
    columns = {
        "lat": _column(np.round(sites["lat"].to_numpy("float64") * 1e5), "i32"),
        "lon": _column(np.round(sites["lon"].to_numpy("float64") * 1e5), "i32"),
        "code": _column(code, "u16" if int(np.prod(base)) <= 65536 else "u32"),
        "day": _column(np.clip(day, 0, 65535), "u16"),
        "span": _column(span, "u16"),
        "place": _column(place_codes, "u16" if len(place_names) < 65536 else "u32"),
        "killed": _column(killed, "u16"),
    }
    ids, per_site = _ids(sites["incident_id"])
    if per_site is not None:
        columns["incident"] = _column(per_site, "u32")
    return {
        "columns": columns,
        "ids": ids,
        "places": [str(p) for p in place_names],
        "code_base": base,
        "location_precisions": [p.label.lower() for p in LocationPrecision],
        "n_incidents": int(sites["incident_id"].nunique()),
    }


def _selected(sites: pd.DataFrame, incident_id: str | None, lookups: dict) -> dict | None:
    if not incident_id:
        return None
    chosen = sites[(sites["incident_id"] == incident_id) & sites["lat"].notna()]
    if not len(chosen):
        return None
    colors = {a["slug"]: a["color"] for a in lookups["attackers"]}
    return {
        "id": incident_id,
        "title": str(chosen["title"].iloc[0]),
        "sites": [
            [
                float(r.lat),
                float(r.lon),
                0 if pd.isna(r.precision_m) else int(r.precision_m),
                colors.get(r.attacker, colors["unknown"]),
            ]
            for r in chosen.itertuples()
        ],
    }


@lru_cache(maxsize=1)
def browser_code() -> str:
    """large_layer.js, preceded by supercluster when the npm asset is installed."""
    code = JS_PATH.read_text(encoding="utf-8")
    if assets.has(SUPERCLUSTER):
        library = (assets.VENDOR_DIR / SUPERCLUSTER).read_text(encoding="utf-8")
        code = "if (!window.Supercluster) {\n" + library + "\n}\n" + code
    return code


class LargeIncidentLayer(ScriptLayer):
    """A FeatureGroup for tens of thousands of incidents, clustered in the browser.

    Same contract as IncidentLayer for the app: a FeatureGroup for `feature_group_to_add`,
    `window.incidentLayerInfo` set once painted ({markers, clusters, incidents, sites}), and
    "[incident:ID]" in a clicked point's tooltip.
    """

    # Layer.render() appends the addTo(parent) call itself.
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.code }}
            var {{ this.get_name() }} = L.featureGroup({{ this.options|tojson }});
            LargeIncidents.add({{ this.get_name() }}, {{ this.payload_json }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        sites: pd.DataFrame,
        selected: str | None = None,
        cluster: bool = True,
        heat: bool = False,
        incident_url: str = "incident?incident=",
        lookups: dict | None = None,
    ) -> None:
        super().__init__(name="Incidents", overlay=True, control=False, show=True)
        lookups = lookups or legend_lookups(sites)
        data = large_layer_data(sites, lookups)
        data["lookups"] = {**lookups, "incident_url": incident_url}
        data["options"] = {"cluster": cluster, "heat": heat}
        data["selected"] = _selected(sites, selected, lookups)
        self.payload = data
        # Serialised once here (jinja's tojson would do it on every one of streamlit-folium's
        # renders); "</" is escaped so the data can never close the page's <script>.
        self.payload_json = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        self.code = browser_code()

    def payload_bytes(self) -> int:
        """Size of the data this layer sends to the browser (for benchmarks and limits)."""
        return len(self.payload_json) + len(self.code)
