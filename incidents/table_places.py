"""The places a loaded table names that the gazetteer lacks, as gazetteer-shaped rows, so that
filters and names treat them like ours (their provenance says "source table")."""

from __future__ import annotations

import pandas as pd


def places_for(sites: pd.DataFrame, known: pd.DataFrame) -> pd.DataFrame:
    """Gazetteer-shaped rows for the table's places that the gazetteer lacks (for filters, names)."""
    new = sites[~sites["place_id"].isin(known.index)].drop_duplicates("place_id")
    extra = pd.DataFrame(
        {
            "place_id": new["place_id"].to_numpy(),
            "name": new["place_name"].to_numpy(),
            "feature_type": "town",
            "parent_id": "",
            "governorate": new["governorate"].to_numpy(),
            "country": new["country"].to_numpy(),
            "lat": new["lat"].to_numpy(),
            "lon": new["lon"].to_numpy(),
            "precision_m": new["precision_m"].fillna(0).astype("int64").to_numpy(),
            "provenance": "source table",
        }
    )
    extra = extra.reindex(columns=known.columns).set_index(known.index.name or "place_id", drop=False)
    return pd.concat([known, extra]) if len(extra) else known
