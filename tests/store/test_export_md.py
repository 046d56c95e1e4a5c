"""The Markdown export is valid CommonMark and user text never turns into markup."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pmtui.domain.model import Entry, Fact, Kind, Review
from pmtui.store.exports import md
from tests.store.test_export_formats import TODAY, sample_review

PARSER = MarkdownIt("commonmark").enable("table")
USER_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n|"),
    max_size=60,
)


def _body(text: str) -> str:
    assert text.startswith("---\n")
    end = text.index("\n---\n", 4)
    return text[end + len("\n---\n") :]


def _tables(tokens: list[Token]) -> list[list[list[Token]]]:
    """Each table as rows of cells, each cell its inline token."""
    tables: list[list[list[Token]]] = []
    row: list[Token] = []
    in_cell = False
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and in_cell:
            row.append(tok)
        if tok.type in ("th_open", "td_open"):
            in_cell = True
        elif tok.type in ("th_close", "td_close"):
            in_cell = False
            continue
        elif tok.type == "tr_close":
            tables[-1].append(row)
    return tables


def _plain(tok: Token) -> str:
    return "".join(c.content for c in tok.children or [] if c.type == "text")


def _cell_text(cell: Token) -> str:
    """The cell as text; fails on any markup other than the ``<br>`` pmtui writes."""
    out = []
    for child in cell.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type == "html_inline" and child.content == "<br>":
            out.append("<br>")
        else:
            raise AssertionError(f"user text became markup: {child.type} {child.content!r}")
    return "".join(out)


def test_front_matter_holds_id_kind_severity_tags() -> None:
    text = md.render([sample_review()], today=TODAY)
    front = text.split("\n---\n", 1)[0].removeprefix("---\n")
    fields = dict(line.split(": ", 1) for line in front.splitlines())
    assert fields["id"] == '"9e5f0c1a-7b1d-4c2e-9a4f-0123456789ab"'
    assert fields["kind"] == '"postmortem"'
    assert fields["severity"] == '"SEV2"'
    assert fields["tags"] == '["payments", "deploy: canary"]'


def test_document_has_the_sre_sections_in_order() -> None:
    tokens = PARSER.parse(_body(md.render([sample_review()], today=TODAY)))
    headings = [_plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "Checkout | payments [bold] outage 🔥",
        "Summary",
        "Impact",
        "Trigger",
        "Detection",
        "Resolution and mitigation",
        "The facilitator's own part",
        "Timeline",
        "Causes",
        "What went well",
        "What went wrong",
        "Where we got lucky",
        "Start",
        "Commitments",
        "Follow-up",
    ]


def test_a_quick_review_stays_short_and_a_postmortem_shows_what_is_missing() -> None:
    quick = Review(title="Flaky deploy", kind=Kind.QUICK, template="quick")
    post = Review(title="Outage", kind=Kind.POSTMORTEM, template="postmortem")
    for review, extra in (
        (quick, []),
        (post, ["Trigger", "Detection", "Resolution and mitigation"]),
    ):
        tokens = PARSER.parse(_body(md.render([review], today=TODAY)))
        heads = [_plain(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert heads[1 : 3 + len(extra)] == ["Summary", "Impact", *extra]
    text = md.render([post], today=TODAY)
    assert text.count("_Not recorded._") == 5


def test_tables_keep_their_shape_and_the_text_in_cells() -> None:
    review = sample_review()
    tables = _tables(PARSER.parse(_body(md.render([review], today=TODAY))))
    timeline, commitments = tables
    assert [len(r) for r in timeline] == [4, 4, 4]
    assert [len(r) for r in commitments] == [9] * 5
    assert [_cell_text(c) for c in commitments[0][4:8]] == [
        "Type", "Priority", "Ticket", "Addresses",
    ]  # fmt: skip
    assert [_cell_text(c) for c in commitments[1][4:7]] == [
        "prevent", "P1", "https://tracker.example/browse/OPS-123?focus=a|b",
    ]  # fmt: skip
    assert [_cell_text(c) for c in commitments[2][6:8]] == [
        "#42", "1. Nobody owns the pipeline [bold]config[/bold]",
    ]  # fmt: skip
    assert _cell_text(timeline[1][1]) == "Deploy 42 started | canary skipped"
    assert _cell_text(timeline[1][2]) == "CI log: <script>alert(1)</script>"
    assert _cell_text(timeline[2][1]) == "Ana paged Bo Chen;<br>Bo rolled back 🔥"
    assert _cell_text(commitments[1][1]) == "Remove the --fast flag | make canary mandatory"
    assert _cell_text(commitments[2][2]) == "=owner listed in CODEOWNERS"
    assert _cell_text(commitments[2][8]) == "overdue"


def test_the_why_tree_is_nested_lists_with_categories() -> None:
    tokens = PARSER.parse(_body(md.render([sample_review()], today=TODAY)))
    start = next(i for i, t in enumerate(tokens) if _plain(t) == "Causes")
    items: list[tuple[int, str]] = []
    depth = 0
    for tok in tokens[start:]:
        if tok.type == "heading_open" and items:
            break
        if tok.type == "bullet_list_open":
            depth += 1
        elif tok.type == "bullet_list_close":
            depth -= 1
        elif tok.type == "inline" and depth:
            items.append((depth, tok.content.split("\n")[0]))
    assert [(d, line.split(":**")[0]) for d, line in items] == [
        (1, "**process"),
        (2, "why? **tooling"),
        (3, "how? **resourcing"),
    ]
    assert items[2][1].endswith(r"1\. Nobody owns the pipeline \[bold\]config\[/bold\]")


def test_prose_stays_plain_text() -> None:
    tokens = PARSER.parse(_body(md.render([sample_review()], today=TODAY)))
    kinds = {c.type for t in tokens if t.type == "inline" for c in t.children or []}
    kinds -= {
        "text",
        "softbreak",
        "hardbreak",
        "strong_open",
        "strong_close",
        "em_open",
        "em_close",
    }
    assert kinds == {"html_inline"}  # only the <br> in cells
    html = {
        c.content
        for t in tokens
        if t.type == "inline"
        for c in t.children or []
        if c.type == "html_inline"
    }
    assert html == {"<br>"}
    assert not any(t.type in ("html_block", "hr", "code_block", "fence") for t in tokens)
    strong = [
        (t.children or [])[i + 1].content
        for t in tokens
        if t.type == "inline"
        for i, c in enumerate(t.children or [])
        if c.type in ("strong_open", "em_open")
    ]
    assert all(s.endswith(":") or s in ("(empty)",) for s in strong), strong


def test_hidden_entries_are_left_out() -> None:
    text = md.render([sample_review()], today=TODAY)
    assert "anonymous round" not in text


@settings(max_examples=150, deadline=None)
@given(what=USER_TEXT, evidence=USER_TEXT)
def test_any_text_in_a_cell_comes_back_as_the_same_text(what: str, evidence: str) -> None:
    review = Review(title="t", created=sample_review().created)
    review.facts = [Fact(what=what, evidence=evidence, at="10:00")]
    review.clean()
    (timeline,) = _tables(PARSER.parse(_body(md.document(review, today=date(2026, 1, 1)))))
    assert len(timeline) == 2 and len(timeline[1]) == 4

    def expected(text: str) -> str:
        lines = (" ".join(line.split()) for line in text.strip().splitlines())
        return "<br>".join(line for line in lines if line)

    assert _cell_text(timeline[1][1]) == expected(review.facts[0].what)
    assert _cell_text(timeline[1][2]) == expected(review.facts[0].evidence)


@settings(max_examples=150, deadline=None)
@given(text=USER_TEXT)
def test_any_text_in_a_list_item_stays_one_plain_item(text: str) -> None:
    review = Review(title="t", created=sample_review().created)
    review.entries = [Entry(section="went_well", text=text)]
    review.clean()
    tokens = PARSER.parse(_body(md.document(review, today=date(2026, 1, 1))))
    start = next(i for i, t in enumerate(tokens) if _plain(t) == "What went well")
    end = next(i for i, t in enumerate(tokens) if _plain(t) == "What went wrong")
    section = tokens[start + 2 : end - 1]
    assert sum(t.type == "list_item_open" for t in section) == 1
    assert not any(t.type in ("heading_open", "hr", "html_block", "table_open") for t in section)
    for tok in section:
        for child in tok.children or []:
            assert child.type in ("text", "softbreak", "hardbreak", "em_open", "em_close"), child


def test_one_file_per_review_even_when_ids_share_a_prefix() -> None:
    first, second = sample_review(), sample_review()
    second.id = first.id[:8] + "-0000-4000-8000-000000000000"
    files = md.files([first, second], today=TODAY)
    assert len(files) == 2
    assert all(name.endswith(".md") and "/" not in name for name in files)


@settings(max_examples=200, deadline=None)
@given(
    title=USER_TEXT,
    tags=st.lists(USER_TEXT, max_size=3),
    extra=st.sampled_from(["", "\ufffe", "\uffff", "\u2028"]),
)
def test_front_matter_is_yaml_for_any_title_and_tags(
    title: str, tags: list[str], extra: str
) -> None:
    yaml = pytest.importorskip("yaml")
    review = Review(title=title + extra, tags=[*tags, extra])
    review.clean()
    text = md.document(review, today=date(2026, 1, 1))
    data = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert (data["title"], data["tags"], data["id"]) == (review.title, review.tags, review.id)
