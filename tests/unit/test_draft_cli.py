"""The `draft` command: JSON on standard output, YAML records, a saved HTML page, bad input."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import yaml

from incidents.__main__ import main
from incidents.draft import reduce_html
from incidents.model import Incident

ARTICLE = "Israeli warplanes struck Albu Kamal on Tuesday, killing at least 5 fighters.\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_json_has_the_documented_shape(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run("draft", str(article), "--published", "2021-01-14", "--url", "https://example.org/a")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"source", "events"}
    assert data["source"]["url"] == "https://example.org/a" and data["source"]["published"] == "2021-01-14"
    event = data["events"][0]
    assert set(event) == {
        "event_type",
        "date",
        "places",
        "claims",
        "attacker",
        "confidence",
        "killed",
        "injured",
        "quote",
        "review",
    }
    assert event["date"] == {
        "earliest": "2021-01-12",
        "latest": "2021-01-12",
        "month_day": None,
        "words": "Tuesday",
    }
    assert event["killed"] == {"min": 5, "max": None, "words": "killing at least 5"}
    assert event["places"][0]["role"] == "target"


def test_yaml_records_are_drafts_the_schema_accepts(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run("draft", str(article), "--format", "yaml", "-o", str(tmp_path / "out"))
    assert code == 0
    files = list((tmp_path / "out").glob("*.yaml"))
    assert [Path(line).name for line in out.split()] == [f.name for f in files]
    record = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    assert record["status"] == "draft" and record["review"]
    assert Incident.model_validate(record).is_draft


def test_json_to_a_directory(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run("draft", str(article), "-o", str(tmp_path / "out"))
    assert code == 0
    written = Path(out.strip())
    assert written.parent == tmp_path / "out" and written.suffix == ".json"
    assert json.loads(written.read_text(encoding="utf-8"))["events"][0]["event_type"] == "air-strike"


def test_a_saved_page(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(f"<html><body><nav>Home</nav><p>{ARTICLE}</p><script>x()</script></body></html>", "utf-8")
    code, out, _ = run("draft", str(page), "--published", "2021-01-14")
    assert code == 0 and json.loads(out)["events"][0]["quote"] == ARTICLE.strip()


def test_a_bad_date_is_named() -> None:
    err = io.StringIO()
    with redirect_stderr(err):
        try:
            main(["draft", "-", "--published", "14/01/2021"])
        except SystemExit as exc:
            assert exc.code == 2
    assert "not a date (YYYY-MM-DD): '14/01/2021'" in err.getvalue()


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    code, _, err = run("draft", str(tmp_path / "nope.txt"))
    assert code == 2 and "cannot read" in err and "nope.txt" in err


def test_reduce_html_keeps_the_text_and_drops_the_rest() -> None:
    page = (
        "<html><head><title>T</title><script>var x = '<p>no</p>';</script><style>p{}</style></head>"
        "<body><nav>Home | News</nav><!-- a comment --><h1>Headline</h1><p>First &amp; second.</p>"
        "<p>Third<br>line</p><footer>Contact</footer></body></html>"
    )
    assert reduce_html(page) == "T\n\nHeadline\n\nFirst & second.\n\nThird\nline\n"
