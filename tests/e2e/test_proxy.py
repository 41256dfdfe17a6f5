"""The map served the public way: HAProxy in front of two replicas under supervisord
(`make serve`, deploy/), opened in real Chromium through the proxy.

Every response carries the security headers, the proxy's own error pages included, and no
`server` header; nothing internal answers the public; a foreign Host or Origin is refused; the
map, an incident page, an export and a briefing draw with zero Content-Security-Policy
violations, zero console errors and zero third-party requests; a client over a limit gets the
plain 429 page.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import websockets
from playwright.sync_api import Browser, Page

from deploy.render import HOST_CONFIG, MAP_FRAME_PREFIX, PERMISSIONS_POLICY
from deploy.serve import Stack, start_on_free_ports
from geodata.gazetteer import load_gazetteer
from incidents.filters import Filter
from incidents.load import load_incidents
from tests.e2e.conftest import download, map_frame, open_context, run_async, shown_count

INCIDENT_ID = "2021-01-13-air-raids-deir-ez-zor-city"
REQUIRED = {
    "content-security-policy": None,  # checked directive by directive below
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": PERMISSIONS_POLICY,
}
BASE_PATH_PROBE = re.compile(r"^404 http://127\.0\.0\.1:\d+/[a-z-]+/_stcore/(health|host-config)$")
NOT_FOUND = "Failed to load resource: the server responded with a status of 404"
# Every frame reports CSP violations (Chromium also logs each one as a console error).
CSP_PROBE = """document.addEventListener('securitypolicyviolation', (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} in ${e.documentURI}`);
});"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # A low page-load limit, so the 429 test needs few requests (the browser test loads 3 pages).
    stack = start_on_free_ports(tmp_path_factory.mktemp("serve"), replicas=2, page_loads_per_10s=10)
    yield stack
    stack.stop()


def check_headers(headers: dict[str, str], where: str) -> None:
    headers = {k.lower(): v for k, v in headers.items()}
    assert "server" not in headers, f"{where}: server: {headers['server']}"
    for name, value in REQUIRED.items():
        assert name in headers, f"{where}: no {name}"
        if value is not None:
            assert headers[name] == value, (where, name, headers[name])
    csp = dict(
        [*part.strip().split(" ", 1), ""][:2] for part in headers["content-security-policy"].split(";")
    )
    assert csp["default-src"] == "'self'", csp
    assert csp["connect-src"] == "'self'", csp
    assert csp["object-src"] == "'none'", csp
    assert csp["base-uri"] == "'self'", csp
    assert csp["frame-ancestors"] == "'self'", csp
    # eval only in the map's iframe (streamlit-folium runs its map script with it)
    assert ("'unsafe-eval'" in csp["script-src"]) == (MAP_FRAME_PREFIX in where), (where, csp)
    for directive, sources in csp.items():  # no third-party origin anywhere
        assert "http" not in sources and "*" not in sources, (directive, sources)


def get(
    stack: Stack, path: str, source: str = "127.0.0.1", headers: dict[str, str] | None = None
) -> http.client.HTTPResponse:
    """A plain HTTP request through the proxy from the loopback address `source`; the body is
    kept in `response.body`."""
    parts = urlsplit(stack.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30, source_address=(source, 0))
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response


def test_every_kind_of_response_carries_the_security_headers(stack: Stack) -> None:
    for path in (
        "/",
        f"/incident?incident={INCIDENT_ID}",
        "/_stcore/health",
        "/static/vendor/leaflet/leaflet.js",
        "/no-such-page",
    ):
        response = get(stack, path)
        assert response.status in (200, 404), (path, response.status)
        check_headers(dict(response.getheaders()), path)


@pytest.mark.parametrize(
    "path",
    [
        "/_stcore/metrics",
        "/%5Fstcore/metrics",  # the replica decodes the path before routing it
        "/_STCORE/metrics",
        "/incident/_stcore/metrics",
        "/_stcore/agent/openapi.json",
        "/_stcore/agent/interact",
        "/_stcore/script-health-check",
        "/_stcore/upload_file/x/y",
    ],
)
def test_nothing_internal_answers_the_public(stack: Stack, path: str) -> None:
    response = get(stack, path, source="127.0.0.4")
    assert response.status == 404, (path, response.status)
    assert b"streamlit" not in response.body.lower() and b"# TYPE" not in response.body  # type: ignore[attr-defined]
    check_headers(dict(response.getheaders()), path)


def test_health_stays_and_the_host_configuration_names_no_origin(stack: Stack) -> None:
    assert get(stack, "/_stcore/health", source="127.0.0.4").status == 200
    response = get(stack, "/_stcore/host-config", source="127.0.0.4")
    assert response.status == 200
    assert json.loads(response.body) == HOST_CONFIG  # type: ignore[attr-defined]
    assert HOST_CONFIG["allowedOrigins"] == [] and HOST_CONFIG["metricsUrl"] == ""
    check_headers(dict(response.getheaders()), "host-config")


def test_the_proxys_own_error_pages_carry_the_headers(stack: Stack) -> None:
    for what, path, headers in (
        ("a 20,000-character query", "/?q=" + "a" * 20_000, {}),
        ("a 17 KB header", "/", {"X-Padding": "b" * 17 * 1024}),
    ):
        response = get(stack, path, source="127.0.0.4", headers=headers)
        assert response.status == 400, (what, response.status)
        check_headers(dict(response.getheaders()), what)


def test_only_the_served_host_names_and_origins_are_answered(stack: Stack) -> None:
    port = stack.settings.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "LOCALHOST"):
        assert get(stack, "/_stcore/health", source="127.0.0.4", headers={"Host": host}).status == 200, host
    # DNS rebinding: another site's name pointed at this address.
    refused = get(stack, "/", source="127.0.0.4", headers={"Host": f"rebind.example:{port}"})
    assert refused.status == 421
    check_headers(dict(refused.getheaders()), "unknown host")
    # A page of another site (or another port of this machine) may not talk to the map.
    for origin in ("https://evil.example", f"http://127.0.0.1:{port + 1}", "null"):
        refused = get(stack, "/_stcore/health", source="127.0.0.4", headers={"Origin": origin})
        assert refused.status == 403, origin
        check_headers(dict(refused.getheaders()), f"origin {origin}")
    assert get(stack, "/", source="127.0.0.4", headers={"Origin": f"http://127.0.0.1:{port}"}).status == 200

    async def open_stream(origin: str) -> int:
        url = stack.url.replace("http://", "ws://") + "/_stcore/stream"
        try:
            async with websockets.connect(
                url, origin=origin, subprotocols=["streamlit"], local_addr=("127.0.0.4", 0)
            ):
                return 101
        except websockets.InvalidStatus as exc:
            return exc.response.status_code

    assert run_async(open_stream("https://evil.example")) == 403
    assert run_async(open_stream(f"http://127.0.0.1:{port}")) == 101


def test_a_client_over_the_page_rate_gets_a_plain_429_page(stack: Stack) -> None:
    # From an address of its own (127.0.0.2), so the other tests' budget is untouched.
    limit = stack.settings.page_loads_per_10s
    statuses = [get(stack, "/?type=drone-strike", source="127.0.0.2").status for _ in range(limit + 5)]
    assert statuses[:limit] == [200] * limit, statuses
    assert statuses[-1] == 429, statuses
    parts = urlsplit(stack.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30, source_address=("127.0.0.2", 0))
    conn.request("GET", "/")
    response = conn.getresponse()
    body = response.read().decode()
    assert response.status == 429 and response.getheader("Retry-After")
    assert "Too many requests" in body and "<script" not in body
    check_headers(dict(response.getheaders()), "429 page")
    # Another reader is not affected by that one's limit.
    assert get(stack, "/", source="127.0.0.3").status == 200


def _expected_count(params: dict[str, list[str]]) -> tuple[int, int]:
    gazetteer = load_gazetteer()
    data = load_incidents(gazetteer=gazetteer)
    filt, _ = Filter.from_query(params, known_places=gazetteer.places.index)
    shown = filt.apply(data.incidents, data.sites, gazetteer.places)[0]
    return len(shown), len(data.incidents)


def _open(page: Page, url: str, documents: list) -> None:
    response = page.goto(url, wait_until="domcontentloaded")
    assert response is not None and response.status == 200, url
    documents.append((url, response.all_headers()))


def test_map_incident_export_and_briefing_through_the_proxy(stack: Stack, browser: Browser) -> None:
    context, traffic = open_context(browser)
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: traffic.errors.append(str(exc)))
    frames: list = []  # every response of the main page and its component frames
    page.on(
        "response",
        lambda r: frames.append((r.url, r.all_headers())) if r.request.is_navigation_request() else None,
    )
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    documents: list = []
    try:
        # The map, from a shared link.
        params = {"type": ["drone-strike"]}
        _open(page, f"{stack.url}/?type=drone-strike", documents)
        _, handle = map_frame(page)
        assert handle.evaluate("() => window.incidentLayerInfo.incidents") == _expected_count(params)[0]
        assert shown_count(page) == _expected_count(params)

        # An export of that view, from the same replica (sticky session: the file is in its media store).
        page.get_by_text("Share or download this view").click()
        rows = list(csv.DictReader(io.StringIO(download(page, "CSV").read_text(encoding="utf-8"))))
        assert len(rows) == _expected_count(params)[0]

        # An incident's permalink and a briefing, each drawing its map.
        _open(page, f"{stack.url}/incident?incident={INCIDENT_ID}", documents)
        _, handle = map_frame(page)
        assert handle.evaluate("() => window.incidentLayerInfo.incidents") == 1
        _open(page, f"{stack.url}/briefing?briefing=january-2021-raids&step=2", documents)
        map_frame(page)
        page.locator("h1", has_text="The January 2021 raids").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)  # late violations (fonts, images) are reported asynchronously
    finally:
        context.close()
    for url, headers in documents + frames:
        if urlsplit(url).hostname == "127.0.0.1" and url.startswith("http"):
            check_headers(headers, url)
    assert any("/component/" in url for url, _ in frames), "the map's component frame was not seen"
    assert traffic.blocked == [], f"third-party requests: {traffic.blocked}"
    assert traffic.errors == [], traffic.errors
    assert [line for line in console if "CSP violation" in line or "Content Security Policy" in line] == []
    # Streamlit's front end looks for its server under the page's path first (`/incident/_stcore/
    # health`, then `/_stcore/health`): those 404s, and the console lines they cause, are its own.
    probes = [line for line in failed if BASE_PATH_PROBE.search(line)]
    assert [line for line in failed if line not in probes] == [], failed
    not_found = [line for line in console if line.startswith(NOT_FOUND)]
    assert len(not_found) <= len(probes), (not_found, probes)
    assert [line for line in console if not line.startswith(NOT_FOUND)] == [], console


def test_the_curator_workbench_is_not_served_through_the_proxy(stack: Stack, browser: Browser) -> None:
    """The replicas run app.py, which has no workbench page: its address shows the public app only."""
    context, traffic = open_context(browser)
    page = context.new_page()
    try:
        for path in ("/draft", "/draft?token=anything"):
            response = page.goto(f"{stack.url}{path}", wait_until="domcontentloaded")
            if response is not None and response.status == 429:
                # The tests before this one spent this address's page loads for the next seconds:
                # the limit is tested above; here, come back when the proxy says to.
                page.wait_for_timeout(1000 * int(response.headers.get("retry-after", "10")) + 500)
                response = page.goto(f"{stack.url}{path}", wait_until="domcontentloaded")
            assert response is not None and response.status == 200, path
            page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
            page.wait_for_selector(
                "[data-testid='stStatusWidget'] >> text=Running", state="detached", timeout=60_000
            )
            page.get_by_text("incidents").first.wait_for(timeout=60_000)  # the public app drew
            assert page.get_by_text("Draft a record").count() == 0, path
            assert page.get_by_text("Make drafts").count() == 0, path
    finally:
        context.close()
    assert traffic.blocked == []
