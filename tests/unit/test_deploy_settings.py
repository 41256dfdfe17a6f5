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
