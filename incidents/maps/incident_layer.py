"""The incident layer: all incidents as one FeatureGroup carrying compact columnar data.

One folium object per incident costs ~1.2 ms per marker on every rerun and tens of seconds
to paint 10,000; this layer serialises the filtered sites once and lets the browser build
the markers (see incident_layer.js).
"""

from __future__ import annotations

import json

import pandas as pd
from jinja2 import Template

from incidents.labels import casualty_label, date_label
from incidents.maps.basemap import legend_lookups, lookup_index
from incidents.maps.raw_script import ScriptLayer
from incidents.model import Confidence, LocationPrecision

_CONFIDENCES = {c.value: i for i, c in enumerate(Confidence)}


def layer_data(incidents: pd.DataFrame, sites: pd.DataFrame, lookups: dict | None = None) -> dict:
    """Columnar JSON-able data for the browser: per-site coordinates plus per-incident details.

    Attackers and event types are sent as positions in `lookups` (the legend's lists).
    """
    lookups = lookups or legend_lookups(incidents)
    attackers, types = lookup_index(lookups, "attackers"), lookup_index(lookups, "types")
    ids = pd.unique(sites["incident_id"]) if len(sites) else []
    details = incidents.set_index("id").reindex(ids)
    index = pd.Index(ids).get_indexer(sites["incident_id"]) if len(sites) else []
    columns = {
        name: details[name].tolist()
        for name in (
            "title",
            "date_start",
            "date_end",
            "date_precision",
            "attacker",
            "event_type",
            "confidence",
            "killed_min",
            "killed_max",
            "injured_min",
            "injured_max",
        )
    }
    claims = details["claims_text"].fillna("").tolist() if "claims_text" in details else [""] * len(ids)
    records = [
        {
            "id": incident_id,
            "title": columns["title"][k],
            "date_label": date_label(
                columns["date_start"][k], columns["date_end"][k], columns["date_precision"][k]
            ),
            "a": attackers[columns["attacker"][k]],
            "t": types[columns["event_type"][k]],
            "c": _CONFIDENCES.get(columns["confidence"][k], _CONFIDENCES["unknown"]),
            "claims": claims[k],
            "killed": casualty_label(columns["killed_min"][k], columns["killed_max"][k]),
            "injured": casualty_label(columns["injured_min"][k], columns["injured_max"][k]),
        }
        for k, incident_id in enumerate(ids)
    ]
    precision_labels = {p.value: p.label.lower() for p in LocationPrecision}
    return {
        "incidents": records,
        "sites": {
            "lat": sites["lat"].round(5).tolist(),
            "lon": sites["lon"].round(5).tolist(),
            "r": sites["precision_m"].fillna(0).astype(int).tolist(),
            "i": [int(x) for x in index],
            "name": sites["place_name"].fillna("").tolist(),
            "precision": [precision_labels.get(p, str(p)) for p in sites["location_precision"]],
        },
    }


class IncidentLayer(ScriptLayer):
    """A FeatureGroup whose script builds every incident marker in the browser."""

    # Layer.render() appends the addTo(parent) call itself.
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.featureGroup({{ this.options|tojson }});
            IncidentMap.addIncidents({{ this.get_name() }}, {{ this.payload|tojson }});
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
        precision_circles: bool = True,
        incident_url: str = "incident?incident=",
        lookups: dict | None = None,
    ) -> None:
        super().__init__(name="Incidents", overlay=True, control=False, show=True)
        lookups = lookups or legend_lookups(incidents)
        data = layer_data(incidents, sites, lookups)
        data["lookups"] = {**lookups, "incident_url": incident_url}
        data["options"] = {
            "selected": selected,
            "cluster": cluster,
            "heat": heat,
            "precision_circles": precision_circles,
        }
        self.payload = data

    def payload_bytes(self) -> int:
        """Size of the data this layer sends to the browser (for benchmarks and limits)."""
        return len(json.dumps(self.payload, separators=(",", ":")))
