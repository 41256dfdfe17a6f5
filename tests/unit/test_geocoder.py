"""The gazetteer behind geopy's interface, the opt-in fallback (with a fake service), and distances."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from geopy.distance import geodesic
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geodata.distance import distance_km
from geodata.gazetteer import load_gazetteer
from geodata.geocoder import GazetteerGeocoder


class FakeService(Geocoder):
    """Stands in for Nominatim: answers every query from a dict and records what it was asked."""

    def __init__(self, answers: dict[str, tuple[float, float]]) -> None:
        super().__init__()
        self.answers = answers
        self.calls: list[tuple[str, object]] = []

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: object = None) -> Location | None:
        self.calls.append((query, timeout))
        if query not in self.answers:
            return None
        lat, lon = self.answers[query]
        return Location(f"{query}, Somewhere", Point(lat, lon), {"osm_id": 1})


def test_geocode_returns_a_geopy_location_with_match_details() -> None:
    location = GazetteerGeocoder().geocode("Albu Kamal")
    assert isinstance(location, Location)
    assert (location.latitude, location.longitude) == (34.45226, 40.91854)
    assert location.raw["place_id"] == "al-bukamal" and location.raw["method"] == "exact"
    assert location.raw["source"] == "gazetteer"


def test_phrase_and_ambiguous_names_through_geopy() -> None:
    geocoder = GazetteerGeocoder()
    phrase = geocoder.geocode("the eastern countryside of Deir ez-Zor")
    assert phrase.raw["qualifier"] == "eastern countryside" and phrase.raw["needs_review"]
    assert geocoder.geocode("al-Sina'a") is None
    both = geocoder.geocode("al-Sina'a", exactly_one=False)
    assert {loc.raw["place_id"] for loc in both} == {"al-sinaa", "al-sinaa-deir-ez-zor"}


def test_no_fallback_by_default() -> None:
    assert GazetteerGeocoder().geocode("Amman") is None


def test_fallback_is_rate_limited_flagged_and_written_for_review(tmp_path: Path) -> None:
    review = tmp_path / "review.csv"
    fake = FakeService({"Amman": (31.95, 35.93)})
    geocoder = GazetteerGeocoder(fallback=fake, review_path=review, min_delay_seconds=0, fallback_timeout=5)
    location = geocoder.geocode("Amman")
    assert (location.latitude, location.longitude) == (31.95, 35.93)
    assert location.raw["needs_review"] and location.raw["place_id"] is None
    assert location.raw["source"] == "FakeService"
    assert fake.calls == [("Amman", 5)]
    assert geocoder.geocode("Albu Kamal").raw["source"] == "gazetteer"
    assert len(fake.calls) == 1, "the fallback is asked only when the gazetteer has nothing"
    geocoder.geocode("Nowhereville")
    with review.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["query"], r["service"], r["lat"]) for r in rows] == [
        ("Amman", "FakeService", "31.95"),
        ("Nowhereville", "FakeService", ""),
    ]
    assert "amman" not in {p.name.casefold() for p in load_gazetteer().all()}, "never merged"


def test_fallback_requires_a_review_file() -> None:
    with pytest.raises(ValueError, match="review_path"):
        GazetteerGeocoder(fallback=FakeService({}))


def test_reverse_names_the_nearest_place() -> None:
    location = GazetteerGeocoder().reverse("34.46, 40.93")
    assert location.raw["place_id"] == "al-bukamal" and location.raw["distance_km"] < 2
    assert GazetteerGeocoder().reverse("31.95, 35.93") is None  # Amman: nothing within 25 km


def test_vectorised_distance_agrees_with_geodesic() -> None:
    places = load_gazetteer().places
    origin = places.loc["al-bukamal"]
    fast = distance_km(origin.lat, origin.lon, places["lat"], places["lon"])
    pairs = zip(places["lat"], places["lon"], strict=True)
    exact = np.array([geodesic((origin.lat, origin.lon), (a, b)).km for a, b in pairs])
    assert np.allclose(fast, exact, rtol=0.005, atol=0.01)


def test_within_uses_distance() -> None:
    gazetteer = load_gazetteer()
    place = gazetteer.get("al-bukamal")
    near = gazetteer.within(place.lat, place.lon, 10)
    assert near.index[0] == "al-bukamal"
    assert "al-qaim" in near.index and "al-mayadin" not in near.index
    assert (near["distance_km"] <= 10).all()
