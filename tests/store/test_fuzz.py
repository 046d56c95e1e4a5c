"""Whatever bytes a store file holds, pmtui says what is wrong and touches nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmtui.store.errors import StoreDamagedError, StoreTooNewError
from pmtui.store.layout import Layout
from pmtui.store.repository import Store
from tests.store.helpers import make_review, snapshot_dir

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small valid store to damage copies of."""
    root = tmp_path_factory.mktemp("pristine")
    s = Store(root / "pmtui.json")
    for i in range(3):
        s.add(make_review(f"review {i}", commitments=i + 1))
    shutil.rmtree(root / "pmtui.backups")
    return root


def _copy(pristine: Path, tmp_path: Path) -> tuple[Path, Layout]:
    target = tmp_path / "fuzz"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(pristine, target)
    return target / "pmtui.json", Layout.for_store(target / "pmtui.json")


def _read_everything(path: Path) -> None:
    Store(path).open_commitments(owner="ana")  # what `pmtui due` reads first
    s = Store(path)
    for summary in s.summaries():
        s.get(summary.id)
    s.open_commitments()
    list(s.reviews())


def _check(path: Path) -> None:
    """Reading either works or raises a store error; a refused file is left as it was."""
    before = snapshot_dir(path.parent)
    try:
        _read_everything(path)
    except (StoreDamagedError, StoreTooNewError) as exc:
        assert str(path.parent) in str(exc)
        assert snapshot_dir(path.parent) == before
        # The next attempt gives the same answer: nothing was half-repaired.
        with pytest.raises(type(exc)):
            _read_everything(path)
        return
    # A file that reads is usable: a save goes through and reads back.
    s = Store(path)
    r = s.add(make_review("after fuzz"))
    assert Store(path).get(r.id).title == "after fuzz"


def _mutate(raw: bytes, data: st.DataObject) -> bytes:
    kind = data.draw(st.sampled_from(["flip", "truncate", "splice", "json"]))
    if kind == "truncate":
        return raw[: data.draw(st.integers(0, max(0, len(raw) - 1)))]
    if kind == "flip":
        i = data.draw(st.integers(0, len(raw) - 1))
        return raw[:i] + bytes([data.draw(st.integers(0, 255))]) + raw[i + 1 :]
    if kind == "splice":
        i = data.draw(st.integers(0, len(raw)))
        return raw[:i] + data.draw(st.binary(max_size=20)) + raw[i:]
    # Valid JSON with a value swapped for another type somewhere in the tree.
    doc = orjson.loads(raw)
    node = doc
    while isinstance(node, dict) and node:
        key = data.draw(st.sampled_from(sorted(node)))
        if not isinstance(node[key], dict) or data.draw(st.booleans()):
            node[key] = data.draw(
                st.one_of(
                    st.none(),
                    st.integers(-(2**63), 2**64 - 1),
                    st.text(max_size=5),
                    st.lists(st.integers(-(2**63), 2**63), max_size=3),
                    st.just({}),
                    st.just("2026-11-20T10:00:00+05:00"),
                )
            )
            break
        node = node[key]
    return orjson.dumps(doc)


@FUZZ
@given(raw=st.binary(max_size=400))
def test_random_bytes_as_the_index(pristine: Path, tmp_path: Path, raw: bytes) -> None:
    path, _layout = _copy(pristine, tmp_path)
    path.write_bytes(raw)
    _check(path)


@FUZZ
@given(data=st.data())
def test_mutated_index(pristine: Path, tmp_path: Path, data: st.DataObject) -> None:
    path, _layout = _copy(pristine, tmp_path)
    path.write_bytes(_mutate(path.read_bytes(), data))
    _check(path)


@FUZZ
@given(data=st.data())
def test_mutated_shard(pristine: Path, tmp_path: Path, data: st.DataObject) -> None:
    path, layout = _copy(pristine, tmp_path)
    shard = data.draw(st.sampled_from(layout.shard_files()))
    shard.write_bytes(_mutate(shard.read_bytes(), data))
    _check(path)


@FUZZ
@given(raw=st.binary(max_size=400))
def test_random_bytes_as_a_shard(pristine: Path, tmp_path: Path, raw: bytes) -> None:
    path, layout = _copy(pristine, tmp_path)
    layout.shard_files()[0].write_bytes(raw)
    _check(path)


@FUZZ
@given(data=st.data())
def test_mutated_open_commitments_file(pristine: Path, tmp_path: Path, data: st.DataObject) -> None:
    path, layout = _copy(pristine, tmp_path)
    layout.open_rows.write_bytes(_mutate(layout.open_rows.read_bytes(), data))
    _check(path)


@FUZZ
@given(raw=st.binary(max_size=400))
def test_random_bytes_as_the_open_commitments_file(
    pristine: Path, tmp_path: Path, raw: bytes
) -> None:
    path, layout = _copy(pristine, tmp_path)
    layout.open_rows.write_bytes(raw)
    _check(path)


def test_empty_object_index_is_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "pmtui.json"
    path.write_bytes(b"{}")
    assert Store(path).summaries() == []


@pytest.mark.parametrize("number", [b"1" * 30, b"-" + b"9" * 25, b"1e400", b"NaN"])
def test_out_of_range_numbers_in_a_shard(pristine: Path, tmp_path: Path, number: bytes) -> None:
    path, layout = _copy(pristine, tmp_path)
    shard = layout.shard_files()[0]
    raw = shard.read_bytes()
    shard.write_bytes(raw.replace(b'"rev":1', b'"rev":' + number, 1))
    _check(path)
