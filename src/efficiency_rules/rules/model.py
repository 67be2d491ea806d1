"""What a loaded rule is: frozen data, plus its compiled functions."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Clause:
    section: str
    quote: str  # verbatim, in the source's traditional script
    word: str | None
    quote_zh: str | None = None  # the quote in simplified script, for display (DESIGN.md --lang)
    word_zh: str | None = None


@dataclass(frozen=True)
class Param:
    """A dated legal number (OpenFisca style): the record's date picks the value in force."""

    name: str
    unit: str | None
    source: str | None
    values: tuple[tuple[dt.date, Any], ...]  # sorted by date

    def at(self, day: dt.date | None) -> Any:
        """The value in force on `day`; a record without a date gets the latest value, and one
        dated before the first `since` gets the first (the norm predates our data)."""
        if day is None:
            return self.values[-1][1]
        i = bisect.bisect_right([d for d, _ in self.values], day) - 1
        return self.values[max(i, 0)][1]


@dataclass(frozen=True)
class Example:
    name: str
    expect_fire: bool
    record: Mapping[str, Any] | None
    input: Mapping[str, Any] | None
    params: Mapping[str, Any]
    values: Mapping[str, Any]
    line: int


@dataclass(frozen=True)
class Rule:
    id: str
    norm: str
    area: str
    subject: str
    title: Mapping[str, str]
    clause: Clause
    severity: str
    severity_reason: str
    params: Mapping[str, Param]
    when: str | None
    require: str
    values: Mapping[str, str]
    message: Mapping[str, str]
    suggestion: Mapping[str, str] | None
    examples: tuple[Example, ...]
    path: str
    count: Mapping[str, str] = field(default_factory=dict)
    waivable: bool = False
    date_field: str | None = None

    def params_at(self, day: dt.date | None) -> dict[str, Any]:
        return {name: p.at(day) for name, p in self.params.items()}


@dataclass
class CompiledRule:
    """A rule with its compiled `when`, `require` and `values` functions."""

    rule: Rule
    when: Callable[[Any, Any], Any] | None
    require: Callable[[Any, Any], Any]
    values: dict[str, Callable[[Any, Any], Any]]
    folded: dict[str, Any]  # parameters with one value at every date
    dated: bool  # whether any parameter has more than one dated value
    fires: Callable[[Any, Any], bool] | None = None  # when true and require false, in one call

    def params_for(self, record: Mapping[str, Any]) -> dict[str, Any]:
        if not self.dated:
            return self.folded
        return self.rule.params_at(record_date(record, self.rule.date_field))


def record_date(record: Mapping[str, Any], date_field: str | None) -> dt.date | None:
    if not date_field:
        return None
    value = record.get(date_field)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
