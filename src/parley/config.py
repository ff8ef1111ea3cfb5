"""Settings: one declared table, layered defaults < file < environment < flags.

Every setting is a field of `Settings` with its help text and environment variable in the field's
metadata; the README's settings table is checked against this declaration by `tests/test_docs.py`.
The file is `parley.toml` in the working directory, or the path in `PARLEY_CONFIG`; it holds the same
names as top-level keys (or under a `[parley]` table).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from parley import __version__
from parley.errors import ConfigError

DEFAULT_USER_AGENT = f"parley/{__version__} (news tracker; +https://pypi.org/project/parley/)"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = _setting("sqlite:///parley.db", "Store URL: a SQLite file (default) or postgresql+psycopg://…")
    user_agent: str = _setting(DEFAULT_USER_AGENT, "User-Agent sent with every HTTP request")
    fetch_timeout: float = _setting(20.0, "Seconds to wait for a server (connect and each read)")
    max_document_bytes: int = _setting(
        20_000_000, "Largest page, file or record accepted, in bytes (also the cap on decompressed gzip)"
    )
    fetch_deadline: float = _setting(
        60.0, "Seconds a whole response may take (guards against trickling servers)"
    )
    max_redirects: int = _setting(5, "Redirects followed before a fetch fails")
    politeness_delay: float = _setting(1.0, "Least seconds between two requests to the same host")
    near_duplicate_threshold: float = _setting(
        0.6, "Estimated Jaccard similarity (word 3-shingles) from which two articles are near-duplicates"
    )
    fetch_feed_items: bool = _setting(
        True, "Fetch the page of each feed item; when false, ingest the text the feed itself carries"
    )
    allow_private_addresses: bool = _setting(
        True, "Allow fetching from private and loopback addresses (the API turns this off for its writes)"
    )

    def with_overrides(self, **overrides: Any) -> Settings:
        """Flags: apply the values the user gave (None means 'not given')."""
        given = {k: v for k, v in overrides.items() if v is not None}
        unknown = set(given) - {f.name for f in fields(self)}
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **given)


def env_name(name: str) -> str:
    return "PARLEY_" + name.upper()


def settings_environment(settings: Settings) -> dict[str, str]:
    """`settings` as PARLEY_* variables, which `load_settings` reads back to equal settings: how a process
    started by another (a server's worker) gets the settings its parent resolved from file and flags."""
    return {
        env_name(f.name): str(getattr(settings, f.name)).lower()
        if isinstance(getattr(settings, f.name), bool)
        else str(getattr(settings, f.name))
        for f in fields(Settings)
    }


def setting_docs() -> list[tuple[str, str, Any, str]]:
    """(name, environment variable, default, help) of every setting, in declaration order."""
    return [(f.name, env_name(f.name), f.default, f.metadata["help"]) for f in fields(Settings)]


def _coerce(name: str, value: Any, kind: Any) -> Any:
    target = {"str": str, "float": float, "int": int, "bool": bool}[
        kind if isinstance(kind, str) else kind.__name__
    ]
    if target is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"setting {name}: expected true/false, got {value!r}")
    try:
        return target(value)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {name}: expected {target.__name__}, got {value!r}") from None


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    table = data.get("parley", data)
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [parley] must be a table")
    return table


def load_settings(
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Build the settings: defaults, then the config file, then PARLEY_* variables, then flags."""
    environ = os.environ if environ is None else environ
    declared = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    path = config_file or (Path(environ["PARLEY_CONFIG"]) if environ.get("PARLEY_CONFIG") else None)
    if path is None and Path("parley.toml").is_file():
        path = Path("parley.toml")
    if path is not None:
        for key, value in _read_file(path).items():
            if key not in declared:
                raise ConfigError(f"config file {path}: unknown setting {key!r}")
            values[key] = _coerce(key, value, declared[key].type)
    for name, f in declared.items():
        if env_name(name) in environ:
            values[name] = _coerce(name, environ[env_name(name)], f.type)
    for name, value in flags.items():
        if value is not None:
            if name not in declared:
                raise ConfigError(f"unknown setting {name!r}")
            values[name] = _coerce(name, value, declared[name].type)
    return Settings(**values)
