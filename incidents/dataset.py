"""What the data on the map is called: its title and one-line description come from the source.

The curated records have ours (incidents/dataset.yaml). A table a reader brings may carry its own
in a file next to it, `<file>.yaml` (for `events.csv`, `events.csv.yaml`) with `title:` and
`description:`; without one, the title names the file, and never claims our region.

    >>> describe(None).title
    'Air and drone strikes in eastern Syria'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

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


def describe(source: Path | None) -> Dataset:
    """The title and description for the curated records (`None`) or a table's file."""
    path = CURATED if source is None else settings_path(Path(source))
    given = _read(path)
    if source is None:
        return Dataset(str(given["title"]), str(given["description"]))
    name = Path(source).name
    return Dataset(
        title=str(given.get("title") or f"Incidents from {name}")[:MAX_TITLE],
        description=str(
            given.get("description")
            or f"A table brought by the reader ({name}); its rows are shown as the file gives them."
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
