"""Every commitment has one owner, one deliverable and one due date: one rule, in the domain."""

from __future__ import annotations

from datetime import date

from pmtui.domain.model import Commitment, incomplete


def test_a_commitment_without_a_date_owner_or_deliverable_is_not_one() -> None:
    whole = Commitment(deliverable="Lock timeout of 5 min", owner="ana", due=date(2026, 12, 1))
    assert whole.missing() == [] and incomplete(whole) is None
    no_date = Commitment(deliverable="Lock timeout of 5 min", owner="ana")
    assert no_date.missing() == ["due"]
    assert incomplete(no_date) == "a commitment needs when it is due"
    blank = Commitment(deliverable="  ", owner="")
    assert blank.missing() == ["owner", "deliverable", "due"]
