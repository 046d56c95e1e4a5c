"""The installed pmtui's follow-up view answers from its file, and never from a stale one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Commitment, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]


def _review(i: int, today: date) -> Review:
    created = datetime.combine(today - timedelta(days=60 + i), datetime.min.time())
    return Review(
        title=f"review {i}",
        created=created,
        updated=created,
        follow_up_on=today - timedelta(days=1 + i),
        commitments=[
            Commitment(deliverable=f"fix {i}", owner="ana", due=today + timedelta(days=i - 20))
        ],
    )


@contextmanager
def _follow_up_view(
    argv: list[str], tmp_path: Path, listed: str, counts: str
) -> Iterator[Terminal]:
    """pmtui started, its home list shown, then ``f``: the view with ``counts``; quit after."""
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for(listed, timeout=60)
        term.keys("f")
        term.wait_for(counts, timeout=60)
        yield term
        term.keys("C-q")
        assert term.exit_status() == 0


def _first_view(store: Store, argv: list[str], tmp_path: Path, listed: str, counts: str) -> int:
    """Open the follow-up view once (it writes its file after showing); the file's mtime."""
    with _follow_up_view(argv, tmp_path, listed, counts) as term:
        term.wait_for(lambda _screen: store.layout.follow_up.exists())
    return store.layout.follow_up.stat().st_mtime_ns


def test_the_follow_up_view_comes_from_its_file_which_follows_saves(tmp_path: Path) -> None:
    today = date.today()
    store = Store(tmp_path / "store" / "pmtui.json")
    with store.batch() as txn:
        for i in range(30):
            txn.put(_review(i, today))
    argv = [pmtui_command(), "--store", str(store.path)]
    counts = "20 overdue · 8 due soon · 2 later · 30 reviews ready for a follow-up"
    written = _first_view(store, argv, tmp_path, "30 of 30 reviews", counts)
    with _follow_up_view(argv, tmp_path, "30 of 30 reviews", counts):
        pass  # answered from the file
    assert store.layout.follow_up.stat().st_mtime_ns == written, "read, not written again"
    late = _review(40, today)
    late.title = "added by a teammate"
    Store(store.path).add(late)
    followed = store.layout.follow_up.stat().st_mtime_ns
    assert followed != written, "the teammate's save brought the file up to date"
    after = "20 overdue · 8 due soon · 3 later · 31 reviews ready"
    with _follow_up_view(argv, tmp_path, "31 of 31 reviews", after):
        pass  # the teammate's review is counted: its commitment is due later
    assert store.layout.follow_up.stat().st_mtime_ns == followed, "answered from the file"


def test_a_big_board_from_the_file_scrolls_to_its_last_row_and_opens_it(tmp_path: Path) -> None:
    today = date.today()
    store = Store(tmp_path / "store" / "pmtui.json")
    with store.batch() as txn:
        for i in range(230):
            review = _review(i, today)
            review.title = f"review {i:03}"
            review.follow_up_on = today + timedelta(days=30)
            review.commitments[0].deliverable = f"fix {i:03}"
            review.commitments[0].due = today - timedelta(days=1 + i)
            txn.put(review)
    argv = [pmtui_command(), "--store", str(store.path)]
    counts = "230 overdue · 0 due soon · 0 later · 0 reviews ready"
    written = _first_view(store, argv, tmp_path, "230 of 230 reviews", counts)
    with _follow_up_view(argv, tmp_path, "230 of 230 reviews", counts) as term:  # from the file
        assert "fix 229" in term.screen()
        term.keys(*["NPage"] * 15)
        term.wait_for("fix 030")
        assert "fix 029" not in term.screen(), "each group shows its first 200"
        term.keys("Enter")
        term.wait_for(lambda s: "review 030" in s and "fix 229" not in s, timeout=30)
        term.keys("Escape")
        term.wait_for(counts, timeout=30)
    assert store.layout.follow_up.stat().st_mtime_ns == written, "read, not written again"
