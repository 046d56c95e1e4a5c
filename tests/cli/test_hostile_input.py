"""Faults and hostile input at the command line: one line and a clear exit status, never
a traceback, and nothing raw reaches the terminal.

Run as the installed command in a subprocess where the fault lives in the
process's file descriptors (a closed pipe, a full disk on standard output),
and in-process otherwise.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import IO

import pytest

from pmtui.cli import main
from pmtui.store.repository import Store
from tests.hostile import ATTACK, unsafe_in
from tests.store.helpers import make_review

PMTUI = [sys.executable, "-m", "pmtui"]


def _store_with_overdue(path: Path, count: int = 1) -> Store:
    store = Store(path)
    for i in range(count):
        review = make_review(f"review {i}")
        for c in review.commitments:
            c.due, c.owner = date.today() - timedelta(days=3), "ana"
        store.add(review)
    return store


def _run(
    argv: list[str], stdout: IO[str] | int = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """The installed command, its standard output going to ``stdout``."""
    return subprocess.run(
        [*PMTUI, *argv], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60, check=False
    )


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """``pmtui mine | head -1``: the reader went away; no traceback, the shell's 141."""
    store = tmp_path / "s" / "pmtui.json"
    _store_with_overdue(store, 40)
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    with os.fdopen(write, "w") as out:
        done = _run(["--store", str(store), "--as", "ana", "mine"], stdout=out)
    assert done.returncode == 141
    assert done.stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_on_standard_output_is_exit_2_not_overdue(tmp_path: Path) -> None:
    store = tmp_path / "s" / "pmtui.json"
    _store_with_overdue(store)
    assert _run(["--store", str(store), "due", "--within", "60d"]).returncode == 1  # overdue
    with open("/dev/full", "w") as full:
        done = _run(["--store", str(store), "due", "--within", "60d"], stdout=full)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "pmtui: could not write to standard output: No space left on device. "
        "The command's output is incomplete."
    ]


def test_an_over_long_output_name_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s" / "pmtui.json"
    _store_with_overdue(store)
    monkeypatch.chdir(tmp_path)
    code = main(["--store", str(store), "export", "--all", "--format", "md", "-o", "a" * 300])
    err = capsys.readouterr().err
    assert code == 2
    assert "File name too long" in err and "Nothing more was written" in err
    assert len(err.strip().splitlines()) == 1


def test_force_replaces_regular_files_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s" / "pmtui.json"
    _store_with_overdue(store)
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe")
    specials = ["pipe"]
    if os.geteuid() == 0:  # like /dev/null: a character device
        os.mknod(tmp_path / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        specials.append("null")
    for name in specials:
        argv = ["--store", str(store), "export", "--all", "--format", "md", "-o", name]
        assert main([*argv, "--dir", str(tmp_path), "--force"]) == 2
        assert "not a regular file" in capsys.readouterr().err
        assert not stat.S_ISREG(os.lstat(tmp_path / name).st_mode)
    (tmp_path / "old.md").write_text("old")
    argv = ["--store", str(store), "export", "--all", "--format", "md", "-o", "old.md"]
    assert main([*argv, "--force"]) == 0
    assert (tmp_path / "old.md").read_text().startswith("---")


def test_arguments_and_stdin_are_echoed_visibly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "s" / "pmtui.json")
    assert main(["--store", store, "--as", ATTACK, "mine"]) == 0
    got = capsys.readouterr()
    assert "␛]0;PWNED␇" in got.err and not unsafe_in(got.err + got.out)
    checkin = ["--store", store, "checkin", "--no-input", "--people", f"ana,{ATTACK}"]
    code = main([*checkin, "--mood", f"{ATTACK}=two words"])
    got = capsys.readouterr()
    assert code == 2 and "␛]0;PWNED␇" in got.err
    assert not unsafe_in(got.err + got.out) and "Traceback" not in got.err
    for flag in ([], ["--json"]):
        monkeypatch.setattr(sys, "stdin", _stdin(f"Lee {ATTACK}\n".encode() + b"\xff\xfe\n"))
        assert main(["coach", "--stage", "causes", *flag]) == 0
        got = capsys.readouterr()
        assert not unsafe_in(got.out + got.err), got.out
        assert "PWNED" in got.out and "\ufffd" in got.out  # the bad bytes, as U+FFFD


def _stdin(data: bytes) -> object:
    import io

    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


def test_text_that_is_not_utf8_is_refused_by_field_not_as_a_save_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--what $'\\xff'`` reaches Python as a lone surrogate (surrogateescape)."""
    store = str(tmp_path / "s" / "pmtui.json")
    argv = ["--store", store, "quick", "--no-input", "--what", "disk \udcff full",
            "--cause", "no alert", "--category", "tooling", "--commitment", "alert",
            "--due", "+1d"]  # fmt: skip
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "text that is valid UTF-8" in err and "\\udcff" in err
    assert "could not save" not in err and not unsafe_in(err)
    assert not Path(store).exists()


def test_seconds_in_a_time_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "s" / "pmtui.json")
    base = ["--store", store, "quick", "--no-input", "--what", "x", "--cause", "y",
            "--category", "tooling", "--commitment", "z", "--due", "+1d"]  # fmt: skip
    assert main([*base, "--happened", "14:02:99"]) == 2
    assert "'14:02:99' is not a time of day" in capsys.readouterr().err
    assert main([*base, "--happened", "14:02:59"]) == 0
    rid = capsys.readouterr().out.strip()
    assert Store(store).get(rid).happened.endswith(" 14:02:59")


def test_bidi_controls_are_dropped_on_the_way_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "s" / "pmtui.json")
    argv = ["--store", store, "quick", "--no-input", "--title", "invoice\u202eexe.txt\u2066",
            "--what", "x", "--cause", "y", "--category", "tooling", "--commitment", "z",
            "--due", "+1d"]  # fmt: skip
    assert main(argv) == 0
    rid = capsys.readouterr().out.strip()
    assert Store(store).get(rid).title == "invoiceexe.txt"


def _errors(err: str) -> list[str]:
    """The lines of standard error that are not the coach's hints."""
    return [line for line in err.splitlines() if not line.startswith("pmtui: hint")]


@contextlib.contextmanager
def _read_only(directory: Path) -> Iterator[None]:
    """Mount a small tmpfs at ``directory`` for the test and make it read-only on request."""
    directory.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(directory)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({made.stderr.decode().strip()})")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(directory)], capture_output=True, check=False)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a read-only file system needs root")
def test_a_read_only_store_is_one_line_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mount = tmp_path / "ro"
    with _read_only(mount):
        store = mount / "pmtui.json"
        _store_with_overdue(store).backup("manual")
        rid = Store(store).summaries()[0].id
        Store(store).update(rid, lambda r: setattr(r, "title", "after the backup"))
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        quick = ["--store", str(store), "quick", "--no-input", "--what", "x", "--cause", "y",
                 "--category", "tooling", "--commitment", "z", "--due", "+1d"]  # fmt: skip
        assert main(quick) == 2
        err = _errors(capsys.readouterr().err)
        assert len(err) == 1 and "Read-only file system" in err[0]
        assert "mounted read-only" in err[0]
        manual = next(b.name for b in Store(store).backups() if b.reason == "manual")
        assert main(["--store", str(store), "restore", manual]) == 2
        said = capsys.readouterr().err
        assert "Read-only file system" in said and "Traceback" not in said
        assert main(["--store", str(store), "due", "--within", "60d"]) == 1  # reading works
        assert main(["--store", str(store), "restore"]) == 2  # cannot even take the lock
        err = _errors(capsys.readouterr().err)
        assert len(err) == 1 and "mounted read-only" in err[0]
        from pmtui.editing.session import ReviewSession

        review = Store(store).reviews().__next__()
        session = ReviewSession(Store(store), review, user="ana")
        session.set("review", None, "title", "renamed")
        assert not session.flush(timeout=3)
        session.close(timeout=0.1)
        assert session.error is not None and "[Errno" not in session.error
        assert "mounted read-only" in session.error
