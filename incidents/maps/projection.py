"""Web Mercator as Leaflet draws it: the zoom range, the projection's edge, pixels at zoom 0,
and the one fit of a set of points into a map of a given size.

    >>> x, y = world_px(0.0, 0.0)
    >>> float(x), float(y)
    (128.0, 128.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geodata.distance import EARTH_RADIUS_KM

MIN_ZOOM = 2
MAX_ZOOM = 17
TILE_PX = 256
"""The world's width in pixels at zoom 0 (a tile)."""
MAX_LATITUDE = 85.0511287798
"""Web Mercator's edge, where the world is square (Leaflet's SphericalMercator.MAX_LATITUDE)."""


def world_px(lat: np.ndarray | float, lon: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Web-Mercator pixel coordinates at zoom 0 (the world is 256 px wide), as Leaflet projects."""
    lat = np.clip(np.asarray(lat, dtype="float64"), -MAX_LATITUDE, MAX_LATITUDE)
    lon = np.asarray(lon, dtype="float64")
    x = (lon + 180.0) / 360.0 * TILE_PX
    sin = np.sin(np.radians(lat))
    y = (0.5 - np.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * TILE_PX
    return x, y


def lat_lon(x: np.ndarray | float, y: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of `world_px`."""
    x = np.asarray(x, dtype="float64")
    y = np.asarray(y, dtype="float64")
    lon = x / TILE_PX * 360.0 - 180.0
    lat = np.degrees(np.arctan(np.sinh(math.pi * (1 - 2 * y / TILE_PX))))
    return lat, lon


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
    lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
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
    south, north = max(south, -MAX_LATITUDE), min(north, MAX_LATITUDE)
    center = ((south + north) / 2, (west + east) / 2)
    # Spans in Mercator units (radians at the equator); a km at latitude φ is 1/(R cos φ) of them.
    least = min_extent_km / (EARTH_RADIUS_KM * max(math.cos(math.radians(center[0])), 0.01))
    x_span = max(math.radians(east - west), least)
    y_span = max(_mercator_y(north) - _mercator_y(south), least)
    # At zoom z the world (2π Mercator units) is 256 * 2**z pixels wide.
    pixels = min((width_px - 2 * padding_px) / x_span, (height_px - 2 * padding_px) / y_span)
    zoom = math.floor(math.log2(max(pixels, 1e-9) * 2 * math.pi / 256))
    return Fit(center, max(min_zoom, min(max_zoom, zoom)), ((south, west), (north, east)))
