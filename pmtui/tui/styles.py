"""Where the app's look comes from: the .tcss files and the remembered theme.

In an installed wheel the stylesheets sit in ``pmtui/styles`` (hatch
force-includes the repository's top-level ``styles/`` there); in a source
checkout they are in ``<repo>/styles``. The chosen theme is kept in
``<config dir>/settings.json``, written atomically and only when a theme is
chosen, so merely running pmtui never creates files.

The app reads only the global sheet and the home screen's as it starts;
every other screen names its sheets in ``CSS_PATH`` (with :func:`sheets`),
and Textual reads them when that screen is first shown.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any

import pmtui
from pmtui.store.atomic import atomic_write, ensure_dir

STARTUP = ("app", "home")
"""The sheets the app reads as it starts; every other screen names its own in
``CSS_PATH`` (see :func:`sheets`), read when that screen is first shown."""

SETTINGS_FILE = "settings.json"
DEFAULT_THEME = "textual-dark"


def styles_dir() -> Path:
    """The directory holding the .tcss files, installed or in a checkout."""
    package = Path(pmtui.__file__).parent
    installed = package / "styles"
    if installed.is_dir():
        return installed
    return package.parent / "styles"


def stylesheets() -> list[Path]:
    """Every stylesheet, those that exist, in cascade order (for harnesses showing any screen).

    Other screens' sheets (follow-up, insights...) are picked up too, after
    the known ones, so a new screen only has to add its file.
    """
    from pmtui.domain.stages import STAGES  # the registry: not read as the app starts

    # One global sheet, then one per screen or stage; later sheets win ties.
    names = ("app", "home", "new_review", "review", *(s.stylesheet for s in STAGES))
    directory = styles_dir()
    known = [directory / f"{name}.tcss" for name in names]
    extra = sorted(p for p in directory.glob("*.tcss") if p not in known)
    return [p for p in known if p.is_file()] + extra


def sheets(*names: str) -> list[str | PurePath]:
    """The named stylesheets that exist, for an app's or a screen's ``CSS_PATH``."""
    directory = styles_dir()
    return [p for p in (directory / f"{name}.tcss" for name in names) if p.is_file()]


def read_settings(config_dir: Path) -> dict[str, Any]:
    """The saved settings, or ``{}`` when there are none or they cannot be read."""
    try:
        data = json.loads((config_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def saved_theme(config_dir: Path) -> str | None:
    theme = read_settings(config_dir).get("theme")
    return theme if isinstance(theme, str) and theme else None


def save_theme(config_dir: Path, theme: str) -> None:
    """Remember ``theme``, keeping any other settings in the file."""
    settings = read_settings(config_dir)
    if settings.get("theme") == theme:
        return
    settings["theme"] = theme
    ensure_dir(config_dir, 0o700)
    payload = json.dumps(settings, indent=2, sort_keys=True).encode() + b"\n"
    atomic_write(config_dir / SETTINGS_FILE, payload, 0o600)
