"""Running ``git`` on pmtui's sync repository, so that nothing in it can run a command.

Git is the transport and the history; the user's own git, credentials and
SSH keys do the talking to the remote, and pmtui stores no token. But a
repository can make git run programs: hooks, ``core.fsmonitor``, filters
and diff drivers named in ``.gitattributes``, ``core.sshCommand`` or an
``uploadpack`` in its config, ``ext::`` URLs, submodules. Content cloned
from a remote cannot set any of that by itself, but a file pmtui checks out
(``.gitattributes``) or a teammate on a shared host (``.git/config``) could.
So every git command pmtui runs:

* has its configuration checked first (:meth:`Git.check_config`): only the
  keys pmtui writes itself are allowed in the repository's ``config``;
* runs with command-line settings, which win over every config file, that
  turn off hooks, fsmonitor, symlinks in checkouts, ``ext::`` transports,
  submodules, signing and automatic maintenance, and that check every
  object a fetch brings in;
* finds ``.git/info/attributes`` rewritten by pmtui (:meth:`Git.write_attributes`),
  which outranks any ``.gitattributes`` in the tree and turns off filters;
* reads the repository's files as git objects (``cat-file``), never through
  the work tree, which is written only for people to look at.

Every child git inherits the sync lock's descriptor, so the lock is held
until the last git a killed pmtui started has ended too.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pmtui.store.errors import StoreError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
DRIVER = "pmtui-review"
"""The merge driver's name in ``.gitattributes`` and ``.git/config``."""

SAFE_SETTINGS = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.symlinks=false",
    "core.protectNTFS=true",
    "core.protectHFS=true",
    "core.pager=cat",
    "core.quotePath=false",
    "core.untrackedCache=false",
    "protocol.ext.allow=never",
    "submodule.recurse=false",
    "fetch.recurseSubmodules=false",
    "commit.gpgSign=false",
    "tag.gpgSign=false",
    "push.gpgSign=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "fetch.fsckObjects=true",
    "advice.detachedHead=false",
    "init.defaultBranch=main",
)
"""Command-line settings for every git pmtui runs (they outrank every config file)."""

ATTRIBUTES = (
    "# Written by pmtui on every sync; outranks any .gitattributes in the repository.\n"
    "* -filter -text -ident -working-tree-encoding -export-subst\n"
    f"reviews/*.json merge={DRIVER}\n"
)

_ALLOWED_KEYS = {
    "core.repositoryformatversion",
    "core.filemode",
    "core.bare",
    "core.logallrefupdates",
    "core.sharedrepository",
    "core.ignorecase",
    "core.precomposeunicode",
    "core.symlinks",
    "receive.denynonfastforwards",
    "remote.origin.url",
    "remote.origin.pushurl",
    "remote.origin.fetch",
    f"merge.{DRIVER}.name",
    f"merge.{DRIVER}.driver",
    "user.name",
    "user.email",
}
_ALLOWED_PATTERNS = (("branch.", (".remote", ".merge")),)

_LOCATION_VARS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_PREFIX",
    "GIT_QUARANTINE_PATH",
    "GIT_REPLACE_REF_BASE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_GRAFT_FILE",
    "GIT_SHALLOW_FILE",
    "GIT_EXEC_PATH",
    "GIT_TEMPLATE_DIR",
)
"""Variables that would point git at another repository than the one pmtui means."""

_STALE_LOCKS = ("index.lock", "HEAD.lock", "config.lock", "packed-refs.lock", "shallow.lock")


class SyncError(StoreError):
    """Syncing could not be done; the message says why and what to do."""


class GitError(SyncError):
    """A git command failed; ``detail`` holds what git said."""

    def __init__(self, what: str, detail: str, returncode: int) -> None:
        self.detail = detail.strip()
        self.returncode = returncode
        tail = f": {self.detail}" if self.detail else ""
        super().__init__(f"{what} failed{tail}")


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    sha: str
    path: str


def git_program() -> str:
    found = shutil.which("git")
    if found is None:
        raise SyncError(
            "syncing needs git, which is not installed or not on PATH; install git "
            "(for example `sudo apt-get install git`) and try again"
        )
    return found


def driver_command() -> str:
    """How git should run ``pmtui merge-review`` from this installation."""
    beside = Path(sys.executable).with_name("pmtui")
    on_path = shutil.which("pmtui")
    if beside.is_file():
        if on_path and Path(on_path).resolve() == beside.resolve():
            return "pmtui merge-review %O %A %B"
        return f"{shlex.quote(str(beside))} merge-review %O %A %B"
    if on_path:
        return "pmtui merge-review %O %A %B"
    return f"{shlex.quote(sys.executable)} -m pmtui merge-review %O %A %B"


class Git:
    """git on one repository with a work tree; every call made safe (see the module doc)."""

    def __init__(
        self,
        worktree: Path,
        *,
        interactive: bool = False,
        umask: int = 0o077,
        timeout: float | None = None,
    ) -> None:
        self.worktree = worktree
        self.gitdir = worktree / ".git"
        self.interactive = interactive
        """May git ask for a password on the terminal (a command typed by a person)."""
        self.umask = umask
        self.timeout = timeout
        self.keep_fds: tuple[int, ...] = ()
        """Descriptors every child inherits (the sync lock, held until the children end)."""

    @cached_property
    def _program(self) -> str:
        return git_program()

    # -- running ----------------------------------------------------------------

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _LOCATION_VARS}
        env.pop("GIT_CONFIG_PARAMETERS", None)
        for key in [k for k in env if k.startswith("GIT_CONFIG_KEY_") or k == "GIT_CONFIG_COUNT"]:
            env.pop(key)
        env.update(
            GIT_DIR=str(self.gitdir),
            GIT_WORK_TREE=str(self.worktree),
            LC_ALL="C",
            LANGUAGE="C",
            GIT_OPTIONAL_LOCKS="0",
            GIT_EDITOR=":",
            GIT_MERGE_AUTOEDIT="no",
        )
        if not self.interactive:
            env["GIT_TERMINAL_PROMPT"] = "0"
            env.setdefault("GIT_SSH_VARIANT", "auto")
        return env

    def argv(self, args: Sequence[str]) -> list[str]:
        out = [self._program]
        for setting in (*SAFE_SETTINGS, f"safe.directory={self.worktree}"):
            out += ["-c", setting]
        return [*out, *args]

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        what: str | None = None,
        check: bool = True,
        network: bool = False,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run one git command in the repository; raises :class:`GitError` if it fails."""
        try:
            done = subprocess.run(
                self.argv(args),
                cwd=self.worktree,
                env=self.env(),
                input=input,
                stdin=None if input is not None else subprocess.DEVNULL,
                capture_output=True,
                pass_fds=self.keep_fds,
                start_new_session=not (self.interactive and network),
                timeout=self.timeout if network else None,
                umask=self.umask,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise SyncError(
                f"{what or 'git ' + args[0]} took more than {self.timeout:.0f} s and was "
                "stopped; check the network and try again"
            ) from None
        if check and done.returncode != 0:
            raise GitError(what or f"git {args[0]}", _text(done.stderr), done.returncode)
        return done

    def out(self, *args: str, what: str | None = None) -> str:
        return _text(self.run(*args, what=what).stdout).strip()

    # -- the repository's own settings ------------------------------------------

    def check_config(self) -> dict[str, str]:
        """The repository's own config; refused if it holds a key pmtui does not write.

        Only git config keys that run nothing are allowed; anything else (a
        ``core.sshCommand``, an ``include.path``, an ``uploadpack``...) may
        have been put there by someone else and is reported, not run.
        """
        for path, why in (
            (self.gitdir, "a directory"),
            (self.gitdir / "config", "a file"),
        ):
            if path.is_symlink() or not path.exists():
                raise SyncError(
                    f"{path} is not {why} pmtui made (it is missing or a link); "
                    "pmtui runs no git there. Set syncing up again with `pmtui sync --init REMOTE`"
                )
        for stray in ("commondir", "config.worktree"):
            if (self.gitdir / stray).exists():
                raise SyncError(
                    f"{self.gitdir / stray} exists: pmtui did not write it and runs no git in "
                    "a repository that points elsewhere; remove it and sync again"
                )
        found = self.read_config()
        for key in found:
            if not _allowed(key):
                path = self.gitdir / "config"
                raise SyncError(
                    f"{path} sets {key}, which pmtui does not write; pmtui runs no git in a "
                    "repository whose config it did not make, since such a setting can make "
                    "git run a program. Remove it with `git config --file "
                    f"{shlex.quote(str(path))} --unset-all {shlex.quote(key)}` and sync again"
                )
        return found

    def read_config(self) -> dict[str, str]:
        """The repository's own config file, read as a file: git looks at nothing else."""
        done = subprocess.run(
            [self._program, "config", "--file", str(self.gitdir / "config"), "--list", "-z"],
            cwd="/",
            env={k: v for k, v in self.env().items() if k not in ("GIT_DIR", "GIT_WORK_TREE")},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise GitError(f"reading {self.gitdir / 'config'}", _text(done.stderr), done.returncode)
        found: dict[str, str] = {}
        for entry in _text(done.stdout).split("\0"):
            key, _, value = entry.partition("\n")
            if key:
                found[key.lower()] = value
        return found

    def write_attributes(self) -> None:
        """Make ``.git/info/attributes`` say what pmtui means, whatever the tree says."""
        path = self.gitdir / "info" / "attributes"
        with contextlib.suppress(OSError):
            if not path.is_symlink() and path.read_text(encoding="utf-8") == ATTRIBUTES:
                return
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o664)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(ATTRIBUTES)

    def register_driver(self, config: dict[str, str]) -> None:
        """Register ``pmtui merge-review`` as the merge driver unless ``config`` has it."""
        wanted = {
            f"merge.{DRIVER}.name": "pmtui: merge reviews item by item",
            f"merge.{DRIVER}.driver": driver_command(),
        }
        for key, value in wanted.items():
            if config.get(key) != value:
                self.run("config", "--local", key, value, what="registering the merge driver")

    def clear_stale_locks(self) -> None:
        """Remove lock files a killed git left (call only holding the sync lock:
        every git pmtui starts holds it too, so none of them is still running)."""
        for name in _STALE_LOCKS:
            with contextlib.suppress(FileNotFoundError):
                (self.gitdir / name).unlink()
        refs = self.gitdir / "refs"
        if refs.is_dir():
            for lock in refs.rglob("*.lock"):
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()

    # -- reading ------------------------------------------------------------------

    def resolve(self, ref: str) -> str | None:
        """The commit ``ref`` names, or ``None`` when there is none."""
        done = self.run("rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False)
        sha = _text(done.stdout).strip()
        return sha if done.returncode == 0 and sha else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        done = self.run("merge-base", "--is-ancestor", older, newer, check=False)
        if done.returncode > 1:
            raise GitError("git merge-base", _text(done.stderr), done.returncode)
        return done.returncode == 0

    def merge_base(self, a: str, b: str) -> str | None:
        done = self.run("merge-base", a, b, check=False)
        sha = _text(done.stdout).strip()
        if done.returncode == 1 and not sha:
            return None  # no history in common
        if done.returncode != 0:
            raise GitError("git merge-base", _text(done.stderr), done.returncode)
        return sha

    def tree(self, commit: str | None, under: str = "") -> dict[str, TreeEntry]:
        """Every file of ``commit`` (below ``under``), by path."""
        if commit is None:
            return {}
        args = ["ls-tree", "-r", "-z", "--full-tree", commit]
        if under:
            args += ["--", under]
        out: dict[str, TreeEntry] = {}
        for entry in _text(self.run(*args).stdout).split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, sha = meta.split()
            if kind == "blob":
                out[path] = TreeEntry(mode, sha, path)
        return out

    def changes(self, old: str | None, new: str) -> dict[str, tuple[str | None, str | None]]:
        """Files that differ from ``old`` to ``new``: path -> (old blob, new blob) or None."""
        done = self.run(
            "diff-tree", "-r", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
            old or EMPTY_TREE, new,
        )  # fmt: skip
        fields = _text(done.stdout).split("\0")
        out: dict[str, tuple[str | None, str | None]] = {}
        i = 0
        while i + 1 < len(fields):
            meta = fields[i]
            if not meta.startswith(":"):
                i += 1
                continue
            _om, _nm, osha, nsha, _status = meta[1:].split()
            out[fields[i + 1]] = (_blob(osha), _blob(nsha))
            i += 2
        return out

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The contents of blobs, read in one ``cat-file`` process."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        done = self.run("cat-file", "--batch", input="".join(f"{s}\n" for s in wanted).encode())
        data = done.stdout
        out: dict[str, bytes] = {}
        pos = 0
        for sha in wanted:
            end = data.index(b"\n", pos)
            header = data[pos:end].split()
            pos = end + 1
            if len(header) < 3 or header[1] != b"blob":
                raise SyncError(f"the sync repository has no file {sha}; it may be damaged")
            size = int(header[2])
            out[sha] = data[pos : pos + size]
            pos += size + 1
        return out

    def log_authors(self, old: str | None, new: str, under: str) -> list[tuple[str, list[str]]]:
        """(author, paths) of each commit in ``new`` but not ``old`` that touched ``under``."""
        args = ["log", "-z", "--no-renames", "--format=%x01%an", "--name-only", new]
        if old:
            args.append(f"^{old}")
        args += ["--", under]
        out: list[tuple[str, list[str]]] = []
        for chunk in _text(self.run(*args).stdout).split("\x01"):
            if not chunk.strip("\0\n"):
                continue
            head, _, rest = chunk.partition("\n")
            paths = [p.strip("\n") for p in rest.split("\0") if p.strip("\n")]
            out.append((head.strip("\0"), paths))
        return out

    # -- writing ------------------------------------------------------------------

    def commit(
        self,
        *,
        parents: Sequence[str],
        files: dict[str, bytes | None],
        message: str,
        author: str,
        email: str,
        when: int,
        keep: Iterable[tuple[str, str]] = (),
    ) -> str:
        """A new commit: the first parent's tree with ``files`` written (None: removed).

        ``keep`` names blobs already in the repository to put at paths as they
        are. Written by ``git fast-import`` in one process, which updates the
        scratch ref only once the whole stream arrived: a pmtui killed half-way
        leaves no commit.
        """
        ref = "refs/pmtui/scratch"
        who = f"{_ident(author)} <{_ident(email)}> {when} +0000"
        body = message.encode()
        chunks = [b"feature done\n", f"reset {ref}\n".encode()]
        chunks.append(f"commit {ref}\ncommitter {who}\ndata {len(body)}\n".encode() + body + b"\n")
        if parents:
            chunks.append(f"from {parents[0]}\n".encode())
            chunks += [f"merge {p}\n".encode() for p in parents[1:]]
        for path, data in sorted(files.items()):
            if data is None:
                chunks.append(f"D {path}\n".encode())
            else:
                chunks.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        for path, blob in keep:
            chunks.append(f"M 100644 {blob} {path}\n".encode())
        chunks.append(b"\ndone\n")
        self.run("fast-import", "--quiet", "--force", input=b"".join(chunks), what="recording")
        made = self.resolve(ref)
        if made is None:
            raise SyncError("recording the changes in the sync repository failed")
        return made

    def set_ref(self, ref: str, sha: str) -> None:
        self.run("update-ref", "-m", "pmtui sync", ref, sha)


def _allowed(key: str) -> bool:
    lowered = key.lower()
    if lowered in {k.lower() for k in _ALLOWED_KEYS}:
        return True
    for prefix, suffixes in _ALLOWED_PATTERNS:
        if lowered.startswith(prefix) and lowered.endswith(suffixes):
            return True
    return False


def _blob(sha: str) -> str | None:
    return None if set(sha) == {"0"} else sha


def _ident(text: str) -> str:
    """A name or address git accepts in a commit (no angle brackets, no line breaks)."""
    cleaned = "".join(c for c in text if c not in "<>\n\r\0").strip()
    return cleaned or "pmtui"


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")
