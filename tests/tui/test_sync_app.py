"""Syncing from the app: the "n unsynced" mark, the palette's *Sync now*, ``sync = auto``."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.domain.settings import SettingsError, load_settings
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp, make_app
from pmtui.tui.widgets.sync_mark import SyncMark
from tests.store.helpers import make_review
from tests.store.sync.machines import Machine, bare_remote, requires_git
from tests.tui.pilot_helpers import SIZE, on_home, on_review, wait_for

pytestmark = requires_git()


def mark(app: PmtuiApp) -> SyncMark:
    return app.screen.query_one(SyncMark)


def mark_text(app: PmtuiApp) -> str:
    m = mark(app)
    return str(m.render()) if m.display else ""


@pytest.fixture
def synced(store: Store, tmp_path: Path) -> Machine:
    """The app's store syncs with a remote that ben's store also syncs with."""
    remote = bare_remote(tmp_path / "remote.git")
    store.add(make_review("checkout outage"))
    ana = Machine(tmp_path, "ana", remote)
    ana.store = store
    ana.init()
    ben = Machine(tmp_path, "ben", remote)
    ben.join()
    return ben


async def _palette(pilot: object, words: str) -> None:
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*words)  # type: ignore[attr-defined]
    await pilot.pause(0.3)  # type: ignore[attr-defined]
    await pilot.press("enter")  # type: ignore[attr-defined]


async def test_no_mark_when_the_store_does_not_sync(app: PmtuiApp, store: Store) -> None:
    store.add(make_review("x"))
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.pause(0.2)
        assert not mark(app).display
        await _palette(pilot, "sync now")
        await wait_for(
            pilot, lambda: any("does not sync yet" in n.message for n in app._notifications)
        )


async def test_the_mark_counts_unsynced_reviews_and_the_palette_syncs(
    app: PmtuiApp, store: Store, synced: Machine
) -> None:
    ben = synced
    store.add(make_review("disk full"))
    ben.add(make_review("ben's review"))
    ben.sync()
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await wait_for(pilot, lambda: mark_text(app) == "1 unsynced")
        assert mark(app).has_class("-waiting")
        await _palette(pilot, "sync now")
        await wait_for(pilot, lambda: mark_text(app) == "synced")
        texts = [n.message for n in app._notifications]
        assert any("1 review changed by one teammate" in t and "ben's review" in t for t in texts)
        assert any("Sent 1 changed review" in t for t in texts)
        home = app.screen
        await wait_for(pilot, lambda: len(home.shown_summaries()) == 3)  # type: ignore[attr-defined]
    ben.sync()
    assert "disk full" in {r.title for r in ben.store.reviews()}


async def test_typing_goes_on_while_a_sync_runs(
    app: PmtuiApp, store: Store, synced: Machine
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        review_id = store.summaries()[0].id
        from pmtui.tui import messages

        app.post_message(messages.OpenReview(review_id, stage="frame"))
        screen = await on_review(app, pilot)
        app.sync_now()
        screen.session.set("review", None, "summary", "typed while syncing")
        await wait_for(pilot, lambda: not app.sync.running, timeout=30)
        assert screen.session.flush(10)
    assert store.get(review_id).summary == "typed while syncing"


async def test_sync_auto_in_the_config_syncs_on_start(
    store: Store, clock: object, config_dir: Path, synced: Machine
) -> None:
    ben = synced
    ben.add(make_review("from ben"))
    ben.sync()
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text("sync = auto\n")
    app = make_app(store=store, clock=clock, user="ana", config_dir=config_dir)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await wait_for(pilot, lambda: "from ben" in {s.title for s in store.summaries()}, 30)
    # and nothing syncs on its own without it
    (config_dir / "config.toml").write_text('sync = "manual"\n')
    ben.add(make_review("second from ben"))
    ben.sync()
    app = make_app(store=store, clock=clock, user="ana", config_dir=config_dir)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await pilot.pause(1.0)
        assert not app.sync.running
    assert "second from ben" not in {s.title for s in store.summaries()}


def test_settings_file(tmp_path: Path) -> None:
    assert not load_settings(tmp_path).auto_sync
    (tmp_path / "config.toml").write_text('sync = "auto"\n')
    assert load_settings(tmp_path).auto_sync
    (tmp_path / "config.toml").write_text("# mine\nsync = auto  # please\n")
    assert load_settings(tmp_path).auto_sync
    (tmp_path / "config.toml").write_text('sync = "hourly"\n')
    with pytest.raises(SettingsError, match='"manual" or "auto"'):
        load_settings(tmp_path)


async def test_a_sync_that_breaks_never_takes_the_app_down(
    app: PmtuiApp, synced: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pmtui.store.sync.engine import Syncer

    def broken(self: Syncer) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Syncer, "sync", broken)
    async with app.run_test(size=SIZE) as pilot:
        await on_home(app, pilot)
        await _palette(pilot, "sync now")
        await wait_for(
            pilot, lambda: any("unexpected error" in n.message for n in app._notifications)
        )
        assert app.is_running and not app.sync.running
        await wait_for(pilot, lambda: mark_text(app) == "synced")
