"""Every URL parameter, declared once; the Filter, View and Playback values they make.

The query string is the product's public API. Each parameter is one `Param` entry in `PARAMS`
(datasette's filters are declared the same way): its name, the field it fills, how a value is
parsed (a bad value becomes a plain-language notice and falls back to the default, it never
raises), how it is written back, its sidebar widget, its phrase in the sentence describing the
view, its mask over the incidents, its command-line flag and its README line. Filter, View and
Playback parsing and writing (one `scope` each), the sidebar, `python -m incidents export` and
the README table all read this registry; adding a filter is one entry plus its mask (see
CONTRIBUTING.md).

Notices never repeat the link's text (anyone can write a link, and a page that echoes it can be
made to say anything): they name the parameter and what was expected.

>>> Filter.from_query({"type": ["drone-strike"], "attacker": ["unknown"], "min_killed": ["3"]})[0].describe()
'Drone strikes attributed to Unknown with at least 3 killed'
>>> Filter.from_query({"from": ["2021-02-31"]})[1]
['The link’s “from” is not a date (expected YYYY-MM-DD); it was ignored.']

The package keeps one job per module: `values` (parsing and writing one parameter's values),
`masks` (which rows a parameter keeps), `vocabulary` (what a widget offers, how a value reads),
`registry` (PARAMS, the phrases, a scope's parsing and writing) and `view` (Filter, View, Playback).
"""

from incidents.filters.masks import descendants, period_mask
from incidents.filters.registry import BY_NAME, PARAMETERS, PARAMS, Param, Widget, language, readme_table
from incidents.filters.values import (
    DATE_MATCHES,
    MAX_DATE,
    MAX_REPEATS,
    MAX_VALUE_LENGTH,
    MIN_DATE,
    PLAY_MODES,
    PLAY_SPEED_LABELS,
    PLAY_SPEEDS,
    PLAY_STEPS,
    Known,
    Parser,
)
from incidents.filters.view import Filter, Playback, View
from incidents.filters.vocabulary import Labels, choices, label, labels_of

__all__ = [
    "BY_NAME",
    "DATE_MATCHES",
    "MAX_DATE",
    "MAX_REPEATS",
    "MAX_VALUE_LENGTH",
    "MIN_DATE",
    "PARAMETERS",
    "PARAMS",
    "PLAY_MODES",
    "PLAY_SPEEDS",
    "PLAY_SPEED_LABELS",
    "PLAY_STEPS",
    "Filter",
    "Known",
    "Labels",
    "Param",
    "Parser",
    "Playback",
    "View",
    "Widget",
    "choices",
    "descendants",
    "label",
    "labels_of",
    "language",
    "period_mask",
    "readme_table",
]
