"""Aggregation by viewport (incidents/maps/viewport.py): what the browser receives of a large table."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest

from bench.generate import generate
from incidents.maps import projection, viewport
from incidents.maps.legend import legend_lookups, lookup_index
from incidents.maps.viewport import Bounds, aggregate, covering, points_of, view_bounds
from incidents.tables import from_acled

EVERYWHERE = Bounds(-80.0, -179.0, 80.0, 179.0)


@pytest.fixture(scope="module")
def table() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    incidents, sites = from_acled(generate(20_000, seed=3))
    return incidents, sites, legend_lookups(incidents)


def _sites(rows: list[tuple[str, float, float]], attacker: str = "israel") -> pd.DataFrame:
    """A sites table: (incident id, lat, lon) per site."""
    return pd.DataFrame(
        {
            "incident_id": [r[0] for r in rows],
            "lat": [r[1] for r in rows],
            "lon": [r[2] for r in rows],
            "attacker": attacker,
            "event_type": "drone-strike",
        }
    )


def _decode(column: dict) -> np.ndarray:
    dtype = {"u8": "<u1", "u16": "<u2", "u32": "<u4", "i32": "<i4"}[column["type"]]
    return np.frombuffer(base64.b64decode(column["data"]), dtype=dtype)


def test_projection_is_leaflets_web_mercator() -> None:
    x, y = viewport.world_px(
        np.array([0.0, projection.MAX_LATITUDE, -projection.MAX_LATITUDE]), np.array([0.0, -180, 180])
    )
    assert np.allclose(x, [128, 0, 256]) and np.allclose(y, [128, 0, 256])
    lat, lon = viewport.lat_lon(*viewport.world_px(34.45, 40.92))
    assert np.isclose(lat, 34.45) and np.isclose(lon, 40.92)
    # A map 1000 px wide at zoom 9 spans 1000 / (256 * 2**9) of the world's 360 degrees.
    bounds = view_bounds((34.45, 40.92), 9, (1000, 800))
    assert np.isclose(bounds.east - bounds.west, 1000 / (256 * 2**9) * 360)
    assert viewport.size_px(bounds, 9) == (1000, 800)


def test_cell_counts_add_up_to_the_incidents_in_the_area(table) -> None:
    incidents, sites, lookups = table
    points = points_of(sites, lookups)
    for zoom in (2, 6, 8, 10):
        shown = aggregate(points, covering(view_bounds((34.8, 40.3), zoom), zoom))
        assert shown.mode == "grid"
        in_cells = int(shown.cells.count.sum()) + len(shown.individual)  # one site per ACLED event
        assert in_cells == shown.incidents
        # Each cell's ring and name count the same incidents as its number.
        for count, attackers, types in zip(
            shown.cells.count, shown.cells.attackers, shown.cells.types, strict=True
        ):
            assert sum(attackers.values()) == sum(types.values()) == count >= 2
    world = aggregate(points, covering(EVERYWHERE, 2))
    assert world.incidents == len(incidents)


def test_an_incident_counts_once_per_cell_however_many_of_its_sites_it_holds() -> None:
    lookups = legend_lookups()
    near = [("a", 34.450, 40.910), ("a", 34.451, 40.911), ("b", 34.452, 40.912), ("c", 34.453, 40.913)]
    far = [("a", 35.336, 40.141), ("d", 35.337, 40.142)]  # incident a also has a site 100 km away
    points = points_of(_sites(near + far), lookups)
    shown = aggregate(points, covering(Bounds(34.0, 39.5, 36.0, 41.5), 8), individual_limit=0)
    assert sorted(shown.cells.count.tolist()) == [2, 3]  # a, b, c near; a, d far
    assert shown.incidents == 4
    israel = lookup_index(lookups, "attackers")["israel"]
    assert sorted(cell[israel] for cell in shown.cells.attackers) == [2, 3]


def test_a_site_outside_the_area_is_not_counted() -> None:
    lookups = legend_lookups()
    area = covering(Bounds(34.3, 40.7, 34.6, 41.1), 9)
    edge = area.bounds()
    beyond = [
        (edge.north + 0.01, 40.92),
        (edge.south - 0.01, 40.92),
        (34.45, edge.east + 0.01),
        (34.45, edge.west - 0.01),
    ]
    rows = [(f"i{k}", 34.45 + k * 1e-4, 40.92) for k in range(10)] + [
        (f"out{k}", *p) for k, p in enumerate(beyond)
    ]
    points = points_of(_sites(rows), lookups)
    shown = aggregate(points, area, individual_limit=0)
    assert shown.incidents == 10 and shown.cells.count.tolist() == [10]
    few = aggregate(points, area)  # few sites: each is sent as itself, still not the outside one
    assert few.mode == "sites" and sorted(points.rows[few.individual].tolist()) == list(range(10))


def test_zoom_changes_the_cell_size() -> None:
    """Two sites 200 px apart at zoom 10 are 50 px apart at zoom 8: one cell there, two here."""
    lookups = legend_lookups()
    x, y = viewport.world_px(34.45, 40.92)
    x = (np.floor(x * 2**8 / 64) * 64 + 5) / 2**8  # 5 px into a cell at zoom 8 (cells start at 0)
    (lat_a, lat_b), (lon_a, lon_b) = viewport.lat_lon(np.array([x, x + 200 / 2**10]), np.array([y, y]))
    points = points_of(_sites([("a", lat_a, lon_a), ("b", lat_b, lon_b)]), lookups)
    view = Bounds(34.2, 40.6, 34.7, 41.3)

    def groups(zoom: int, cell_px: int = viewport.CELL_PX) -> int:
        shown = aggregate(points, covering(view, zoom), cell_px=cell_px, individual_limit=0)
        return len(shown.cells) + len(shown.individual)

    assert (groups(8), groups(10)) == (1, 2)
    # With grouping off the cells are small: only sites that would nearly overlap are merged.
    assert viewport.CELL_PX_UNGROUPED < 50 and groups(8, viewport.CELL_PX_UNGROUPED) == 2


def test_a_town_on_the_corner_of_four_cells_is_one_group() -> None:
    """Cells are fixed to the world: sites around a cell corner fall in four cells, whose means lie
    a few pixels apart. Drawn as four groups they would cover each other; they are one."""
    lookups = legend_lookups()
    zoom = 9
    x, y = viewport.world_px(34.45, 40.92)
    corner_x, corner_y = (np.round(v * 2**zoom / 64) * 64 for v in (x, y))
    offsets = [(-6, -6), (6, -6), (-6, 6), (6, 6), (-3, -3), (3, 3)]  # pixels from the corner
    lat, lon = viewport.lat_lon(
        np.array([corner_x + dx for dx, _ in offsets]) / 2**zoom,
        np.array([corner_y + dy for _, dy in offsets]) / 2**zoom,
    )
    far = [("far1", 35.336, 40.141), ("far2", 35.3361, 40.1411)]
    sites = _sites([(f"i{k}", a, o) for k, (a, o) in enumerate(zip(lat, lon, strict=True))] + far)
    shown = aggregate(
        points_of(sites, lookups), covering(Bounds(34.0, 39.5, 35.6, 41.5), zoom), individual_limit=0
    )
    assert sorted(shown.cells.count.tolist()) == [2, 6] and len(shown.individual) == 0
    town = int(np.argmax(shown.cells.count))
    assert np.isclose(shown.cells.lat[town], lat.mean(), atol=1e-4)
    assert np.isclose(shown.cells.lon[town], lon.mean(), atol=1e-4)


def test_no_coordinate_never_reaches_the_aggregation() -> None:
    sites = _sites(
        [("a", 34.45, 40.92), ("b", float("nan"), 40.9), ("c", 34.4, float("nan")), ("d", 95.0, 40.0)]
    )
    points = points_of(sites, legend_lookups())
    assert len(points) == 1 and points.skipped == 3 and points.rows.tolist() == [0]
    # Rows taken from a larger table are numbered as there.
    assert points_of(sites, legend_lookups(), np.array([10, 11, 12, 13])).rows.tolist() == [10]
    shown = aggregate(points, covering(EVERYWHERE, 2), individual_limit=0)
    assert shown.incidents == 1 and np.isfinite(shown.cells.lat).all()
    assert shown.payload(points.skipped)["skipped"] == 3


def test_an_area_reaches_beyond_the_view_and_a_short_pan_stays_in_it() -> None:
    view = view_bounds((34.8, 40.3), 9, (1000, 800))
    area = covering(view, 9)
    assert (area.left, area.top, area.right, area.bottom) == tuple(
        v // viewport.TILE_PX * viewport.TILE_PX for v in (area.left, area.top, area.right, area.bottom)
    )
    assert area.covers(view, 9)
    assert area.right - area.left >= 2 * 1000 and area.bottom - area.top >= 2 * 800
    assert area.covers(view_bounds((34.8, 40.3 + 0.3), 9, (1000, 800)), 9)  # a quarter view east
    assert not area.covers(view_bounds((34.8, 40.3 + 3.0), 9, (1000, 800)), 9)  # four views east
    assert not area.covers(view, 10)  # another zoom has other cells
    # The whole world at the lowest zoom, clamped at its edges.
    world = covering(EVERYWHERE, 2)
    assert (world.left, world.top, world.right, world.bottom) == (0, 0, 1024, 1024)


def test_the_payload_is_what_the_layer_script_reads(table) -> None:
    _, sites, lookups = table
    points = points_of(sites, lookups)
    shown = aggregate(points, covering(view_bounds((34.8, 40.3), 8), 8))
    payload = shown.payload(points.skipped)
    cells = payload["cells"]
    counts = _decode(cells["count"])
    assert counts.tolist() == shown.cells.count.tolist()
    assert np.allclose(_decode(cells["lat"]) / 1e5, shown.cells.lat, atol=1e-5)
    pairs = cells["attackers"][0]
    assert sum(pairs[1::2]) == counts[0]
    assert payload["view"]["mode"] == "grid" and payload["view"]["zoom"] == 8


def test_a_cell_counts_its_uncertain_attributions_once_per_incident() -> None:
    """The arc round a group (issue 29): how many of a cell's incidents have a confidence drawn
    dashed, an incident with two sites in the cell counted once."""
    lookups = legend_lookups()
    rows = [("a", 34.450, 40.910), ("a", 34.451, 40.911), ("b", 34.452, 40.912), ("c", 34.453, 40.913)]
    sites = _sites(rows).assign(confidence=["possible", "possible", "confirmed", "unknown"])
    shown = aggregate(
        points_of(sites, lookups), covering(Bounds(34.0, 39.5, 36.0, 41.5), 8), individual_limit=0
    )
    assert shown.cells.count.tolist() == [3]
    assert shown.cells.uncertain.tolist() == [2]  # a (possible, two sites) and c (unknown)
    assert _decode(shown.payload()["cells"]["uncertain"]).tolist() == [2]
    # A table that does not say how sure its attributions are gives no arc, not a made-up share.
    bare = aggregate(
        points_of(_sites(rows), lookups), covering(Bounds(34.0, 39.5, 36.0, 41.5), 8), individual_limit=0
    )
    assert bare.cells.uncertain is None and "uncertain" not in bare.payload()["cells"]


def test_an_event_with_no_attacker_is_not_counted_as_uncertain() -> None:
    """A battle has no attacker, so no attribution to doubt: its 'unknown' confidence is no share
    of a cell's dashed arc (issue 29), while an attacker's unknown confidence still is."""
    lookups = legend_lookups()
    rows = [("a", 34.450, 40.910), ("b", 34.452, 40.912), ("c", 34.453, 40.913), ("d", 34.454, 40.914)]
    sites = _sites(rows).assign(
        attacker=["no-attacker", "no-attacker", "israel", "unknown"],
        confidence=["unknown", "unknown", "confirmed", "unknown"],
    )
    shown = aggregate(
        points_of(sites, lookups), covering(Bounds(34.0, 39.5, 36.0, 41.5), 8), individual_limit=0
    )
    assert shown.cells.count.tolist() == [4]
    assert shown.cells.uncertain.tolist() == [1]  # d only: an attacker nobody could name
