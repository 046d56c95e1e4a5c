"""Turning what was written during an incident into facts: logs, chat, Slack, CSV.

The timeline is usually rebuilt from the chat channel, the pager and the
logs; retyping them fact by fact is where reviews stall. :func:`parse` reads

- **lines** as logs and chat copy-pastes write them: ``14:02 ana: rolled
  back``, ``[2026-11-29 14:02:11] deploy started``, ISO 8601 with a zone
  (``2026-11-29T13:02:11Z ...``), ``2:02 PM``, syslog (``Nov 29 14:02:11
  host app: ...``), Python logging (``2026-11-29 14:02:11,123 INFO ...``),
  and chat copied from an app that puts the name and time on their own line
  above the message (``Ana Lima  2:02 PM``);
- a **Slack channel export** (the JSON of one day, or the channel's folder);
- a **CSV** whose first row names the columns (the time column and the text
  column are picked by name, or guessed).

Every time becomes a stored fact time (:func:`pmtui.domain.dates.moment_from`):
an offset or Z is converted to local time, a time without one is taken as
local already. A line without a time of its own is attached to the fact
before it, or skipped, as the user chooses. Parsing is pure and reports
progress, so the app runs it in a worker and a 100,000-line log never
freezes the screen.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from pmtui.domain.dates import (
    AMPM_PART,
    DATE_PART,
    TIME_PART,
    ZONE_PART,
    DateError,
    has_offset,
    local_time,
    moment_from,
    parse_moment,
    stored_time,
)
from pmtui.domain.model import Fact, Review
from pmtui.domain.text import LONG_LIMIT, clean, plural
from pmtui.domain.timeline import timeline

PROGRESS_EVERY = 2_000
"""Lines between two progress reports."""
MAX_FACTS = 5_000
"""Facts one import may add: a timeline is read by people; narrow a longer log first."""


class Format(StrEnum):
    AUTO = "auto"
    LINES = "lines"
    SLACK = "slack"
    CSV = "csv"


class Untimed(StrEnum):
    """What becomes of a line that has no time of its own."""

    ATTACH = "attach"
    """Added to the fact before it (a message's second line, a stack trace)."""
    SKIP = "skip"


class ImportProblem(ValueError):
    """The input cannot be read as asked; the message says why and what to do."""


class ColumnProblem(ImportProblem):
    """A CSV whose time or text column must be named: ``columns`` are there to pick from."""

    def __init__(self, message: str, columns: Sequence[str], which: str) -> None:
        super().__init__(message)
        self.columns = tuple(columns)
        self.which = which
        """``time`` or ``text``."""


class Cancelled(Exception):
    """The caller stopped the parse (the preview was closed)."""


@dataclass(frozen=True)
class Options:
    format: Format = Format.AUTO
    untimed: Untimed = Untimed.ATTACH
    day: date | None = None
    """The day of times written without one (a chat paste): the review's day, usually."""
    local: tzinfo | None = None
    """The zone offsets are converted into (``None``: this machine's)."""
    time_column: str = ""
    text_column: str = ""
    match: tuple[str, ...] = ()
    """Keep only facts whose text holds one of these (case does not matter)."""
    source: str = "pasted text"
    """What the evidence of each fact names: a file name, or "pasted text"."""
    author: str = ""


@dataclass
class Parsed:
    """The facts read, and what happened to every other line."""

    facts: list[Fact] = field(default_factory=list)
    format: Format = Format.LINES
    lines: int = 0
    """Lines (or messages, or rows) read."""
    attached: int = 0
    """Lines without a time added to the fact before them."""
    skipped: int = 0
    """Lines without a time skipped (by choice, or before the first timed line)."""
    filtered: int = 0
    """Facts left out by ``match``."""
    blank: int = 0
    converted: int = 0
    """Times that carried an offset and were converted to local time."""
    columns: tuple[str, ...] = ()
    """A CSV's column names."""
    time_column: str = ""
    text_column: str = ""
    notes: list[str] = field(default_factory=list)
    """Lines pmtui could not read as asked, said plainly (the first few)."""

    def summary(self) -> str:
        """``412 facts from 1,203 lines; 790 lines attached, 1 skipped``."""
        parts = [plural(len(self.facts), "fact")]
        unit = {Format.SLACK: "messages", Format.CSV: "rows"}.get(self.format, "lines")
        head = f"{parts[0]} from {self.lines:,} {unit}"
        rest = []
        if self.attached:
            rest.append(f"{self.attached:,} without a time attached to the fact before")
        if self.skipped:
            rest.append(f"{self.skipped:,} without a time skipped")
        if self.filtered:
            rest.append(f"{self.filtered:,} left out by the filter")
        if self.converted:
            rest.append(f"{self.converted:,} times converted to local time")
        return head + ("; " + ", ".join(rest) if rest else "")

    def note(self, text: str) -> None:
        if len(self.notes) < 20:
            self.notes.append(text)


Progress = Callable[[int, int], None]
"""``progress(done, total)``: called every :data:`PROGRESS_EVERY` lines and at the end."""


def parse(
    text: str,
    options: Options = Options(),
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Parsed:
    """Read ``text`` as ``options.format`` (or the format it looks like) into facts.

    Raises :class:`ImportProblem` when it cannot be read at all (a CSV
    without the named column, JSON that is not a Slack export) and
    :class:`Cancelled` when ``cancelled()`` turns true.
    """
    text = clean(text, multiline=True)
    fmt = options.format if options.format is not Format.AUTO else detect(text, options)
    watch = _Watch(progress, cancelled)
    if fmt is Format.SLACK:
        parsed = _slack(text, options, watch)
    elif fmt is Format.CSV:
        parsed = _csv(text, options, watch)
    else:
        parsed = _lines(text, options, watch)
    parsed.format = fmt
    if options.match:
        needles = [m.casefold() for m in options.match if m.strip()]
        kept = [f for f in parsed.facts if any(n in f.what.casefold() for n in needles)]
        parsed.filtered = len(parsed.facts) - len(kept)
        parsed.facts = kept
    watch.done(parsed.lines)
    return parsed


def detect(text: str, options: Options = Options()) -> Format:
    """The format ``text`` looks like: a Slack export, a CSV with a header, or lines."""
    head = text.lstrip()[:1]
    if head in "[{" and head:
        try:
            _slack_messages(text)
            return Format.SLACK
        except ImportProblem:
            pass
    if options.source.lower().endswith((".csv", ".tsv")):
        return Format.CSV
    lines = [line for line in text[:16_384].splitlines() if line.strip()]
    if not lines or _line_time(lines[0]):
        return Format.LINES
    try:
        header = _header(text)
    except ImportProblem:
        return Format.LINES
    if len(header) < 2:
        return Format.LINES
    if _guess(header, TIME_NAMES):
        return Format.CSV
    # A header of other names: a CSV if the next row has as many cells, one a timestamp.
    row = next(csv.reader(lines[1:2], _dialect(text[:16_384])), [])
    return Format.CSV if len(row) == len(header) and any(_moment(c) for c in row) else Format.LINES


def _moment(cell: str) -> bool:
    try:
        parse_moment(cell)
    except DateError:
        return False
    return True


# == progress ==================================================================


class _Watch:
    def __init__(self, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.total = 0

    def tick(self, done: int) -> None:
        if done % PROGRESS_EVERY:
            return
        if self.cancelled is not None and self.cancelled():
            raise Cancelled
        if self.progress is not None:
            self.progress(done, self.total)

    def done(self, lines: int) -> None:
        if self.progress is not None:
            self.progress(lines, max(self.total, lines))


# == building facts ============================================================


class _Builder:
    """Facts in the order read; lines without a time go on the one before."""

    def __init__(self, options: Options, parsed: Parsed) -> None:
        self.options = options
        self.parsed = parsed
        self.day = options.day
        self.last: tuple[date, str] | None = None
        self.fact: Fact | None = None
        self.lines: list[str] = []
        self.speaker = ""
        """The name of a chat app's name-and-time line, waiting for its message."""
        self.source = clean(options.source)
        self.author = clean(options.author)
        self.ids = fresh_ids()

    def timed(self, day: date | None, clock: str, text: str, where: str, speaker: str = "") -> None:
        """A line with a time of its own: a new fact (``text`` may come on the next line)."""
        if day is not None:
            self.day = day
        elif self.day is not None:
            day = self._rollover(clock)
        if day is not None and clock:
            self.last = (day, clock)
        self._finish()
        self.fact = Fact(
            at=stored_time(day, clock),
            evidence=f"{self.source}, {where}",
            author=self.author,
            id=next(self.ids),
        )
        self.lines = [text] if text else []
        self.speaker = speaker

    def untimed(self, text: str) -> None:
        """A line without a time: a bare time line's message, on the fact before, or skipped."""
        if self.fact is None:
            self.parsed.skipped += 1
        elif not self.lines:
            self.lines.append(f"{self.speaker}: {text}" if self.speaker else text)
        elif self.options.untimed is Untimed.SKIP:
            self.parsed.skipped += 1
        else:
            self.lines.append(text)
            self.parsed.attached += 1

    def _rollover(self, clock: str) -> date:
        """A time alone that runs backwards by more than half a day is on the next day."""
        assert self.day is not None
        if self.last is None or not clock:
            return self.day
        last_day, last_clock = self.last
        if _minutes(clock) + 12 * 60 < _minutes(last_clock):
            self.day = last_day + timedelta(days=1)
        return self.day

    def _finish(self) -> None:
        fact, self.fact = self.fact, None
        if fact is None:
            return
        what = "\n".join(self.lines).strip()
        if len(what) > LONG_LIMIT:
            self.parsed.note(f"{fact.evidence}: cut to {LONG_LIMIT:,} characters")
            what = what[: LONG_LIMIT - 1] + "…"
        if not what:
            self.parsed.blank += 1
            return
        fact.what = what  # the whole input was cleaned before it was split
        self.parsed.facts.append(fact)

    def close(self) -> None:
        self._finish()


def fresh_ids() -> Iterator[str]:
    """Random (version 4) UUIDs, as :func:`pmtui.domain.model.new_id` makes, many at a time."""
    while True:
        block = os.urandom(16 * 1024).hex()
        for i in range(0, len(block), 32):
            h = block[i : i + 32]
            variant = "89ab"[int(h[16], 16) & 3]
            yield f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}"


def _minutes(clock: str) -> int:
    return int(clock[:2]) * 60 + int(clock[3:5])


# == lines =====================================================================

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _renamed(part: str, prefix: str) -> str:
    """A pattern part with its groups renamed, to appear twice in one pattern."""
    return re.sub(r"\?P<(\w+)>", lambda m: f"?P<{prefix}{m.group(1)}>", part)


_STAMPED = re.compile(
    r"^\s*[\[(<]?\s*(?:"
    + rf"{DATE_PART}[T ]\s*{TIME_PART}{AMPM_PART}{ZONE_PART}"
    + r"|(?P<mon>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))[a-z]*\.?\s+"
    + r"(?P<md>\d{1,2}),?\s+"
    + _renamed(TIME_PART, "s_")
    + "|"
    + _renamed(TIME_PART + AMPM_PART + ZONE_PART, "t_")
    + r")(?![\d:])\s*[\])>]?(?:\s*[-|:>\]]\s*|\s+|$)"
)
"""A time at the start of a line: a date and time, a syslog stamp, or a time alone."""
_HEADER = re.compile(
    r"^\s*(?P<who>[^\W\d][\w .'’-]{0,40}?)\s+[\[(]?\s*" + TIME_PART + AMPM_PART + r"\s*[\])]?\s*$"
)
"""A chat app's name-and-time line, the message on the lines below it."""
_TIME_KEYS = ("h", "mi", "s", "ampm", "zone")


def _line_time(line: str) -> bool:
    return _STAMPED.match(line) is not None


def _groups(m: re.Match[str], year: int) -> dict[str, str | None]:
    """The groups :func:`moment_from` reads, whichever form of stamp matched."""
    g = m.groupdict()
    if g["y"]:
        return g  # the names moment_from reads; the other forms' groups are empty
    if g.get("mon"):
        month = _MONTHS.index((g["mon"] or "")[:3].lower()) + 1
        time = {k: g.get(f"s_{k}") for k in ("h", "mi", "s")}
        return {"y": str(year), "mo": str(month), "d": g["md"], **time}
    return {k: g.get(f"t_{k}") for k in _TIME_KEYS}


def _lines(text: str, options: Options, watch: _Watch) -> Parsed:
    parsed = Parsed(format=Format.LINES)
    builder = _Builder(options, parsed)
    lines = text.splitlines()
    watch.total = len(lines)
    stamped = any(_STAMPED.match(line) for line in lines[:2000] if line.strip())
    year = (options.day or datetime.now().date()).year
    for n, line in enumerate(lines, 1):
        watch.tick(n)
        if not line.strip():
            parsed.blank += 1
            continue
        m = _STAMPED.match(line) if stamped else None
        if m is not None:
            groups = _groups(m, year)
            try:
                day, clock = moment_from(groups, local=options.local, day=builder.day)
            except DateError as exc:
                parsed.note(f"line {n}: {exc}; read as text")
                builder.untimed(line.strip())
                continue
            if groups.get("zone") and day is not None:
                parsed.converted += 1
            dated = day if groups.get("y") else None  # a time alone takes the running day
            builder.timed(dated, clock, line[m.end() :].strip(), f"line {n}")
            continue
        header = None if stamped else _HEADER.match(line)
        if header is not None:
            try:
                day, clock = moment_from(header.groupdict(), local=options.local, day=builder.day)
            except DateError:
                header = None
            else:
                who = (header.group("who") or "").strip()
                builder.timed(None, clock, "", f"line {n}", speaker=who)
                continue
        builder.untimed(line.strip())
    builder.close()
    parsed.lines = len(lines)
    return parsed


# == Slack =====================================================================

_SKIPPED_SUBTYPES = frozenset({"channel_join", "channel_leave", "group_join", "group_leave"})
_SLACK_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def _slack_messages(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ImportProblem("it is not JSON") from None
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        data = data["messages"]
    if not isinstance(data, list) or not all(isinstance(m, dict) for m in data):
        raise ImportProblem("it is not a Slack export: expected a JSON list of messages")
    if data and not any("ts" in m for m in data):
        raise ImportProblem('it is not a Slack export: the messages have no "ts" time')
    return data


def _slack(text: str, options: Options, watch: _Watch) -> Parsed:
    messages = _slack_messages(text)
    parsed = Parsed(format=Format.SLACK)
    builder = _Builder(options, parsed)
    names = _slack_names(messages)
    watch.total = len(messages)
    ordered = sorted(enumerate(messages), key=lambda im: (_slack_ts(im[1]) or 0.0, im[0]))
    for n, (index, msg) in enumerate(ordered, 1):
        watch.tick(n)
        if msg.get("subtype") in _SKIPPED_SUBTYPES:
            parsed.skipped += 1
            continue
        body = _slack_text(msg, names)
        ts = _slack_ts(msg)
        if ts is None:
            parsed.note(f"message {index + 1}: no time; treated as a line without one")
            builder.untimed(body)
            continue
        wall = local_time(datetime.fromtimestamp(ts, UTC), options.local)
        parsed.converted += 1
        who = _slack_who(msg, names)
        what = f"{who}: {body}" if who else body
        if not body.strip():
            parsed.blank += 1
            continue
        builder.timed(wall.date(), f"{wall:%H:%M:%S}", what, f"message {index + 1}")
    builder.close()
    parsed.lines = len(messages)
    return parsed


def _slack_ts(msg: dict[str, Any]) -> float | None:
    try:
        return float(msg["ts"])
    except (KeyError, TypeError, ValueError):
        return None


def _slack_names(messages: Iterable[dict[str, Any]]) -> dict[str, str]:
    names: dict[str, str] = {}
    for msg in messages:
        profile = msg.get("user_profile")
        uid = msg.get("user")
        if isinstance(profile, dict) and isinstance(uid, str):
            name = profile.get("display_name") or profile.get("real_name") or profile.get("name")
            if isinstance(name, str) and name.strip():
                names.setdefault(uid, name.strip())
    return names


def _slack_who(msg: dict[str, Any], names: dict[str, str]) -> str:
    uid = msg.get("user")
    if isinstance(uid, str) and uid in names:
        return names[uid]
    for key in ("username", "user_name"):
        if isinstance(msg.get(key), str) and msg[key].strip():
            return str(msg[key]).strip()
    bot = msg.get("bot_profile")
    if isinstance(bot, dict) and isinstance(bot.get("name"), str):
        return str(bot["name"])
    return uid if isinstance(uid, str) else ""


def _slack_text(msg: dict[str, Any], names: dict[str, str]) -> str:
    raw = msg.get("text")
    text = raw if isinstance(raw, str) else ""

    def link(m: re.Match[str]) -> str:
        target, label = m.group(1), m.group(2)
        if target.startswith("@"):
            return "@" + (label or names.get(target[1:], target[1:]))
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        return label or target

    return html.unescape(_SLACK_LINK.sub(link, text)).strip()


# == CSV =======================================================================

TIME_NAMES = (
    "time", "timestamp", "datetime", "date", "at", "when", "ts", "created", "created_at",
    "created on", "start", "started", "started_at", "start_time", "start time", "opened",
    "triggered_at", "occurred_at", "event_time", "@timestamp", "_time",
)  # fmt: skip
TEXT_NAMES = (
    "text", "message", "msg", "what", "event", "summary", "title", "description",
    "details", "body", "name", "subject", "log", "_raw",
)  # fmt: skip


def columns(text: str) -> list[str]:
    """The column names in a CSV's first row (for a person to pick from)."""
    return _header(clean(text, multiline=True))


def _header(text: str) -> list[str]:
    sample = text[:16_384]
    first = sample.splitlines()[0] if sample.strip() else ""
    if not first.strip():
        raise ImportProblem("the first line should name the columns, and it is empty")
    dialect = _dialect(sample)
    row = next(csv.reader([first], dialect))
    return [c.strip() for c in row]


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def _guess(columns: Sequence[str], names: Sequence[str]) -> str:
    lowered = {c.strip().lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    return ""


def _column(columns: Sequence[str], wanted: str, names: Sequence[str], what: str) -> str:
    listed = ", ".join(repr(c) for c in columns)
    if wanted:
        for c in columns:
            if c == wanted or c.strip().lower() == wanted.strip().lower():
                return c
        raise ColumnProblem(
            f"it has no column named {wanted!r}; its columns are {listed}", columns, what
        )
    found = _guess(columns, names)
    if not found:
        raise ColumnProblem(
            f"pmtui cannot tell which column holds the {what} (its columns are {listed})",
            columns,
            what,
        )
    return found


def _csv(text: str, options: Options, watch: _Watch) -> Parsed:
    columns = _header(text)
    time_col = _column(columns, options.time_column, TIME_NAMES, "time")
    text_col = _column(columns, options.text_column, TEXT_NAMES, "text")
    parsed = Parsed(format=Format.CSV, columns=tuple(columns))
    parsed.time_column, parsed.text_column = time_col, text_col
    builder = _Builder(options, parsed)
    reader = csv.DictReader(io.StringIO(text), fieldnames=columns, dialect=_dialect(text[:16_384]))
    rows = _rows(reader)
    next(rows, None)  # the header
    watch.total = text.count("\n")
    n = 0
    for n, row in rows:
        watch.tick(n)
        body = (row.get(text_col) or "").strip()
        when = (row.get(time_col) or "").strip()
        if not when:
            if body:
                builder.untimed(body)
            continue
        try:
            stamped = parse_moment(when, local=options.local)
        except DateError:
            parsed.note(f"row {n}: {when!r} is not a time pmtui reads; read as a row without one")
            builder.untimed(body)
            continue
        if has_offset(when):
            parsed.converted += 1
        day, clock = date.fromisoformat(stamped[:10]), stamped[11:]
        if not body:
            parsed.blank += 1
            continue
        builder.timed(day, clock, body, f"row {n}")
    builder.close()
    parsed.lines = max(n - 1, 0)
    return parsed


def _rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportProblem(f"row {n + 1} is not valid CSV ({exc})") from None
        n += 1
        yield n, {k: v for k, v in row.items() if isinstance(k, str) and isinstance(v, str)}


def too_many(count: int) -> str | None:
    """Why ``count`` facts are too many for one import, or ``None``."""
    if count <= MAX_FACTS:
        return None
    return (
        f"{count:,} facts are more than a timeline people can read (at most {MAX_FACTS:,} "
        "at a time); keep the lines that matter with a filter (--match TEXT in pmtui facts "
        "import, the filter box in the app), or split the file"
    )


def new_to(review: Review, facts: Sequence[Fact]) -> list[Fact]:
    """The facts the review does not hold yet (same time and text): a second import adds none."""
    held = {(f.at, f.what) for f in review.facts}
    out = []
    for fact in facts:
        key = (fact.at, fact.what)
        if key not in held:
            held.add(key)
            out.append(fact)
    return out


def add_to(review: Review, facts: Sequence[Fact]) -> int:
    """Put the imported facts it lacks into the review's timeline, in time order; how many."""
    fresh = new_to(review, facts)
    review.facts = timeline([*review.facts, *fresh])
    return len(fresh)


def options_for(review: Review, options: Options) -> Options:
    """``options`` with the review's day for times written without one (unless a day is set)."""
    if options.day is not None:
        return options
    return replace(options, day=review.event_date)


def take_out(review: Review, fact_ids: Iterable[str]) -> None:
    """Remove imported facts again (the undo of an import), and any links made to them."""
    for fact_id in set(fact_ids):
        if any(f.id == fact_id for f in review.facts):
            review.remove_fact(fact_id)
