"""Where the map's JavaScript and CSS come from: the app itself, never a CDN.

Leaflet and jQuery ship in the XStatic packages on PyPI, the incident layer's plugins
(supercluster, leaflet.heat, html-to-image) and axe-core (the tests' accessibility check) in npm
packages pinned in package-lock.json;
`install()` copies them into `static/vendor/`, with Leaflet and the plugins also joined into
one script (`MAP_BUNDLE`);
Streamlit serves the folder at `/app/static/vendor/` when `server.enableStaticServing` is on.
Nothing here is committed to the repository.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
NPM_DIR = ROOT / "node_modules"
URL_PREFIX = "/app/static/vendor"


@dataclass(frozen=True)
class Asset:
    """One vendored file: its name under static/vendor and how to find it after installation."""

    target: str
    package: str  # python module of an XStatic package, or "npm:<name>"
    relative: str


ASSETS: tuple[Asset, ...] = (
    Asset("leaflet/leaflet.js", "xstatic.pkg.leaflet", "leaflet.js"),
    Asset("leaflet/leaflet.css", "xstatic.pkg.leaflet", "leaflet.css"),
    Asset("leaflet/images/marker-icon.png", "xstatic.pkg.leaflet", "images/marker-icon.png"),
    Asset("leaflet/images/marker-icon-2x.png", "xstatic.pkg.leaflet", "images/marker-icon-2x.png"),
    Asset("leaflet/images/marker-shadow.png", "xstatic.pkg.leaflet", "images/marker-shadow.png"),
    Asset("leaflet/images/layers.png", "xstatic.pkg.leaflet", "images/layers.png"),
    Asset("leaflet/images/layers-2x.png", "xstatic.pkg.leaflet", "images/layers-2x.png"),
    # Only the naive benchmark app (bench/naive_app.py) uses folium.Popup, which needs jQuery.
    Asset("jquery/jquery.min.js", "xstatic.pkg.jquery", "jquery.min.js"),
    Asset("leaflet-heat/leaflet-heat.js", "npm:leaflet.heat", "dist/leaflet-heat.js"),
    # The incident layer clusters with supercluster (incidents/maps/incident_layer.js).
    Asset("supercluster/supercluster.min.js", "npm:supercluster", "dist/supercluster.min.js"),
    # The map's "save picture" button draws the page into a PNG with html-to-image.
    Asset("html-to-image/html-to-image.js", "npm:html-to-image", "dist/html-to-image.js"),
    # The accessibility check of the end-to-end tests (tests/e2e/test_arabic.py), served like the rest.
    Asset("axe-core/axe.min.js", "npm:axe-core", "axe.min.js"),
)

MAP_BUNDLE = "map-bundle.js"
"""Leaflet and the incident layer's plugins in one file: streamlit-folium loads scripts one
after another, so one request instead of four. `IncidentLayer.default_js` points at it."""
BUNDLED = (
    "leaflet/leaflet.js",
    "leaflet-heat/leaflet-heat.js",
    "supercluster/supercluster.min.js",
    "html-to-image/html-to-image.js",
)


def _source(asset: Asset) -> Path | None:
    if asset.package.startswith("npm:"):
        path = NPM_DIR / asset.package.removeprefix("npm:") / asset.relative
        return path if path.exists() else None
    module = __import__(asset.package, fromlist=["BASE_DIR"])
    return Path(module.BASE_DIR) / asset.relative


def install(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Copy every asset into `vendor_dir`; return the targets that could not be found."""
    missing = []
    for asset in ASSETS:
        source = _source(asset)
        if source is None or not source.exists():
            missing.append(asset.target)
            continue
        target = vendor_dir / asset.target
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
            shutil.copyfile(source, target)
    _write_bundle(vendor_dir)
    return missing


def _write_bundle(vendor_dir: Path) -> None:
    parts = []
    for target in BUNDLED:
        path = vendor_dir / target
        if path.exists():
            # A UMD script sees streamlit-folium's page without module loaders: it sets a global.
            parts.append(f"/* {target} */\n{path.read_text(encoding='utf-8')}\n;\n")
    (vendor_dir / MAP_BUNDLE).write_text("".join(parts), encoding="utf-8")


def ensure_installed() -> None:
    """Install the assets if one is missing (a fresh clone run without `make`)."""
    required = [a.target for a in ASSETS] + [MAP_BUNDLE]
    if any(not (VENDOR_DIR / target).exists() for target in required):
        missing = install()
        if missing:
            raise RuntimeError(f"map assets not found: {', '.join(missing)}; run `make assets` (needs npm)")


def url(target: str) -> str:
    """The URL path under which the app serves a vendored asset."""
    return f"{URL_PREFIX}/{target}"


def read_text(target: str) -> str:
    """The asset's text, for inlining into standalone HTML exports."""
    ensure_installed()
    return (VENDOR_DIR / target).read_text(encoding="utf-8")


if __name__ == "__main__":
    not_found = install()
    for target in not_found:
        print(f"asset not found: {target} (npm packages come from `npm ci`)", file=sys.stderr)
    print(f"assets installed in {VENDOR_DIR}")
    sys.exit(1 if not_found else 0)
