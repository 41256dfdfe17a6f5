"""The standalone HTML as a string (no browser): nothing external, record text escaped."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from incidents.export import export_bytes
from incidents.load import load_incidents

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("html")
    records = tmp / "records"
    records.mkdir()
    data = yaml.safe_load((FIXTURES / "valid" / "valid-record.yaml").read_text(encoding="utf-8"))
    data["title"] = "<script>alert(1)</script>"
    data["sources"][0]["quotes"].append("<img src=x onerror=alert(1)>")
    (records / "hostile.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    shutil.copy(FIXTURES / "gazetteer-mini.csv", tmp / "gz.csv")
    from geodata.gazetteer import load_gazetteer

    result = load_incidents(records, gazetteer=load_gazetteer(tmp / "gz.csv"))
    return export_bytes(
        "html",
        result.incidents,
        result.sites,
        records=result.records,
        filter_description='Drone strikes "quoted" <b>',
        link="http://localhost:8501/?type=drone-strike&q=a",
    ).decode("utf-8")


def test_nothing_is_fetched_from_anywhere(page: str) -> None:
    assert not re.search(r"<script[^>]*\ssrc=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\shref=", page, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page, re.IGNORECASE)
    assert "/app/static/" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_record_text_is_escaped(page: str) -> None:
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Drone strikes &quot;quoted&quot; &lt;b&gt;" in page
    assert 'href="http://localhost:8501/?type=drone-strike&amp;q=a"' in page
