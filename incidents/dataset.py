"""Which datasets are on the map and what each is called: its slug, title and description.

`INCIDENTS_SOURCE` names the tables to show: one file, or several separated by the system's path
separator (':' on Linux, ';' on Windows, as INCIDENTS_COMPARE and PATH), with `@records` standing
for our curated records among them; unset, the curated records alone.

    INCIDENTS_SOURCE=acled-syria.csv:ucdp-ged-syria.csv:@records

The curated records have their title and description in incidents/dataset.yaml. A table a
reader brings may carry its own in a file next to it, `<file>.yaml` (for `events.csv`,
`events.csv.yaml`) with `title:`, `description:` and `label:` (its short name beside other
datasets); without one, the title names the file, and never claims our region. Each may be
given in another interface language beside the English, as a record's title is: `title_ar:`,
`description_ar:`, `label_ar:`. Each dataset's slug (the file's name without its extension;
`records` for ours) is what the `dataset` link parameter takes.

    >>> describe(None).title
    'Air and drone strikes in eastern Syria'
    >>> describe(None, lang="ar").title
    'الغارات الجوية وضربات المسيّرات في شرق سوريا'
    >>> [d.slug for d in datasets({"INCIDENTS_SOURCE": "/data/acled.csv:@records:/x/acled.csv"})]
    ['acled', 'records', 'acled-2']
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from incidents import i18n, paths
from incidents.i18n import _
from incidents.text import slug

CURATED = Path(__file__).with_name("dataset.yaml")
MAX_TITLE = 120
MAX_DESCRIPTION = 400
SOURCE_ENV = "INCIDENTS_SOURCE"
RECORDS = "@records"
"""The word in INCIDENTS_SOURCE that stands for our curated records (a path cannot start with @
by accident: it would be a file literally named so in the working folder)."""
RECORDS_SLUG = "records"
"""The curated records' dataset slug (`dataset=records`)."""


@dataclass(frozen=True)
class Dataset:
    title: str
    description: str
    slug: str = RECORDS_SLUG
    path: Path | None = None  # None: the curated records
    label: str = ""  # its name among others (legend, count line, `dataset` filter): `label:`, else
    # the title a table's file gives, else the file's name


def settings_path(source: Path) -> Path:
    """Where a table's own title and description live: beside it, as `<file>.yaml`."""
    return source.with_name(source.name + ".yaml")


def describe(source: Path | None, slug_: str | None = None, *, lang: str | None = None) -> Dataset:
    """The title, description and label for the curated records (`None`) or a table's file, in
    `lang` (the interface's language by default) where the file gives them in it, else as it
    gives them."""
    path = CURATED if source is None else settings_path(Path(source))
    given = _read(path)
    lang = lang or i18n.current()

    def field(key: str) -> object:
        return given.get(f"{key}_{lang}") or given.get(key)

    if source is None:
        return Dataset(
            str(field("title")), str(field("description")), RECORDS_SLUG, None, str(field("label"))
        )
    name = Path(source).name
    with i18n.using(lang):
        return Dataset(
            title=str(field("title") or _("Incidents from {name}").format(name=name))[:MAX_TITLE],
            description=str(
                field("description")
                or _(
                    "A table brought by the reader ({name}); its rows are shown as the file gives them."
                ).format(name=name)
            )[:MAX_DESCRIPTION],
            slug=slug_ or file_slug(Path(source)),
            path=Path(source),
            label=str(field("label") or field("title") or name)[:MAX_TITLE],
        )


def file_slug(path: Path) -> str:
    """A table's dataset slug: its file name without the extension ('acled-syria' for acled-syria.csv)."""
    return slug(path.name.split(".")[0]) or "table"


def datasets(environ: Mapping[str, str] | None = None) -> list[Dataset]:
    """The datasets INCIDENTS_SOURCE names, in its order (the curated records when unset).

    A slug two files would share gets a number ('acled', 'acled-2'); the records appear once
    however often `@records` is named.
    """
    parts = paths.listed((environ if environ is not None else os.environ).get(SOURCE_ENV, ""))
    if not parts:
        return [describe(None)]
    found: list[Dataset] = []
    taken = {RECORDS_SLUG}
    for part in parts:
        if part == RECORDS:
            if not any(d.path is None for d in found):
                found.append(describe(None))
            continue
        path = paths.absolute(part)
        base = file_slug(path)
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name)
        found.append(describe(path, name))
    return found


def _read(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
