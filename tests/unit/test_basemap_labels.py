"""The basemap's names (issue 29): every country of the offline layer is named inside its own
shape, in English and Arabic; the gazetteer's towns are named from a zoom set in styles.json."""

from __future__ import annotations

import csv

from incidents.maps.basemap import BASEMAP_DIR, basemap_layer, country_labels, label_zoom


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Ray casting: whether the point lies inside the ring."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def test_each_country_is_named_inside_its_shape() -> None:
    features = {f["properties"]["name"]: f["geometry"] for f in basemap_layer("countries")["features"]}
    labels = country_labels()
    assert [name for name, *_ in labels] == list(features)
    for name, lat, lon, zoom in labels:
        geometry = features[name]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        )
        assert any(_inside(lon, lat, polygon[0]) for polygon in polygons), name
        assert zoom == label_zoom("country")


def test_every_country_has_its_arabic_name() -> None:
    with (BASEMAP_DIR / "country_names.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["name"] for row in rows} == {name for name, *_ in country_labels()}
    assert all(row["name_ar"] for row in rows)
    assert ("سوريا", 35.0229, 38.5045, 2) in country_labels("ar")


def test_towns_wait_for_their_zoom_and_sites_are_not_named() -> None:
    assert label_zoom("city") < label_zoom("town") < label_zoom("village")
    assert label_zoom("hospital") is None and label_zoom("neighbourhood") is None


def test_a_country_is_named_by_the_basemap_once_not_again_as_a_town() -> None:
    """The gazetteer holds Syria and Iraq as places (route ends); the basemap names them as
    countries, so the towns' labels leave them out (the map said 'Syria Syria')."""
    from types import SimpleNamespace

    from geodata.gazetteer import load_gazetteer
    from pages.shared.map_panel import town_labels

    places = load_gazetteer().places
    assert (places["feature_type"] == "country").any()
    named = {label[0] for label in town_labels(SimpleNamespace(places=places, place_names={}))}
    assert "Syria" not in named and "Iraq" not in named
    assert "Hajin" in named  # a town still is
