"""The one zoom fit (incidents.maps.projection.fit_view) and its three users: the map page's start,
the small maps of an incident and a briefing, and the offline export.

A fit is checked as Leaflet would draw it: each point is projected to pixels (Web Mercator,
256 px tiles), and it must lie inside the map less its padding at the fitted zoom, and no longer
at the next zoom (the fit is as close as it can be).
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from geodata.gazetteer import load_gazetteer
from incidents.export import export_bytes
from incidents.load import load_incidents
from incidents.maps.projection import EARTH_RADIUS_KM, Fit, fit_view
from incidents.standalone import MAX_FIT_ZOOM
from pages.shared.small_maps import fit_zoom


def _pixels(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Leaflet's EPSG:3857 pixel position of a point at `zoom`."""
    size = 256 * 2**zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * size, (1 - y / math.pi) / 2 * size


def _shows(fit: Fit, lats, lons, zoom: int, width: int, height: int, padding: int) -> bool:
    cx, cy = _pixels(*fit.center, zoom)
    for lat, lon in zip(lats, lons, strict=True):
        x, y = _pixels(lat, lon, zoom)
        if abs(x - cx) > width / 2 - padding + 1e-6 or abs(y - cy) > height / 2 - padding + 1e-6:
            return False
    return True


def _circle(lat: float, lon: float, metres: float) -> tuple[list[float], list[float]]:
    """The four extreme points of a precision circle."""
    dlat = math.degrees(metres / 1000 / EARTH_RADIUS_KM)
    dlon = dlat / math.cos(math.radians(lat))
    return [lat - dlat, lat + dlat, lat, lat], [lon, lon, lon - dlon, lon + dlon]


def test_a_single_point_is_centred_and_shown_at_the_least_extent_or_the_cap() -> None:
    capped = fit_view([34.45], [40.92], max_zoom=11)
    assert capped is not None and capped.center == (34.45, 40.92) and capped.zoom == 11
    lone = fit_view([34.45], [40.92], width_px=640, height_px=520, padding_px=30, min_extent_km=4.0)
    assert lone is not None
    # The map less its padding is at least 4 km wide at the fitted zoom, and less at the next one.
    km_per_px = 2 * math.pi * EARTH_RADIUS_KM * math.cos(math.radians(34.45)) / 256
    assert (640 - 60) * km_per_px / 2**lone.zoom >= 4.0 > (520 - 60) * km_per_px / 2 ** (lone.zoom + 1)
    assert lone.zoom < 17  # never the street at the top of the scale by accident


@pytest.mark.parametrize("padding", [0, 30])
@pytest.mark.parametrize("height", [300, 520])
def test_a_spread_fills_the_map_as_closely_as_it_can(height: int, padding: int) -> None:
    lats, lons = [34.45, 35.33, 34.73, 33.51], [40.92, 40.14, 36.71, 36.29]  # al-Bukamal to Damascus
    for width in range(300, 1400, 20):  # map sizes on both sides of each zoom step
        fit = fit_view(lats, lons, width_px=width, height_px=height, padding_px=padding, max_zoom=17)
        assert fit is not None
        assert fit.bounds == ((33.51, 36.29), (35.33, 40.92))
        assert fit.center == pytest.approx(((33.51 + 35.33) / 2, (36.29 + 40.92) / 2))
        assert _shows(fit, lats, lons, fit.zoom, width, height, padding), width
        assert not _shows(fit, lats, lons, fit.zoom + 1, width, height, padding), width


def test_precision_circles_are_fitted_whole() -> None:
    """A site known only as "the border", 60 km around its point, is in view, not cut off."""
    lats, lons, radii = [35.6117, 34.42], [39.8181, 40.955], [2500, 60000]
    fit = fit_view(lats, lons, radii, width_px=320, height_px=320, padding_px=0, max_zoom=13)
    assert fit is not None
    edge_lats, edge_lons = [], []
    for lat, lon, metres in zip(lats, lons, radii, strict=True):
        circle = _circle(lat, lon, metres)
        edge_lats += circle[0]
        edge_lons += circle[1]
    assert _shows(fit, edge_lats, edge_lons, fit.zoom, 320, 320, 0)
    assert not _shows(fit, edge_lats, edge_lons, fit.zoom + 1, 320, 320, 0)


def test_no_point_gives_no_fit_and_points_without_coordinates_are_left_out() -> None:
    assert fit_view([], []) is None
    assert fit_view([np.nan], [40.9]) is None
    with_gap = fit_view([34.45, np.nan, 35.33], [40.92, 38.0, 40.14], [500, 900, np.nan])
    assert with_gap == fit_view([34.45, 35.33], [40.92, 40.14], [500, 0])


def test_the_zoom_stays_within_its_caps() -> None:
    world = fit_view([-60, 70], [-170, 170], min_zoom=2)
    assert world is not None and world.zoom == 2
    assert fit_view([-60, 70], [-170, 170], min_zoom=5).zoom == 5  # type: ignore[union-attr]
    assert fit_view([34.45], [40.92], max_zoom=9).zoom == 9  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def records():
    return load_incidents(gazetteer=load_gazetteer())


def test_every_incident_page_map_shows_all_its_sites_and_their_circles(records) -> None:
    """The small map (a 320 px square of a page column, zoom 5 to 13) of each real incident."""
    for incident_id, sites in records.sites.groupby("incident_id"):
        center, zoom = fit_zoom(sites)
        assert center is not None and 5 <= zoom <= 13
        edge_lats, edge_lons = [], []
        for lat, lon, metres in sites[["lat", "lon", "precision_m"]].itertuples(index=False):
            circle = _circle(lat, lon, metres or 0)
            edge_lats += circle[0]
            edge_lons += circle[1]
        fit = Fit(center, zoom, ((0, 0), (0, 0)))
        assert zoom == 5 or _shows(fit, edge_lats, edge_lons, zoom, 320, 320, 0), incident_id


def test_the_offline_export_lets_the_browser_fit_its_sites_with_the_same_caps(records) -> None:
    page = export_bytes("html", records.incidents, records.sites, records=records.records).decode("utf-8")
    match = re.search(r"map_\w+\.fitBounds\(\s*(\[\[.*?\]\]),\s*(\{.*?\})\s*\)", page, re.DOTALL)
    assert match, "the export does not fit its map"
    (south, west), (north, east) = json.loads(match[1])
    sites = records.sites.dropna(subset=["lat", "lon"])
    assert (south, west, north, east) == pytest.approx(
        (sites["lat"].min(), sites["lon"].min(), sites["lat"].max(), sites["lon"].max())
    )
    options = json.loads(match[2])
    assert options["maxZoom"] == MAX_FIT_ZOOM and options["padding"] == [30, 30]
