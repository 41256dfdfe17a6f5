"""Babel extractors for the interface's words that are data, not `_()` calls (see babel.cfg).

The labels of incidents/model.py's enumerations (event types, precisions, roles, stances,
confidence), the schema's own descriptions of its models and fields (the Method page shows them)
and the labels and descriptions of incidents/actors.csv are declared once, in English, where they
are; these extractors put them into the catalogue so each language's `.po` gives them beside
their English, and the catalogue test fails when a new field has no translation.
"""

from __future__ import annotations

import ast
import csv
import inspect
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


def summary(docstring: str | None) -> str:
    """A docstring's first paragraph on one line: how the Method page shows a model, and the
    message that translates it (one function, so the two cannot differ by a space)."""
    return " ".join(inspect.cleandoc(docstring or "").split("\n\n")[0].split())


def schema_descriptions(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict
) -> Iterator[Message]:
    """The summary of every pydantic model's docstring and every `Field(description=...)` of its
    fields: a class is a model when it derives, in this file, from `BaseModel`."""
    tree = ast.parse(fileobj.read())
    models = {"BaseModel"}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef) or not any(
            isinstance(b, ast.Name) and b.id in models for b in cls.bases
        ):
            continue
        models.add(cls.name)
        if ast.get_docstring(cls):
            yield cls.lineno, None, summary(ast.get_docstring(cls)), [f"{cls.name} model"]
        for node in ast.walk(cls):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Field":
                for keyword in node.keywords:
                    text = _strings(keyword.value) if keyword.arg == "description" else None
                    if text:
                        yield node.lineno, None, text, [f"{cls.name} field"]


def schema(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict) -> Iterator[Message]:
    """incidents/model.py's words: its enumerations' labels (`enum_labels`) and its models' and
    fields' descriptions (`schema_descriptions`); Babel gives a file to one extractor only."""
    source = fileobj.read()
    yield from enum_labels(io.BytesIO(source), keywords, comment_tags, options)
    yield from schema_descriptions(io.BytesIO(source), keywords, comment_tags, options)


def csv_column(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict) -> Iterator[Message]:
    """Every value of the CSV's `column` (several, space-separated: actors.csv's `label
    description`), one message per row and column."""
    columns = options["column"].split()
    rows = csv.DictReader(io.StringIO(fileobj.read().decode("utf-8")))
    for line, row in enumerate(rows, start=2):
        for column in columns:
            if row.get(column):
                yield line, None, row[column], [f"{column} column"]
