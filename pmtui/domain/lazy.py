"""A list whose items are built the first time they are read.

The follow-up view counts tens of thousands of open commitments but shows
two hundred of each group: building every one of them was half of what a
fresh view cost at 10,000 reviews. A :class:`Built` list knows how many items
it has and builds (then keeps) only those read; a slice of it is another
view of the same items, so the rows a screen shows are built once whoever
reads them first. Going through every item (a filter) builds all those not
built yet at once, with ``build_all`` when given (one parse of many rows
costs less than many parses of one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, Self, TypeVar, cast, overload

T = TypeVar("T")
_UNBUILT = object()


class Built(Sequence[T], Generic[T]):
    """``count`` items, the i-th built by ``build(i)`` when first read, then kept.

    ``build_all(start, stop)``, when given, builds items ``start`` to ``stop``
    in one go (used when all of them are read in turn).
    """

    __slots__ = ("_build", "_build_all", "_items", "_start", "_stop")

    def __init__(
        self,
        count: int,
        build: Callable[[int], T],
        build_all: Callable[[int, int], list[T]] | None = None,
    ) -> None:
        self._build = build
        self._build_all = build_all
        self._items: list[object] = [_UNBUILT] * count
        self._start = 0
        self._stop = count

    @classmethod
    def of(cls, items: Sequence[T]) -> Self:
        """A list already built (``items`` is copied, so it may change later)."""
        got = cls(0, _never)
        got._items = list(items)
        got._stop = len(got._items)
        return got

    @property
    def built(self) -> int:
        """How many of these items are built so far."""
        return sum(1 for x in self._items[self._start : self._stop] if x is not _UNBUILT)

    def __len__(self) -> int:
        return self._stop - self._start

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Built[T]: ...

    def __getitem__(self, index: int | slice) -> T | Built[T]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return Built.of([self[i] for i in range(start, stop, step)])
            part: Built[T] = Built(0, self._build, self._build_all)
            part._items = self._items  # the same items: built once for every view of them
            part._start = self._start + start
            part._stop = self._start + max(start, stop)
            return part
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("index out of range")
        at = self._start + index
        got = self._items[at]
        if got is _UNBUILT:
            got = self._items[at] = self._build(at)
        return got  # type: ignore[return-value]

    def __iter__(self) -> Iterator[T]:
        items, start, stop = self._items, self._start, self._stop
        if _UNBUILT in items[start:stop]:
            if self._build_all is None:
                return (self[i] for i in range(len(self)))
            for at, item in enumerate(self._build_all(start, stop), start):
                if items[at] is _UNBUILT:
                    items[at] = item  # an item read before keeps its identity
        return iter(cast(list[T], items[start:stop]))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Built({len(self)} items, {self.built} built)"


def _never(index: int) -> Any:
    raise AssertionError(f"item {index} of a list built whole was not built")
