"""What a newcomer met on the review screen at 80x24: text columns cut short while empty
ones kept their width, cause lines past the right edge, the coach's hints not marked where
the summary said they were, no warning when a review with open hints was marked reviewed,
ctrl+a that did not select all, and F1 hidden on the follow-up review."""

from __future__ import annotations

from datetime import date, datetime

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea
from textual.widgets._footer import FooterKey

from pmtui.domain.model import Cause, Commitment, Fact, Review, Status
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.cause import CauseForm
from pmtui.tui.modals.confirm import ConfirmModal
from pmtui.tui.modals.help import HelpScreen
from pmtui.tui.screens.followup_review import FollowUpReviewScreen
from pmtui.tui.screens.review import ReviewScreen
from pmtui.tui.stages._table import ItemTable
from pmtui.tui.stages.causes import CauseTree
from pmtui.tui.stages.summary import SummaryPane
from tests.conftest import FrozenClock
from tests.tui.followup_harness import ScreenApp, settle
from tests.tui.pilot_helpers import on_home, on_review, wait_for, wait_saved
from tests.tui.screen_tour import screen_text

SIZE = (80, 24)
LONG_FACT = "The checkout service returned errors for every card payment after the deploy"
LONG_DELIVERABLE = (
    "Add a canary stage to the deploy pipeline that stops on a rise in checkout errors"
)
LONG_CAUSE = "The deploy pipeline had no canary stage, so a bad build reached every checkout host"


def _review() -> Review:
    fact = Fact(what=LONG_FACT, at="14:02", evidence="")
    blamed = Fact(what="Ben was careless and ignored the alert", at="14:09", evidence="pager")
    cause = Cause(statement=LONG_CAUSE, category="tooling", fact_ids=[fact.id])
    return Review(
        title="Checkout errors",
        created=datetime(2026, 11, 20, 9),
        participants=["ana", "ben"],
        facilitator="ana",
        facts=[fact, blamed],
        causes=[cause, Cause(statement="Ben was careless with the deploy", parent_id=cause.id)],
        commitments=[
            Commitment(
                deliverable=LONG_DELIVERABLE,
                owner="ana",
                due=date(2026, 12, 4),
                done_when="the pipeline stops a bad build",
                cause_ids=[cause.id],
            ),
            Commitment(deliverable="Rota page", owner="ben", due=date(2026, 12, 4)),
        ],
    )


async def _open(app: PmtuiApp, pilot: Pilot[None], stage: str) -> ReviewScreen:
    await on_home(app, pilot)
    await pilot.press("enter")
    screen = await on_review(app, pilot)
    mounted = screen.open_stage(stage)
    if mounted is not None:
        await mounted
    await pilot.pause()
    return screen


async def _marked(
    app: PmtuiApp, pilot: Pilot[None], stage: str, item_id: str
) -> tuple[ReviewScreen, ItemTable, dict[str, int]]:
    """The stage's table once the coach's mark is on ``item_id``, and its columns' widths."""
    screen = await _open(app, pilot, stage)
    table = screen.query_one(f"#{stage}-table", ItemTable)
    await wait_for(pilot, lambda: table.get_cell(item_id, "hint").plain == "!")
    widths = {str(c.key.value): c.get_render_width(table) for c in table.ordered_columns}
    assert sum(widths.values()) <= table.scrollable_content_region.width
    return screen, table, widths


async def test_the_facts_table_gives_what_happened_the_room_and_marks_hints(
    app: PmtuiApp, store: Store
) -> None:
    review = store.add(_review())
    async with app.run_test(size=SIZE) as pilot:
        screen, table, widths = await _marked(app, pilot, "facts", review.facts[1].id)
        assert widths["what"] >= 40, widths  # was about 27 beside empty columns
        assert widths["evidence"] == len("Evidence") + 2 and widths["at"] == len("14:02") + 2
        (row,) = [line for line in screen_text(app).splitlines() if "…" in line]
        assert "14:02  The checkout service returned errors for" in row, row
        # The fact with no evidence has a hint too (where is it recorded?).
        assert table.get_cell(review.facts[0].id, "hint").plain == "!"
        table.move_cursor(row=1)
        await pilot.pause()
        detail = str(screen.query_one("#facts-detail", Static).render())
        assert "! Coach:" in detail


async def test_the_facts_table_fits_80_columns_with_every_column_at_its_widest(
    app: PmtuiApp, store: Store
) -> None:
    """An approximate day and time, long evidence and a decision point: nothing runs past
    the edge, and what happened keeps a readable width."""
    wide = Fact(
        what=LONG_FACT,
        at="2026-11-20 14:02",
        approx=True,
        evidence="https://chat.example.com/archives/C024BE91L/p1700000000",
        decision=True,
        known_then="x",
        options="y",
        pressures="z",
    )
    review = _review()
    review.facts.append(wide)
    store.add(review)
    async with app.run_test(size=SIZE) as pilot:
        _screen, _table, widths = await _marked(app, pilot, "facts", review.facts[1].id)
        assert widths["what"] >= 24 + 2, widths
        assert widths["at"] == len("approx. 2026-11-20 14:02") + 2, widths
        assert widths["decision"] == 2, widths  # gave its width (its questions: under it)


async def test_the_commitments_table_gives_the_deliverable_the_room(
    app: PmtuiApp, store: Store
) -> None:
    review = store.add(_review())
    async with app.run_test(size=SIZE) as pilot:
        vague = review.commitments[1].id  # no "done when": a hint
        _screen, table, widths = await _marked(app, pilot, "commitments", vague)
        assert table.get_cell(review.commitments[0].id, "hint").plain == ""
        assert widths["deliverable"] >= 40, widths  # was 33
        lines = screen_text(app).splitlines()
        (row,) = [line for line in lines if "…" in line and "Add a canary" in line]
        assert "Add a canary stage to the deploy pipeline" in row and "2026-12-04" in row, row


async def test_cause_lines_end_within_the_tree_and_say_their_hints(
    app: PmtuiApp, store: Store
) -> None:
    review = store.add(_review())
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "causes")
        tree = screen.query_one(CauseTree)
        await pilot.pause()
        assert tree.virtual_size.width <= tree.scrollable_content_region.width
        lines = [line for line in screen_text(app).splitlines() if "canary" in line]
        assert any("…" in line for line in lines), lines
        # "careless" blames a person: marked in the tree, said under it.
        why = review.causes[1].id
        await wait_for(pilot, lambda: why in tree.marked)
        tree.move_cursor(tree.nodes_by_id[why])
        await pilot.pause()
        assert "! Coach:" in str(screen.query_one("#causes-detail", Static).render())
        assert str(tree.nodes_by_id[why].label).startswith("! ")


async def test_the_summary_says_where_the_hints_are(app: PmtuiApp, store: Store) -> None:
    store.add(_review())
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "summary")
        box = screen.query_one("#coach-hints", Static)
        await wait_for(pilot, lambda: box.display)
        said = str(box.render())
        assert "show them in place" not in said
        assert "in Facts, Causes and Commitments each item with one is marked !" in said


async def _choose_status(pilot: Pilot[None], screen: ReviewScreen, status: Status) -> None:
    select = screen.query_one("#status", Select)
    select.focus()
    await pilot.pause()
    select.value = status
    await pilot.pause()


async def test_marking_reviewed_with_open_hints_warns_and_going_back_keeps_the_status(
    app: PmtuiApp, store: Store
) -> None:
    review = store.add(_review())
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "summary")
        pane = screen.query_one(SummaryPane)
        await wait_for(pilot, lambda: pane.query_one("#coach-hints").display)
        await _choose_status(pilot, screen, Status.REVIEWED)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        assert "coach hints still open" in modal.question
        assert "listed under the document" in modal.question
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_saved(app, pilot)
        assert store.get(review.id).status is Status.DRAFT
        assert screen.query_one("#status", Select).value is Status.DRAFT
        await _choose_status(pilot, screen, Status.REVIEWED)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_saved(app, pilot)
        assert store.get(review.id).status is Status.REVIEWED


async def test_marking_reviewed_without_hints_asks_nothing(app: PmtuiApp, store: Store) -> None:
    review = store.add(Review(title="Quiet one", created=datetime(2026, 11, 20, 9)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "summary")
        await _choose_status(pilot, screen, Status.REVIEWED)
        await wait_saved(app, pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert store.get(review.id).status is Status.REVIEWED


async def test_ctrl_a_selects_all_in_a_multi_line_field_and_not_in_a_one_line_one(
    app: PmtuiApp, store: Store
) -> None:
    store.add(_review())
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, "causes")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, CauseForm))
        statement = app.screen.query_one("#cause-statement", TextArea)
        statement.focus()
        await pilot.pause()
        await pilot.press("ctrl+a", *"Deploys skip the canary")
        assert statement.text == "Deploys skip the canary"
        await pilot.press("home")  # the line's start, as before
        assert statement.cursor_location == (0, 0)
        category = app.screen.query_one("#cause-category", Input)
        category.focus()
        await pilot.pause()
        await pilot.press("ctrl+a", "x")
        assert category.value == "xtooling"  # ctrl+a is the start of a one-line field


async def test_the_summary_s_fields_say_esc_leaves_them(app: PmtuiApp, store: Store) -> None:
    store.add(_review())
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(app, pilot, "summary")
        field = screen.query_one("#follow-up", Input)
        field.focus()
        await pilot.pause()
        await wait_for(pilot, lambda: "esc Leave the field" in _key_line(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.panes["summary"].has_focus)
        assert app.screen is screen  # left the field, not the review
        assert "esc Leave the field" not in _key_line(app)


def _key_line(app: PmtuiApp) -> str:
    return " ".join(f"{k.key_display} {k.description}".strip() for k in app.screen.query(FooterKey))


async def test_f1_shows_help_on_the_follow_up_review_and_says_so_in_a_field(
    store: Store, clock: FrozenClock
) -> None:
    review = store.add(_review())
    app = ScreenApp(lambda: FollowUpReviewScreen(review.id), store, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#fur-way", Input).focus()
        await wait_for(pilot, lambda: "F1 Help" in _key_line(app))
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
