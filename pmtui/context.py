"""What every command needs: who is acting, on which store, on which day."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pmtui import locations

if TYPE_CHECKING:
    import argparse

    from pmtui.store.repository import Store


def current_user() -> str:
    """``$USER`` (or the login name), the default owner of what one writes."""
    for var in ("PMTUI_USER", "USER", "LOGNAME"):
        value = os.environ.get(var)
        if value:
            return value
    import getpass  # only with none of the variables set

    try:
        return getpass.getuser()
    except Exception:
        return "me"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class Context:
    """Who acts, on which store, by which clock (a plain class: made before the app's first
    frame, and Python builds a dataclass's methods as its module loads)."""

    def __init__(self, store_path: Path, user: str, clock: Callable[[], datetime] = _now) -> None:
        self.store_path = store_path
        self.user = user
        self.clock = clock

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        return cls.of(getattr(args, "store", None), getattr(args, "user", None))

    @classmethod
    def of(cls, store: str | None, user: str | None) -> Context:
        """For ``--store`` and ``--as`` as given (None: not given)."""
        return cls(store_path=locations.store_path(store), user=user or current_user())

    @property
    def today(self) -> date:
        return self.clock().date()

    @cached_property
    def store(self) -> Store:
        from pmtui.domain.verdicts import coach_judge
        from pmtui.store.repository import Store

        return Store(self.store_path, clock=self.clock, judge=coach_judge())
