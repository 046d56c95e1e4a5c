"""Whether a text cursor blinks: the environment, then config.toml, then not over SSH."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmtui.domain.settings import Settings, SettingsError, load_settings

SSH = {"SSH_CONNECTION": "192.0.2.10 50522 192.0.2.20 22"}


def test_blinks_locally_and_not_over_ssh_by_default() -> None:
    assert Settings().cursor_blinks({})
    assert not Settings().cursor_blinks(SSH)


def test_the_file_decides_over_the_link(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("blink = false\n")
    assert not load_settings(tmp_path).cursor_blinks({})
    (tmp_path / "config.toml").write_text('sync = "auto"\nblink = true\n')
    settings = load_settings(tmp_path)
    assert settings.cursor_blinks(SSH) and settings.auto_sync


def test_the_environment_decides_over_the_file(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("blink = true\n")
    settings = load_settings(tmp_path)
    assert not settings.cursor_blinks({"PMTUI_BLINK": "off"})
    assert settings.cursor_blinks({"PMTUI_BLINK": "1", **SSH})
    assert settings.cursor_blinks({"PMTUI_BLINK": "maybe"})  # not a word it knows: the file


def test_bare_words_as_people_write_them(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("sync = auto\nblink = off  # over the VPN\n")
    settings = load_settings(tmp_path)
    assert settings.auto_sync and settings.blink is False


def test_a_blink_that_is_not_yes_or_no_is_reported(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("blink = 3\n")
    with pytest.raises(SettingsError, match="true or false"):
        load_settings(tmp_path)
