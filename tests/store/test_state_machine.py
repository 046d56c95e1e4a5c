"""The store behaves like a dict of reviews, whichever instance writes or reads."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from pmtui.domain.text import clean
from pmtui.store.errors import NotFoundError
from pmtui.store.repository import Store
from tests.store.helpers import make_review

titles = st.text(max_size=30)


class StoreModel(RuleBasedStateMachine):
    ids = Bundle("ids")

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="pmtui-sm-"))
        self.path = self.root / "store" / "pmtui.json"
        self.stores = [Store(self.path), Store(self.path)]
        self.model: dict[str, tuple[str, int]] = {}

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @rule(target=ids, which=st.integers(0, 1), title=titles, commitments=st.integers(0, 3))
    def add(self, which: int, title: str, commitments: int) -> str:
        r = self.stores[which].add(make_review(title, commitments=commitments))
        self.model[r.id] = (clean(title), commitments)
        return r.id

    @rule(which=st.integers(0, 1), rid=ids, title=titles)
    def update(self, which: int, rid: str, title: str) -> None:
        if rid not in self.model:
            try:
                self.stores[which].update(rid, lambda r: None)
            except NotFoundError:
                return
            raise AssertionError("updated a deleted review")
        self.stores[which].update(rid, lambda r: setattr(r, "title", title))
        self.model[rid] = (clean(title), self.model[rid][1])

    @rule(which=st.integers(0, 1), rid=consumes(ids))
    def delete(self, which: int, rid: str) -> None:
        if rid in self.model:
            assert self.stores[which].delete(rid).id == rid
            del self.model[rid]

    @rule(which=st.integers(0, 1), title=titles, rid=ids)
    def batch(self, which: int, title: str, rid: str) -> None:
        with self.stores[which].batch() as txn:
            new = txn.put(make_review(title, commitments=1))
            if rid in self.model:
                txn.delete(rid)
                del self.model[rid]
        self.model[new.id] = (clean(title), 1)

    @rule(which=st.integers(0, 1))
    def reopen(self, which: int) -> None:
        self.stores[which] = Store(self.path)

    @invariant()
    def matches_the_model(self) -> None:
        for s in self.stores:
            summaries = {x.id: (x.title, x.commitments) for x in s.summaries()}
            assert summaries == self.model
            assert len(s.open_commitments()) == sum(n for _t, n in self.model.values())
        # A fresh store answers from the open commitments' file alone.
        per_review = Counter(c.review_id for c in Store(self.path).open_commitments())
        assert per_review == {rid: n for rid, (_t, n) in self.model.items() if n}
        for rid, (title, _n) in self.model.items():
            assert self.stores[1].get(rid).title == title


StoreModel.TestCase.settings = settings(
    max_examples=50,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestStoreModel = StoreModel.TestCase
