"""The installed pmtui paints its home from the first-screen file, and never a stale one."""

from __future__ import annotations

import subprocess
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pmtui.domain.model import Commitment, Kind, Review
from pmtui.store.repository import Store
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux

pytestmark = [pytest.mark.slow, requires_tmux()]


def opened_once(tmp_path: Path, count: int) -> tuple[Store, list[str]]:
    """A store of ``count`` reviews that pmtui has been opened on once (leaving its
    first-screen file), and the command that opens it."""
    store = Store(tmp_path / "store" / "pmtui.json")
    with store.batch() as txn:
        for i in range(count):
            created = datetime(2026, 1, 1) + timedelta(hours=i)
            txn.put(Review(title=f"review {i}", created=created, updated=created))
    argv = [pmtui_command(), "--store", str(store.path)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for(f"{count} of {count} reviews", timeout=60)
        term.wait_for(lambda s: store.layout.first_screen.exists())
        term.keys("C-q")
        assert term.exit_status() == 0
    return store, argv


def test_a_second_start_shows_what_others_saved_since(tmp_path: Path) -> None:
    store, argv = opened_once(tmp_path, 150)
    with Terminal(argv, env=app_env(tmp_path)) as term:  # painted from the file
        screen = term.wait_for("150 of 150 reviews", timeout=60)
        assert "review 149" in screen
        term.keys("C-q")
        assert term.exit_status() == 0
    newest = store.summaries()[0]
    store.update(newest.id, lambda r: setattr(r, "title", "renamed by a teammate"))
    # The file left before that save may paint the first frame; the whole read after
    # it replaces the renamed row (and nothing else).
    with Terminal(argv, env=app_env(tmp_path)) as term:
        screen = term.wait_for("renamed by a teammate", timeout=60)
        assert "review 149" not in screen and "150 of 150 reviews" in screen
        for _ in range(15):  # the whole list is there, below the first rows
            term.keys("PageDown", pause=0.05)
        term.wait_for(lambda s: "review 0 " in s)
        term.keys("C-q")
        assert term.exit_status() == 0
    store.add(Review(title="added by a teammate", created=datetime(2026, 2, 1)))
    with Terminal(argv, env=app_env(tmp_path)) as term:  # a count that changed is corrected
        screen = term.wait_for("151 of 151 reviews", timeout=60)
        assert "added by a teammate" in screen and "150 of 150" not in screen
        term.keys("C-q")
        assert term.exit_status() == 0


def test_the_first_frame_at_80x24_shows_the_whole_home_and_takes_keys_at_once(
    tmp_path: Path,
) -> None:
    """Painted from the first-screen file: the carry-over, the filters, the count, the
    newest rows and the keys, and the list has the focus (enter opens the review under it)."""
    store = Store(tmp_path / "store" / "pmtui.json")
    with store.batch() as txn:
        for i in range(60):
            created = datetime(2026, 1, 1) + timedelta(hours=i)
            late = [Commitment(deliverable="Page on queue depth", owner="ben", due=_days_ago(3))]
            txn.put(
                Review(title=f"review {i}", created=created, updated=created,
                       commitments=late if i == 59 else [])
            )  # fmt: skip
    argv = [pmtui_command(), "--store", str(store.path)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("60 of 60 reviews", timeout=60)
        term.wait_for(lambda s: store.layout.first_screen.exists())
        term.keys("C-q")
        assert term.exit_status() == 0
    with Terminal(argv, env=app_env(tmp_path)) as term:
        screen = term.wait_for("60 of 60 reviews", timeout=60)
        lines = screen.rstrip("\n").splitlines()
        assert "pmtui — blameless reviews" in lines[0]
        assert "Carry-over: 1 overdue, 0 due within a week" in screen
        assert "Page on queue depth" in screen
        assert all(word in screen for word in ("search  (/)", "any kind", "any status", "tag"))
        assert "review 59" in screen and "review 58" in screen
        assert lines[-1].startswith("n New review") and lines[-1].endswith("^p palette")
        term.keys("Down", "Enter")  # the list, not the carry-over, has the keys
        term.wait_for(lambda s: "review 58" in s and "60 of 60 reviews" not in s)
        term.keys("C-q")
        assert term.exit_status() == 0


def test_a_review_started_the_moment_the_home_screen_shows_is_saved(tmp_path: Path) -> None:
    """Painted from the first-screen file, before the store is opened: q pressed as the
    list appears starts a quick review at once, and its title typed and quit on at once is
    saved, beside every review the store held."""
    store, argv = opened_once(tmp_path, 40)
    with Terminal(argv, env=app_env(tmp_path)) as term:
        screen = term.wait_for("40 of 40 reviews", timeout=60)
        assert "review 39" in screen
        term.keys("q", pause=0)  # at once, the first frame still on screen
        term.wait_for("1 Frame", timeout=30)  # the new review, on its first stage
        term.keys("Enter")  # into the title
        term.type("Saved the moment it started")
        term.wait_for("Saved the moment it started")
        term.keys("C-q")
        assert term.exit_status() == 0
    titles = [s.title for s in Store(store.path).summaries()]
    assert titles[0] == "Saved the moment it started" and len(titles) == 41


def test_a_new_stores_first_launch_starts_a_review_at_once_and_keeps_it(tmp_path: Path) -> None:
    """A store nothing was saved to is painted without being opened: q pressed as the empty
    home appears starts a quick review, its title is saved, and the next launch lists it."""
    path = tmp_path / "store" / "pmtui.json"
    argv = [pmtui_command(), "--store", str(path)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("There are no reviews yet", timeout=60)
        term.keys("q", pause=0)  # at once, the first frame still on screen
        term.wait_for("1 Frame", timeout=30)
        term.keys("Enter")
        term.type("The first review of a new store")
        term.wait_for("The first review of a new store")
        term.keys("C-q")
        assert term.exit_status() == 0
    with Terminal(argv, env=app_env(tmp_path)) as term:
        screen = term.wait_for("1 of 1 reviews", timeout=60)
        assert "The first review of a new store" in screen
        term.keys("C-q")
        assert term.exit_status() == 0
    assert [s.title for s in Store(path).summaries()] == ["The first review of a new store"]


def _days_ago(days: int) -> date:
    return date.today() - timedelta(days=days)


def test_the_kind_filter_opens_its_list_from_the_keyboard(tmp_path: Path) -> None:
    """The filters' lists are built when first opened (not for the first frame): enter on
    the kind filter shows every kind, and the one chosen narrows the list."""
    store = Store(tmp_path / "store" / "pmtui.json")
    with store.batch() as txn:
        for i, kind in enumerate((Kind.POSTMORTEM, Kind.LESSONS, Kind.POSTMORTEM)):
            created = datetime(2026, 1, 1) + timedelta(hours=i)
            txn.put(Review(title=f"{kind.value} {i}", kind=kind, created=created, updated=created))
    argv = [pmtui_command(), "--store", str(store.path)]
    with Terminal(argv, env=app_env(tmp_path)) as term:
        term.wait_for("3 of 3 reviews", timeout=60)
        term.keys("BTab", "BTab", "BTab", pause=0.1)  # from the list back to the kind filter
        term.keys("Enter")
        screen = term.wait_for("team check-in", timeout=20)
        assert all(k in screen for k in ("blameless postmortem", "lessons-learned", "personal"))
        term.keys("Down", "Down", pause=0.1)  # past "any kind" and postmortems
        term.keys("Enter")
        screen = term.wait_for("1 of 3 reviews", timeout=20)
        assert "lessons 1" in screen and "postmortem 0" not in screen
        term.keys("C-q")
        assert term.exit_status() == 0


def _first_screen_with(term: Terminal, text: str, timeout: float = 60.0) -> str:
    """The first screen captured that shows ``text`` (captured as often as tmux allows)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = term.screen()
        if text in screen:
            return screen
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {text!r}; the screen:\n{term.screen()}")


def test_incidents_without_a_review_show_with_the_first_rows_and_a_teammates_new_one_next(
    tmp_path: Path,
) -> None:
    """A store with an overdue incident: its backlog line is on the screen that first shows
    the list (the frame counts incidents from the incidents file, without the store); a
    teammate logs another from their shell, and the next launch counts it from the start."""
    _store, argv = opened_once(tmp_path, 30)
    env = app_env(tmp_path)
    log = [*argv, "log", "--sev", "3", "--at", f"{_days_ago(9).isoformat()} 09:00"]
    subprocess.run([*log, "queue backed up"], env=env, check=True, capture_output=True)
    with Terminal(argv, env=env) as term:  # leaves the first-screen file with the incident
        term.wait_for("1 incident without a review", timeout=60)
        term.keys("C-q")
        assert term.exit_status() == 0
    with Terminal(argv, env=env) as term:
        screen = _first_screen_with(term, "30 of 30 reviews")
        words = " ".join(screen.split())  # the line may wrap at 80 columns
        assert "1 incident without a review, 9 days old (1 overdue); x lists them." in words
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("C-q")
        assert term.exit_status() == 0
    teammate = app_env(tmp_path, USER="bo")
    subprocess.run(
        [*argv, "log", "--sev", "2", "checkout 502s after deploy"],
        env=teammate,
        check=True,
        capture_output=True,
    )
    with Terminal(argv, env=env) as term:
        screen = _first_screen_with(term, "30 of 30 reviews")
        words = " ".join(screen.split())
        assert "2 incidents without a review, oldest 9 days (1 overdue)" in words
        term.keys("x")  # and the list of them has both
        screen = term.wait_for("checkout 502s after deploy")
        assert "queue backed up" in screen
        term.keys("C-q")
        assert term.exit_status() == 0
