"""What every command needs: who is acting, on which store, on which day."""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pmtui import locations

if TYPE_CHECKING:
    from pmtui.store.repository import Store


def current_user() -> str:
    """``$USER`` (or the login name), the default owner of what one writes."""
    for var in ("PMTUI_USER", "USER", "LOGNAME"):
        value = os.environ.get(var)
        if value:
            return value
    try:
        return getpass.getuser()
    except Exception:
        return "me"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass
class Context:
    store_path: Path
    user: str
    clock: Callable[[], datetime] = field(default=_now)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        return cls(
            store_path=locations.store_path(getattr(args, "store", None)),
            user=getattr(args, "user", None) or current_user(),
        )

    @property
    def today(self) -> date:
        return self.clock().date()

    @cached_property
    def store(self) -> Store:
        from pmtui.domain.verdicts import coach_judge
        from pmtui.store.repository import Store

        return Store(self.store_path, clock=self.clock, judge=coach_judge())
