"""The coach's hints still open in a review, as the review screen shows them: counted per
stage in the stepper, listed in the summary (one rule: ``open_hints_by_stage``)."""

from __future__ import annotations

from textual.dom import DOMNode

from pmtui.domain.coach import Finding, RulesError, open_hints_by_stage
from pmtui.domain.coach.model import loaded
from pmtui.domain.model import Review
from pmtui.store.errors import StoreError
from pmtui.tui.shell import shell


def coach_in_memory() -> bool:
    """Whether pmtui has read the coach's model and word lists since it started (a stage
    showed hints, in this review or an earlier one): counting hints holds no more then."""
    return loaded()


def written_hints(node: DOMNode, review: Review) -> dict[str, list[Finding]] | None:
    """``review``'s open hints about what is written, by stage: the stepper's counts
    (``None``: the team's word file is broken, as the fields' hints say).

    Reads the open review alone, never the store's other reviews (a cause recurring
    elsewhere is the summary's to list), so counting holds no more memory on a big store.
    """
    try:
        return open_hints_by_stage(review, today=shell(node).today)
    except RulesError:
        return None


def open_hints(node: DOMNode, review: Review) -> dict[str, list[Finding]]:
    """``review``'s open hints by stage, its causes also compared with every other review's.

    Called off the UI thread: that comparison reads the whole list of reviews.
    """
    services = shell(node)
    try:
        history = [s for s in services.store.summaries() if s.id != review.id]
    except StoreError:
        history = []  # the save indicator already reports store trouble
    return open_hints_by_stage(review, history=history, today=services.today)
