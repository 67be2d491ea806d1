"""The working-day calendar (行政許可法 第八十二條; 民法典 第二百零一條: the day of receipt is not counted)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from efficiency_rules.centre.calendar import (
    CalendarFileError,
    CalendarYearError,
    add_workdays,
    build_calendar,
    calendar_version,
    default_calendar,
    is_workday,
    workdays_between,
)

D = date


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # 国庆 1–7 skipped; make-up Saturday 10-10 counts
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 10, 9), 1, D(2026, 10, 10)),
        (D(2026, 10, 10), 1, D(2026, 10, 12)),  # Sunday 10-11 is a rest day
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # 春节 make-up Saturday
        (D(2026, 2, 14), 1, D(2026, 2, 24)),  # 春节 15–23 February
        (D(2026, 10, 3), 1, D(2026, 10, 8)),  # received on a holiday: counting starts after it
        (D(2026, 10, 12), 0, D(2026, 10, 12)),
        (D(2026, 10, 12), -1, D(2026, 10, 10)),
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # across the year: 元旦 1–3, make-up Sunday 1-4
    ],
)
def test_add_workdays(start: date, n: int, expected: date) -> None:
    assert add_workdays(start, n) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2026, 9, 30), D(2026, 10, 9), 2),  # on time against a 3-day limit
        (D(2026, 9, 30), D(2026, 10, 10), 3),
        (D(2026, 9, 30), D(2026, 10, 12), 4),  # late
        (D(2026, 10, 12), D(2026, 10, 12), 0),
        (D(2026, 10, 12), D(2026, 10, 9), -2),
    ],
)
def test_workdays_between(a: date, b: date, expected: int) -> None:
    assert workdays_between(a, b) == expected


def test_agrees_with_chinesecalendar_on_every_day() -> None:
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        assert is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_workdays(D(2026, 12, 28), 5),  # the deadline runs into 2027
        lambda: workdays_between(D(2026, 12, 30), D(2027, 1, 5)),
        lambda: is_workday(D(2027, 1, 4)),
    ],
)
def test_unknown_year_is_an_error_naming_it(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CalendarYearError) as info:
        call()
    assert info.value.year == 2027
    assert "2027" in str(info.value) and "2027" in info.value.message_zh


def test_user_calendar_file_adds_a_year(tmp_path: Path) -> None:
    path = tmp_path / "2027.yaml"
    path.write_text("year: 2027\nholidays: [2027-01-01, 2027-01-02, 2027-01-03]\nworkdays: [2027-01-09]\n",
                    encoding="utf-8")
    cal = build_calendar(path)
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.is_workday(D(2027, 1, 9))  # a make-up Saturday
    assert not cal.is_workday(D(2027, 1, 1))
    assert "2027.yaml sha256:" in cal.version and "2004–2027" in cal.version


@pytest.mark.parametrize(
    "text",
    [
        "year: 2027\nholidays: [2028-01-01]\n",  # a date of another year
        "year: 2027\nholidays: [not a date]\n",
        "holidays: [2027-01-01]\n",  # no year
        "year: 2027\nholidays: [2027-01-01]\nworkdays: [2027-01-01]\n",  # both
    ],
)
def test_bad_calendar_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "cal.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarFileError):
        build_calendar(path)


def test_version_names_the_data() -> None:
    assert calendar_version().startswith("chinesecalendar ")
    assert 2026 in default_calendar().years and 2027 not in default_calendar().years
