"""The campaign part of a monthly scan: CMP-2 to CMP-5 over a submission's `campaign/` folder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..centre.tables import TableLog
from ..findings import RunResult
from .load import Register, campaign_folder, load_register
from .records import CampaignRecord, Period, engagement_records, filing_records, unit_records
from .register import table_file

if TYPE_CHECKING:
    from ..engine import Pack


def period_of(period_end: date) -> Period:
    """The month that ends on (or contains) `period_end`; the register is judged as of that day."""
    return Period(period_end.replace(day=1), period_end)


def run_campaign(folder: Path, *, period_end: date, campaign_year: int, pack: Pack) -> RunResult:
    """Check the campaign register in `folder` (a submission or its `campaign/` folder) as of
    `period_end`, the period's last day. Unreadable rows are errors; the rest is still checked."""
    result = RunResult()
    folder = campaign_folder(folder)
    period = period_of(period_end)
    log = TableLog(result.errors, result.notes)
    register = load_register(folder, period.end, log)
    if register is None:
        result.notes.append(f"{folder}: no units table, CMP-2 to CMP-5 not checked 无单位名册,未检查 CMP-2 至 CMP-5")
        return result
    if not register.has_submissions:
        result.notes.append(f"{folder}: no submissions table, nothing counts as filed 无报送登记表,视为均未报送")
    for record in campaign_records(register, campaign_year, period, log):
        _evaluate(pack, record, folder, result)
    return result


def campaign_records(register: Register, year: int, period: Period, log: TableLog) -> Iterable[CampaignRecord]:
    """Every record the campaign rules see, in a stable order (filings, units, engagements)."""
    yield from filing_records(register.units, register.filings, year, period)
    yield from unit_records(register.units, register.filings, year, period)
    yield from engagement_records(register.engagements(log), period)


def _evaluate(pack: Pack, item: CampaignRecord, folder: Path, result: RunResult) -> None:
    record = dict(item.record)
    if item.line is not None:
        record["_location"] = {"line": item.line, "column": 1}
    subject = item.subject
    source = _source_file(folder, item.subject_type)
    if subject.path is None:
        subject = replace(subject, path=str(source))
    result.subjects += 1
    result.findings.extend(pack.evaluate(item.subject_type, record, subject, result.errors))


def _source_file(folder: Path, subject_type: str) -> Path:
    """The table a subject comes from, so a finding points at a file the unit sent."""
    stem = "engagements" if subject_type == "campaign_engagement" else "units"
    return table_file(folder, stem) or folder / f"{stem}.csv"
