"""The prompt and scripted paths never load Textual (and scripted runs not even questionary).

Each case runs the CLI in a fresh interpreter, as a user's shell would, and
reports which libraries ended up imported.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from pmtui.domain.model import Commitment, Review
from pmtui.store.repository import Store

PROBE = """
import json, sys
from pmtui.cli import main
rc = main(sys.argv[1:])
loaded = {name.split(".")[0] for name in sys.modules}
print("\\nPROBE " + json.dumps({"rc": rc, "textual": "textual" in loaded,
      "questionary": "questionary" in loaded, "prompt_toolkit": "prompt_toolkit" in loaded}))
"""

QUICK = [
    "quick",
    "--no-input",
    "--title",
    "T",
    "--what",
    "W",
    "--cause",
    "C",
    "--category",
    "tooling",
    "--commitment",
    "D",
    "--owner",
    "ana",
    "--due",
    "+2w",
]


def probe(store: Path, *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args, "--store", str(store), "--as", "ana"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("PROBE ")), None)
    assert line is not None, proc.stderr
    got: dict[str, object] = json.loads(line.removeprefix("PROBE "))
    return got


@pytest.fixture
def seeded(store: Store, store_path: Path) -> Path:
    store.add(
        Review(
            title="Deploy hung",
            commitments=[Commitment(deliverable="Lock timeout", owner="ana", due=date.today())],
        )
    )
    return store_path


@pytest.mark.parametrize(
    ("args", "rc"),
    [
        (QUICK, 0),
        (["quick", "--what", "W"], 2),  # missing flags, no terminal
        (["followup", "--no-input"], 2),  # something is due, no --commitment
        (["followup", "--list"], 0),
        (["checkin", "--no-input", "--mood", "4"], 0),
        (["checkin", "--no-input"], 2),
        (["due"], 0),
        (["sync"], 2),  # not set up: says how
        (["sync", "--status"], 2),
        (["locate"], 0),
    ],
)
def test_scripted_paths_load_neither_textual_nor_the_prompt_library(
    seeded: Path, args: list[str], rc: int
) -> None:
    got = probe(seeded, *args)
    assert got["rc"] == rc
    assert got["textual"] is False
    assert got["questionary"] is False and got["prompt_toolkit"] is False


def test_recording_an_outcome_loads_no_textual(seeded: Path) -> None:
    cid = Store(seeded).open_commitments()[0].id
    got = probe(seeded, "followup", "--no-input", "--commitment", cid, "--outcome", "kept")
    assert got == {"rc": 0, "textual": False, "questionary": False, "prompt_toolkit": False}


def test_the_prompting_path_loads_questionary_but_not_textual(seeded: Path) -> None:
    """Run `pmtui quick` in a pseudo-terminal, cancel at the first prompt, then look."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", PROBE, "quick", "--store", str(seeded)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    cancelled = False
    deadline = time.monotonic() + 30
    try:
        while b"PROBE " not in seen or not seen.rstrip().endswith(b"}"):
            assert time.monotonic() < deadline, seen[-500:]
            if select.select([master], [], [], 0.5)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += chunk
                if b"\x1b[6n" in chunk:
                    os.write(master, b"\x1b[1;1R")
                # The question may arrive split over reads: look at all that was seen.
                if not cancelled and b"What happened?" in seen:
                    os.write(master, b"\x03")
                    cancelled = True
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        os.close(master)
    got = json.loads(seen.decode(errors="replace").split("PROBE ")[1].splitlines()[0])
    assert got == {"rc": 130, "textual": False, "questionary": True, "prompt_toolkit": True}


def test_logging_and_incident_paths_load_neither_textual_nor_the_prompt_library(
    seeded: Path, tmp_path: Path
) -> None:
    """`pmtui log` is the one-line path: it must never pay for the app or the prompts."""
    got = probe(seeded, "log", "checkout 502s after deploy", "--sev", "2")
    assert got == {"rc": 0, "textual": False, "questionary": False, "prompt_toolkit": False}
    listing = tmp_path / "list.csv"
    listing.write_text("id,title,started\n1,a,2026-11-29 10:00\n")
    for args in (["log", "--import", str(listing)], ["incidents"], ["due", "--json"]):
        got = probe(seeded, *args)
        assert got["textual"] is False and got["questionary"] is False, args
    review = Store(seeded).summaries()[0].id
    chat = tmp_path / "chat.txt"
    chat.write_text("14:02 ana: rolled back\n")
    got = probe(seeded, "facts", "import", review, str(chat), "--yes")
    assert got == {"rc": 0, "textual": False, "questionary": False, "prompt_toolkit": False}
