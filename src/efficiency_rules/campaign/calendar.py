"""The campaign's phase calendar (NORMS.md CMP-1).

The speech, section 二: "從20*年2月下旬到年底,分四個階段進行": 第一階段 2月下旬到3月上旬;
第二階段 3月中下旬; 第三階段 4月至9月; 第四階段 10月到12月. The speech masks the year (20*), so
the year is configuration (`campaign_year` in scan.yaml).

旬 follows the usual convention: 上旬 is days 1-10, 中旬 11-20, 下旬 21 to the month's end. So
phase 1 runs 21 Feb - 10 Mar, phase 2 11-31 Mar, phase 3 1 Apr - 30 Sep, phase 4 1 Oct - 31 Dec.
Both ends are inclusive (到, 至 include the day named).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PHASE_NAMES_ZH: dict[int, str] = {
    1: "动员部署,学习提高",
    2: "查摆问题,制定措施",
    3: "集中整改,解决问题",
    4: "考核总结,健全机制",
}

# (start month, start day, end month, end day); phase 1's start is the first day of 2月下旬.
_BOUNDS: dict[int, tuple[int, int, int, int]] = {
    1: (2, 21, 3, 10),
    2: (3, 11, 3, 31),
    3: (4, 1, 9, 30),
    4: (10, 1, 12, 31),
}


@dataclass(frozen=True)
class Phase:
    """One phase of the campaign, both ends inclusive."""

    number: int
    start: date
    end: date

    @property
    def name_zh(self) -> str:
        return PHASE_NAMES_ZH[self.number]

    def finished_by(self, as_of: date) -> bool:
        """A phase is finished once its last day has passed or is the day itself (CMP-2 checks
        finished phases; whether the filing is already due is the rule's grace parameter)."""
        return self.end <= as_of


def phases(year: int) -> tuple[Phase, ...]:
    """The four phases of the campaign held in `year` (CMP-1)."""
    return tuple(
        Phase(n, date(year, sm, sd), date(year, em, ed)) for n, (sm, sd, em, ed) in _BOUNDS.items()
    )


def campaign_start(year: int) -> date:
    return phases(year)[0].start


def campaign_end(year: int) -> date:
    """The last day of the campaign (到年底); CMP-3's final report is due after it."""
    return phases(year)[-1].end


def phase_on(day: date, year: int) -> Phase | None:
    """The phase `day` falls in, or None before the campaign starts and after it ends."""
    return next((p for p in phases(year) if p.start <= day <= p.end), None)
