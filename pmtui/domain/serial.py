"""Turning domain dataclasses into JSON-ready dicts and back.

One generic codec driven by the type hints, so a field added to the model is
stored without writing conversion code twice. Errors name the field path
(``commitments[2].due``) and say what was expected.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from pmtui.domain.followup import reopened
from pmtui.domain.model import MULTILINE_FIELDS, Review, ValidationError
from pmtui.domain.text import shown

T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """A JSON-ready copy of a dataclass tree (dates as ISO strings)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, list):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


def shown_copy(obj: T) -> T:
    """A copy of a dataclass tree with every text made safe to show (:func:`shown`).

    Whatever the store holds, an export or a screen built from the copy
    carries no control character, escape sequence or bidi control: they are
    replaced by visible stand-ins. Multi-line fields keep their line breaks.
    """
    return typing.cast(T, _shown(obj, multiline=False))


def _shown(obj: Any, *, multiline: bool) -> Any:
    if isinstance(obj, Enum):  # a StrEnum is text too, but one pmtui wrote
        return obj
    if isinstance(obj, str):
        return shown(obj, multiline=multiline)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {
            f.name: _shown(getattr(obj, f.name), multiline=f.name in MULTILINE_FIELDS)
            for f in dataclasses.fields(obj)
        }
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, list):
        return [_shown(v, multiline=multiline) for v in obj]
    if isinstance(obj, dict):
        return {_shown(k, multiline=False): _shown(v, multiline=multiline) for k, v in obj.items()}
    return obj  # dates, enums, numbers, true/false


def from_dict(cls: type[T], data: Any, path: str = "") -> T:
    """Build ``cls`` from ``data``; unknown keys are ignored, missing ones defaulted."""
    return typing.cast(T, _decode(cls, data, path or cls.__name__.lower()))


def review_to_dict(review: Review) -> dict[str, Any]:
    return typing.cast(dict[str, Any], to_dict(review))


def review_from_dict(data: Any) -> Review:
    """A review from its stored form; a file from an older pmtui is upgraded on the way in."""
    if isinstance(data, dict):
        data = reopened(data)
    return from_dict(Review, data, "review")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


_ISO_EXPECTED: dict[type, str] = {
    datetime: "a date and time like 2026-11-20T14:02:00",
    date: "a date like 2026-12-01",
}
"""What a stored date or time must look like, as the error says it."""


def _decode(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        non_none = [a for a in args if a is not type(None)]
        return _decode(non_none[0], value, path)
    if origin is list:
        if not isinstance(value, list):
            raise ValidationError(path, f"a list, not {type(value).__name__}")
        (item,) = typing.get_args(tp)
        return [_decode(item, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ValidationError(path, f"an object, not {type(value).__name__}")
        _, item = typing.get_args(tp)
        return {str(k): _decode(item, v, f"{path}.{k}") for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ValidationError(path, f"an object, not {type(value).__name__}")
        hints = _hints(tp)
        kwargs = {
            f.name: _decode(hints[f.name], value[f.name], f"{path}.{f.name}")
            for f in dataclasses.fields(tp)
            if f.name in value
        }
        try:
            return typing.cast(Any, tp)(**kwargs)
        except TypeError as exc:
            raise ValidationError(path, f"all required fields ({exc})") from None
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in tp)
            raise ValidationError(path, f"one of {allowed}, not {value!r}") from None
    if tp is datetime or tp is date:
        expected = _ISO_EXPECTED[tp]
        if not isinstance(value, str):
            raise ValidationError(path, expected)
        try:
            return tp.fromisoformat(value)
        except ValueError:
            raise ValidationError(path, f"{expected}, not {value!r}") from None
    if tp is bool:
        if not isinstance(value, bool):
            raise ValidationError(path, f"true or false, not {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(path, f"a whole number, not {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise ValidationError(path, f"a number, not {value!r}")
        if value in (float("inf"), float("-inf")):
            raise ValidationError(path, f"a finite number, not {value!r}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise ValidationError(path, f"text, not {type(value).__name__}")
        return value
    return value
