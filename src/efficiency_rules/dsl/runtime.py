"""Helpers the generated code calls where inline code would be unwieldy (three-valued
quantifiers, exact division). Each is total: it returns a value or None, never loops."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import Any


def div(a: Any, b: Any) -> Any:
    """True division, exact on integers so that 95/100 compares exactly (NORMS.md boundaries)."""
    if a is None or b is None:
        return None
    if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool):
        return None if b == 0 else Fraction(a, b)
    if b == 0:
        return None
    return a / b


def any3(results: Iterable[Any]) -> bool | None:
    unknown = False
    for r in results:
        if r is True:
            return True
        if r is None:
            unknown = True
    return None if unknown else False


def all3(results: Iterable[Any]) -> bool | None:
    unknown = False
    for r in results:
        if r is False:
            return False
        if r is None:
            unknown = True
    return None if unknown else True


def count_true(results: Iterable[Any]) -> int:
    return sum(1 for r in results if r is True)
