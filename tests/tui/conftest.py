"""Fixtures for driving the app with Pilot: a store in tmp_path, a frozen clock, user ana."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from pmtui.domain.model import Commitment, Kind, Review, Status
from pmtui.store.repository import Store
from pmtui.tui.app import PmtuiApp, make_app

SIZE = (100, 30)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    return tmp_path / "config"


@pytest.fixture
def app(store: Store, clock: Callable[[], datetime], config_dir: Path) -> PmtuiApp:
    return make_app(store=store, clock=clock, user="ana", config_dir=config_dir)


def make_review(
    title: str,
    *,
    created: datetime,
    kind: Kind = Kind.POSTMORTEM,
    status: Status = Status.DRAFT,
    tags: tuple[str, ...] = (),
    due: tuple[date | None, ...] = (),
    owner: str = "ana",
) -> Review:
    """A review with one open commitment per entry of ``due``."""
    return Review(
        title=title,
        kind=kind,
        template=kind.value,
        created=created,
        updated=created,
        status=status,
        tags=list(tags),
        facilitator="ana",
        participants=["ana", "ben"],
        commitments=[
            Commitment(deliverable=f"{title}: fix {i}", owner=owner, due=d)
            for i, d in enumerate(due)
        ],
    )


async def wait_saved(app: PmtuiApp, pilot: object) -> None:
    """Let the open review's saving thread finish, then let the UI catch up."""
    import asyncio

    from pmtui.tui.screens.review import ReviewScreen

    for screen in app.screen_stack:
        if isinstance(screen, ReviewScreen):
            await asyncio.get_running_loop().run_in_executor(None, screen.session.flush, 10.0)
    await pilot.pause()  # type: ignore[attr-defined]
