"""`pmtui facts import` from a script: no preview, a count, nothing twice."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.model import Fact, Review
from pmtui.domain.timeline_import import MAX_FACTS
from pmtui.store.repository import Store

CHAT = """\
14:02 ana: deploy 4411 is out
14:05 bo: 502s on checkout, rolling back
  (the rollback takes a few minutes)
14:11 ana: error rate back to normal
"""


@pytest.fixture
def review(store: Store) -> Review:
    return store.add(
        Review(
            title="Checkout 502s",
            happened="2026-11-29 14:00",
            facts=[Fact(what="the alert fired", at="2026-11-29 14:04")],
        )
    )


def facts_import(store_path: Path, *args: str) -> int:
    return main(["facts", "import", "--store", str(store_path), *args])


def test_a_chat_file_becomes_facts_in_time_order(
    review: Review, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(CHAT)
    assert facts_import(store_path, review.id[:6], str(path)) == 0
    out, err = capsys.readouterr()
    assert out == f'added 3 facts to {review.id[:8]} "Checkout 502s"\n'
    assert "1 without a time attached" in err
    got = Store(store_path).get(review.id)
    assert [(f.at, f.what.splitlines()[0]) for f in got.facts] == [
        ("2026-11-29 14:02", "ana: deploy 4411 is out"),
        ("2026-11-29 14:04", "the alert fired"),
        ("2026-11-29 14:05", "bo: 502s on checkout, rolling back"),
        ("2026-11-29 14:11", "ana: error rate back to normal"),
    ]
    assert got.facts[2].what.endswith("(the rollback takes a few minutes)")
    assert got.facts[0].evidence == "chat.txt, line 1" and got.facts[0].author == "ana"


def test_importing_the_same_file_again_adds_nothing(
    review: Review, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(CHAT)
    assert facts_import(store_path, review.id, str(path)) == 0
    capsys.readouterr()
    assert facts_import(store_path, review.id, str(path)) == 0
    out, err = capsys.readouterr()
    assert out.startswith("added 0 facts") and "3 of the facts read were in the timeline" in err
    assert len(Store(store_path).get(review.id).facts) == 4


def test_options_skip_untimed_lines_filter_and_read_stdin(
    review: Review,
    store_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(CHAT.encode())))
    assert facts_import(store_path, review.id, "-", "--untimed", "skip", "--match", "ROLLING") == 0
    got = Store(store_path).get(review.id)
    assert [f.what for f in got.facts if f.evidence.startswith("standard input")] == [
        "bo: 502s on checkout, rolling back"
    ]


def test_a_csv_with_its_columns_named(review: Review, store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "alerts.csv"
    path.write_text("fired,alert,severity\n2026-11-29T13:03:00Z,CheckoutErrors,page\n")
    args = ["--time-column", "fired", "--text-column", "alert", "--tz", "Europe/Paris"]
    assert facts_import(store_path, review.id, str(path), *args) == 0
    new = [f for f in Store(store_path).get(review.id).facts if f.evidence.startswith("alerts")]
    assert [(f.at, f.what) for f in new] == [("2026-11-29 14:03:00", "CheckoutErrors")]


def test_a_csv_whose_columns_cannot_be_told_is_refused(
    review: Review, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "alerts.csv"
    path.write_text("fired,alert\n2026-11-29 14:03,x\n")
    assert facts_import(store_path, review.id, str(path)) == 2
    err = capsys.readouterr().err
    assert "--time-column" in err and "'fired', 'alert'" in err
    assert len(Store(store_path).get(review.id).facts) == 1


def test_a_slack_channel_folder(review: Review, store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "incident-42"
    folder.mkdir()
    for day, ts in (("2026-11-29", "1795960931"), ("2026-11-30", "1796047331")):
        msg = {"type": "message", "user": "U1", "text": f"on {day}", "ts": ts,
               "user_profile": {"display_name": "ana"}}  # fmt: skip
        (folder / f"{day}.json").write_text(json.dumps([msg]))
    assert facts_import(store_path, review.id, str(folder), "--tz", "UTC") == 0
    new = [f for f in Store(store_path).get(review.id).facts if f.evidence.startswith("Slack")]
    assert [(f.at, f.what, f.evidence) for f in new] == [
        ("2026-11-29 14:02:11", "ana: on 2026-11-29", "Slack #incident-42, message 1"),
        ("2026-11-30 14:02:11", "ana: on 2026-11-30", "Slack #incident-42, message 2"),
    ]


def test_too_many_facts_are_refused_whole(
    review: Review, store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.log"
    path.write_text(
        "".join(f"14:{i % 60:02d}:{i // 60 % 60:02d} line {i}\n" for i in range(MAX_FACTS + 1))
    )
    assert facts_import(store_path, review.id, str(path)) == 2
    assert "--match" in capsys.readouterr().err
    assert len(Store(store_path).get(review.id).facts) == 1
    assert facts_import(store_path, review.id, str(path), "--match", "line 1") == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["nope", "f.txt"], "no review with id 'nope'"),
        (["REVIEW", "/nonexistent.txt"], "No such file"),
        (["REVIEW", "/dev/zero"], "not a regular file"),
        (["REVIEW", "JSON", "--format", "slack"], "not a Slack export"),
        (["REVIEW", "JSON", "--tz", "Nowhere/Else"], "not a time zone"),
    ],
)
def test_errors_are_one_line_and_write_nothing(
    review: Review,
    store_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    says: str,
) -> None:
    (tmp_path / "x.json").write_text('{"not": "slack"}')
    args = [review.id if a == "REVIEW" else str(tmp_path / "x.json") if a == "JSON" else a
            for a in args]  # fmt: skip
    assert facts_import(store_path, *args) == 2
    assert says in capsys.readouterr().err
    assert len(Store(store_path).get(review.id).facts) == 1


def test_bytes_that_are_not_utf8_do_not_stop_a_log(
    review: Review, store_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.log"
    path.write_bytes(b"14:02 caf\xe9 down\n")
    assert facts_import(store_path, review.id, str(path)) == 0
    assert Store(store_path).get(review.id).facts[0].what == "caf\ufffd down"
