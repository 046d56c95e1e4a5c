"""Presence records: heartbeats, staleness, leaving, odd names and unwritable stores."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

from pmtui.store.presence import BEAT_EVERY, DIRNAME, STALE_AFTER, Presence
from pmtui.store.shared import prepare


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_two_apps_see_each_other_and_themselves(tmp_path: Path) -> None:
    clock = Clock()
    ana = Presence(tmp_path, "r1", "ana", pid=11, clock=clock)
    ben = Presence(tmp_path, "r1", "ben", pid=12, clock=clock)
    ana.beat()
    ben.beat()
    assert ana.users() == ["ana", "ben"]
    assert [h.pid for h in ben.here()] == [11, 12]
    assert Presence(tmp_path, "r2", "cy", clock=clock).users() == []


def test_one_user_in_two_terminals_is_listed_once(tmp_path: Path) -> None:
    clock = Clock()
    Presence(tmp_path, "r1", "ana", pid=1, clock=clock).beat()
    Presence(tmp_path, "r1", "ana", pid=2, clock=clock).beat()
    assert Presence(tmp_path, "r1", "ben", pid=3, clock=clock).users() == ["ana"]


def test_ones_other_sessions_are_counted_apart_from_this_app(tmp_path: Path) -> None:
    """Two SSH logins of one account: each app sees the other, by its own record.

    The other login is a live process of this host other than this one and pid 1 (the
    browser's here): the parent would not do, since a test run whose parent has exited
    has pid 1 for a parent."""
    clock = Clock()
    with subprocess.Popen(["sleep", "60"]) as other:
        try:
            one = Presence(tmp_path, "r1", "ana", pid=os.getpid(), clock=clock)
            two = Presence(tmp_path, "r1", "ana", pid=other.pid, clock=clock)  # alive, here
            browser = Presence(tmp_path, "r1", "ana", pid=1, clock=clock, via="browser")
            ben = Presence(tmp_path, "r1", "ben", pid=other.pid, clock=clock)
            one.beat()
            assert one.elsewhere(one.here()) == 0
            two.beat()
            ben.beat()
            assert one.elsewhere(one.here()) == 1 and two.elsewhere(two.here()) == 1
            assert ben.elsewhere(ben.here()) == 0
            browser.beat()  # shown as "ana (browser)", a name of its own
            assert one.elsewhere(one.here()) == 1
            two.leave()
            assert one.elsewhere(one.here()) == 0
        finally:
            other.kill()


def test_a_record_keeps_the_fields_older_pmtuis_read(tmp_path: Path) -> None:
    ana = Presence(tmp_path, "r1", "ana", pid=7)
    ana.beat()
    record = json.loads(ana.path.read_text())
    assert {"user", "pid", "host", "seen"} <= set(record)
    assert ana.path.name == "ana-7.json"


def test_beats_are_throttled_and_stale_records_drop_out(tmp_path: Path) -> None:
    clock = Clock()
    ana = Presence(tmp_path, "r1", "ana", pid=1, clock=clock)
    ben = Presence(tmp_path, "r1", "ben", pid=2, clock=clock)
    assert ana.beat()
    assert not ana.beat()  # too soon
    clock.now += BEAT_EVERY
    assert ana.beat()
    ben.beat()
    clock.now += STALE_AFTER + 1  # ana's app was killed; ben keeps beating
    ben.beat()
    assert ben.users() == ["ben"]
    assert not ana.path.exists()  # the leftover was cleaned up


def test_leave_removes_the_record(tmp_path: Path) -> None:
    ana = Presence(tmp_path, "r1", "ana")
    ana.beat()
    ana.leave()
    assert ana.users() == []
    assert not (tmp_path / DIRNAME / "r1").exists()


def test_names_cannot_escape_the_presence_directory(tmp_path: Path) -> None:
    p = Presence(tmp_path, "../../etc", "../root", pid=5)
    p.beat()
    assert p.path.resolve().is_relative_to((tmp_path / DIRNAME).resolve())
    assert p.users() == ["../root"]  # the name itself is kept as data


def test_garbage_records_are_ignored(tmp_path: Path) -> None:
    p = Presence(tmp_path, "r1", "ana", pid=1)
    p.beat()
    (p.directory / "junk-9.json").write_text("{not json")
    (p.directory / "half-8.json").write_text('{"user": "x"}')
    assert p.users() == ["ana"]


def test_an_unwritable_store_never_breaks_anything(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    p = Presence(blocked, "r1", "ana")
    assert p.beat() is False
    assert p.users() == []
    p.leave()


def test_records_in_a_team_store_are_group_readable(tmp_path: Path) -> None:
    shared = prepare(tmp_path / "team")
    p = Presence(shared.directory, "r1", "ana")
    p.beat()
    assert stat.S_IMODE(os.stat(p.path).st_mode) == 0o660
    assert stat.S_IMODE(os.stat(p.directory).st_mode) == 0o2770
    assert stat.S_IMODE(os.stat(p.root).st_mode) == 0o2770


def test_a_browser_session_shows_as_its_user_with_browser(tmp_path: Path) -> None:
    from pmtui.cli import build_parser

    Presence(tmp_path, "r1", "ana", pid=os.getpid()).beat()
    served = Presence(tmp_path, "r1", "ana", pid=os.getpid() + 1, via="browser")
    served.beat()
    assert served.label == "ana (browser)"
    assert served.users() == ["ana", "ana (browser)"]
    args = build_parser("app").parse_args(["--as", "ana", "app", "--browser"])
    assert args.browser and args.user == "ana"
