"""Which events of another table could be the same event as ours: candidates, never merges.

For each incident of one table (our curated records, or a dataset's events) the events of another
table that could be the same event, each with its reason ("same day, 3 km"):

- **days**: their possible days overlap, each within its own precision (a month is every day of
  it; a day of unknown year only its candidate days, `incidents.dates.possible_days`);
- **place**: some site of one lies within both radii of some site of the other (the distance
  between the points is at most the sum of the two sites' radii, `precision_m`);
- **type**: their event types share a group in incidents/corroboration_types.csv ("violence",
  "strike", "movement"...); a type the table does not list, or listed with `*`, is compatible with
  every type (we cannot say it differs).

Nothing is changed or merged: the answer is a table of candidates for a person to weigh.

    python -m incidents corroborate --table acled-syria.csv             # our records vs ACLED
    python -m incidents corroborate --table acled.csv --against ged.csv  # ACLED vs UCDP
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.distance import distance_km
from incidents import dates, i18n
from incidents.i18n import _, ngettext

TYPES_CSV = Path(__file__).with_name("corroboration_types.csv")
MIN_RADIUS_M = 1000
"""A site without a radius (or a finer one) counts as 1 km: two reports of one place rarely
give the same point to the metre."""
COLUMNS = (
    "id",
    "title",
    "date",
    "match_id",
    "match_title",
    "match_date",
    "match_place",
    "match_killed",
    "match_outlets",
    "match_source",
    "days_apart",
    "km",
    "reason",
)
"""The CSV the command writes: our side, the candidate side by side, and why."""


@cache
def type_groups() -> dict[str, frozenset[str]]:
    """Event type slug -> its groups ('*': every group), from corroboration_types.csv."""
    with TYPES_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["event_type"]: frozenset(row["groups"].split("|")) for row in csv.DictReader(handle)}


def compatible(type_a: str, type_b: str) -> bool:
    """Whether two event types could code the same event (they share a group, or either is any)."""
    groups = type_groups()
    a, b = groups.get(type_a, frozenset("*")), groups.get(type_b, frozenset("*"))
    return "*" in a or "*" in b or bool(a & b)


@dataclass(frozen=True)
class Days:
    """An incident's possible days: every day from start to end, or only `only` (discrete)."""

    start: dt.date
    end: dt.date
    only: frozenset[dt.date] | None = None

    @classmethod
    def of(cls, row: pd.Series | dict) -> Days:
        start = pd.Timestamp(row["date_start"]).date()
        end = pd.Timestamp(row["date_end"]).date() if not pd.isna(row["date_end"]) else start
        years = dates.parse_years(row.get(dates.YEARS_COLUMN))
        only = dates.possible_days(start, end, str(row["date_precision"]), years)
        return cls(start, end, frozenset(only) if only is not None else None)

    def overlap(self, other: Days) -> list[dt.date] | tuple[dt.date, dt.date] | None:
        """The common possible days: a list (discrete), a (first, last) span, or None."""
        first, last = max(self.start, other.start), min(self.end, other.end)
        if first > last:
            return None
        if self.only is None and other.only is None:
            return first, last
        pool = self.only if self.only is not None else other.only or frozenset()
        common = sorted(
            day
            for day in pool
            if first <= day <= last
            and (self.only is None or day in self.only)
            and (other.only is None or day in other.only)
        )
        return common or None


def _days_words(overlap: list[dt.date] | tuple[dt.date, dt.date], mine: Days, theirs: Days) -> str:
    """How the possible days meet, in the reader's language (ISO dates: a person checks them)."""
    if isinstance(overlap, list):
        shown = _(", ").join(day.isoformat() for day in overlap[:3]) + ("…" if len(overlap) > 3 else "")
        return ngettext("candidate day {days}", "candidate days {days}", len(overlap)).format(days=shown)
    first, last = overlap
    if mine.start == mine.end == theirs.start == theirs.end:
        return _("same day")
    if first == last:
        return _("possible days overlap on {day}").format(day=first.isoformat())
    return _("possible days overlap {first} to {last}").format(first=first.isoformat(), last=last.isoformat())


def _days_apart(mine: Days, theirs: Days) -> int:
    """0 when both are single days and the same; else the widest gap between their possible days."""
    return max(abs((theirs.end - mine.start).days), abs((mine.end - theirs.start).days))


def candidates(
    incidents: pd.DataFrame,
    sites: pd.DataFrame,
    other_incidents: pd.DataFrame,
    other_sites: pd.DataFrame,
    source: str = "",
) -> pd.DataFrame:
    """Every (incident, other event) pair that could be the same event, with its reason (COLUMNS)."""
    rows: list[dict[str, object]] = []
    if not len(incidents) or not len(other_incidents):
        return pd.DataFrame(rows, columns=list(COLUMNS))
    # Everything about the other table as arrays, once: a dataset may hold millions of events.
    o_start = other_incidents["date_start"].to_numpy("datetime64[D]")
    o_end = other_incidents["date_end"].fillna(other_incidents["date_start"]).to_numpy("datetime64[D]")
    o_discrete = other_incidents["date_precision"].isin(dates.DISCRETE).to_numpy()
    o_types = other_incidents["event_type"].astype(str)
    o_sites = other_sites.dropna(subset=["lat", "lon"])
    o_radius = o_sites["precision_m"].astype("Float64").fillna(0).clip(lower=MIN_RADIUS_M).to_numpy(float)
    o_lat, o_lon = o_sites["lat"].to_numpy(float), o_sites["lon"].to_numpy(float)
    o_owner = pd.Index(other_incidents["id"]).get_indexer(o_sites["incident_id"])  # each site's event
    for _row, mine in incidents.iterrows():
        my_days = Days.of(mine)
        maybe = (o_start <= np.datetime64(my_days.end)) & (o_end >= np.datetime64(my_days.start))
        if my_days.only is not None:  # only on its candidate days (a span of the other table holds one)
            on_day = np.zeros(len(maybe), dtype=bool)
            for day in my_days.only:
                on_day |= (o_start <= np.datetime64(day)) & (o_end >= np.datetime64(day))
            maybe &= on_day | o_discrete
        fits = {kind: compatible(str(mine["event_type"]), kind) for kind in pd.unique(o_types[maybe])}
        maybe &= o_types.map(fits).fillna(False).to_numpy(bool)
        if not maybe.any():
            continue
        candidate_sites = maybe[o_owner]
        owners = o_owner[candidate_sites]
        nearest = np.full(len(other_incidents), np.inf)
        for _site, site in sites[sites["incident_id"] == mine["id"]].dropna(subset=["lat", "lon"]).iterrows():
            radius = max(float(site["precision_m"]) if not pd.isna(site["precision_m"]) else 0, MIN_RADIUS_M)
            km = distance_km(
                float(site["lat"]), float(site["lon"]), o_lat[candidate_sites], o_lon[candidate_sites]
            )
            within = km * 1000 <= radius + o_radius[candidate_sites]
            np.minimum.at(nearest, owners[within], km[within])
        hits = np.flatnonzero(np.isfinite(nearest))
        for position, theirs in zip(hits, other_incidents.iloc[hits].to_dict("records"), strict=True):
            their_days = (
                Days.of(theirs)
                if o_discrete[position]
                else Days(o_start[position].item(), o_end[position].item())
            )
            overlap = my_days.overlap(their_days)
            if overlap is None:
                continue
            km = float(nearest[position])
            reason = f"{_days_words(overlap, my_days, their_days)}{_(', ')}{_km_words(km)}"
            if mine["event_type"] != theirs["event_type"]:
                reason += _("; types {mine} / {theirs}").format(
                    mine=_(str(mine["event_type_label"])), theirs=_(str(theirs["event_type_label"]))
                )
            rows.append(
                {
                    "id": mine["id"],
                    "title": mine["title"],
                    "date": mine["date_words"],
                    "match_id": theirs["id"],
                    "match_title": theirs["title"],
                    "match_date": theirs["date_words"],
                    "match_place": theirs["place_names"],
                    "match_killed": _killed(theirs["killed_min"], theirs["killed_max"]),
                    "match_outlets": theirs["outlets"],
                    "match_source": source or theirs["source_path"],
                    "days_apart": _days_apart(my_days, their_days),
                    "km": round(km, 1),
                    "reason": reason,
                }
            )
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    return out.sort_values(["id", "days_apart", "km"], kind="stable").reset_index(drop=True)


def _km_words(km: float) -> str:
    return _("under 1 km") if km < 1 else _("{km} km").format(km=i18n.number(round(km)))


def _killed(low: object, high: object) -> str:
    if pd.isna(low):
        return ""
    if pd.isna(high):
        return _("at least {n} killed").format(n=int(low))
    if int(low) == int(high):
        return _("{n} killed").format(n=int(low))
    return _("{low}-{high} killed").format(low=int(low), high=int(high))
