"""Reading the TOML files pmtui ships and a team may override (coach words, templates)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class ConfigFileError(ValueError):
    """A file is unreadable or holds something it cannot; the message names the file and key."""

    def __init__(self, path: Path | str, field: str, expected: str) -> None:
        where = f"{path}: {field}" if field else str(path)
        super().__init__(f"{where}: {expected}")
        self.path = str(path)
        self.field = field
        self.expected = expected


def read_toml(path: Path, error: type[ConfigFileError]) -> dict[str, Any]:
    """The TOML document at ``path``; an unreadable or invalid file raises ``error``."""
    import tomllib  # here: most starts have no policy or settings file to read

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise error(path, "", f"is not valid TOML ({exc})") from exc
    except OSError as exc:
        raise error(path, "", f"cannot be read ({exc})") from exc
