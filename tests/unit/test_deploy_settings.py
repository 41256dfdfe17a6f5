"""The serving stack's settings (deploy/render.py): read from the environment, and what the
health-check settings promise."""

from __future__ import annotations

import pytest

from deploy.render import Settings


def test_health_checks_are_set_in_milliseconds_and_bound_a_freeze() -> None:
    settings = Settings.from_env({"CHECK_INTERVAL_MS": "400", "CHECK_TIMEOUT_MS": "200", "CHECK_FALL": "3"})
    assert (settings.check_interval_ms, settings.check_timeout_ms, settings.check_fall) == (400, 200, 3)
    assert settings.check_fastinter_ms == 200
    # The next check after 0.4 s and its 0.2 s, then two more at 0.2 s with 0.2 s each.
    assert settings.detection_s == pytest.approx(1.4)
    assert Settings().detection_s == pytest.approx(1.25)


@pytest.mark.parametrize(
    ("old", "new"), [("CHECK_INTERVAL", "CHECK_INTERVAL_MS"), ("CHECK_TIMEOUT", "CHECK_TIMEOUT_MS")]
)
def test_a_setting_by_its_old_name_in_seconds_is_an_error_naming_the_new_one(old: str, new: str) -> None:
    with pytest.raises(ValueError, match=f"{old} is now {new}, in milliseconds"):
        Settings.from_env({old: "1"})


def test_public_replicas_show_no_error_details_and_accept_only_the_served_hosts(tmp_path) -> None:
    from deploy.render import render_supervisord

    conf = render_supervisord(Settings(served_hosts="map.example.org"), tmp_path)
    commands = [
        line for line in conf.splitlines() if line.startswith("command=") and "deploy.replica" in line
    ]
    assert len(commands) == 3
    for command in commands:
        assert " --client.showErrorDetails none" in command
        hosts = command.split("--server.allowedHosts ")[1:]
        assert [h.split()[0] for h in hosts] == ["map.example.org", "127.0.0.1"]
        # Pings less often than the proxy closes an idle websocket, or none would ever be idle.
        assert (
            int(command.split("--server.websocketPingInterval ")[1].split()[0])
            > Settings().stream_idle_seconds
        )


def test_every_per_client_counter_keys_an_ipv6_client_by_its_64(tmp_path) -> None:
    from deploy.render import render_haproxy

    config = render_haproxy(Settings(), tmp_path)
    keys = [line.split("track-sc")[1].split()[1] for line in config.splitlines() if "track-sc" in line]
    by_client = [key for key in keys if key.startswith("src")]
    # connections, page loads, downloads, websockets; the stack's admission counter is one entry
    assert by_client == ["src,ipmask(32,64)"] * 4, keys


def test_behind_tls_every_response_asks_for_https_and_every_cookie_is_secure(tmp_path) -> None:
    import shutil
    import subprocess

    from deploy.render import content_security_policy, render, security_headers

    plain = Settings()
    assert "Strict-Transport-Security" not in security_headers(plain)
    assert "upgrade-insecure-requests" not in content_security_policy(plain)

    pem = tmp_path / "map.pem"
    settings = Settings.from_env({"TLS_CERT": str(pem), "SERVED_HOSTS": "map.example.org"})
    assert settings.tls_edge
    assert security_headers(settings)["Strict-Transport-Security"] == "max-age=31536000"
    assert content_security_policy(settings).endswith("; upgrade-insecure-requests")
    assert "https://map.example.org" in settings.origins()
    haproxy, _ = render(settings, tmp_path / "run")
    config = haproxy.read_text()
    assert f"ssl crt {pem}" in config
    assert "replace-header Set-Cookie '^(.*)$' '\\1; Secure'" in config
    assert (
        "Strict-Transport-Security: max-age=31536000"
        in (tmp_path / "run" / "errors" / "400.http").read_text()
    )
    if not (shutil.which("haproxy") and shutil.which("openssl")):
        pytest.skip("haproxy or openssl not installed (make proxy)")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=map.example.org"),
            *("-days", "1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    pem.write_text(cert.read_text() + key.read_text())
    checked = subprocess.run(
        ["haproxy", "-c", "-f", str(haproxy)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
