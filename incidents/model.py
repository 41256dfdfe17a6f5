"""The incident record schema, declared once.

Every enumeration is a lowercase slug (used in YAML, URLs and exports) with a
plain-language label and a definition; the Method page and the README's schema
table are generated from these declarations so they cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from incidents import actors

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class LabelledEnum(StrEnum):
    """A slug enumeration whose members carry a label and a definition for people."""

    label: str
    definition: str

    def __new__(cls, value: str, label: str = "", definition: str = "") -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        member.definition = definition
        return member


class EventType(LabelledEnum):
    AIR_STRIKE = ("air-strike", "Air strike", "Bombing by crewed aircraft (warplanes, jets).")
    DRONE_STRIKE = ("drone-strike", "Drone strike", "Attack by an uncrewed aircraft (drone).")
    UNATTRIBUTED_EXPLOSION = (
        "unattributed-explosion",
        "Unexplained explosion",
        "Explosions were reported but the cause (strike, accident, sonic boom) is not established.",
    )
    SHELLING = ("shelling", "Shelling", "Artillery, rocket or missile fire from the ground.")
    WEAPONS_SHIPMENT = (
        "weapons-shipment",
        "Weapons shipment",
        "Weapons or ammunition reported moving into or within the area.",
    )
    TROOP_MOVEMENT = (
        "troop-movement",
        "Troop movement",
        "Forces reported deploying, withdrawing or redeploying.",
    )
    OTHER = ("other", "Other", "Any other reported security event (arrest attempt, exercise).")


class DatePrecision(LabelledEnum):
    DAY = ("day", "Exact day", "The source states the calendar day (day and month, year known).")
    DAY_INFERRED = (
        "day-inferred",
        "Day inferred",
        "The day is worked out from the text (a weekday named, 'earlier today', 'two days ago').",
    )
    WEEK = ("week", "Within a week", "The event falls within a span of about seven days.")
    MONTH = ("month", "Within a month", "Only the month is known.")
    YEAR = ("year", "Within a year", "Only the year is known.")
    UNKNOWN = (
        "unknown",
        "Precision unknown",
        "The source gives no usable precision code; shown as the widest span its codes allow.",
    )
    RANGE = (
        "range",
        "Somewhere in a range",
        "The event falls on some day between the start and end dates; the date note explains the bounds.",
    )
    DAY_YEAR_UNKNOWN = (
        "day-year-unknown",
        "Day known, year unknown",
        "The source gives the day and month but no year ('September 4'): the event happened on "
        "that day in one of the candidate years (those listed, or every year from start to end); the "
        "days between are not candidates.",
    )
    WEEKDAY = (
        "weekday",
        "Weekday known, week unknown",
        "The source names a weekday ('on Thursday') but no week can be worked out: the event "
        "happened on one of the days of that weekday from start to end, nothing in between.",
    )


class LocationRole(LabelledEnum):
    TARGET = ("target", "Target", "The place that was hit or where the event happened.")
    VICINITY = (
        "vicinity",
        "Vicinity",
        "The event happened near or around this place ('near', 'the countryside of').",
    )
    UNCONFIRMED = (
        "unconfirmed",
        "Unconfirmed report",
        "A place named in reports the source itself could not confirm.",
    )
    ORIGIN = (
        "origin",
        "Origin",
        "Where a shipment or a movement came from ('coming from Iraq'); the route starts here.",
    )
    DESTINATION = (
        "destination",
        "Destination",
        "Where a shipment or a movement went ('arrived in al-Mayadin'); the route ends here.",
    )


class LocationPrecision(LabelledEnum):
    EXACT = ("exact", "Exact site", "A named building or site with a known position (within ~100 m).")
    NEIGHBOURHOOD = ("neighbourhood", "Neighbourhood", "Within a neighbourhood or part of a town (~1 km).")
    TOWN = ("town", "Town or village", "Somewhere in or at a town or village (a few km).")
    AREA = ("area", "Area", "Somewhere in an area around a place ('the countryside of', 'desert').")
    REGION = ("region", "Region", "Only a region, governorate or border stretch is known (tens of km).")
    UNKNOWN = (
        "unknown",
        "Precision unknown",
        "The source gives no usable precision code; drawn with the widest radius its codes allow.",
    )


class Stance(LabelledEnum):
    CLAIMED = ("claimed", "Claimed", "The actor itself said it carried out the attack.")
    BLAMED_BY = ("blamed-by", "Blamed by", "Another party (a government, a group) blamed the actor.")
    ATTRIBUTED_BY_SOURCE = (
        "attributed-by-source",
        "Attributed by the source",
        "The reporting outlet or its sources attribute the attack to the actor.",
    )
    SUSPECTED = ("suspected", "Suspected", "Named only as a presumption ('presumably', 'believed to be').")
    DENIED = (
        "denied",
        "Denied",
        "The actor or a party denied the actor's involvement or that a strike happened.",
    )


class Confidence(LabelledEnum):
    CONFIRMED = ("confirmed", "Confirmed", "The attacker claimed it or it is established on public record.")
    LIKELY = ("likely", "Likely", "Named by credible sources without a claim; little contrary account.")
    ATTRIBUTED = (
        "attributed",
        "Attributed by the source",
        "A dataset we imported (ACLED's actor1) names the actor; nobody here has weighed its sources.",
    )
    POSSIBLE = ("possible", "Possible", "Named only as a suspicion or presumption, or accounts conflict.")
    UNKNOWN = ("unknown", "Unknown", "Nobody credible names an attacker ('unidentified drones').")


Attacker = LabelledEnum(  # type: ignore[misc]  # one member per row of incidents/actors.csv
    "Attacker",
    {
        a.slug.upper().replace("-", "_"): (a.slug, a.label, a.description)
        for a in actors.known_actors().values()
    },
)
"""Assessed attacker slugs our curated records may use, declared once in incidents/actors.csv.

Tables users bring may name other actors (see incidents.actors); records may not.
"""


def open_vocabulary(value: str, known: list[str], name: str | None, name_field: str) -> str:
    """A slug we declare, or a dataset's own slug that comes with its name (in `name_field`)."""
    if value in known or (SLUG_RE.match(value) and name):
        return value
    listed = ", ".join(repr(k) for k in known)
    raise ValueError(f"{value!r} is not one of {listed} (a dataset's own value needs {name_field})")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=False)


class DateInfo(_Strict):
    """When it happened: the possible days, with how they were worked out from the text.

    `start`/`end` are always the first and last possible day, so code that only reads them
    stays right; `precision` says which days between them are possible (all of them, or only
    one calendar day per candidate year, or only one weekday); `incidents.dates` reads it.
    """

    start: dt.date = Field(description="First possible day (ISO date).")
    end: dt.date = Field(description="Last possible day (ISO date); equal to start for a known day.")
    precision: DatePrecision
    years: list[int] | None = Field(
        default=None,
        description="For day-year-unknown: the candidate years, when not every year from start to "
        "end is possible (each with the reasoning in the note).",
    )
    year_inferred: bool = Field(
        default=False,
        description="True when the year is not in the text but taken from a fact on public record.",
    )
    time_local: str | None = Field(
        default=None, description="Local time as reported (HH:MM, Syria time), if any."
    )
    relative: str | None = Field(
        default=None,
        description="The text's relative words for the date ('two days ago', 'on Tuesday', 'late "
        "last night'), resolved against the first source's publication date; `validate` checks the "
        "dates lie in what they allow.",
    )
    note: str = Field(min_length=10, description="How the date range was derived from the text.")

    @field_validator("time_local")
    @classmethod
    def _time_format(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError(f"time_local must be HH:MM (24 h), got {value!r}")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> DateInfo:
        start, end, precision = self.start, self.end, self.precision
        if end < start:
            raise ValueError(f"end {end} is before start {start}")
        if precision in (DatePrecision.DAY, DatePrecision.DAY_INFERRED) and start != end:
            raise ValueError(f"precision {precision.value!r} needs start == end")
        if precision is DatePrecision.DAY_YEAR_UNKNOWN:
            if (start.month, start.day) != (end.month, end.day):
                raise ValueError(
                    f"precision 'day-year-unknown' needs start and end on the same day and month, "
                    f"got {start} and {end}"
                )
            years = self.years if self.years is not None else list(range(start.year, end.year + 1))
            if sorted(set(years)) != years or not years or years[0] != start.year or years[-1] != end.year:
                raise ValueError(
                    f"years must be in order without repeats, from start's year {start.year} to "
                    f"end's year {end.year}, got {self.years}"
                )
            impossible = [y for y in years if not _day_exists(y, start.month, start.day)]
            if impossible:
                raise ValueError(f"{start:%d %B} does not exist in {', '.join(map(str, impossible))}")
        elif self.years is not None:
            raise ValueError("years is only for precision 'day-year-unknown'")
        if precision is DatePrecision.WEEKDAY and start.weekday() != end.weekday():
            raise ValueError(
                f"precision 'weekday' needs start and end on the same weekday, got a "
                f"{start:%A} ({start}) and a {end:%A} ({end})"
            )
        return self


def _day_exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


class Published(_Strict):
    """When a source was published: a day, or the span it must lie in, and how we know it."""

    earliest: dt.date = Field(description="First possible day of publication (ISO date).")
    latest: dt.date | None = Field(
        default=None,
        description="Last possible day of publication; equal to earliest for a known day; absent "
        "when nothing in the text or on public record bounds it.",
    )
    inferred: bool = Field(
        default=False,
        description="True when the dates come from a fact on public record rather than the "
        "document itself (the note names the fact).",
    )
    note: str = Field(min_length=10, description="How we know (the dateline, a dated reference, a fact).")

    @model_validator(mode="after")
    def _ordered(self) -> Published:
        if self.latest is not None and self.latest < self.earliest:
            raise ValueError(f"latest {self.latest} is before earliest {self.earliest}")
        return self


class Location(_Strict):
    """One site of an incident: the name as reported and the gazetteer place it resolves to."""

    name_reported: str = Field(min_length=1, description="The place name exactly as the source spells it.")
    place_id: str | None = Field(
        description="Id of the gazetteer place (geodata/gazetteer.csv); only a draft may leave it "
        "empty (a name the gazetteer lacks, kept as written for the curator)."
    )
    role: LocationRole
    precision: LocationPrecision
    note: str | None = Field(default=None, description="Qualifier or reasoning ('south of', 'near').")


class Claim(_Strict):
    """Who says who did it: one actor, one stance, one party saying so."""

    actor: str = Field(min_length=1, description="The actor named (free text as reported).")
    attacker: str = Field(
        description="The actor as an attacker slug (incidents/actors.csv, or the dataset's)."
    )
    stance: Stance
    by: str = Field(min_length=1, description="Who makes this claim or attribution.")
    quote: str | None = Field(default=None, description="Verbatim words from the source, if any.")

    @field_validator("attacker")
    @classmethod
    def _attacker_slug(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError(f"attacker must be a lowercase slug, got {value!r}")
        return value

    @property
    def attacker_label(self) -> str:
        """The attacker as people read it: its label in incidents/actors.csv, else the actor named."""
        actor = actors.known_actors().get(self.attacker)
        return actor.label if actor else self.actor


class Assessment(_Strict):
    """Our assessed attacker, used by the attacker filter, with an honest confidence."""

    attacker_name: str | None = Field(
        default=None,
        description="The actor's name as an imported dataset gives it (an actor not in actors.csv).",
    )
    attacker: str = Field(
        description="Assessed attacker slug (used by the attacker filter): one of incidents/actors.csv, "
        "or an actor an imported dataset names, with its name in attacker_name."
    )
    confidence: Confidence = Field(description="How sure the attribution is.")
    reasoning: str = Field(min_length=10, description="Why this attacker and this confidence.")

    @field_validator("attacker")
    @classmethod
    def _known_or_named(cls, value: str, info: ValidationInfo) -> str:
        return open_vocabulary(
            value, list(actors.known_actors()), info.data.get("attacker_name"), "attacker_name"
        )

    @property
    def attacker_label(self) -> str:
        """The attacker as people read it."""
        actor = actors.known_actors().get(self.attacker)
        return actor.label if actor else (self.attacker_name or self.attacker)


class Casualties(_Strict):
    """A low-high range of people killed or injured, with who reported it."""

    min: int = Field(ge=0, description="Lowest number reported.")
    max: int | None = Field(default=None, ge=0, description="None when open-ended ('at least').")
    reported_by: str = Field(min_length=1, description="Who reported the figure.")
    who: str | None = Field(default=None, description="Who the casualties were ('Iraqi militiamen').")
    note: str | None = Field(default=None, description="Qualifier ('initial information').")

    @model_validator(mode="after")
    def _ordered(self) -> Casualties:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max {self.max} is below min {self.min}")
        return self


class Account(_Strict):
    """One party's version of events, kept side by side with contrary versions."""

    by: str = Field(min_length=1, description="Who gives this account.")
    says: str = Field(min_length=1, description="Their account, in brief.")


class Source(_Strict):
    """A source document and the verbatim quotes that support the record."""

    document: str = Field(
        description="File name of the source text: in ../shared/seeds/ (the seed articles) or in the "
        "source store beside the records (incidents/sources/)."
    )
    sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the kept source text (64 lowercase hex digits); validate recomputes it.",
    )
    retrieved: dt.date | None = Field(
        default=None, description="The day the source text was retrieved, when recorded (ISO date)."
    )
    outlet: str | None = Field(
        default=None, min_length=1, description="The publication that ran the article (a draft may lack it)."
    )
    headline: str | None = Field(
        default=None, min_length=1, description="The article's headline, verbatim (a draft may lack it)."
    )
    url: str | None = Field(default=None, description="Web address of the article (http or https), if known.")
    archive_url: str | None = Field(
        default=None, description="Web address of an archived copy (http or https), if any."
    )
    published: Published | None = Field(
        default=None,
        description="When the source was published, and how we know it (a draft may lack it).",
    )
    quotes: list[str] = Field(min_length=1, description="Short verbatim quotes from the document.")

    @field_validator("quotes")
    @classmethod
    def _non_empty_quotes(cls, quotes: list[str]) -> list[str]:
        for quote in quotes:
            if not quote.strip():
                raise ValueError("a quote is empty")
        return quotes

    @field_validator("url", "archive_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is not None and not re.match(r"^https?://", url, re.IGNORECASE):
            raise ValueError(f"url must start with http:// or https://, got {url[:40]!r}")
        return url


ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""The columns of ACLED's public exports, in their order (incidents/acled.py maps them)."""


RecordStatus = Literal["draft"] | None
"""A record's status: absent for an accepted record, 'draft' for one drafted from an article."""


class Incident(_Strict):
    """One incident: one event with its own date or place, as certain as the reporting."""

    id: str = Field(description="Stable readable slug; appears in shared links and never changes.")
    status: RecordStatus = Field(
        default=None,
        description="'draft' for a record drafted from an article (python -m incidents draft) that no "
        "curator has accepted yet: it is checked like any record but never reaches the map or exports.",
    )
    review: list[str] = Field(
        default_factory=list, description="A draft's list of what the curator must still check."
    )
    title: str = Field(min_length=5, max_length=200, description="One plain sentence: what happened where.")
    title_ar: str | None = Field(
        default=None,
        min_length=5,
        max_length=200,
        description="The title in Arabic (optional); the Arabic interface shows it, the title beside it.",
    )
    event_type_name: str | None = Field(
        default=None,
        description="The dataset's own name of a type we have no equivalent for (ACLED's 'Armed clash').",
    )
    event_type: str = Field(
        description="What kind of event (see event types); an imported record may keep its dataset's "
        "own type, named in event_type_name."
    )
    weapon: str | None = Field(default=None, description="Weapon or platform when reported.")
    date: DateInfo | None = Field(
        default=None,
        description="When, as a range with its precision and derivation (a draft may lack it).",
    )
    locations: list[Location] = Field(
        default_factory=list, description="Every site the reporting names (at least one, except in a draft)."
    )
    claims: list[Claim] = Field(default_factory=list, description="Who says who did it, one entry per party.")
    assessment: Assessment = Field(description="Our assessed attacker and confidence.")
    targets: list[str] = Field(default_factory=list, description="Groups targeted (Kata'ib Hezbollah...).")
    damage: str | None = Field(default=None, description="What was hit or destroyed.")
    killed: list[Casualties] = Field(default_factory=list, description="One entry per report.")
    injured: list[Casualties] = Field(default_factory=list, description="One entry per report.")
    accounts: list[Account] = Field(default_factory=list, description="Contested accounts, side by side.")
    notes: str | None = Field(
        default=None, description="Context, judgment calls and what the text leaves open."
    )
    sources: list[Source] = Field(min_length=1, description="Source documents with verbatim quotes.")
    acled: dict[str, str] | None = Field(
        default=None,
        description="For a record imported from ACLED: ACLED's own values of the columns our schema "
        "cannot hold exactly (actors, inter codes, admin areas, precision codes, its date and "
        "coordinates), kept so an export gives back ACLED's row. Absent for our own records.",
    )

    @model_validator(mode="after")
    def _complete_unless_draft(self) -> Incident:
        """Only a draft may lack a date, a place id or a source's outlet, headline or publication."""
        if self.is_draft:
            return self
        if self.review:
            raise ValueError("review is only for a draft (status: draft)")
        missing = [] if self.date is not None else ["date"]
        missing += [
            f"locations[{i}].place_id" for i, loc in enumerate(self.locations) if loc.place_id is None
        ]
        for i, source in enumerate(self.sources):
            missing += [
                f"sources[{i}].{k}" for k in ("outlet", "headline", "published") if getattr(source, k) is None
            ]
        if missing:
            raise ValueError(f"only a draft (status: draft) may leave out {', '.join(missing)}")
        return self

    @property
    def is_draft(self) -> bool:
        """True for a drafted record no curator has accepted yet."""
        return self.status == "draft"

    @field_validator("locations")
    @classmethod
    def _some_site(cls, value: list[Location], info: ValidationInfo) -> list[Location]:
        if not value and info.data.get("status") != "draft":
            raise ValueError("List should have at least 1 item (only a draft may have none yet)")
        return value

    @field_validator("event_type")
    @classmethod
    def _known_or_named_type(cls, value: str, info: ValidationInfo) -> str:
        ours = [t.value for t in EventType]
        return open_vocabulary(value, ours, info.data.get("event_type_name"), "event_type_name")

    @property
    def event_type_label(self) -> str:
        """The event type as people read it."""
        if self.event_type in {t.value for t in EventType}:
            return EventType(self.event_type).label
        return self.event_type_name or self.event_type

    @property
    def event_type_definition(self) -> str:
        if self.event_type in {t.value for t in EventType}:
            return EventType(self.event_type).definition
        return "A type of the dataset this record was imported from, kept under the dataset's own name."

    @field_validator("acled")
    @classmethod
    def _acled_columns(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        unknown = sorted(set(value or {}) - set(ACLED_COLUMNS))
        if unknown:
            raise ValueError(f"not ACLED columns: {', '.join(unknown)}")
        return value

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG_RE.match(value) or len(value) > 80:
            raise ValueError(f"id must be a lowercase slug (a-z, 0-9, hyphens), got {value!r}")
        return value


ENUMS: dict[str, type[LabelledEnum]] = {
    "event_type": EventType,
    "date_precision": DatePrecision,
    "location_role": LocationRole,
    "location_precision": LocationPrecision,
    "stance": Stance,
    "confidence": Confidence,
    "attacker": Attacker,
}
