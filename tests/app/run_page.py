"""Running a page of the app in `streamlit.testing` as a link would open it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str | None = None, timeout: float = 120, **params: str | list[str]) -> AppTest:
    """app.py with these query parameters, switched to `page` (a pages/ script) if given;
    fails the test if the run raised."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for name, value in params.items():
        at.query_params[name] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, (page, params, [e.value for e in at.exception])
    return at
