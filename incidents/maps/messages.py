"""The map's words and direction for the browser (incident_layer.js reads them from the lookups).

The legend, popups, the list of incidents in view and the picture button are drawn in the
browser; their words are marked here, so they come from the same catalogue as the page's, and the
category labels of the lookups are translated the same way.
"""

from __future__ import annotations

from incidents import i18n
from incidents.i18n import _, ngettext

translate = _  # for labels that are data (a literal in `_()` would be extracted)


def browser_messages() -> dict[str, str]:
    """Every word incident_layer.js shows, in the current language. Counts are `{n}` templates:
    `_one` for one, the other for many (Arabic's translations name the count, so either fits)."""
    return {
        "legend": _("Legend"),
        "colour": _("Colour: assessed attacker"),
        "shape": _("Shape: event type"),
        "outline": _("Outline: attribution confidence"),
        "no_attacker_outline": _("Plain: no attacker, so none to grade (not a strike)"),
        "others": _("{n} other actors (one colour)"),
        "circle_note": _("Dashed circle: how precisely the place is known."),
        "group_note": _(
            "A group's number counts incidents; its ring shows the attackers' shares. An incident with "
            "sites in several groups counts once in each."
        ),
        "uncertain_note": _(
            "Dashed arc round a group: the share of its incidents with an uncertain attribution ({levels})."
        ),
        "uncertain_part": _("{n} with an uncertain attribution"),
        "date": _("Date"),
        "attacker": _("Attacker"),
        "who_says": _("Who says"),
        "no_claim": _("No claim or attribution reported"),
        "type": _("Type"),
        "killed": _("Killed"),
        "injured": _("Injured"),
        "not_reported": _("not reported"),
        "place": _("Place"),
        "open_record": _("Open the full record"),
        "in_view_label": _("Incidents in view"),
        "in_view_one": ngettext("{n} incident in view", "{n} incidents in view", 1),
        "in_view": ngettext("{n} incident in view", "{n} incidents in view", 11),
        "about_in_view": _("About {n} incidents in view"),
        "zoom_to_list": _("Zoom in to list them."),
        "more": _("and {n} more: zoom in to list them."),
        "group_one": ngettext("{n} incident", "{n} incidents", 1),
        "group": ngettext("{n} incident", "{n} incidents", 11),
        "all_of": _("{group}, all {types}"),
        "mostly": _("{group}, mostly {types}"),
        "most_often": _("{group}, most often {types}"),
        "skipped_one": ngettext(
            "{n} site has no usable coordinate and is not drawn.",
            "{n} sites have no usable coordinate and are not drawn.",
            1,
        ),
        "skipped": ngettext(
            "{n} site has no usable coordinate and is not drawn.",
            "{n} sites have no usable coordinate and are not drawn.",
            11,
        ),
        # The button reads "PNG": its accessible name starts with what it shows (WCAG 2.5.3).
        "picture": _("PNG: save this view as a picture with its legend and credits"),
        "credit": _("Made with Natural Earth"),
        # The scale bar's units (Leaflet's abbreviations).
        "unit_m": _("m"),
        "unit_km": _("km"),
        "unit_ft": _("ft"),
        "unit_mi": _("mi"),
        "route": _("Route: from {from} to {to}"),
        "route_note": _("Line with an arrow: a route, from where it came to where it went."),
        "map_label": _(
            "Map of the incidents shown: each marker is an incident at one of its sites (colour: "
            "attacker, shape: event type); the list below the map gives them as text."
        ),
    }


def localized(lookups: dict) -> dict:
    """The legend's lookups with their labels in the current language, the browser's words and the
    text direction (`lang`, `dir`). A label a dataset brought keeps its own name."""
    out = dict(lookups)
    for key in ("attackers", "types", "confidences"):
        out[key] = [{**item, "label": translate(item["label"])} for item in lookups.get(key, [])]
    if i18n.current() != i18n.DEFAULT:
        # The English plural ("drone strikes") has no place in another language: the label stands
        # (the translations say "of the type ...").
        out["types"] = [{**item, "plural": item["label"]} for item in out["types"]]
    out["messages"] = browser_messages()
    out["lang"], out["dir"] = i18n.current(), i18n.direction()
    return out
