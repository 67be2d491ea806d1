"""The DSL's functions: one table, each with its signature and a null-safe implementation.

A function given null returns null (an unknown input gives an unknown answer), so a rule over
a record that lacks a field does not fire (docs/rule-format.md)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

from . import types as T


@dataclass(frozen=True)
class Builtin:
    name: str
    params: tuple[tuple[str, ...], ...]  # accepted kinds per argument ("any" = anything)
    result: Callable[[list[T.Type]], T.Type]
    impl: Callable[..., Any]
    doc: str


def _nullsafe(fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any) -> Any:
        for a in args:
            if a is None:
                return None
        return fn(*args)

    wrapper.__name__ = fn.__name__
    return wrapper


def _ratio(n: Any, d: Any) -> Fraction | None:
    if d == 0:
        return None  # an empty denominator has no ratio; the rule does not fire
    return Fraction(n) / Fraction(d)


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return cast(dt.date, value)


def _minutes(d: dt.timedelta) -> Fraction:
    return Fraction(int(d.total_seconds()), 60)


def _workdays_between(a: Any, b: Any) -> int:
    from ..centre.calendar import workdays_between  # lazy: only case rules need the calendar

    return workdays_between(_to_date(a), _to_date(b))


def _add_workdays(d: Any, n: Any) -> dt.date:
    from ..centre.calendar import add_workdays

    return add_workdays(_to_date(d), int(n))


def _zi(text: str) -> int:
    from ..documents.counting import count_zi

    return count_zi(text)


def _similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: works on Chinese text without word splitting."""
    grams_a = {a[i:i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i:i + 2] for i in range(len(b) - 1)}
    if not grams_a or not grams_b:
        return 1.0 if a == b else 0.0
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


def _same(kind: T.Type) -> Callable[[list[T.Type]], T.Type]:
    return lambda args: kind


def _first_arg(args: list[T.Type]) -> T.Type:
    return args[0]


_NUM = ("number",)
_DAY = ("date", "datetime")
TABLE: dict[str, Builtin] = {
    b.name: b
    for b in [
        Builtin("len", (("list", "string"),), _same(T.NUMBER), _nullsafe(len), "length of a list or string"),
        Builtin("ratio", (_NUM, _NUM), _same(T.NUMBER), _nullsafe(_ratio), "exact n/d; null when d is 0"),
        Builtin("year", (_DAY,), _same(T.NUMBER), _nullsafe(lambda d: d.year), "calendar year"),
        Builtin("month", (_DAY,), _same(T.NUMBER), _nullsafe(lambda d: d.month), "calendar month"),
        Builtin("date", (_DAY,), _same(T.DATE), _nullsafe(_to_date), "the date of a date-time"),
        Builtin("days", (("duration",),), _same(T.NUMBER),
                _nullsafe(lambda d: Fraction(int(d.total_seconds()), 86400)), "a duration in days"),
        Builtin("hours", (("duration",),), _same(T.NUMBER),
                _nullsafe(lambda d: Fraction(int(d.total_seconds()), 3600)), "a duration in hours"),
        Builtin("minutes", (("duration",),), _same(T.NUMBER), _nullsafe(_minutes), "a duration in minutes"),
        Builtin("ceil", (_NUM,), _same(T.NUMBER), _nullsafe(math.ceil), "round up"),
        Builtin("floor", (_NUM,), _same(T.NUMBER), _nullsafe(math.floor), "round down"),
        Builtin("abs", (_NUM,), _same(T.NUMBER), _nullsafe(abs), "absolute value"),
        Builtin("min", (("number", "date", "duration"), ("number", "date", "duration")), _first_arg,
                _nullsafe(min), "the smaller of two"),
        Builtin("max", (("number", "date", "duration"), ("number", "date", "duration")), _first_arg,
                _nullsafe(max), "the larger of two"),
        Builtin("workdays_between", (_DAY, _DAY), _same(T.NUMBER), _nullsafe(_workdays_between),
                "working days after a up to and including b, on the official calendar"),
        Builtin("add_workdays", (_DAY, _NUM), _same(T.DATE), _nullsafe(_add_workdays),
                "the date n working days after d (d itself not counted: 民法典)"),
        Builtin("zi", (("string",),), _same(T.NUMBER), _nullsafe(_zi), "字 as Word/WPS count them"),
        Builtin("similarity", (("string",), ("string",)), _same(T.NUMBER), _nullsafe(_similarity),
                "character-bigram Dice similarity, 0..1"),
        Builtin("contains", (("string", "list"), ("any",)), _same(T.BOOL),
                _nullsafe(lambda s, x: x in s), "whether s contains x"),
    ]
}
