"""`efficiency-rules centre DIR`: read a centre folder, build the records, evaluate the rules.

The folder holds items, cases and monthly tables (and optionally complaints), each as .csv or
.xlsx. Cases are streamed: each is built, evaluated and tallied, then dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ..findings import Finding, InputError, RunResult, Subject
from .calendar import CalendarFileError, CalendarYearError, WorkCalendar, build_calendar
from .columns import CellError, table_spec
from .records import (
    CaseBuilder,
    MonthTally,
    RegionItems,
    complaint_record,
    item_record,
    monthly_check_records,
    region_month_records,
    region_records,
)
from .tables import TableLog, read_records

REQUIRED_TABLES = ("items", "cases", "monthly")
OPTIONAL_TABLES = ("complaints",)
SUFFIXES = (".csv", ".xlsx")


class Pack(Protocol):
    """What run_centre needs of a rule pack (efficiency_rules.engine.Pack)."""

    def evaluate(self, subject_type: str, record: Mapping[str, Any], subject: Subject,
                 errors: list[InputError] | None = None) -> list[Finding]: ...


# The subject is only needed when a rule fires, which is rare; building one per row would cost
# more than the rest of the row's handling, so findings get their real subject afterwards.
_UNSET = Subject(type="", id="")


def evaluate(pack: Pack, subject_type: str, record: Mapping[str, Any], subject_id: str,
             path: Path | None, line: int | None = None,
             errors: list[InputError] | None = None) -> list[Finding]:
    """Every rule for `subject_type` on one record; a rule that fails to evaluate becomes an
    errors entry naming the file and line (the engine reports it, never raises)."""
    rule_errors: list[InputError] = []
    found = pack.evaluate(subject_type, record, _UNSET, rule_errors)
    if not found and not rule_errors:
        return found
    return finish(subject_type, record, subject_id, path, line, found, rule_errors, errors)


def finish(subject_type: str, record: Mapping[str, Any], subject_id: str, path: Path | None,
           line: int | None, found: list[Finding], rule_errors: list[InputError],
           errors: list[InputError] | None) -> list[Finding]:
    """Give findings their subject and line, and rule failures their file and line."""
    if rule_errors and errors is not None:
        where = f"{path}:{line}" if line else str(path)
        errors.extend(replace(e, path=str(path), line=line, message=f"{where}: {e.message}") for e in rule_errors)
        rule_errors.clear()
    if not found:
        return found
    subject = Subject(subject_type, subject_id, str(path) if path else None, record.get("region"))
    location = {"line": line} if line else None
    return [replace(f, subject=subject, location=location or f.location) for f in found]


def find_table(folder: Path, stem: str, log: TableLog) -> Path | None:
    found = [folder / f"{stem}{suffix}" for suffix in SUFFIXES if (folder / f"{stem}{suffix}").is_file()]
    if len(found) > 1:
        log.notes.append(f"{folder}: both {found[0].name} and {found[1].name}; using {found[0].name}")
    return found[0] if found else None


def run_centre(folder: Path, *, as_of: date, pack: Pack, calendar_file: Path | None = None) -> RunResult:
    result = RunResult()
    log = TableLog(result.errors, result.notes)
    try:
        calendar = build_calendar(calendar_file)
    except CalendarFileError as exc:
        log.error(calendar_file or folder, f"日历文件无法使用:{exc}", f"calendar file unusable: {exc}")
        return result
    result.notes.append(f"working-day calendar 工作日历: {calendar.version}")
    paths = {stem: find_table(folder, stem, log) for stem in REQUIRED_TABLES + OPTIONAL_TABLES}
    for stem in REQUIRED_TABLES:
        if paths[stem] is None:
            log.error(folder / f"{stem}.csv", f"缺少 {stem}.csv(或 {stem}.xlsx)", f"{stem}.csv (or .xlsx) not found")
    Run(result, log, pack, calendar, as_of, paths).run()
    return result


class Run:
    """One pass over a centre folder: items, then cases (streamed), complaints, aggregates."""

    def __init__(self, result: RunResult, log: TableLog, pack: Pack, calendar: WorkCalendar,
                 as_of: date, paths: Mapping[str, Path | None]) -> None:
        self.result, self.log, self.pack, self.as_of, self.paths = result, log, pack, as_of, paths
        self.regions: dict[str, RegionItems] = {}
        self.deemed: dict[tuple[str, str], bool] = {}
        self.cases = CaseBuilder(calendar, as_of, self.deemed)

    def run(self) -> None:
        self._items()
        self._cases()
        self._complaints()
        self._aggregates()

    def _emit(self, subject_type: str, record: Mapping[str, Any], subject_id: str,
              path: Path | None, line: int | None = None) -> None:
        self.result.subjects += 1
        found = evaluate(self.pack, subject_type, record, subject_id, path, line, self.result.errors)
        if found:
            self.result.findings.extend(found)

    def _rows(self, stem: str, schema: str) -> Iterator[tuple[int, dict[str, Any]]]:
        path = self.paths.get(stem)
        if path is not None:
            yield from read_records(path, table_spec(schema), self.log)

    def _items(self) -> None:
        path = self.paths["items"]
        for line, row in self._rows("items", "item"):
            key = (row["region"], row["item_id"])
            if key in self.deemed:
                self._row_error(path, line, "item_id", row["item_id"],
                                f"事项 {row['item_id']} 在 {row['region']} 的目录中重复", "duplicate item in the region's catalogue")
                continue
            item = item_record(row, self.as_of)
            self.deemed[key] = item["deemed_approval"]
            self.regions.setdefault(item["region"], RegionItems()).add(item)
            self._emit("item", item, f"{item['region']}/{item['item_id']}", path, line)

    def _cases(self) -> None:
        """The hot loop (1,000,000 rows in bench/bench_centre.py): one frame per row at most
        beyond the reader, the builder and the engine."""
        path = self.paths["cases"]
        build, as_of, deemed = self.cases.build, self.as_of, self.deemed
        pack_evaluate, findings, errors = self.pack.evaluate, self.result.findings, self.result.errors
        rule_errors: list[InputError] = []
        check_items = bool(deemed)  # with no usable catalogue, its own error says so once
        future = judged = 0
        for line, row in self._rows("cases", "case"):
            if row["received_on"] > as_of:
                future += 1  # not yet received as of the date the run judges
                continue
            flag = deemed.get((row["region"], row["item_id"]))
            if flag is None and check_items:
                self._row_error(path, line, "item_id", row["item_id"],
                                f"事项 {row['item_id']} 不在 {row['region']} 的事项目录(items)中",
                                "item not in the region's catalogue (items)")
            try:
                case = build(row, flag is True)
            except CellError as exc:
                self._row_error(path, line, "decided_on", str(row.get("decided_on") or ""), exc.zh, exc.en)
                continue
            except CalendarYearError as exc:
                self._row_error(path, line, "due_on", str(exc.year), exc.message_zh, str(exc))
                continue
            judged += 1
            found = pack_evaluate("case", case, _UNSET, rule_errors)
            if found or rule_errors:
                findings.extend(finish("case", case, case["case_id"], path, line, found, rule_errors, errors))
        self.result.subjects += judged
        if future:
            self.result.notes.append(f"{path}: {future} cases received after {as_of} not judged 受理日期晚于判定日期的办件未判定")

    def _complaints(self) -> None:
        path = self.paths.get("complaints")
        for line, row in self._rows("complaints", "complaint"):
            record = complaint_record(row, self.as_of)
            self._emit("complaint", record, record["complaint_id"], path, line)

    def _aggregates(self) -> None:
        items_path, cases_path, monthly_path = self.paths["items"], self.paths["cases"], self.paths["monthly"]
        for record in region_records(self.regions, self.as_of):
            self._emit("region", record, record["region"], items_path)
            self._metric("CTR-1", "min_share", record["region"], None, record["approval_items_in_centre"],
                         record["approval_items"])
        for record in region_month_records(self.cases.tallies):
            self._emit("region_month", record, f"{record['region']} {record['period']}", cases_path)
            self._metric("CTR-3", "min_onsite_share", record["region"], record["period"], record["cases_onsite_completed"],
                         record["cases_decided"])
        seen: set[tuple[str, str]] = set()
        for line, row in self._rows("monthly", "monthly"):
            key = (row["region"], row["period"])
            if key in seen:
                self._row_error(monthly_path, line, "period", row["period"],
                                f"{row['region']} {row['period']} 重复填报", "region and period reported twice")
                continue
            seen.add(key)
            year, month = int(row["period"][:4]), int(row["period"][5:])
            tally: MonthTally | None = self.cases.tallies.get((row["region"], year, month))
            for record in monthly_check_records(row, self.regions.get(row["region"]), tally):
                self._emit("monthly_check", record, f"{row['region']} {row['period']} {record['figure']}",
                           monthly_path, line)

    def _metric(self, norm: str, param: str, region: str, period: str | None, numerator: int,
                denominator: int) -> None:
        """Every recomputed ratio, pass or fail, for the scan's charts and trend (issue 6)."""
        params_of = getattr(self.pack, "params_of", None)
        threshold = (params_of(norm) if params_of else {}).get(param)
        if not denominator or threshold is None:
            return
        self.result.details.setdefault("metrics", []).append({
            "metric": norm, "region": region, "period": period, "numerator": numerator,
            "denominator": denominator, "threshold": str(threshold)})

    def _row_error(self, path: Path | None, line: int, column: str, value: str, zh: str, en: str) -> None:
        self.result.errors.append(InputError(str(path), f"第 {line} 行:{zh}", field=column, line=line,
                                             value=value, message_en=f"line {line}: {en}"))
