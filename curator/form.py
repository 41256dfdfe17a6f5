"""A record's form, built from the schema's fields (incidents/model.py), with evidence and messages.

Each field of the model becomes one widget chosen by its type: an enumeration a select box with
its labels, a place a search of the gazetteer, an attacker a choice of actors.csv, a date a date
box, a number a number box, text a text box; a sub-model a group and a list of sub-models a group
per item. Beside each field go the words of the article it was drafted from and, once the form
is read, the messages `validate` gives about it. Adding a field to the model adds it here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

import streamlit as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from incidents import actors
from incidents.draft import Span
from incidents.model import EventType, LabelledEnum
from incidents.validate import RecordError
from incidents.workbench import anchor_of
from pages.shared.escape import md_escape

SKIPPED = {
    "id",  # made from the date and place when saved
    "status",
    "review",
    "event_type_name",
    "acled",
    "date.years",
    "sources[].document",  # set when saved: the kept article, its hash and the day
    "sources[].sha256",
    "sources[].retrieved",
}
"""Field paths (list indices as `[]`) the curator does not type; they are kept as drafted."""

LONG_TEXT = {"title", "note", "reasoning", "notes", "quote", "says", "quotes", "targets", "damage"}
"""Fields written as a paragraph (a text area) rather than one line."""

_FIELD_PATH = re.compile(r"[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*")

EVIDENCE_AT = {"quote": "sources[0].quotes"}
"""The drafter's evidence keys that name a different field path than the form's."""


@dataclass
class Form:
    """One event's form: where widgets keep their state, the evidence and the message slots."""

    key: str
    evidence: Mapping[str, list[Span]]
    places: Mapping[str, str]  # place id -> "name (governorate)"
    slots: dict[str, Any] = field(default_factory=dict)

    def evidence_for(self, path: str) -> list[Span]:
        found = list(self.evidence.get(path, []))
        found += [s for key, spans in self.evidence.items() if EVIDENCE_AT.get(key) == path for s in spans]
        return found


def _plain(annotation: Any) -> tuple[Any, bool]:
    """The annotation without `| None`, and whether None was allowed."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), len(args) < len(get_args(annotation))
    return annotation, False


def _pattern(path: str) -> str:
    return re.sub(r"\[\d+\]", "[]", path)


def _label(name: str, info: FieldInfo) -> str:
    return name.replace("_", " ").capitalize()


def _show_evidence(form: Form, path: str) -> None:
    spans = form.evidence_for(path)
    if not spans:
        return
    links = " · ".join(
        f'<a href="#{anchor_of(s)}"><mark class="ev-{html.escape(s.kind)}">{html.escape(s.text)}</mark></a>'
        for s in spans
    )
    st.html(f'<div class="evidence">From the article: {links}</div>')


def edit_model(model: type[BaseModel], data: Mapping[str, Any], path: str, form: Form) -> dict[str, Any]:
    """Widgets for every field of `model` holding `data`; returns the data as the widgets now say."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        child = f"{path}.{name}" if path else name
        if _pattern(child) in SKIPPED:
            if data.get(name) is not None:
                out[name] = data[name]
            continue
        value = _edit_field(name, info, data.get(name), child, form)
        if value is not None:
            out[name] = value
    return out


def _edit_field(name: str, info: FieldInfo, value: Any, path: str, form: Form) -> Any:
    annotation, optional = _plain(info.annotation)
    label = _label(name, info)
    key = f"{form.key}:{path}"
    help_text = info.description
    if get_origin(annotation) is list:
        (inner,) = get_args(annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return _edit_items(label, inner, value or [], path, form)
        if inner is str:
            text = st.text_area(
                f"{label} (one per line)", "\n".join(value or []), key=key, help=help_text, height=90
            )
            _after(form, path)
            return [line.strip() for line in text.splitlines() if line.strip()]
        return value
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        with st.container(border=True):
            st.markdown(f"**{label}**")
            _show_evidence(form, path)
            form.slots[path] = st.empty()
            result = edit_model(annotation, value or {}, path, form)
        return result or (None if optional else {})
    widget_value = _leaf(name, annotation, optional, value, label, key, help_text, form)
    _show_evidence(form, path)
    _after(form, path)
    return widget_value


def _after(form: Form, path: str) -> None:
    form.slots[path] = st.empty()


def _choice(
    label: str, options: list[str], labels: Mapping[str, str], value: Any, key: str, help_text: str | None
):
    if value is not None and str(value) not in options:
        options = [str(value), *options]
    index = options.index(str(value)) if value is not None else None
    return st.selectbox(
        label,
        options,
        index=index,
        format_func=lambda option: labels.get(option, option),
        key=key,
        help=help_text,
        placeholder="Choose or type to search",
    )


def _leaf(
    name: str,
    annotation: Any,
    optional: bool,
    value: Any,
    label: str,
    key: str,
    help_text: str | None,
    form: Form,
) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, LabelledEnum):
        labels = {member.value: member.label for member in annotation}
        return _choice(label, list(labels), labels, value, key, help_text)
    if name == "event_type":
        labels = {member.value: member.label for member in EventType}
        return _choice(label, list(labels), labels, value, key, help_text)
    if name == "attacker":
        labels = {slug: actor.label for slug, actor in actors.known_actors().items()}
        return _choice(label, list(labels), labels, value, key, help_text)
    if name == "place_id":
        return _choice("Place (gazetteer)", list(form.places), form.places, value, key, help_text)
    if annotation is dt.date:
        day = dt.date.fromisoformat(str(value)) if value else None
        chosen = st.date_input(
            label, value=day, min_value=dt.date(1990, 1, 1), key=key, help=help_text, format="YYYY-MM-DD"
        )
        return chosen.isoformat() if isinstance(chosen, dt.date) else None
    if annotation is bool:
        return st.checkbox(label, value=bool(value), key=key, help=help_text)
    if annotation is int:
        number = st.number_input(
            label,
            value=int(value) if value is not None else None,
            min_value=0,
            step=1,
            key=key,
            help=help_text,
        )
        return int(number) if number is not None else None
    widget = st.text_area if name in LONG_TEXT else st.text_input
    text = widget(label, "" if value is None else str(value), key=key, help=help_text)
    return text.strip() or None


def _edit_items(
    label: str, model: type[BaseModel], items: list, path: str, form: Form
) -> list[dict[str, Any]]:
    """One group per item, each removable, and a button adding an empty one."""
    count_key = f"{form.key}:{path}:count"
    count = st.session_state.setdefault(count_key, len(items))
    st.markdown(f"**{label}**")
    form.slots[path] = st.empty()
    out = []
    for index in range(count):
        item_path = f"{path}[{index}]"
        with st.container(border=True):
            removed = st.checkbox(
                f"Leave out {label.lower()} {index + 1}", key=f"{form.key}:{item_path}:removed"
            )
            _show_evidence(form, item_path)
            form.slots[item_path] = st.empty()
            if removed:
                continue
            data = items[index] if index < len(items) and isinstance(items[index], Mapping) else {}
            out.append(edit_model(model, data, item_path, form))
    if st.button(f"Add {label.lower()}", key=f"{form.key}:{path}:add", icon=":material/add:"):
        st.session_state[count_key] = count + 1
        st.rerun()
    return out


def show_messages(form: Form, errors: list[RecordError]) -> list[RecordError]:
    """Each message in the slot of its field (or of the nearest group around it); returns the ones
    no field holds (about the whole record), for the page to show above the form."""
    by_slot: dict[str, list[str]] = {}
    unplaced = []
    for error in errors:
        path = error.field
        while path and path not in form.slots:
            path = re.sub(r"(\[\d+\]|\.?[^.\[]+)$", "", path)
        # A message about the whole record that names fields ("may leave out sources[0].outlet")
        # goes to each field it names.
        named = [p for p in _FIELD_PATH.findall(error.message) if p in form.slots] if not path else [path]
        for slot in named:
            by_slot.setdefault(slot, []).append(f"{error.field}: {error.message}")
        if not named:
            unplaced.append(error)
    for path, messages in by_slot.items():
        with form.slots[path].container():
            for message in messages:
                st.error(md_escape(message), icon=":material/error:")
    return unplaced
