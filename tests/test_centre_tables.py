"""Reading the centre tables: encodings, aliases, booleans, dates, and every bad input of issue 4."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from efficiency_rules.centre.columns import (
    CellError,
    parse_bool,
    parse_count,
    parse_date,
    parse_period,
    table_spec,
)
from efficiency_rules.centre.tables import TableLog, read_records

FIXTURES = Path(__file__).parent / "fixtures" / "centre"
CASE_HEADER = ("case_id,region,item_id,received_on,decided_on,decision,statutory_limit_days,committed_limit_days,"
               "extension_days,extension_approved_by,extension_notified_on,missing_material_notices,"
               "onsite_completed,told_completion_on")
GOOD_CASE = "C1,来凤县,LF-001,2026-10-12,2026-10-12,approved,20,5,0,,,0,true,"


def read(path: Path, schema: str = "case") -> tuple[list[tuple[int, dict]], TableLog]:  # type: ignore[type-arg]
    log = TableLog([], [])
    return list(read_records(path, table_spec(schema), log)), log


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-10-09", date(2026, 10, 9)), ("2026/10/9", date(2026, 10, 9)), ("2026年10月9日", date(2026, 10, 9)),
     ("2026.10.9", date(2026, 10, 9)), ("2026-10-09 00:00:00", date(2026, 10, 9))],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("parse", "text"),
    [(parse_date, "2026-10-32"), (parse_date, "10/9/2026"), (parse_date, "明天"), (parse_count, "-1"),
     (parse_count, "2.5"), (parse_count, "三"), (parse_bool, "ture"), (parse_bool, "yes please"),
     (parse_period, "2026-13")],
)
def test_bad_cells(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CellError):
        parse(text)


@pytest.mark.parametrize(("text", "expected"), [("是", True), ("否", False), ("TRUE", True), ("0", False), ("1", True)])
def test_booleans(text: str, expected: bool) -> None:
    assert parse_bool(text) is expected


@pytest.mark.parametrize(("text", "expected"), [("2026-10", "2026-10"), ("2026/9", "2026-09"), ("2026年9月", "2026-09")])
def test_periods(text: str, expected: str) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8", "\n"), ("utf-8-sig", "\r\n"), ("gb18030", "\r\n"), ("gb18030", "\n")],
)
def test_encodings_and_line_ends(tmp_path: Path, encoding: str, newline: str) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(newline.join([CASE_HEADER, GOOD_CASE, ""]).encode(encoding))
    rows, log = read(path)
    assert not log.errors
    assert [r["region"] for _, r in rows] == ["来凤县"]
    assert rows[0][1]["received_on"] == date(2026, 10, 12)


def test_gb18030_file_with_traditional_chinese_headers_in_any_order() -> None:
    rows, log = read(FIXTURES / "chinese_gb18030" / "items.csv", "item")
    assert not log.errors
    assert [r["item_id"] for _, r in rows] == ["HF-001", "HF-002"]
    assert rows[1][1]["in_centre"] is False and rows[1][1]["category"] == "approval"
    assert any("備注" in note for note in log.notes)  # unknown column: ignored with a note


def test_columns_in_any_order_and_optional_columns_default(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("in_centre,exemption_ref,exemption_approved_by,lead_departments,category,name,item_id,region\n"
                    "否,,,甲局;乙局,收费,占道费,X-1,来凤县\n", encoding="utf-8")
    rows, log = read(path, "item")
    assert not log.errors
    row = rows[0][1]
    assert row["category"] == "fee" and row["lead_departments"] == ["甲局", "乙局"]
    assert row["domain"] == "other" and row["deemed_approval"] is False


def test_missing_required_columns_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("case_id,region\nC1,来凤县\n", encoding="utf-8")
    rows, log = read(path)
    assert rows == [] and len(log.errors) == 1
    assert "received_on" in log.errors[0].message and log.errors[0].message_en.startswith("missing required")


def test_bad_values_are_errors_and_other_rows_are_still_read() -> None:
    rows, log = read(FIXTURES / "bad_values" / "cases.csv")
    assert [r["case_id"] for _, r in rows] == ["LF-1", "LF-5"]
    got = {(e.line, e.field, e.value) for e in log.errors}
    assert got == {(3, "received_on", "2026-10-32"), (4, "missing_material_notices", "-1"),
                   (5, "onsite_completed", "yes please")}
    assert all(e.path.endswith("cases.csv") and e.message_en for e in log.errors)


def test_misspelt_boolean_in_items() -> None:
    rows, log = read(FIXTURES / "bad_values" / "items.csv", "item")
    assert len(rows) == 1
    [error] = log.errors
    assert (error.line, error.field, error.value) == (3, "in_centre", "ture")


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(content)
    rows, log = read(path)
    assert rows == [] and len(log.errors) == 1 and "empty" in (log.errors[0].message_en or "")


def test_header_only(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(CASE_HEADER + "\n", encoding="utf-8")
    rows, log = read(path)
    assert rows == [] and not log.errors


def test_empty_required_cell(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(CASE_HEADER + "\n" + GOOD_CASE.replace("2026-10-12,2026-10-12", ",2026-10-12") + "\n",
                    encoding="utf-8")
    rows, log = read(path)
    assert rows == [] and log.errors[0].field == "received_on"


def test_not_utf8_nor_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes((CASE_HEADER + "\n").encode() + b"\x81\x20\xff\xfe\n")
    rows, log = read(path)
    assert rows == [] and len(log.errors) == 1


def test_xlsx_reads_like_csv(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["受理日期", *CASE_HEADER.split(",")[:3], *CASE_HEADER.split(",")[4:]])
    ws.append([date(2026, 10, 12), "C1", "来凤县", "LF-001", date(2026, 10, 12), "准予", 20, 5.0, 0, None, None,
               0, "是", None])
    path = tmp_path / "cases.xlsx"
    wb.save(path)
    rows, log = read(path)
    assert not log.errors
    row = rows[0][1]
    assert row["received_on"] == date(2026, 10, 12) and row["committed_limit_days"] == 5
    assert row["decision"] == "approved" and row["onsite_completed"] is True


def test_xlsx_zip_bomb_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    from efficiency_rules.centre import tables

    wb = openpyxl.Workbook()
    wb.active.append(CASE_HEADER.split(","))
    path = tmp_path / "cases.xlsx"
    wb.save(path)
    monkeypatch.setattr(tables, "MAX_XLSX_UNCOMPRESSED", 100)
    rows, log = read(path)
    assert rows == [] and "refused" in (log.errors[0].message_en or "")


def test_not_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    path.write_text("not a zip", encoding="utf-8")
    rows, log = read(path)
    assert rows == [] and len(log.errors) == 1
