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

from incidents import actors
from incidents.export_view import ExportView
from incidents.labels import casualty_label
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
    IncidentLayer(view.incidents, sites, incident_url=url, lookups=lookups).add_to(fmap)
    if fitted is not None:
        # Only the reader's browser knows the window's size: Leaflet fits the bounds there.
        padding = (FIT_PADDING_PX, FIT_PADDING_PX)
        fmap.fit_bounds([list(corner) for corner in fitted.bounds], padding=padding, max_zoom=MAX_FIT_ZOOM)
    return fmap.get_root().render()


def _attacker_words(row: dict) -> str:
    """The attacker and its confidence; an event with no attacker (not a strike) has none to grade."""
    if row["attacker"] == actors.NO_ATTACKER:
        return str(row["attacker_label"])
    return f"{row['attacker_label']} ({str(row['confidence_label']).lower()} attribution)"


def _incident_item(row: dict, view: ExportView) -> str:
    record = view.records.get(row["id"])
    parts = [f'<li class="incident" id="incident-{_e(row["id"])}" data-incident="{_e(row["id"])}">']
    parts.append(f"<h3>{_e(row['title'])}</h3>")
    sentence = view.sentences.get(row["id"])
    if sentence:
        parts.append(f'<p class="sentence">{_e(sentence)}</p>')
    facts = [
        ("Date", row["date_words"]),
        ("Type", row["event_type_label"]),
        ("Attacker", _attacker_words(row)),
        ("Who says", row["claims_text"] or "No claim or attribution reported"),
        ("Places", row["place_names"]),
        ("Killed", casualty_label(row["killed_min"], row["killed_max"]) or "not reported"),
        ("Injured", casualty_label(row["injured_min"], row["injured_max"]) or "not reported"),
        ("Damage", row["damage"]),
        ("Notes", record.notes if record is not None else None),
    ]
    parts.append("<dl>")
    for label, value in facts:
        if value is not None and not (not isinstance(value, str) and pd.isna(value)) and str(value):
            parts.append(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>")
    parts.append("</dl>")
    if record is not None:
        parts.append('<div class="sources"><strong>Sources</strong><ul>')
        for source in record.sources:
            line = f"{_e(source.outlet)}: “{_e(source.headline)}”"
            if source.url:
                line += f' (<a href="{_e(source.url)}" rel="noopener noreferrer">{_e(source.url)}</a>)'
            line += f" <small>[{_e(source.document)}]</small>"
            quotes = "".join(f"<blockquote>{_e(q)}</blockquote>" for q in source.quotes)
            parts.append(f"<li>{line}{quotes}</li>")
        parts.append("</ul></div>")
    else:
        parts.append(f"<p>Sources: {_e(row['outlets'])} <small>[{_e(row['documents'])}]</small></p>")
    live = view.base_url + "incident?incident=" + quote(str(row["id"]))
    parts.append(f'<p><a href="{_e(live)}">Open this incident in the live map</a></p></li>')
    return "".join(parts)


def render(view: ExportView) -> str:
    """The whole standalone page as one string."""
    page = inline_assets(map_html(view))
    count = len(view.incidents)
    title = view.title or "Incidents in eastern Syria"
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>{_e(title)}</title><style>{PAGE_CSS}</style>"
    )
    top = [f'<header class="briefing-head"><h1>{_e(title)}</h1>']
    if view.description:
        top.append(f'<p class="view">{_e(view.description)}</p>')
    if view.report is not None and (view.report.n_skipped or view.report.error):
        top.append(f'<p class="view ingest">{_e(view.report.summary())}</p>')
    top.append(f'<p class="view" id="incident-total">{count} incident{"s" if count != 1 else ""}.</p>')
    if view.link:
        top.append(f'<p><a id="live-link" href="{_e(view.link)}">Open this view in the live map</a></p>')
    top.append("</header>")
    items = "".join(_incident_item(row, view) for row in view.incidents.to_dict("records"))
    bottom = (
        f'<section class="briefing-list"><h2>Incidents</h2><ol>{items}</ol></section>'
        '<footer class="briefing-foot">Exported from the eastern Syria incident map. Every incident '
        "links its sources and verbatim quotes; dates and places are only as precise as the "
        "reporting. Basemap made with Natural Earth. This file works offline.</footer>"
    )
    page = page.replace("<head>", '<head><meta charset="utf-8">' + head, 1)
    page = page.replace("<html>", '<html lang="en">', 1)
    page = page.replace("<body>", "<body>" + "".join(top), 1)
    return page.replace("</body>", bottom + "</body>", 1)
