"""Incidents in the app: logged from home, counted above the carry-over, turned into reviews."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static

from pmtui.domain.incidents import Incident, new_incident
from pmtui.store.layout import Layout
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.incident import IncidentForm
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.modals.prompt import TextPromptModal
from pmtui.tui.screens.incidents import IncidentsScreen
from tests.conftest import NOW
from tests.tui.pilot_helpers import SIZE, cell_texts, on_home, on_review, wait_for


def logged(store: Store, title: str, days_ago: float, severity: str | None = None) -> Incident:
    started = (NOW - timedelta(days=days_ago)).strftime("%Y-%m-%d %H:%M")
    return store.add_incident(
        new_incident(title, now=NOW, author="ana", severity=severity, started=started)
    )


def backlog_line(app: PmtuiApp) -> Static:
    return app.screen.query_one("#incident-backlog", Static)


async def test_home_counts_incidents_without_a_review_above_the_carry_over(
    app: PmtuiApp, store: Store
) -> None:
    logged(store, "checkout 502s", 9, "SEV2")  # Friday + 5 working days: overdue
    logged(store, "queue backlog", 1, "SEV3")  # due tomorrow
    logged(store, "status page typo", 30, "SEV5")  # optional: not counted
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        line = backlog_line(app)
        assert line.display
        assert str(line.render()) == (
            "2 incidents without a review, oldest 9 days (1 overdue); x lists them."
        )
        assert line.has_class("overdue")
        order = [w.id for w in home.children if w.id in ("incident-backlog", "carry-over")]
        assert order == ["incident-backlog", "carry-over"]


async def test_no_waiting_incident_no_line(app: PmtuiApp, store: Store) -> None:
    logged(store, "status page typo", 30, "SEV5")
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        assert not backlog_line(app).display


async def test_a_damaged_incidents_file_is_said_and_the_reviews_still_list(
    app: PmtuiApp, store: Store, store_path: Path
) -> None:
    from tests.tui.pilot_helpers import make_review

    store.add(make_review("still here", created=NOW))
    logged(store, "x", 1)
    Layout.for_store(store_path).incidents.write_text("{not json")
    async with app.run_test(size=SIZE) as pilot:
        home = await on_home(app, pilot)
        assert home.data is not None
        assert [s.title for s in home.data.summaries] == ["still here"]
        text = str(backlog_line(app).render())
        assert "pmtui.incidents.json" in text and "pmtui restore" in text


async def test_l_logs_an_incident_from_home_in_a_few_keys(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentForm))
        await pilot.press(*"db failover")
        app.screen.query_one("#incident-severity", Select).value = "SEV2"
        app.screen.query_one("#incident-started", Input).value = "yesterday 22:40"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(store.incidents()) == 1)
        (incident,) = store.incidents()
        assert (incident.title, incident.severity, incident.started, incident.author) == (
            "db failover",
            "SEV2",
            "2026-11-22 22:40",
            "ana",
        )
        await wait_for(pilot, lambda: backlog_line(app).display)
        assert str(backlog_line(app).render()).startswith("1 incident without a review")


async def test_the_form_says_what_is_wrong_and_keeps_the_input(app: PmtuiApp, store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentForm))
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#form-error", Static)
        assert "what went wrong" in str(error.render())
        await pilot.press(*"x")
        app.screen.query_one("#incident-started", Input).value = "last tuesday"
        await pilot.press("ctrl+s")
        assert "not a time pmtui reads" in str(error.render())
        assert app.screen.focused is app.screen.query_one("#incident-started", Input)
        app.screen.query_one("#incident-started", Input).value = "2099-01-01 10:00"
        await pilot.press("ctrl+s")  # still to come: refused, not stored ahead of its time
        assert "has not come yet" in str(error.render())
        assert isinstance(app.screen, IncidentForm)
        await pilot.press("escape")  # what was typed is dropped only when the person says so
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await on_home(app, pilot)
        assert store.incidents() == []


async def incidents_view(app: PmtuiApp, pilot) -> IncidentsScreen:  # type: ignore[no-untyped-def]
    await on_home(app, pilot)
    await pilot.press("x")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, IncidentsScreen) and app.screen.items is not None
        and app.screen.query_one("#incidents", DataTable).row_count > 0,
    )  # fmt: skip
    assert isinstance(app.screen, IncidentsScreen)
    return app.screen


async def test_the_list_and_enter_turns_an_incident_into_its_review(
    app: PmtuiApp, store: Store
) -> None:
    late = logged(store, "checkout 502s", 9, "SEV2")
    store.update_incident(late.id, lambda i: i.tags.append("payments"))
    logged(store, "status page typo", 2, "SEV5")
    async with app.run_test(size=SIZE) as pilot:
        view = await incidents_view(app, pilot)
        rows = cell_texts(view.query_one("#incidents", DataTable))
        assert rows[0][1:] == ["SEV2", "overdue since 2026-11-21", "checkout 502s"]
        assert rows[1][1:3] == ["SEV5", "optional"]
        detail = str(view.query_one("#incident-detail", Static).render())
        assert "postmortem review within 5 working days" in detail and "payments" in detail
        await pilot.press("enter")
        review = await on_review(app, pilot)
        r = review.session.review
        assert (r.title, r.happened, r.severity, r.tags, r.template, r.incident_id) == (
            "checkout 502s",
            late.started,
            "SEV2",
            ["payments"],
            "postmortem",
            late.id,
        )
        assert len(store.summaries()) == 1
        app.pop_screen()
        await wait_for(pilot, lambda: isinstance(app.screen, IncidentsScreen))
        # started is not held: the incident stays first, overdue, until the review is reviewed
        await wait_for(
            pilot,
            lambda: (
                cell_texts(app.screen.query_one("#incidents", DataTable))[0][2]
                == "overdue, started"
            ),
        )
        detail = str(app.screen.query_one("#incident-detail", Static).render())
        assert "not held yet" in detail and "Summary" in detail
        await pilot.press("enter")
        again = await on_review(app, pilot)
        assert again.session.review.id == r.id  # the same review, not a second one
        assert len(store.summaries()) == 1


async def test_a_waiver_takes_a_reason_and_undo_takes_it_back(app: PmtuiApp, store: Store) -> None:
    incident = logged(store, "alert during a drill", 9, "SEV3")
    async with app.run_test(size=SIZE) as pilot:
        view = await incidents_view(app, pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPromptModal))
        await pilot.press("enter")  # no reason: refused, still asking
        assert isinstance(app.screen, TextPromptModal)
        await pilot.press(*"a drill", "enter")
        await wait_for(pilot, lambda: store.incident(incident.id).waived == "a drill")
        await wait_for(pilot, lambda: view.items[0].state.value == "waived")
        await pilot.press("u")
        await wait_for(pilot, lambda: store.incident(incident.id).waived == "")
        await pilot.press("d")
        await wait_for(pilot, lambda: store.incidents() == [])
        await pilot.press("u")
        await wait_for(pilot, lambda: [i.id for i in store.incidents()] == [incident.id])


async def test_an_incident_logged_elsewhere_shows_without_a_key(
    app: PmtuiApp, store: Store, store_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        assert not backlog_line(app).display
        other = Store(store_path)
        other.add_incident(
            new_incident("from pmtui log", now=datetime.now(), author="bo", severity="SEV1")
        )
        await wait_for(pilot, lambda: backlog_line(app).display, timeout=15)


async def test_insights_show_review_coverage_and_time_to_review(
    app: PmtuiApp, store: Store
) -> None:
    from pmtui.domain.incidents import review_from
    from pmtui.domain.model import Kind, Review, Status
    from pmtui.tui.screens.insights import InsightsScreen

    def held(i: Incident) -> Review:
        review = review_from(i, "postmortem", Kind.POSTMORTEM, now=NOW, user="ana")
        review.status = Status.REVIEWED
        return review

    reviewed = logged(store, "reviewed one", 20, "SEV2")
    store.review_incident(reviewed.id, held)
    started = logged(store, "started one", 19, "SEV3")
    store.review_incident(
        started.id, lambda i: review_from(i, "quick", Kind.QUICK, now=NOW, user="ana")
    )
    skipped = logged(store, "skipped one", 18, "SEV3")
    waived = logged(store, "waived one", 17, "SEV3")
    store.update_incident(waived.id, lambda i: i.waive("a drill", "ana", NOW.date()))
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("i")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, InsightsScreen) and app.screen.health is not None,
            timeout=30,
        )
        await pilot.press("5")  # the other figures, read from the index when asked for
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, InsightsScreen) and bool(app.screen.figures),
            timeout=30,
        )
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        rows = {(f.section, f.label): f for f in screen.figures}
        coverage = rows[("review coverage", "2026-11")]
        assert coverage.value == "1 reviewed, 1 waived, 2 skipped"  # started is not held
        assert rows[("incident to review", "2026-11")].value == "median 20 days (1 reviewed)"
        screen.show_behind(coverage)
        behind = cell_texts(screen.query_one("#behind", DataTable))
        assert [r[1:] for r in behind] == [
            ["postmortem", "reviewed one"],
            ["incident", "started one"],
            ["incident", "skipped one"],
            ["incident", "waived one"],
        ]
        assert skipped.id in coverage.incident_ids
