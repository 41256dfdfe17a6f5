"""Routes: the sites of an incident's origin and destination become a line the map draws, and the
ACLED export still gives one row per site, each with its role."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from incidents.export import export
from incidents.load import load_incidents
from incidents.maps import routes
from incidents.maps.incident_layer import IncidentLayer, layer_data

ROUTE = "2021-02-22-fatemiyoun-weapons-shipment-al-mazare"


@pytest.fixture(scope="module")
def real():
    return load_incidents()


def test_pairs_join_every_origin_to_every_destination_of_the_same_incident() -> None:
    sites = pd.DataFrame(
        {
            "incident_id": ["a", "a", "b", "a", "b", "c"],
            "role": ["origin", "target", "origin", "destination", "destination", "destination"],
        }
    )
    assert routes.pairs(sites) == [[0, 3], [2, 4]]
    assert routes.pairs(sites.drop(columns="role")) == []


def test_the_layer_sends_the_route_of_the_shipment_record(real) -> None:
    sites = real.sites
    data = layer_data(real.incidents, sites)
    drawn = sites.reset_index(drop=True)  # every real site has a coordinate
    assert data["skipped"] == 0
    found = [
        (drawn.loc[a, ["incident_id", "place_id"]].tolist(), drawn.loc[b, "place_id"])
        for a, b in data["routes"]
    ]
    assert found == [([ROUTE, "iraq"], "al-mazare")]
    assert "IncidentRoutes" in IncidentLayer.browser_code()


def test_a_site_the_map_cannot_draw_takes_its_route_with_it(real) -> None:
    sites = real.sites.copy()
    sites.loc[(sites["incident_id"] == ROUTE) & (sites["role"] == "origin"), "lat"] = float("nan")
    assert layer_data(real.incidents, sites)["routes"] == []


def test_the_acled_export_keeps_one_row_per_site_of_a_route(real) -> None:
    out = io.StringIO()
    export(real, "acled", out, None, acled_uncertain=True)
    rows = pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)
    route = rows[rows["event_id_cnty"].str.startswith(f"SYR-IMAP-{ROUTE}")]
    n_sites = int(real.incidents.set_index("id").loc[ROUTE, "n_sites"])
    assert len(route) == n_sites == 5
    roles = route["tags"].str.extract(r"imap:role=([a-z]+)")[0].tolist()
    assert sorted(roles) == ["destination", "origin", "vicinity", "vicinity", "vicinity"]
    origin = route[route["tags"].str.contains("imap:role=origin")].iloc[0]
    assert (origin["country"], origin["location"]) == ("Iraq", "Iraq")
    assert origin["fatalities"] == "0"
