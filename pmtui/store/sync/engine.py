"""``pmtui sync``: the store's reviews exchanged through a git remote, merged item by item.

The local store stays the app's source of truth; the sync repository
(``<store dir>/pmtui.sync``, see :mod:`pmtui.store.sync.files`) is its shared
copy. A sync round:

1. finishes a round a kill interrupted (``pending`` in the state);
2. records what changed in the store since the last round as a commit (only
   reviews whose revision moved are read);
3. fetches the remote and merges its branch: files changed on one side are
   taken as they are, reviews changed on both are merged by
   :func:`pmtui.domain.merge.merge_review`;
4. brings the merged reviews into the store in one batch, each checked like
   an import, merging again with anything typed meanwhile;
5. pushes; when someone pushed first, fetches and merges again.

Every step either completes or leaves the state saying where to pick up:
commits are made whole by ``git fast-import``, the store is written by its
own crash-safe batch, and :mod:`pmtui.store.sync.state` records which commit
the store holds. Git runs only through :class:`pmtui.store.sync.git.Git`.
"""

from __future__ import annotations

import contextlib
import copy
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pmtui.domain.merge import writers_since
from pmtui.domain.model import Review
from pmtui.domain.summary import ReviewSummary
from pmtui.domain.text import plural
from pmtui.store.atomic import atomic_write, ensure_dir
from pmtui.store.errors import NotFoundError
from pmtui.store.lock import flock_within
from pmtui.store.repository import Store
from pmtui.store.sync import files
from pmtui.store.sync.driver import merged
from pmtui.store.sync.files import UnreadableReview
from pmtui.store.sync.git import Git, GitError, SyncError
from pmtui.store.sync.paths import SyncPaths
from pmtui.store.sync.report import SyncReport
from pmtui.store.sync.state import Rev, State
from pmtui.store.transaction import Transaction

REMOTE = "origin"
PUSH_TRIES = 5
"""Fetch-merge-push rounds tried when others keep pushing first."""
LOCK_WAIT = 2.0


@dataclass
class SyncStatus:
    """What is not synced yet, from the state file and the index alone (no git, no network)."""

    remote: str
    branch: str
    changed: list[tuple[str, str]] = field(default_factory=list)
    """(id, title) of reviews changed here since the last sync."""
    deleted: list[str] = field(default_factory=list)
    unpushed: list[str] = field(default_factory=list)
    """Reviews recorded but not on the remote yet (the last push failed or did not run)."""
    last_sync: str | None = None
    last_problem: str | None = None

    @property
    def count(self) -> int:
        return len({i for i, _t in self.changed} | set(self.deleted) | set(self.unpushed))


class Syncer:
    """One store's sync through its repository; see the module doc for a round."""

    def __init__(
        self,
        store: Store,
        *,
        user: str,
        interactive: bool = False,
        timeout: float | None = 300.0,
    ) -> None:
        self.store = store
        self.user = user
        self.paths = SyncPaths.of(store.layout)
        self.git = Git(
            self.paths.worktree,
            interactive=interactive,
            umask=0o007 if store.shared else 0o077,
            timeout=timeout,
        )
        self._config: dict[str, str] = {}

    @property
    def configured(self) -> bool:
        return self.paths.gitdir.is_dir()

    # == the commands =============================================================

    def init(self, remote: str, *, new_store: bool = False) -> SyncReport:
        """``pmtui sync --init REMOTE`` (and ``pmtui init --git REMOTE`` with ``new_store``)."""
        if new_store and self.store.summaries():
            raise SyncError(
                f"the store at {self.store.path} already holds reviews; to share them through "
                f"{remote}, run `pmtui sync --init {remote}` instead"
            )
        if self.configured and self.remote_url() is None:
            _remove_tree(self.paths.worktree)  # a set-up killed before it named the remote
        if self.configured:
            found = self._remote_url()
            if found != remote:
                raise SyncError(
                    f"this store already syncs with {found}. To sync with {remote} instead, "
                    f"run `git -C {self.paths.worktree} remote set-url origin {remote}`"
                )
            return self.sync()
        ensure_dir(self.store.layout.directory, self.store.dir_mode)
        ensure_dir(self.paths.worktree, self.store.dir_mode)
        try:
            shared = ["--shared=group"] if self.store.shared else []
            self.git.run("init", "-q", *shared, what="creating the sync repository")
            self.git.run("config", "remote.origin.url", remote)
            self.git.run("config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")
            with self._locked():
                branch = self._default_branch()
                self.git.run("symbolic-ref", "HEAD", f"refs/heads/{branch}")
                self.git.run("config", f"branch.{branch}.remote", REMOTE)
                self.git.run("config", f"branch.{branch}.merge", f"refs/heads/{branch}")
                State(branch=branch).save(self.paths.state, self.store.file_mode)
        except BaseException:
            _remove_tree(self.paths.worktree)  # a half-made repository would be refused later
            raise
        return self.sync()

    def sync(self) -> SyncReport:
        """One whole round: record, fetch, merge, bring in, push."""
        if not self.configured:
            raise not_set_up(self.store)
        report = SyncReport(self.user, REMOTE)
        with self._locked():
            self._prepare()
            st = State.load(self.paths.state)
            if st.pending is not None:
                self._apply(st, st.pending[0], st.pending[1], report)
            if not st.found:
                self._adopt(st, report)
            self._record(st)
            self._merge_hand_made(st, report)
            problem = self._fetch()
            for _try in range(PUSH_TRIES):
                if problem is not None:
                    break
                theirs = self.git.resolve(f"refs/remotes/{REMOTE}/{st.branch}")
                if st.head is None and theirs is None:  # both empty: start the history
                    st.head = self._commit([], _first_files(), _message("", [], 0, self.user))
                    self._save(st)
                merged = self._merge(st, theirs, report)
                if merged is not None:
                    self._apply(st, st.head, merged, report)
                if st.head is None or st.head == theirs:
                    st.pushed = st.head
                    break
                problem, rejected = self._push(st)
                if problem is None:
                    st.pushed = st.head
                    report.pushed = True
                    break
                if not rejected:
                    break
                problem = self._fetch()
            else:
                problem = "others kept pushing first; run `pmtui sync` again in a moment"
            if st.pushed == st.head:
                report.sent |= set(st.unpushed)
                st.unpushed = []
            report.problem = problem
            st.last_problem = problem
            st.last_sync = datetime.now().replace(microsecond=0).isoformat()
            self._save(st)
            self._show(st)
        return report

    def status(self) -> SyncStatus:
        """What is unsynced; reads the state, the store's index and the repository's
        config file, runs nothing and reaches no network."""
        if not self.configured:
            raise not_set_up(self.store)
        return self.unsynced(self._remote_url())

    def unsynced(self, remote: str = REMOTE) -> SyncStatus:
        """:meth:`status` without the remote's address: cheap enough for the app to poll."""
        st = State.load(self.paths.state)
        out = SyncStatus(remote, st.branch, last_sync=st.last_sync)
        out.last_problem = st.last_problem
        current = {s.id: s for s in self.store.summaries()}
        for rid, s in current.items():
            if not st.found or st.revs.get(rid) != _rev_of(s):
                out.changed.append((rid, s.title))
        out.deleted = [rid for rid in st.revs if rid not in current]
        out.unpushed = list(st.unpushed)
        return out

    # == the steps ================================================================

    def _prepare(self) -> None:
        if not self.configured:
            raise not_set_up(self.store)
        self.git.clear_stale_locks()
        self._config = self.git.check_config()
        self.git.write_attributes()
        self.git.register_driver(self._config)

    def _record(self, st: State) -> None:
        """Commit what changed in the store since ``st.head``: reviews whose revision moved."""
        current = {s.id: _rev_of(s) for s in self.store.summaries()}
        candidates = [
            rid for rid, rev in current.items() if not st.found or st.revs.get(rid) != rev
        ]
        gone = [rid for rid in st.revs if rid not in current]
        if not candidates and not gone:
            return  # (a first sync of an empty store takes the remote's history as it is)
        tree = self._review_blobs(st.head)
        changed: dict[str, Review] = {}
        writes: dict[str, bytes | None] = {}
        settled: dict[str, Rev] = {}
        for rid in candidates:
            try:
                review = self.store.get(rid)
            except NotFoundError:
                continue  # deleted meanwhile: the next sync records that
            data = files.encode(files.plain(review))
            if tree.get(rid) == files.blob_sha(data):
                settled[rid] = _rev_of(review)
                continue
            changed[rid] = review
            writes[files.review_path(rid)] = data
            writes[files.doc_path(review)] = files.document(review)
            settled[rid] = _rev_of(review)
        deleted = [rid for rid in gone if rid in tree]
        for rid in deleted:
            writes[files.review_path(rid)] = None
        old = self._decoded({rid: tree[rid] for rid in [*changed, *deleted] if rid in tree})
        for rid, review in self._mark_writers(changed, old).items():
            changed[rid] = review
            writes[files.review_path(rid)] = files.encode(files.plain(review))
            writes[files.doc_path(review)] = files.document(review)
            settled[rid] = _rev_of(review)
        for rid, before in old.items():
            path = files.doc_path(before)
            after = changed.get(rid)
            if after is None or files.doc_path(after) != path:
                writes[path] = None
        if st.head is None:
            writes.update(_first_files())
        elif not writes:
            st.revs.update(settled)
            for rid in gone:
                st.revs.pop(rid, None)
            self._save(st)
            return
        message = _message("Record", [r.title for r in changed.values()], len(deleted), self.user)
        st.head = self._commit([st.head] if st.head else [], writes, message)
        st.revs.update(settled)
        for rid in gone:
            st.revs.pop(rid, None)
        for rid in changed:
            st.skipped.pop(rid, None)  # this store's version replaced the unreadable one
        st.unpushed = sorted({*st.unpushed, *changed, *deleted})
        self._save(st)

    def _mark_writers(
        self, changed: dict[str, Review], old: dict[str, Review]
    ) -> dict[str, Review]:
        """Record who wrote the fields changed here that nobody recorded (see
        :func:`pmtui.domain.merge.writers_since`), in the store, in one batch."""
        marks = {
            rid: found
            for rid, review in changed.items()
            if rid in old
            and (found := writers_since(files.plain(old[rid]), files.plain(review), self.user))
        }
        if not marks:
            return {}
        out: dict[str, Review] = {}
        with self.store.batch() as txn:
            for rid, found in marks.items():
                review = txn.get(rid)
                if review is not None:
                    review.last_writers.update(found)
                    out[rid] = txn.put(review)
        return out

    def _merge(self, st: State, theirs: str | None, report: SyncReport) -> str | None:
        """The commit joining ``st.head`` and ``theirs``, or ``None`` when nothing comes in."""
        ours = st.head
        if theirs is None or theirs == ours:
            return None
        if ours is None or self.git.is_ancestor(ours, theirs):
            return theirs
        if self.git.is_ancestor(theirs, ours):
            return None
        base = self.git.merge_base(ours, theirs)
        mine = self.git.changes(base, ours)
        their = self.git.changes(base, theirs)
        writes: dict[str, bytes | None] = {}
        take: dict[str, str | None] = {}
        """Files taken from theirs as they are: changed there only, or team files
        (README, .gitattributes, documents) changed on both sides."""
        both: dict[str, tuple[str | None, str | None, str | None]] = {}
        for path, (b, t) in their.items():
            o = mine[path][1] if path in mine else b
            rid = files.review_id_of(path)
            if path not in mine or (rid is None and o != t):
                take[path] = t
            elif o != t and rid is not None:
                both[rid] = (b, o, t)
        blobs = self.git.blobs(s for trio in both.values() for s in trio if s is not None)
        authors = self._authors(ours, theirs)
        for rid, (b, o, t) in both.items():
            path = files.review_path(rid)
            versions = [self._try_decode(blobs, s, path, report) for s in (b, o, t)]
            final = self._resolve(rid, versions, (b, o, t), authors.get(rid, []), report)
            if final is None:
                continue
            if isinstance(final, str):
                take[path] = final
                final_review = versions[2]
            else:
                writes[path] = files.encode(files.plain(final))
                final_review = final
            if final_review is None:
                continue
            doc = files.doc_path(final_review)
            for v in versions:
                if v is not None and files.doc_path(v) != doc:
                    writes[files.doc_path(v)] = None
            writes[doc] = files.document(final_review)
        for path, sha in take.items():
            if path not in writes and sha is None:
                writes[path] = None
        keep = [(p, s) for p, s in take.items() if p not in writes and s is not None]
        message = (
            f"Merge the reviews of {REMOTE}/{st.branch}\n\nMerged by pmtui sync ({self.user}).\n"
        )
        return self._commit([ours, theirs], writes, message, keep)

    def _resolve(
        self,
        rid: str,
        versions: list[Review | None],
        shas: tuple[str | None, str | None, str | None],
        authors: list[str],
        report: SyncReport,
    ) -> Review | str | None:
        """A review changed on both sides: the merged review, a blob of theirs to take
        as it is, or ``None`` to keep ours."""
        base, ours, theirs = versions
        _b, o_sha, t_sha = shas
        if t_sha is not None and theirs is None:
            return None  # theirs does not pass import's checks: ours stays
        if o_sha is not None and ours is None:
            return t_sha  # ours was a file nobody could read: theirs replaces it
        if ours is None:  # deleted here, changed there: the change is kept
            assert theirs is not None
            report.kept_there.append((theirs.title, ", ".join(authors)))
            return t_sha
        if theirs is None:  # deleted there, changed here: the change is kept
            report.kept_here.append((ours.title, ", ".join(authors)))
            return None
        return self._merged(rid, base, ours, theirs, authors, report)

    def _merged(
        self,
        rid: str,
        base: Review | None,
        ours: Review,
        theirs: Review,
        authors: list[str],
        report: SyncReport,
    ) -> Review | None:
        """Ours and theirs merged, the conflicts it kept reported; ``None``: keep ours."""
        path = files.review_path(rid)
        try:
            review, notes = merged(
                base, ours, theirs, ours_by=self.user,
                theirs_by=authors[0] if authors else "", at=self.store.clock(), path=path,
            )  # fmt: skip
        except UnreadableReview as exc:
            report.unreadable.append((path, f"the merge could not be read ({exc.reason})"))
            return None
        for note in notes:
            report.conflict(review, note.kept)
        return review

    def _apply(self, st: State, frm: str | None, to: str, report: SyncReport) -> None:
        """Bring the store from the reviews of ``frm`` to those of ``to``, in one batch.

        A review changed in the store since ``frm`` (typed while syncing, or
        after a killed round) is merged with the incoming one rather than
        overwritten. Saved as pending first, so a kill here is finished next time.
        """
        st.pending = (frm, to)
        self._save(st)
        changes = {
            rid: pair
            for path, pair in self.git.changes(frm, to).items()
            if (rid := files.review_id_of(path)) is not None
        }
        blobs = self.git.blobs(s for pair in changes.values() for s in pair if s is not None)
        authors = self._authors(frm, to) if changes else {}
        with self.store.batch() as txn:
            for rid, (old_sha, new_sha) in changes.items():
                self._apply_one(st, txn, rid, old_sha, new_sha, blobs, authors, report)
        st.head = to
        st.pending = None
        self._save(st)

    def _apply_one(
        self,
        st: State,
        txn: Transaction,
        rid: str,
        old_sha: str | None,
        new_sha: str | None,
        blobs: dict[str, bytes],
        authors: dict[str, list[str]],
        report: SyncReport,
    ) -> None:
        path = files.review_path(rid)
        current = txn.get(rid)
        untouched = current is not None and st.revs.get(rid) == _rev_of(current)
        who = authors.get(rid, [])
        if new_sha is None:
            st.skipped.pop(rid, None)
            if current is None:
                st.revs.pop(rid, None)
            elif untouched:
                txn.delete(rid)
                st.revs.pop(rid, None)
                report.arrived(rid, current.title, who, "deleted")
            else:
                report.kept_here.append((current.title, ", ".join(who)))
            return
        try:
            incoming = files.decode(blobs[new_sha], path)
        except UnreadableReview as exc:
            st.skipped[rid] = new_sha
            report.unreadable.append((path, exc.reason))
            return
        st.skipped.pop(rid, None)
        before = self._try_decode(blobs, old_sha, path, None)
        final = incoming
        if current is None and rid in st.revs:
            report.kept_there.append((incoming.title, ", ".join(who)))
        elif (
            current is not None and not untouched and files.plain(current) != files.plain(incoming)
        ):
            got = self._merged(rid, before, current, incoming, who, report)
            if got is None:
                return
            final = got
        if current is not None and files.plain(current) == files.plain(final):
            saved = current
        else:
            saved = txn.put(copy.deepcopy(final))
        if files.encode(files.plain(saved)) == blobs[new_sha]:
            st.revs[rid] = _rev_of(saved)
        if before is None or files.plain(before) != files.plain(incoming):
            report.arrived(rid, incoming.title, who, "added" if old_sha is None else "changed")
            report.commitments_for_me(before, incoming)

    def _adopt(self, st: State, report: SyncReport) -> None:
        """No state (lost, or from an older pmtui): take the branch as what the store
        last synced, and bring in the reviews the store does not have."""
        head = self.git.resolve(f"refs/heads/{st.branch}")
        if head is None:
            return
        st.head = head
        have = {s.id for s in self.store.summaries()}
        tree = self._review_blobs(head)
        missing = {rid: sha for rid, sha in tree.items() if rid not in have}
        if not missing:
            return
        blobs = self.git.blobs(missing.values())
        with self.store.batch() as txn:
            for rid, sha in missing.items():
                self._apply_one(st, txn, rid, None, sha, blobs, {}, report)

    def _merge_hand_made(self, st: State, report: SyncReport) -> None:
        """Someone committed in the repository by hand: merge it like a remote."""
        branch = self.git.resolve(f"refs/heads/{st.branch}")
        if branch is None or st.head is None or branch == st.head:
            return
        if self.git.is_ancestor(branch, st.head):
            return
        merged = self._merge(st, branch, report)
        if merged is not None:
            self._apply(st, st.head, merged, report)

    def _fetch(self) -> str | None:
        """Fetch the remote; the reason when it cannot be reached."""
        try:
            self.git.run("fetch", "-q", "--no-tags", "--prune", REMOTE, network=True)
        except GitError as exc:
            return _problem(exc.detail)
        except SyncError as exc:
            return str(exc)
        return None

    def _push(self, st: State) -> tuple[str | None, bool]:
        """Push the head; (problem, rejected because someone pushed first)."""
        assert st.head is not None
        done = self.git.run(
            "push", "--porcelain", REMOTE, f"{st.head}:refs/heads/{st.branch}",
            check=False, network=True,
        )  # fmt: skip
        if done.returncode == 0:
            return None, False
        out = done.stdout.decode("utf-8", "replace")
        rejected = any(
            line.startswith("!") and ("fetch first" in line or "non-fast-forward" in line)
            for line in out.splitlines()
        )
        detail = done.stderr.decode("utf-8", "replace")
        if rejected:
            return "someone pushed first", True
        reason = next(
            (line.split("\t")[-1] for line in out.splitlines() if line.startswith("!")), ""
        )
        return _problem(f"{reason}\n{detail}".strip()), False

    def _show(self, st: State) -> None:
        """Move the branch to the head and check it out, for people to look at."""
        if st.head is None:
            return
        ref = f"refs/heads/{st.branch}"
        if self.git.resolve(ref) != st.head:
            self.git.set_ref(ref, st.head)
        if st.head != self._checked_out():
            self.git.run("reset", "-q", "--hard", st.head, what="updating the files")
            self._mark_checked_out(st.head)

    # == helpers =================================================================

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """One sync at a time per store (the app's and a terminal's, say)."""
        ensure_dir(self.paths.lock.parent, self.store.dir_mode)
        fd = os.open(
            self.paths.lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
            self.store.file_mode,
        )  # fmt: skip
        try:
            if os.fstat(fd).st_uid == os.geteuid():
                os.fchmod(fd, self.store.file_mode)  # the umask must not lock a teammate out
            if not flock_within(fd, LOCK_WAIT):
                raise SyncError(
                    "another pmtui is syncing this store right now; try again when it has finished"
                )
            self.git.keep_fds = (fd,)
            try:
                yield
            finally:
                self.git.keep_fds = ()
        finally:
            os.close(fd)

    def _save(self, st: State) -> None:
        st.save(self.paths.state, self.store.file_mode)

    def _commit(
        self,
        parents: list[str],
        writes: dict[str, bytes | None],
        message: str,
        keep: list[tuple[str, str]] | None = None,
    ) -> str:
        email = _configured_email(self.git) or f"{self.user}@pmtui.invalid"
        return self.git.commit(
            parents=parents,
            files=writes,
            message=message,
            author=self.user,
            email=email,
            when=int(time.time()),
            keep=keep or (),
        )

    def _review_blobs(self, commit: str | None) -> dict[str, str]:
        """review id -> blob of every review in ``commit``."""
        out = {}
        for path, entry in self.git.tree(commit, files.REVIEWS_DIR).items():
            rid = files.review_id_of(path)
            if rid is not None:
                out[rid] = entry.sha
        return out

    def _decoded(self, shas: dict[str, str]) -> dict[str, Review]:
        blobs = self.git.blobs(shas.values())
        out = {}
        for rid, sha in shas.items():
            with contextlib.suppress(UnreadableReview):
                out[rid] = files.decode(blobs[sha], files.review_path(rid))
        return out

    def _try_decode(
        self, blobs: dict[str, bytes], sha: str | None, path: str, report: SyncReport | None
    ) -> Review | None:
        if sha is None:
            return None
        try:
            return files.decode(blobs[sha], path)
        except UnreadableReview as exc:
            if report is not None:
                report.unreadable.append((path, exc.reason))
            return None

    def _authors(self, old: str | None, new: str) -> dict[str, list[str]]:
        """review id -> who changed it in the commits of ``new`` not in ``old``."""
        out: dict[str, list[str]] = {}
        for author, paths in self.git.log_authors(old, new, files.REVIEWS_DIR):
            for path in paths:
                rid = files.review_id_of(path)
                if rid is not None and author not in out.setdefault(rid, []):
                    out[rid].append(author)
        return out

    def _remote_url(self) -> str:
        return self.remote_url() or REMOTE

    def remote_url(self) -> str | None:
        """The remote this store syncs with, or ``None`` when syncing is not set up."""
        if not self.configured:
            return None
        try:
            return self.git.read_config().get("remote.origin.url")
        except SyncError:
            return None

    def _default_branch(self) -> str:
        """The remote's default branch (``main`` for an empty remote)."""
        done = self.git.run("ls-remote", "--symref", REMOTE, "HEAD", check=False, network=True)
        if done.returncode != 0:
            raise GitError(
                f"reaching {self._remote_url()}", done.stderr.decode("utf-8", "replace"),
                done.returncode,
            )  # fmt: skip
        for line in done.stdout.decode("utf-8", "replace").splitlines():
            if line.startswith("ref: refs/heads/") and line.endswith("\tHEAD"):
                return line[len("ref: refs/heads/") : -len("\tHEAD")]
        return "main"

    def _checked_out(self) -> str | None:
        try:
            return (self.paths.gitdir / "pmtui" / "shown").read_text().strip() or None
        except OSError:
            return None

    def _mark_checked_out(self, sha: str) -> None:
        with contextlib.suppress(OSError):
            atomic_write(self.paths.gitdir / "pmtui" / "shown", sha.encode(), self.store.file_mode)


def not_set_up(store: Store) -> SyncError:
    return SyncError(
        f"the store at {store.path} does not sync yet; set it up with "
        "`pmtui sync --init REMOTE` (REMOTE: a git URL or the path of a bare repository)"
    )


def _rev_of(review: Review | ReviewSummary) -> Rev:
    return (int(review.rev), review.updated.isoformat())


def _message(verb: str, titles: list[str], deleted: int, user: str) -> str:
    parts = []
    if titles:
        shown = ", ".join(f"“{t}”" for t in titles[:3])
        more = f" and {len(titles) - 3} more" if len(titles) > 3 else ""
        parts.append(f"{verb} {shown}{more}")
    if deleted:
        parts.append(f"delete {plural(deleted, 'review')}")
    head = "; ".join(parts) if parts else "Start syncing reviews with pmtui"
    return f"{head}\n\nRecorded by pmtui sync ({user}).\n"


def _first_files() -> dict[str, bytes | None]:
    return {"README.md": files.README.encode(), ".gitattributes": files.GITATTRIBUTES.encode()}


def _problem(detail: str) -> str:
    lines = [line.strip() for line in detail.splitlines() if line.strip()]
    useful = [line for line in lines if line.startswith(("fatal:", "error:", "remote:", "ssh:"))]
    text = " ".join(useful or lines[-2:]) or "git gave no reason"
    return text.removeprefix("fatal: ")


def _configured_email(git: Git) -> str | None:
    done = git.run("config", "--get", "user.email", check=False)
    return done.stdout.decode("utf-8", "replace").strip() or None


def _remove_tree(path: Path) -> None:
    import shutil

    with contextlib.suppress(OSError):
        shutil.rmtree(path)
