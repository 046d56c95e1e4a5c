"""Every read command and every export, on a store a teammate edited by hand.

Whatever text sits in the store's JSON (escape sequences, every C0 and C1
control, bidi controls, lone surrogates), no command may print a control
character or an escape sequence, and none may end in a traceback.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pmtui.cli import main
from pmtui.store.exports import FORMATS
from pmtui.store.repository import Store
from tests.hostile import ATTACK, EVERYTHING, fields_shown, store_with_hostile_review, unsafe_in

TODAY = date.today()

CONTROLS = st.sampled_from(
    [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]]
    + list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
)
PIECES = st.sampled_from([ATTACK, "\x1b[2J", "\x1b]8;;http://x\x1b\\", "\x9b6n", "\r\n", "\x1bP"])
HOSTILE = st.lists(
    st.one_of(CONTROLS, PIECES, st.characters(exclude_categories=["Cs"])), max_size=12
).map("".join)
SURROGATES = st.lists(
    st.one_of(CONTROLS, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
    min_size=1,
    max_size=4,
).map("".join)


def read_commands(store: Path, review_id: str, out: Path) -> list[list[str]]:
    s = ["--store", str(store)]
    commands = [
        ["due", *s, "--within", "30d"],
        ["due", *s, "--json", "--within", "30d"],
        ["mine", *s],
        ["mine", *s, "--json"],
        ["followup", *s, "--list"],
        # an id may start with "-" in a hand-edited store: give it as people would then
        ["check", *s, "--", review_id],
        ["check", *s, "--json", "--", review_id],
        ["restore", *s, "--list"],
        [f"--as={review_id}", "mine", *s],
    ]
    for fmt in FORMATS:
        commands.append(["export", *s, "--all", "--format", fmt])
        commands.append(["export", *s, "--all", "--format", fmt, "-o", f"x.{fmt}"])
        commands.append(["export", *s, f"--review={review_id}", "--format", fmt])
    return commands


def run_everything(
    tmp: Path, text: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """Plant ``text``, run every read command; returns each command's output."""
    monkeypatch.chdir(tmp)
    path = tmp / "store" / "pmtui.json"
    _store, rid = store_with_hostile_review(path, TODAY, text)
    outputs = {}
    for argv in read_commands(path, rid, tmp):
        code = main(argv)  # an unexpected exception fails the test: no traceback allowed
        got = capsys.readouterr()
        outputs[" ".join(argv)] = got.out + got.err
        assert code in (0, 1, 2), (argv, code, got.err)
        assert not unsafe_in(got.out), (argv, unsafe_in(got.out))
        assert not unsafe_in(got.err), (argv, unsafe_in(got.err))
        assert "Traceback" not in got.err
    for written in tmp.glob("x.*"):
        assert not unsafe_in(written.read_bytes()), (written.name, unsafe_in(written.read_bytes()))
        written.unlink()
    return outputs


def test_the_attack_from_the_report_is_shown_not_executed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = run_everything(tmp_path, EVERYTHING, capsys, monkeypatch)
    due = outputs[f"due --store {tmp_path / 'store' / 'pmtui.json'} --within 30d"]
    assert "␛]0;PWNED␇␛[2J␛]52;c;aGk=␇" in due  # visible, in one piece
    assert "\\u202eexe.txt" in due and "<deliverable>" in due and "<title>" in due
    every = "\n".join(outputs.values())
    # Every kind of field reached some output, shown: nothing was silently dropped.
    for field in ("title", "deliverable", "owner", "what", "statement", "text", "reason"):
        assert field in fields_shown(every), field


def test_json_exports_keep_the_text_exactly_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "store" / "pmtui.json"
    _store, rid = store_with_hostile_review(path, TODAY, EVERYTHING)
    assert main(["export", "--store", str(path), "--review", rid, "--format", "json"]) == 0
    raw = capsys.readouterr().out
    assert not unsafe_in(raw)
    review = json.loads(raw)["reviews"][0]
    assert review["id"] == rid and review["title"] == EVERYTHING + "<title>"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.one_of(HOSTILE, SURROGATES))
@example("\x1b]0;PWNED\x07")
@example("\ud800\x1b[2J")
@example("\x9b\u202e\r")
@example("-")
def test_no_text_in_the_store_reaches_the_terminal_raw(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    text: str,
) -> None:
    run_everything(tmp_path_factory.mktemp("hostile"), text, capsys, monkeypatch)


def test_a_lone_surrogate_in_the_store_is_reported_as_damage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "store" / "pmtui.json"
    store_with_hostile_review(path, TODAY, "\udc80")
    assert main(["due", "--store", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "pmtui restore" in err and not unsafe_in(err)
    assert Store(path).backups() is not None
