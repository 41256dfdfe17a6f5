"""The pages beside the map, on the real records, each opened from a link (streamlit.testing)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from incidents.briefings import load_briefing
from incidents.model import ENUMS, Incident
from pages.shared.escape import md_escape
from tests.app.run_page import open_page

INCIDENT_ID = "2021-01-13-air-raids-deir-ez-zor-city"


def texts(at: AppTest) -> str:
    """Everything the page wrote, Markdown unescaped, as one string to search."""
    parts = [
        e.value for kind in ("title", "header", "subheader", "markdown", "caption") for e in getattr(at, kind)
    ]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def test_incident_page_shows_the_whole_record():
    at = open_page("pages/incident.py", incident=INCIDENT_ID)
    body = texts(at)
    assert at.title[0].value.startswith("Air raids on Deir ez\\-Zor city")
    assert "How the date was worked out" in body and "At 1:10 a.m." in body  # date note and quote
    assert "Who says who did it" in body and "blamed by" in body  # claims with their stance label
    assert "Contested accounts" in body
    places = at.dataframe[0].value
    assert {"Reported as", "Place", "Precision", "Radius (km)"} <= set(places.columns)
    assert re.search(r"source text kept, sha256 [0-9a-f]{64}, day of retrieval not recorded", body)
    assert not at.warning


def test_incident_page_without_an_id_offers_a_choice():
    at = open_page("pages/incident.py", incident="no-such-incident")
    assert at.warning  # the unknown id is reported
    assert at.selectbox[0].label == "Incident"


def test_incidents_table_follows_the_filters():
    at = open_page("pages/incidents.py", type="drone-strike")
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["Type"]) == {"Drone strike"}
    assert "Incident" in table.columns and "event_type" not in table.columns  # labels, not slugs
    assert re.search(rf"{len(table)} of \d+ incidents", texts(at))
    assert at.query_params["type"] in (["drone-strike"], "drone-strike")


def test_method_page_is_generated_from_the_schema():
    at = open_page("pages/method.py")
    tables = [d.value for d in at.dataframe]
    labels = {label for t in tables if "Label" in t.columns for label in t["Label"]}
    for enum in ENUMS.values():
        assert {member.label for member in enum} <= labels
    fields = next(t for t in tables if "Field" in t.columns)
    assert list(fields["Field"]) == list(Incident.model_fields)


def test_sources_page_lists_documents_and_their_incidents():
    at = open_page("pages/sources.py", source="001_0e2bcae4c59b5ed8")
    assert at.title[0].value == "Sources"
    assert len(at.subheader) == 1 and "22 militiamen" in texts(at)


def test_places_page_shows_the_gazetteer():
    at = open_page("pages/places.py")
    table = at.dataframe[0].value
    assert {"Place", "Arabic", "Latitude", "Longitude", "Radius (km)", "Coordinates from"} <= set(
        table.columns
    )
    assert "al-Bukamal" in set(table["Place"])
    assert table["Incidents"].max() > 0


def test_briefing_steps_through_its_incidents():
    briefing = load_briefing("january-2021-raids")
    at = open_page("pages/briefing.py", briefing="january-2021-raids", step="2")
    body = texts(at)
    assert briefing.title in body
    assert f"Step 2 of {len(briefing.ids)}" in body
    assert briefing.incidents[1].sentence in body
    at.button(key="briefing-next").click().run()
    assert at.query_params["step"] in ("3", ["3"])
    assert briefing.incidents[2].sentence in texts(at)


@pytest.mark.parametrize("params", [{"briefing": "no-such-briefing"}, {"briefing": "../../etc/passwd"}, {}])
def test_briefing_page_without_a_valid_name_lists_the_briefings(params):
    at = open_page("pages/briefing.py", **params)
    assert at.title[0].value == "Briefings"
    assert bool(at.warning) == bool(params)


@pytest.mark.parametrize(
    "text", ["*bold* _x_ [link](http://example.com) $x$ <b>b</b> :red[x] # h", "1. a\n- b\n> c"]
)
def test_md_escape_leaves_no_markdown(text):
    escaped = md_escape(text)
    for special in "*_[]()$<>#":
        assert re.search(rf"(?<!\\)\{special}", escaped) is None, special


def test_incident_page_lists_its_history_and_when_it_was_last_updated():
    at = open_page("pages/incident.py", incident=INCIDENT_ID)
    body = texts(at)
    assert "History" in body
    assert re.search(r"Last updated \d{1,2} \w+ \d{4}; \d+ changes since it was added", body)
    assert "record added" in body


def test_changes_page_lists_records_changed_since_a_day():
    at = open_page("pages/changes.py", since="2020-01-01")
    body = texts(at)
    assert at.title[0].value == "Changes"
    assert re.search(r"\*\*\d+\*\* added, \*\*0\*\* changed, \*\*0\*\* removed since 1 January 2020", body)


def _type_of_last_change() -> str:
    """The event type of a record the latest commit on the records changed (so the view below
    holds a changed incident whatever that commit was)."""
    import subprocess
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    commits = subprocess.run(
        ["git", "log", "--format=%H", "-2", "--", "incidents/records/"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    changed = subprocess.run(
        ["git", "diff", "--name-only", "--diff-filter=AM", *commits[::-1], "--", "incidents/records/"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return yaml.safe_load((root / changed[0]).read_text(encoding="utf-8"))["event_type"]


def _records_version_before_last_change() -> str:
    """The data version of the records just before their latest commit, from git."""
    import subprocess
    from pathlib import Path

    from incidents import versions

    root = Path(__file__).resolve().parents[2]

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout

    if git("rev-parse", "--is-shallow-repository").strip() != "false":
        pytest.skip("not a full git checkout")
    commits = git("log", "--format=%H", "--", "incidents/records/").split()
    listed = git("ls-tree", "-r", commits[1], "--", "incidents/records/")
    return versions.version_of(
        {line.split("\t")[1].split("/")[-1]: line.split()[2] for line in listed.splitlines()}
    )


def test_an_old_link_says_which_incidents_of_its_view_changed_since():
    at = open_page("pages/incidents.py", v=_records_version_before_last_change(), type=_type_of_last_change())
    warning = [w.value for w in at.warning if "Since this link was made" in w.value]
    assert warning and re.search(r"\d+ of the incidents in this view changed or were added", warning[0])
    links = [p.proto.label for p in at.get("page_link") if p.proto.page == "incident"]
    assert links and all(label.endswith(("(changed)", "(added)")) for label in links)


def test_a_link_on_the_current_data_or_without_v_says_nothing_of_changes():
    for params in ({}, {"v": _records_version_before_last_change()[::-1]}):
        at = open_page("pages/incidents.py", **params)
        assert not [w for w in at.warning if "Since this link was made" in w.value]


def test_the_share_box_link_carries_the_data_version():
    from incidents import paths, versions

    at = open_page("pages/map.py", type="drone-strike")
    link = next(t.value for t in at.text_input if t.label == "Link to this view")
    assert f"v={versions.current_version(paths.records_dir())}" in link and "type=drone-strike" in link
