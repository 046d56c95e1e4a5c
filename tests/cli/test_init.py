"""``pmtui init --shared``: prepares the directory and tells teammates how to use it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pmtui.cli import main


def test_init_shared_prints_the_export_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team"
    assert main(["init", "--shared", str(team)]) == 0
    out = capsys.readouterr().out
    assert f"export PMTUI_STORE={team}" in out
    assert stat.S_IMODE(os.stat(team).st_mode) == 0o2770
    assert (team / "README.txt").exists()


def test_init_then_use_the_store_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    team = tmp_path / "team"
    main(["init", "--shared", str(team)])
    monkeypatch.setenv("PMTUI_STORE", str(team))
    assert main(["locate"]) == 0
    assert f"store    {team / 'pmtui.json'}" in capsys.readouterr().out


def test_init_with_an_unknown_group_fails_readably(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--shared", str(tmp_path / "t"), "--group", "no-such-team"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pmtui: there is no group 'no-such-team'")


def test_init_does_not_load_the_app(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from pmtui.cli import main; rc = main(sys.argv[1:]); "
        "print('TEXTUAL', 'textual' in sys.modules, rc)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, "init", "--shared", str(tmp_path / "team")],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "TEXTUAL False 0" in out


def test_init_on_a_local_disk_warns_of_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pmtui.store.filesystem import is_network, mount_type

    if is_network(mount_type(tmp_path)):
        pytest.skip("the test directory is on a network filesystem")
    assert main(["init", "--shared", str(tmp_path / "team")]) == 0
    assert capsys.readouterr().err == ""
