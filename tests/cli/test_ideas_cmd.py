"""`pmtui ideas`: parked ideas across reviews, found by their words."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from pmtui.cli import main
from pmtui.domain.model import Entry, Review
from pmtui.store.repository import Store


def _seed(store: Store) -> tuple[Review, Review]:
    old = store.add(
        Review(
            title="Checkout outage",
            created=datetime(2026, 10, 1, 9),
            entries=[Entry(section="ideas", text="Canary for config\npushes")],
        )
    )
    new = store.add(
        Review(
            title="Search slow",
            created=datetime(2026, 11, 1, 9),
            entries=[
                Entry(section="ideas", text="Cache the config lookups"),
                Entry(section="went_well", text="config rollback was quick"),
            ],
        )
    )
    return old, new


def test_lists_parked_ideas_newest_review_first_and_filters_by_words(
    store: Store, store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _seed(store)
    assert main(["ideas", "--store", str(store_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"[{new.id[:8]} Search slow]  Cache the config lookups",
        f"[{old.id[:8]} Checkout outage]  Canary for config pushes",
    ]
    assert main(["ideas", "--store", str(store_path), "CANARY", "config"]) == 0
    assert "Canary for config" in capsys.readouterr().out
    assert main(["ideas", "--store", str(store_path), "--json", "cache"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["review_id"], row["text"]) == (new.id, "Cache the config lookups")
    assert main(["ideas", "--store", str(store_path), "rollback"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no parked ideas with those words" in captured.err
