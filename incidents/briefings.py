"""Briefings: named, curated views of the records, one data file each (`?briefing=NAME`).

A briefing is `incidents/briefings/<name>.yaml`: a title, a short summary, the filters of the view
(the URL's query parameters, so a briefing means exactly what its link means) and an ordered list
of incidents with one sentence each. The file is read with the records' safe YAML reader; every
problem (an unknown incident id, an unknown filter, a bad value) is reported, never guessed around.

>>> briefing = load_briefing("january-2021-raids")
>>> briefing.ids[0]
'2021-01-russian-forces-withdraw-from-al-bukamal'
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from incidents import paths
from incidents.filters import PARAMS, Filter
from incidents.model import SLUG_RE
from incidents.validate import RecordError, display_path, field_path, line_for, read_record_file

FILTER_PARAMETERS = frozenset(p.name for p in PARAMS if p.scope == "filter")
"""The parameters a briefing's `filters` may use (view options such as `zoom` are not filters)."""


def briefings_dir() -> Path:
    """Where briefings live: incidents/briefings/ (env INCIDENTS_BRIEFINGS_DIR overrides)."""
    import os

    return Path(os.environ.get("INCIDENTS_BRIEFINGS_DIR") or paths.REPO_ROOT / "incidents" / "briefings")


class BriefingItem(BaseModel):
    """One step of a briefing: an incident and the sentence that introduces it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(description="Id of an incident record.")
    sentence: str = Field(min_length=10, max_length=600, description="One plain factual sentence.")


class Briefing(BaseModel):
    """A named view: title, summary, filters as URL parameters and the incidents in reading order."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    name: str = Field(description="Slug; the file's stem and the value of `?briefing=`.")
    title: str = Field(min_length=5, max_length=200)
    summary: str = Field(min_length=10, max_length=2000)
    filters: dict[str, str | list[str]] = Field(default_factory=dict)
    incidents: list[BriefingItem] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError(f"name must be a lowercase slug, got {value!r}")
        return value

    @field_validator("filters", mode="before")
    @classmethod
    def _as_strings(cls, value: object) -> object:
        # YAML reads `min_killed: 5` as a number; query parameters are text.
        if isinstance(value, dict):
            return {str(k): [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in value.items()}
        return value

    @property
    def ids(self) -> list[str]:
        """The incident ids in the briefing's order."""
        return [item.id for item in self.incidents]

    @property
    def sentences(self) -> dict[str, str]:
        """Incident id -> the briefing's sentence about it."""
        return {item.id: item.sentence for item in self.incidents}

    def query(self) -> dict[str, list[str]]:
        """The filters as a query mapping of lists, as Filter.from_query reads it."""
        return {k: v if isinstance(v, list) else [v] for k, v in self.filters.items()}

    def filter(self) -> Filter:
        """The briefing's filters as the app's Filter (a valid briefing has no bad values)."""
        return Filter.from_query(self.query())[0]


class BriefingError(ValueError):
    """A briefing file that cannot be used; `errors` holds every problem found."""

    def __init__(self, errors: list[RecordError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def list_briefings(directory: Path | None = None) -> list[str]:
    """Names of the briefings in `directory`, sorted."""
    directory = directory or briefings_dir()
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.yaml") if SLUG_RE.match(p.stem))


def check_briefing(
    path: Path, known_ids: Iterable[str] | None = None
) -> tuple[Briefing | None, list[RecordError]]:
    """Read and check one briefing file; never raises for bad content."""
    name = display_path(path)
    parsed, errors = read_record_file(path, name)
    if parsed is None:
        return None, errors
    data = parsed.data
    if isinstance(data, dict):
        data.setdefault("name", path.stem)
        if data["name"] != path.stem:
            line = line_for(parsed.lines, "name")
            return None, [RecordError(name, line, "name", f"name must be the file's stem {path.stem!r}")]
    try:
        briefing = Briefing.model_validate(data)
    except ValidationError as exc:
        return None, [
            RecordError(name, line_for(parsed.lines, field_path(e["loc"])), field_path(e["loc"]), e["msg"])
            for e in exc.errors(include_url=False)
        ]
    for key in briefing.filters:
        if key not in FILTER_PARAMETERS:
            errors.append(
                RecordError(name, line_for(parsed.lines, f"filters.{key}"), f"filters.{key}", "not a filter")
            )
    if not errors:
        # A briefing is written by hand: a value the app would ignore with a notice is an error here.
        for notice in Filter.from_query(briefing.query())[1]:
            errors.append(RecordError(name, line_for(parsed.lines, "filters"), "filters", notice))
    known = set(known_ids) if known_ids is not None else None
    seen: set[str] = set()
    for index, item in enumerate(briefing.incidents):
        where = f"incidents[{index}].id"
        if known is not None and item.id not in known:
            errors.append(
                RecordError(name, line_for(parsed.lines, where), where, f"unknown incident {item.id!r}")
            )
        if item.id in seen:
            errors.append(
                RecordError(name, line_for(parsed.lines, where), where, f"{item.id!r} is listed twice")
            )
        seen.add(item.id)
    return (None if errors else briefing), errors


def load_briefing(
    name: str, directory: Path | None = None, known_ids: Iterable[str] | None = None
) -> Briefing:
    """The briefing called `name`; raises KeyError if there is none, BriefingError if it is broken.

    `name` usually comes from a URL, so it must be a slug before it gets near the file system.
    Pass `known_ids` (the loaded incidents' ids) to make unknown incident ids errors.
    """
    if not isinstance(name, str) or not SLUG_RE.match(name) or len(name) > 80:
        raise KeyError(name)
    path = (directory or briefings_dir()) / f"{name}.yaml"
    if not path.is_file():
        raise KeyError(name)
    briefing, errors = check_briefing(path, known_ids)
    if briefing is None:
        raise BriefingError(errors)
    return briefing


def check_all(directory: Path | None = None, known_ids: Iterable[str] | None = None) -> list[RecordError]:
    """Every problem in every briefing of `directory` (for `python -m incidents validate`)."""
    directory = directory or briefings_dir()
    known = set(known_ids) if known_ids is not None else None
    errors: list[RecordError] = []
    for name in list_briefings(directory):
        errors += check_briefing(directory / f"{name}.yaml", known)[1]
    return errors


def date_order_problems(briefing: Briefing, starts: dict[str, dt.date]) -> list[str]:
    """Incidents listed before an earlier one (briefings read in date order)."""
    problems = []
    ordered = [i for i in briefing.ids if i in starts]
    for before, after in itertools.pairwise(ordered):
        if starts[after] < starts[before]:
            problems.append(f"{after} ({starts[after]}) is listed after {before} ({starts[before]})")
    return problems
