"""Spellings that reports use interchangeably must share one matching key; different places must not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geodata.names import light, normalise

SAME = [
    ["al-Bokamal", "Al-Bukamal", "Albu Kamal", "AlbuKamal", "Abu Kamal", "Bukamal", "al-Boukamal"],
    ["البوكمال", "أبو كمال", "البو كمال", "ابو كمال"],
    ["al-Qa'im", "Al-Qa’em", "al-Qaim", "al-Qaʿim", "Al Qaim", "al-Kaim"],
    ["القائم", "القايم", "القاىم"],
    ["Deir ez-Zor", "Deir Ezzor", "Deir-ez-Zor", "Dayr az-Zawr", "DEIR EZ ZOR"],
    ["دير الزور", "ديرالزور", "دير الزّور"],
    ["al-Mayadeen", "Al Mayādīn", "al-Mayadin", "el-Mayadin"],
    ["Sukkariyeh", "al-Sukkariyah", "Sukkariya", "as-Sukkariyya"],
    ["al-Jam'iyat", "al-Jam’iyat", "al-Jamiyat", "Al Jamʿiyat"],
    ["المختارية", "المختاريه"],
    ["al-Shefaa hospital", "al-Shifa hospital"],
]


@pytest.mark.parametrize("spellings", SAME, ids=lambda s: s[0])
def test_variants_share_a_key(spellings: list[str]) -> None:
    keys = {normalise(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Homs", "Hama"),
        ("al-Bukamal", "al-Mayadin"),
        ("Raqqa", "Rawah"),
        ("al-Tabni", "Tabqa"),
        ("Hajin", "Hajif"),
    ],
)
def test_different_places_keep_different_keys(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)


def test_light_keeps_words_for_phrase_patterns() -> None:
    assert light("The eastern countryside of Deir-ez-Zor") == "the eastern countryside of deir ez zor"


@given(st.text(max_size=40))
def test_normalise_never_fails_and_yields_one_word(text: str) -> None:
    key = normalise(text)
    assert isinstance(key, str)
    assert " " not in key
