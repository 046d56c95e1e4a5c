"""``pmtui guide``: write the team's postmortem guide as Markdown.

The guide is built from the same files the app uses (templates, the ground
rule, the review policy, the coach's word lists, with the team's overrides),
so what a team reads in its wiki is what pmtui asks during a review.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pmtui.commands import Subcommands
from pmtui.context import Context

if TYPE_CHECKING:
    from pmtui.domain.coach import Rules
    from pmtui.domain.policy import Policy
    from pmtui.domain.templates import Template

ORDER = 72


def register(sub: Subcommands, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "guide",
        parents=parents,
        help="write the team's postmortem guide as Markdown",
        description="Write the team's postmortem guide (process, roles, the review policy, "
        "stage questions, ground rule, what the coach looks for) as Markdown, from the "
        "packaged templates and the team's overrides in the config dir.",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write to PATH instead of standard output",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from pmtui.domain.coach import default_rules
    from pmtui.domain.policy import load_policy
    from pmtui.domain.templates import ground_rule, load_templates

    # unreadable templates, policy or coach file: reported by pmtui.cli, exit 2
    text = render(load_templates(), ground_rule(), default_rules(), load_policy())
    if args.output:
        path = Path(args.output).expanduser()
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"pmtui: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def render(
    templates: dict[str, Template], rule: str, rules: Rules, policy: Policy | None = None
) -> str:
    """The guide as Markdown."""
    from pmtui.domain.stages import BY_NAME, STAGES

    out: list[str] = ["# Our postmortem guide", ""]
    out += [
        "We hold reviews to change the system we work in, not to find someone to blame. "
        "This guide describes how we run them with pmtui.",
        "",
        "## Ground rule",
        "",
        *(f"> {line}" if line else ">" for line in rule.splitlines()),
        "",
        "## Roles",
        "",
        "- **Facilitator**: runs the review, keeps time, reads the ground rule and names "
        "their own part first. Keeps the discussion on the system when it drifts to people.",
        "- **Participants**: everyone who was involved or affected. They add facts, causes "
        "and commitments; nobody is there to defend themselves.",
        "- **Owners**: one person per commitment. The owner makes sure the change happens "
        "by its date, or brings it back to the follow-up to replan or drop it with a reason.",
        "",
        "## The process",
        "",
    ]
    for step in STAGES:
        out.append(f"1. **{step.title}.** {step.purpose}")
    out.append(
        "1. **Follow-up.** Four to eight weeks later, go through every commitment: kept, "
        "partly kept, not kept or dropped, and for each one not kept, what got in the way. "
        "Be curious, not punitive."
    )
    out += _policy_section(policy, templates)
    out += ["", "## Kinds of review", ""]
    for t in templates.values():
        out += [f"### {t.title} (`{t.name}`)", "", t.description, ""]
        for stage in t.stages:
            question = t.prompt(stage)
            line = f"- **{BY_NAME[stage].title}**"
            out.append(f"{line}: {question}" if question else line)
            if stage == "causes":
                for section in t.sections:
                    out.append(f"  - *{section.title}*: {section.prompt}")
        if t.cause_tree:
            out.append(f"- Cause categories: {', '.join(t.cause_categories)}.")
        elif "causes" in t.stages and t.cause_categories:
            out.append(f"- Categories: {', '.join(t.cause_categories)}.")
        out.append("")
    out += _coach_section(rules)
    return "\n".join(out).rstrip() + "\n"


def _policy_section(policy: Policy | None, templates: dict[str, Template]) -> list[str]:
    from pmtui.domain.policy import DEFAULT_POLICY, LEVELS, UNRATED, render_toml

    policy = policy or DEFAULT_POLICY
    out = [
        "",
        "## Which incidents we review, and by when",
        "",
        'Every incident is logged the moment it happens (`pmtui log "what broke" --sev 2`, '
        "or `l` on pmtui's home screen); its review follows this policy. An incident still "
        "waiting past its date shows on the home screen and in `pmtui due`, beside overdue "
        "commitments. Waiving a review takes a reason.",
        "",
        "| severity | review | within |",
        "| --- | --- | --- |",
    ]
    for level in LEVELS:
        r = policy.rule_for(None if level == UNRATED else level)
        name = (
            templates[r.template].title
            if r.template in templates
            else f"{r.template}: no such template, fix the policy"
        )
        label = "not rated yet" if level == UNRATED else level
        out.append(f"| {label} | {name} (`{r.template}`) | {r.within()} |")
    out += [
        "",
        f"Working days are Monday to Friday. This policy comes from {policy.source}; "
        "to change it, write `policy.toml` in pmtui's config directory (`pmtui locate` "
        "prints it) with the tables to change:",
        "",
        "```toml",
        *render_toml(policy).rstrip().splitlines(),
        "```",
    ]
    return out


def _coach_section(rules: Rules) -> list[str]:
    def sample(key: str, n: int = 8) -> str:
        words = [w for w in rules.lists.get(key, ()) if len(w) > 2][:n]
        return ", ".join(f"“{w}”" for w in words)

    out = [
        "## What the coach looks for",
        "",
        "pmtui's coach points out wording that slips into blame or vagueness. A hint is a "
        "question, never a block: set it aside with a reason when it does not apply.",
        "",
        f"- **Facts** describe, they do not judge ({sample('facts.judgement')}) or explain "
        f"({sample('facts.causal')}). Each fact has a time and evidence.",
        "- **Causes** have the system as their subject, not a person. Ask what made an "
        "action reasonable at the time, and what the system showed people. Avoid blame "
        f"({sample('causes.blame')}) and hindsight ({sample('causes.hindsight')}).",
        "- **Causes go deep enough**: a cause that is not yet about the system gets a "
        "\u201cwhy?\u201d below it; a cause does not restate a fact; a cause that recurs from "
        "an earlier review is a sign that the earlier fix did not reach the system.",
        "- **Commitments** are concrete: one owner (not a group), a date before the "
        "follow-up, a done-when anyone can check. Intentions such as "
        f"{sample('commitments.vague')} are not commitments. A fix that only adds one more "
        "approval or checklist step slows everyone: prefer a change to the system.",
        "",
    ]
    if rules.disabled:
        out += [f"Rules this team has turned off: {', '.join(sorted(rules.disabled))}.", ""]
    return out
