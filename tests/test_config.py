"""Settings: the layers (defaults < file < environment < flags) and the hand-over to other processes."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from parley.config import Settings, load_settings, settings_environment
from parley.errors import ConfigError


def test_layers_apply_in_order(tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text('[parley]\ndb = "sqlite:///from-file.db"\nfetch_timeout = 3\nmax_redirects = 2\n')
    environ = {"PARLEY_FETCH_TIMEOUT": "7.5", "PARLEY_FETCH_FEED_ITEMS": "off"}
    settings = load_settings(config, environ, max_redirects=9)
    assert settings.db == "sqlite:///from-file.db"  # file over default
    assert settings.fetch_timeout == 7.5  # environment over file
    assert settings.fetch_feed_items is False
    assert settings.max_redirects == 9  # flag over file


def test_settings_survive_the_trip_through_the_environment() -> None:
    # every field changed from its default, so that a field the hand-over forgot would come back default
    changed = Settings(
        db="postgresql+psycopg://team@db.example.org/parley",
        user_agent="tracker/1 (desk)",
        fetch_timeout=4.5,
        max_document_bytes=1234,
        fetch_deadline=9.0,
        max_redirects=1,
        politeness_delay=0.25,
        near_duplicate_threshold=0.75,
        fetch_feed_items=False,
        allow_private_addresses=False,
    )
    for f in fields(Settings):
        assert getattr(changed, f.name) != f.default, f"the test must change {f.name}"
    environ = settings_environment(changed)
    assert set(environ) == {f"PARLEY_{f.name.upper()}" for f in fields(Settings)}
    assert load_settings(None, environ) == changed


def test_a_bad_value_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="max_redirects"):
        load_settings(None, {"PARLEY_MAX_REDIRECTS": "many"})
