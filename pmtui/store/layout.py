"""Which files make one store, derived from the path of its main file."""

from __future__ import annotations

from pathlib import Path

SHARDS = 64
"""Review bodies are spread over this many files, so a save rewrites ~1/64 of them."""
SCHEMA = 5
"""The schema this pmtui writes its files at (:mod:`pmtui.store.migrations` upgrades older
ones to it: bump it with a new entry there). Here, so that what reads a file before the
app's first frame knows it without loading the migrations."""
META = "_meta"
"""The table each file keeps its schema in (``{"meta": {"schema": 5, ...}}``)."""


class Layout:
    """The paths of one store's files, never changed once made (a plain class: it is made
    before the app's first frame, and Python builds a dataclass's methods as it loads)."""

    __slots__ = (
        "backups",
        "first_screen",
        "follow_up",
        "health",
        "incidents",
        "index",
        "lock",
        "open_rows",
        "shards",
    )
    index: Path
    """The main TinyDB file: schema version and a summary of every review."""
    open_rows: Path
    """A small TinyDB file of the open commitments, all ``pmtui due`` reads."""
    incidents: Path
    """The TinyDB file of logged incidents (whole: each is a few fields)."""
    shards: Path
    """Directory of TinyDB files holding whole reviews."""
    backups: Path
    lock: Path
    first_screen: Path
    """What the home screen paints first (a cache beside the index: store/first_screen.py)."""
    health: Path
    """Directory of practice health's sums, a file a month (a cache: store/health_sums.py)."""
    follow_up: Path
    """What the follow-up view lists, in order (a cache: store/followup_file.py)."""

    def __init__(self, path: Path) -> None:
        """The files of the store whose index is ``path`` (:meth:`for_store`)."""
        path = Path(path)
        stem = path.stem if path.suffix == ".json" else path.name
        self.index = path
        self.open_rows = path.parent / f"{stem}.open.json"
        self.incidents = path.parent / f"{stem}.incidents.json"
        self.shards = path.parent / f"{stem}.reviews"
        self.backups = path.parent / f"{stem}.backups"
        self.lock = path.parent / f".{path.name}.lock"
        self.first_screen = path.parent / f"{stem}.first.json"
        self.health = path.parent / f"{stem}.health"
        self.follow_up = path.parent / f"{stem}.followup.json"

    @classmethod
    def for_store(cls, path: Path) -> Layout:
        return cls(path)

    @property
    def directory(self) -> Path:
        return self.index.parent

    def stopped_quick(self, user: str) -> Path:
        """The quick review ``user`` stopped and kept as a draft (store/quick_draft.py)."""
        safe = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in user)
        return self.directory / f".{self.index.stem}.quick-{safe[:64] or '_'}.json"

    @staticmethod
    def shard_of(review_id: str) -> str:
        """The shard key of a review: two hex digits, from its UUID's first byte."""
        try:
            n = int(review_id[:2], 16)
        except ValueError:
            n = sum(review_id.encode("utf-8", "surrogatepass")) % 256
        return f"{n * SHARDS // 256:02x}"

    def shard_path(self, key: str) -> Path:
        return self.shards / f"{key}.json"

    def holds_reviews(self) -> bool:
        """Whether a review was ever saved here (an index or a shard is on disk)."""
        return self.index.exists() or bool(self.shard_files())

    def shard_files(self) -> list[Path]:
        if not self.shards.is_dir():
            return []
        return sorted(p for p in self.shards.glob("*.json") if not p.name.startswith("."))
