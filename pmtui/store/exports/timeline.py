"""Reading the file a timeline is imported from: a log, a chat copy, a CSV, a Slack export.

The same bounds as ``pmtui import`` (a regular file, at most 256 MB), and a
Slack channel's export folder (one JSON file per day) read as one list of
messages. Bytes that are not UTF-8 become U+FFFD: a log with one stray byte
is still worth importing. Parsing is :mod:`pmtui.domain.timeline_import`.
"""

from __future__ import annotations

import json
from pathlib import Path

from pmtui.store.exports.importer import read_bounded


def decode(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


def read_source(path: Path) -> tuple[str, str]:
    """The text at ``path`` and what the facts' evidence calls it; raises ``OSError``."""
    if path.is_dir():
        messages: list[object] = []
        for day in sorted(path.glob("*.json")):
            try:
                doc = json.loads(decode(read_bounded(day)))
            except ValueError:
                continue  # not a day of the export (users.json is a list too, but of people)
            if isinstance(doc, list):
                messages += [m for m in doc if isinstance(m, dict) and "ts" in m]
        if not messages:
            raise OSError(f"{path} holds no Slack messages (one JSON file per day)")
        return json.dumps(messages), f"Slack #{path.resolve().name}"
    return decode(read_bounded(path)), path.name
