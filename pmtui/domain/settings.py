"""The user's own settings: ``config.toml`` in pmtui's config directory.

Two choices live here. How the app syncs a store set up with ``pmtui sync
--init``::

    sync = "auto"      # the app syncs on start and about every minute
    sync = "manual"    # the default: only `pmtui sync` or the palette's "Sync now"

Nothing syncs behind the user's back unless they write ``sync = "auto"``
(``sync = auto``, unquoted, is read the same way). And whether a text
cursor blinks::

    blink = false      # a steady cursor: nothing is redrawn while nobody types
    blink = true       # a blinking cursor, also over SSH

Without the line the cursor blinks in a local terminal and stays steady over
SSH (``SSH_CONNECTION`` set): every blink is a redraw sent across the link.
``PMTUI_BLINK=0`` (or ``1``) in the environment decides before the file does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from pmtui.domain.config_files import ConfigFileError, read_toml

FILE = "config.toml"
SYNC_MODES = ("manual", "auto")
BLINK_ENV = "PMTUI_BLINK"
"""``0``/``off``/``no``/``false`` or ``1``/``on``/``yes``/``true``: blinking, before config.toml."""
_WORDS = {
    "1": True,
    "on": True,
    "yes": True,
    "true": True,
    "0": False,
    "off": False,
    "no": False,
    "false": False,
}


class SettingsError(ConfigFileError):
    """The settings file holds something pmtui cannot use; the message says what."""


class Settings(NamedTuple):
    """config.toml as read (a named tuple: read as the app starts, where a dataclass costs
    building its methods)."""

    sync: str = "manual"
    blink: bool | None = None
    """``blink = true/false`` in the file; ``None`` when it does not say."""

    @property
    def auto_sync(self) -> bool:
        return self.sync == "auto"

    def cursor_blinks(self, environ: Mapping[str, str]) -> bool:
        """Whether a text cursor blinks: ``$PMTUI_BLINK``, else the file, else not over SSH."""
        said = _WORDS.get(environ.get(BLINK_ENV, "").strip().lower())
        if said is not None:
            return said
        if self.blink is not None:
            return self.blink
        return not environ.get("SSH_CONNECTION")


def load_settings(config_dir: Path) -> Settings:
    """The settings in ``config_dir`` (defaults when there is no file)."""
    path = config_dir / FILE
    if not path.is_file():
        return Settings()
    try:
        data = read_toml(path, SettingsError)
    except SettingsError:
        data = _bare_words(path)  # `sync = auto`, as people write it, is not valid TOML
    mode = data.get("sync", "manual")
    if mode not in SYNC_MODES:
        raise SettingsError(path, "sync", f'"manual" or "auto", not {mode!r}')
    blink = data.get("blink")
    if isinstance(blink, str):
        blink = _WORDS.get(blink.lower(), blink)
    if blink is not None and not isinstance(blink, bool):
        raise SettingsError(path, "blink", f"true or false, not {blink!r}")
    return Settings(sync=mode, blink=blink)


def _bare_words(path: Path) -> dict[str, object]:
    """``sync = auto`` and ``blink = off`` as people write them (not valid TOML)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    found = dict(re.findall(r"(?m)^\s*(sync|blink)\s*=\s*\"?([A-Za-z]+)\"?\s*(?:#.*)?$", text))
    if not found:
        return read_toml(path, SettingsError)  # report the file's real problem
    return dict(found)
