"""The workbench refuses to load outside curator mode and without the launch token (curate.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from curator.gate import TOKEN_ENV

CURATE = str(Path(__file__).resolve().parents[2] / "curate.py")
TOKEN = "launch-token-for-this-test"


def run(token: str | None) -> AppTest:
    at = AppTest.from_file(CURATE, default_timeout=120)
    if token is not None:
        at.query_params["token"] = token
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_outside_curator_mode_the_workbench_refuses_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    at = run(TOKEN)
    assert [e.value for e in at.error] == [
        "The workbench runs only in curator mode, started with `make curate`."
    ]
    assert not at.title


@pytest.mark.parametrize("token", [None, "", "a-wrong-token"])
def test_without_the_launch_token_it_refuses_to_load(monkeypatch: pytest.MonkeyPatch, token) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    at = run(token)
    assert "needs the token printed by `make curate`" in at.error[0].value
    assert not at.title


def test_with_the_token_it_loads_and_drops_the_token_from_the_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    at = run(TOKEN)
    assert not at.error
    assert at.title[0].value == "Draft a record"  # the workbench's landing page drew
    assert "token" not in at.query_params
    at.run()  # the session stays admitted once the token has left the address bar
    assert not at.error
