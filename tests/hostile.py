"""A store a teammate edited by hand: any text, written straight into its JSON files.

pmtui cleans text on the way in, but a member of a team store's group can
open a shard in an editor and write anything, and an import file can hold
anything too. These helpers build a review with every collection filled,
save it normally, then rewrite every text field of it in the shard file
itself, as that teammate would. Whatever ends up there, nothing pmtui prints
or draws may carry a control character, an escape sequence or a bidi
control: :func:`unsafe_in` finds any that got through.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pmtui.domain.model import (
    Cause,
    Commitment,
    Entry,
    Fact,
    FollowUpRecord,
    HintDismissal,
    KeptText,
    Kind,
    Outcome,
    Replan,
    Review,
    Status,
)
from pmtui.domain.text import UNSAFE
from pmtui.store.layout import Layout
from pmtui.store.repository import Store

ATTACK = "\x1b]0;PWNED\x07\x1b[2J\x1b]52;c;aGk=\x07"
"""Sets the window title, clears the screen and writes the clipboard, in most terminals."""
EVERYTHING = ATTACK + "\x9b31m\u202eexe.txt\u2066\x00\x08\x7f\x85\u2028 ok"
"""The attack plus a C1 CSI, bidi controls, NUL, backspace, DEL, NEL and a line separator."""

NOT_TEXT = frozenset(
    {"kind", "status", "created", "updated", "follow_up_on", "due", "reviewed_at"}
    | {"old_due", "new_due", "on", "held_on", "approx", "decision", "hidden", "anonymous"}
    | {"ground_rule_ack", "helped", "dot_votes", "rev"}
)
"""Fields that are not free text: a hand edit there makes the review unreadable, which
is reported as damage (tested elsewhere), not shown."""
ID_FIELDS = frozenset({"id", "parent_id", "fact_ids", "cause_ids", "item_id"})


def full_review(today: date, user: str = "ana") -> Review:
    """A review with every collection and every optional record filled."""
    fact = Fact(what="deploy started", at="14:02", evidence="CI log", decision=True,
                known_then="error rate rising", options="roll back", pressures="launch",
                author=user)  # fmt: skip
    cause = Cause(statement="no canary stage", category="process", fact_ids=[fact.id],
                  votes={user: 2, "bo": 1}, author=user)  # fmt: skip
    why = Cause(statement="the flag skips it", category="tooling", parent_id=cause.id)
    open_one = Commitment(
        deliverable="make the canary mandatory",
        owner=user,
        done_when="a deploy without canary fails",
        due=today,
        cause_ids=[cause.id],
        history=[Replan(old_due=None, new_due=today, on=today, reason="the vendor was late")],
        author=user,
    )
    dropped = Commitment(
        deliverable="add an approver", owner="bo", status=Outcome.DROPPED,
        dropped_reason="a gate slows everyone", in_the_way="time", in_the_way_category="time",
    )  # fmt: skip
    return Review(
        title="checkout outage",
        kind=Kind.POSTMORTEM,
        template="postmortem",
        happened=f"{today.isoformat()} 14:02",
        created=datetime.combine(today, datetime.min.time()),
        updated=datetime.combine(today, datetime.min.time()),
        severity="SEV2",
        status=Status.IN_REVIEW,
        participants=[user, "bo"],
        facilitator=user,
        facilitator_part="I approved the fast path",
        ground_rule_ack=True,
        summary="checkout failed for 18 minutes",
        impact="4% of orders",
        facts=[fact],
        causes=[cause, why],
        commitments=[open_one, dropped],
        entries=[
            Entry(section="went_well", text="paging worked", category="tools", author=user),
            Entry(section="lucky", text="not black friday"),
        ],
        tags=["payments"],
        follow_up_on=today,
        follow_up=FollowUpRecord(held_on=None, by=user, notes="first look"),
        dismissed_hints=[
            HintDismissal(item_id=fact.id, rule="fact-evidence", reason="ok", by=user)
        ],
        kept=[
            KeptText(
                target="facts",
                item_id=fact.id,
                field_name="what",
                text="deploy began",
                by=user,
                replaced_by="bo",
                now="deploy started",
            )
        ],
        author=user,
    )


def plant(store: Store, review_id: str, text: str, *, ids: bool = True) -> str:
    """Write ``text`` into every text field of a stored review, straight into its shard.

    Each field gets ``text`` plus a marker of which field it is, so a test
    can tell what reached the screen. With ``ids``, the review's and its
    items' ids become hostile too (kept unique, links kept). Returns the
    review's new id. The index and the open-commitment file are rebuilt
    from the shard by the store, as after any hand edit.
    """
    path = store.layout.shard_path(Layout.shard_of(review_id))
    data = json.loads(path.read_text("utf-8"))
    doc = data["reviews"].pop(review_id)
    new_ids: dict[str, str] = {}

    def new_id(old: str) -> str:
        if not ids:
            return old
        # lower case: ids are looked up by a lower-cased prefix (`pmtui check 9e5f`)
        return new_ids.setdefault(old, f"{text.lower()}id{len(new_ids)}")

    def rewrite(value: Any, name: str) -> Any:
        if name in NOT_TEXT or value is None or isinstance(value, bool | int):
            return value
        if name in ID_FIELDS:
            return [new_id(v) for v in value] if isinstance(value, list) else new_id(value)
        if isinstance(value, str):
            return f"{text}<{name}>"
        if isinstance(value, list):
            return [rewrite(v, name) for v in value]
        if name == "votes":
            return {f"{text}<voter{i}>": n for i, n in enumerate(value.values())}
        return {k: rewrite(v, k) for k, v in value.items()}

    doc = rewrite(doc, "review")
    rid = new_id(review_id)
    doc["id"] = rid
    target = store.layout.shard_path(Layout.shard_of(rid))
    if target != path:
        path.write_text(json.dumps(data), "utf-8")
        data = json.loads(target.read_text("utf-8")) if target.exists() else {"reviews": {}}
        path = target
    data["reviews"][rid] = doc
    # ensure_ascii: a lone surrogate is written as the escape a hand edit would leave
    path.write_text(json.dumps(data, ensure_ascii=True), "utf-8")
    return rid


def unsafe_in(output: str | bytes) -> list[str]:
    """Every unsafe character in ``output`` with a little context (CR LF line ends are fine)."""
    text = output.decode("utf-8", "surrogateescape") if isinstance(output, bytes) else output
    text = text.replace("\r\n", "\n")
    return [repr(text[max(0, m.start() - 15) : m.end() + 15]) for m in re.finditer(UNSAFE, text)]


def store_with_hostile_review(
    path: Path, today: date, text: str = EVERYTHING, *, ids: bool = True
) -> tuple[Store, str]:
    """A store holding one full review whose every text field holds ``text``."""
    store = Store(path)
    review = store.add(full_review(today))
    return store, plant(store, review.id, text, ids=ids)


_FIELD = re.compile(r"<([a-z_]+\d*)>")


def fields_shown(output: str) -> set[str]:
    """The field markers :func:`plant` wrote that appear in ``output``."""
    return set(_FIELD.findall(output))
