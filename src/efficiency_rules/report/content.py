"""What a report says, independent of its format: the HTML page and its JSON twin are both
written from this, so they cannot drift apart.

Small things (counts, the run, escalations, ratios, the trend) are read into a `Context` once;
findings, waivers, resolved findings and input errors stay cursors until the writer walks them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from ..store import Store, history
from ..store.model import Escalation, FindingRow, PeriodTrend, RatioPoint, RunInfo

TREND_MONTHS = 12  # a year of history on the page is enough to see a direction


@dataclass(frozen=True)
class NormInfo:
    """The clause a norm comes from (NORMS.md): shown above the norm's findings."""

    quote: str
    section: str | None = None
    title: str | None = None

    @classmethod
    def coerce(cls, value: NormInfo | Mapping[str, Any]) -> NormInfo:
        if isinstance(value, NormInfo):
            return value
        title = value.get("title")
        if isinstance(title, Mapping):  # rule titles are {zh: ..., en: ...}
            title = title.get("zh") or next(iter(title.values()), None)
        return cls(quote=str(value.get("quote", "")), section=value.get("section"), title=title)


@dataclass(frozen=True)
class Context:
    period: str
    lang: str
    generated_at: str
    run: RunInfo
    parameters: Mapping[str, Any]
    previous: str | None
    unit_types: Mapping[str | None, int]
    open: Mapping[str, int]
    waived: int
    changes: Mapping[str, int]
    escalations: tuple[Escalation, ...]
    escalation_periods: int
    ratios: tuple[RatioPoint, ...]  # this period
    ratio_history: tuple[RatioPoint, ...]  # the trend window
    trend: tuple[PeriodTrend, ...]
    inputs: tuple[int, int]  # files, bytes
    norms: Mapping[str, NormInfo]

    @property
    def units_checked(self) -> int:
        return sum(self.unit_types.values())

    def escalated(self, unit: str) -> list[str]:
        return [e.norm for e in self.escalations if e.unit == unit]


def build_context(
    store: Store,
    period: str,
    *,
    norms: Mapping[str, NormInfo | Mapping[str, Any]],
    lang: str,
    escalation_periods: int,
    generated_at: datetime | None = None,
) -> Context:
    conn = store.conn
    run = store.run(period)
    if run is None:
        raise KeyError(f"no stored run for period {period}")
    open_counts, waived = history.severity_counts(conn, period)
    trend = tuple(store.trend(until=period))[-TREND_MONTHS:]
    first = trend[0].period if trend else period
    moment = generated_at or datetime.now(UTC)
    return Context(
        period=period,
        lang=lang,
        generated_at=moment.astimezone(UTC).isoformat(timespec="seconds"),
        run=run,
        parameters=history.parameters(conn, period),
        previous=store.previous_period(period),
        unit_types=history.unit_count(conn, period),
        open=open_counts,
        waived=waived,
        changes=history.change_counts(conn, period),
        escalations=tuple(store.escalations(period, consecutive=escalation_periods)),
        escalation_periods=escalation_periods,
        ratios=tuple(store.ratios(period)),
        ratio_history=tuple(p for p in store.ratios(until=period) if p.period >= first),
        trend=trend,
        inputs=history.input_totals(conn, period),
        norms={k: NormInfo.coerce(v) for k, v in norms.items()},
    )


def findings_by_norm(
    store: Store, period: str, status: str = "open"
) -> Iterator[tuple[str, Iterator[FindingRow]]]:
    """(norm, its findings) in catalogue order, streamed from one cursor."""
    rows = history.iter_findings(store.conn, period, status=status)
    return ((norm, group) for norm, group in itertools.groupby(rows, key=lambda r: r.norm))


def percent_floor(ratio: Fraction) -> str:
    """A ratio as a percentage rounded *down* to 0.1%: 1899/2000 is 94.9%, never 95.0%, so a
    ratio under a 95% threshold never reads as meeting it (NORMS.md: 不得低于95%)."""
    tenths = (ratio * 1000).numerator // (ratio * 1000).denominator
    return f"{tenths // 10}.{tenths % 10}%"


def format_value(value: Any) -> str:
    """A finding value as text: exact ratios as n/d with their percentage."""
    if isinstance(value, Mapping):
        if set(value) == {"numerator", "denominator"} and value["denominator"]:
            ratio = Fraction(int(value["numerator"]), int(value["denominator"]))
            return f"{value['numerator']}/{value['denominator']}（{percent_floor(ratio)}）"
        if set(value) == {"minutes"}:
            return f"{value['minutes']} 分钟"
        return "，".join(f"{k}={format_value(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v) for v in value)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def format_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"


def period_label(period: str, lang: str) -> str:
    from .labels import label

    return label(lang, "period", year=int(period[:4]), month=int(period[5:7]))
