"""Action items as practitioners track them: type, priority, a ticket, and too many of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.domain.actions import MANY_COMMITMENTS, link_problem
from pmtui.domain.coach import check_review
from pmtui.domain.model import Commitment, Outcome, Review, ValidationError
from pmtui.domain.templates import TemplateError, load_templates
from tests.domain.test_templates import VALID_NEW, write


@pytest.mark.parametrize(
    "link",
    ["", "OPS-123", "#42", "acme/shop#42", "https://tracker.example/browse/OPS-1?x=1", "JIRA_X-9"],
)
def test_tracking_links_people_use(link: str) -> None:
    assert link_problem(link) is None


@pytest.mark.parametrize(
    "link", ["ops-123", "see the ticket", "javascript:alert(1)", "#0", "https://", "OPS 123"]
)
def test_what_is_not_a_tracking_link(link: str) -> None:
    assert "a URL (https://...), an issue key such as OPS-123" in (link_problem(link) or "")
    with pytest.raises(ValidationError, match=r"commitments\[0\]\.link"):
        Review(commitments=[Commitment(deliverable="x", owner="ana", link=link)]).validate()


def test_the_postmortem_asks_for_type_priority_and_a_ticket(tmp_path: Path) -> None:
    templates = load_templates(tmp_path)
    post = templates["postmortem"]
    assert post.action_types == ("prevent", "mitigate", "detect", "process", "other")
    assert post.priorities == ("P0", "P1", "P2") and post.tracking_link
    assert not templates["quick"].action_types and not templates["quick"].tracking_link


def test_a_team_uses_its_own_priority_scale(tmp_path: Path) -> None:
    write(tmp_path, "postmortem.toml", '[actions]\npriorities = ["Sev-A", "Sev-B"]\n')
    post = load_templates(tmp_path)["postmortem"]
    assert post.priorities == ("Sev-A", "Sev-B")
    assert post.action_types[0] == "prevent" and post.tracking_link  # the rest is kept


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("[actions]\ntypes = ['prevent', 'Prevent']\n", "actions.types", "each value once"),
        ("[actions]\npriorities = ['" + "p" * 41 + "']\n", "actions.priorities", "at most 40"),
        ("[actions]\nlink = 'yes'\n", "actions.link", "true or false"),
        ("[actions]\nowner = true\n", "actions.owner", "not a [actions] field"),
    ],
)
def test_action_errors_name_the_field(tmp_path: Path, text: str, field: str, words: str) -> None:
    write(tmp_path, "postmortem.toml", text)
    with pytest.raises(TemplateError) as info:
        load_templates(tmp_path)
    assert info.value.field == field and words in str(info.value)


def test_actions_need_a_commitments_stage(tmp_path: Path) -> None:
    text = VALID_NEW.replace('"commitments"]', '"causes"]').replace(
        "[prompts]", "cause_tree = true\n[actions]\nlink = true\n[prompts]"
    )
    write(tmp_path, "oncall.toml", text)
    with pytest.raises(TemplateError, match="commitments stage"):
        load_templates(tmp_path)


def test_a_long_list_of_commitments_gets_a_hint_that_few_will_be_kept() -> None:
    def com(i: int, status: Outcome = Outcome.OPEN) -> Commitment:
        return Commitment(
            deliverable=f"Add an alert on queue {i} above 1,000 messages",
            owner="ana",
            done_when="the alert fires in staging",
            status=status,
            dropped_reason="moot" if status is Outcome.DROPPED else "",
        )

    few = Review(commitments=[com(i) for i in range(MANY_COMMITMENTS)])
    assert not [f for f in check_review(few) if f.rule == "commitments-too-many"]
    done = [com(i, Outcome.KEPT) for i in range(20)]
    assert not [
        f for f in check_review(Review(commitments=few.commitments + done)) if f.item_id is None
    ]
    many = Review(commitments=[com(i) for i in range(30)])
    [hint] = [f for f in check_review(many) if f.rule == "commitments-too-many"]
    assert hint.item_id is None and "30 open" in hint.message and hint.stage == "commitments"
