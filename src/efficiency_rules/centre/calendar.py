"""The official working-day calendar: statutory holidays and announced make-up working days.

Time limits for administrative licensing are counted in working days (行政許可法 第八十二條),
and a period counted in days starts the day after the event (民法典 第二百零一條): the day a case
is received is not counted. A calendar that treats 國慶 or 春節 as ordinary weeks gets every
deadline near them wrong, so a date in a year the data does not cover raises
`CalendarYearError` naming the year; it is never counted as an ordinary week.

Data: the `chinesecalendar` package (2004–2026 in 1.11) plus, optionally, a user calendar file
(YAML; see `load_calendar_file`) for a year announced after the package was released.

Every query is O(1): the covered span is precomputed into a per-day table of "working days up to
and including this day" and a table of "the k-th working day", both indexed by ordinal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..safeyaml import YamlInputError, load_yaml_file


class CalendarYearError(ValueError):
    """A date computation touched a year for which no official calendar is known."""

    def __init__(self, year: int, version: str) -> None:
        super().__init__(
            f"no working-day calendar for {year} (known: {version}); "
            f"add a calendar file for {year}"
        )
        self.year = year
        self.message_zh = f"缺少 {year} 年的工作日历(法定节假日与调休安排),无法计算期限;请提供 {year} 年的日历文件"


class CalendarFileError(ValueError):
    """A user calendar file that cannot be used."""


@dataclass(frozen=True)
class YearDays:
    """One year's deviations from the Monday–Friday week."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]  # make-up working days (調休上班), usually weekends
    source: str


@dataclass(frozen=True)
class WorkCalendar:
    """Working days over a set of covered years. Build with `WorkCalendar.from_years`."""

    years: frozenset[int]
    version: str
    _base: int = field(repr=False)  # ordinal of 1 January of the first covered year
    _cum: tuple[int, ...] = field(repr=False)  # working days on or before base+i (in the span)
    _nth: tuple[int, ...] = field(repr=False)  # ordinal of the k-th working day (0-based)

    @staticmethod
    def from_years(years: Iterable[YearDays]) -> WorkCalendar:
        by_year = {y.year: y for y in years}
        if not by_year:
            raise CalendarFileError("empty calendar")
        first, last = min(by_year), max(by_year)
        base = date(first, 1, 1).toordinal()
        end = date(last, 12, 31).toordinal()
        cum: list[int] = []
        nth: list[int] = []
        count = 0
        for ordinal in range(base, end + 1):
            day = date.fromordinal(ordinal)
            spec = by_year.get(day.year)
            # Gap years are filled with the plain week only to keep the tables dense; any query
            # that touches them raises before using these entries.
            working = day.weekday() < 5
            if spec is not None:
                working = (working and day not in spec.holidays) or day in spec.workdays
            if working:
                count += 1
                nth.append(ordinal)
            cum.append(count)
        sources = sorted({y.source for y in by_year.values()})
        version = "; ".join(sources) + f" (years {_year_ranges(sorted(by_year))})"
        return WorkCalendar(frozenset(by_year), version, base, tuple(cum), tuple(nth))

    # -- queries -------------------------------------------------------------------------

    def _index(self, d: date) -> int:
        if d.year not in self.years:
            raise CalendarYearError(d.year, self.version)
        return d.toordinal() - self._base

    def _check_span(self, a: date, b: date) -> None:
        lo, hi = (a, b) if a <= b else (b, a)
        for year in range(lo.year, hi.year + 1):
            if year not in self.years:
                raise CalendarYearError(year, self.version)

    def is_workday(self, d: date) -> bool:
        i = self._index(d)
        return self._cum[i] != (self._cum[i - 1] if i else 0)

    def workdays_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b` (negative when b < a)."""
        ia, ib = self._index(a), self._index(b)
        if a.year != b.year:
            self._check_span(a, b)
        return self._cum[ib] - self._cum[ia]

    def add_workdays(self, d: date, n: int) -> date:
        """The n-th working day after `d` (d itself not counted: 民法典 第二百零一條).
        n == 0 gives `d`; a negative n counts back."""
        i = self._index(d)
        if n == 0:
            return d
        # cum[i] working days lie on or before d: the n-th after d is the (cum[i]+n)-th overall;
        # counting back, the |n|-th before d is found among the days strictly before it.
        if n > 0:
            k = self._cum[i] + n - 1
        else:
            k = self._cum[i] - (1 if self.is_workday(d) else 0) + n
        if k < 0:
            raise CalendarYearError(min(self.years) - 1, self.version)
        if k >= len(self._nth):
            raise CalendarYearError(max(self.years) + 1, self.version)
        result = date.fromordinal(self._nth[k])
        if result.year != d.year:
            self._check_span(d, result)
        return result

    def next_workday_on_or_after(self, d: date) -> date:
        return d if self.is_workday(d) else self.add_workdays(d, 1)


def _year_ranges(years: list[int]) -> str:
    """2004–2026, 2028 for [2004, ..., 2026, 2028]."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


# -- data sources --------------------------------------------------------------------------


def package_years() -> list[YearDays]:
    """The years `chinesecalendar` covers, from its own tables."""
    import chinese_calendar
    from chinese_calendar import constants

    version = getattr(chinese_calendar, "__version__", "?")
    source = f"chinesecalendar {version}"
    holidays = set(constants.holidays)
    workdays = set(constants.workdays)
    years = sorted({d.year for d in holidays | workdays})
    return [
        YearDays(
            y,
            frozenset(d for d in holidays if d.year == y),
            frozenset(d for d in workdays if d.year == y),
            source,
        )
        for y in range(years[0], years[-1] + 1)
    ]


def load_calendar_file(path: Path) -> list[YearDays]:
    """A user calendar: one mapping or a list of mappings, each

        year: 2027
        holidays: [2027-01-01, ...]     # statutory holidays (放假)
        workdays: [2027-02-07, ...]     # make-up working days (調休上班)

    A year given here replaces the package's data for that year (so a correction is possible).
    """
    try:
        data = load_yaml_file(path)
    except (YamlInputError, OSError) as exc:
        raise CalendarFileError(f"{path}: {exc}") from None
    entries = data if isinstance(data, list) else [data]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    source = f"{path.name} sha256:{digest}"
    return [_year_from_mapping(entry, path, source) for entry in entries]


def _year_from_mapping(entry: Any, path: Path, source: str) -> YearDays:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("year"), int):
        raise CalendarFileError(f"{path}: each entry needs `year: YYYY`, `holidays:` and `workdays:`")
    year = int(entry["year"])
    holidays = _dates(entry.get("holidays") or [], year, path, "holidays")
    workdays = _dates(entry.get("workdays") or [], year, path, "workdays")
    both = holidays & workdays
    if both:
        raise CalendarFileError(f"{path}: {min(both)} is listed as both a holiday and a workday")
    return YearDays(year, holidays, workdays, source)


def _dates(values: Any, year: int, path: Path, key: str) -> frozenset[date]:
    if not isinstance(values, list):
        raise CalendarFileError(f"{path}: `{key}` must be a list of dates")
    out: set[date] = set()
    for v in values:
        d = v if isinstance(v, date) else None
        if d is None and isinstance(v, str):
            try:
                d = date.fromisoformat(v)
            except ValueError:
                d = None
        if d is None:
            raise CalendarFileError(f"{path}: `{key}` has {v!r}, not a date (write 2027-01-01)")
        if d.year != year:
            raise CalendarFileError(f"{path}: {d} in `{key}` is not in {year}")
        out.add(d)
    return frozenset(out)


def build_calendar(calendar_file: Path | None = None) -> WorkCalendar:
    """The package's years, with the user's file (if any) added or overriding by year."""
    years = {y.year: y for y in package_years()}
    if calendar_file is not None:
        years.update({y.year: y for y in load_calendar_file(calendar_file)})
    return WorkCalendar.from_years(years.values())


_DEFAULT: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = build_calendar()
    return _DEFAULT


# Module-level helpers on the default calendar (the DSL's builtins call these).


def is_workday(d: date) -> bool:
    return default_calendar().is_workday(d)


def workdays_between(a: date, b: date) -> int:
    return default_calendar().workdays_between(a, b)


def add_workdays(d: date, n: int) -> date:
    return default_calendar().add_workdays(d, n)


def calendar_version() -> str:
    return default_calendar().version


__all__ = [
    "CalendarFileError",
    "CalendarYearError",
    "WorkCalendar",
    "YearDays",
    "add_workdays",
    "build_calendar",
    "calendar_version",
    "default_calendar",
    "is_workday",
    "load_calendar_file",
    "workdays_between",
]
