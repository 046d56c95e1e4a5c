"""`pmtui quick`: flag mode, refusing to guess without a terminal, and the real prompts in a pty."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.model import Kind, Status
from pmtui.store.repository import Store

TODAY = date.today()  # the CLI reads the real clock
FLAGS = [
    "--title",
    "Deploy stuck",
    "--what",
    "The deploy hung for 20 minutes",
    "--what",
    "Rolled back by hand",
    "--cause",
    "The deploy lock has no timeout",
    "--category",
    "tooling",
    "--commitment",
    "Add a five minute lock timeout",
    "--owner",
    "bo",
    "--due",
    "+2w",
]


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def quick(store_path: Path, *args: str) -> int:
    return main(["quick", "--store", str(store_path), *args])


def test_flags_alone_make_the_review_and_print_its_id(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quick(store_path, "--no-input", *FLAGS) == 0
    out, err = capsys.readouterr()
    review = Store(store_path).get(out.strip())
    assert review.kind is Kind.QUICK and review.title == "Deploy stuck"
    assert review.facts[0].what == "The deploy hung for 20 minutes\nRolled back by hand"
    com = review.commitments[0]
    assert (com.owner, com.due, com.cause_ids) == (
        "bo",
        TODAY + timedelta(weeks=2),
        [review.causes[0].id],
    )
    assert len(err.strip().splitlines()) == 2 and "Deploy stuck" in err


def test_when_it_happened_may_be_an_approximate_time_today(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quick(store_path, "--no-input", *FLAGS, "--happened", "approx. 9:30") == 0
    review = Store(store_path).get(capsys.readouterr().out.strip())
    assert review.happened == f"{TODAY.isoformat()} 09:30"
    assert (review.facts[0].at, review.facts[0].approx) == (review.happened, True)


def test_the_owner_defaults_to_whoever_runs_it(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a for a in FLAGS if a not in ("--owner", "bo")]
    assert quick(store_path, "--no-input", "--as", "cy", *args) == 0
    review = Store(store_path).get(capsys.readouterr().out.strip())
    assert review.commitments[0].owner == "cy" and review.facilitator == "cy"


def test_missing_flags_are_named_and_nothing_is_written(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quick(store_path, "--what", "W", "--cause", "C") == 2
    err = capsys.readouterr().err
    assert "--category, --commitment, --due" in err and "--what" not in err
    assert Store(store_path).summaries() == []


@pytest.mark.parametrize(
    ("flag", "value", "says"),
    [
        ("--due", "someday", "+2w"),
        ("--category", "gremlins", "tooling"),
        ("--happened", "noonish", "14:02"),
    ],
)
def test_a_bad_flag_exits_2_with_the_forms_that_work(
    store_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str, says: str
) -> None:
    args = [*FLAGS]
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
    assert quick(store_path, "--no-input", *args) == 2
    assert says in capsys.readouterr().err
    assert Store(store_path).summaries() == []


def test_without_a_terminal_it_exits_2_and_never_waits(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pmtui",
            "quick",
            "--store",
            str(tmp_path / "s.json"),
            "--what",
            "W",
        ],
        stdin=subprocess.PIPE,  # open and never written to: a prompt would hang here
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "--cause" in proc.stderr and "--due" in proc.stderr


# -- the real prompts, in a pseudo-terminal ------------------------------------------


CPR_REQUEST = b"\x1b[6n"
CPR_REPLY = "\x1b[1;1R"


class Terminal:
    """A command running in a pty; ``expect`` waits for text it draws."""

    def __init__(self, *args: str, capture_stdout: bool = False) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pmtui", *args],
            stdin=slave,
            stdout=subprocess.PIPE if capture_stdout else slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.seen = b""

    def expect(self, text: str, timeout: float = 20) -> None:
        end = time.monotonic() + timeout
        while text.encode() not in self.seen:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never appeared; saw {self.seen[-600:]!r}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                # Answer cursor-position requests as a real terminal does.
                for _ in range(chunk.count(CPR_REQUEST)):
                    self.send(CPR_REPLY)
                self.seen += chunk
        self.seen = self.seen[self.seen.index(text.encode()) + len(text) :]

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self) -> tuple[int, str]:
        try:
            rc = self.proc.wait(timeout=20)
            while select.select([self.master], [], [], 0.2)[0]:
                self.seen += os.read(self.master, 65536)
        except OSError:
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            os.close(self.master)
        return rc, self.seen.decode(errors="replace")


UP_TO_THE_COMMITMENT = [
    ("What happened?", "The deploy hung\r"),
    ("Anything else", "\r"),
    ("A short title", "\r"),
    ("made it likely", "The deploy lock has no timeout\r"),
    ("Which kind of cause", "3\r"),
]
THE_COMMITMENT = [
    ("One commitment", "Add a lock timeout\r"),
    ("Who owns it", "\r"),
    ("Due when?", "friday\r"),
]


def answer(term: Terminal, answers: list[tuple[str, str]]) -> None:
    """Wait for each prompt, then type its answer."""
    for prompt, keys in answers:
        term.expect(prompt)
        term.send(keys)


def test_the_prompts_in_a_terminal_save_a_review(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    term = Terminal("quick", "--store", str(store), "--as", "ana")
    answer(term, UP_TO_THE_COMMITMENT + THE_COMMITMENT)
    rc, screen = term.finish()
    assert rc == 0, screen
    [summary] = Store(store).summaries()
    assert summary.title == "The deploy hung" and summary.id in screen
    assert Store(store).get(summary.id).commitments[0].owner == "ana"


def test_ctrl_c_in_a_terminal_writes_nothing_when_told_not_to_keep(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    term = Terminal("quick", "--store", str(store))
    term.expect("What happened?")
    term.send("The deploy hung\r")
    term.expect("Anything else")
    term.send("\x03")
    term.expect("Keep what you typed")
    term.send("n")
    rc, screen = term.finish()
    assert rc == 130 and "nothing written" in screen
    assert not Store(store).exists()


def test_ctrl_c_in_a_terminal_keeps_what_was_typed_as_a_draft(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    term = Terminal("quick", "--store", str(store), "--as", "ana")
    term.expect("What happened?")
    term.send("The deploy hung\r")
    term.expect("Anything else")
    term.send("\x03")
    term.expect("Keep what you typed")
    term.send("y")
    rc, screen = term.finish()
    assert rc == 0 and "kept as a draft" in screen
    (summary,) = Store(store).summaries()
    review = Store(store).get(summary.id)
    assert [f.what for f in review.facts] == ["The deploy hung"]
    assert review.causes == [] and review.commitments == []


def test_coach_hints_go_to_stderr_without_stopping_a_scripted_run(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [*FLAGS]
    args[args.index("--cause") + 1] = "Human error"
    assert quick(store_path, "--no-input", *args) == 0
    out, err = capsys.readouterr()
    assert "pmtui: hint (causes):" in err and "blame" in err
    assert Store(store_path).get(out.strip()).causes[0].statement == "Human error"


def test_a_team_template_adds_categories(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "config" / "templates"  # $PMTUI_CONFIG_DIR is tmp_path/config
    team.mkdir(parents=True)
    (team / "quick.toml").write_text('cause_categories = ["tooling", "vendor"]\n')
    args = [*FLAGS]
    args[args.index("--category") + 1] = "vendor"
    assert quick(store_path, "--no-input", *args) == 0
    review = Store(store_path).get(capsys.readouterr().out.strip())
    assert review.causes[0].category == "vendor"


def test_with_stdout_captured_the_questions_stay_on_the_terminal(tmp_path: Path) -> None:
    """As in id=$(pmtui quick): prompts on the terminal, only the id on standard output."""
    store = tmp_path / "pmtui.json"
    args = ["--what", "W", "--cause", "C", "--category", "tooling", "--owner", "ana"]
    term = Terminal("quick", "--store", str(store), *args, capture_stdout=True)
    term.expect("A short title")
    term.send("\r")
    term.expect("One commitment")
    term.send("Add a lock timeout\r")
    term.expect("Due when?")
    term.send("+1w\r")
    rc, _screen = term.finish()
    assert term.proc.stdout is not None
    out = term.proc.stdout.read().decode()
    assert rc == 0 and out.strip() == Store(store).summaries()[0].id


def test_a_group_as_owner_exits_2_and_nothing_is_written(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = [*FLAGS]
    flags[flags.index("--owner") + 1] = "the team"
    assert quick(store_path, "--no-input", *flags) == 2
    _out, err = capsys.readouterr()
    assert "--owner" in err and "'the team' is not one person" in err
    assert not Store(store_path).exists()


def test_a_past_due_date_without_a_terminal_is_saved_with_a_warning(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    past = TODAY - timedelta(days=3)
    flags = [*FLAGS[:-1], past.isoformat()]
    assert quick(store_path, "--no-input", *flags) == 0
    out, err = capsys.readouterr()
    assert Store(store_path).get(out.strip()).commitments[0].due == past
    (warning,) = [line for line in err.splitlines() if "warning" in line]
    assert f"--due {past.isoformat()} is in the past (3 days ago)" in warning


def test_a_due_date_ahead_gives_no_warning(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quick(store_path, "--no-input", *FLAGS) == 0
    assert "warning" not in capsys.readouterr().err


# -- a draft a Ctrl-C stopped, offered again ------------------------------------------


def _stop_at_the_commitment(store: Path) -> str:
    """A quick review stopped with Ctrl-C at the commitment and kept as a draft: its id."""
    term = Terminal("quick", "--store", str(store), "--as", "ana")
    answer(term, [*UP_TO_THE_COMMITMENT, ("One commitment", "\x03"), ("Keep what you typed", "y")])
    rc, screen = term.finish()
    assert rc == 0 and "kept as a draft" in screen
    (summary,) = Store(store).summaries()
    return summary.id


def test_the_next_quick_continues_the_stopped_draft_by_default(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    draft_id = _stop_at_the_commitment(store)
    draft = Store(store).get(draft_id)
    term = Terminal("quick", "--store", str(store), "--as", "ana")
    term.expect("Continue the quick review you stopped and kept as a draft? (The deploy hung")
    term.send("\r")  # yes, the default: only what the draft lacks is asked
    answer(term, THE_COMMITMENT)
    rc, screen = term.finish()
    assert rc == 0 and "Quick review saved" in screen, screen
    (summary,) = Store(store).summaries()  # the draft itself, finished: no second review
    review = Store(store).get(summary.id)
    assert review.id == draft_id and review.created == draft.created
    assert draft.status is Status.DRAFT and review.status is Status.REVIEWED
    assert [c.statement for c in review.causes] == ["The deploy lock has no timeout"]
    assert [c.deliverable for c in review.commitments] == ["Add a lock timeout"]
    assert review.commitments[0].cause_ids == [review.causes[0].id]
    assert not Store(store).layout.stopped_quick("ana").exists()  # nothing left to offer


def test_ctrl_c_on_the_offer_loses_nothing_and_it_is_offered_again(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    draft_id = _stop_at_the_commitment(store)
    rev = Store(store).get(draft_id).rev
    term = Terminal("quick", "--store", str(store), "--as", "ana")
    term.expect("Continue the quick review you stopped")
    term.send("\x03")
    rc, screen = term.finish()
    assert rc == 130 and "the stopped draft is kept" in screen
    assert Store(store).get(draft_id).rev == rev
    term = Terminal("quick", "--store", str(store), "--as", "ana")
    term.expect("Continue the quick review you stopped")
    term.send("\x03")
    assert term.finish()[0] == 130


def test_a_new_quick_review_leaves_the_draft_in_the_app(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    draft_id = _stop_at_the_commitment(store)
    term = Terminal("quick", "--store", str(store), "--as", "ana")
    term.expect("Continue the quick review you stopped")
    term.send("n")
    term.expect("stays in the app's list")
    term.expect("What happened?")
    term.send("\x03")
    assert term.finish()[0] == 130
    assert [s.id for s in Store(store).summaries()] == [draft_id]
    assert not Store(store).layout.stopped_quick("ana").exists()  # chosen: not offered again


def test_a_draft_changed_since_it_was_stopped_is_not_replaced(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    draft_id = _stop_at_the_commitment(store)
    Store(store).update(draft_id, lambda r: setattr(r, "title", "Deploy hung (edited)"))
    term = Terminal("quick", "--store", str(store), "--as", "ana")
    term.expect("Continue the quick review you stopped")
    term.send("\r")
    term.expect("was changed since it was kept")
    term.expect("What happened?")
    term.send("\x03")
    assert term.finish()[0] == 130
    assert Store(store).get(draft_id).title == "Deploy hung (edited)"


def test_answers_given_as_flags_start_a_new_review_without_the_offer(tmp_path: Path) -> None:
    store = tmp_path / "pmtui.json"
    _stop_at_the_commitment(store)
    term = Terminal("quick", "--store", str(store), "--as", "ana", "--what", "Disk full")
    term.expect("A short title")
    term.send("\x03")
    term.expect("Keep what you typed")
    term.send("n")
    rc, screen = term.finish()
    assert rc == 130 and "Continue the quick review" not in screen
