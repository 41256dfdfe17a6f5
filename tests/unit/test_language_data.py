"""The language files hold only strings that compile, and the number table reads back."""

from __future__ import annotations

import pytest

from incidents import language


@pytest.mark.parametrize("code", language.LANGUAGES)
def test_every_cue_is_a_pattern(code: str) -> None:
    assert language.problems(code) == []


def test_a_cue_yaml_read_as_a_mapping_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = language.Language("en", {"language": "en", "chrome_stop": [{"related(?": "for you)?"}]})
    monkeypatch.setattr(language, "language", lambda code: broken)
    [problem] = language.problems("en")
    assert problem == (
        "incidents/lang/en.yaml: chrome_stop[0]: {'related(?': 'for you)?'} is not a string "
        "(quote it in the YAML)"
    )


@pytest.mark.parametrize(
    ("words", "value"),
    [("twelve", 12), ("twenty-two", 22), ("1,200", 1200), ("١٢", 12), ("ثلاثة", 3), ("اثنين وعشرين", 22)],
)
def test_numbers(words: str, value: int) -> None:
    assert language.number(words) == value


def test_detect() -> None:
    assert (language.detect("غارة على البوكمال"), language.detect("A strike on al-Bukamal")) == ("ar", "en")


def test_an_empty_cue_list_matches_nothing() -> None:
    assert language.language("en").words([]).search("any text at all") is None
