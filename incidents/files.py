"""Writing files the curator creates: names checked to stay inside their folder, writes atomic.

A record or a source text is written by the workbench while the app may be reading the folder;
writing to a temporary file in the same folder and renaming it means a reader sees the old file
or the new one, never half of one. Names come from ids and hashes, never from raw input, and
`inside` refuses any name that would resolve outside its folder all the same.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def inside(folder: Path, name: str) -> Path:
    """`folder / name` resolved, refusing a name that is not a plain file name within `folder`.

    >>> inside(Path("/tmp/records"), "2021-01-13-al-bukamal.yaml").name
    '2021-01-13-al-bukamal.yaml'
    >>> inside(Path("/tmp/records"), "../app.py")
    Traceback (most recent call last):
    ValueError: file name '../app.py' is not a plain name inside /tmp/records
    """
    root = folder.resolve()
    target = (root / name).resolve()
    if not name or name != Path(name).name or name.startswith(".") or target.parent != root:
        raise ValueError(f"file name {name!r} is not a plain name inside {folder}")
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
