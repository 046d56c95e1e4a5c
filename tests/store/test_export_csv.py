"""The CSV export: a row per commitment that spreadsheets read as text, never formulas."""

from __future__ import annotations

import csv
import io

from pmtui.store.exports import csv as csv_format
from tests.store.test_export_formats import TODAY, sample_review


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_commitment_with_the_tracker_columns() -> None:
    review = sample_review()
    rows = _rows(csv_format.render([review], today=TODAY))
    assert list(rows[0]) == list(csv_format.COLUMNS)
    assert [r["commitment_id"] for r in rows] == [c.id for c in review.commitments]
    assert [(r["status"], r["outcome"]) for r in rows] == [
        ("open", ""),
        ("overdue", ""),
        ("open", "not kept, re-planned"),
        ("closed", "dropped"),
    ]
    assert rows[0]["review"] == "Checkout | payments [bold] outage 🔥"
    assert rows[0]["due"] == "2026-12-04" and rows[3]["due"] == ""


def test_cells_that_look_like_formulas_are_quoted_as_text() -> None:
    rows = _rows(csv_format.render([sample_review()], today=TODAY))
    assert rows[1]["done_when"] == "'=owner listed in CODEOWNERS"
    assert rows[0]["owner"] == "'@ana-lima"
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())


def test_line_breaks_inside_a_cell_survive() -> None:
    review = sample_review()
    review.commitments[0].deliverable = "first line\nsecond, with a comma"
    rows = _rows(csv_format.render([review], today=TODAY))
    assert rows[0]["deliverable"] == "first line\nsecond, with a comma"


def test_type_priority_ticket_and_causes_come_last() -> None:
    rows = _rows(csv_format.render([sample_review()], today=TODAY))
    assert list(csv_format.COLUMNS)[-4:] == ["type", "priority", "link", "addresses"]
    first, second = rows[0], rows[1]
    assert (first["type"], first["priority"]) == ("prevent", "P1")
    assert first["link"] == "https://tracker.example/browse/OPS-123?focus=a|b"
    assert first["addresses"] == "The skip flag is `--fast` and # looks like a comment"
    assert (second["link"], rows[2]["type"]) == ("#42", "")
