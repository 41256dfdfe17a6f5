"""Lookup of place names in our gazetteer: exact alias, normalised key, phrase, then fuzzy.

The order puts the most reviewable evidence first. A wrong confident match is worse than no match,
so fuzzy matching has a tuned threshold (see ``tests/unit/test_gazetteer.py``), names shared by two
places come back as ``ambiguous`` with their candidates, and every ``Match`` says how it was made.

>>> gz = load_gazetteer()
>>> m = gz.match("south of Albu Kamal")
>>> m.place.place_id, m.method, m.qualifier
('al-bukamal', 'phrase', 'south of')
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
from rapidfuzz import fuzz, process

from geodata.distance import distance_km
from geodata.mentions import MentionFinder, PlaceMention, feature_precisions
from geodata.names import fold, light, normalise

GAZETTEER_CSV = Path(__file__).with_name("gazetteer.csv")


def gazetteer_csv() -> Path:
    """The gazetteer file in use: ours, or env GEODATA_GAZETTEER (a test's or a curator's copy)."""
    return Path(os.environ.get("GEODATA_GAZETTEER") or GAZETTEER_CSV)


QUALIFIERS_CSV = Path(__file__).with_name("qualifiers.csv")

COLUMNS = (
    "place_id",
    "name",
    "name_ar",
    "aliases",
    "feature_type",
    "parent_id",
    "governorate",
    "district",
    "country",
    "lat",
    "lon",
    "precision_m",
    "provenance",
    "provenance_source",
    "provenance_note",
    "shared_aliases",
)
# The feature types are the rows of feature_types.csv, which also says what precision each claims.
FEATURE_TYPES = frozenset(feature_precisions())

# Tuned on tests/fixtures/spellings.csv: the lowest score with no false match on the labelled set
# (run `pytest tests/unit/test_gazetteer.py -s` to see the sweep). Raise it rather than lower it.
FUZZY_THRESHOLD = 88.0
# Two different places scoring within this many points of each other are reported as ambiguous.
AMBIGUITY_MARGIN = 3.0
# Keys shorter than this ("ana", "hit") fuzzy-match too much by chance; they only match exactly.
MIN_FUZZY_KEY = 4

Method = Literal["exact", "normalised", "fuzzy", "phrase", "ambiguous", "none"]

# "X in Y" names the specific place first; other connectives are a last resort, head then context.
_IN_SPLIT = re.compile(r"^(?P<head>.+?) (?:in|inside|within) (?P<context>.+)$")
_OTHER_SPLIT = re.compile(
    r"^(?P<head>.+?) (?P<conn>near|on|at|of|by|along|which belongs to|belonging to|from|"
    r"(?:south|north)?(?:east|west)|south|north) (?P<context>.+)$"
)
_AND_SPLIT = re.compile(r" (?:and|or) ")


@dataclass(frozen=True)
class Place:
    """One gazetteer row, typed."""

    place_id: str
    name: str
    name_ar: str
    aliases: tuple[str, ...]
    feature_type: str
    parent_id: str
    governorate: str
    district: str
    country: str
    lat: float
    lon: float
    precision_m: int
    provenance: str
    provenance_source: str
    provenance_note: str
    shared_aliases: tuple[str, ...] = ()


@dataclass
class Match:
    """The answer to one name: the place (or candidates), how it was found and how precise it is."""

    query: str
    place: Place | None = None
    method: Method = "none"
    score: float | None = None
    qualifier: str | None = None
    precision_m: int | None = None
    candidates: list[Place] = field(default_factory=list)
    matched: str | None = None  # the alias or key that matched, for a curator to check
    via: str | None = None  # for phrases: how the place inside the phrase matched

    @property
    def found(self) -> bool:
        """A single place was chosen (ambiguous and unmatched names are not found)."""
        return self.place is not None

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of the command line and of geopy's ``Location.raw``."""
        p = self.place
        return {
            "query": self.query,
            "place_id": p.place_id if p else None,
            "name": p.name if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "precision_m": self.precision_m,
            "method": self.method,
            "score": None if self.score is None else round(self.score, 1),
            "qualifier": self.qualifier,
            "matched": self.matched,
            "via": self.via,
            "candidates": [{"place_id": c.place_id, "name": c.name} for c in self.candidates],
        }


@dataclass(frozen=True)
class Qualifier:
    """A descriptive wrapper around a place name ("south of X", "X desert") and how much it widens."""

    pattern: re.Pattern[str]
    label: str
    precision_m: int


def _split(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


def read_places(path: Path) -> pd.DataFrame:
    """The gazetteer CSV as a DataFrame indexed by place_id (lat/lon float, precision_m int)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = ""
    df["lat"] = df["lat"].astype(float)
    df["lon"] = df["lon"].astype(float)
    df["precision_m"] = df["precision_m"].astype(int)
    return df.set_index("place_id", drop=False)


@functools.cache
def load_qualifiers(path: Path = QUALIFIERS_CSV) -> tuple[Qualifier, ...]:
    """Phrase qualifiers from data, in the order they are tried."""
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple(
            Qualifier(re.compile(r["pattern"]), r["qualifier"], int(r["precision_m"] or 0))
            for r in csv.DictReader(fh)
        )


class Gazetteer:
    """Our places, with indexes for exact, normalised and fuzzy lookup."""

    def __init__(self, places: pd.DataFrame, fuzzy_threshold: float = FUZZY_THRESHOLD) -> None:
        self.places = places
        self.fuzzy_threshold = fuzzy_threshold
        self._places: dict[str, Place] = {}
        self._exact: dict[str, set[str]] = {}
        self._norm: dict[str, set[str]] = {}
        self._norm_alias: dict[str, str] = {}
        for rec in places.to_dict("records"):
            place = Place(
                **{c: rec[c] for c in COLUMNS if c not in ("aliases", "shared_aliases")},
                aliases=_split(rec["aliases"]),
                shared_aliases=_split(rec["shared_aliases"]),
            )
            self._places[place.place_id] = place
            for spelling in self.spellings(place):
                self._exact.setdefault(fold(spelling), set()).add(place.place_id)
                key = normalise(spelling)
                if key:
                    self._norm.setdefault(key, set()).add(place.place_id)
                    self._norm_alias.setdefault(key, spelling)
        self._fuzzy_keys = [k for k in self._norm if len(k) >= MIN_FUZZY_KEY]

    @staticmethod
    def spellings(place: Place) -> list[str]:
        """Every spelling that names a place: id, name, Arabic name and aliases."""
        return [s for s in (place.place_id, place.name, place.name_ar, *place.aliases) if s]

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._places

    def __len__(self) -> int:
        return len(self._places)

    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None."""
        return self._places.get(place_id)

    def all(self) -> list[Place]:
        """Every place, in file order."""
        return list(self._places.values())

    # -- matching ---------------------------------------------------------------------------------

    def match(self, name: str) -> Match:
        """Resolve a name or descriptive phrase to a place, candidates, or nothing."""
        query = name
        name = " ".join(name.split())
        if not name:
            return Match(query=query)
        found = self._resolve(name, depth=0)
        found.query = query
        return found

    def lookup(self, name: str) -> Place | None:
        """The one place a name denotes by an exact or normalised spelling (never fuzzy), or None."""
        name = " ".join(name.split())
        return self._lookup(name).place if name else None

    def _from_ids(self, query: str, ids: set[str], method: Method, matched: str, score: float) -> Match:
        if len(ids) == 1:
            place = self._places[next(iter(ids))]
            return Match(query, place, method, score, None, place.precision_m, [], matched)
        cands = sorted((self._places[i] for i in ids), key=lambda p: p.place_id)
        return Match(query, None, "ambiguous", score, None, None, cands, matched, via=method)

    def _lookup(self, text: str) -> Match:
        ids = self._exact.get(fold(text))
        if ids:
            return self._from_ids(text, ids, "exact", text, 100.0)
        key = normalise(text)
        ids = self._norm.get(key)
        if ids:
            return self._from_ids(text, ids, "normalised", self._norm_alias[key], 100.0)
        return Match(text)

    def _fuzzy(self, text: str) -> Match:
        key = normalise(text)
        if len(key) < MIN_FUZZY_KEY:
            return Match(text)
        hits = process.extract(
            key, self._fuzzy_keys, scorer=fuzz.ratio, limit=8, score_cutoff=self.fuzzy_threshold
        )
        if not hits:
            return Match(text)
        best: dict[str, tuple[float, str]] = {}
        for hit_key, score, _ in hits:
            for pid in self._norm[hit_key]:
                if pid not in best or score > best[pid][0]:
                    best[pid] = (score, hit_key)
        top = max(s for s, _ in best.values())
        close = {pid for pid, (s, _) in best.items() if s >= top - AMBIGUITY_MARGIN}
        top_key = max(best.values())[1]
        found = self._from_ids(text, close, "fuzzy", self._norm_alias[top_key], top)
        if found.method == "ambiguous":
            found.via = "fuzzy"
        return found

    def _resolve(self, text: str, depth: int) -> Match:
        found = self._lookup(text)
        if found.method != "none" or depth > 5:
            return found
        lt = light(text)
        # "X in Y": X is the specific place.
        m = _IN_SPLIT.match(lt)
        if m:
            head = self._resolve(m["head"], depth + 1)
            if head.method != "none":
                return self._as_phrase(text, head, None, 0)
        for q in load_qualifiers():
            m = q.pattern.search(lt)
            if not m:
                continue
            groups = m.groupdict()
            rest = groups.get("place") or f"{lt[: m.start()]} {lt[m.end() :]}".strip()
            if not rest or rest == lt:
                continue
            inner = self._resolve(rest, depth + 1)
            if inner.method == "none":
                continue
            precision = q.precision_m
            if groups.get("km"):
                km = float(groups["km"])
                precision = int((inner.precision_m or 0) + km * 1000)
            label = q.label.format(**{k: v for k, v in groups.items() if v}) if q.label else None
            return self._as_phrase(text, inner, label, precision)
        parts = _AND_SPLIT.split(lt)
        if len(parts) > 1:
            resolved = [self._resolve(p, depth + 1) for p in parts]
            cands = {c.place_id: c for r in resolved for c in ([r.place] if r.place else r.candidates)}
            if cands and all(r.method != "none" for r in resolved):
                return Match(text, None, "ambiguous", None, None, None, list(cands.values()), via="list")
        m = _OTHER_SPLIT.match(lt)
        if m:
            head = self._resolve(m["head"], depth + 1)
            if head.method != "none":
                return self._as_phrase(text, head, None, 0)
            context = self._resolve(m["context"], depth + 1)
            if context.method != "none":
                return self._as_phrase(text, context, f"{m['head']} {m['conn']}", 0)
        return self._fuzzy(text)

    @staticmethod
    def _as_phrase(text: str, inner: Match, qualifier: str | None, precision_m: int) -> Match:
        quals = [q for q in (qualifier, inner.qualifier) if q]
        widened = None
        if inner.place is not None:
            widened = max(inner.precision_m or inner.place.precision_m, precision_m)
        method: Method = "ambiguous" if inner.method == "ambiguous" else "phrase"
        via = inner.via if inner.method == "phrase" else inner.method
        return Match(
            text,
            inner.place,
            method,
            inner.score,
            "; ".join(quals) or None,
            widened,
            inner.candidates,
            inner.matched,
            via,
        )

    # -- running text -----------------------------------------------------------------------------

    @functools.cached_property
    def _finder(self) -> MentionFinder:
        return MentionFinder(self._places.values(), load_qualifiers())

    def find_in_text(self, text: str) -> list[PlaceMention]:
        """Every place an article names, with its verbatim span, candidates and qualifier (see mentions)."""
        return self._finder.find(text)

    # -- distances --------------------------------------------------------------------------------

    def within(self, lat: float, lon: float, km: float) -> pd.DataFrame:
        """Places within ``km`` of a point, nearest first, with a ``distance_km`` column."""
        d = distance_km(lat, lon, self.places["lat"].to_numpy(), self.places["lon"].to_numpy())
        out = self.places.assign(distance_km=d)
        return out[out["distance_km"] <= km].sort_values("distance_km")

    def nearest(self, lat: float, lon: float, max_precision_m: int = 10_000) -> tuple[Place, float] | None:
        """The nearest place precise enough to name a point (regions and deserts are skipped)."""
        df = self.places[self.places["precision_m"] <= max_precision_m]
        if df.empty:
            return None
        d = distance_km(lat, lon, df["lat"].to_numpy(), df["lon"].to_numpy())
        i = int(d.argmin())
        return self._places[df.index[i]], float(d[i])


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Gazetteer:
    return Gazetteer(read_places(path))


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer from ``path`` (default: `gazetteer_csv()`), parsed once per path and version of
    the file (a place the curator adds is seen at once)."""
    resolved = Path(path or gazetteer_csv()).resolve()
    try:
        stat = resolved.stat()
    except OSError:
        return _load(resolved, 0, 0)  # read_places reports the missing file
    return _load(resolved, stat.st_mtime_ns, stat.st_size)


def estimated_place(
    place_id: str,
    name: str,
    *,
    lat: float,
    lon: float,
    precision_m: int,
    reason: str,
    feature_type: str,
    governorate: str,
    country: str,
    parent_id: str = "",
) -> dict[str, str]:
    """A gazetteer row for a place no reference has: `estimated`, with the radius and the reasoning
    the curator gives (check it with `python -m geodata check` before use)."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        place_id=place_id,
        name=name.strip(),
        feature_type=feature_type,
        parent_id=parent_id,
        governorate=governorate,
        country=country,
        lat=f"{lat:.5f}",
        lon=f"{lon:.5f}",
        precision_m=str(int(precision_m)),
        provenance="estimated",
        provenance_note=reason.strip(),
    )
    return row


def with_places(rows: list[dict[str, str]], path: Path | None = None) -> str:
    """The gazetteer CSV's text with `rows` appended, as it would be written."""
    text = Path(path or gazetteer_csv()).read_text(encoding="utf-8")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writerows(rows)
    return text + ("" if text.endswith("\n") else "\n") + out.getvalue()


def find_in_text(text: str) -> list[PlaceMention]:
    """The places ``text`` names, found in the shipped gazetteer.

    >>> text = "Drones hit the eastern countryside of Deir ez-Zor, وبالبوكمال and the village of Zarqawiyah."
    >>> for m in find_in_text(text):
    ...     print(m.as_written, m.resolved, m.qualifier)
    Deir ez-Zor deir-ez-zor eastern countryside
    البوكمال al-bukamal None
    Zarqawiyah None None
    """
    return load_gazetteer().find_in_text(text)


def place_dict(place: Place) -> dict[str, object]:
    """A place as a plain dict (aliases as a list), for JSON."""
    d = asdict(place)
    d["aliases"] = list(place.aliases)
    d["shared_aliases"] = list(place.shared_aliases)
    return d
