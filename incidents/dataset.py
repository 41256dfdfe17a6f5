"""What the data on the map is called: its title and one-line description come from the source.

The curated records have ours (incidents/dataset.yaml). A table a reader brings may carry its own
in a file next to it, `<file>.yaml` (for `events.csv`, `events.csv.yaml`) with `title:` and
`description:`; without one, the title names the file, and never claims our region.
Either may be given in another interface language beside the English, as a record's title is:
`title_ar:`, `description_ar:`.

    >>> describe(None).title
    'Air and drone strikes in eastern Syria'
    >>> describe(None, "ar").title
    'الغارات الجوية وضربات المسيّرات في شرق سوريا'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from incidents import i18n
from incidents.i18n import _

CURATED = Path(__file__).with_name("dataset.yaml")
MAX_TITLE = 120
MAX_DESCRIPTION = 400


@dataclass(frozen=True)
class Dataset:
    title: str
    description: str


def settings_path(source: Path) -> Path:
    """Where a table's own title and description live: beside it, as `<file>.yaml`."""
    return source.with_name(source.name + ".yaml")


def describe(source: Path | None, lang: str | None = None) -> Dataset:
    """The title and description for the curated records (`None`) or a table's file, in `lang`
    (the interface's language by default) where the file gives them in it, else as it gives them."""
    path = CURATED if source is None else settings_path(Path(source))
    given = _read(path)
    lang = lang or i18n.current()

    def field(key: str) -> object:
        return given.get(f"{key}_{lang}") or given.get(key)

    if source is None:
        return Dataset(str(field("title")), str(field("description")))
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
        )


def _read(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}
