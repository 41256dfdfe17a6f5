"""Our incidents in UCDP GED's columns, so analysts can stack our rows under a UCDP file.

One row per incident at its main site (the first `target` site, else the first), as UCDP codes
one location per event. Only what we know is written; every column we have no value for stays
blank rather than guessed:

- `id`: our id; `relid`: `IMAP-<id>`; `year`: the first possible day's year.
- `type_of_violence`, conflict and dyad columns, `deaths_a`/`deaths_b`/`deaths_civilians`/
  `deaths_unknown`, `best`, `event_clarity`, `priogrid_gid`, `country_id`: blank (we do not code
  UCDP's categories or make a best estimate). A row read from a UCDP file gives back its
  violence type.
- `side_a`: the assessed attacker when confirmed, likely or attributed by the source (a row read
  from UCDP: its own side A); for an event with no attacker (not a strike) its first party; else
  blank. `side_b`: the targets.
- `low`/`high`: our killed range.
- `where_prec`: from our location precision (incidents/ucdp_vocabulary.json, where_prec_of_ours);
  `where_coordinates`: the place's name; `adm_1`: its governorate; the point and `geom_wkt`.
- `date_start`/`date_end`: our earliest and latest possible days; `date_prec` from the span:
  1 one day, 2 two to six days, 3 seven days, 4 within a calendar month, 5 within a calendar year,
  blank when wider (a year unknown).
- `source_office`: the outlets; `number_of_sources`: how many.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from incidents import actors, parties
from incidents.acled import COUNTRIES, REGION, neutralise
from incidents.model import Confidence
from incidents.ucdp import COLUMNS, ID_PREFIX, VOCABULARY

NAMED = frozenset({Confidence.CONFIRMED.value, Confidence.LIKELY.value, Confidence.ATTRIBUTED.value})
"""Attributions that name side A; a possible or unknown attacker leaves it blank."""
_TYPE_CODES = {meaning["label"]: code for code, meaning in VOCABULARY["type_of_violence"].items() if code}


def date_prec(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """UCDP's date_prec for our possible days (see the module docstring); '' when wider than a year."""
    days = (end - start).days
    if days == 0:
        return "1"
    if days <= 5:
        return "2"
    if days == 6:
        return "3"
    if (start.year, start.month) == (end.year, end.month):
        return "4"
    return "5" if start.year == end.year else ""


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def to_rows(incidents: pd.DataFrame, sites: pd.DataFrame) -> list[dict[str, str]]:
    """One UCDP row per incident (all columns, as text), main site first chosen."""
    ordered = sites.sort_values(["incident_id", "site_index"])
    targets = ordered[ordered["role"] == "target"].drop_duplicates("incident_id")
    main = pd.concat([targets, ordered.drop_duplicates("incident_id")]).drop_duplicates("incident_id")
    main = main.set_index("incident_id")
    rows = []
    for incident in incidents.to_dict("records"):
        site = main.loc[incident["id"]] if incident["id"] in main.index else None
        start, end = pd.Timestamp(incident["date_start"]), pd.Timestamp(incident["date_end"])
        outlets = [o.strip() for o in _text(incident["outlets"]).replace(";", "|").split("|") if o.strip()]
        named = incident["confidence"] in NAMED and incident["attacker"] != "unknown"
        violence = _TYPE_CODES.get(_text(incident["event_type_label"]), "")
        named = named or bool(violence)  # a row read from UCDP: its actor is UCDP's side A
        side_a = _text(incident["attacker_label"]) if named else ""
        if incident["attacker"] == actors.NO_ATTACKER:  # not a strike: its first party, not side B
            first = next(iter(_text(incident.get("parties")).split(parties.SEPARATOR)), "")
            side_a = first if first != _text(incident["targets"]) else ""
        row = dict.fromkeys(COLUMNS, "")
        ucdp_id = incident["id"].removeprefix(ID_PREFIX)
        row |= {
            "id": ucdp_id,
            "relid": f"IMAP-{incident['id']}",
            "year": str(start.year),
            "type_of_violence": violence,
            "side_a": side_a,
            "side_b": _text(incident["targets"]),
            "number_of_sources": str(len(outlets)) if outlets else "",
            "source_office": ";".join(outlets),
            "date_start": start.date().isoformat(),
            "date_end": end.date().isoformat(),
            "date_prec": date_prec(start, end),
            "low": _text(incident["killed_min"]),
            "high": _text(incident["killed_max"]),
            "region": REGION,
        }
        if site is not None:
            lat, lon = float(site["lat"]), float(site["lon"])
            row |= {
                "where_prec": VOCABULARY["where_prec_of_ours"].get(_text(site["location_precision"]), ""),
                "where_coordinates": _text(site["place_name"]),
                "adm_1": _text(site["governorate"]).replace("-", " ").title(),
                "latitude": f"{lat:.4f}",
                "longitude": f"{lon:.4f}",
                "geom_wkt": f"POINT ({lon:.4f} {lat:.4f})",
                "country": COUNTRIES.get(_text(site["country"]), ("", _text(site["country"])))[1],
            }
        rows.append({c: neutralise(v) for c, v in row.items()})
    return rows
