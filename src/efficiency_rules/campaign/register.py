"""The campaign register: units, their filings, and leaders' engagements (DESIGN.md).

Three tables in `campaign/` of a monthly submission, each read row by row with the centre's
schema-driven table reader (CSV in UTF-8/BOM/GB18030 or .xlsx; header aliases, enum aliases
and date formats are declared in the schemas, so they are data, not code):

- `units` (schemas/units.schema.json): `unit, type, leading_group_on` — CMP-4
- `submissions` (schemas/submissions.schema.json): `unit, phase, document, submitted_on` —
  CMP-2, CMP-3
- `engagements` (schemas/engagements.schema.json): `leader, unit, date, event, event_type`,
  optional `id, leader_title, commercial, approved_by, approval_ref, approved_on` — CMP-5

A row that does not parse is an `InputError` with its line and column; the other rows are kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..centre.columns import table_spec
from ..centre.tables import TableLog, read_records
from ..findings import InputError

# An event of these kinds is commercial unless the register says otherwise (CMP-5's 商業性
# qualifies the whole list 慶典、開幕、奠基等剪彩活動); `other` is not a ceremony at all.
_COMMERCIAL_BY_DEFAULT = frozenset({"commercial_celebration", "opening", "groundbreaking", "ribbon_cutting"})


@dataclass(frozen=True)
class Unit:
    name: str
    type: str  # county | department
    leading_group_on: date | None
    line: int


@dataclass(frozen=True)
class Submission:
    unit: str
    phase: str  # "1".."4" or "final"
    document: str  # plan | summary | final_report
    submitted_on: date
    line: int


@dataclass(frozen=True)
class Approval:
    by: str
    ref: str | None
    date: date | None


@dataclass(frozen=True)
class Engagement:
    id: str
    leader: str
    leader_title: str | None
    unit: str
    date: date
    event: str
    event_type: str
    commercial: bool
    approval: Approval | None
    line: int


def table_file(folder: Path, stem: str) -> Path | None:
    """`<stem>.csv` or `<stem>.xlsx` in `folder` (DESIGN.md: tables may come as .xlsx)."""
    for suffix in (".csv", ".xlsx"):
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


def read_units(path: Path, log: TableLog) -> Iterator[Unit]:
    for line, rec in read_records(path, table_spec("units"), log):
        yield Unit(rec["unit"], rec["type"], rec.get("leading_group_on"), line)


def read_submissions(path: Path, log: TableLog) -> Iterator[Submission]:
    for line, rec in read_records(path, table_spec("submissions"), log):
        mismatch = _phase_mismatch(rec)
        if mismatch:
            log.errors.append(InputError(str(path), mismatch[0], field="document", line=line,
                                         value=rec["document"], message_en=mismatch[1]))
            continue
        yield Submission(rec["unit"], rec["phase"], rec["document"], rec["submitted_on"], line)


def _phase_mismatch(rec: Mapping[str, Any]) -> tuple[str, str] | None:
    """A final report belongs to the campaign as a whole (CMP-3); plans and summaries to one of
    the four phases (CMP-2). Any other pairing is a typing error, not a filing."""
    if (rec["phase"] == "final") == (rec["document"] == "final_report"):
        return None
    zh = (f"阶段 {rec['phase']} 与材料 {rec['document']} 不匹配:专题总结报告(final_report)的阶段应为 "
          "final,工作方案(plan)和阶段小结(summary)的阶段应为 1-4")
    en = (f"phase {rec['phase']} does not go with document {rec['document']}: final_report is "
          "phase final, plan and summary are phases 1-4")
    return zh, en


def read_engagements(path: Path, log: TableLog) -> Iterator[Engagement]:
    for line, rec in read_records(path, table_spec("engagements"), log):
        yield _engagement(rec, line)


def _engagement(rec: Mapping[str, Any], line: int) -> Engagement:
    day: date = rec["date"]
    commercial = rec.get("commercial")
    return Engagement(
        # The id keys the finding across months; without one, the engagement's own facts do.
        id=rec.get("id") or f"{day.isoformat()} {rec['leader']} {rec['event']}",
        leader=rec["leader"],
        leader_title=rec.get("leader_title") or None,
        unit=rec["unit"],
        date=day,
        event=rec["event"],
        event_type=rec["event_type"],
        commercial=commercial if commercial is not None else rec["event_type"] in _COMMERCIAL_BY_DEFAULT,
        approval=_approval(rec),
        line=line,
    )


def _approval(rec: Mapping[str, Any]) -> Approval | None:
    by = rec.get("approved_by")
    if not by:
        return None
    return Approval(by=by, ref=rec.get("approval_ref") or None, date=rec.get("approved_on"))
