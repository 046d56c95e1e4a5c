"""Where pmtui keeps things: the store, its backups, the config directory.

Nothing here creates a directory at import time; the store creates its own
directory on the first write, with private permissions.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "pmtui"
STORE_ENV = "PMTUI_STORE"
CONFIG_ENV = "PMTUI_CONFIG_DIR"
KEY_DIR_ENV = "PMTUI_KEY_DIR"
STORE_FILE = "pmtui.json"


def data_dir() -> Path:
    import platformdirs  # only when no store was named: most runs never need it

    return platformdirs.user_data_path(APP, appauthor=False)


def key_dir() -> Path:
    """This account's private-round keys: ``$PMTUI_KEY_DIR``, else ``keys/`` in the data dir.

    Never inside the store: the store is shared with the team, the keys are not.
    """
    override = os.environ.get(KEY_DIR_ENV)
    if override:
        return Path(override).expanduser().absolute()
    return data_dir() / "keys"


def config_dir() -> Path:
    """The config directory: ``$PMTUI_CONFIG_DIR`` or the platform's user config dir."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser().absolute()
    import platformdirs

    return platformdirs.user_config_path(APP, appauthor=False)


def store_path(flag: str | os.PathLike[str] | None = None) -> Path:
    """The store file: ``--store``, else ``$PMTUI_STORE``, else the user data dir.

    A directory (an existing one, or a path ending in a separator) means the
    ``pmtui.json`` inside it, so a team can point at a shared directory.
    """
    raw = os.fspath(flag) if flag else os.environ.get(STORE_ENV) or ""
    if not raw:
        return data_dir() / STORE_FILE
    path = Path(raw).expanduser()
    if path.is_dir() or raw.endswith(os.sep):
        path = path / STORE_FILE
    # Resolve once, so a store reached through a symlinked directory keeps
    # working while the store's own files are never written through links.
    return path.parent.resolve() / path.name
