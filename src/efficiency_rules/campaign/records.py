"""The records campaign rules see, derived from the register as of the period's last day.

Three subjects (schemas/campaign_*.schema.json):

- `campaign_filing`: one per unit, finished phase and document (plan, summary) — CMP-2
- `campaign_unit`: one per unit — CMP-3 (final report) and CMP-4 (leading group)
- `campaign_engagement`: one per leader's engagement — CMP-5

Records carry facts only (dates as the register gives them, the phase calendar, the period);
when a filing is due is the rules' business (a dated grace parameter), so that the deadline is
data and not code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..findings import Subject
from .calendar import Phase, campaign_end, phases
from .register import Engagement, Submission, Unit

FILING_DOCUMENTS: tuple[str, ...] = ("plan", "summary")  # CMP-2: 工作方案、階段小結
DOCUMENT_NAMES: Mapping[str, str] = {"plan": "工作方案", "summary": "阶段小结", "final_report": "专题总结报告"}


@dataclass(frozen=True)
class Period:
    """The month a scan covers: the register is read as of its last day."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.end.year:04d}-{self.end.month:02d}"


@dataclass(frozen=True)
class CampaignRecord:
    """A record for the rules, with the subject a finding about it would name."""

    subject_type: str
    subject: Subject
    record: Mapping[str, Any]
    line: int | None = None


FilingKey = tuple[str, str, str]  # unit, phase ("1".."4" | "final"), document


def earliest_filings(submissions: Iterable[Submission], as_of: date) -> dict[FilingKey, date]:
    """The first filing of each (unit, phase, document) on or before `as_of`.

    A row dated after the period's end is left out: the scan judges the register as it stood on
    the period's last day (re-scanning an old month with a newer register gives the old answer).
    """
    first: dict[FilingKey, date] = {}
    for sub in submissions:
        if sub.submitted_on > as_of:
            continue
        key = (sub.unit, sub.phase, sub.document)
        if key not in first or sub.submitted_on < first[key]:
            first[key] = sub.submitted_on
    return first


def filing_records(
    units: Iterable[Unit], filings: Mapping[FilingKey, date], year: int, period: Period
) -> Iterator[CampaignRecord]:
    """CMP-2: a work plan and a phase summary per unit for every phase finished by the period's
    end. A phase still running has nothing due yet, so it yields no record."""
    finished = [p for p in phases(year) if p.finished_by(period.end)]
    for unit in units:
        for phase in finished:
            for document in FILING_DOCUMENTS:
                yield _filing(unit, phase, document, filings.get((unit.name, str(phase.number), document)), period)


def _filing(unit: Unit, phase: Phase, document: str, submitted_on: date | None, period: Period) -> CampaignRecord:
    record = {
        "unit": unit.name,
        "unit_type": unit.type,
        "phase": phase.number,
        "document": document,
        "document_name": DOCUMENT_NAMES[document],
        "phase_start": phase.start,
        "phase_end": phase.end,
        "submitted_on": submitted_on,
        "period_start": period.start,
        "as_of": period.end,
    }
    # The id names the phase and document, never the period, so a missing summary keeps one
    # fingerprint from month to month (store/fingerprint.py).
    subject = Subject("campaign_filing", f"{unit.name} 第{phase.number}阶段 {document}", unit=unit.name)
    return CampaignRecord("campaign_filing", subject, record, unit.line)


def unit_records(
    units: Iterable[Unit], filings: Mapping[FilingKey, date], year: int, period: Period
) -> Iterator[CampaignRecord]:
    """CMP-3 and CMP-4: one record per unit."""
    first_phase = phases(year)[0]
    for unit in units:
        record = {
            "unit": unit.name,
            "unit_type": unit.type,
            "campaign_year": year,
            "phase1_end": first_phase.end,
            "campaign_end": campaign_end(year),
            # A group set up after the period's end did not exist yet as of the period.
            "leading_group_on": unit.leading_group_on if _on_or_before(unit.leading_group_on, period.end) else None,
            "final_report_on": filings.get((unit.name, "final", "final_report")),
            "period_start": period.start,
            "as_of": period.end,
        }
        yield CampaignRecord("campaign_unit", Subject("campaign_unit", unit.name, unit=unit.name), record, unit.line)


def engagement_records(engagements: Iterable[Engagement], period: Period) -> Iterator[CampaignRecord]:
    """CMP-5: one record per engagement; the rule picks those that fall within the period."""
    for eng in engagements:
        record = {
            "id": eng.id,
            "leader": eng.leader,
            "leader_title": eng.leader_title,
            "unit": eng.unit,
            "date": eng.date,
            "event": eng.event,
            "event_type": eng.event_type,
            "commercial": eng.commercial,
            "approvals": _approvals(eng),
            "period_start": period.start,
            "as_of": period.end,
        }
        subject = Subject("campaign_engagement", eng.id, unit=eng.unit)
        yield CampaignRecord("campaign_engagement", subject, record, eng.line)


def _approvals(eng: Engagement) -> list[dict[str, Any]]:
    """A recorded approval waives CMP-5 (a 原則上 norm: NORMS.md lets approvals waive it)."""
    if eng.approval is None:
        return []
    approval: dict[str, Any] = {"by": eng.approval.by, "covers": ["CMP-5"]}
    if eng.approval.ref:
        approval["ref"] = eng.approval.ref
    if eng.approval.date:
        approval["date"] = eng.approval.date
    return [approval]


def _on_or_before(day: date | None, limit: date) -> bool:
    return day is not None and day <= limit
