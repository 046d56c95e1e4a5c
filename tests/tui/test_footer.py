"""The key line: built again only when the keys it shows change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from pmtui.tui.widgets.footer import KeyFooter
from tests.tui.pilot_helpers import wait_for


class Keys(App[None]):
    BINDINGS = [Binding("ctrl+s", "save", "Save"), Binding("ctrl+o", "open", "Open")]

    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")
        yield KeyFooter()

    def action_save(self) -> None:
        pass

    def action_open(self) -> None:
        pass

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "open" and self.focused is not None and self.focused.id == "two")


def _keys(app: App[None]) -> list[FooterKey]:
    return list(app.query(FooterKey))


async def test_the_footer_is_built_again_only_when_its_keys_change() -> None:
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        first = _keys(app)
        assert {k.description for k in first} >= {"Save", "Open"}
        assert all(k.has_class("-compact") for k in first)  # compact from the start
        app.query_one("#one", Input).focus()  # the keys stay as they are
        await pilot.pause()
        await pilot.pause()
        assert _keys(app) == first
        assert all(a is b for a, b in zip(_keys(app), first, strict=True))
        app.query_one("#two", Input).focus()  # no "Open" here
        await wait_for(pilot, lambda: "Open" not in {k.description for k in _keys(app)})
        now = _keys(app)
        assert "Save" in {k.description for k in now}
        await pilot.resize_terminal(16, 10)  # fewer keys fit
        await pilot.pause()
        await pilot.pause()
        assert len(_keys(app)) < len(now)
