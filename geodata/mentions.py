"""Finding the places an article names, in running text, with their verbatim spans.

A drafter must point at the words a place came from, so every mention carries offsets into the text
and the name exactly as written. Names are matched on the same keys as ``Gazetteer.match`` (one
``names.normalise`` per word, so "Albu Kamal", "AlbuKamal" and "وبالبوكمال" meet "al-Bukamal"),
through an index built once: a dict from the key of a run of words to place ids, looked up for every
run of up to a few words, longest first. Descriptions around a name ("the eastern countryside of",
"desert", "ريف ... الشرقي") come from ``qualifiers.csv``; a capitalised name after a cue word
("the village of X", "قرية X") that the gazetteer lacks is kept with no candidate, for review.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from geodata.distance import distance_km
from geodata.names import is_article, normalise, tokens

if TYPE_CHECKING:
    from geodata.gazetteer import Place, Qualifier

CUES_DIR = Path(__file__).with_name("place_cues")
FEATURE_TYPES_CSV = Path(__file__).with_name("feature_types.csv")

# A word: letters/digits with Arabic marks and tatweel, apostrophes (ayn, hamza) only inside it.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_WORD = re.compile(rf"[\w{_MARKS}]+(?:['’‘ʿʾʻʼ`´][\w{_MARKS}]+)*")
# What may separate the words of one name: spaces and hyphens, never punctuation or a line break.
_JOIN = re.compile(r"[ \t\u00a0\-‐‑–]*")
# Arabic clitics written onto a name: a conjunction (و, ف) then a preposition (ب, ل); "لل" is ل + ال.
_CLITIC = re.compile(r"^(?P<conj>[وف]?)(?P<prep>[بل]?)")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_PLACEHOLDER = "xplacex"
# Keys shorter than this match common words by chance ("ana", "هيت"); they still match as whole names.
MIN_KEY = 3
# The most words a qualifier takes before and after a name ("in the vicinity of" is four).
_QUALIFIER_BEFORE = 5
_QUALIFIER_AFTER = 3
# How near (km) a homonym must be to the other places of the text to be chosen, and how much nearer
# than the next candidate.
HOMONYM_NEAR_KM = 60.0
HOMONYM_MARGIN = 2.0


@dataclass(frozen=True)
class PlaceMention:
    """One place a text names: where, as written, its gazetteer candidates, what a curator must check."""

    start: int
    end: int
    as_written: str
    place_ids: tuple[str, ...]
    precision: str
    qualifier: str | None = None
    qualifier_start: int | None = None
    qualifier_end: int | None = None
    resolved: str | None = None
    review: str | None = None


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Cue:
    """A word that announces a place name ("village of", "قرية"), before or after it."""

    words: tuple[str, ...]
    position: str
    precision: str


@functools.cache
def load_cues(directory: Path = CUES_DIR) -> tuple[Cue, ...]:
    """Place cue words of every language, longest first."""
    cues = []
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                cues.append(Cue(tuple(tokens(row["cue"])), row["position"], row["precision"]))
    return tuple(sorted(cues, key=lambda c: -len(c.words)))


@functools.cache
def feature_precisions(path: Path = FEATURE_TYPES_CSV) -> dict[str, str]:
    """The location precision a bare mention of each feature type supports."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["feature_type"]: r["precision"] for r in csv.DictReader(fh)}


@functools.lru_cache(maxsize=65536)
def _key(word: str) -> str:
    return normalise(word)


@functools.lru_cache(maxsize=65536)
def _light(word: str) -> str:
    return " ".join(tokens(word))


def _words(text: str) -> list[_Word]:
    return [_Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _variants(word: str) -> list[tuple[int, str]]:
    """(characters to skip, word) for a word and the word without its Arabic clitics."""
    out = [(0, word)]
    if not _ARABIC.match(word):
        return out
    m = _CLITIC.match(word)
    conj, prep = m["conj"], m["prep"]
    if prep == "ل" and word[m.end() :].startswith("ل"):  # للميادين = ل + الميادين
        out.append((m.end(), "ا" + word[m.end() :]))
    elif conj or prep:
        if conj and prep:
            out.append((len(conj), word[len(conj) :]))
        out.append((m.end(), word[m.end() :]))
    return [(skip, w) for skip, w in out if len(w) >= 2]


def _is_latin(word: str) -> bool:
    return not _ARABIC.match(word)


class MentionFinder:
    """An index of every spelling of every place by the keys of its words, searched over a text."""

    def __init__(self, places: Iterable[Place], qualifiers: Sequence[Qualifier]) -> None:
        self.places: dict[str, Place] = {}
        self.index: dict[str, set[str]] = {}
        self.max_words = 1
        for place in places:
            self.places[place.place_id] = place
            for spelling in (place.name, place.name_ar, *place.aliases, *place.shared_aliases):
                words = [w.text for w in _words(spelling)]
                key = "".join(_key(w) for w in words)
                if len(key) >= MIN_KEY:
                    self.index.setdefault(key, set()).add(place.place_id)
                    self.max_words = max(self.max_words, len(words))
        self.qualifiers = [q for q in qualifiers if q.label]
        self.cues = load_cues()
        self.precisions = feature_precisions()

    # -- names the gazetteer knows ----------------------------------------------------------------

    def _longest_at(self, words: list[_Word], i: int, text: str) -> tuple[int, int, set[str]] | None:
        """(skip, end word, ids) of the longest known name starting at word i."""
        if not self._may_start(words, i, text):
            return None
        for skip, first in _variants(words[i].text):
            key = _key(first)
            keys = [key]
            last = i
            for j in range(i + 1, min(len(words), i + self.max_words)):
                if not _JOIN.fullmatch(text[words[j - 1].end : words[j].start]):
                    break
                key += _key(words[j].text)
                keys.append(key)
                last = j
            for n in range(last, i - 1, -1):
                ids = self.index.get(keys[n - i])
                if ids and self._plausible(words[i : n + 1], first):
                    return skip, n + 1, ids
        return None

    @staticmethod
    def _may_start(words: list[_Word], i: int, text: str) -> bool:
        """A Latin name opens with its article only as "al-X" or "Al X", never "the" or "as the"."""
        word = words[i].text
        if not _is_latin(word) or not is_article(word):
            return True
        if word.casefold() == "the" or i + 1 >= len(words):
            return False
        gap = text[words[i].end : words[i + 1].start]
        return "-" in gap or (word[:1].isupper() and words[i + 1].text[:1].isupper())

    @staticmethod
    def _plausible(run: list[_Word], first: str) -> bool:
        """Latin names are capitalised: "hit" and "ana" in a sentence are words, not towns."""
        if not _is_latin(first):
            return True
        head = next((w.text for w in run if not is_article(w.text)), "")
        return head[:1].isupper()

    # -- qualifiers -------------------------------------------------------------------------------

    def _qualifier(
        self, words: list[_Word], i: int, j: int, lo: int, hi: int, next_starts: set[int], text: str
    ) -> tuple[str, int, int] | None:
        """The longest description around words[i:j] (label, first word, end word), within [lo, hi).

        Every run of words before and after the name is tried against the qualifier patterns with a
        placeholder for the name, so the patterns of ``Gazetteer.match`` serve running text unchanged.
        """
        before = [i]
        for k in range(i - 1, max(lo, i - _QUALIFIER_BEFORE) - 1, -1):
            if not _JOIN.fullmatch(text[words[k].end : words[k + 1].start]):
                break
            before.append(k)
        after = [j]
        for k in range(j, min(hi, j + _QUALIFIER_AFTER)):
            if not _JOIN.fullmatch(text[words[k - 1].end : words[k].start]):
                break
            after.append(k + 1)
        best: tuple[int, int, str, int, int] | None = None
        for k in before:
            pre = " ".join(_light(w.text) for w in words[k:i])
            for e in after:
                size = (i - k) + (e - j)
                if size == 0 or (best and best[0] >= size) or (e > j and e in next_starts):
                    continue
                post = " ".join(_light(w.text) for w in words[j:e])
                s = " ".join(p for p in (pre, _PLACEHOLDER, post) if p)
                for order, q in enumerate(self.qualifiers):
                    m = q.pattern.match(s)
                    if not m:
                        continue
                    groups = m.groupdict()
                    if "place" in groups:
                        ok = groups["place"] == _PLACEHOLDER and m.end() == len(s)
                    else:
                        ok = e == j and k < i and m.end() == len(pre) + 1
                    if ok:
                        label = q.label.format(**{g: v for g, v in groups.items() if v})
                        best = (size, order, label, k, e)
                        break
        return None if best is None else (best[2], best[3], best[4])

    # -- names the gazetteer lacks ----------------------------------------------------------------

    def _unknown(self, words: list[_Word], taken: list[bool], text: str) -> list[tuple[int, int, str]]:
        """(first word, end word, precision) of names after (or before) a cue word, not already taken."""
        found = []
        lights = [_light(w.text) for w in words]
        for c, word in enumerate(words):
            for cue in self.cues:
                n = len(cue.words)
                have = lights[c : c + n]
                if len(have) < n:
                    continue
                if _ARABIC.match(word.text):
                    stems = {lights[c]} | {_light(v) for _, v in _variants(word.text)}
                    if n != 1 or cue.words[0] not in stems:
                        continue
                elif " ".join(have).casefold() != " ".join(cue.words):
                    continue
                span = self._name_after(words, c + n, taken, text) if cue.position == "before" else None
                if cue.position == "after":
                    span = self._name_before(words, c, taken, text)
                if span:
                    found.append((*span, cue.precision))
                break
        return found

    @staticmethod
    def _joined(words: list[_Word], a: int, b: int, text: str) -> bool:
        return _JOIN.fullmatch(text[words[a].end : words[b].start]) is not None

    def _name_after(self, words: list[_Word], i: int, taken: list[bool], text: str) -> tuple[int, int] | None:
        if i >= len(words) or taken[i] or not self._joined(words, i - 1, i, text):
            return None
        if _ARABIC.match(words[i].text):
            end = i + 1
            nxt = words[end].text if end < len(words) else ""
            if (
                nxt.startswith("ال")
                and not words[i].text.startswith("ال")
                and not taken[end]
                and self._joined(words, i, end, text)
            ):
                end += 1
            return (i, end) if len(_key(words[i].text)) >= MIN_KEY else None
        end = i
        while end < len(words) and end - i < 4 and not taken[end]:
            if end > i and not self._joined(words, end - 1, end, text):
                break
            w = words[end].text
            if not (w[:1].isupper() or (is_article(w) and end + 1 < len(words))):
                break
            end += 1
        while end > i and is_article(words[end - 1].text):
            end -= 1
        if end == i or not any(words[k].text[:1].isupper() for k in range(i, end)):
            return None
        return i, end

    def _name_before(
        self, words: list[_Word], c: int, taken: list[bool], text: str
    ) -> tuple[int, int] | None:
        start = c
        while start > 0 and c - start < 4 and not taken[start - 1]:
            w = words[start - 1].text
            if not self._joined(words, start - 1, start, text) or _ARABIC.match(w):
                break
            if not (w[:1].isupper() or (is_article(w) and w.casefold() != "the")):
                break
            start -= 1
        while start < c and is_article(words[start].text):
            start += 1
        if start == c or not words[start].text[:1].isupper():
            return None
        # A capitalised word opening a sentence is not a name by itself ("Residents neighbourhood").
        return start, c

    # -- the whole text ---------------------------------------------------------------------------

    def find(self, text: str) -> list[PlaceMention]:
        """Every place named in ``text``, in order, never overlapping."""
        words = _words(text)
        spans: list[tuple[int, int, int, set[str]]] = []  # (first word, skip, end word, ids)
        i = 0
        while i < len(words):
            hit = self._longest_at(words, i, text)
            if hit:
                skip, end, ids = hit
                spans.append((i, skip, end, ids))
                i = end
            else:
                i += 1
        taken = [False] * len(words)
        for a, _, b, _ in spans:
            for k in range(a, b):
                taken[k] = True
        unknown = self._unknown(words, taken, text)
        for a, b, _ in unknown:
            for k in range(a, b):
                taken[k] = True
        items: list[tuple[int, int, int, set[str] | None, str | None]] = [
            (a, skip, b, ids, None) for a, skip, b, ids in spans
        ]
        items += [(a, 0, b, None, precision) for a, b, precision in unknown]
        items.sort()
        # A description after a name ends before a following name ("Tallat al-Hajif southwest Deir
        # ez-Zor": "southwest" is Deir ez-Zor's), unless a conjunction is written onto it ("وبالبوكمال").
        starts = {a for a, skip, *_ in items if skip == 0}
        mentions = []
        prev_end = 0
        for n, (a, skip, b, ids, cue_precision) in enumerate(items):
            nxt = items[n + 1][0] if n + 1 < len(items) else len(words)
            start = words[a].start + skip
            as_written = text[start : words[b - 1].end]
            qual = self._qualifier(words, a, b, prev_end, nxt, starts, text) if ids else None
            if qual:
                label, qa, qb = qual
                q_first, q_last = _trim_articles(words, qa, a, b, qb)
                q_start, q_end = words[q_first].start, words[q_last].end
                prev_end = max(b, qb)
            else:
                label, q_start, q_end = None, None, None
                prev_end = b
            if ids is None:
                mentions.append(
                    PlaceMention(
                        start,
                        words[b - 1].end,
                        as_written,
                        (),
                        cue_precision or "town",
                        review=f"{as_written!r} is not in the gazetteer: locate it by hand or add it",
                    )
                )
                continue
            mentions.append(self._mention(start, words[b - 1].end, as_written, ids, label, q_start, q_end))
        return self._disambiguate(mentions)

    def _mention(
        self,
        start: int,
        end: int,
        as_written: str,
        ids: set[str],
        label: str | None,
        q_start: int | None,
        q_end: int | None,
    ) -> PlaceMention:
        cands = sorted(ids, key=lambda p: (-self.places[p].precision_m, p))
        first = self.places[cands[0]]
        precision = self.precisions.get(first.feature_type, "town")
        if label and precision != "region":
            precision = "area"
        one = cands[0] if len(cands) == 1 else None
        return PlaceMention(start, end, as_written, tuple(cands), precision, label, q_start, q_end, one)

    def _disambiguate(self, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """Choose among homonyms by the governorates the text names, then by distance to its places."""
        known = [self.places[m.resolved] for m in mentions if m.resolved]
        governorates = {p.governorate for p in known if p.governorate}
        out = []
        for m in mentions:
            if m.resolved or not m.place_ids:
                out.append(m)
                continue
            cands = [self.places[p] for p in m.place_ids]
            same = [p for p in cands if p.governorate in governorates]
            ranked = sorted(cands, key=lambda p: self._distance(p, known))
            chosen = None
            if len(same) == 1:
                chosen = same[0]
            elif known:
                d = [self._distance(p, known) for p in ranked]
                if d[0] <= HOMONYM_NEAR_KM and d[1] >= HOMONYM_MARGIN * max(d[0], 1.0):
                    chosen = ranked[0]
            if chosen is not None:
                order = (chosen.place_id, *(p.place_id for p in ranked if p is not chosen))
                out.append(_replace(m, place_ids=order, resolved=chosen.place_id))
            else:
                names = ", ".join(p.place_id for p in ranked)
                out.append(
                    _replace(
                        m,
                        place_ids=tuple(p.place_id for p in ranked),
                        review=f"{m.as_written!r} names {len(cands)} places ({names}); "
                        "the text does not say which",
                    )
                )
        return out

    @staticmethod
    def _distance(place: Place, known: list[Place]) -> float:
        if not known:
            return 0.0
        d = distance_km(place.lat, place.lon, [k.lat for k in known], [k.lon for k in known])
        return float(d.min())


def _trim_articles(words: list[_Word], qa: int, a: int, b: int, qb: int) -> tuple[int, int]:
    """First and last word of a qualifier around words[a:b], without an article at either end."""
    before = [k for k in range(qa, a)]
    after = [k for k in range(b, qb)]
    for side in (before, after):
        while side and is_article(words[side[0]].text):
            side.pop(0)
        while side and is_article(words[side[-1]].text):
            side.pop()
    both = before + after
    if not both:  # only articles: keep the words as matched
        return (qa, a - 1) if qa < a else (b, qb - 1)
    return both[0], both[-1]


def _replace(m: PlaceMention, **changes: object) -> PlaceMention:
    return replace(m, **changes)  # type: ignore[arg-type]
