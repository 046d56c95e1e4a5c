"""The quick review a Ctrl-C stopped, kept beside the store to be offered again."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pmtui.store.layout import Layout
from pmtui.store.quick_draft import (
    StoppedQuick,
    forget_stopped,
    keep_stopped,
    read_stopped,
    stopped_title,
)

STOPPED = StoppedQuick("3f2a", 2, "The deploy hung", {"what": "The deploy hung"})


def test_kept_read_and_forgotten_per_person(tmp_path: Path) -> None:
    layout = Layout.for_store(tmp_path / "pmtui.json")
    assert read_stopped(layout, "ana") is None
    keep_stopped(layout, "ana", STOPPED)
    assert read_stopped(layout, "ana") == STOPPED
    assert stopped_title(layout, "ana") == "The deploy hung"  # read without the answers
    assert read_stopped(layout, "ben") is None  # each person's own
    mode = stat.S_IMODE(os.stat(layout.stopped_quick("ana")).st_mode)
    assert mode == 0o600  # the answers are private until the review is finished
    forget_stopped(layout, "ana")
    forget_stopped(layout, "ana")  # twice is fine
    assert read_stopped(layout, "ana") is None
    assert stopped_title(layout, "ana") is None


def test_a_title_on_two_lines_is_kept_on_one(tmp_path: Path) -> None:
    layout = Layout.for_store(tmp_path / "pmtui.json")
    keep_stopped(layout, "ana", StoppedQuick("3f2a", 1, "Deploy\nhung", {}))
    assert stopped_title(layout, "ana") == "Deploy hung"
    stopped = read_stopped(layout, "ana")
    assert stopped is not None and stopped.title == "Deploy\nhung"


def test_a_damaged_or_foreign_file_is_no_draft_to_offer(tmp_path: Path) -> None:
    layout = Layout.for_store(tmp_path / "pmtui.json")
    path = layout.stopped_quick("ana")
    for text in ("{", "[]", '{"version": 1}', '{"version": 9, "user": "ana"}'):
        path.write_text(text)
        assert read_stopped(layout, "ana") is None, text
    keep_stopped(layout, "ben", STOPPED)
    os.replace(layout.stopped_quick("ben"), path)  # ben's answers under ana's name
    assert read_stopped(layout, "ana") is None


def test_names_that_are_no_file_names_stay_in_the_store_s_directory(tmp_path: Path) -> None:
    layout = Layout.for_store(tmp_path / "pmtui.json")
    for user in ("../ana", "chloé", "a/b", ""):
        assert layout.stopped_quick(user).parent == tmp_path
