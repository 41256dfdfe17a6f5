"""Aggregation by viewport: what a reader can see of a table too large to send to the browser whole.

Up to VIEWPORT_THRESHOLD drawable sites the browser receives every site (incident_layer.py) and
clusters them itself. Beyond it the server sends only the area around the view: the sites of that
area are grouped into square cells of Web-Mercator pixels at the view's zoom (cells fixed to the
world, so a cell is the same cell after a pan), each cell a cluster that counts the distinct
incidents with a site in it, by attacker and by event type, drawn where its sites are on average.
A cell holding one incident, and every site when few are in the area, travels as itself in the
layer's packed format, with its usual symbol and popup.

Everything here works on arrays (`Points`), so the sites may come from pandas or from a query.

    >>> from incidents.maps.legend import legend_lookups
    >>> sites = pd.DataFrame({"incident_id": ["a", "b", "c"], "lat": [34.450, 34.451, 35.336],
    ...     "lon": [40.920, 40.921, 40.141], "attacker": "israel", "event_type": "drone-strike"})
    >>> points = points_of(sites, legend_lookups())
    >>> area = covering(Bounds(34.0, 39.5, 35.5, 41.5), zoom=9)
    >>> view = aggregate(points, area, individual_limit=0)  # a and b one cell, c alone in its own
    >>> view.mode, view.incidents, view.cells.count.tolist(), points.rows[view.individual].tolist()
    ('grid', 3, [2], [2])
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from incidents.maps.incident_layer import _column, _index, drawable
from incidents.maps.legend import colour_codes, lookup_index, uncertain_rows
from incidents.maps.projection import MAX_ZOOM, MIN_ZOOM, TILE_PX, lat_lon, world_px

VIEWPORT_THRESHOLD = 50_000
"""Above this many drawable sites the map is aggregated on the server for the current view."""
INDIVIDUAL_LIMIT = 3_000
"""An area with at most this many sites is sent site by site (the browser clusters them)."""
CELL_PX = 64
"""A cell's side in screen pixels when markers are grouped (about supercluster's radius of 50)."""
CELL_PX_UNGROUPED = 24
"""A cell's side when the reader turned grouping off: about a marker's size."""
MERGE = 0.75
"""Neighbouring cells whose sites lie closer than this many cells are one group (no two groups
drawn on top of each other, as supercluster's radius of 50 px against our 64 px cells)."""
PAD = 0.5
"""An area reaches half a view beyond each edge of the view: a pan that short needs nothing new."""
MAP_SIZE_PX = (1600, 1000)
"""The map's size in pixels assumed before the browser has said (larger than most screens)."""


class Bounds(NamedTuple):
    """A map view's edges in degrees."""

    south: float
    west: float
    north: float
    east: float


@dataclass(frozen=True)
class Area:
    """A rectangle of the world in pixels at one zoom, edges on the tile grid: what a layer covers."""

    zoom: int
    left: int
    top: int
    right: int
    bottom: int

    @property
    def scale(self) -> float:
        return float(2**self.zoom)

    def bounds(self) -> Bounds:
        (north, south), (west, east) = lat_lon(
            np.array([self.left, self.right]) / self.scale, np.array([self.top, self.bottom]) / self.scale
        )
        return Bounds(float(south), float(west), float(north), float(east))

    def covers(self, bounds: Bounds, zoom: int) -> bool:
        """Whether a view of `bounds` at `zoom` lies inside this area and shows the same cells."""
        if zoom != self.zoom:
            return False
        (top, bottom), (left, right) = _pixels(bounds, zoom)
        return self.left <= left and right <= self.right and self.top <= top and bottom <= self.bottom


def _pixels(bounds: Bounds, zoom: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """(top, bottom), (left, right) of `bounds` in pixels at `zoom`, clamped to the world."""
    xs, ys = world_px(np.array([bounds.north, bounds.south]), np.array([bounds.west, bounds.east]))
    world = TILE_PX * 2**zoom
    top, bottom = (float(np.clip(v * 2**zoom, 0, world)) for v in ys)
    left, right = (float(np.clip(v * 2**zoom, 0, world)) for v in xs)
    return (top, bottom), (left, right)


def clamp_zoom(zoom: float | None) -> int:
    return int(min(MAX_ZOOM, max(MIN_ZOOM, round(zoom if zoom is not None else MIN_ZOOM))))


def covering(bounds: Bounds, zoom: float, pad: float = PAD) -> Area:
    """The area to send for a view: `pad` views beyond each edge, widened to whole tiles."""
    zoom = clamp_zoom(zoom)
    (top, bottom), (left, right) = _pixels(bounds, zoom)
    width, height = right - left, bottom - top
    world = TILE_PX * 2**zoom

    def snap(value: float, up: bool) -> int:
        tiles = math.ceil(value / TILE_PX) if up else math.floor(value / TILE_PX)
        return int(min(world, max(0, tiles * TILE_PX)))

    return Area(
        zoom,
        snap(left - pad * width, up=False),
        snap(top - pad * height, up=False),
        snap(right + pad * width, up=True),
        snap(bottom + pad * height, up=True),
    )


def view_bounds(center: tuple[float, float], zoom: float, size_px: tuple[int, int] = MAP_SIZE_PX) -> Bounds:
    """The bounds a map of `size_px` shows at `center` and `zoom` (for a link, before the map says)."""
    scale = 2 ** clamp_zoom(zoom)
    x, y = world_px(center[0], center[1])
    half_w, half_h = size_px[0] / 2 / scale, size_px[1] / 2 / scale
    (north, south), (west, east) = lat_lon(
        np.clip([x - half_w, x + half_w], 0, TILE_PX), np.clip([y - half_h, y + half_h], 0, TILE_PX)
    )
    return Bounds(float(south), float(west), float(north), float(east))


def size_px(bounds: Bounds, zoom: float) -> tuple[int, int]:
    """A view's size in pixels, from its bounds and zoom (what the browser reports)."""
    (top, bottom), (left, right) = _pixels(bounds, clamp_zoom(zoom))
    return max(1, round(right - left)), max(1, round(bottom - top))


@dataclass(frozen=True)
class Points:
    """The drawable sites of the shown incidents as arrays: what an aggregation reads.

    `x`, `y` are Web-Mercator pixels at zoom 0; `incident` numbers the distinct incidents
    0..n_incidents-1; `attacker` and `kind` are the incident's positions in the legend's lists of
    attackers and event types (the colours and names a cluster's ring and label use); `rows` are
    the sites' positions in the table they came from; `uncertain` says whether the incident's
    attribution is uncertain (legend.uncertain_rows: the share a cluster's arc shows).
    """

    x: np.ndarray
    y: np.ndarray
    incident: np.ndarray
    attacker: np.ndarray
    kind: np.ndarray
    rows: np.ndarray
    n_incidents: int
    skipped: int = 0  # sites left out: no usable coordinate
    uncertain: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.x)

    @property
    def one_site_each(self) -> bool:
        """True when no incident has two sites here: a cell's sites then are its incidents."""
        return self.n_incidents == len(self.x)


def points_of(sites: pd.DataFrame, lookups: dict, positions: np.ndarray | None = None) -> Points:
    """The drawable sites of a sites table (columns incident_id, lat, lon, attacker, event_type).

    `rows` number them by `positions` (each row's position in a larger table it was taken
    from), or by their position in `sites`.
    """
    ok = drawable(sites).to_numpy()
    kept = sites[ok]
    rows = np.flatnonzero(ok) if positions is None else np.asarray(positions)[ok]
    codes, unique = pd.factorize(kept["incident_id"], sort=False)
    attackers = list(lookup_index(lookups, "attackers"))
    types = list(lookup_index(lookups, "types"))
    x, y = world_px(kept["lat"].to_numpy("float64"), kept["lon"].to_numpy("float64"))
    uncertain = uncertain_rows(kept, lookups)
    # A cell's ring shows what the colours show: the attackers, or (colour=dataset) the datasets.
    colour = colour_codes(kept["dataset"], lookups) if "dataset" in kept else None
    if colour is None:
        colour = _index(kept["attacker"].fillna("unknown").astype(str), attackers, "unknown")
    return Points(
        x=x,
        y=y,
        incident=codes.astype(np.int32),
        attacker=colour.astype(np.int32),
        kind=_index(kept["event_type"], types, "other").astype(np.int32),
        rows=rows.astype(np.int64 if len(rows) and rows.max() >= 2**31 else np.int32),
        n_incidents=len(unique),
        skipped=int(len(sites) - len(kept)),
        uncertain=uncertain,
    )


@dataclass(frozen=True)
class Cells:
    """Clusters of an aggregated view: position, distinct incidents, and their attackers and types.

    `attackers[j]` maps a position in the legend's attackers to the number of cell j's incidents
    assessed to it (likewise `types`), so a cell is drawn as the browser draws a cluster;
    `uncertain[j]` how many have an uncertain attribution (None when the table does not say).
    """

    lat: np.ndarray
    lon: np.ndarray
    count: np.ndarray
    attackers: list[dict[int, int]]
    types: list[dict[int, int]]
    uncertain: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.count)


NO_CELLS = Cells(np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64), [], [])


@dataclass(frozen=True)
class Aggregation:
    """What the browser receives for one area: cells, and the sites sent one by one.

    `mode` is "sites" when every site of the area goes as itself (few in it), "grid" otherwise;
    `individual` are positions in the Points of the sites sent as themselves; `incidents` counts
    the distinct incidents with a site in the area.
    """

    area: Area
    mode: str
    cell_px: int
    cells: Cells
    individual: np.ndarray
    incidents: int

    def payload(self, skipped: int = 0) -> dict:
        """What an IncidentLayer sends besides its sites (incident_layer.js reads it): the cells,
        packed as the sites are, and what the view is (mode, zoom, the area's bounds)."""
        cells = self.cells
        return {
            "cells": {
                "lat": _column(np.round(cells.lat * 1e5), "i32"),
                "lon": _column(np.round(cells.lon * 1e5), "i32"),
                "count": _column(cells.count, "u32"),
                "attackers": [[x for pair in sorted(a.items()) for x in pair] for a in cells.attackers],
                "types": [[x for pair in sorted(t.items()) for x in pair] for t in cells.types],
                **({"uncertain": _column(cells.uncertain, "u32")} if cells.uncertain is not None else {}),
            },
            "view": {
                "mode": self.mode,
                "zoom": self.area.zoom,
                "area": list(self.area.bounds()),
                "incidents": self.incidents,
                "cell_px": self.cell_px,
            },
            "skipped": skipped,
        }


def _breakdown(rank: np.ndarray, codes: np.ndarray, n_chosen: int) -> list[dict[int, int]]:
    """For each chosen cell (rank 0..n_chosen-1; -1 for the others), how many of its incidents
    have each code. A table of cells by codes when it is small, a sort of the pairs otherwise."""
    keep = rank >= 0
    rank, codes = rank[keep], codes[keep]
    width = int(codes.max()) + 1 if len(codes) else 1
    out: list[dict[int, int]] = [{} for _ in range(n_chosen)]
    if n_chosen * width <= 4_000_000:
        table = np.bincount(rank * width + codes, minlength=n_chosen * width).reshape(n_chosen, width)
        cells, values = np.nonzero(table)
        counts = table[cells, values]
    else:
        keys, counts = np.unique(rank * width + codes, return_counts=True)
        cells, values = np.divmod(keys, width)
    for cell, value, count in zip(cells.tolist(), values.tolist(), counts.tolist(), strict=True):
        out[cell][value] = count
    return out


def _merge_neighbours(
    sites: np.ndarray, count: np.ndarray, mean_x: np.ndarray, mean_y: np.ndarray, columns: int, radius: float
) -> np.ndarray:
    """For each cell, the cell whose group it joins: a cell's points may lie near its edge, next to
    another cell's, and two markers drawn that close would overlap (or one town read as two).
    The fullest cells first, each takes in its eight neighbours whose sites' mean lies within
    `radius` pixels of its own, once (supercluster's greedy pass, over cells instead of points)."""
    group = np.arange(len(sites))
    taken = np.zeros(len(sites), dtype=bool)
    occupied = np.flatnonzero(sites > 0)
    rows = len(sites) // columns
    for c in occupied[np.argsort(-count[occupied], kind="stable")].tolist():
        if taken[c]:
            continue
        taken[c] = True
        row, column = divmod(c, columns)
        for n_row in range(max(row - 1, 0), min(row + 2, rows)):
            for n_column in range(max(column - 1, 0), min(column + 2, columns)):
                n = n_row * columns + n_column
                if taken[n] or not sites[n]:
                    continue
                if (mean_x[n] - mean_x[c]) ** 2 + (mean_y[n] - mean_y[c]) ** 2 < radius**2:
                    taken[n] = True
                    group[n] = c
    return group


def aggregate(
    points: Points, area: Area, cell_px: int = CELL_PX, individual_limit: int = INDIVIDUAL_LIMIT
) -> Aggregation:
    """Group the points inside `area` into cells of `cell_px` screen pixels at the area's zoom.

    A cell's count is the number of distinct incidents with a site in it (an incident with sites in
    two cells counts once in each, as the browser's clusters do); its position the mean of its
    sites. Neighbouring cells whose sites lie closer than MERGE of a cell are one group. Groups
    holding one incident, or every site when the area has at most `individual_limit`, are sent as
    the sites themselves. Points outside the area are not counted.
    """
    scale = area.scale
    inside = (
        (points.x >= area.left / scale)
        & (points.x < area.right / scale)
        & (points.y >= area.top / scale)
        & (points.y < area.bottom / scale)
    )
    index = np.flatnonzero(inside)
    incident = points.incident[index]
    distinct = len(index) if points.one_site_each else len(np.unique(incident))
    if len(index) <= individual_limit:
        return Aggregation(area, "sites", cell_px, NO_CELLS, index, distinct)
    px = points.x[index] * scale - area.left
    py = points.y[index] * scale - area.top
    columns = math.ceil((area.right - area.left) / cell_px)
    rows = math.ceil((area.bottom - area.top) / cell_px)
    n_cells = columns * rows
    # Clipped: a point on the area's edge may fall a rounding error outside it.
    cx = np.clip(px // cell_px, 0, columns - 1).astype(np.int64)
    cy = np.clip(py // cell_px, 0, rows - 1).astype(np.int64)
    cell = cy * columns + cx

    def tally(cell: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per cell: distinct incidents, sites, mean position; and one point per (cell, incident)."""
        if points.one_site_each:
            first = np.arange(len(index))
        else:  # one (cell, incident) pair per incident and cell
            first = np.unique(cell * points.n_incidents + incident, return_index=True)[1]
        count = np.bincount(cell[first], minlength=n_cells)
        sites = np.bincount(cell, minlength=n_cells)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_x = np.bincount(cell, weights=px, minlength=n_cells) / sites
            mean_y = np.bincount(cell, weights=py, minlength=n_cells) / sites
        return count, sites, mean_x, mean_y, first

    count, sites, mean_x, mean_y, first = tally(cell)
    group = _merge_neighbours(sites, count, mean_x, mean_y, columns, MERGE * cell_px)
    if (group != np.arange(n_cells)).any():
        cell = group[cell]
        count, sites, mean_x, mean_y, first = tally(cell)
    grouped = np.flatnonzero(count >= 2)
    lat, lon = lat_lon((mean_x[grouped] + area.left) / scale, (mean_y[grouped] + area.top) / scale)
    rank = np.full(n_cells, -1, dtype=np.int64)
    rank[grouped] = np.arange(len(grouped))
    pairs = index[first]
    uncertain = None
    if points.uncertain is not None:
        ranked = rank[cell[first]]
        chosen = (ranked >= 0) & points.uncertain[pairs]
        uncertain = np.bincount(ranked[chosen], minlength=len(grouped))
    cells = Cells(
        lat=lat,
        lon=lon,
        count=count[grouped],
        attackers=_breakdown(rank[cell[first]], points.attacker[pairs], len(grouped)),
        types=_breakdown(rank[cell[first]], points.kind[pairs], len(grouped)),
        uncertain=uncertain,
    )
    alone = index[count[cell] == 1]
    return Aggregation(area, "grid", cell_px, cells, alone, distinct)
