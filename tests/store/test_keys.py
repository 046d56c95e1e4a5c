"""The keys of private rounds: who can open what, and where the keys live."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pmtui.domain.rounds import Payload
from pmtui.store.keys import PAD_TO, KeyFileError, KeyRing, seal


def test_only_the_round_key_opens_a_sealed_item_and_only_the_writer_their_copy(
    tmp_path: Path,
) -> None:
    facilitator, writer, other = (KeyRing(tmp_path / n) for n in ("fac", "writer", "other"))
    public = facilitator.new_round_key("r1")
    token = seal(public, Payload("the deploy lock was manual", author=""))
    mine = writer.seal_mine(Payload("the deploy lock was manual"))
    assert "deploy" not in token and "deploy" not in mine
    assert facilitator.open_sealed("r1", {"i": token}) == {
        "i": Payload("the deploy lock was manual")
    }
    assert writer.open_mine(mine) == Payload("the deploy lock was manual")
    assert other.open_mine(mine) is None and facilitator.open_mine(mine) is None
    with pytest.raises(KeyFileError, match="does not hold the key"):
        other.open_sealed("r1", {"i": token})
    assert not other.holds("r1") and facilitator.holds("r1")
    facilitator.forget_round("r1")
    with pytest.raises(KeyFileError):
        facilitator.open_sealed("r1", {"i": token})


def test_sizes_say_little_about_the_length_of_an_item(tmp_path: Path) -> None:
    public = KeyRing(tmp_path / "k").new_round_key("r")
    short, longer = (seal(public, Payload(t)) for t in ("ok", "a somewhat longer item text"))
    assert len(short) == len(longer)
    assert PAD_TO >= 64


def test_key_files_are_private_and_links_are_refused(tmp_path: Path) -> None:
    keys = KeyRing(tmp_path / "keys")
    keys.new_round_key("r")
    keys.seal_mine(Payload("x"))
    assert stat.S_IMODE(os.stat(tmp_path / "keys").st_mode) == 0o700
    for path in (tmp_path / "keys").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (tmp_path / "keys").chmod(0o755)
    KeyRing(tmp_path / "keys").new_round_key("r2")
    assert stat.S_IMODE(os.stat(tmp_path / "keys").st_mode) == 0o700
    linked = tmp_path / "linked"
    linked.mkdir(mode=0o700)
    (tmp_path / "elsewhere").write_bytes(b"x" * 32)
    (linked / "personal.key").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(KeyFileError, match="link"):
        KeyRing(linked).seal_mine(Payload("x"))


def test_damaged_tokens_open_to_nothing(tmp_path: Path) -> None:
    keys = KeyRing(tmp_path / "k")
    keys.new_round_key("r")
    assert keys.open_sealed("r", {"a": "not base64!", "b": "", "c": "AAAA"}) == {}
    assert keys.open_mine("garbage") is None
    with pytest.raises(KeyFileError, match="damaged"):
        seal("bm90IGEga2V5", Payload("x"))
