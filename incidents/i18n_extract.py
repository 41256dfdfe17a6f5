"""Babel extractors for the category labels that are data, not `_()` calls (see babel.cfg).

The labels of incidents/model.py's enumerations (event types, precisions, roles, stances,
confidence) and of incidents/actors.csv are declared once, in English, where they are; these
extractors put them into the catalogue so each language's `.po` gives them beside their English.
"""

from __future__ import annotations

import ast
import csv
import io
from collections.abc import Iterator
from typing import IO, Any

Message = tuple[int, str | None, str, list[str]]


def _strings(node: ast.expr) -> str | None:
    """A string literal, or implicitly concatenated ones."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def enum_labels(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict) -> Iterator[Message]:
    """The label (second item) of every `NAME = ("slug", "Label", "definition")` member of a
    `LabelledEnum` class, and with `definitions = true` its definition too."""
    tree = ast.parse(fileobj.read())
    with_definitions = str(options.get("definitions", "")).lower() == "true"
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef) or not any(
            isinstance(b, ast.Name) and b.id == "LabelledEnum" for b in cls.bases
        ):
            continue
        for statement in cls.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple):
                items = [_strings(e) for e in statement.value.elts]
                wanted = items[1:3] if with_definitions else items[1:2]
                for text in wanted:
                    if text:
                        yield statement.lineno, None, text, [f"{cls.name} label"]


def csv_column(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict) -> Iterator[Message]:
    """Every value of the CSV's `column` (actors.csv's `label`), one message per row."""
    column = options["column"]
    rows = csv.DictReader(io.StringIO(fileobj.read().decode("utf-8")))
    for line, row in enumerate(rows, start=2):
        if row.get(column):
            yield line, None, row[column], [f"{column} column"]
