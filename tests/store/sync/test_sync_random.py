"""Random edits and syncs on three stores: all three end equal, and no text is lost.

Hypothesis draws a sequence of steps, each on one of three machines: set a
field, add, edit or delete a fact, add or delete a review, or sync. After a
final round of syncs the three stores must hold exactly the same reviews,
and every text anyone wrote must still be somewhere in them (in its field,
or kept with the review after a conflict), unless the person who removed it
had it on their own screen when they did (a deliberate change, not a loss).
"""

from __future__ import annotations

import contextlib
import itertools
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmtui.domain.model import Fact, Review
from pmtui.store.errors import NotFoundError
from tests.store.sync.machines import Machine, bare_remote, requires_git, texts

pytestmark = requires_git()

STRESS = os.environ.get("PMTUI_CI_STRESS") == "1"
USERS = ("ana", "ben", "cy")

ACTIONS = ["title", "summary", "add_fact", "edit_fact", "delete_fact", "new_review"]
ACTIONS += ["delete_review", "sync", "sync"]
STEP = st.tuples(st.sampled_from(USERS), st.sampled_from(ACTIONS), st.integers(0, 3))
_runs = itertools.count()


class World:
    def __init__(self, root: Path) -> None:
        remote = bare_remote(root / "remote.git")
        self.machines = {u: Machine(root, u, remote) for u in USERS}
        first = self.machines["ana"].add(Review(title="shared review", facts=[Fact(what="first")]))
        self.machines["ana"].init()
        self.machines["ben"].join()
        self.machines["cy"].join()
        self.written: set[str] = {"shared review", "first"}
        self.superseded: set[str] = set()
        self.counter = itertools.count()
        self.first = first.id

    def text(self, user: str) -> str:
        made = f"{user} text {next(self.counter)}"
        self.written.add(made)
        return made

    def step(self, user: str, action: str, pick: int) -> None:
        m = self.machines[user]
        if action == "sync":
            m.sync()
            return
        reviews = sorted(m.store.reviews(), key=lambda r: r.id)
        if action == "new_review" or not reviews:
            m.add(Review(title=self.text(user), facts=[Fact(what=self.text(user))]))
            return
        review = reviews[pick % len(reviews)]
        if action == "delete_review":
            self.superseded |= texts(_plain(review))
            m.store.delete(review.id)
            return
        new = self.text(user) if action != "delete_fact" else ""

        def change(r: Review) -> None:
            if action in ("title", "summary"):
                self.superseded.add(getattr(r, action))
                setattr(r, action, new)
            elif action == "add_fact" or (action == "edit_fact" and not r.facts):
                r.facts.append(Fact(what=new))
            elif action == "edit_fact":
                fact = r.facts[pick % len(r.facts)]
                self.superseded.add(fact.what)
                fact.what = new
            elif not r.facts:
                return
            else:
                fact = r.facts[pick % len(r.facts)]
                self.superseded |= texts(_plain(fact))
                r.remove_fact(fact.id)

        with contextlib.suppress(NotFoundError):
            m.edit(review.id, change)


def _plain(value: Any) -> Any:
    from pmtui.domain.serial import to_dict

    return to_dict(value)


@settings(
    max_examples=40 if STRESS else 8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(STEP, min_size=1, max_size=14))
def test_random_edits_and_syncs_end_equal_with_no_text_lost(
    tmp_path: Path, steps: list[tuple[str, str, int]]
) -> None:
    world = World(tmp_path / f"run{next(_runs)}")
    for user, action, pick in steps:
        world.step(user, action, pick)
    for user in (*USERS, "ana", "ben"):
        world.machines[user].sync()
    contents = [m.contents() for m in world.machines.values()]
    assert contents[0] == contents[1] == contents[2]
    lost = world.written - world.superseded - texts(contents[0])
    assert not lost
    for m in world.machines.values():
        assert m.syncer().status().count == 0
