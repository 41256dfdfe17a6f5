"""Each quote in the real records is verbatim in its source document."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidents import paths
from incidents.load import load_incidents
from incidents.quotes import normalise_for_quotes, quote_found
from incidents.validate import record_files

SEEDS = paths.seeds_dir()
RECORDS = record_files(paths.records_dir())


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"source documents not available at {SEEDS}")
@pytest.mark.parametrize("record", RECORDS, ids=[p.name for p in RECORDS])
def test_every_quote_is_verbatim_in_its_source(record: Path, tmp_path: Path) -> None:
    (tmp_path / record.name).write_bytes(record.read_bytes())
    result = load_incidents(tmp_path, gazetteer=None, seeds_dir=SEEDS, check_quotes=True)
    record_errors = [e for e in result.errors if e.field != "(gazetteer)"]
    assert record_errors == [], "\n".join(map(str, record_errors))
    (incident,) = result.records
    for source in incident.sources:
        text = (SEEDS / source.document).read_text(encoding="utf-8")
        for quote in source.quotes:
            assert quote_found(quote, text), quote


def test_typography_is_folded_but_words_are_not() -> None:
    document = "“At 1:10 a.m., the Israeli enemy targeted\nDeir ez-Zor city,” SANA’s report said."
    assert quote_found('"At 1:10 a.m., the Israeli enemy targeted Deir ez-Zor city,"', document)
    assert quote_found("SANA's report", document)
    assert not quote_found("the israeli enemy", document)  # case is part of verbatim
    assert not quote_found("the Israeli enemy struck", document)
    assert normalise_for_quotes("a \u00a0 b\n") == "a b"
