"""How to read the records, generated from the schema's own declarations so it cannot drift.

Every category label and definition comes from `incidents.model.ENUMS`; every field from the
pydantic models' docstrings and field descriptions; every link parameter from `incidents.filters.PARAMS`.
All of them are in the catalogue (incidents/i18n_extract.py extracts the schema's words).
"""

from __future__ import annotations

import typing
from enum import Enum

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from incidents import i18n
from incidents.filters import PARAMS
from incidents.i18n import N_, _
from incidents.i18n_extract import summary
from incidents.model import ENUMS, Incident
from pages.shared import nav, url_state
from pages.shared.data import app_data
from pages.shared.page import show_notices

# What each enumeration is called on this page (the ENUMS key is the field it belongs to).
_ENUM_TITLES = {
    "event_type": N_("Event types"),
    "date_precision": N_("Date precision"),
    "location_role": N_("Place roles"),
    "location_precision": N_("Place precision"),
    "stance": N_("Stances: how a party speaks about an attacker"),
    "confidence": N_("Attribution confidence"),
    "attacker": N_("Attackers"),
}

translate = _  # labels that are data: each is in the catalogue (make messages extracts them)


def _inner_types(annotation: object) -> list[type]:
    """The classes inside an annotation: `list[Location] | None` -> [Location]."""
    args = typing.get_args(annotation)
    if not args:
        return [annotation] if isinstance(annotation, type) else []
    return [t for arg in args for t in _inner_types(arg)]


# What a field holds, in words; a model's name stays as the schema writes it (like the fields').
_KINDS = {"str": N_("text"), "int": N_("number"), "bool": N_("yes/no"), "date": N_("date")}
_CHOICE = N_("choice")
_LIST_OF = N_("list of {kind}")


def _kind(annotation: object) -> str:
    names = []
    for cls in _inner_types(annotation):
        if cls is type(None):
            continue
        if issubclass(cls, Enum):
            names.append(_(_CHOICE))
        elif issubclass(cls, BaseModel):
            names.append(cls.__name__.lower())
        else:
            names.append(translate(_KINDS[cls.__name__]) if cls.__name__ in _KINDS else cls.__name__)
    text = f" {_('or')} ".join(dict.fromkeys(names))
    is_list = typing.get_origin(annotation) is list or "list[" in str(annotation)
    return _(_LIST_OF).format(kind=text) if is_list else text


def _enum_key(cls: type) -> str:
    return next((key for key, value in ENUMS.items() if value is cls), cls.__name__)


def _doc(cls: type) -> str:
    """The model's summary in the reader's language (the catalogue has it: i18n_extract.schema)."""
    return translate(summary(cls.__doc__))


def field_table(model: type[BaseModel]) -> pd.DataFrame:
    """One row per field: its name, what it holds, whether a record must have it."""
    rows = []
    for name, info in model.model_fields.items():
        nested = [
            c
            for c in _inner_types(info.annotation)
            if isinstance(c, type) and issubclass(c, (BaseModel, Enum))
        ]
        meaning = translate(info.description) if info.description else ""
        if not meaning and nested and issubclass(nested[0], Enum):
            title = translate(_ENUM_TITLES.get(_enum_key(nested[0]), nested[0].__name__)).split(":")[0]
            meaning = _("One of the {categories} listed above.").format(categories=title.lower())
        elif not meaning and nested:
            meaning = _doc(nested[0])
        rows.append(
            {
                _("Field"): name,
                _("Holds"): _kind(info.annotation),
                _("Meaning"): meaning,
                _("Required"): _("yes") if info.is_required() else _("no"),
            }
        )
    return pd.DataFrame(rows)


def nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The models a record is built from, in the order the record's fields name them."""
    found: list[type[BaseModel]] = []
    for info in model.model_fields.values():
        for cls in _inner_types(info.annotation):
            if isinstance(cls, type) and issubclass(cls, BaseModel) and cls not in found:
                found.append(cls)
    return found


nav.use_app_navigation()
data = app_data()
filt, view, notices = url_state.parse(data)
nav.page_links(filt, current=nav.METHOD)
show_notices(notices)

st.title(_("Method: how to read the records"), anchor=False)
st.markdown(
    _(
        "Each incident is one record, curated from news reporting and checked against its sources: "
        "every record quotes its sources verbatim, every place says how precisely it is known, and "
        "uncertainty — a date with no year, an attacker nobody claims — is kept, not rounded away. "
        "The definitions below are read from the data schema itself, so they always match the data."
    )
)

st.header(_("What the categories mean"), anchor=False)
for key, enum in ENUMS.items():
    st.subheader(translate(_ENUM_TITLES.get(key, key.replace("_", " ").capitalize())), anchor=False)
    st.dataframe(
        pd.DataFrame(
            {
                _("Label"): [translate(m.label) for m in enum],
                _("Meaning"): [translate(m.definition) for m in enum],
                _("In links and exports"): [m.value for m in enum],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={_("Meaning"): st.column_config.TextColumn(width="large")},
    )

st.header(_("What a record holds"), anchor=False)
# The model's name, like the fields', is the schema's own word (a record's YAML keys are English).
st.markdown(f"**{i18n.isolate(Incident.__name__)}.** {_doc(Incident)}")
st.dataframe(field_table(Incident), hide_index=True, width="stretch")
for model in nested_models(Incident):
    with st.expander(f"{i18n.isolate(model.__name__)}: {_doc(model)}"):
        st.dataframe(field_table(model), hide_index=True, width="stretch")

st.header(_("Links"), anchor=False)
st.markdown(
    _(
        "Every view is a link: the filters and the selected incident live in the address, so a link "
        "opens the same view for anyone. These are the parameters:"
    )
)
st.dataframe(
    pd.DataFrame(
        {
            _("Parameter"): [p.name for p in PARAMS],
            _("Meaning"): [p.meaning().replace("`", "") for p in PARAMS],
        }
    ),
    hide_index=True,
    width="stretch",
)
