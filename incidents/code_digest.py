"""What a cached value was made with: the source files of a module and everything it imports
(within our packages), and the data files beside them, as one digest.

A cache keyed by its input alone goes stale when the code that made it changes (a new text fold
would leave old conversions without search matches). The files are found by reading the import
statements, not the running process's modules, so every process computes the same key.

    >>> any(p.name == "text.py" for p in source_files("incidents.columnar"))
    True
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("incidents", "geodata")
"""Our packages: imports of anything else (pandas, pyarrow) are pinned in requirements.txt."""
DATA_SUFFIXES = (".csv", ".json", ".yaml")
"""Data files of a package directory that the code reads (actors.csv, gazetteer.csv, ...)."""


def _module_path(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(path: Path, module: str) -> Iterable[str]:
    """Every module of ours `path` imports, at the top or inside a function."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] in PACKAGES:
                yield name


@cache
def source_files(*roots: str) -> tuple[Path, ...]:
    """The source files of `roots` and of every module of ours they import, in a stable order,
    followed by the data files of the package directories those modules live in."""
    seen: dict[str, Path] = {}
    todo = list(roots)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        path = _module_path(module)
        if path is None:
            continue
        seen[module] = path
        parts = module.split(".")
        todo += [".".join(parts[:n]) for n in range(1, len(parts))]  # the packages' __init__.py
        todo += list(_imports(path, module))
    sources = sorted(set(seen.values()))
    folders = sorted({p.parent for p in sources})
    data = sorted(p for folder in folders for p in folder.iterdir() if p.suffix in DATA_SUFFIXES)
    return (*sources, *data)


def digest(*roots: str, salt: str = "") -> str:
    """A short hex digest of `source_files(*roots)`' names and contents (and `salt`)."""
    hashed = hashlib.sha256(salt.encode())
    for path in source_files(*roots):
        hashed.update(str(path.relative_to(ROOT)).encode() + b"\0")
        hashed.update(path.read_bytes())
    return hashed.hexdigest()[:12]
