"""Routes: an incident with an origin and a destination (a shipment from Iraq to al-Mayadin)
draws as a line with an arrow from the one to the other.

The pairs are positions in the layer's own list of sites (incident_layer.layer_data packs the
sites in the order it is given them), so the browser (routes.js) draws each line between two
markers it already has. The roles are the records' (incidents.model.LocationRole).

>>> import pandas as pd
>>> sites = pd.DataFrame({"incident_id": ["a", "a", "a", "b"],
...                       "role": ["origin", "vicinity", "destination", "target"]})
>>> pairs(sites)
[[0, 2]]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from incidents.model import LocationRole

JS_PATH = Path(__file__).with_name("routes.js")
"""The browser's half, loaded with incident_layer.js (IncidentLayer.browser_code)."""
MAX_ROUTES = 5000
"""More routes than this are not drawn (a table that large is read from its clusters)."""


def pairs(sites: pd.DataFrame) -> list[list[int]]:
    """[origin position, destination position] for every origin and destination of the same
    incident, in the sites' order; none when the table has no roles."""
    if "role" not in sites.columns or sites.empty:
        return []
    roles = sites["role"].astype("string").to_numpy(dtype=object, na_value="")
    position = np.arange(len(sites))
    ends = pd.DataFrame({"incident": sites["incident_id"].to_numpy(), "at": position})
    origins = ends[roles == LocationRole.ORIGIN.value]
    destinations = ends[roles == LocationRole.DESTINATION.value]
    if origins.empty or destinations.empty:
        return []
    joined = origins.merge(destinations, on="incident", suffixes=("_from", "_to")).sort_values(
        ["at_from", "at_to"]
    )
    return [[int(a), int(b)] for a, b in zip(joined["at_from"], joined["at_to"], strict=True)][:MAX_ROUTES]
