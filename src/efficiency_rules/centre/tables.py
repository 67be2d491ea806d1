"""Streaming readers for the centre tables: CSV (UTF-8 with or without BOM, or GB18030; CRLF or
LF) and .xlsx with the same headers.

Columns are found by header name (or a documented Chinese alias, `x-aliases` in the schema) in
any order. A missing required column is one error for the file; an unknown column is ignored
with a note. A cell that cannot be converted is an `InputError` naming the file, line, column
and value, and the row is skipped; every other row is still read (DESIGN.md: an unreadable
input is an errors entry, never a crash).

Hostile files: a CSV row the csv module refuses (a cell over its 131,072-character limit, which
is not raised) is an error naming its lines, and reading goes on with the next line. An .xlsx
is read only as wide as its header (at most `MAX_XLSX_COLUMNS`) and at most Excel's 1,048,576
rows, whatever dimension the sheet declares; the empty rows openpyxl pads in are skipped.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from operator import call, itemgetter
from pathlib import Path
from typing import Any

from ..findings import InputError
from .columns import CellError, Column, TableSpec, fold, parse_list

MAX_XLSX_UNCOMPRESSED = 1 << 30  # 1 GiB of XML: far beyond any real centre's table
MAX_XLSX_RATIO = 200  # a compression ratio past this is a zip bomb, not a spreadsheet
MAX_XLSX_ENTRIES = 10_000
MAX_XLSX_COLUMNS = 256  # a centre table has a few dozen columns; a wider header is refused
MAX_XLSX_ROWS = 1_048_576  # Excel's own limit (rows past it are never read)
_EXCEL_COLUMNS = 16_384  # Excel's own limit: how far the header row is looked at
_SNIFF_BYTES = 1 << 16


@dataclass
class TableLog:
    """Where a reader reports what it could not use (shared by all tables of a run)."""

    errors: list[InputError]
    notes: list[str]

    def error(self, path: Path, zh: str, en: str, **kw: Any) -> None:
        self.errors.append(InputError(str(path), zh, message_en=en, **kw))


# -- raw rows ------------------------------------------------------------------------------


def csv_encoding(path: Path) -> str:
    """UTF-8 (BOM optional) unless the start of the file is not UTF-8; then GB18030."""
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


class _Lines:
    """The line counter of a row source (csv.reader has its own `line_num`)."""

    line_num = 0


class _CsvSource:
    """The csv reader itself is the row iterator (no generator frame between it and the hot
    loop); the caller closes the file through `close`."""

    def __init__(self, path: Path) -> None:
        self.file = path.open("r", encoding=csv_encoding(path), newline="")
        self.reader = csv.reader(self.file)

    @property
    def line_num(self) -> int:
        return self.reader.line_num

    def close(self) -> None:
        self.file.close()


def _csv_rows(path: Path) -> tuple[Iterator[list[str]], Any]:
    source = _CsvSource(path)
    return source.reader, source


def _check_xlsx(path: Path) -> None:
    """Refuse zip bombs before openpyxl inflates anything."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise CellError("不是有效的 .xlsx 文件", "not a valid .xlsx file") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if len(infos) > MAX_XLSX_ENTRIES or total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise CellError(
            f".xlsx 解压后过大({total:,} 字节,压缩比 {total // packed}),已拒绝",
            f".xlsx too large when unpacked ({total:,} bytes, ratio {total // packed}); refused",
        )


def _xlsx_text(value: Any) -> str:
    """A cell as the text a CSV export would hold, so .xlsx and .csv convert identically."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> tuple[Iterator[list[str]], Any]:
    import openpyxl

    _check_xlsx(path)
    counter = _Lines()

    def rows() -> Iterator[list[str]]:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            # Never iterate to the sheet's declared dimension: openpyxl pads every row to it, and
            # a few-KB file can declare A1:XFD1048576 (16,384 cells × 1,048,576 rows).
            sheet = wb.worksheets[0]
            header = next(sheet.iter_rows(min_row=1, max_row=1, max_col=_EXCEL_COLUMNS, values_only=True), ())
            width = _header_width(header)
            counter.line_num = 1
            if width > MAX_XLSX_COLUMNS:
                raise CellError(f"表头有 {width:,} 列,超过上限 {MAX_XLSX_COLUMNS} 列,已拒绝",
                                f"the header is {width:,} columns wide, more than {MAX_XLSX_COLUMNS}; refused")
            yield [_xlsx_text(v) for v in header[:width]]
            if not width:
                return
            blank = (None,) * width  # a padded (absent) or empty row: skipped with one C compare
            body = sheet.iter_rows(min_row=2, max_row=MAX_XLSX_ROWS, max_col=width, values_only=True)
            for line, values in enumerate(body, 2):
                if values != blank:
                    counter.line_num = line
                    yield [_xlsx_text(v) for v in values]
        finally:
            wb.close()

    return rows(), counter


def _header_width(header: tuple[Any, ...]) -> int:
    """Up to and including the last non-blank header cell."""
    width = len(header)
    while width and not _xlsx_text(header[width - 1]).strip():
        width -= 1
    return width


def raw_rows(path: Path) -> tuple[Iterator[list[str]], Any]:
    """The cells of each row of a table file (the first is the header), and an object whose
    `line_num` is the line (or spreadsheet row) of the row last read."""
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path)
    return _csv_rows(path)


# -- typed rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RowPlan:
    """How to turn a raw row into a record: which cell feeds which column, compiled once."""

    names: tuple[str, ...]
    indexes: tuple[int, ...]
    cells: tuple[Callable[[str], Any], ...]
    checks: tuple[Callable[[str], Any], ...]  # the slow path's per-cell validators
    texts: Callable[[list[Any]], tuple[Any, ...]]  # the required text values of a converted row
    headers: tuple[str, ...]  # the header as written, for error messages
    defaults: dict[str, Any]  # optional columns absent from the file
    width: int


MAX_CACHED_CELLS = 20_000


class CellTable(dict[str, Any]):
    """A column's converter as a dict from raw cell text to value. Dates, counts, booleans and
    enum words repeat across rows, so after the first occurrence a cell converts with one
    C-level dict lookup and no Python call; the cache is bounded, so a hostile file cannot
    grow it."""

    def __init__(self, column: Column) -> None:
        super().__init__()
        self.convert, self.empty, self.empty_ok = column.convert, column.empty, column.empty_ok

    def __missing__(self, text: str) -> Any:
        stripped = text.strip()
        if stripped:
            value = self.convert(stripped)
        elif self.empty_ok:
            value = self.empty
        else:
            raise CellError("不能为空", "must not be empty")
        if len(self) < MAX_CACHED_CELLS:
            self[text] = value
        return value


def _required_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise CellError("不能为空", "must not be empty")
    return text


def _cell_function(col: Column) -> Callable[[str], Any]:
    """The fastest converter that is still exact: text columns are only stripped (ids are
    unique, so caching them would not pay); repeated values go through a CellTable."""
    if col.convert is str:
        return str.strip  # a required one is checked for emptiness per row (RowPlan.texts)
    if col.convert is parse_list:
        return _list_cell(col)
    return CellTable(col).__getitem__


def _list_cell(col: Column) -> Callable[[str], Any]:
    def cell(text: str) -> Any:  # lists are mutable: never shared between rows through a cache
        text = text.strip()
        return col.convert(text) if text else []
    return cell


def plan_for(header: list[str], spec: TableSpec, path: Path, log: TableLog) -> RowPlan | None:
    """Match the header against the spec; None (with one error) when the file cannot be used."""
    found: dict[str, int] = {}
    written: dict[str, str] = {}
    unknown: list[str] = []
    for i, text in enumerate(header):
        if not text.strip():
            continue
        name = spec.headers.get(fold(text))
        if name is None:
            unknown.append(text.strip())
        elif name in found:
            log.error(path, f"列「{written[name]}」与「{text.strip()}」都对应字段 {name},无法确定使用哪一列",
                      f"columns {written[name]!r} and {text.strip()!r} both mean {name}", field=name, line=1)
            return None
        else:
            found[name], written[name] = i, text.strip()
    missing = [c.name for c in spec.columns if c.required and c.name not in found]
    if missing:
        log.error(path, f"缺少必需的列:{'、'.join(missing)}(可用中文别名,见 schemas/)",
                  f"missing required columns: {', '.join(missing)}", field=", ".join(missing), line=1)
        return None
    if unknown:
        log.notes.append(f"{path}: ignored unknown columns 已忽略未识别的列: {', '.join(unknown)}")
    cols = [c for c in spec.columns if c.name in found]
    cells = tuple(_cell_function(c) for c in cols)
    required_text = [k for k, c in enumerate(cols) if c.convert is str and not c.empty_ok]
    return RowPlan(
        names=tuple(c.name for c in cols),
        indexes=tuple(found[c.name] for c in cols),
        cells=cells,
        checks=tuple(_required_text if k in required_text else cell for k, cell in enumerate(cells)),
        texts=itemgetter(*required_text, *required_text[:1]) if required_text else lambda values: (),
        headers=tuple(written[c.name] for c in cols),
        defaults={c.name: c.empty for c in spec.columns if c.name not in found},
        width=len(header),
    )


def read_records(path: Path, spec: TableSpec, log: TableLog) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, record) for each good row of a table; bad rows and files go to `log`."""
    try:
        rows, lines = raw_rows(path)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a corrupt file
        _unreadable(path, exc, log)
        return
    try:
        yield from _records(rows, lines, path, spec, log)
    finally:
        close = getattr(lines, "close", None)
        if close is not None:
            close()


def _records(rows: Iterator[list[str]], lines: Any, path: Path, spec: TableSpec,
             log: TableLog) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        first = next(rows, None)
    except csv.Error as exc:
        _bad_csv_row(path, exc, 1, lines.line_num, log, header=True)
        return
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a corrupt file
        _unreadable(path, exc, log, line=1)
        return
    if first is None or not any(cell.strip() for cell in first):
        log.error(path, "文件为空(没有表头)", "empty file (no header row)")
        return
    plan = plan_for(first, spec, path, log)
    if plan is None:
        return
    try:
        yield from _typed_rows(rows, getattr(lines, "reader", lines), plan, path, log)
    except UnicodeDecodeError as exc:
        log.error(path, f"文件编码无法识别(既不是 UTF-8 也不是 GB18030):{exc.reason}",
                  f"text is neither UTF-8 nor GB18030: {exc.reason}")
    except Exception as exc:  # noqa: BLE001 - a workbook corrupt past its header: openpyxl raises many types
        _unreadable(path, exc, log)


def _typed_rows(rows: Iterable[list[str]], lines: Any, plan: RowPlan, path: Path,
                log: TableLog) -> Iterator[tuple[int, dict[str, Any]]]:
    names, defaults, width, texts = plan.names, plan.defaults, plan.width, plan.texts
    cells, pick = plan.cells, itemgetter(*plan.indexes, *plan.indexes[:1])  # a tuple even for one column
    line = lines.line_num
    while True:
        try:  # costs nothing per row (zero-cost exception tables)
            for row in rows:
                line = lines.line_num
                if len(row) < width:
                    if not any(c.strip() for c in row):
                        continue  # blank line
                    row = row + [""] * (width - len(row))
                try:
                    values = list(map(call, cells, pick(row)))  # the per-cell loop in C
                except CellError:
                    _report_cells(row, plan, path, line, log)
                    continue
                if "" in texts(values):
                    _report_cells(row, plan, path, line, log)
                    continue
                record = dict(zip(names, values))
                if defaults:
                    record.update(defaults)
                yield line, record
            return
        except csv.Error as exc:
            # The csv reader drops the rest of the physical line it failed on and starts afresh
            # with the next one; stop only if it read nothing (it would fail forever).
            if lines.line_num <= line:
                _bad_csv_row(path, exc, line + 1, line + 1, log, header=False, stopped=True)
                return
            _bad_csv_row(path, exc, line + 1, lines.line_num, log, header=False)
            line = lines.line_num


def _report_cells(row: list[str], plan: RowPlan, path: Path, line: int, log: TableLog) -> None:
    """The slow path, only for a bad row: one error per bad cell."""
    for i, cell, header in zip(plan.indexes, plan.checks, plan.headers):
        try:
            cell(row[i])
        except CellError as exc:
            raw = row[i].strip()
            log.error(path, f"第 {line} 行「{header}」的值「{raw}」{exc.zh}",
                      f"line {line}, column {header!r}: {raw!r} {exc.en}",
                      field=header, line=line, value=raw)


def _bad_csv_row(path: Path, exc: csv.Error, start: int, end: int, log: TableLog, *, header: bool,
                 stopped: bool = False) -> None:
    """A row the csv module refuses: one error naming its lines (the row may span several)."""
    zh_at, en_at = (f"第 {start} 行", f"line {start}") if end <= start else (f"第 {start}–{end} 行", f"lines {start}–{end}")
    limit = csv.field_size_limit()
    reason = f"单元格超过 {limit:,} 个字符" if "field limit" in str(exc) else f"CSV 格式错误({exc})"
    if header:
        outcome_zh, outcome_en = "表头无法读取,整个文件未使用", "the header cannot be read, so the file is not used"
    elif stopped:
        outcome_zh, outcome_en = "其后的行未读取", "the rest of the file is not read"
    else:
        outcome_zh, outcome_en = "已跳过该行", "the row is skipped"
    log.error(path, f"{zh_at}无法按 CSV 读取:{reason};{outcome_zh}",
              f"{en_at} cannot be read as CSV ({exc}); {outcome_en}", line=start)


def _unreadable(path: Path, exc: Exception, log: TableLog, line: int | None = None) -> None:
    if isinstance(exc, CellError):
        log.error(path, exc.zh, exc.en, line=line)
    else:
        log.error(path, f"无法读取文件:{exc}", f"cannot read the file: {exc}")
