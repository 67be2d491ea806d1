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


# -- hostile files: giant CSV cells, .xlsx sheets declaring a huge dimension ----------------

GIANT = "长" * 200_000  # over the csv module's 131,072-character field limit (which is not raised)


def test_giant_csv_cell_is_an_error_and_the_other_rows_are_read(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    giant_row = GOOD_CASE.replace("C1,", "C2,").replace(",0,true,", f',0,true,"{GIANT}"')
    path.write_text("\n".join([CASE_HEADER, GOOD_CASE, giant_row, GOOD_CASE.replace("C1,", "C3,"), ""]),
                    encoding="utf-8")
    rows, log = read(path)
    assert [(line, r["case_id"]) for line, r in rows] == [(2, "C1"), (4, "C3")]
    [error] = log.errors
    assert error.path.endswith("cases.csv") and error.line == 3 and error.value is None
    assert "第 3 行" in error.message and "131,072" in error.message
    assert error.message_en and "line 3" in error.message_en and "field limit" in error.message_en


def test_giant_csv_cell_over_several_lines_names_them(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("region,item_id,name,category,lead_departments,in_centre,exemption_approved_by,exemption_ref\n"
                    "来凤县,A-1,甲,approval,甲局,是,,\n"
                    f'来凤县,A-2,"乙\n{GIANT}",approval,甲局,是,,\n'  # the limit is hit on line 4
                    "来凤县,A-3,丙,approval,甲局,是,,\n"
                    f'来凤县,A-4,"{GIANT}",approval,甲局,是,,\n'
                    "来凤县,A-5,丁,approval,甲局,否,县政府,来政〔2026〕1号\n", encoding="utf-8")
    rows, log = read(path, "item")
    assert [(line, r["item_id"]) for line, r in rows] == [(2, "A-1"), (5, "A-3"), (7, "A-5")]
    assert [(e.line, e.message_en.split(" cannot")[0]) for e in log.errors if e.message_en] == [
        (3, "lines 3–4"), (6, "line 6")]


def test_giant_csv_header_cell(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(f'"{GIANT}",{CASE_HEADER}\n{GOOD_CASE}\n', encoding="gb18030")
    rows, log = read(path)
    assert rows == [] and [e.line for e in log.errors] == [1]
    assert "表头" in log.errors[0].message and "header" in (log.errors[0].message_en or "")


def test_giant_csv_cell_does_not_stop_the_centre_command(tmp_path: Path) -> None:
    import shutil

    from efficiency_rules.centre.command import run_centre
    from efficiency_rules.engine import load_pack

    folder = tmp_path / "centre"
    shutil.copytree(FIXTURES / "chinese_gb18030", folder)
    with (folder / "items.csv").open("ab") as fh:
        fh.write(f'鶴峰縣,HF-009,"{GIANT}",行政審批,甲局,是\r\n'.encode("gb18030"))
    result = run_centre(folder, as_of=date(2026, 10, 31), pack=load_pack())
    assert [(e.line, e.path.endswith("items.csv")) for e in result.errors] == [(4, True)]
    assert result.findings  # the other tables (and items.csv's first rows) were still checked


def _hostile_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [header, *rows]:
        ws.append(row)
    ws.cell(row=1_048_576, column=16_384, value="x")  # the sheet's dimension becomes A1:XFD1048576
    wb.save(path)
    return path


def test_xlsx_with_a_cell_at_xfd1048576_reads_only_its_data(tmp_path: Path) -> None:
    import time

    header = CASE_HEADER.split(",")
    good = GOOD_CASE.split(",")
    path = _hostile_xlsx(tmp_path / "cases.xlsx", header, [good, [], [], [*good[:1], "", *good[2:]],
                                                           [c.replace("C1", "C5") for c in good]])
    assert path.stat().st_size < 20_000
    start = time.perf_counter()
    rows, log = read(path)
    assert time.perf_counter() - start < 5  # was: killed at 60 s and 414 MB
    assert [(line, r["case_id"]) for line, r in rows] == [(2, "C1"), (6, "C5")]  # blank rows 3-4 skipped
    assert [(e.line, e.field) for e in log.errors] == [(5, "region")]


def test_xlsx_header_wider_than_the_cap_is_refused(tmp_path: Path) -> None:
    import openpyxl

    from efficiency_rules.centre import tables

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(CASE_HEADER.split(","))
    ws.cell(row=1, column=tables.MAX_XLSX_COLUMNS + 1, value="备注")
    ws.append(GOOD_CASE.split(","))
    path = tmp_path / "cases.xlsx"
    wb.save(path)
    rows, log = read(path)
    assert rows == [] and [e.line for e in log.errors] == [1]
    assert f"{tables.MAX_XLSX_COLUMNS + 1}" in log.errors[0].message
    assert "header" in (log.errors[0].message_en or "")

    header = CASE_HEADER.split(",")  # a header cell at XFD1 (and the XFD1048576 dimension): refused fast
    path = _hostile_xlsx(tmp_path / "wide.xlsx", [*header, *[""] * (16_384 - len(header) - 1), "备注"], [])
    rows, log = read(path)
    assert rows == [] and "16,384" in (log.errors[0].message_en or "")
