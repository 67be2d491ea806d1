"""The spreadsheet offices pass around: a summary row per unit and every finding, one per row.

Written with openpyxl's write-only workbook, row by row from the store's cursors. Text that
starts with `=` (or `+ - @`) is kept as text, never as a formula: a document title is input, and
a spreadsheet that runs it would be the xlsx form of a script injection.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..findings import SEVERITIES
from ..store import Store, history
from .content import Context
from .labels import APPROVERS, CHANGE_NAMES, SEVERITY_NAMES, UNIT_TYPES, label, named

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F0EEE8")
_FORMULA_START = ("=", "+", "-", "@")


def write_xlsx(path: Path, store: Store, ctx: Context) -> None:
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook.create_sheet("单位汇总" if ctx.lang == "zh" else "Units"), store, ctx)
    _findings_sheet(workbook.create_sheet("问题明细" if ctx.lang == "zh" else "Findings"),
                    store, ctx)
    _errors_sheet(workbook.create_sheet("无法读取的文件" if ctx.lang == "zh" else "Errors"),
                  store, ctx)
    workbook.save(path)


def _cell(sheet: WriteOnlyWorksheet, value: Any, *, header: bool = False) -> Any:
    """A plain value where that is safe (much faster to write), a typed cell where not."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(_FORMULA_START) or header:
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, not a formula
            if header:
                cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
            return cell
    return value


def _append(sheet: WriteOnlyWorksheet, values: Iterable[Any], *, header: bool = False) -> None:
    sheet.append([_cell(sheet, v, header=header) for v in values])


def _widths(sheet: WriteOnlyWorksheet, widths: Iterable[int]) -> None:
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "A2"


def _summary_sheet(sheet: WriteOnlyWorksheet, store: Store, ctx: Context) -> None:
    lang = ctx.lang
    sev = SEVERITY_NAMES[lang]
    _widths(sheet, (24, 8, 8, 8, 8, 8, 8, 36, 20))
    _append(sheet, [label(lang, "unit"), label(lang, "unit_type"), *(sev[s] for s in SEVERITIES),
                    label(lang, "waived"), label(lang, "new"), label(lang, "norms"),
                    label(lang, "escalations")], header=True)
    for unit in history.unit_summaries(store.conn, ctx.period):
        _append(sheet, [unit.unit, named(UNIT_TYPES, lang, unit.unit_type),
                        *(unit.open.get(s, 0) for s in SEVERITIES), unit.waived, unit.new,
                        "、".join(unit.norms), "、".join(ctx.escalated(unit.unit))])


def _findings_sheet(sheet: WriteOnlyWorksheet, store: Store, ctx: Context) -> None:
    lang = ctx.lang
    _widths(sheet, (22, 8, 9, 7, 8, 7, 8, 30, 30, 48, 30, 30))
    _append(sheet, [label(lang, k) for k in ("unit", "unit_type", "norm", "severity", "status",
                                             "change")]
            + ["对象类型" if lang == "zh" else "Subject type", label(lang, "subject"),
               label(lang, "path"), label(lang, "problem"), label(lang, "values"),
               label(lang, "approved_by")], header=True)
    status_names = {"open": "未豁免", "waived": "已豁免"} if lang == "zh" else {}
    for row in history.iter_findings(store.conn, ctx.period):
        waiver = row.waiver or {}
        approval = " ".join(str(x) for x in (named(APPROVERS, lang, waiver.get("by")),
                                             waiver.get("ref"), waiver.get("date")) if x)
        _append(sheet, [row.unit, named(UNIT_TYPES, lang, row.unit_type), row.norm,
                        named(SEVERITY_NAMES, lang, row.severity),
                        status_names.get(row.status, row.status),
                        named(CHANGE_NAMES, lang, row.change), row.subject_type, row.subject_id,
                        row.subject_path, row.message(lang),
                        json.dumps(row.values, ensure_ascii=False) if row.values else "",
                        approval])


def _errors_sheet(sheet: WriteOnlyWorksheet, store: Store, ctx: Context) -> None:
    lang = ctx.lang
    _widths(sheet, (40, 16, 6, 60))
    _append(sheet, [label(lang, k) for k in ("path", "field", "line", "message")], header=True)
    for err in history.iter_errors(store.conn, ctx.period):
        _append(sheet, [err.path, err.field, err.line, err.text(lang)])
