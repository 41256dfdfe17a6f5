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

import bisect
import csv
import functools
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from geodata.distance import distance_km
from geodata.names import is_article, normalise, tokens

if TYPE_CHECKING:
    from geodata.gazetteer import Place, Qualifier

CUES_DIR = Path(__file__).with_name("place_cues")
# Names that are also ordinary words ("الثورة", the revolution, is also al-Tabqa): only after a cue word.
COMMON_WORDS_CSV = CUES_DIR / "common_words.csv"
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
# Spellings whose key is shorter than this ("al", "tl") are not searched for in text: they match by chance.
MIN_KEY = 3
# The most words a qualifier takes before and after a name ("in the vicinity of" is four).
_QUALIFIER_BEFORE = 5
_QUALIFIER_AFTER = 3
# How near (km) a homonym must be to the other places of the text to be chosen, and how much nearer
# than the next candidate.
HOMONYM_NEAR_KM = 60.0
HOMONYM_MARGIN = 2.0
# How close (rapidfuzz ratio) a single word matched only through the transliteration swaps must stay
# to a spelling: "Mayadeen"/"Mayadin" 80, "al-Qa'em"/"al-Qa'im" 75, "Read"/"Riyad" 67.
LOOSE_WORD_RATIO = 70.0
_SENTENCE_END = re.compile(r"[.!?؟\n]+")
_PARAGRAPH_END = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class PlaceMention:
    """One place a text names: where, as written, its gazetteer candidates, what a curator must check.

    ``precision`` is what the words claim: the feature type's precision (``feature_types.csv``), or
    "area" when a qualifier describes the place. A record must not claim more than the place's
    radius supports: cap it with ``incidents.precisions.finest_allowed(place.precision_m)``.
    ``qualifier_start``/``qualifier_end`` span the description's words; when it has words on both
    sides of the name ("ريف دير الزور الشرقي") the span runs from the first to the last, name included.
    """

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
        if path.name == COMMON_WORDS_CSV.name:
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                cues.append(Cue(tuple(tokens(row["cue"])), row["position"], row["precision"]))
    return tuple(sorted(cues, key=lambda c: -len(c.words)))


@functools.cache
def load_common_words(path: Path = COMMON_WORDS_CSV) -> frozenset[str]:
    """Light forms of the words that name a place only after a cue word."""
    with path.open(encoding="utf-8", newline="") as fh:
        return frozenset(" ".join(tokens(r["word"])) for r in csv.DictReader(fh))


@functools.cache
def feature_precisions(path: Path = FEATURE_TYPES_CSV) -> dict[str, str]:
    """The location precision a bare mention of each feature type supports."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["feature_type"]: r["precision"] for r in csv.DictReader(fh)}


@functools.cache
def feature_labels(path: Path = FEATURE_TYPES_CSV) -> dict[str, str]:
    """Each feature type's label for people ('Border crossing'), in English: the interface's
    catalogue translates it (babel.cfg extracts the column)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["feature_type"]: r["label"] for r in csv.DictReader(fh)}


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
        # Single words as some spelling writes them, up to case, marks and apostrophes.
        self.spelt = {
            _light(w.text).removeprefix("al")
            for p in self.places.values()
            for s in (p.name, p.name_ar, *p.aliases, *p.shared_aliases)
            for w in _words(s)
        }
        self.cues = load_cues()
        self.cue_index: dict[str, list[Cue]] = {}
        for cue in self.cues:  # longest first, as load_cues orders them
            self.cue_index.setdefault(cue.words[0], []).append(cue)
        self.literals = {q.pattern.pattern: _literals(q.pattern.pattern) for q in self.qualifiers}
        self.common = load_common_words()
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
                if n > i and not _key(words[n].text):
                    continue  # a name never ends on an article ("Abu Kamal at dawn")
                ids = self.index.get(keys[n - i])
                if ids and n == i and not self._spelt(first) and not self._close(first, ids, text, words[i]):
                    continue
                if ids and self._plausible(words[i : n + 1], first):
                    if n == i and _light(first) in self.common and self._cue_before(words, i) is None:
                        continue
                    return skip, n + 1, ids
        return None

    def _spelt(self, word: str) -> bool:
        """Whether a word is written as some spelling writes it (not only equal after the swaps)."""
        return _light(word).removeprefix("al") in self.spelt

    def _close(self, word: str, ids: set[str], text: str, at: _Word) -> bool:
        """Whether a word equal to a name only after the transliteration swaps is that name.

        "Mayadeen" is al-Mayadin, but "Read" is not Riyad: the word must stay close to a spelling
        (rapidfuzz ratio) and not open a sentence, where any word is capitalised.
        """
        if _opens_sentence(text, at.start):
            return False
        light = _light(word).removeprefix("al")
        spellings = [
            _light(s).replace(" ", "").removeprefix("al")
            for p in ids
            for s in (self.places[p].name, *self.places[p].aliases, *self.places[p].shared_aliases)
        ]
        return max(fuzz.ratio(light, s) for s in spellings) >= LOOSE_WORD_RATIO

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
        """Latin names are capitalised: "hit" and "ana" in a sentence are words, not towns.

        A longer name needs one capitalised word ("west Euphrates region").
        """
        if not _is_latin(first):
            return True
        if len(run) == 1:
            return first[:1].isupper()
        return any(w.text[:1].isupper() for w in run if not is_article(w.text))

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
        window = " ".join(_light(w.text) for w in words[before[-1] : after[-1]])
        active = [(order, q) for order, q in enumerate(self.qualifiers) if self._may_match(q, window)]
        if not active:
            return None
        best: tuple[int, int, str, int, int] | None = None
        for k in before:
            pre = " ".join(_light(w.text) for w in words[k:i])
            for e in after:
                size = (i - k) + (e - j)
                if size == 0 or (best and best[0] >= size) or (e > j and e in next_starts):
                    continue
                post = " ".join(_light(w.text) for w in words[j:e])
                s = " ".join(p for p in (pre, _PLACEHOLDER, post) if p)
                for order, q in active:
                    if e > j and "place" not in q.pattern.groupindex:
                        continue
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

    def _may_match(self, q: Qualifier, window: str) -> bool:
        """Whether a word the pattern cannot match without appears around the name (a cheap filter)."""
        words = self.literals[q.pattern.pattern]
        return not words or any(w in window for w in words)

    # -- names the gazetteer lacks ----------------------------------------------------------------

    def _cue_at(self, words: list[_Word], c: int) -> Cue | None:
        """The cue word(s) starting at word c, if any (an Arabic cue may carry a clitic: "وبلدة")."""
        word = words[c].text
        firsts = {_light(v) for _, v in _variants(word)} if _ARABIC.match(word) else {_light(word)}
        for first in firsts:
            for cue in self.cue_index.get(first, ()):
                n = len(cue.words)
                if c + n > len(words):
                    continue
                if n == 1 or [_light(w.text) for w in words[c + 1 : c + n]] == list(cue.words[1:]):
                    return cue
        return None

    def _cue_before(self, words: list[_Word], i: int) -> Cue | None:
        """The "before" cue that ends just before word i ("the village of", "قرية"), if any."""
        for n in {len(c.words) for c in self.cues}:
            cue = self._cue_at(words, i - n) if i - n >= 0 else None
            if cue is not None and cue.position == "before" and len(cue.words) == n:
                return cue
        return None

    def _unknown(self, words: list[_Word], taken: list[bool], text: str) -> list[tuple[int, int, str]]:
        """(first word, end word, precision) of names after (or before) a cue word, not already taken."""
        found = []
        for c in range(len(words)):
            cue = self._cue_at(words, c)
            if cue is None:
                continue
            if cue.position == "before":
                span = self._name_after(words, c + len(cue.words), taken, text)
            else:
                span = self._name_before(words, c, taken, text)
            if span:
                found.append((*span, cue.precision))
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
        if c - start == 1 and _opens_sentence(text, words[start].start):
            return None  # "This village ...": any word opening a sentence is capitalised
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
        return self._disambiguate(mentions, text)

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

    def _disambiguate(self, mentions: list[PlaceMention], text: str) -> list[PlaceMention]:
        """Choose among homonyms by the governorates the text names, then by distance to its places.

        Distance is to the places named in the same sentence first (a list of sites around
        al-Bukamal settles which al-Sina'a), then in the same paragraph, then anywhere in the text.
        """
        sentence = _numbering(text, _SENTENCE_END)
        paragraph = _numbering(text, _PARAGRAPH_END)
        resolved = [(m.start, self.places[m.resolved]) for m in mentions if m.resolved]
        governorates = {p.governorate for _, p in resolved if p.governorate}
        out = []
        for m in mentions:
            if m.resolved or not m.place_ids:
                out.append(m)
                continue
            cands = [self.places[p] for p in m.place_ids]
            same = [p for p in cands if p.governorate in governorates]
            chosen = same[0] if len(same) == 1 else None
            contexts = [
                [p for start, p in resolved if part(start) == part(m.start)] for part in (sentence, paragraph)
            ]
            for known in (*contexts, [p for _, p in resolved]):
                if chosen is not None or not known:
                    break
                pool = same if len(same) > 1 else cands
                d = sorted((self._distance(p, known, typical=True), p.place_id) for p in pool)
                if d[0][0] <= HOMONYM_NEAR_KM and d[1][0] >= HOMONYM_MARGIN * max(d[0][0], 1.0):
                    chosen = self.places[d[0][1]]
            ranked = sorted(cands, key=lambda p: self._distance(p, [k for _, k in resolved]))
            if chosen is not None:
                order = (chosen.place_id, *(p.place_id for p in ranked if p is not chosen))
                out.append(replace(m, place_ids=order, resolved=chosen.place_id))
            else:
                names = ", ".join(p.place_id for p in ranked)
                out.append(
                    replace(
                        m,
                        place_ids=tuple(p.place_id for p in ranked),
                        review=f"{m.as_written!r} names {len(cands)} places ({names}); "
                        "the text does not say which",
                    )
                )
        return out

    @staticmethod
    def _distance(place: Place, known: list[Place], typical: bool = False) -> float:
        """Distance (km) to the nearest known place, or with ``typical`` the median distance to them."""
        if not known:
            return 0.0
        d = distance_km(place.lat, place.lon, [k.lat for k in known], [k.lon for k in known])
        return float(statistics.median(d) if typical else d.min())


def _literals(pattern: str) -> tuple[str, ...]:
    """Words of three letters or more that a match of ``pattern`` must contain one of.

    Optional parts (``(?:the )?``, ``s?``) and character classes are dropped first, so what is left
    are the words of the required alternatives ("countryside", "desert", "ريف", "بادي"), and perhaps
    a few optional ones, which only make the filter let more through.
    """
    p = re.sub(r"\(\?P<\w+>", "(", pattern)
    p = re.sub(r"\\.", " ", p)
    p = re.sub(r"\[[^\]]*\]\??", " ", p)
    previous = None
    while previous != p:
        previous, p = p, re.sub(r"\([^()]*\)\?", " ", p)
    p = re.sub(r"\w\?", "", p)
    # "the" of "in the vicinity of" would let every window through; its branch has "vicinity" too.
    return tuple(w for w in re.findall(r"[^\W\d_]{3,}", p) if not is_article(w))


def _opens_sentence(text: str, offset: int) -> bool:
    """Whether only spaces stand between ``offset`` and the start of the text or of its sentence."""
    before = text[:offset].rstrip(" \t\u00a0\"“‘'(")
    return not before or before[-1] in ".!?؟:\n"


def _numbering(text: str, boundary: re.Pattern[str]) -> Callable[[int], int]:
    """A function from an offset to the number of the sentence (or paragraph) holding it."""
    ends = [m.end() for m in boundary.finditer(text)]
    return lambda offset: bisect.bisect_right(ends, offset)


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
