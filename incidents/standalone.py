"""The standalone HTML briefing: one file that opens in a browser with no network at all.

It is the app's own offline map (basemap.base_map + IncidentLayer) with every script, style sheet
and image inlined, plus what a reader of a file needs: the title, the filter summary, the link
back to the live view and the list of incidents with their sources and quotes. A
Content-Security-Policy forbids any request the page might still try to make.

Record text is data, never markup: everything from the records is HTML-escaped here, and the
map's data goes through Jinja's `tojson` (which escapes `<`, `>` and `&`) to incident_layer.js,
which sets text with `textContent`.
"""

from __future__ import annotations

import base64
import html
import re
from urllib.parse import quote

import pandas as pd

from incidents import dates, i18n
from incidents.export_view import ExportView
from incidents.i18n import _, ngettext
from incidents.labels import attacker_words, casualty_label, local_claims, local_names, local_sites
from incidents.maps import assets

MAX_FIT_ZOOM = 10
"""The export opens no closer than this, however close its incidents are (a lone one keeps its
surroundings in view)."""
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)
"""No fetch, image, font or frame from anywhere: only what is inlined (data: URIs) runs."""

_SCRIPT_SRC = re.compile(r'<script src="' + re.escape(assets.URL_PREFIX) + r'/([^"]+)"></script>')
_LINK_HREF = re.compile(r'<link rel="stylesheet" href="' + re.escape(assets.URL_PREFIX) + r'/([^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")

PAGE_CSS = """
html, body { height: auto !important; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: #1b1b1b; background: #fff; }
.briefing-head, .briefing-list, .briefing-foot { max-width: 60rem; margin: 0 auto; padding: 0.5rem 1rem; }
.briefing-head h1 { font-size: 1.5rem; margin: 0.6rem 0 0.3rem; }
.briefing-head .view { color: #444; margin: 0.2rem 0; }
.folium-map { height: 62vh !important; min-height: 320px; width: 100% !important;
              position: relative !important; }
.briefing-list ol { padding-left: 1.4rem; }
.briefing-list li.incident { margin: 0 0 1.2rem; }
.briefing-list h3 { font-size: 1.05rem; margin: 0.2rem 0; }
.briefing-list .sentence { font-style: italic; margin: 0.2rem 0; }
.briefing-list dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem;
                    margin: 0.3rem 0; }
.briefing-list dt { color: #555; }
.briefing-list dd { margin: 0; }
.briefing-list blockquote { margin: 0.2rem 0 0.4rem 1rem; padding-left: 0.6rem;
                            border-left: 3px solid #ccc; color: #333; }
.briefing-foot { color: #555; font-size: 0.9rem; border-top: 1px solid #ddd; margin-top: 1rem; }
"""


def _e(value: object) -> str:
    """Escape anything for HTML text and attribute values; missing values become ''."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _inline_script(target: str) -> str:
    code = assets.read_text(target).replace("</script", "<\\/script")
    return f"<script>/* {target} (inlined) */\n{code}\n</script>"


def _data_uri(target: str) -> str:
    data = (assets.VENDOR_DIR / target).read_bytes()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def _inline_style(target: str) -> str:
    css = assets.read_text(target)
    folder = target.rsplit("/", 1)[0]
    css = _CSS_URL.sub(lambda m: f'url("{_data_uri(folder + "/" + m.group(2))}")', css)
    css = css.replace("</style", "<\\/style")
    return f"<style>/* {target} (inlined) */\n{css}\n</style>"


def inline_assets(page: str) -> str:
    """Replace every reference to the app's vendored files with the files themselves."""
    page = _SCRIPT_SRC.sub(lambda m: _inline_script(m.group(1)), page)
    page = _LINK_HREF.sub(lambda m: _inline_style(m.group(1)), page)
    # Markers are divIcons, so Leaflet's default marker images are never used; drop the app path.
    return page.replace(f'L.Icon.Default.imagePath = "{assets.URL_PREFIX}/leaflet/images/";', "")


def map_html(view: ExportView) -> str:
    """The offline map of the view as a full folium page, assets still referenced by URL."""
    from incidents.maps.basemap import base_map
    from incidents.maps.incident_layer import IncidentLayer, drawable
    from incidents.maps.legend import legend_lookups
    from incidents.maps.projection import FIT_PADDING_PX, fit_view

    # The table's colours (the view alone would hand them out afresh by its own counts).
    lookups = view.lookups or legend_lookups(view.incidents)
    sites = view.sites[drawable(view.sites)]
    fitted = fit_view(sites["lat"], sites["lon"], max_zoom=MAX_FIT_ZOOM)
    start = {} if fitted is None else {"center": fitted.center, "zoom": fitted.zoom}
    # No picture button: the file's Content-Security-Policy forbids what html-to-image needs.
    fmap = base_map(follow_view=False, lookups=lookups, picture=False, **start)
    url = view.base_url + "incident?incident="
    sites = local_sites(sites, _place_names(view))  # popups name places in the reader's language
    IncidentLayer(view.incidents, sites, incident_url=url, lookups=lookups).add_to(fmap)
    if fitted is not None:
        # Only the reader's browser knows the window's size: Leaflet fits the bounds there.
        padding = (FIT_PADDING_PX, FIT_PADDING_PX)
        fmap.fit_bounds([list(corner) for corner in fitted.bounds], padding=padding, max_zoom=MAX_FIT_ZOOM)
    return fmap.get_root().render()


def _place_names(view: ExportView) -> dict[str, str]:
    """Place id -> its name in the reader's language (the gazetteer's `name_<lang>`), if it has one."""
    if view.places is None or i18n.current() == i18n.DEFAULT:
        return {}
    return local_names(view.places).get(i18n.current(), {})


def _local_places(view: ExportView) -> dict[str, str]:
    """Each incident's places, '; '-joined like the table's `place_names`, in the reader's language;
    empty in English (the table's own column is shown)."""
    names = _place_names(view)
    if not names or not len(view.sites) or "place_id" not in view.sites:
        return {}
    sites = local_sites(view.sites, names)
    return {
        str(incident): _("; ").join(dict.fromkeys(str(p) for p in group if p and not pd.isna(p)))
        for incident, group in sites.groupby("incident_id", sort=False)["place_name"]
    }


def _incident_item(row: dict, view: ExportView, when: str, who: str, places: str | None) -> str:
    record = view.records.get(row["id"])
    parts = [f'<li class="incident" id="incident-{_e(row["id"])}" data-incident="{_e(row["id"])}">']
    parts.append(f"<h3>{_e(row['title'])}</h3>")
    sentence = view.sentences.get(row["id"])
    if sentence:
        parts.append(f'<p class="sentence">{_e(sentence)}</p>')
    facts = [
        (_("Date"), when),
        (_("Type"), _(str(row["event_type_label"]))),
        (_("Attacker"), attacker_words(row)),
        (_("Who says"), who or _("No claim or attribution reported")),
        (_("Places"), places or row["place_names"]),
        (_("Killed"), casualty_label(row["killed_min"], row["killed_max"]) or _("not reported")),
        (_("Injured"), casualty_label(row["injured_min"], row["injured_max"]) or _("not reported")),
        (_("Damage"), row["damage"]),
        (_("Notes"), record.notes if record is not None else None),
    ]
    parts.append("<dl>")
    for label, value in facts:
        if value is not None and not (not isinstance(value, str) and pd.isna(value)) and str(value):
            parts.append(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>")
    parts.append("</dl>")
    if record is not None:
        heading = _e(_("Sources"))
        parts.append(f'<div class="sources"><strong>{heading}</strong><ul>')
        for source in record.sources:
            line = f"{_e(source.outlet)}: “{_e(source.headline)}”"
            if source.url:
                line += f' (<a href="{_e(source.url)}" rel="noopener noreferrer">{_e(source.url)}</a>)'
            line += f" <small>[{_e(source.document)}]</small>"
            quotes = "".join(f"<blockquote>{_e(q)}</blockquote>" for q in source.quotes)
            parts.append(f"<li>{line}{quotes}</li>")
        parts.append("</ul></div>")
    else:
        sources = _("Sources: {outlets}").format(outlets=_e(row["outlets"]))
        parts.append(f"<p>{sources} <small>[{_e(row['documents'])}]</small></p>")
    live = view.base_url + "incident?incident=" + quote(str(row["id"]))
    open_live = _e(_("Open this incident in the live map"))
    parts.append(f'<p><a href="{_e(live)}">{open_live}</a></p></li>')
    return "".join(parts)


def render(view: ExportView) -> str:
    """The whole standalone page as one string, in the interface's language (i18n.current())."""
    page = inline_assets(map_html(view))
    count = len(view.incidents)
    title = view.title or _("Incidents in eastern Syria")
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{_e(title)}</title><style>{PAGE_CSS}</style>"
    )
    top = [f'<header class="briefing-head"><h1>{_e(title)}</h1>']
    if view.description:
        top.append(f'<p class="view">{_e(view.description)}</p>')
    if view.report is not None and (view.report.n_skipped or view.report.error):
        top.append(f'<p class="view ingest">{_e(view.report.summary())}</p>')
    total = ngettext("{n} incident", "{n} incidents", count).format(n=i18n.number(count))
    top.append(f'<p class="view" id="incident-total">{_e(total)}.</p>')
    if view.link:
        live = _e(_("Open this view in the live map"))
        top.append(f'<p><a id="live-link" href="{_e(view.link)}">{live}</a></p>')
    top.append("</header>")
    table = view.incidents
    words = dates.local_words(table).tolist() if len(table) else []
    who = local_claims(table).tolist() if len(table) else []
    rows = zip(table.to_dict("records"), words, who, strict=True)
    local = _local_places(view)
    items = "".join(_incident_item(row, view, when, says, local.get(row["id"])) for row, when, says in rows)
    foot = _(
        "Exported from the eastern Syria incident map. Every incident links its sources and verbatim "
        "quotes; dates and places are only as precise as the reporting. Basemap made with Natural "
        "Earth. This file works offline."
    )
    heading = _e(_("Incidents"))
    bottom = (
        f'<section class="briefing-list"><h2>{heading}</h2><ol>{items}</ol></section>'
        f'<footer class="briefing-foot">{_e(foot)}</footer>'
    )
    page = page.replace("<head>", '<head><meta charset="utf-8">' + head, 1)
    page = page.replace("<html>", f'<html lang="{i18n.current()}" dir="{i18n.direction()}">', 1)
    page = page.replace("<body>", "<body>" + "".join(top), 1)
    return page.replace("</body>", bottom + "</body>", 1)
