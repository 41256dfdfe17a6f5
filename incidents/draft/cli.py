"""Writing an article's drafts: one JSON object, or one YAML record file per event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

import yaml

from incidents.draft.output import ArticleDraft


def write_drafts(draft: ArticleDraft, fmt: str, directory: Path | None, out: TextIO) -> int:
    """JSON to `out` or to DIR/<sha256 prefix>.json; YAML records to `directory` (one file per
    event, named by its id) or to `out`. The paths written are listed on `out`."""
    if fmt == "json":
        text = json.dumps(draft.to_json(), ensure_ascii=False, indent=2) + "\n"
        if directory is None:
            out.write(text)
            return 0
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{draft.sha256[:16]}.json"
        path.write_text(text, encoding="utf-8")
        out.write(f"{path}\n")
        return 0
    if directory is None:
        yaml.safe_dump_all([e.record for e in draft.events], out, allow_unicode=True, sort_keys=False)
        return 0
    directory.mkdir(parents=True, exist_ok=True)
    for event in draft.events:
        path = directory / f"{event.record['id']}.yaml"
        path.write_text(yaml.safe_dump(event.record, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out.write(f"{path}\n")
    return 0
