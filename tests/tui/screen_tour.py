"""Every screen of the app, reached by keys from home on one store: a tour for pictures.

Each stop is a name and the keys (and waits) that bring a person there from
home. The snapshot tests take a picture of each stop at 80x24 and 60x20,
and the footer test checks each stop's key line fits the width; adding a
screen to the app means adding its stop here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Footer

from pmtui.domain.incidents import new_incident
from pmtui.domain.model import Cause, Commitment, Entry, Fact, Kind, Review, Status
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.screens.review import ReviewScreen
from tests.conftest import NOW
from tests.tui.pilot_helpers import (
    hints_counted,
    home_painted,
    make_review,
    on_home,
    on_review,
    wait_for,
    wait_saved,
)

TODAY = NOW.date()
TITLE = "Checkout errors after the 14:00 deploy [bold]x[/]"


def fill(store: Store) -> Review:
    """A postmortem with every stage written, an older closed review, and an incident."""
    review = Review(
        id="52c88e5c-4a8e-4d2b-9a43-6b1f0f6c2a11",  # the export dialog's file name shows it
        title=TITLE,
        created=datetime(2026, 11, 20, 9),
        updated=datetime(2026, 11, 20, 9),
        happened="2026-11-20 14:02",
        severity="SEV2",
        tags=["payments", "deploys"],
        facilitator="ana",
        participants=["ana", "ben"],
        ground_rule_ack=True,
        facilitator_part="I approved the deploy without waiting for the canary.",
        follow_up_on=TODAY - timedelta(days=1),
    )
    review.facts = [
        Fact(what="Deploy 412 starts", at="2026-11-20 14:02", evidence="deploy log"),
        Fact(
            what="Checkout error rate rises to 4% and the on-call engineer is paged",
            at="2026-11-20 14:09",
            evidence="#incidents",
            decision=True,
            known_then="only the alert",
            options="roll back or wait",
        ),
    ]
    top = Cause(
        statement="Deploys skip the canary stage when the pipeline queue is long, "
        "so a bad build reaches every user at once",
        category="process",
        fact_ids=[review.facts[1].id],
    )
    why = Cause(
        statement="The pipeline has no limit on how long a canary may wait",
        category="tooling",
        parent_id=top.id,
    )
    review.causes = [top, why]
    review.entries = [Entry(section="went_well", text="Rollback took 2 minutes")]
    review.commitments = [
        Commitment(
            deliverable="Canary waits at most 10 minutes, then the deploy stops",
            owner="ben",
            done_when="the pipeline config shows the limit",
            due=TODAY - timedelta(days=2),
            cause_ids=[why.id],
        ),
        Commitment(
            deliverable="Alert on checkout errors above 1% for 5 minutes",
            owner="ana",
            due=TODAY + timedelta(days=10),
            cause_ids=[top.id],
        ),
    ]
    review.summary = "A deploy without a canary broke checkout for 40 minutes."
    review.impact = "4% of checkouts failed for 40 minutes."
    store.add(review)
    store.add(
        make_review(
            "Q3 launch", created=datetime(2026, 10, 2, 9), kind=Kind.LESSONS, status=Status.CLOSED
        )
    )
    store.add_incident(
        new_incident(
            "Search is slow", now=NOW, author="ana", severity="SEV3", started="2026-11-22 16:40"
        )
    )
    return review


def screen_text(app: PmtuiApp) -> str:
    """What the terminal shows, as plain text, one line per row."""
    strips: list[Strip] = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def footer_fits(app: PmtuiApp) -> bool:
    """Every key the footer shows is inside the screen: nothing scrolled out of sight."""
    return all(footer.max_scroll_x == 0 for footer in app.screen.query(Footer))


async def settle(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, PmtuiApp)
    await app.workers.wait_for_complete()
    if any(isinstance(s, ReviewScreen) for s in app.screen_stack):
        await wait_saved(app, pilot)
        await hints_counted(app, pilot)
    app.clear_notifications()
    await pilot.pause()
    await pilot.pause()


def _on(name: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def wait(pilot: Pilot[None]) -> None:
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == name)

    return wait


async def _review(pilot: Pilot[None], stage: str | None = None) -> ReviewScreen:
    """Open the postmortem from home with enter, then ``stage`` by its number."""
    app = pilot.app
    assert isinstance(app, PmtuiApp)
    await on_home(app, pilot)
    await pilot.press("enter")
    screen = await on_review(app, pilot)
    await wait_for(pilot, lambda: screen.panes[screen.current].has_focus)
    if stage is not None:
        await pilot.press(str(list(screen.panes).index(stage) + 1))
        await wait_for(pilot, lambda: screen.current == stage)
        await wait_for(pilot, lambda: screen.panes[stage].has_focus_within)
    return screen


async def home(pilot: Pilot[None]) -> None:
    assert isinstance(pilot.app, PmtuiApp)
    await home_painted(pilot.app, pilot)


async def home_search(pilot: Pilot[None]) -> None:
    await home(pilot)
    await pilot.press("slash", *"q3n")
    app = pilot.app
    assert isinstance(app, PmtuiApp)
    await wait_for(pilot, lambda: "No review matches" in screen_text(app))


async def new_review(pilot: Pilot[None]) -> None:
    await home(pilot)
    await pilot.press("n")
    await _on("NewReviewScreen")(pilot)


async def frame(pilot: Pilot[None]) -> None:
    await _review(pilot)


async def frame_editing(pilot: Pilot[None]) -> None:
    await _review(pilot)
    await pilot.press("enter", "tab")


async def facts(pilot: Pilot[None]) -> None:
    await _review(pilot, "facts")


async def fact_form(pilot: Pilot[None]) -> None:
    await _review(pilot, "facts")
    await pilot.press("a")
    await _on("FactForm")(pilot)
    await pilot.press(*"2017-01-31 23:27 UTC")


async def causes(pilot: Pilot[None]) -> None:
    await _review(pilot, "causes")


async def cause_form(pilot: Pilot[None]) -> None:
    await _review(pilot, "causes")
    await pilot.press("w")
    await _on("CauseForm")(pilot)


async def commitments(pilot: Pilot[None]) -> None:
    await _review(pilot, "commitments")


async def commitment_form(pilot: Pilot[None]) -> None:
    await _review(pilot, "commitments")
    await pilot.press("a")
    await _on("CommitmentForm")(pilot)


async def past_due_asked(pilot: Pilot[None]) -> None:
    await commitment_form(pilot)
    await pilot.press("tab", *"Remove the manual deploy step", "tab", "tab", *"2026-11-01")
    await pilot.press("ctrl+s")
    await _on("ConfirmModal")(pilot)


async def drop_typed_asked(pilot: Pilot[None]) -> None:
    await fact_form(pilot)
    await pilot.press("escape")
    await _on("ConfirmModal")(pilot)


async def summary(pilot: Pilot[None]) -> None:
    await _review(pilot, "summary")


async def summary_form(pilot: Pilot[None]) -> None:
    await _review(pilot, "summary")
    await pilot.press("s")
    await _on("DocumentForm")(pilot)


async def export_asked(pilot: Pilot[None]) -> None:
    await _review(pilot, "summary")
    await pilot.press("ctrl+p", *"export markdown")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await _on("TextPromptModal")(pilot)


async def palette(pilot: Pilot[None]) -> None:
    await _review(pilot)
    await pilot.press("ctrl+p")
    await _on("CommandPalette")(pilot)
    await _palette_listed(pilot)


async def _palette_listed(pilot: Pilot[None]) -> None:
    """The palette's list is gathered, whole and not busy (it fills in batches)."""
    from textual.command import CommandList

    palette = pilot.app.screen
    commands = palette.query_one(CommandList)
    await wait_for(pilot, lambda: commands.option_count > 0)
    counts: list[int] = []

    def whole() -> bool:
        counts.append(commands.option_count)
        gathering = any(w.node is palette and w.is_running for w in pilot.app.workers)
        return len(counts) >= 3 and len(set(counts[-3:])) == 1 and not gathering

    await wait_for(pilot, whole)


async def help_screen(pilot: Pilot[None]) -> None:
    await _review(pilot, "causes")
    await pilot.press("question_mark")
    await _on("HelpScreen")(pilot)


async def followup(pilot: Pilot[None]) -> None:
    await home(pilot)
    await pilot.press("f")
    await _on("FollowUpScreen")(pilot)


async def followup_review(pilot: Pilot[None]) -> None:
    await followup(pilot)
    await pilot.app.workers.wait_for_complete()
    await pilot.press("enter")
    await _on("FollowUpReviewScreen")(pilot)


async def incidents(pilot: Pilot[None]) -> None:
    await home(pilot)
    await pilot.press("x")
    await _on("IncidentsScreen")(pilot)


async def insights(pilot: Pilot[None]) -> None:
    await home(pilot)
    await pilot.press("i")
    await _on("InsightsScreen")(pilot)


STOPS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "home": home,
    "home_search": home_search,
    "new_review": new_review,
    "frame": frame,
    "frame_editing": frame_editing,
    "facts": facts,
    "fact_form": fact_form,
    "drop_typed_asked": drop_typed_asked,
    "causes": causes,
    "cause_form": cause_form,
    "commitments": commitments,
    "commitment_form": commitment_form,
    "past_due_asked": past_due_asked,
    "summary": summary,
    "summary_form": summary_form,
    "export_asked": export_asked,
    "palette": palette,
    "help": help_screen,
    "followup": followup,
    "followup_review": followup_review,
    "incidents": incidents,
    "insights": insights,
}


def at(stop: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """The stop, then a settled screen with no passing notification in the picture."""

    async def run(pilot: Pilot[None]) -> None:
        await STOPS[stop](pilot)
        await settle(pilot)

    return run
