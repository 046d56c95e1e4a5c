"""The baseline of the SSH figures: a bare Textual app with one Input.

Run as ``python bare_input.py``: a header, one focused Input and a footer,
nothing else. With ``PMTUI_READY_LOG`` set it appends ``ready <monotonic> <CPU seconds>``
once its first frame is painted, exactly as pmtui does.
"""

from __future__ import annotations

import os
import time

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input


class BareInput(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Title")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._report_ready)

    def _report_ready(self) -> None:
        path = os.environ.get("PMTUI_READY_LOG")
        if path:
            with open(path, "a") as f:
                f.write(f"ready {time.monotonic()} {time.process_time()}\n")


if __name__ == "__main__":
    BareInput().run()
