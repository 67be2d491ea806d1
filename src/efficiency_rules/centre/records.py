"""From table rows to the records the CTR and CASE rules evaluate.

The conditions and thresholds of the norms live in the YAML rules; this module only derives the
fields they read (due dates on the working-day calendar, counts, aggregates), streaming: memory
grows with the catalogue, the per-region-month tallies and the findings, not with the cases.

Records (each has a schema in schemas/):

- `item` (items.csv row): + lead_department_count (CTR-6), exemption_by_same_level_government
  (CTR-2), approvals (an approved exemption waives the soft CTR-4 and CTR-5).
- `case` (cases.csv row): + due_on etc. The limit is the shorter of the statutory and the
  committed one (CASE-1), counted in working days after the day of receipt (民法典 第二百零一條,
  行政許可法 第八十二條). An extension moves the due date by its working days from the original
  due date only when CASE-2 holds: approved by a superior and told to the applicant on or before
  the original due date (the due date is still inside the limit: 屆滿 includes the day).
  A case decided after `as_of` is pending as of `as_of`.
- `complaint` (complaints.csv row): CASE-6.
- `region`: approval items of the catalogue, and of them those in the centre (CTR-1). Items kept
  out with an approved exemption stay in the denominator.
- `region_month`: cases received in the month and decided by as_of, and of them those completed
  on site (CTR-3). Pending cases are excluded; a month with no decided case has no record.
- `monthly_check`: one per figure of each monthly.csv row (CTR-7). The reported figures mean
  exactly what the rules measure, so the supervision office can trust the recomputed ones:
    items_total            approval items in the region's catalogue (category approval)
    items_in_centre        of them, in_centre true
    cases_handled          cases received in the period and decided on or before as_of
    cases_onsite_completed of them, onsite_completed true
  Totals alone cannot say which record a region miscounted, so each check lists the records
  that plausibly make the difference (at most 20 ids, plus how many more), by direction:
    cases_handled under-reported: cases received in the period but decided after it ended
      (a report filed at month end could not count them);
    cases_handled over-reported: cases received in the period still pending, and cases
      decided in the period but received earlier (counted by month of decision);
    cases_onsite_completed over-reported: cases decided on the day of receipt but not marked
      onsite_completed;
    items_in_centre over-reported: approval items outside the centre.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .calendar import WorkCalendar
from .columns import CellError, fold

MAX_RELATED_IDS = 20
SAME_LEVEL_WORDS = frozenset(fold(w) for w in ("同级人民政府", "本级人民政府", "同级政府", "本级政府",
                                                "same_level_government"))
SOFT_NORMS_WAIVED_BY_EXEMPTION = ("CTR-4", "CTR-5")


def period_of(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def period_start(period: str) -> date:
    return date(int(period[:4]), int(period[5:7]), 1)


# -- items ---------------------------------------------------------------------------------


def is_same_level_government(region: str, by: str) -> bool:
    """CTR-2: 特殊情況不進政務服務中心的,應報同級人民政府同意 — the region's own 人民政府."""
    b, r = fold(by), fold(region)
    return b in SAME_LEVEL_WORDS or b in (r + "人民政府", r + "政府")


def item_record(row: dict[str, Any], as_of: date) -> dict[str, Any]:
    row["lead_departments"] = list(dict.fromkeys(row["lead_departments"]))
    row["lead_department_count"] = len(row["lead_departments"])
    same_level = is_same_level_government(row["region"], row["exemption_approved_by"])
    row["exemption_by_same_level_government"] = same_level
    row["as_of"] = as_of
    approvals: list[dict[str, Any]] = []
    if not row["in_centre"] and same_level:
        approvals.append({"by": row["exemption_approved_by"], "ref": row["exemption_ref"] or None,
                          "date": None, "covers": list(SOFT_NORMS_WAIVED_BY_EXEMPTION)})
    row["approvals"] = approvals
    return row


@dataclass
class RegionItems:
    """CTR-1 tally of one region's catalogue, and the ids CTR-7 may cite."""

    approval: int = 0
    in_centre: int = 0
    exempted: int = 0
    outside_ids: list[str] = field(default_factory=list)

    def add(self, item: Mapping[str, Any]) -> None:
        if item["category"] != "approval":
            return
        self.approval += 1
        if item["in_centre"]:
            self.in_centre += 1
        else:
            self.outside_ids.append(item["item_id"])
            if item["exemption_approved_by"]:
                self.exempted += 1


def region_records(regions: Mapping[str, RegionItems], as_of: date) -> Iterator[dict[str, Any]]:
    for name, t in sorted(regions.items()):
        yield {"region": name, "approval_items": t.approval, "approval_items_in_centre": t.in_centre,
               "approval_items_exempted": t.exempted, "as_of": as_of}


# -- cases ---------------------------------------------------------------------------------


class RelatedIds:
    """At most MAX_RELATED_IDS ids and a count: bounded memory however many cases match."""

    __slots__ = ("count", "ids")

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.count = 0

    def add(self, case_id: str) -> None:
        self.count += 1
        if len(self.ids) < MAX_RELATED_IDS:
            self.ids.append(case_id)


class MonthTally:
    """One region's cases received in one month (CTR-3), and the ids CTR-7 may cite."""

    __slots__ = (
        "decided",
        "decided_after_month",
        "onsite",
        "pending",
        "received_earlier",
        "same_day_not_onsite",
    )

    def __init__(self) -> None:
        self.decided = 0
        self.onsite = 0
        self.decided_after_month = RelatedIds()
        self.pending = RelatedIds()
        self.received_earlier = RelatedIds()  # decided in this month, received in an earlier one
        self.same_day_not_onsite = RelatedIds()


@dataclass
class CaseBuilder:
    """Derives a case's deadline fields and feeds the monthly tallies, one row at a time."""

    calendar: WorkCalendar
    as_of: date
    deemed: Mapping[tuple[str, str], bool]  # (region, item_id) → under 超时默认 (CASE-3)
    tallies: dict[tuple[str, int, int], MonthTally] = field(default_factory=dict)

    def build(self, row: dict[str, Any], deemed: bool | None = None) -> dict[str, Any]:
        """The case record (the row, extended in place). Raises CellError for a row whose
        fields contradict each other and CalendarYearError for a year with no calendar."""
        received: date = row["received_on"]
        decided: date | None = row["decided_on"]
        _check_decision(row, received, decided)
        cal = self.calendar
        statutory, committed = row["statutory_limit_days"], row["committed_limit_days"]
        limit = statutory if committed is None or committed > statutory else committed
        original_due = cal.add_workdays(received, limit)
        notified_on = row["extension_notified_on"]
        ext = row["extension_days"]
        # CASE-2: only an approved extension told to the applicant in time moves the deadline.
        applied = (ext > 0 and row["extension_approved_by"] != "" and notified_on is not None
                   and notified_on <= original_due)
        due = cal.add_workdays(original_due, ext) if applied else original_due
        pending = decided is None or decided > self.as_of
        judged: date = self.as_of if decided is None or pending else decided
        row["pending"] = pending
        row["limit_days"] = limit
        row["original_due_on"] = original_due
        row["extension_applied"] = applied
        row["due_on"] = due
        row["deemed_approval"] = (self.deemed.get((row["region"], row["item_id"]), False)
                                  if deemed is None else deemed)  # the caller looked it up already
        row["as_of"] = self.as_of
        row["judged_on"] = judged
        row["days_late"] = self.days_late(due, judged) if judged > due else 0
        row["approvals"] = []
        self._tally(row, received, None if pending else decided)
        return row

    def days_late(self, due: date, judged: date) -> int:
        """Working days after the due date up to the judged day; at least 1 once the due date
        has passed, so a decision on the rest day right after it still counts as late."""
        return max(1, self.calendar.workdays_between(due, judged))

    def _tally(self, row: dict[str, Any], received: date, decided: date | None) -> None:
        key = (row["region"], received.year, received.month)
        tally = self.tallies.get(key)
        if tally is None:
            tally = self.tallies[key] = MonthTally()
        case_id = row["case_id"]
        if decided is None:
            tally.pending.add(case_id)
            return
        tally.decided += 1
        if row["onsite_completed"]:
            tally.onsite += 1
        elif decided == received:
            tally.same_day_not_onsite.add(case_id)
        if (decided.year, decided.month) != (received.year, received.month):
            tally.decided_after_month.add(case_id)
            later = (row["region"], decided.year, decided.month)
            if later not in self.tallies:
                self.tallies[later] = MonthTally()
            self.tallies[later].received_earlier.add(case_id)


def _check_decision(row: dict[str, Any], received: date, decided: date | None) -> None:
    decision = row["decision"]
    if decided is None and decision in ("approved", "rejected"):
        raise CellError(f"办理结果为 {decision},但办结日期为空", f"decision is {decision} but decided_on is empty")
    if decided is not None and decision == "pending":
        raise CellError("办理结果为在办(pending),但已填写办结日期", "decision is pending but decided_on is set")
    if decided is not None and decided < received:
        raise CellError(f"办结日期 {decided} 早于受理日期 {received}", f"decided_on {decided} is before received_on {received}")
    if not decision:
        if decided is not None:
            raise CellError("已填写办结日期,但办理结果为空", "decided_on is set but decision is empty")
        row["decision"] = "pending"


def region_month_records(tallies: Mapping[tuple[str, int, int], MonthTally]) -> Iterator[dict[str, Any]]:
    for (region, year, month), t in sorted(tallies.items()):
        if t.decided == 0:
            continue  # CTR-3: no finding on an empty month
        yield {"region": region, "period": f"{year:04d}-{month:02d}", "month_start": date(year, month, 1),
               "cases_decided": t.decided, "cases_onsite_completed": t.onsite}


# -- complaints ------------------------------------------------------------------------------


def complaint_record(row: dict[str, Any], as_of: date) -> dict[str, Any]:
    row["as_of"] = as_of
    return row


# -- monthly checks (CTR-7) ---------------------------------------------------------------

FIGURES_ZH = {"items_total": "审批事项总数", "items_in_centre": "进驻中心事项数",
              "cases_handled": "办件量", "cases_onsite_completed": "现场办结件数"}
REASONS_ZH = {
    "decided_after_month": "当月受理、月后办结的办件",
    "pending_or_received_earlier": "当月受理仍在办的办件,及当月办结但此前受理的办件",
    "same_day_not_onsite": "受理当日办结但未标记现场办结的办件",
    "items_outside_centre": "未进驻中心的审批事项",
}


def monthly_check_records(row: Mapping[str, Any], items: RegionItems | None,
                          tally: MonthTally | None) -> Iterator[dict[str, Any]]:
    items = items or RegionItems()
    tally = tally or MonthTally()
    recomputed = {"items_total": items.approval, "items_in_centre": items.in_centre,
                  "cases_handled": tally.decided, "cases_onsite_completed": tally.onsite}
    for figure, value in recomputed.items():
        reported = row[figure]
        reason, ids, count = _related(figure, reported - value, items, tally)
        yield {"region": row["region"], "period": row["period"], "period_start": period_start(row["period"]),
               "figure": figure, "figure_zh": FIGURES_ZH[figure], "reported": reported, "recomputed": value,
               "difference": reported - value, "related_ids": ids, "related_more": count - len(ids),
               "related_reason": reason, **_explanation(reason, ids, count)}


def _explanation(reason: str, ids: list[str], count: int) -> dict[str, str]:
    """The sentence a CTR-7 message ends with: which records may make the difference."""
    if not ids:
        return {"explanation_zh": "台账中未找到可解释差异的记录", "explanation_en": "no record in the tables explains it"}
    more_zh = f"等 {count} 条" if count > len(ids) else ""
    more_en = f" and {count - len(ids)} more" if count > len(ids) else ""
    return {"explanation_zh": f"可能造成差异的是{REASONS_ZH[reason]}:{'、'.join(ids)}{more_zh}",
            "explanation_en": f"records that may explain it ({reason.replace('_', ' ')}): {', '.join(ids)}{more_en}"}


def _related(figure: str, diff: int, items: RegionItems, tally: MonthTally) -> tuple[str, list[str], int]:
    if diff == 0:
        return "", [], 0
    if figure == "cases_handled" and diff < 0:
        return "decided_after_month", tally.decided_after_month.ids, tally.decided_after_month.count
    if figure == "cases_handled":
        ids = (tally.pending.ids + tally.received_earlier.ids)[:MAX_RELATED_IDS]
        return "pending_or_received_earlier", ids, tally.pending.count + tally.received_earlier.count
    if figure == "cases_onsite_completed" and diff > 0:
        return "same_day_not_onsite", tally.same_day_not_onsite.ids, tally.same_day_not_onsite.count
    if figure == "items_in_centre" and diff > 0 and items.outside_ids:
        return "items_outside_centre", items.outside_ids[:MAX_RELATED_IDS], len(items.outside_ids)
    return "", [], 0
