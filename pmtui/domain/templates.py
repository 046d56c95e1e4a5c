"""Review templates: which stages a kind of review walks through, and what it asks.

The defaults ship as TOML files in ``pmtui/data/templates``; a team adapts
them by dropping files into ``<config dir>/templates``. A team file with the
name of a packaged template changes only the fields it sets (so one prompt
can be reworded without copying the rest); a file with a new name adds a
template and must set every required field. Files are validated when loaded,
and every error names the file and the field, so a typo in a team's template
is fixed in a minute instead of surfacing later as a strange pane.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pmtui.domain.actions import VALUE_LIMIT
from pmtui.domain.config_files import ConfigFileError, read_toml
from pmtui.domain.document import BY_NAME as DOCUMENT_FIELDS
from pmtui.domain.model import CAUSE_CATEGORIES, Kind
from pmtui.domain.stages import NAMES as STAGES

GROUND_RULE_FILE = "ground-rule.txt"
PICKER_ORDER = (
    "postmortem", "quick", "lessons", "checkin", "personal",
    "4ls", "start-stop-continue", "glad-sad-mad",
)  # fmt: skip
"""How the packaged templates are listed: the most used first."""
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_CATEGORY_LIMIT = 40
MERGED_TABLES = ("prompts", "document", "actions")
"""Tables a team's file changes key by key; every other field it sets is replaced."""
DOCUMENT_KEYS = {"fields", "impact_figures", "key_moments"}
ACTION_KEYS = {"types", "priorities", "link"}


@dataclass(frozen=True)
class Section:
    """A reflection section shown in the causes stage (went well, glad, ...)."""

    key: str
    title: str
    prompt: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """One way of running a review: its stages, questions and sections."""

    name: str
    kind: Kind
    title: str
    description: str
    stages: tuple[str, ...]
    prompts: dict[str, str]
    sections: tuple[Section, ...]
    cause_tree: bool
    cause_categories: tuple[str, ...]
    document_fields: tuple[str, ...] = ()
    """The review's prose fields this template asks for (:mod:`pmtui.domain.document`)."""
    impact_figures: bool = False
    """Ask for the impact in numbers (duration, users, requests, data, revenue, budget)."""
    key_moments: bool = False
    """Let facts mark when it started, was detected, mitigated and resolved."""
    action_types: tuple[str, ...] = ()
    """The types a commitment can have; none: the form does not ask."""
    priorities: tuple[str, ...] = ()
    """The team's priority scale, most urgent first; none: the form does not ask."""
    tracking_link: bool = False
    """Ask where each commitment's work is tracked (a URL or an issue key)."""

    def prompt(self, stage: str) -> str:
        """The guiding question of a stage, or an empty string."""
        return self.prompts.get(stage, "")

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


DEFAULT_SECTIONS = (
    Section("went_well", "What went well", "What helped us notice, limit or recover?"),
    Section("lucky", "Where we got lucky", "What went our way by chance?"),
)
"""The reflection sections of the causes stage when a review has no template."""


class TemplateError(ConfigFileError):
    """A template file is unreadable or holds something it cannot."""


def _packaged_dir() -> Path:
    from importlib import resources  # here: the home screen reads no template

    return Path(str(resources.files("pmtui") / "data" / "templates"))


def _config_templates(config_dir: Path | None) -> Path:
    if config_dir is None:
        from pmtui import locations

        config_dir = locations.config_dir()
    return config_dir / "templates"


def load_templates(config_dir: Path | None = None) -> dict[str, Template]:
    """The packaged templates, then the team's files on top; validated.

    Returns the templates keyed by name, packaged ones first in
    :data:`PICKER_ORDER`, then the team's additions in file-name order.
    """
    raw: dict[str, tuple[Path, dict[str, Any]]] = {}
    rank = {name: i for i, name in enumerate(PICKER_ORDER)}
    packaged = sorted(_packaged_dir().glob("*.toml"), key=lambda p: (rank.get(p.stem, 99), p.stem))
    for path in packaged:
        data = _read(path)
        raw[_name_of(path, data)] = (path, data)
    team_dir = _config_templates(config_dir)
    if team_dir.is_dir():
        for path in sorted(team_dir.glob("*.toml")):
            data = _read(path)
            name = _name_of(path, data)
            if name in raw:
                base = dict(raw[name][1])
                base.update(data)
                for table in MERGED_TABLES:
                    theirs = data.get(table, {})
                    if isinstance(theirs, dict):  # anything else is reported by _build
                        base[table] = {**raw[name][1].get(table, {}), **theirs}
                raw[name] = (path, base)
            else:
                raw[name] = (path, data)
    return {name: _build(path, name, data) for name, (path, data) in raw.items()}


def ground_rule(config_dir: Path | None = None) -> str:
    """The ground rule shown in the frame stage; a team may reword it."""
    team = _config_templates(config_dir) / GROUND_RULE_FILE
    path = team if team.is_file() else _packaged_dir() / GROUND_RULE_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(path, "", f"cannot be read ({exc})") from exc
    if not text:
        raise TemplateError(path, "", "the ground rule text; the file is empty")
    return text


def _read(path: Path) -> dict[str, Any]:
    return read_toml(path, TemplateError)


def _name_of(path: Path, data: dict[str, Any]) -> str:
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not _NAME.match(name):
        raise TemplateError(
            path, "name", "a short lowercase name such as 'postmortem' (letters, digits, - and _)"
        )
    return name


def _text(path: Path, data: dict[str, Any], key: str, label: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(path, label or key, "a non-empty string")
    return value.strip()


def _strings(path: Path, value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TemplateError(path, field, "a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _build(path: Path, name: str, data: dict[str, Any]) -> Template:
    known = {
        "name", "kind", "title", "description", "stages", "prompts",
        "sections", "cause_tree", "cause_categories", "document", "actions",
    }  # fmt: skip
    unknown = sorted(set(data) - known)
    if unknown:
        raise TemplateError(
            path, unknown[0], "not a template field; expected one of " + ", ".join(sorted(known))
        )
    kind_raw = data.get("kind")
    try:
        kind = Kind(str(kind_raw))
    except ValueError:
        raise TemplateError(
            path, "kind", "one of " + ", ".join(k.value for k in Kind) + f" (got {kind_raw!r})"
        ) from None
    stages = _strings(path, data.get("stages"), "stages")
    if not stages:
        raise TemplateError(path, "stages", "at least one stage")
    for stage in stages:
        if stage not in STAGES:
            raise TemplateError(path, "stages", f"stages among {', '.join(STAGES)} (got {stage!r})")
    if list(stages) != sorted(set(stages), key=STAGES.index):
        raise TemplateError(path, "stages", f"each stage once, in the order {', '.join(STAGES)}")
    prompts_raw = data.get("prompts", {})
    if not isinstance(prompts_raw, dict):
        raise TemplateError(path, "prompts", 'a table of stage = "question"')
    prompts: dict[str, str] = {}
    for stage, text in prompts_raw.items():
        if stage not in stages:
            raise TemplateError(
                path, f"prompts.{stage}", f"a stage of this template ({', '.join(stages)})"
            )
        if not isinstance(text, str) or not text.strip():
            raise TemplateError(path, f"prompts.{stage}", "a non-empty string")
        prompts[stage] = text.strip()
    sections = _sections(path, data.get("sections", []))
    cause_tree = data.get("cause_tree", False)
    if not isinstance(cause_tree, bool):
        raise TemplateError(path, "cause_tree", "true or false")
    if "causes" in stages and not cause_tree and not sections:
        raise TemplateError(
            path, "sections", "at least one section when the causes stage has no cause tree"
        )
    categories = _strings(
        path, data.get("cause_categories", list(CAUSE_CATEGORIES)), "cause_categories"
    )
    for cat in categories:
        if len(cat) > _CATEGORY_LIMIT:
            raise TemplateError(
                path, "cause_categories", f"categories of at most {_CATEGORY_LIMIT} characters"
            )
    if cause_tree and not categories:
        raise TemplateError(
            path, "cause_categories", "at least one category when cause_tree is true"
        )
    document = _table(path, data, "document", DOCUMENT_KEYS)
    fields = _strings(path, document.get("fields", []), "document.fields")
    for f in fields:
        doc_field = DOCUMENT_FIELDS.get(f)
        if doc_field is None:
            raise TemplateError(
                path, "document.fields", "fields among " + ", ".join(DOCUMENT_FIELDS)
            )
        if doc_field.stage not in stages:
            raise TemplateError(
                path, "document.fields", f"{f!r} is written in the {doc_field.stage} stage; add it"
            )
    if len(set(fields)) != len(fields):
        raise TemplateError(path, "document.fields", "each field once")
    figures = _flag(path, document, "impact_figures", "document")
    moments = _flag(path, document, "key_moments", "document")
    for flag, stage, key in (
        (figures, "summary", "impact_figures"),
        (moments, "facts", "key_moments"),
    ):
        if flag and stage not in stages:
            raise TemplateError(path, f"document.{key}", f"the {stage} stage in stages")
    actions = _table(path, data, "actions", ACTION_KEYS)
    types = _values(path, actions.get("types", []), "actions.types", lower=True)
    priorities = _values(path, actions.get("priorities", []), "actions.priorities")
    link = _flag(path, actions, "link", "actions")
    if (types or priorities or link) and "commitments" not in stages:
        raise TemplateError(path, "actions", "the commitments stage in stages")
    return Template(
        name=name,
        kind=kind,
        title=_text(path, data, "title"),
        description=_text(path, data, "description"),
        stages=stages,
        prompts=prompts,
        sections=sections,
        cause_tree=cause_tree,
        cause_categories=tuple(c.lower() for c in categories),
        document_fields=tuple(sorted(fields, key=list(DOCUMENT_FIELDS).index)),
        impact_figures=figures,
        key_moments=moments,
        action_types=types,
        priorities=priorities,
        tracking_link=link,
    )


def _table(path: Path, data: dict[str, Any], name: str, keys: set[str]) -> dict[str, Any]:
    raw = data.get(name, {})
    if not isinstance(raw, dict):
        raise TemplateError(path, name, f"a [{name}] table with " + ", ".join(sorted(keys)))
    extra = sorted(set(raw) - keys)
    if extra:
        raise TemplateError(
            path, f"{name}.{extra[0]}", f"not a [{name}] field; expected " + ", ".join(sorted(keys))
        )
    return raw


def _values(path: Path, raw: Any, field: str, *, lower: bool = False) -> tuple[str, ...]:
    """A list of short choices (types, priorities), each once."""
    values = tuple(v.lower() if lower else v for v in _strings(path, raw, field))
    if any(len(v) > VALUE_LIMIT for v in values):
        raise TemplateError(path, field, f"values of at most {VALUE_LIMIT} characters")
    if len(set(values)) != len(values):
        raise TemplateError(path, field, "each value once")
    return values


def _flag(path: Path, table: dict[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise TemplateError(path, f"{where}.{key}", "true or false")
    return value


def _sections(path: Path, raw: Any) -> tuple[Section, ...]:
    if not isinstance(raw, list):
        raise TemplateError(path, "sections", "a list of [[sections]] tables")
    seen: set[str] = set()
    out = []
    for i, item in enumerate(raw):
        where = f"sections[{i}]"
        if not isinstance(item, dict):
            raise TemplateError(path, where, "a table with key, title and prompt")
        extra = sorted(set(item) - {"key", "title", "prompt", "categories"})
        if extra:
            raise TemplateError(
                path,
                f"{where}.{extra[0]}",
                "not a section field; expected key, title, prompt, categories",
            )
        key = item.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            raise TemplateError(
                path, f"{where}.key", "a lowercase key such as went_well (letters, digits, _)"
            )
        if key in seen:
            raise TemplateError(path, f"{where}.key", f"a key used once ({key!r} repeats)")
        seen.add(key)
        out.append(
            Section(
                key=key,
                title=_text(path, item, "title", f"{where}.title"),
                prompt=_text(path, item, "prompt", f"{where}.prompt"),
                categories=_strings(path, item.get("categories", []), f"{where}.categories"),
            )
        )
    return tuple(out)


@cache
def packaged_template(name: str) -> Template | None:
    """A template shipped with pmtui, by name (what an export knows without a team's files)."""
    path = _packaged_dir() / f"{name}.toml"
    if not _NAME.match(name) or not path.is_file():
        return None
    return _build(path, name, _read(path))
