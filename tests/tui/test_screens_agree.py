"""The app shows each rule as the domain decides it: forms, the summary, the stepper.

The form's group-owner check and its hints per section, the summary's
document and the stages' titles and progress each have one home outside
the UI; these tests hold the screens to what that home says.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from textual.app import App
from textual.widgets import Input, Markdown, Static

from pmtui.domain import stages
from pmtui.domain.coach import check_review, coached_section
from pmtui.domain.model import Commitment, Entry, Review
from pmtui.domain.templates import Section, load_templates
from pmtui.store.exports import md
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.forms.coach import Coach
from pmtui.tui.forms.commitment import CommitmentForm
from pmtui.tui.forms.entry import EntryForm
from pmtui.tui.stages.commitments import CommitmentsPane
from pmtui.tui.stages.summary import SummaryPane
from pmtui.tui.widgets.hints import HintsWidget
from tests.conftest import FrozenClock
from tests.tui.pilot_helpers import SIZE, make_review, on_home, on_review, wait_for
from tests.tui.stage_harness import PaneApp, open_session, set_form_values, template

BLAME = "Dana was careless with the deploy"


def _coach_flags_owner(owner: str) -> bool:
    review = Review(commitments=[Commitment(deliverable="x", owner=owner, due=date(2026, 12, 1))])
    return any(f.rule == "commitment-group-owner" for f in check_review(review))


async def test_the_commitment_form_refuses_the_owners_the_coach_flags(
    store: Store, clock: FrozenClock
) -> None:
    config = Path(os.environ["PMTUI_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "coach.toml").write_text('[commitments]\ngroup_owners = ["the pager"]\n')
    session = open_session(store, Review(title="owners"))
    app = PaneApp(CommitmentsPane(session, template("postmortem")), clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            for owner in ("ana", "the team", "ana; ben", "the pager", "Anne-Marie O'Neil", "?"):
                if not isinstance(app.screen, CommitmentForm):
                    await pilot.press("a")
                    await wait_for(pilot, lambda: isinstance(app.screen, CommitmentForm))
                await set_form_values(
                    pilot,
                    **{
                        "commitment-owner": owner,
                        "commitment-deliverable": "Add a disk alert",
                        "commitment-due": "+1w",
                    },
                )
                await pilot.press("ctrl+s")
                await pilot.pause()
                refused = isinstance(app.screen, CommitmentForm)
                assert refused == _coach_flags_owner(owner), owner
                if refused:
                    error = str(app.screen.query_one("#form-error", Static).render())
                    assert "is not one person" in error
                    assert app.screen.focused is app.screen.query_one("#commitment-owner", Input)
    finally:
        session.close()


class FormHost(App[None]):
    def __init__(self, form: EntryForm) -> None:
        super().__init__()
        self.form = form

    def on_mount(self) -> None:
        self.push_screen(self.form)


async def _form_hints(form: EntryForm) -> bool | None:
    """Whether the form shows hints for its text (``None``: it has no hints at all)."""
    app = FormHost(form)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen is form)
        hints = form.query(HintsWidget)
        if not hints:
            return None
        await wait_for(pilot, lambda: bool(hints.first().findings))
        return True


async def test_entry_forms_give_hints_exactly_where_the_coach_checks() -> None:
    keys = {s.key for t in load_templates().values() for s in t.sections} | {"our_own"}
    for key in sorted(keys):
        entry = Entry(section=key, text=BLAME)
        form = EntryForm(
            entry, is_new=False, section=Section(key, key, "?"), coach=Coach(names=("Dana",))
        )
        checked = any(f.item_id == entry.id for f in check_review(Review(entries=[entry])))
        assert checked == coached_section(key), key
        assert await _form_hints(form) is (True if checked else None), key


async def test_the_summary_shows_the_read_back_built_with_the_exports_escaping(
    app: PmtuiApp, store: Store
) -> None:
    title = "[bold]x[/] *not em* | `code` <b>"
    review = store.add(make_review(title, created=app.clock(), due=(date(2026, 12, 4),)))
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("enter")
        screen = await on_review(app, pilot)
        screen.open_stage("summary")
        await pilot.pause()
        doc = screen.query_one(SummaryPane).query_one("#summary-doc", Markdown)
        expected = md.read_back(review, app.template_for(review), today=app.today)
        await wait_for(pilot, lambda: doc.source == expected)
    exported = md.document(review, today=app.today)
    assert f"# {md.inline(title)}" in expected and f"# {md.inline(title)}" in exported


async def test_the_stepper_palette_help_and_progress_come_from_the_stage_registry(
    app: PmtuiApp, store: Store
) -> None:
    review = store.add(make_review("registry", created=app.clock()))
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.press("enter")
        screen = await on_review(app, pilot)
        for number, name in enumerate(screen.stages, start=1):
            step = str(screen.query_one(f"#step-{name}").render())
            assert stages.stage(name).title in step
            titles = [c.title for c in screen.palette_commands()]
            assert f"Open stage {number}: {stages.stage(name).title}" in titles
        template = app.template_for(review)
        assert screen.progress() == stages.progress(screen.review, template)
        help_text = screen.help_text()
        for number, name in enumerate(screen.stages, start=1):
            stage = stages.stage(name)
            assert f"{number}. **{stage.title}**: {stage.purpose}" in help_text
