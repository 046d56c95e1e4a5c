"""The hints widget: debounced as the user types, dismissible with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Button, Input

from pmtui.domain.coach import Finding, load_rules
from pmtui.tui.modals.dismiss_hint import DismissHintModal
from pmtui.tui.widgets.hints import HintsWidget
from tests.tui.pilot_helpers import click_when_shown, wait_for

RULES = load_rules(Path("/nonexistent-config"))


class HintsApp(App[None]):
    def __init__(self, delay: float = 0.05) -> None:
        super().__init__()
        self.delay = delay
        self.dismissed: list[HintsWidget.Dismissed] = []

    def compose(self) -> ComposeResult:
        yield Input(id="statement")
        yield HintsWidget(
            "causes", item_id="c1", names=["Zephyrine"], rules=RULES, delay=self.delay
        )

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self.query_one(HintsWidget).update_text(event.value)

    @on(HintsWidget.Dismissed)
    def _store(self, event: HintsWidget.Dismissed) -> None:
        self.dismissed.append(event)


def rules_shown(app: HintsApp) -> set[str]:
    return {f.rule for f in app.query_one(HintsWidget).findings}


async def test_hints_appear_after_typing_pauses() -> None:
    app = HintsApp(delay=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        hints = app.query_one(HintsWidget)
        assert not hints.display or hints.has_class("-empty")
        app.query_one(Input).value = "Human error during the deploy"
        await pilot.pause()
        assert rules_shown(app) == set()  # still typing: nothing yet
        await pilot.pause(0.4)
        assert rules_shown(app) == {"cause-blame"}
        assert not hints.has_class("-empty")
        assert app.focused is app.query_one(Input)  # never steals focus
        app.query_one(Input).value = "The deploy pipeline has no canary stage"
        await pilot.pause(0.4)
        assert rules_shown(app) == set()
        assert hints.has_class("-empty")


async def test_quick_typing_is_read_once() -> None:
    app = HintsApp(delay=0.2)
    calls: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        hints = app.query_one(HintsWidget)

        def check(text: str) -> list[Finding]:
            calls.append(text)
            return []

        hints.check = check
        for word in ("Zephyrine", "Zephyrine restarted", "Zephyrine restarted it"):
            app.query_one(Input).value = word
            await pilot.pause(0.02)
        await pilot.pause(0.4)
        assert calls == ["Zephyrine restarted it"]


async def test_participant_names_come_from_the_pane() -> None:
    app = HintsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(HintsWidget).check_now("Zephyrine restarted the node")
        await pilot.pause()
        assert rules_shown(app) == {"cause-person"}


async def test_dismiss_with_a_reason_posts_a_message() -> None:
    app = HintsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(HintsWidget).check_now("Human error during the deploy")
        await click_when_shown(pilot, ".dismiss")
        await click_when_shown(pilot, "#ok")  # no reason yet: stays open
        await pilot.pause()
        assert isinstance(app.screen, DismissHintModal)
        await click_when_shown(pilot, "#answer")
        for key in "quoting":
            await pilot.press(key)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DismissHintModal)
        [event] = app.dismissed
        assert (event.item_id, event.rule, event.reason) == ("c1", "cause-blame", "quoting")
        assert rules_shown(app) == set()


async def test_escape_and_cancel_keep_the_hint() -> None:
    app = HintsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(HintsWidget).check_now("Human error during the deploy")
        await click_when_shown(pilot, ".dismiss")
        await wait_for(pilot, lambda: isinstance(app.screen, DismissHintModal))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DismissHintModal)
        await click_when_shown(pilot, ".dismiss")
        await click_when_shown(pilot, "#cancel")
        await pilot.pause()
        assert not isinstance(app.screen, DismissHintModal)
        assert app.dismissed == []
        assert rules_shown(app) == {"cause-blame"}


async def test_field_findings_and_already_dismissed_rules() -> None:
    app = HintsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        hints = app.query_one(HintsWidget)
        hints.dismissed.add("cause-no-why")
        hints.set_field_findings(
            [
                Finding("cause-no-why", "no why", "ask why", "causes", "c1", "statement"),
                Finding("cause-recurs", "seen before", "look", "causes", "c1", "recurrence"),
                Finding("cause-person", "stale", "", "causes", "c1", "statement"),
            ]
        )
        await pilot.pause()
        assert rules_shown(app) == {"cause-recurs"}
        assert len(app.query(Button)) == 1


async def test_user_text_is_not_markup() -> None:
    app = HintsApp()
    async with app.run_test(size=(100, 30)) as pilot:
        hints = app.query_one(HintsWidget)
        hints.set_field_findings(
            [Finding("cause-recurs", "In “[bold]x[/]”", "", "causes", "c1", "x")]
        )
        await pilot.pause()
        assert "[bold]x[/]" in str(hints.query_one(".hint-text").render())


async def test_a_broken_team_word_file_turns_hints_off_without_breaking(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "coach.toml").write_text("disabled = 3\n", encoding="utf-8")

    class DefaultRulesApp(App[None]):
        notes: list[str] = []

        def compose(self) -> ComposeResult:
            yield HintsWidget("causes", item_id="c1", delay=0.05)

        def notify(self, message: str, **kwargs: Any) -> None:
            self.notes.append(message)

    app = DefaultRulesApp()
    async with app.run_test(size=(100, 30)) as pilot:
        hints = app.query_one(HintsWidget)
        hints.check_now("Human error during the deploy")
        hints.check_now("Human error again")
        await pilot.pause()
        assert hints.findings == ()
        assert len(app.notes) == 1
        assert "coach.toml: disabled" in app.notes[0]
