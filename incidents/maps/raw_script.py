"""folium elements whose script is emitted as text, never compiled again as a template.

branca's MacroElement.render wraps each rendered script in `Element(script)`, and Element's
constructor compiles that text as a jinja Template. Two costs follow for our maps:

- speed: lexing megabytes of incident data or basemap GeoJSON takes a tenth of a second per
  render, and streamlit-folium renders a map twice per script run;
- safety: record text is data, yet a title containing "{{", "{%" or "{#" would be read as
  template syntax, and the map would fail with a TemplateSyntaxError.

`RawScript` (plain code after the map exists) and `ScriptLayer` (a FeatureGroup whose script
builds the layer in the browser) add their script to the figure as text instead.
"""

from __future__ import annotations

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from jinja2 import Template


class RawText(Element):
    """Text emitted as is (the template only prints it, it is never parsed)."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def add_script(element: MacroElement) -> None:
    """Put `element`'s script macro output into its figure's script, uncompiled."""
    figure = element.get_root()
    if isinstance(figure, Figure):
        script = element._template.module.script(element, {})
        figure.script.add_child(RawText(script), name=element.get_name())


class RawScript(MacroElement):
    """JavaScript code run in the map's script, after the map exists."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "Script"
        self.code = code

    def render(self, **kwargs) -> None:
        add_script(self)
        for child in self._children.values():
            child.render(**kwargs)


class ScriptLayer(folium.FeatureGroup):
    """A FeatureGroup whose `_template` script macro builds its content in the browser.

    Stays a FeatureGroup (even when empty) because streamlit-folium's `feature_group_to_add`
    swaps it in place without remounting the base map. Subclasses define `_template`.
    """

    def render(self, **kwargs) -> None:
        # What folium's Layer.render adds (the addTo(parent) call), then our script, uncompiled.
        if self.show:
            add_to_parent = ElementAddToElement(
                element_name=self.get_name(), element_parent_name=self._parent.get_name()
            )
            self.add_child(add_to_parent, name=self.get_name() + "_add")
        add_script(self)
        for child in self._children.values():
            child.render(**kwargs)
