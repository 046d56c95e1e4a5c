"""The user's own settings: ``config.toml`` in pmtui's config directory.

Today it holds one choice, how the app syncs a store set up with ``pmtui
sync --init``::

    sync = "auto"      # the app syncs on start and about every minute
    sync = "manual"    # the default: only `pmtui sync` or the palette's "Sync now"

Nothing syncs behind the user's back unless they write ``sync = "auto"``
(``sync = auto``, unquoted, is read the same way).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pmtui.domain.config_files import ConfigFileError, read_toml

FILE = "config.toml"
SYNC_MODES = ("manual", "auto")


class SettingsError(ConfigFileError):
    """The settings file holds something pmtui cannot use; the message says what."""


@dataclass(frozen=True)
class Settings:
    sync: str = "manual"

    @property
    def auto_sync(self) -> bool:
        return self.sync == "auto"


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
    return Settings(sync=mode)


def _bare_words(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8", errors="replace")
    found = re.search(r"(?m)^\s*sync\s*=\s*([A-Za-z]+)\s*(?:#.*)?$", text)
    if found is None:
        return read_toml(path, SettingsError)  # report the file's real problem
    return {"sync": found.group(1)}
