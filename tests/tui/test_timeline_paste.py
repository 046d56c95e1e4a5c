"""The Facts stage's paste box: a preview first, read off the screen's thread, one undo."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, DataTable, Input, ProgressBar, RadioButton, Static, TextArea

from pmtui.domain.timeline_import import MAX_FACTS
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp
from pmtui.tui.modals.timeline_paste import TimelinePasteModal
from tests.tui.pilot_helpers import SIZE, cell_texts, new_review_at, wait_for, wait_saved

CHAT = """\
some text before anyone wrote a time
14:02 ana: deploy 4411 is out
14:05 bo: 502s on checkout, rolling back
still rolling
14:11 ana: carelessly restarted the wrong pod
"""


def value_of(field: Input) -> str:
    """What the field holds now (read again after a key, not narrowed by an earlier check)."""
    return field.value


async def open_paste(app: PmtuiApp, pilot) -> TimelinePasteModal:  # type: ignore[no-untyped-def]
    screen = await new_review_at(app, pilot, "facts")
    screen.session.set("review", None, "happened", "2026-11-20 14:00")
    await wait_saved(app, pilot)
    screen.query_one("#facts-table").focus()
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, TimelinePasteModal))
    assert isinstance(app.screen, TimelinePasteModal)
    return app.screen


async def read(pilot, modal: TimelinePasteModal) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await wait_for(pilot, lambda: not modal.reading and modal.parsed is not None, timeout=60)


async def test_a_pasted_chat_is_previewed_then_added_and_undone_as_one(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_paste(app, pilot)
        review_id = modal.review.id
        modal.query_one("#paste-text", TextArea).text = CHAT
        await read(pilot, modal)
        summary = str(modal.query_one("#paste-summary", Static).render())
        assert summary.startswith("3 facts from 5 lines")
        assert "1 without a time attached" in summary and "1 without a time skipped" in summary
        rows = cell_texts(modal.query_one("#paste-preview", DataTable))
        assert [r[0] for r in rows] == [
            "2026-11-20 14:02",
            "2026-11-20 14:05",
            "2026-11-20 14:11",
        ]
        assert rows[2][2] == "fact-judgement"  # the coach reads imported facts as typed ones
        assert store.get(review_id).facts == []  # nothing saved before Add
        modal.query_one("#skip", RadioButton).value = True
        await read(pilot, modal)
        assert "2 without a time skipped" in str(modal.query_one("#paste-summary").render())
        add = modal.query_one("#paste-add", Button)
        assert not add.disabled and "3 facts" in str(add.label)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, TimelinePasteModal))
        await wait_saved(app, pilot)
        facts = store.get(review_id).facts
        assert [f.what for f in facts] == [
            "ana: deploy 4411 is out",
            "bo: 502s on checkout, rolling back",
            "ana: carelessly restarted the wrong pod",
        ]
        assert facts[0].evidence == "pasted text, line 2" and facts[0].author == "ana"
        app.screen.query_one("#facts-table").focus()
        await pilot.press("u")
        await wait_saved(app, pilot)
        assert store.get(review_id).facts == []


async def test_the_same_paste_twice_adds_nothing_the_second_time(
    app: PmtuiApp, store: Store
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_paste(app, pilot)
        modal.query_one("#paste-text", TextArea).text = CHAT
        await read(pilot, modal)
        await pilot.press("ctrl+s")
        await wait_saved(app, pilot)
        app.screen.query_one("#facts-table").focus()
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelinePasteModal))
        modal = app.screen  # type: ignore[assignment]
        modal.query_one("#paste-text", TextArea).text = CHAT
        await read(pilot, modal)
        assert "3 of them are in the timeline already" in str(
            modal.query_one("#paste-summary").render()
        )
        assert modal.query_one("#paste-add", Button).disabled
        await pilot.press("escape")


async def test_a_file_that_cannot_be_read_is_said_in_the_preview(
    app: PmtuiApp, tmp_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_paste(app, pilot)
        modal.query_one("#paste-file", Input).value = str(tmp_path / "nowhere.log")
        await pilot.pause()
        await wait_for(
            pilot, lambda: "Cannot read it" in str(modal.query_one("#paste-summary").render())
        )
        assert modal.query_one("#paste-add", Button).disabled


async def test_a_100000_line_log_is_read_off_the_screens_thread_with_progress(
    app: PmtuiApp, store: Store, tmp_path: Path
) -> None:
    log = tmp_path / "api.log"
    log.write_text(
        "".join(
            f"2026-11-20T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z "
            f"worker-{i % 50} request {i} done\n"
            for i in range(100_000)
        )
    )
    async with app.run_test(size=SIZE) as pilot:
        modal = await open_paste(app, pilot)
        review_id = modal.review.id
        modal.query_one("#paste-file", Input).value = str(log)
        await wait_for(pilot, lambda: modal.reading)
        progressed: list[float] = []
        typed = modal.query_one("#paste-match", Input)
        typed.focus()
        while modal.reading or modal.parsed is None:
            bar = modal.query_one("#paste-progress", ProgressBar)
            if bar.display and bar.progress:
                progressed.append(bar.progress)
            await pilot.pause(0.05)
            if len(progressed) == 1 and not typed.value:
                await pilot.press("x")  # the screen takes keys while the log is read
                assert value_of(typed) == "x"
                typed.value = ""
        assert progressed and progressed[0] < 100_000  # the bar moved before the end
        summary = str(modal.query_one("#paste-summary", Static).render())
        assert summary.startswith("100,000 facts from 100,000 lines")
        assert f"at most {MAX_FACTS:,}" in summary
        assert modal.query_one("#paste-add", Button).disabled
        typed.value = "worker-7 "
        await read(pilot, modal)
        assert str(modal.query_one("#paste-summary").render()).startswith("2,000 facts")
        await pilot.press("ctrl+s")
        await wait_saved(app, pilot)
        assert len(store.get(review_id).facts) == 2_000


async def test_a_csv_offers_its_columns_when_pmtui_cannot_tell(app: PmtuiApp, store: Store) -> None:
    from textual.widgets import Select

    async with app.run_test(size=SIZE) as pilot:
        modal = await open_paste(app, pilot)
        review_id = modal.review.id
        modal.query_one("#paste-text", TextArea).text = (
            "fired_at,alert name,where\n2026-11-20 14:03,CheckoutErrors,eu\n"
            "2026-11-20 14:09,LatencyHigh,us\n"
        )
        await wait_for(
            pilot, lambda: "Pick the time column" in str(modal.query_one("#paste-summary").render())
        )
        assert modal.query_one("#paste-columns").display
        time_col = modal.query_one("#paste-time-column", Select)
        text_col = modal.query_one("#paste-text-column", Select)
        time_col.value = "fired_at"
        await pilot.pause()
        await wait_for(
            pilot, lambda: "Pick the text column" in str(modal.query_one("#paste-summary").render())
        )
        text_col.value = "alert name"
        await read(pilot, modal)
        assert str(modal.query_one("#paste-summary").render()).startswith("2 facts from 2 rows")
        await pilot.press("ctrl+s")
        await wait_saved(app, pilot)
        assert [f.what for f in store.get(review_id).facts] == ["CheckoutErrors", "LatencyHigh"]
