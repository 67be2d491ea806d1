"""Records for the CTR and CASE rules: due dates, extensions, lateness, aggregates, monthly checks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from efficiency_rules.centre.calendar import CalendarYearError, default_calendar
from efficiency_rules.centre.columns import CellError
from efficiency_rules.centre.records import (
    CaseBuilder,
    RegionItems,
    is_same_level_government,
    item_record,
    monthly_check_records,
    region_month_records,
)

D = date
AS_OF = D(2026, 10, 31)


def case_row(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "case_id": "C1", "region": "恩施市", "item_id": "ES-001", "received_on": D(2026, 9, 30), "decided_on": None,
        "decision": "pending", "statutory_limit_days": 20, "committed_limit_days": 3, "extension_days": 0,
        "extension_approved_by": "", "extension_notified_on": None, "missing_material_notices": 0,
        "onsite_completed": False, "told_completion_on": None,
    }
    row.update(kw)
    if row["decided_on"] is not None and row["decision"] == "pending":
        row["decision"] = "approved"
    return row


def build(**kw: Any) -> dict[str, Any]:
    deemed = {("恩施市", "ES-DA"): True}
    return CaseBuilder(default_calendar(), AS_OF, deemed).build(case_row(**kw))


@pytest.mark.parametrize(
    ("decided", "late"),
    [(D(2026, 10, 9), 0), (D(2026, 10, 10), 0), (D(2026, 10, 12), 1), (D(2026, 10, 11), 1)],
)
def test_the_national_day_case(decided: date, late: int) -> None:
    rec = build(decided_on=decided)
    assert rec["due_on"] == D(2026, 10, 10) and rec["limit_days"] == 3
    assert rec["days_late"] == late


@pytest.mark.parametrize(
    ("statutory", "committed", "limit"), [(20, 3, 3), (3, 20, 3), (5, None, 5), (0, 0, 0)],
)
def test_limit_is_the_shorter(statutory: int, committed: int | None, limit: int) -> None:
    rec = build(received_on=D(2026, 10, 12), statutory_limit_days=statutory, committed_limit_days=committed)
    assert rec["limit_days"] == limit


@pytest.mark.parametrize(
    ("approved_by", "notified", "applied", "due"),
    [
        ("局长", D(2026, 10, 14), True, D(2026, 10, 26)),  # approved, told before: moves
        ("局长", D(2026, 10, 19), True, D(2026, 10, 26)),  # told on the original due date itself
        ("局长", D(2026, 10, 20), False, D(2026, 10, 19)),  # told after the deadline
        ("", D(2026, 10, 14), False, D(2026, 10, 19)),  # not approved
        ("局长", None, False, D(2026, 10, 19)),  # never told
    ],
)
def test_extension_moves_the_deadline_only_when_case2_holds(approved_by: str, notified: date | None,
                                                            applied: bool, due: date) -> None:
    rec = build(received_on=D(2026, 10, 12), committed_limit_days=5, extension_days=5,
                extension_approved_by=approved_by, extension_notified_on=notified, decided_on=D(2026, 10, 23))
    assert rec["original_due_on"] == D(2026, 10, 19)
    assert (rec["extension_applied"], rec["due_on"]) == (applied, due)
    assert rec["days_late"] == (0 if applied else 4)


def test_pending_case_judged_as_of() -> None:
    rec = build(received_on=D(2026, 10, 13), committed_limit_days=5)
    assert rec["pending"] and rec["judged_on"] == AS_OF and rec["due_on"] == D(2026, 10, 20)
    assert rec["days_late"] == 8  # 21,22,23,26–30 October; as of a Saturday


def test_decided_after_as_of_is_pending() -> None:
    rec = build(received_on=D(2026, 10, 26), decided_on=D(2026, 11, 2))
    assert rec["pending"] and rec["judged_on"] == AS_OF


def test_deemed_item_flag() -> None:
    assert build(item_id="ES-DA")["deemed_approval"] is True
    assert build()["deemed_approval"] is False


@pytest.mark.parametrize(
    "kw",
    [{"decision": "approved"}, {"decided_on": D(2026, 10, 9), "decision": "pending"},
     {"decided_on": D(2026, 9, 1)}, {"decided_on": D(2026, 10, 9), "decision": ""}],
)
def test_contradictory_rows(kw: dict[str, Any]) -> None:
    row = case_row()
    row.update(kw)
    with pytest.raises(CellError):
        CaseBuilder(default_calendar(), AS_OF, {}).build(row)


def test_deadline_in_an_unknown_year() -> None:
    with pytest.raises(CalendarYearError) as info:
        build(received_on=D(2026, 12, 28), committed_limit_days=5)
    assert info.value.year == 2027


def test_region_month_counts_received_month_and_skips_empty_months() -> None:
    builder = CaseBuilder(default_calendar(), AS_OF, {})
    for i, (received, decided, onsite) in enumerate([
        (D(2026, 9, 28), D(2026, 10, 8), False),  # September's, though decided in October
        (D(2026, 10, 12), D(2026, 10, 12), True),
        (D(2026, 10, 12), None, False),  # pending: excluded
        (D(2026, 8, 3), None, False),  # August: only pending, so no record
    ]):
        builder.build(case_row(case_id=f"C{i}", received_on=received, decided_on=decided, onsite_completed=onsite,
                               committed_limit_days=20))
    got = [(r["period"], r["cases_decided"], r["cases_onsite_completed"]) for r in region_month_records(builder.tallies)]
    assert got == [("2026-09", 1, 0), ("2026-10", 1, 1)]


@pytest.mark.parametrize(
    ("region", "by", "ok"),
    [("利川市", "利川市人民政府", True), ("利川市", "同级人民政府", True), ("巴東縣", "巴東縣人民政府", True),
     ("利川市", "利川市自然资源局", False), ("利川市", "恩施州人民政府", False), ("利川市", "", False)],
)
def test_same_level_government(region: str, by: str, ok: bool) -> None:
    assert is_same_level_government(region, by) is ok


def test_item_exemption_becomes_a_waiving_approval() -> None:
    row = {"region": "利川市", "item_id": "F1", "name": "污水处理费", "category": "fee", "lead_departments": ["住建局"],
           "in_centre": False, "exemption_approved_by": "利川市人民政府", "exemption_ref": "利政函〔2026〕9号",
           "domain": "other", "deemed_approval": False}
    rec = item_record(row, AS_OF)
    assert rec["approvals"][0]["covers"] == ["CTR-4", "CTR-5"] and rec["lead_department_count"] == 1


def test_exempted_items_stay_in_the_denominator() -> None:
    t = RegionItems()
    for in_centre, by in [(True, ""), (False, "利川市人民政府"), (False, "")]:
        t.add({"category": "approval", "in_centre": in_centre, "exemption_approved_by": by, "item_id": "x"})
    t.add({"category": "fee", "in_centre": False, "exemption_approved_by": "", "item_id": "f"})
    assert (t.approval, t.in_centre, t.exempted) == (3, 1, 1)


def test_monthly_check_names_the_cases_that_make_the_difference() -> None:
    builder = CaseBuilder(default_calendar(), AS_OF, {})
    builder.build(case_row(case_id="A", received_on=D(2026, 9, 28), decided_on=D(2026, 10, 8), committed_limit_days=20))
    builder.build(case_row(case_id="B", received_on=D(2026, 9, 7), decided_on=D(2026, 9, 7), onsite_completed=True))
    reported = {"region": "恩施市", "period": "2026-09", "items_total": 0, "items_in_centre": 0,
                "cases_handled": 1, "cases_onsite_completed": 1}
    checks = {c["figure"]: c for c in monthly_check_records(reported, None, builder.tallies[("恩施市", 2026, 9)])}
    handled = checks["cases_handled"]
    assert (handled["reported"], handled["recomputed"], handled["difference"]) == (1, 2, -1)
    assert handled["related_ids"] == ["A"] and "A" in handled["explanation_zh"]
    assert checks["cases_onsite_completed"]["difference"] == 0
