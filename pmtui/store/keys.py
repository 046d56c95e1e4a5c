"""The keys of private rounds, kept where only their owner's account can read them.

A private round's items are sealed (libsodium sealed boxes, through PyNaCl)
to a key pair the facilitator's pmtui makes when it opens the round. The
public half goes into the review; the private half is written here, in the
facilitator's own key directory (mode 0700, files 0600), never in the store,
so teammates who can read every store file still cannot open an item. Each
writer also keeps a personal secret key here, to seal a copy of their items
that only they can open (to list and delete their own).

The key directory is ``$PMTUI_KEY_DIR``, else ``keys/`` in the user data
directory (``pmtui locate`` prints it). Revealing a round deletes its private
key: sealed copies left in backups can then be opened by nobody.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import os
import stat
from pathlib import Path

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox
from nacl.utils import random as random_bytes

from pmtui import locations
from pmtui.domain.rounds import Payload
from pmtui.store.errors import StoreError

PERSONAL = "personal.key"
PAD_TO = 256
"""Sealed items are padded to a multiple of this many bytes, so their size says
little about the length of what was written."""


class KeyFileError(StoreError):
    """A key file cannot be made or read safely; the message says what to fix."""


def _encode(payload: Payload) -> bytes:
    data = {"text": payload.text, "category": payload.category}
    if payload.author:
        data["author"] = payload.author
    raw = json.dumps(data, ensure_ascii=False).encode()
    return raw + b" " * (-len(raw) % PAD_TO)


def _decode(raw: bytes) -> Payload | None:
    try:
        data = json.loads(raw)
        text, category = str(data["text"]), str(data.get("category", ""))
        return Payload(text, category, str(data.get("author", "")))
    except (ValueError, KeyError, TypeError):
        return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None


def seal(public_key: str, payload: Payload) -> str:
    """``payload`` sealed to a round's public key: only its private half opens it."""
    raw_key = _unb64(public_key)
    if raw_key is None or len(raw_key) != PublicKey.SIZE:
        raise KeyFileError("the round's public key is damaged; the facilitator can open a new one")
    return _b64(SealedBox(PublicKey(raw_key)).encrypt(_encode(payload)))


class KeyRing:
    """This account's keys: its personal secret key and the rounds it opened."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or locations.key_dir()
        self._personal: SecretBox | None = None

    # -- files -----------------------------------------------------------------

    def _ready(self) -> Path:
        """The key directory, created 0700; refused when others could read it."""
        d = self.directory
        try:
            d.mkdir(parents=True, mode=0o700, exist_ok=True)
            st = os.lstat(d)
        except OSError as exc:
            raise KeyFileError(f"cannot make the key directory {d}: {exc.strerror}") from None
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
            raise KeyFileError(f"{d} must be a directory, not a link; move it away")
        if st.st_uid != os.geteuid():
            raise KeyFileError(f"{d} belongs to another account; keys must live in your own")
        if stat.S_IMODE(st.st_mode) & 0o077:
            os.chmod(d, 0o700)  # only this account may list or read its keys
        return d

    def _write(self, name: str, data: bytes) -> None:
        path = self._ready() / name
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _read(self, name: str) -> bytes | None:
        path = self.directory / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise KeyFileError(f"{path} is a link; pmtui reads keys from plain files") from None
            raise KeyFileError(f"cannot read the key {path}: {exc.strerror}") from None
        try:
            return os.read(fd, 4096)
        finally:
            os.close(fd)

    @staticmethod
    def _round_file(round_id: str) -> str:
        safe = "".join(ch for ch in round_id if ch.isalnum() or ch == "-")[:64]
        return f"round-{safe}.key"

    # -- personal key ----------------------------------------------------------

    def personal(self) -> SecretBox:
        """This account's secret key for its own copies (made on first use)."""
        if self._personal is None:
            raw = self._read(PERSONAL)
            if raw is None:
                raw = random_bytes(SecretBox.KEY_SIZE)
                try:
                    self._write(PERSONAL, raw)
                except FileExistsError:  # another pmtui of this account made it first
                    raw = self._read(PERSONAL) or b""
            if len(raw) != SecretBox.KEY_SIZE:
                raise KeyFileError(f"{self.directory / PERSONAL} is damaged; move it away")
            self._personal = SecretBox(raw)
        return self._personal

    def seal_mine(self, payload: Payload) -> str:
        return _b64(self.personal().encrypt(_encode(payload)))

    def open_mine(self, token: str) -> Payload | None:
        """What this account sealed in ``token``; ``None`` when it is someone else's."""
        raw = _unb64(token)
        if not raw:
            return None
        try:
            return _decode(self.personal().decrypt(raw))
        except CryptoError:
            return None

    # -- round keys ------------------------------------------------------------

    def new_round_key(self, round_id: str) -> str:
        """Make the key pair of a round this account opens; returns the public half."""
        key = PrivateKey.generate()
        self._write(self._round_file(round_id), bytes(key))
        return _b64(bytes(key.public_key))

    def holds(self, round_id: str) -> bool:
        """Whether this account can reveal the round (it has the private key)."""
        return (self.directory / self._round_file(round_id)).is_file()

    def open_sealed(self, round_id: str, tokens: dict[str, str]) -> dict[str, Payload]:
        """Open the sealed items ``{id: token}`` of a round this account holds the key of."""
        raw = self._read(self._round_file(round_id))
        if raw is None or len(raw) != PrivateKey.SIZE:
            raise KeyFileError(
                "this account does not hold the key of this round; "
                "only the pmtui that opened it can reveal it"
            )
        box = SealedBox(PrivateKey(raw))
        out: dict[str, Payload] = {}
        for item_id, token in tokens.items():
            data = _unb64(token)
            if not data:
                continue
            with contextlib.suppress(CryptoError):
                payload = _decode(box.decrypt(data))
                if payload is not None:
                    out[item_id] = payload
        return out

    def forget_round(self, round_id: str) -> None:
        """Destroy a revealed round's key: its sealed copies in backups stay unreadable."""
        with contextlib.suppress(FileNotFoundError):
            (self.directory / self._round_file(round_id)).unlink()
