"""Several datasets at once: INCIDENTS_SOURCE's list, the stacked tables, and the filters on them."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geodata.gazetteer import load_gazetteer
from incidents import columnar, combine, ondisk
from incidents.dataset import datasets, describe
from incidents.filters import Filter
from incidents.load import load_incidents
from incidents.maps.incident_layer import layer_data
from incidents.maps.legend import colour_by_dataset, dataset_colours, legend_lookups
from incidents.maps.viewport import points_of
from incidents.tables import load_result

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ACLED = FIXTURES / "acled" / "acled-either-side.csv"
UCDP = FIXTURES / "ucdp" / "ucdp-ged-sample.csv"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="module")
def records():
    return load_incidents()


def test_the_list_separates_files_by_the_path_separator_and_names_our_records(tmp_path: Path) -> None:
    value = os.pathsep.join([str(ACLED), "@records", str(UCDP), str(tmp_path / "acled-either-side.csv")])
    found = datasets({"INCIDENTS_SOURCE": value})
    slugs = ["acled-either-side", "records", "ucdp-ged-sample", "acled-either-side-2"]
    assert [d.slug for d in found] == slugs
    assert [d.path for d in found] == [ACLED, None, UCDP, tmp_path / "acled-either-side.csv"]
    assert found[1].label == "our curated records" and found[0].label == "acled-either-side.csv"
    # @records twice is our records once; blanks between separators are nothing.
    twice = datasets({"INCIDENTS_SOURCE": os.pathsep.join(["@records", "", "@records"])})
    assert [d.slug for d in twice] == ["records"]


def test_a_tables_own_yaml_names_it(tmp_path: Path) -> None:
    table = tmp_path / "ged.csv"
    table.write_text("x\n")
    (tmp_path / "ged.csv.yaml").write_text("title: UCDP GED, Syria 2021\nlabel: UCDP\n")
    assert (describe(table).title, describe(table).label) == ("UCDP GED, Syria 2021", "UCDP")


def _three(gazetteer, records, open_table=None):
    chosen = datasets({"INCIDENTS_SOURCE": os.pathsep.join([str(ACLED), str(UCDP), "@records"])})
    return combine.load(chosen, lambda: records, open_table or (lambda path: load_result(path, gazetteer)))


def test_each_dataset_keeps_its_rows_report_and_count(gazetteer, records) -> None:
    shown = _three(gazetteer, records)
    result, n_records = shown.result, len(records.incidents)
    assert shown.counts == {"acled-either-side": 9, "ucdp-ged-sample": 7, "records": n_records}
    assert [r.name for r in shown.reports] == ["acled-either-side.csv", "ucdp-ged-sample.csv"]
    assert len(result.incidents) == 9 + 7 + n_records and result.records == records.records
    by_dataset = result.incidents.groupby("dataset", observed=True)["id"].agg(list)
    assert by_dataset["ucdp-ged-sample"] == list(load_result(UCDP, gazetteer).incidents["id"])
    assert by_dataset["records"] == list(records.incidents["id"])
    assert result.incidents["id"].is_unique
    # Each site's key is its incident's row in the stacked table (the app's fast filters).
    rows = result.incidents["id"].to_numpy()[result.sites[ondisk.ROW_KEY].to_numpy()]
    assert (rows == result.sites["incident_id"].to_numpy()).all()
    assert (result.sites["dataset"] == result.incidents.set_index("id").loc[rows, "dataset"].to_numpy()).all()


def test_the_dataset_filter_keeps_one_dataset_and_says_so(gazetteer, records) -> None:
    result = _three(gazetteer, records).result
    filt, notices = Filter.from_query({"dataset": ["ucdp-ged-sample"]}, known_datasets=["ucdp-ged-sample"])
    kept, sites = filt.apply(result.incidents, result.sites)
    assert notices == [] and len(kept) == 7 and set(kept["dataset"]) == {"ucdp-ged-sample"}
    assert set(sites["incident_id"]) == set(kept["id"])
    labels = {"datasets": {"ucdp-ged-sample": "UCDP GED"}}
    assert filt.describe(labels=labels) == "Incidents from UCDP GED"
    assert filt.to_query() == {"dataset": ["ucdp-ged-sample"]}
    _, notices = Filter.from_query({"dataset": ["nope"]}, known_datasets=["ucdp-ged-sample"])
    assert notices and "dataset" in notices[0]


def test_an_id_two_tables_share_is_renamed_in_the_later_and_reported(gazetteer, records) -> None:
    chosen = datasets({"INCIDENTS_SOURCE": os.pathsep.join([str(ACLED), "@records", str(ACLED)])})
    shown = combine.load(chosen, lambda: records, lambda path: load_result(path, gazetteer))
    ids = shown.result.incidents["id"]
    first = list(load_result(ACLED, gazetteer).incidents["id"])
    assert ids.is_unique and list(ids[:9]) == first
    assert list(ids[-9:]) == [f"acled-either-side-2-{i}" for i in first]
    assert any("9 event ids also in a dataset loaded before it" in n for n in shown.reports[1].notes)
    assert not any("event ids" in n for n in shown.reports[0].notes)


def test_converted_tables_search_their_text_on_disk_beside_records_in_memory(
    gazetteer, records, tmp_path: Path
) -> None:
    """`q` on a stack of two converted tables (text on disk) and our records (text in memory)."""

    def converted(path: Path):
        return columnar.load_result(path, gazetteer, cache=tmp_path)

    result = _three(gazetteer, records, converted).result
    assert isinstance(result.incidents.attrs[ondisk.ATTR], dict)
    plain = _three(gazetteer, records).result  # the same tables read whole, text in memory
    found = {"abu kamal": 3, "hajin": 2, "deir": 2, "islamic state": 1, "government": 1}  # datasets hit
    for words, n_datasets in found.items():
        filt = Filter(q=words)
        on_disk = filt.apply(result.incidents, result.sites)[0]
        in_memory = filt.apply(plain.incidents, plain.sites)[0]
        assert list(on_disk["id"]) == list(in_memory["id"]), words
        assert on_disk["dataset"].nunique() == n_datasets, words
    # One incident's account is read from its own dataset's file.
    row = result.incidents[result.incidents["dataset"] == "ucdp-ged-sample"].iloc[0]
    want = plain.incidents.loc[plain.incidents["id"] == row["id"], "description"].iloc[0]
    assert ondisk.cell(result.incidents, "description", int(row[ondisk.ROW_KEY]), "ucdp-ged-sample") == want
    # Text columns that are categories in a converted table stay categories when stacked.
    assert isinstance(result.incidents["event_type_label"].dtype, pd.CategoricalDtype)
    # ... and their unused categories (the blank one columnar adds) name no type or attacker.
    lookups = legend_lookups(result.incidents)
    assert "" not in {entry["slug"] for entry in lookups["types"] + lookups["attackers"]}


def test_colour_by_dataset_codes_each_incident_by_its_dataset(gazetteer, records) -> None:
    shown = _three(gazetteer, records)
    result = shown.result
    slugs = [d.slug for d in shown.datasets]
    colours = dataset_colours(slugs)
    entries = [{"slug": s, "label": s, "color": colours[s]} for s in slugs]
    lookups = {**legend_lookups(result.incidents), "colour_by": colour_by_dataset(entries)}
    data = layer_data(result.incidents, result.sites, lookups)
    ids = data["ids"]["list"]
    style = np.frombuffer(base64.b64decode(data["incident_columns"]["style"]["data"]), np.uint8)
    dataset_of = result.incidents.set_index("id")["dataset"]
    assert [slugs[data["styles"][s][3]] for s in style] == [dataset_of[i] for i in ids]
    assert len(set(colours.values())) == 3
    # The attacker colours stay the default: three codes, no fourth.
    plain = layer_data(result.incidents, result.sites, legend_lookups(result.incidents))
    assert {len(s) for s in plain["styles"]} == {3}
    # The server's cells ring by what the colours show.
    points = points_of(result.sites, lookups)
    site_dataset = result.sites["dataset"].astype(str).to_numpy()
    assert [slugs[c] for c in points.attacker] == list(site_dataset)


def test_the_csv_of_several_datasets_says_which_each_row_came_from(gazetteer, records) -> None:
    import csv
    import io
    from collections import Counter

    from incidents.export import export_bytes

    result = _three(gazetteer, records).result
    rows = list(csv.DictReader(io.StringIO(export_bytes("csv", result.incidents, result.sites).decode())))
    counts = Counter(row["dataset"] for row in rows)
    assert counts == {"acled-either-side": 9, "ucdp-ged-sample": 7, "records": len(records.incidents)}
    alone = export_bytes("csv", records.incidents, records.sites).decode()
    assert "dataset" not in alone.splitlines()[0]  # our records alone: the CSV as it always was
