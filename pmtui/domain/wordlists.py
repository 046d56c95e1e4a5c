"""The coach's word lists as plain words, without loading the coach.

:func:`normalize` is how every coach word and every statement it reads is
spelled before comparing. :func:`stop_words` reads only the ``[stop_words]``
list (the packaged one, plus a team's additions, minus its quiet ones, as
:func:`pmtui.domain.coach.rules.load_rules` reads every list): the insights
and practice health compare cause statements with it and must not pay for
loading the coach's lexicon and patterns to do so.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

from pmtui.domain.config_files import ConfigFileError, read_toml

TEAM_FILE = "coach.toml"

_CONTRACTIONS = [
    (re.compile(r"\bcan[’']t\b"), "cannot"),
    (re.compile(r"\bwon[’']t\b"), "will not"),
    (re.compile(r"\bshan[’']t\b"), "shall not"),
    (re.compile(r"n[’']t\b"), " not"),
    (re.compile(r"[’']ve\b"), " have"),
    (re.compile(r"[’']ll\b"), " will"),
    (re.compile(r"[’']re\b"), " are"),
    (re.compile(r"\bi[’']m\b"), "i am"),
    (re.compile(r"\blet[’']s\b"), "let us"),
]


def normalize(text: str) -> str:
    """Lowercase, contractions spelled out, curly quotes straightened, one space."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    if "'" in text:  # most words have no contraction to spell out
        for pattern, repl in _CONTRACTIONS:
            text = pattern.sub(repl, text)
    return " " + " ".join(text.split()) + " "


def packaged_words(language: str) -> Path:
    """The coach's packaged word lists for ``language``."""
    return Path(str(resources.files("pmtui") / "data" / "coach" / f"{language}.toml"))


def stop_words(config_dir: Path | None = None, language: str = "en") -> frozenset[str]:
    """The coach's stop words, a team's included; the packaged ones if its file is broken."""
    if config_dir is None:
        from pmtui import locations

        config_dir = locations.config_dir()
    team = config_dir / TEAM_FILE
    try:
        stamp = team.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _stop_words(config_dir, language, stamp)


@functools.lru_cache(maxsize=8)
def _stop_words(config_dir: Path, language: str, stamp: int) -> frozenset[str]:
    path = packaged_words(language)
    words = list(_words(read_toml(path, ConfigFileError).get("stop_words")))
    team = config_dir / TEAM_FILE
    if stamp and team.is_file():
        try:
            data = read_toml(team, ConfigFileError)
            added = list(_words(data.get("stop_words")))
            quiet = data.get("quiet", {})
            gone = {normalize(w).strip() for w in _words(quiet.get("stop_words"))}
        except (ConfigFileError, AttributeError, TypeError):
            return frozenset(normalize(w).strip() for w in words)
        words = [w for w in words + added if normalize(w).strip() not in gone]
    return frozenset(normalize(w).strip() for w in words)


def _words(table: object) -> tuple[str, ...]:
    if not isinstance(table, dict):
        return ()
    value = table.get("words", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("stop_words.words: a list of strings")
    return tuple(value)
