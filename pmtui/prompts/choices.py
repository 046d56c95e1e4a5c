"""The lists people pick from: cause categories and follow-up outcomes."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from pmtui.domain.model import CAUSE_CATEGORIES, Outcome, ValidationError, category_name

OUTCOME_WORDS = {
    "kept": Outcome.KEPT,
    "partly": Outcome.PARTLY_KEPT,
    "partly-kept": Outcome.PARTLY_KEPT,
    "partly_kept": Outcome.PARTLY_KEPT,
    "not-kept": Outcome.NOT_KEPT,
    "not_kept": Outcome.NOT_KEPT,
    "dropped": Outcome.DROPPED,
}
"""What ``--outcome`` accepts, in the spellings people type."""

OUTCOME_FORMS = "kept, partly, not-kept or dropped"


def cause_categories(template: str | None = None) -> list[str]:
    """The categories a cause or an obstacle can be filed under.

    With a template name, that template's list (the team may have changed
    it); without, every category any template knows, built-in ones first.
    A team template that cannot be read must not block a one-minute review:
    the built-in list is used and the problem is named on standard error.
    """
    from pmtui.domain.templates import TemplateError, load_templates

    try:
        templates = load_templates()
    except (TemplateError, OSError) as exc:
        print(f"pmtui: {exc}; using the built-in categories", file=sys.stderr)
        return list(CAUSE_CATEGORIES)
    if template is not None and template in templates:
        return _one_name_each(templates[template].cause_categories) or list(CAUSE_CATEGORIES)
    return _one_name_each(
        [*CAUSE_CATEGORIES, *(c for t in templates.values() for c in t.cause_categories)]
    )


def _one_name_each(categories: Iterable[str]) -> list[str]:
    """Each category once, by the name it is counted under (a team's ``tools`` is
    ``tooling``), in the order first given."""
    return list(dict.fromkeys(category_name(c) for c in categories))


def check_category(value: str, categories: list[str], flag: str = "--category") -> str:
    """The category as stored (lower case), or a :class:`ValidationError` listing the choices."""
    cat = category_name(value.strip().lower())
    if cat not in categories:
        raise ValidationError(flag, "one of " + ", ".join(categories))
    return cat


def parse_outcome(value: str, flag: str = "--outcome") -> Outcome:
    word = value.strip().lower().replace(" ", "-")
    outcome = OUTCOME_WORDS.get(word)
    if outcome is None:
        raise ValidationError(flag, OUTCOME_FORMS)
    return outcome


def parse_yes_no(value: str, flag: str) -> bool:
    word = value.strip().lower()
    if word in ("yes", "y", "true"):
        return True
    if word in ("no", "n", "false"):
        return False
    raise ValidationError(flag, "yes or no")
