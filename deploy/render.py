"""The serving stack's settings, and the HAProxy and supervisord configurations rendered from them.

One template per program (`haproxy.cfg.template`, `supervisord.conf.template`), filled from one
`Settings` value; every setting has a default and an environment variable of the same name in
capitals (`REPLICAS=3 PORT=8080 FRAME_ANCESTORS="'self' https://news.example" make serve`).

    python -m deploy.render RUN_DIR      # writes RUN_DIR/haproxy.cfg and RUN_DIR/supervisord.conf
"""

from __future__ import annotations

import dataclasses
import html
import json
import os
import shutil
import sys
from dataclasses import dataclass, fields
from http import HTTPStatus
from pathlib import Path
from string import Template

from incidents.maps.basemap import online_tile_origins

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = Path(__file__).resolve().parent


RENAMED = {"CHECK_INTERVAL": "CHECK_INTERVAL_MS", "CHECK_TIMEOUT": "CHECK_TIMEOUT_MS"}
"""Settings that were seconds and are milliseconds now: an old name is an error, not ignored."""


@dataclass(frozen=True)
class Settings:
    """What an operator may set. Defaults suit one 2-core machine (bench/RESULTS.md)."""

    replicas: int = 3  # Streamlit processes behind the proxy
    port: int = 8080  # the proxy's public port
    bind_address: str = "127.0.0.1"  # the proxy's address (0.0.0.0 to serve a network)
    replica_base_port: int = 0  # first replica's port; 0 = port + 1
    frame_ancestors: str = "'self'"  # CSP frame-ancestors: the sites allowed to embed the map
    online_tiles: bool = False  # allow the opt-in online tile hosts in img-src
    sessions_per_replica: int = 150  # open sessions one replica holds; then new readers get 429
    connections_per_client: int = 60  # open connections from one address
    page_loads_per_10s: int = 30  # page loads (HTML documents) per address per 10 s
    downloads_per_10s: int = 10  # export downloads per address per 10 s
    max_body_bytes: int = 1_048_576  # largest request body (the app takes no uploads)
    max_url_bytes: int = 8192  # longest request line target (a link with every filter is < 1 KB): 400
    max_header_bytes: int = 16384  # all request headers together: 400 beyond
    max_connections: int = 4000  # all connections the proxy accepts at once
    request_timeout: int = 10  # seconds a client may take to send its request headers
    queue_timeout: int = 5  # seconds a request may wait for a free replica slot
    new_readers_per_10s: int = 150  # readers let in per 10 s, whole stack; beyond, the 429 page
    check_interval_ms: int = 500  # between health checks of each replica
    check_timeout_ms: int = 250  # a health check slower than this fails (the liveness thread answers in ms)
    check_fall: int = 2  # failed checks in a row that take a replica out
    slowstart: int = 0  # seconds over which a replica back in rotation gets its full share (0: at once)
    cookie_name: str = "mapreplica"  # the sticky-session cookie
    served_hosts: str = "localhost 127.0.0.1"  # Host names the stack answers (DNS rebinding); space-separated
    streams_per_client: int = 10  # open websockets (map sessions: one per tab) per address, IPv6 per /64
    stream_idle_seconds: int = 600  # a websocket with no message either way for this long is closed
    tls_edge: bool = False  # readers come over HTTPS (TLS ends here or in front): HSTS, Secure cookies
    tls_cert: str = ""  # a PEM (certificate and key) for HAProxy to end TLS itself on PORT; implies TLS_EDGE
    replica_port_list: tuple[int, ...] = ()  # explicit replica ports (tests); overrides the base
    health_port_list: tuple[int, ...] = ()  # explicit liveness ports (tests); default: after the replicas'

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        for old, new in RENAMED.items():
            if env.get(old):
                raise ValueError(f"{old} is now {new}, in milliseconds ({old}={env[old]} was seconds)")
        values = {}
        for f in fields(cls):
            raw = env.get(f.name.upper())
            if raw is None or raw == "" or f.name in ("replica_port_list", "health_port_list"):
                continue
            if f.type in ("int", int):
                values[f.name] = int(raw)
            elif f.type in ("bool", bool):
                values[f.name] = raw.lower() in {"1", "true", "yes", "on"}
            else:
                values[f.name] = raw
        settings = cls(**values)
        if settings.tls_cert and not settings.tls_edge:
            settings = dataclasses.replace(settings, tls_edge=True)
        if settings.replicas < 1:
            raise ValueError("REPLICAS must be at least 1")
        return settings

    def replica_ports(self) -> list[int]:
        if self.replica_port_list:
            return list(self.replica_port_list)
        base = self.replica_base_port or self.port + 1
        return [base + i for i in range(self.replicas)]

    def health_ports(self) -> list[int]:
        """Each replica's liveness port (deploy/replica.py): the proxy's health checks go there."""
        if self.health_port_list:
            return list(self.health_port_list)
        replicas = self.replica_ports()
        return [max(replicas) + 1 + i for i in range(len(replicas))]

    def replica_and_health_ports(self) -> list[tuple[int, int]]:
        return list(zip(self.replica_ports(), self.health_ports(), strict=True))

    def hosts(self) -> list[str]:
        """The Host names (port aside) the proxy and the replicas accept: SERVED_HOSTS, and the
        bind address when it is one."""
        hosts = [h.lower() for h in self.served_hosts.split()]
        wildcard = self.bind_address in ("0.0.0.0", "::", "")  # noqa: S104 (a comparison, not a bind)
        if not wildcard and self.bind_address not in hosts:
            hosts.append(self.bind_address)
        return hosts

    def origins(self) -> list[str]:
        """The origins a browser reading the served hosts sends: this port in plain HTTP, and
        HTTPS on its default port (a TLS edge in front, deploy/README.md)."""
        origins = []
        for host in self.hosts():
            origins.append(f"http://{host}:{self.port}")
            if self.port == 80:
                origins.append(f"http://{host}")
            origins.append(f"https://{host}")
            if self.tls_cert:
                origins.append(f"https://{host}:{self.port}")
        return origins

    @property
    def buffer_bytes(self) -> int:
        """HAProxy's buffer: a request must fit in it for the proxy's own rules (and its error
        page with the headers) to answer; a longer one gets HAProxy's built-in 400, bare."""
        return self.max_url_bytes + self.max_header_bytes + 8192

    @property
    def max_sessions(self) -> int:
        return self.replicas * self.sessions_per_replica

    @property
    def check_fastinter_ms(self) -> int:
        """Checks after a first failure come twice as often, to confirm it sooner."""
        return self.check_interval_ms // 2

    @property
    def detection_s(self) -> float:
        """The longest a frozen replica stays in rotation: the next check's wait and timeout,
        then each further failing check after the faster interval."""
        more = (self.check_fall - 1) * (self.check_fastinter_ms + self.check_timeout_ms)
        return (self.check_interval_ms + self.check_timeout_ms + more) / 1000


# The document of streamlit-folium's component (the map's iframe): the only one allowed 'unsafe-eval'.
MAP_FRAME_PREFIX = "/component/streamlit_folium.st_folium/"


def content_security_policy(settings: Settings, map_frame: bool = False) -> str:
    """The CSP every response carries. Each relaxation of `default-src 'self'`, and why (each
    found in Chromium by tests/e2e/test_proxy.py, which fails on any violation):

    - script-src 'unsafe-inline': Streamlit's component iframes and folium's map page are HTML
      documents whose scripts are written inline by the app (folium's map, our layer's data).
    - script-src 'wasm-unsafe-eval': the protobuf library in Streamlit's front end (long.js)
      compiles a tiny built-in WebAssembly module for 64-bit arithmetic. This allows compiling
      WebAssembly only, not evaluating JavaScript strings.
    - script-src 'unsafe-eval', in the map's iframe only (`map_frame`, documents under
      MAP_FRAME_PREFIX): streamlit-folium's front end runs the map script it receives from the
      server with eval (`finalizeOnRender`); without it the map draws no layer. The Streamlit
      page itself, and every other frame, keeps eval forbidden.
    - style-src 'unsafe-inline': Streamlit (emotion) and Leaflet set styles inline at run time.
    - img-src / font-src data: and blob:: Streamlit's icons, Leaflet's marker images and the
      page icon are data: URLs; the offline map draws no remote image.
    Behind TLS (TLS_EDGE=1) `upgrade-insecure-requests` makes the browser ask for any http: URL
    of the page over https.
    Nothing names a third-party origin unless ONLINE_TILES=1: then images from exactly the
    origins folium requests the opt-in tiles from (basemap.online_tile_origins), since every tile
    request tells those servers the reader's address.
    """
    images = "'self' data: blob:" + (f" {' '.join(online_tile_origins())}" if settings.online_tiles else "")
    scripts = "'self' 'unsafe-inline' 'wasm-unsafe-eval'" + (" 'unsafe-eval'" if map_frame else "")
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {settings.frame_ancestors}",
            *(["upgrade-insecure-requests"] if settings.tls_edge else []),
        ]
    )


# Features the app never uses, denied to it and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "serial",
        "hid",
        "browsing-topics",
    )
)


def security_headers(settings: Settings) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(settings),
        "X-Content-Type-Options": "nosniff",
        # A link's query string names what an analyst looks at: never sent to another site.
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.frame_ancestors.strip() == "'self'":
        headers["X-Frame-Options"] = "SAMEORIGIN"  # for browsers without frame-ancestors
    if settings.tls_edge:
        # A year; no includeSubDomains: the newsroom's other hosts are not ours to promise.
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def _busy_page(message: str) -> str:
    """A plain HTML page (one line, for HAProxy's `string`), no script, no style sheet."""
    body = (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<title>Too many requests</title></head><body>"
        f"<h1>Too many requests</h1><p>{html.escape(message)}</p></body></html>"
    )
    return body.replace('"', "&quot;")


HOST_CONFIG = {
    "allowedOrigins": [],
    "useExternalAuthToken": False,
    "enableCustomParentMessages": False,
    "enforceDownloadInNewTab": False,
    "metricsUrl": "",
    "blockErrorDialogs": False,
    "resourceCrossOriginMode": None,
}
"""What the proxy answers for `/_stcore/host-config` (Streamlit's own names the streamlit.app sites
as allowed to drive an embedded app by messages): no parent origin, no metrics address."""

# The statuses HAProxy may answer itself (its `errorfile` list): each gets a page with the headers.
PROXY_ERROR_STATUSES = (400, 403, 404, 405, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504)


def error_response(settings: Settings, status: int) -> str:
    """One of the proxy's own error pages as HAProxy's `errorfile` wants it: a whole HTTP response,
    with the security headers every response carries (HAProxy answers a request it cannot parse,
    a 20,000-character query say, before any `http-after-response` rule runs)."""
    reason = HTTPStatus(status).phrase
    body = (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>{status} {reason}</title></head><body><h1>{status} {reason}</h1></body></html>\n"
    )
    head = [
        f"HTTP/1.1 {status} {reason}",
        "Content-Type: text/html; charset=utf-8",
        f"Content-Length: {len(body.encode())}",
        "Cache-Control: no-cache",
        "Connection: close",
        *(f"{name}: {value}" for name, value in security_headers(settings).items()),
    ]
    return "\r\n".join(head) + "\r\n\r\n" + body


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_haproxy(settings: Settings, run_dir: Path) -> str:
    lines = [
        f"    http-after-response set-header {name} {_quoted(value)}"
        for name, value in security_headers(settings).items()
    ]
    lines.append(
        "    http-after-response set-header Content-Security-Policy "
        f"{_quoted(content_security_policy(settings, map_frame=True))} if {{ var(txn.map_frame) -m bool }}"
    )
    if settings.tls_edge:
        # Every cookie (the sticky-session one, Streamlit's XSRF one) only over HTTPS.
        lines.append("    http-after-response replace-header Set-Cookie '^(.*)$' '\\1; Secure'")
    headers = "\n".join(lines)
    servers = "\n".join(
        f"    server replica-{i} 127.0.0.1:{port} check port {health} cookie r{i}"
        for i, (port, health) in enumerate(settings.replica_and_health_ports(), start=1)
    )
    values = {
        **dataclasses.asdict(settings),
        "run_dir": str(run_dir),
        "served_hosts": " ".join(settings.hosts()),
        "tls": f" ssl crt {settings.tls_cert}" if settings.tls_cert else "",
        "public_origins": " ".join(settings.origins()),
        "host_config": json.dumps(HOST_CONFIG, separators=(",", ":")),
        "errorfiles": "\n".join(
            f"    errorfile {status} {run_dir}/errors/{status}.http" for status in PROXY_ERROR_STATUSES
        ),
        "max_sessions": settings.max_sessions,
        "buffer_bytes": settings.buffer_bytes,
        "check_fastinter_ms": settings.check_fastinter_ms,
        "detection_s": f"{settings.detection_s:g}",
        "security_headers": headers,
        "servers": servers,
        "map_frame_prefix": MAP_FRAME_PREFIX,
        "busy_page_connections": _busy_page(
            "Too many open connections from your address. Close a few tabs, then reload this page."
        ),
        "busy_page_rate": _busy_page(
            "Too many requests from your address. Please wait a few seconds, then reload this page."
        ),
        "busy_page_streams": _busy_page(
            "Too many map sessions open from your address. Close a few tabs, then reload this page."
        ),
        "busy_page_full": _busy_page(
            "The map has more readers than it can serve right now. Please reload in a minute."
        ),
        "generated_note": "",
    }
    return Template((DEPLOY / "haproxy.cfg.template").read_text()).substitute(values)


def render_supervisord(settings: Settings, run_dir: Path, python: str = sys.executable) -> str:
    programs = []
    for i, (port, health) in enumerate(settings.replica_and_health_ports(), start=1):
        programs.append(
            "\n".join(
                [
                    f"[program:replica-{i}]",
                    f"command={python} -m deploy.replica --health-port {health} --"
                    f" app.py --server.port {port}"
                    " --server.address 127.0.0.1 --server.headless true"
                    " --browser.gatherUsageStats false"
                    # Tracebacks only in the replica's log, never on a reader's page.
                    " --client.showErrorDetails none"
                    # The replica's own Host check (the proxy checks too); 127.0.0.1 for its warm-up.
                    + "".join(
                        f" --server.allowedHosts {host}"
                        for host in dict.fromkeys([*settings.hosts(), "127.0.0.1"])
                    )
                    # Pings less often than the proxy's idle timeout, which they would otherwise reset.
                    + f" --server.websocketPingInterval {settings.stream_idle_seconds + 60}",
                    f"directory={ROOT}",
                    "autorestart=true",
                    "startsecs=3",
                    "startretries=10",
                    "stopsignal=TERM",
                    "stopwaitsecs=10",
                    "redirect_stderr=true",
                    f"stdout_logfile={run_dir}/replica-{i}.log",
                    "",
                ]
            )
        )
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    values = {
        "run_dir": str(run_dir),
        "programs": "\n".join(programs),
        "haproxy": haproxy,
        "generated_note": "",
    }
    return Template((DEPLOY / "supervisord.conf.template").read_text()).substitute(values)


def render(settings: Settings, run_dir: Path) -> tuple[Path, Path]:
    """Write both configurations into `run_dir`; returns their paths."""
    run_dir.mkdir(parents=True, exist_ok=True)
    haproxy = run_dir / "haproxy.cfg"
    supervisord = run_dir / "supervisord.conf"
    errors = run_dir / "errors"
    errors.mkdir(exist_ok=True)
    for status in PROXY_ERROR_STATUSES:
        (errors / f"{status}.http").write_text(error_response(settings, status), newline="")
    haproxy.write_text(render_haproxy(settings, run_dir))
    supervisord.write_text(render_supervisord(settings, run_dir))
    return haproxy, supervisord


def main() -> None:
    run_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "build/serve").resolve()
    for path in render(Settings.from_env(), run_dir):
        print(path)


if __name__ == "__main__":
    main()
