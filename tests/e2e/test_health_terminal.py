"""Practice health as a person meets it: the installed pmtui at 80x24, keys only, and the command.

The store holds two months: last month a review with one of its three statements
flagged for blame, a top cause with no why and a commitment kept on time, and an
incident nobody reviewed; this month a review with a cause tree two levels deep.
A stand-in coach judges the statements (the figures are tested, not the coach's
wording). Dates are relative to today, as the installed command reads the real
clock.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pmtui.domain.incidents import Incident
from pmtui.domain.model import Cause, Commitment, Fact, Outcome, Review, Status
from pmtui.store.repository import Store
from pmtui.tui.screens.insights import month_label
from tests.e2e.terminal import Terminal, app_env, pmtui_command, requires_tmux
from tests.store.helpers import stand_in_coach


def _months(today: date) -> tuple[date, date]:
    this = today.replace(day=1)
    last = (this - timedelta(days=1)).replace(day=1)
    return last, this


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=10)


def build(path: Path) -> tuple[str, str]:
    """The store of the module docstring; returns (last month, this month) as YYYY-MM."""
    today = date.today()
    last, this = _months(today)
    store = Store(path, judge=stand_in_coach)
    store.add_incident(
        Incident(
            title="search slow",
            severity="SEV3",
            started=f"{(last + timedelta(days=1)).isoformat()} 12:00",
            logged=_at(last + timedelta(days=1)),
        )
    )
    store.add(
        Review(
            title="checkout down",
            happened=(last + timedelta(days=1)).isoformat(),
            created=_at(last + timedelta(days=2)),
            status=Status.REVIEWED,
            facts=[
                Fact(what="the deploy started", at="09:00"),
                Fact(what="Bob should have checked the dashboard before deploying", at="09:05"),
            ],
            causes=[Cause(statement="The deploy script has no rollback step")],
            commitments=[
                Commitment(
                    deliverable="add a rollback step",
                    owner="ana",
                    done_when="a bad deploy rolls back",
                    due=last + timedelta(days=10),
                    status=Outcome.KEPT,
                    reviewed_at=_at(last + timedelta(days=9)),
                )
            ],
        )
    )
    top = Cause(statement="Alerts went to a channel nobody watches")
    store.add(
        Review(
            title="pager storm",
            happened=this.isoformat(),
            created=_at(this),
            status=Status.REVIEWED,
            facts=[Fact(what="The pager fired at 03:10", at="03:10")],
            causes=[top, Cause(statement="The alert routing file has no owner", parent_id=top.id)],
        )
    )
    return last.strftime("%Y-%m"), this.strftime("%Y-%m")


def _health(path: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``pmtui health`` on the store at ``path``."""
    return subprocess.run(
        [pmtui_command(), "--store", str(path), "health", *args],
        capture_output=True,
        text=True,
        env=app_env(tmp_path),
        check=False,
    )


def _health_json(path: Path, tmp_path: Path) -> list[dict[str, Any]]:
    done = _health(path, tmp_path, "--since", "2m", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_health_json_on_a_known_store(tmp_path: Path) -> None:
    path = tmp_path / "store" / "pmtui.json"
    last, this = build(path)
    months = _health_json(path, tmp_path)
    assert [m["month"] for m in months] == [last, this]
    before, now = months
    assert before["blame"] == {
        "percent": 33.3,
        "statements": 3,
        "judged": 3,
        "flagged": 1,
        "rewritten": 0,
        "set_aside": 0,
        "reviews": 1,
    }
    assert before["skipped"]["skipped"] == 1 and before["skipped"]["percent"] == 100.0
    assert before["shallow"]["no_why"] == 1 and before["shallow"]["percent"] == 100.0
    assert before["follow_through"]["kept_on_time"] == 1
    assert before["follow_through"]["percent"] == 100.0
    assert now["blame"]["judged"] == 3 and now["blame"]["flagged"] == 0
    assert now["shallow"]["mean_depth"] == 2.0 and now["shallow"]["percent"] == 0.0
    bad = _health(path, tmp_path, "--since", "soon")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and bad.stderr.startswith("pmtui: --since")


def test_health_answers_the_same_from_its_kept_sums_after_a_save_and_a_hand_edit(
    tmp_path: Path,
) -> None:
    """The first run sums the index and keeps the sums; later runs read them, kept up to date
    by saves, and sums that were edited by hand are summed again, never shown."""
    path = tmp_path / "store" / "pmtui.json"
    last, _this = build(path)
    first = _health_json(path, tmp_path)
    sums = path.with_name("pmtui.health")
    assert (sums / "head.json").is_file()
    assert _health_json(path, tmp_path) == first
    store = Store(path)
    review = next(s for s in store.summaries() if s.title == "checkout down")
    store.update(review.id, _drop_commitment)  # a teammate's save keeps the sums
    after_save = _health_json(path, tmp_path)
    assert after_save[0]["follow_through"]["dropped"] == 1
    assert after_save[0]["follow_through"]["kept_on_time"] == 0
    month = sums / f"{last}.json"
    edited = json.loads(month.read_text())
    edited["settled"][1] = 40  # "40 kept on time", typed into the file
    month.write_text(json.dumps(edited))
    assert _health_json(path, tmp_path) == after_save


def _drop_commitment(r: Review) -> None:
    c = r.commitments[0]
    c.status, c.dropped_reason = Outcome.DROPPED, "the service is gone"


@requires_tmux()
def test_insights_chart_a_figure_and_a_months_reviews_by_keys(tmp_path: Path) -> None:
    path = tmp_path / "store" / "pmtui.json"
    last, this = build(path)
    env = app_env(tmp_path, NO_COLOR="1")
    with Terminal([pmtui_command(), "--store", str(path)], env=env) as term:
        term.wait_for("pager storm", timeout=60)
        term.keys("i")
        screen = term.wait_for("Blame or hindsight wording")
        assert "Blame: statements flagged when written (%)" in screen
        assert "% of judged statements" in screen  # the y axis says what it counts
        assert f"{this}: 0% (0 of 3)" in screen  # this month is chosen first
        assert "1/3" in screen and "0/3" in screen  # each bar's count
        assert f"[{month_label(this)}]" in screen  # the chosen month, without colour
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("Left")
        screen = term.wait_for(f"{last}: 33% (1 of 3)")
        assert f"[{month_label(last)}]" in screen and "█" in screen  # its bar drawn solid
        assert "rose from" not in screen  # no month before it to compare with
        term.keys("Enter")
        screen = term.wait_for(f"Behind blame {last}: 1 review")
        assert "checkout down" in screen
        term.keys("4")  # follow-through, on the month already chosen
        screen = term.wait_for("Commitments kept by their due date")
        assert f"[{month_label(last)}]" in screen
        term.keys("Enter")
        screen = term.wait_for(f"Behind follow-through {last}: 1 review")
        term.keys("Enter")  # open the review behind it
        term.wait_for("checkout down")
        term.keys("C-q")
        assert term.exit_status() == 0


TEAMMATE_REWORDS = """
import sys
from pmtui.store.repository import Store
store = Store(sys.argv[1])
review = next(s for s in store.summaries() if s.title == "checkout down")
def reword(r):
    r.causes[0].statement = "Alerts went to a channel that nobody watches"
store.update(review.id, reword)
"""
"""A teammate's pmtui, in a process of its own, rewords last month's cause."""


TEAMMATE_REWORDS_BACK = TEAMMATE_REWORDS.replace(
    "Alerts went to a channel that nobody watches", "The deploy script has no rollback step"
)
"""The teammate words last month's cause as it was again."""


def _teammate_rewords(path: Path, env: dict[str, str], script: str = TEAMMATE_REWORDS) -> None:
    """A teammate's pmtui, in a process of its own, rewords last month's cause."""
    edited = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert edited.returncode == 0, edited.stderr


@requires_tmux()
def test_after_a_teammates_cause_edit_the_charts_show_and_the_recurring_count_arrives(
    tmp_path: Path,
) -> None:
    """Recurrence is global: last month's cause reworded by a teammate makes this month's
    cause recur, though this month's review was not touched. ``i`` shows the charts, the
    recurring count of this month arrives and is right; it never shows the old count."""
    path = tmp_path / "store" / "pmtui.json"
    _last, this = build(path)
    before = _health_json(path, tmp_path)  # keeps the sums, recurrence counted
    assert before[1]["shallow"]["recurring"] == 0
    env = app_env(tmp_path, NO_COLOR="1")
    _teammate_rewords(path, env)
    head = json.loads((path.with_name("pmtui.health") / "head.json").read_text())
    assert head["words"] is None  # the kept sums hold, recurrence is to be counted again
    with Terminal([pmtui_command(), "--store", str(path)], env=env) as term:
        term.wait_for("pager storm", timeout=60)
        seen = _shallow_until_recurring(term, "recurring 1.")
        screen = term.screen()
        assert f"{this}: 0% (0 of 1)" in screen
        assert "Shallow: top causes with no why (%)" in screen
        assert not any("recurring 0." in _words(s) for s in seen)  # never the old count
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("C-q")
        assert term.exit_status() == 0
    assert _health_json(path, tmp_path)[1]["shallow"]["recurring"] == 1


@requires_tmux()
def test_a_teammates_cause_edit_while_pmtui_runs_is_counted_before_the_view_opens(
    tmp_path: Path,
) -> None:
    """pmtui is open on the home screen when a teammate's pmtui, in a process of its own,
    rewords last month's cause. The open pmtui counts recurrence again in the background,
    keeping it beside the index before anyone asks; ``i`` then shows the recurring count
    with the charts, never "being counted"."""
    path = tmp_path / "store" / "pmtui.json"
    _last, this = build(path)
    assert _health_json(path, tmp_path)[1]["shallow"]["recurring"] == 0  # sums kept, counted
    head = path.with_name("pmtui.health") / "head.json"
    env = app_env(tmp_path, NO_COLOR="1")
    with Terminal([pmtui_command(), "--store", str(path)], env=env) as term:
        term.wait_for("pager storm", timeout=60)
        _teammate_rewords(path, env)
        # The edit left recurrence to count (the test above sees it); the open pmtui counts
        # it within a moment, perhaps before the teammate's process has even exited.
        deadline = time.monotonic() + 30
        while json.loads(head.read_text())["words"] is None:
            assert time.monotonic() < deadline, "the open pmtui never counted recurrence"
            time.sleep(0.05)
        seen = _shallow_until_recurring(term, "recurring 1.")
        screen = term.screen()
        assert f"{this}: 0% (0 of 1)" in screen
        assert "1-5 the tabs" in screen
        assert not any("being counted" in _words(s) or "Counting" in s for s in seen)
        term.keys("C-q")
        assert term.exit_status() == 0


@requires_tmux()
def test_i_pressed_as_each_teammates_change_lands_shows_the_new_recurring_count(
    tmp_path: Path,
) -> None:
    """pmtui is open on its home screen; a teammate rewords last month's cause so this
    month's recurs, and ``i`` ``3`` are pressed the moment the teammate's process exits;
    then, back home, the teammate words it back, and again ``i`` ``3`` at once. Each time
    the recurring count shown is the store's as it is after the change (counted from what
    the open pmtui kept of its last count): never the number from before it."""
    path = tmp_path / "store" / "pmtui.json"
    _last, this = build(path)
    assert _health_json(path, tmp_path)[1]["shallow"]["recurring"] == 0  # sums kept, counted
    env = app_env(tmp_path, NO_COLOR="1")
    with Terminal([pmtui_command(), "--store", str(path)], env=env) as term:
        term.wait_for("pager storm", timeout=60)
        _teammate_rewords(path, env)
        seen = _shallow_until_recurring(term, "recurring 1.")
        assert not any("recurring 0." in _words(s) for s in seen)  # never the old count
        assert f"{this}: 0% (0 of 1)" in term.screen()
        term.keys("b")
        term.wait_for("pager storm")
        _teammate_rewords(path, env, TEAMMATE_REWORDS_BACK)
        seen = _shallow_until_recurring(term, "recurring 0.")
        assert not any("recurring 1." in _words(s) for s in seen)  # never the old count
        term.keys("C-q")
        assert term.exit_status() == 0
    assert _health_json(path, tmp_path)[1]["shallow"]["recurring"] == 0


def _shallow_until_recurring(term: Terminal, count: str) -> list[str]:
    """``i``, then the shallow chart (``3``) until its month line reads ``count``; every
    screen seen before it."""
    term.keys("i")
    term.wait_for("Blame or hindsight wording")
    term.keys("3")
    seen = []
    deadline = time.monotonic() + 30
    while count not in _words(term.screen()):
        seen.append(term.screen())
        assert time.monotonic() < deadline, f"no recurring count arrived:\n{term.screen()}"
        time.sleep(0.05)
    return seen


def _words(screen: str) -> str:
    """The screen's words on one line: a sentence may wrap anywhere at 80 columns."""
    return " ".join(screen.split())


@contextlib.contextmanager
def _insights(path: Path, env: dict[str, str]) -> Iterator[Terminal]:
    """The installed pmtui at 80x24 on the store :func:`build` made, its insights view open."""
    with Terminal([pmtui_command(), "--store", str(path)], env=env) as term:
        term.wait_for("pager storm", timeout=60)
        term.keys("i")
        term.wait_for("Blame or hindsight wording")
        yield term


@requires_tmux()
def test_blame_recomputed_from_the_insights_view_after_a_question_and_labelled(
    tmp_path: Path,
) -> None:
    """``c`` in the insights view asks before judging every statement again with today's
    coach; answered yes, the chart and the status line say recomputed and the month's
    counts are those of ``pmtui health --recompute``; ``r`` reads the stored verdicts."""
    path = tmp_path / "store" / "pmtui.json"
    build(path)
    done = _health(path, tmp_path, "--since", "2m", "--json", "--recompute")
    assert done.returncode == 0, done.stderr
    blame = json.loads(done.stdout)[-1]["blame"]
    assert blame["recomputed"] is True
    with _insights(path, app_env(tmp_path, NO_COLOR="1")) as term:
        term.keys("c")
        term.wait_for("Recompute blame with today's coach?")
        term.keys("n")
        screen = term.wait_for("1-5 the tabs")
        assert "RECOMPUTED" not in screen and "recomputed" not in screen
        term.keys("c")
        term.wait_for("Recompute blame with today's coach?")
        term.keys("y")
        screen = term.wait_for("Blame RECOMPUTED with today's coach", timeout=30)
        assert "Blame: statements flagged when written (%) - recomputed" in screen
        assert f"({blame['flagged']} of {blame['judged']})" in screen
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("r")
        screen = term.wait_for("1-5 the tabs")
        assert "recomputed" not in screen.lower()
        term.keys("C-q")
        assert term.exit_status() == 0


@requires_tmux()
def test_more_figures_at_80x24_show_the_value_of_a_long_recurring_cause(tmp_path: Path) -> None:
    """A newcomer at 80 columns: the cause's words wrap in their column and its value
    (`in 2 reviews`) is on screen (the column took the cause's whole width and pushed the
    values past the edge)."""
    path = tmp_path / "store" / "pmtui.json"
    store = Store(path)
    cause = "The deploy pipeline has no limit on how long a canary stage may wait in the queue"
    for day in (2, 3):
        when = date.today() - timedelta(days=day)
        store.add(
            Review(
                title=f"queue backlog {day}",
                happened=when.isoformat(),
                created=_at(when),
                status=Status.REVIEWED,
                causes=[Cause(statement=cause, category="tooling")],
            )
        )
    with Terminal([pmtui_command(), "--store", str(path)], env=app_env(tmp_path)) as term:
        term.wait_for("queue backlog", timeout=60)
        term.keys("i")
        term.wait_for("Blame or hindsight wording")
        term.keys("5")
        screen = term.wait_for("recurring causes")
        (row,) = [line for line in screen.splitlines() if "recurring causes" in line]
        assert row.rstrip().endswith("in 2 reviews"), screen
        assert "2 causes" in screen  # the categories' values too
        assert "stage may wait in the queue" in _words(screen)  # the cause whole, wrapped
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("C-q")
        assert term.exit_status() == 0


@requires_tmux()
def test_a_months_reviews_at_80x24_read_by_day_under_its_whole_sentence(tmp_path: Path) -> None:
    """A newcomer opens last month's blame bar at 80x24 without colour: the month's counts
    and the whole sentence on what changed stay above the list (its last line was cut off),
    and the reviews behind it read by the day they happened, newest first, as the dates
    they show (a review written up late stood first, its date out of order)."""
    path = tmp_path / "store" / "pmtui.json"
    last, _this = build(path)
    first_day = date.fromisoformat(f"{last}-01")
    Store(path, judge=stand_in_coach).add(
        Review(
            title="disk full",
            happened=first_day.isoformat(),
            created=_at(first_day + timedelta(days=20)),  # written up late, same month
            facts=[Fact(what="The disk filled up on db-2", at="01:00")],
        )
    )
    with _insights(path, app_env(tmp_path, NO_COLOR="1", TERM="xterm")) as term:
        term.keys("Left", "Enter")
        screen = term.wait_for(f"Behind blame {last}: 2 reviews")
        said = _words(screen)
        assert f"{last}: 25% (1 of 4). statements 4, judged 4, flagged 1" in said
        assert (
            f"Blame or hindsight wording: 25% of the statements the coach judged (1 of 4) in "
            f"{last}; nothing to compare with the month before." in said
        )
        titles = ("checkout down", "disk full")
        rows = [line for line in screen.splitlines() if any(t in line for t in titles)]
        assert [r.split()[1] for r in rows] == [
            (first_day + timedelta(days=1)).isoformat(),
            first_day.isoformat(),
        ], screen
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("Escape")
        term.wait_for(lambda s: "Behind blame" not in s)
        term.keys("C-q")
        assert term.exit_status() == 0


@requires_tmux()
def test_an_incidents_file_broken_by_hand_is_said_never_charted_as_none(tmp_path: Path) -> None:
    """A teammate broke the incidents file by hand. ``pmtui health`` says which file and how
    to repair it (exit 2) instead of a skipped column of ``- (none)``; the insights view's
    skipped tab says the same in place of its chart, the other charts are drawn, and the
    file is left as it was."""
    path = tmp_path / "store" / "pmtui.json"
    build(path)
    incidents = path.with_name("pmtui.incidents.json")
    broken = incidents.read_bytes().replace(b'"title"', b'"title', 1)
    incidents.write_bytes(broken)
    done = _health(path, tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"pmtui: cannot read {incidents}: it is not valid JSON")
    with _insights(path, app_env(tmp_path, NO_COLOR="1")) as term:
        term.keys("2")
        screen = term.wait_for("Skipped reviews cannot be counted")
        said = _words(screen)  # the file's path may wrap anywhere at 80 columns
        assert "Incidents: cannot read" in said and "it is not valid JSON" in said
        assert "pmtui restore" in said
        assert "nothing to count" not in said and "none" not in said
        assert "←/→ a month" not in said  # no month to choose on this tab
        assert all(len(line) <= 80 for line in screen.splitlines())
        term.keys("4")
        screen = term.wait_for("Commitments kept by their due date")
        assert "Follow-through: kept by due date (%)" in screen
        term.keys("C-q")
        assert term.exit_status() == 0
    assert incidents.read_bytes() == broken
