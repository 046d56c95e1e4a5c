"""``pmtui sync``, ``pmtui sync --init``, ``pmtui sync --status`` and ``pmtui init --git``:
the installed command, run as a person runs it, with a bare repository as the team's remote."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.terminal import pmtui_command
from tests.store.sync.machines import bare_remote, requires_git

pytestmark = requires_git()


class Person:
    """Someone with their own store on their own machine, typing pmtui commands."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.store = root / name
        self.env = {
            **os.environ,
            "USER": name,
            "PMTUI_STORE": f"{self.store}/",
            "PMTUI_CONFIG_DIR": str(root / f"{name}-config"),
        }

    def run(self, *args: str, ok: int | None = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [pmtui_command(), *args],
            env=self.env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
        if ok is not None:
            assert done.returncode == ok, done.stdout + done.stderr
        return done

    def quick(self, what: str, owner: str | None = None) -> str:
        args = ["quick", "--no-input", "--what", what, "--cause", f"{what}: no check"]
        args += ["--category", "tooling", "--commitment", f"check {what}", "--due", "+2w"]
        if owner:
            args += ["--owner", owner]
        return self.run(*args).stdout.strip().splitlines()[0]


@pytest.fixture
def team(tmp_path: Path) -> tuple[Person, Person, Person, Path]:
    return (*(Person(tmp_path, n) for n in ("ana", "ben", "cy")), bare_remote(tmp_path / "r.git"))  # type: ignore[return-value]


def test_sync_says_what_came_in_naming_teammates_and_reviews(
    team: tuple[Person, Person, Person, Path],
) -> None:
    ana, ben, cy, remote = team
    first = ana.quick("db restarted")
    second = ana.quick("cache cold")
    out = ana.run("sync", "--init", str(remote)).stdout
    assert "Sent 2 changed reviews to origin." in out
    assert ben.run("init", "--git", str(remote)).returncode == 0
    assert cy.run("init", "--git", str(remote)).returncode == 0
    # ben adds a commitment for ana to one review, cy changes the other
    exported = json.loads(ben.run("export", "--review", first, "--format", "json").stdout)
    review = exported["reviews"][0]
    review["commitments"].append(
        {**review["commitments"][0], "id": "c-ben", "owner": "ana", "deliverable": "alert on lag"}
    )
    review.pop("digest")
    (ben.store / "edit.json").write_text(json.dumps(exported))
    ben.run("import", str(ben.store / "edit.json"))
    ben.run("sync")
    exported = json.loads(cy.run("export", "--review", second, "--format", "json").stdout)
    exported["reviews"][0]["summary"] = "the cache was cold after the deploy"
    exported["reviews"][0].pop("digest")
    (cy.store / "edit.json").write_text(json.dumps(exported))
    cy.run("import", str(cy.store / "edit.json"), ok=None)
    cy.run("sync")

    said = ana.run("sync").stdout.splitlines()
    assert said[0] == "2 reviews changed by two teammates, 1 new commitment for you."
    assert "  “db restarted”: changed by ben" in said
    assert "  “cache cold”: changed by cy" in said
    assert any(line.startswith("  new for you: “alert on lag” in “db restarted”") for line in said)
    # due and mine work offline on what was last synced
    (remote).rename(remote.with_name("gone.git"))
    mine = ana.run("mine").stdout
    assert "alert on lag" in mine
    assert ana.run("due", "--mine", "--within", "4w", ok=None).returncode in (0, 1)


def test_status_and_exit_codes(team: tuple[Person, Person, Person, Path]) -> None:
    ana, _ben, _cy, remote = team
    done = ana.run("sync", ok=2)
    assert "does not sync yet" in done.stderr and "pmtui sync --init REMOTE" in done.stderr
    ana.quick("db restarted")
    ana.run("sync", "--init", str(remote))
    status = ana.run("sync", "--status").stdout
    assert f"Syncs with {remote} (branch main)" in status
    assert "Nothing to sync" in status
    ana.quick("disk full")
    done = ana.run("sync", "--status", ok=1)
    assert "1 review not synced yet:" in done.stdout and "“disk full”" in done.stdout
    remote.rename(remote.with_name("away.git"))
    done = ana.run("sync", ok=1)
    assert "Not synced with origin" in done.stdout
    assert "The last sync did not reach it" in ana.run("sync", "--status", ok=1).stdout
    remote.with_name("away.git").rename(remote)
    assert "Sent 1 changed review" in ana.run("sync").stdout
    ana.run("sync", "--status", ok=0)


def test_init_needs_a_choice_and_refuses_a_full_store(
    team: tuple[Person, Person, Person, Path],
) -> None:
    ana, ben, _cy, remote = team
    assert "give --shared DIR, --git REMOTE" in ana.run("init", ok=2).stderr
    ana.quick("x")
    ana.run("sync", "--init", str(remote))
    ben.quick("y")
    done = ben.run("init", "--git", str(remote), ok=2)
    assert "already holds reviews" in done.stderr and "pmtui sync --init" in done.stderr
    done = ben.run("sync", "--init", "/nonexistent/remote.git", ok=2)
    assert "pmtui:" in done.stderr
    assert not (ben.store / "pmtui.sync").exists()  # nothing half-made is left


def test_a_synced_file_imports_as_it_is_and_locate_names_the_repository(
    team: tuple[Person, Person, Person, Path], tmp_path: Path
) -> None:
    ana, _ben, _cy, remote = team
    rid = ana.quick("db restarted")
    ana.run("sync", "--init", str(remote))
    located = dict(line.split(None, 1) for line in ana.run("locate").stdout.splitlines())
    repo = Path(located["sync"].split(" (", 1)[0])
    assert located["sync"].endswith(f"(with {remote})")
    other = Person(tmp_path, "dee")
    done = other.run("import", str(repo / "reviews" / f"{rid}.json"))
    assert done.stdout.startswith("1 added")
