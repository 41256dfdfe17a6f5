"""The gazetteer on real spellings from the sources: accuracy, no false matches, phrases, CLI, check."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.__main__ import check
from geodata.__main__ import main as cli_main
from geodata.gazetteer import FUZZY_THRESHOLD, GAZETTEER_CSV, Gazetteer, Match, load_gazetteer, read_places
from tests.conftest import SUMMARY


def report(line: str) -> None:
    """Print a measured figure and keep it for the end-of-run summary."""
    print(line)
    SUMMARY.append(line)


ROOT = Path(__file__).resolve().parents[2]
SPELLINGS = ROOT / "tests" / "fixtures" / "spellings.csv"
REQUIRED_IDS = [
    "al-bukamal",
    "al-mayadin",
    "deir-ez-zor",
    "deir-ez-zor-governorate",
    "homs",
    "homs-governorate",
    "al-qaim",
    "khasham",
    "al-tabni",
    "muhasan",
    "al-quriyah",
    "mahkan",
    "al-duwayr",
    "al-hassyan",
    "ayyash",
    "ain-ali",
    "tharda-mountain",
    "deir-ez-zor-airport",
    "al-mukhtariyah",
    "eid-gas-station-mukhtariyah",
    "al-abbas",
    "al-jalaa",
    "al-sukkariyah",
    "al-katef",
    "al-mazare",
    "al-shefaa-hospital",
    "aiysha-hospital",
    "al-qaim-border-crossing",
    "imam-ali-base",
    "al-hizam",
    "al-sinaa",
    "al-thalathat",
    "al-jamiyat",
    "koniko-gas-field",
    "harabesh",
    "tallat-al-hajif",
    "vanguard-camp",
    "boursaid-street",
    "baghazi-ayyash",
    "west-euphrates-region",
    "syria-iraq-border",
    "al-yarubiyah-crossing",
    "al-tanf-crossing",
]
# Outside Syria and Iraq, or a governorate we keep no region for (Palmyra, Sweida and Daraa are GeoNames
# populated places of Syria, in the gazetteer since issue 30).
LEFT_OUT = ["Anbar", "Gaza", "Lebanon", "Tehran", "Moscow", "Cyprus", "Amman", "Beirut"]


def _labelled() -> list[dict[str, str]]:
    with SPELLINGS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _score(gazetteer: Gazetteer) -> tuple[float, list[tuple[str, str, Match]], list[tuple[str, str, Match]]]:
    """Accuracy, misses and false matches over the labelled spellings.

    A false match is a confident answer (a single place) that is wrong, including any place for a name
    that must not match. An ambiguous answer listing the expected place counts as correct.
    """
    rows = _labelled()
    misses, false = [], []
    for row in rows:
        expected = row["expected_place_id"] or None
        m = gazetteer.match(row["spelling"])
        got = m.place.place_id if m.place else None
        correct = got == expected or (
            m.method == "ambiguous" and expected in {c.place_id for c in m.candidates}
        )
        if m.place is not None and got != expected:
            false.append((row["spelling"], expected or "", m))
        elif not correct:
            misses.append((row["spelling"], expected or "", m))
    return 1 - (len(misses) + len(false)) / len(rows), misses, false


def test_labelled_set_is_big_enough_and_points_at_real_places() -> None:
    rows = _labelled()
    gazetteer = load_gazetteer()
    assert len(rows) >= 150
    assert sum(1 for r in rows if not r["expected_place_id"]) >= 30
    unknown = {r["expected_place_id"] for r in rows if r["expected_place_id"]} - set(gazetteer.places.index)
    assert not unknown


def test_accuracy_and_no_false_matches() -> None:
    accuracy, misses, false = _score(load_gazetteer())
    n = len(_labelled())
    report(
        f"[gazetteer] {n} labelled spellings, fuzzy threshold {FUZZY_THRESHOLD}: "
        f"accuracy {accuracy:.3f}, false matches {len(false)}, misses {len(misses)}"
    )
    for spelling, expected, m in misses:
        report(f"[gazetteer]   miss: {spelling!r} expected {expected or 'no match'}, got {m.method}")
    for spelling, expected, m in false:
        report(f"[gazetteer]   FALSE: {spelling!r} expected {expected or 'no match'}, got {m.place.place_id}")
    assert not false
    assert accuracy >= 0.95


def test_threshold_is_the_lowest_without_false_matches() -> None:
    """The sweep that justifies FUZZY_THRESHOLD: lower thresholds make confident wrong matches."""
    places = read_places(GAZETTEER_CSV)
    report("[gazetteer] threshold sweep (threshold: accuracy / false matches)")
    results = {}
    for threshold in (80, 84, 86, 87, FUZZY_THRESHOLD, 90, 95, 100):
        accuracy, _, false = _score(Gazetteer(places, fuzzy_threshold=threshold))
        results[threshold] = (accuracy, len(false))
        report(f"[gazetteer]   {threshold:>5}: {accuracy:.3f} / {len(false)}")
    assert results[FUZZY_THRESHOLD][1] == 0
    assert any(f > 0 for t, (_, f) in results.items() if t < FUZZY_THRESHOLD), "threshold could be lower"
    assert results[FUZZY_THRESHOLD][0] >= max(a for t, (a, f) in results.items() if f == 0)


def test_required_ids_exist_and_left_out_places_stay_out() -> None:
    gazetteer = load_gazetteer()
    missing = [pid for pid in REQUIRED_IDS if pid not in gazetteer]
    assert not missing
    for name in LEFT_OUT:
        assert gazetteer.match(name).method == "none", name


def test_api_types() -> None:
    gazetteer = load_gazetteer()
    assert load_gazetteer() is gazetteer
    place = gazetteer.get("al-bukamal")
    assert place is not None and isinstance(place.aliases, tuple) and isinstance(place.precision_m, int)
    assert gazetteer.places.loc["al-bukamal", "lat"] == pytest.approx(34.45226)
    assert gazetteer.get("nowhere") is None


@pytest.mark.parametrize(
    ("phrase", "place_id", "qualifier", "min_precision"),
    [
        ("al-Mayadeen desert", "al-mayadin", "desert", 20_000),
        ("the eastern countryside of Deir ez-Zor", "deir-ez-zor", "eastern countryside", 50_000),
        ("near the al-Qa'im border crossing", "al-qaim-border-crossing", "near", 10_000),
        ("south of al-Bukamal", "al-bukamal", "south of", 20_000),
        ("al-Bokamal countryside", "al-bukamal", "countryside", 30_000),
        ("within 10 km of al-Bukamal", "al-bukamal", "within 10 km", 13_000),
        ("farm areas south of al-Mayadin", "al-mayadin", "farmland; south of", 20_000),
    ],
)
def test_phrases_keep_their_qualifier_and_widen_precision(
    phrase: str, place_id: str, qualifier: str, min_precision: int
) -> None:
    m = load_gazetteer().match(phrase)
    assert (m.method, m.place.place_id if m.place else None, m.qualifier) == ("phrase", place_id, qualifier)
    assert m.precision_m >= min_precision > m.place.precision_m


def test_generic_name_is_ambiguous_with_candidates() -> None:
    m = load_gazetteer().match("al-Sina’a")
    assert m.method == "ambiguous" and m.place is None
    # The one fold reads the curly apostrophe as the straight one: the two al-Sina'a of the
    # gazetteer, not Sinah (Duhok), whose key only the apostrophe-less spelling shares.
    assert {c.place_id for c in m.candidates} == {"al-sinaa", "al-sinaa-deir-ez-zor"}


def test_each_method_is_reported() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.match("Albu Kamal").method == "exact"
    assert gazetteer.match("ALBU-KAMAL").method == "normalised"
    fuzzy = gazetteer.match("Tharda mountian")
    assert fuzzy.method == "fuzzy" and FUZZY_THRESHOLD <= fuzzy.score < 100
    assert gazetteer.match("Zarqawiyah").method == "none"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geodata", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_cli_geocode_prints_one_json_object_per_name() -> None:
    result = _cli("geocode", "Albu Kamal", "Amman", "al-Sina'a")
    assert result.returncode == 0, result.stderr
    found, missing, ambiguous = (json.loads(line) for line in result.stdout.splitlines())
    for key in ("query", "place_id", "name", "lat", "lon", "precision_m", "method", "score", "candidates"):
        assert key in found
    assert (found["place_id"], found["method"], found["lat"]) == ("al-bukamal", "exact", 34.45226)
    assert missing["place_id"] is None and missing["method"] == "none"
    assert ambiguous["method"] == "ambiguous" and len(ambiguous["candidates"]) == 2


def test_check_passes_on_the_real_gazetteer() -> None:
    result = _cli("check")
    assert result.returncode == 0, result.stdout + result.stderr


def _broken_copy(tmp_path: Path, edit) -> Path:
    with GAZETTEER_CSV.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    edit(rows)
    path = tmp_path / "gazetteer.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _place(place_id: str, **values: str):
    def edit(rows: list[dict[str, str]]) -> None:
        next(row for row in rows if row["place_id"] == place_id).update(values)

    return edit


def _set(index: int, **values: str):
    def edit(rows: list[dict[str, str]]) -> None:
        rows[index].update(values)

    return edit


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _set(3, place_id="deir-ez-zor-governorate"),
            "gazetteer.csv:5: place_id: duplicate id 'deir-ez-zor-governorate'",
        ),
        (_set(4, lat="134.4"), "gazetteer.csv:6: lat: 134.4 is out of range [-90, 90]"),
        (_set(4, lat="abc"), "gazetteer.csv:6: lat: 'abc' is not a number"),
        (_set(5, provenance=""), "gazetteer.csv:7: provenance: '' must be geonames:<id> or estimated"),
        (_set(20, provenance_note=""), "gazetteer.csv:22: provenance_note: missing"),
        (
            _set(5, lat="36.2", lon="37.15"),
            "gazetteer.csv:7: lat: (36.2, 37.15) is outside deir-ez-zor's bounds",
        ),
        (_set(5, aliases="Homs"), "gazetteer.csv:9: aliases: 'Hums' also names al-bukamal (line 7)"),
        (_set(5, lat="34.9"), "gazetteer.csv:7: lat: 49.8 km from geonames:174448"),
        (
            _place("al-thalathat", lat="34.3", lon="40.7"),  # the point before the dates review
            "lies in IQ on geodata/basemap/countries.geojson, not SY",
        ),
        (_place("iraq", provenance="geonames:163843"), "provenance: must be geonames:99237, Iraq's id"),
        (_place("iraq", lat="35.0", lon="38.5"), "lat: (35.0, 38.5) is not inside Iraq"),
        (_place("iraq", precision_m="4000"), "precision_m: a country's radius covers it"),
    ],
    ids=[
        "duplicate-id",
        "lat-range",
        "lat-not-number",
        "no-provenance",
        "no-note",
        "outside",
        "alias",
        "geonames",
        "wrong-side-of-border",
        "country-geonames-id",
        "country-point-outside",
        "country-radius",
    ],
)
def test_check_reports_broken_rows(tmp_path: Path, edit, expected: str) -> None:
    path = _broken_copy(tmp_path, edit)
    messages = [f"{path.name}:{line}: {col}: {msg}" for line, col, msg in check(path)]
    assert any(m.startswith(expected) or expected in m for m in messages), messages


def test_check_command_exits_non_zero_with_located_messages(tmp_path: Path, capsys) -> None:
    """The command's entry point in-process (a subprocess would reload GeoNames: slow)."""
    path = _broken_copy(tmp_path, _set(4, lat="abc"))
    assert cli_main(["check", str(path)]) == 1
    assert "gazetteer.csv:6: lat: 'abc' is not a number" in capsys.readouterr().out
