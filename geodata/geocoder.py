"""The gazetteer as a geopy geocoder, with an opt-in online fallback whose answers go to review.

Because ``GazetteerGeocoder`` is a ``geopy.geocoders.base.Geocoder``, code written for geopy (and
its ``RateLimiter``) works with it unchanged, and any geopy service can be chained behind it. The
fallback is off unless a geocoder is passed in: nothing contacts the network by default. Its
answers are appended to a review CSV and come back flagged ``needs_review``, never merged into
the gazetteer.

>>> geocoder = GazetteerGeocoder()
>>> location = geocoder.geocode("Albu Kamal")
>>> location.raw["place_id"], location.raw["method"]
('al-bukamal', 'exact')
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from geodata.gazetteer import Gazetteer, Match, load_gazetteer

REVIEW_COLUMNS = ["queried_at", "query", "service", "address", "lat", "lon", "raw"]


class GazetteerGeocoder(Geocoder):
    """Geocode from our gazetteer; optionally ask ``fallback`` (a geopy geocoder) for unmatched names."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        fallback: Geocoder | None = None,
        review_path: Path | None = None,
        min_delay_seconds: float = 1.0,
        fallback_timeout: float = 10.0,
    ) -> None:
        super().__init__(timeout=fallback_timeout)
        self.gazetteer = gazetteer or load_gazetteer()
        self.fallback = fallback
        self.review_path = review_path
        self.fallback_timeout = fallback_timeout
        if fallback is not None and review_path is None:
            raise ValueError("an online fallback needs a review_path: its answers must reach a curator")
        self._fallback_geocode = (
            RateLimiter(
                fallback.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=True
            )
            if fallback is not None
            else None
        )

    @staticmethod
    def _location(match: Match) -> Location | None:
        place = match.place
        if place is None:
            return None
        raw = match.to_dict() | {"source": "gazetteer", "needs_review": match.method in ("fuzzy", "phrase")}
        return Location(place.name, Point(place.lat, place.lon), raw)

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL
    ) -> Location | list[Location] | None:
        """A ``Location`` (match details in ``.raw``) or None; all candidates when not exactly_one."""
        match = self.gazetteer.match(query)
        if match.place is not None:
            location = self._location(match)
            return location if exactly_one else [location]
        if match.method == "ambiguous" and not exactly_one:
            return [
                self._location(Match(query, c, "ambiguous", match.score, match.qualifier, c.precision_m))
                for c in match.candidates
            ]
        if match.method == "none" and self._fallback_geocode is not None:
            return self._ask_fallback(query, exactly_one)
        return None if exactly_one else []

    def _ask_fallback(self, query: str, exactly_one: bool) -> Location | list[Location] | None:
        answer = self._fallback_geocode(query, exactly_one=exactly_one, timeout=self.fallback_timeout)
        answers = [] if answer is None else [answer] if isinstance(answer, Location) else list(answer)
        service = type(self.fallback).__name__
        self._write_review(query, service, answers)
        flagged = [
            Location(
                a.address,
                a.point,
                {
                    "source": service,
                    "needs_review": True,
                    "place_id": None,
                    "method": "fallback",
                    "service_raw": a.raw,
                },
            )
            for a in answers
        ]
        if exactly_one:
            return flagged[0] if flagged else None
        return flagged

    def _write_review(self, query: str, service: str, answers: list[Location]) -> None:
        assert self.review_path is not None
        new = not self.review_path.exists()
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.review_path.open("a", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            if new:
                writer.writerow(REVIEW_COLUMNS)
            for a in answers or [None]:
                writer.writerow(
                    [
                        now,
                        query,
                        service,
                        a.address if a else "",
                        a.latitude if a else "",
                        a.longitude if a else "",
                        repr(a.raw) if a else "no answer",
                    ]
                )

    def reverse(
        self, query: Any, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL, max_km: float = 25.0
    ) -> Location | list[Location] | None:
        """The nearest gazetteer place (town-sized or smaller) within ``max_km`` of a point."""
        point = Point(query)
        found = self.gazetteer.nearest(point.latitude, point.longitude)
        if found is None or found[1] > max_km:
            return None if exactly_one else []
        place, km = found
        raw = {
            "place_id": place.place_id,
            "name": place.name,
            "distance_km": round(km, 2),
            "precision_m": place.precision_m,
            "method": "reverse",
            "source": "gazetteer",
        }
        location = Location(place.name, Point(place.lat, place.lon), raw)
        return location if exactly_one else [location]
