"""The baseline for first-frame timing: a bare Textual app with N widgets.

Run as ``python bare_app.py N``; with ``PMTUI_READY_LOG`` set it appends
``ready <monotonic> <CPU seconds>`` once its first frame is painted, exactly as pmtui does.
"""

from __future__ import annotations

import os
import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Bare(App[None]):
    def __init__(self, widgets: int) -> None:
        super().__init__()
        self.widget_count = widgets

    def compose(self) -> ComposeResult:
        yield Header()
        for i in range(max(self.widget_count - 2, 0)):
            yield Static(f"widget {i}")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._report_ready)

    def _report_ready(self) -> None:
        path = os.environ.get("PMTUI_READY_LOG")
        if path:
            with open(path, "a") as f:
                f.write(f"ready {time.monotonic()} {time.process_time()}\n")


if __name__ == "__main__":
    Bare(int(sys.argv[1]) if len(sys.argv) > 1 else 6).run()
