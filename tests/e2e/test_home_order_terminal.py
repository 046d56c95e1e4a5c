"""The installed pmtui lists reviews by the day they happened, newest first, at 80x24.

Found by a newcomer: the list's date column shows when a review happened, but
the list was ordered by when each review was entered, so an old outage
written up late stood above last night's incident.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from pmtui.domain.model import Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]


def listed(screen: str, titles: list[str]) -> list[str]:
    """The ``titles`` in the order the screen shows them."""
    lines = screen.splitlines()
    return [title for line in lines for title in titles if title in line]


def test_the_list_is_newest_first_by_the_day_it_happened_live_and_after_a_restart(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "store" / "pmtui.json")
    for title, happened, created in (
        ("Disk full on the build host", "2026-11-27 09:00", datetime(2026, 11, 27, 10)),
        ("Old outage written up late", "2026-10-02", datetime(2026, 11, 29, 9)),
        ("Payments timeout", "2026-11-28 16:30", datetime(2026, 11, 28, 17)),
    ):
        tags = [] if "Old" in title else ["ops"]
        store.add(
            Review(title=title, happened=happened, created=created, updated=created, tags=tags)
        )
    titles = [
        "Payments timeout",
        "Queue backed up",
        "Disk full on the build host",
        "Old outage written up late",
    ]
    argv = [pmtui_command(), "--store", str(store.path)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        screen = term.wait_for("3 of 3 reviews", timeout=60)
        assert listed(screen, titles) == [titles[0], titles[2], titles[3]]
        assert re.search(r"Old outage written up late +2026-10-02 ", screen)  # its date column
        # A teammate saves a review that happened the same day as the disk, entered later.
        Store(store.path).add(
            Review(title="Queue backed up", happened="2026-11-27 22:00", tags=["ops"])
        )
        screen = term.wait_for("4 of 4 reviews", timeout=30)
        assert listed(screen, titles) == titles
        term.wait_for(lambda s: store.layout.first_screen.exists())
        term.keys("C-q")
        assert term.exit_status() == 0
    with Terminal(argv, env=app_env(tmp_path)) as term:  # the first frame, from its file
        screen = term.wait_for("4 of 4 reviews", timeout=60)
        assert listed(screen, titles) == titles
        term.keys("t")  # the tag filter
        term.type("ops")
        screen = term.wait_for("3 of 4 reviews")
        assert listed(screen, titles) == titles[:3]
        term.keys("C-q")
        assert term.exit_status() == 0
