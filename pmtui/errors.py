"""Turning known failures into one readable line for the command line."""

from __future__ import annotations

from pmtui.domain.dates import DateError
from pmtui.domain.model import ValidationError


def describe(exc: BaseException) -> str | None:
    """The message to show for an expected failure, or ``None`` for a bug."""
    from pmtui.domain.config_files import ConfigFileError
    from pmtui.store.errors import StoreError
    from pmtui.store.shared import explain_denied

    denied = explain_denied(exc)
    if denied is not None:
        return denied
    # a template, the review policy, the coach's words: a team file names its own problem
    if isinstance(exc, StoreError | ValidationError | DateError | ConfigFileError):
        return str(exc)
    if isinstance(exc, OSError):  # the disk or the system said no: not a bug in pmtui
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}."
    return None
