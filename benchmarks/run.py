"""One command for every figure pmtui promises, beside its baselines.

    python benchmarks/run.py [--quick] [--only SECTION ...] [--out bench.json]

Each section measures pmtui and the thing it has to beat in the same run
(the machine is noisy, so medians, min-max and ratios, never one time):

- first frame: ``pmtui`` in a pseudo-terminal until its home screen is
  painted with its data, at 0 / 1,000 / 10,000 reviews, beside a bare
  Textual app with as many widgets (targets 1.15x at 1,000, 1.5x at 10,000);
- memory: peak RSS of those launches;
- quick path: ``pmtui quick`` to its first prompt beside a bare questionary
  prompt (target 1.2x);
- save: edit-to-durable p50/p95 through the store beside stock TinyDB
  (targets 50 ms p95 at 1,000, 250 ms at 10,000);
- typing: keypress-to-frame in a stage pane with 10,000 reviews stored
  versus one (target 1.1x);
- queries: the follow-up view and ``pmtui due`` over 10,000 reviews and
  50,000 commitments (target 100 ms);
- ssh: what a person on the far end of an SSH link meets, in a real pty at
  80x24 with ``SSH_CONNECTION`` set, at 1,000 and 10,000 reviews beside a
  bare Textual app with one Input: bytes of the first screen, bytes per
  typed character in the review's title (target 1.2x), bytes and CPU over
  10 s idle in the review (targets 0 bytes, 0.3% of a core), resident memory
  with the review open (target 100 MiB at 10,000) and key-to-echo;
- idle: CPU of open apps while nothing changes (1 and 10 apps on one review,
  in tmux) beside a bare Textual app (target: under 1% of a core each), and
  how long a save by someone else takes to show in all of them;
- coach: precision and recall per stage on real text (train and dev splits
  of tests/data/coach-real) beside the fit on the project's own corpus; the
  test split (target: precision 0.9, recall 0.85) is scored only on purpose,
  ``benchmarks/coach_eval.py --split test``, and each look is recorded;
- coach cv: the same figures for the train and dev documents, each scored
  by a model trained without it (cross-validation by document), over all of
  them and over those the rules were not tuned on;
- coach speed: ``pmtui coach --stage S --json`` on 1,000 real statements in a
  fresh process, beside the same command on empty input (target 500 ms);
- live: another person's save shown in an open review, with each store
  check (target 1 s);
- recurrence: the coach's recurring-cause check over 5,000 earlier reviews
  (target 2 s);
- sync: ``pmtui sync`` with 1,000 reviews (10 changed here, 10 here and 10
  merged from a teammate, nothing changed) beside plain ``git fetch`` +
  ``git push`` of the same repository (target: pmtui's own work under 1 s);
- incidents: ``pmtui log`` until it has printed the id, at 0 and 10,000
  reviews beside ``pmtui --version`` (goal: well under 1 s); a 100,000-line
  log parsed into facts, and ``pmtui facts import`` of it; ``pmtui due`` at
  10,000 reviews before and after 1,000 incidents are logged;
- health: the insights view's work and ``pmtui health --json`` at 10,000
  reviews and 1,000 incidents beside the old view's (every review read
  whole), and the view in tmux from the key to the chart (target 1 s); the
  same after a teammate's cause edit, beside an older pmtui when
  ``PMTUI_BENCH_BEFORE`` names a checkout of one;
- health_real: the figures after a teammate's cause edit on 10,000 reviews
  whose causes are worded like real ones and all different (about 55,000),
  beside an older pmtui the same way (target 1 s).

Every section records the machine's load average when it started and ended
(a row after its figures): on a shared machine a figure is read against it.

``--quick`` uses small stores and few repetitions: CI runs it to prove the
script works, not to judge the times. The JSON written holds every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

FIRST_FRAME_TARGETS = {"1000": 1.15, "10000": 1.5}
TYPING_TARGET = 1.1
QUERY_TARGET_MS = 100.0
COACH_TARGETS = {"precision": 0.9, "recall": 0.85}
IDLE_TARGET_PCT = 1.0
SSH_TARGETS = {"bytes_per_char": 1.2, "idle_bytes": 0, "idle_cpu_pct": 0.3, "rss_mib": 100}

Row = tuple[str, str, str, str, str]


def _ms(d: dict[str, float], key: str = "median_ms") -> str:
    """Median (min-max), and the load average when the figure was taken if it was noted."""
    load = f", load {d['load']:.1f}" if "load" in d else ""
    return f"{d[key]:.0f} ms ({d['min_ms']:.0f}-{d['max_ms']:.0f}{load})"


def _verdict(ok: bool | None) -> str:
    return "" if ok is None else ("met" if ok else "MISSED")


def rows_first_frame(r: dict[str, Any]) -> list[Row]:
    """Each size against the bare launches taken in turn with its own (older JSON: all)."""
    out = []
    for n, fig in r["sizes"].items():
        s = fig["seconds"]
        bare = fig.get("bare_seconds", r["bare"]["seconds"])
        ratio = fig.get("ratio", s["median"] / bare["median"])
        target = FIRST_FRAME_TARGETS.get(n)
        out.append(
            (
                f"first frame, {int(n):,} reviews",
                f"{s['median'] * 1000:.0f} ms ({s['min'] * 1000:.0f}-{s['max'] * 1000:.0f})",
                f"{bare['median'] * 1000:.0f} ms bare ({r['widgets']} widgets)",
                f"{ratio:.2f}x" + (f" / {target}x" if target else ""),
                _verdict(ratio <= target if target else None),
            )
        )
    for n, fig in r["sizes"].items():  # CPU used to the frame: moves far less with the load
        c = fig["cpu_seconds"]
        bare_cpu = fig.get("bare_cpu_seconds", r["bare"]["cpu_seconds"])
        out.append(
            (
                f"first frame CPU, {int(n):,} reviews",
                f"{c['median'] * 1000:.0f} ms ({c['min'] * 1000:.0f}-{c['max'] * 1000:.0f})",
                f"{bare_cpu['median'] * 1000:.0f} ms bare",
                f"{c['median'] / bare_cpu['median']:.2f}x",
                "",
            )
        )
    for n, fig in r["sizes"].items():
        out.append(
            (
                f"peak memory, {int(n):,} reviews",
                f"{fig['peak_rss_kib'] / 1024:.0f} MiB",
                f"{r['bare']['peak_rss_kib'] / 1024:.0f} MiB bare",
                "",
                "",
            )
        )
    return out


def rows_quick_path(r: dict[str, Any]) -> list[Row]:
    """The first prompt, and (newer JSON) the offer of a stopped draft and an older pmtui's."""
    bare = _ms(r["bare_questionary"]) + " bare"
    target = r["target_ratio"]
    shown = [("quick path to first prompt", "pmtui_quick", r["ratio"], True)]
    if "pmtui_quick_offering_a_draft" in r:
        shown.append(
            ("quick path to the offer of a stopped draft", "pmtui_quick_offering_a_draft",
             r["draft_ratio"], True)
        )  # fmt: skip
    if "pmtui_quick_before" in r:
        shown.append(("quick path to first prompt, before", "pmtui_quick_before",
                      r["ratio_before"], False))  # fmt: skip
    return [
        (
            name,
            _ms(r[key]),
            bare,
            f"{ratio:.2f}x / {target}x" if judged else f"{ratio:.2f}x",
            _verdict(ratio <= target) if judged else "",
        )
        for name, key, ratio, judged in shown
    ]


def rows_save(r: dict[str, Any]) -> list[Row]:
    out = []
    for n, fig in r["sizes"].items():
        mine, stock = fig["pmtui"], fig["tinydb"]
        target = fig.get("target_p95_ms")
        out.append(
            (
                f"save, {int(n):,} reviews",
                f"p50 {mine['save_p50_ms']:.0f} / p95 {mine['save_p95_ms']:.0f} ms",
                f"p95 {stock['save_p95_ms']:.0f} ms TinyDB",
                f"p95 / {target} ms" if target else "",
                _verdict(fig.get("meets_target")),
            )
        )
        if "generation" in fig:
            safe = fig["generation"]
            out.append(
                (
                    f"save, {int(n):,} reviews, generation check",
                    f"p50 {safe['save_p50_ms']:.0f} / p95 {safe['save_p95_ms']:.0f} ms",
                    f"p95 {mine['save_p95_ms']:.0f} ms signature check",
                    f"{safe['save_p95_ms'] / mine['save_p95_ms']:.2f}x",
                    "",
                )
            )
        out.append(
            (
                f"load, {int(n):,} reviews",
                f"{mine['load_ms']:.0f} ms, {mine['peak_mb']:.0f} MB peak",
                f"{stock['load_ms']:.0f} ms, {stock['peak_mb']:.0f} MB TinyDB",
                "",
                "",
            )
        )
    return out


def rows_typing(r: dict[str, Any]) -> list[Row]:
    big, small = r["big"], r["small"]
    return [
        (
            f"keypress, {big['reviews']:,} reviews",
            _ms(big),
            _ms(small) + f" with {small['reviews']}",
            f"{r['ratio']:.2f}x / {TYPING_TARGET}x",
            _verdict(r["ratio"] <= TYPING_TARGET),
        )
    ]


def rows_queries(r: dict[str, Any]) -> list[Row]:
    label = f"{r['reviews']:,} reviews / {r['commitments']:,} commitments"
    out = []
    for key, name in (
        ("follow_up_view_warm", "follow-up view (store open)"),
        ("follow_up_view_cold", "follow-up view (fresh process)"),
        ("follow_up_view_after_save", "follow-up view (fresh process, after a save)"),
        ("due_warm", "due query (store open)"),
        ("due_cold", "due query (fresh process)"),
        ("pmtui_due_process", "whole `pmtui due` process"),
    ):
        fig = r.get(key)
        if fig is None:
            continue
        untimed = ("pmtui_due_process", "follow_up_view_after_save")
        target = None if key in untimed else QUERY_TARGET_MS
        out.append(
            (
                f"{name}, {label}",
                _ms(fig),
                "",
                f"/ {target:.0f} ms" if target else "",
                _verdict(fig["median_ms"] <= target if target else None),
            )
        )
    return out


def rows_incidents(r: dict[str, Any]) -> list[Row]:
    n = f"{r['reviews']:,} reviews"
    return [
        ("pmtui log, empty store", _ms(r["log_empty"]), _ms(r["version"]) + " --version", "", ""),
        (
            f"pmtui log, {n}",
            _ms(r["log_big"]),
            _ms(r["version"]) + " --version",
            "/ 1000 ms",
            _verdict(r["log_within_goal"]),
        ),
        (f"parse a {r['log_lines']:,}-line log", _ms(r["parse"]), "", "", ""),
        (f"pmtui facts import, {r['log_lines']:,}-line log", _ms(r["facts_import"]), "", "", ""),
        (
            f"pmtui due, {n}, {r['incidents']:,} incidents",
            _ms(r["due_after"]),
            _ms(r["due_before"]) + " before",
            "",
            "",
        ),
    ]


def _pr(fig: dict[str, Any]) -> str:
    def cell(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}"

    return f"P {cell(fig['precision'])} / R {cell(fig['recall'])}"


def rows_coach(r: dict[str, Any]) -> list[Row]:
    out = []
    for split in ("test", "dev", "train"):
        for stage, fig in r.get(split, {}).items():
            fit = r["fit"][stage]
            target = COACH_TARGETS if split == "test" else None
            met = None
            if target:
                met = all(
                    fig[key] is not None and fig[key] >= floor for key, floor in target.items()
                )
            out.append(
                (
                    f"coach {stage}, real text {split} ({fig['statements']})"
                    + ("" if split == "test" else ", learned from: see coach cv"),
                    _pr(fig),
                    f"{_pr(fit)} fit",
                    f"/ P {target['precision']} R {target['recall']}" if target else "",
                    _verdict(met),
                )
            )
    return out


def rows_coach_cv(r: dict[str, Any]) -> list[Row]:
    return [
        (
            f"coach {stage}, train+dev cross-validated, {which} documents",
            _pr(fig[which]),
            f"threshold {fig['threshold']}",
            "",
            "",
        )
        for stage, fig in r.items()
        if isinstance(fig, dict)
        for which in ("all", "untuned")
    ]


def rows_coach_speed(r: dict[str, Any]) -> list[Row]:
    return [
        (
            f"pmtui coach --stage {stage}, {r['lines']:,} lines",
            _ms(fig["pmtui"]),
            _ms(fig["empty"]) + " empty input",
            f"/ {r['target_ms']:.0f} ms",
            _verdict(fig["meets_target"]),
        )
        for stage, fig in r["stages"].items()
    ]


def rows_live(r: dict[str, Any]) -> list[Row]:
    return [
        (
            f"others' save shown, {check} check",
            _ms(fig),
            "",
            f"max / {r['target_ms']:.0f} ms",
            _verdict(fig["meets_target"]),
        )
        for check, fig in r["checks"].items()
    ]


def rows_recurrence(r: dict[str, Any]) -> list[Row]:
    return [
        (
            f"recurring causes, {r['history']:,} earlier reviews",
            _ms(r),
            "",
            f"/ {r['target_ms']:.0f} ms",
            _verdict(r["meets_target"]),
        )
    ] + [
        (
            f"grouping {int(n):,} different real-worded causes",
            _ms(fig),
            "",
            f"/ {fig['target_ms']:.0f} ms",
            _verdict(fig["meets_target"]),
        )
        for n, fig in r.get("grouping", {}).items()
    ]


def rows_idle(r: dict[str, Any]) -> list[Row]:
    if "skipped" in r:
        return [("idle", r["skipped"], "", "", "")]
    bare = r["bare"]["median_pct"]
    out = []
    for key in sorted(k for k in r if k.startswith("apps_")):
        fig = r[key]
        label = f"{fig['apps']} app(s)" + (", polling" if key.endswith("polling") else "")
        for where in ("home", "review_facts", "review_frame", "review_frame_blinking"):
            cpu = fig[where]["max_pct"]
            target = None if where.endswith("blinking") else IDLE_TARGET_PCT
            out.append(
                (
                    f"idle CPU each, {label}, {where.replace('_', ' ')}",
                    f"{fig[where]['median_pct']:.2f}% (max {cpu:.2f}%)",
                    f"{bare:.2f}% bare",
                    f"/ {target:.0f}%" if target else "",
                    _verdict(cpu < target if target else None),
                )
            )
        out.append(
            (
                f"a save shown in all, {label}",
                f"{fig['save_to_all_median_s'] * 1000:.0f} ms (max "
                f"{fig['save_to_all_max_s'] * 1000:.0f})",
                "",
                "",
                "",
            )
        )
    return out


def _spread(fig: dict[str, float], unit: str, scale: float = 1.0, digits: int = 0) -> str:
    def num(v: float) -> str:
        return f"{v * scale:,.{digits}f}"

    return f"{num(fig['median'])}{unit} ({num(fig['min'])}-{num(fig['max'])})"


def rows_ssh(r: dict[str, Any]) -> list[Row]:
    bare = r["bare"]
    idle = f"{r['idle_seconds']:.0f} s"
    out: list[Row] = []
    for n, fig in r["sizes"].items():
        label = f"{int(n):,} reviews"
        rss = fig["rss_kib"]["median"] / 1024
        rss_target = SSH_TARGETS["rss_mib"] if n == "10000" else None
        out += [
            (
                f"ssh: first screen, {label}",
                _spread(fig["first_screen_bytes"], " B"),
                _spread(bare["first_screen_bytes"], " B") + " bare",
                f"{fig['first_screen_ratio']:.2f}x",
                "",
            ),
            (
                f"ssh: bytes per typed character, {label}",
                _spread(fig["bytes_per_char"], " B"),
                _spread(bare["bytes_per_char"], " B") + " bare Input",
                f"{fig['bytes_per_char_ratio']:.2f}x / {SSH_TARGETS['bytes_per_char']}x",
                _verdict(fig["bytes_per_char_ratio"] <= SSH_TARGETS["bytes_per_char"]),
            ),
            (
                f"ssh: bytes idle in a review, {idle}, {label}",
                _spread(fig["idle_bytes"], " B"),
                _spread(bare["idle_bytes"], " B") + " bare",
                "/ 0 B",
                _verdict(fig["idle_bytes"]["median"] <= SSH_TARGETS["idle_bytes"]),
            ),
            (
                f"ssh: CPU idle in a review, {idle}, {label}",
                _spread(fig["idle_cpu_pct"], "%", digits=2),
                _spread(bare["idle_cpu_pct"], "%", digits=2) + " bare",
                f"/ {SSH_TARGETS['idle_cpu_pct']}%",
                _verdict(fig["idle_cpu_pct"]["median"] <= SSH_TARGETS["idle_cpu_pct"]),
            ),
            (
                f"ssh: memory with a review open, {label}",
                _spread(fig["rss_kib"], " MiB", scale=1 / 1024),
                _spread(bare["rss_kib"], " MiB", scale=1 / 1024) + " bare",
                f"/ {rss_target} MiB" if rss_target else "",
                _verdict(rss <= rss_target if rss_target else None),
            ),
            (
                f"ssh: key to echo, {label}",
                _spread(fig["echo_ms"], " ms", digits=1),
                _spread(bare["echo_ms"], " ms", digits=1) + " bare",
                "",
                "",
            ),
        ]
        if "rss_causes_kib" in fig:  # the coach's model and word lists read too
            causes = fig["rss_causes_kib"]
            row = (
                f"ssh: memory with a review open at causes, {label}",
                _spread(causes, " MiB", scale=1 / 1024),
                "",
                f"/ {rss_target} MiB" if rss_target else "",
                _verdict(causes["median"] / 1024 <= rss_target if rss_target else None),
            )
            out.insert(len(out) - 1, row)
    out.append(
        ("ssh: machine load (1, 5, 15 min)", " ".join(f"{x:.2f}" for x in r["load"]), "", "", "")
    )
    return out


def rows_sync(r: dict[str, Any]) -> list[Row]:
    out = []
    for name in ("10 changed", "10 + 10 merged", "nothing changed"):
        fig = r[name]
        out.append(
            (
                f"sync, {r['reviews']:,} reviews, {name}",
                f"{_ms(fig['command'])}; own work {fig['own_work']['median_ms']:.0f} ms",
                f"{_ms(fig['plain_git'])} git fetch+push",
                f"own / {fig['target_ms']:.0f} ms",
                _verdict(fig["meets_target"]),
            )
        )
    for label, key in (("first sync (--init)", "first_sync_ms"), ("init --git", "join_ms")):
        out.append((f"sync, {r['reviews']:,} reviews, {label}", f"{r[key]:.0f} ms", "", "", ""))
    return out


def rows_health(r: dict[str, Any]) -> list[Row]:
    n = f"{r['reviews']:,} reviews"
    target = f"/ {r['target_ms']:.0f} ms"

    def cpu(fig: dict[str, float]) -> str:
        return _ms(fig) + f", CPU {fig['cpu_median_ms']:.0f} ms"

    view, index_view = r["view"], r["index_view"]
    out: list[Row] = [
        (
            f"insights view's work, {n}",
            cpu(view),
            cpu(index_view) + " from the index",
            f"{index_view['median_ms'] / view['median_ms']:.0f}x faster {target}",
            _verdict(view["median_ms"] <= r["target_ms"]),
        ),
        (
            f"insights view's work, no kept sums, {n}",
            cpu(r["view_unsummed"]),
            cpu(r["old_view"]) + ", every review",
            target,
            _verdict(r["view_unsummed"]["median_ms"] <= r["target_ms"]),
        ),
        (
            f"pmtui health --json, {n}",
            _ms(r["health"]),
            _ms(r["health_unsummed"]) + " summed again; " + _ms(r["version"]) + " --version",
            target,
            _verdict(r["health"]["median_ms"] <= r["target_ms"]),
        ),
        (
            f"save of one title, {n}",
            _ms(r["save"]) + " sums kept",
            _ms(r["save_unsummed"]) + " no kept sums",
            "",
            "",
        ),
    ]
    tmux, cold = r.get("view_in_terminal"), r.get("view_in_terminal_unsummed")
    if tmux:
        out.append((f"insights in tmux, key to chart, {n}", _ms(tmux),
                    _ms(cold) + " summed again" if cold else "", target,
                    _verdict(tmux["median_ms"] <= r["target_ms"])))  # fmt: skip
    out += _rows_after_cause_edit(r, n, target)
    return out


def _rows_after_cause_edit(r: dict[str, Any], n: str, target: str) -> list[Row]:
    """The figures after a teammate's cause edit, beside an older pmtui's when measured."""
    if "view_after_cause_edit" not in r:
        return []
    before = " before" if r.get("before") else ""

    def was(key: str, otherwise: str = "") -> str:
        got = r.get(key + "_before")
        return _ms(got) + before if got else otherwise

    def cpu(key: str) -> str:
        got = r[key].get("cpu_median_ms")
        return "" if got is None else f", CPU {got:.0f} ms"

    out: list[Row] = [
        (
            f"after a cause edit: view's work to charts, {n}",
            _ms(r["view_after_cause_edit"]),
            "recount " + _ms(r["count_after_cause_edit"]),
            target,
            _verdict(r["view_after_cause_edit"]["median_ms"] <= r["target_ms"]),
        ),
        (
            f"after a cause edit: pmtui health --json, {n}",
            _ms(r["health_after_cause_edit"]) + cpu("health_after_cause_edit"),
            was("health_after_cause_edit")
            + (cpu("health_after_cause_edit_before") if before else ""),
            target,
            _verdict(r["health_after_cause_edit"]["median_ms"] <= r["target_ms"]),
        ),
    ]
    if r.get("count_open_after_cause_edit"):
        out.append((f"after a cause edit: an open pmtui's count, {n}",
                    _ms(r["count_open_after_cause_edit"]) + cpu("count_open_after_cause_edit"),
                    was("count_open_after_cause_edit")
                    + (cpu("count_open_after_cause_edit_before") if before else ""),
                    "", ""))  # fmt: skip
    chart, count = (
        r.get("chart_in_terminal_after_cause_edit"),
        r.get("recurring_in_terminal_after_cause_edit"),
    )
    if chart:
        out.append((f"after a cause edit: tmux, i to chart, {n}", _ms(chart),
                    was("chart_in_terminal_after_cause_edit"), target,
                    _verdict(chart["median_ms"] <= r["target_ms"])))  # fmt: skip
    if count:
        out.append((f"after a cause edit: tmux, i to recurring count, {n}", _ms(count),
                    was("recurring_in_terminal_after_cause_edit"), target,
                    _verdict(count["median_ms"] <= r["target_ms"])))  # fmt: skip
    for key, when in (("open", "i at once"), ("settled", "i once pmtui is idle")):
        got = r.get(f"recurring_{key}_in_terminal_after_cause_edit")
        if got:
            out.append((f"cause edit while open, {when}: tmux, i to recurring count, {n}",
                        _ms(got), was(f"recurring_{key}_in_terminal_after_cause_edit"), target,
                        _verdict(got["median_ms"] <= r["target_ms"])))  # fmt: skip
    return out


def rows_health_real(r: dict[str, Any]) -> list[Row]:
    n = f"{r['reviews']:,} reviews, {r['causes']:,} real-worded causes"
    return _rows_after_cause_edit(r, n, f"/ {r['target_ms']:.0f} ms")


def rows_load(name: str, r: dict[str, Any]) -> list[Row]:
    """The machine's load average while a section ran: its figures are read against it."""
    start, end = r.get("load_at_start"), r.get("load_at_end")
    if start is None or end is None:
        return []
    shown = " ".join(f"{x:.2f}" for x in start) + " -> " + " ".join(f"{x:.2f}" for x in end)
    return [(f"{name}: machine load (1, 5, 15 min), start -> end", shown, "", "", "")]


def _section(module: str) -> Callable[[bool], dict[str, Any]]:
    def call(quick: bool) -> dict[str, Any]:
        return __import__(module).run(quick)  # type: ignore[no-any-return]

    return call


SECTIONS: dict[
    str, tuple[Callable[[bool], dict[str, Any]], Callable[[dict[str, Any]], list[Row]]]
] = {
    "first_frame": (_section("firstframe"), rows_first_frame),
    "quick_path": (_section("quick_path"), rows_quick_path),
    "save": (_section("store"), rows_save),
    "typing": (_section("keypress"), rows_typing),
    "queries": (_section("queries"), rows_queries),
    "ssh": (_section("ssh"), rows_ssh),
    "idle": (_section("idle"), rows_idle),
    "coach": (_section("coach_eval"), rows_coach),
    "coach_cv": (_section("coach_cv"), rows_coach_cv),
    "coach_speed": (_section("coach_speed"), rows_coach_speed),
    "live": (_section("live"), rows_live),
    "recurrence": (_section("recurrence"), rows_recurrence),
    "sync": (_section("sync"), rows_sync),
    "incidents": (_section("incidents"), rows_incidents),
    "health": (_section("health"), rows_health),
    "health_real": (lambda quick: __import__("health").run_real(quick), rows_health_real),
}


def print_table(rows: list[Row]) -> None:
    header: Row = ("figure", "pmtui", "baseline", "ratio / target", "")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for i, row in enumerate([header, *rows]):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small stores, few repetitions")
    parser.add_argument(
        "--only", nargs="+", choices=sorted(SECTIONS), help="run only these sections"
    )
    parser.add_argument(
        "--out", default="bench.json", help="where to write the JSON (default bench.json)"
    )
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "quick": args.quick,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    rows: list[Row] = []
    failed = []
    for name in args.only or list(SECTIONS):
        measure, to_rows = SECTIONS[name]
        print(f"== {name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        load_at_start = [round(x, 2) for x in os.getloadavg()]
        try:
            figures = measure(args.quick)
        except Exception:
            failed.append(name)
            results[name] = {"error": traceback.format_exc()}
            print(traceback.format_exc(), file=sys.stderr)
            continue
        figures["seconds_taken"] = round(time.perf_counter() - start, 1)
        figures["load_at_start"] = load_at_start
        figures["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
        results[name] = figures
        rows.extend(to_rows(figures))
        rows.extend(rows_load(name, figures))
    Path(args.out).write_text(json.dumps(results, indent=2, default=str) + "\n")
    print()
    print_table(rows)
    print(f"\nfigures written to {args.out}")
    if failed:
        print(f"sections that failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
