"""`count`: 字数 as Word/WPS show it, the other counts, and (--parts) the GB/T 9704 parts found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from ..findings import InputError, shown_path
from ..i18n import pad
from .lint import document_paths

PART_LABELS_EN = {
    "web_header": "web page header", "banner": "masthead", "doc_number": "document number",
    "title": "title", "addressee": "addressee", "body": "body", "attachment_note": "attachment list",
    "signature": "signature", "date_line": "date", "note": "note", "colophon": "colophon",
    "attachments": "attachments",
}


def run_count(paths: list[Path], parts: bool = False) -> tuple[list[dict[str, Any]], list[InputError]]:
    from ..documents import load_document

    rows: list[dict[str, Any]] = []
    errors: list[InputError] = []
    for item in document_paths(paths):
        if isinstance(item, InputError):
            errors.append(item)
            continue
        loaded = load_document(item)
        if isinstance(loaded, InputError):
            errors.append(loaded)
            continue
        errors.extend(loaded.errors)
        rows.append(_row(loaded, parts))
    return rows, errors


def _row(loaded: Any, with_parts: bool) -> dict[str, Any]:
    r = loaded.record
    row: dict[str, Any] = {
        "path": shown_path(loaded.path), "zi": r["zi"], "zi_body": r["zi_body"], "zi_attachments": r["zi_attachments"],
        "zi_east_asian": r["zi_east_asian"], "zi_nonspace": r["zi_nonspace"], "zi_all": r["zi_all"],
        "scope": r["zi_scope"], "format": loaded.format, "encoding": loaded.encoding,
    }
    if with_parts:
        row["parts"] = [_part(loaded, p) for p in loaded.structure.parts]
    return row


def _part(loaded: Any, part: Any) -> dict[str, Any]:
    from ..documents import count_text

    text = loaded.structure.text[part.start:part.end]
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    return {"name": part.name, "start": part.start, "end": part.end, "zi": count_text(text).zi,
            "counted": part.name in ("body", "attachments"), "preview": first_line[:40]}


def write_count_json(rows: list[dict[str, Any]], errors: list[InputError], out: TextIO, lang: str) -> None:
    json.dump({"documents": rows, "errors": [e.to_json(lang) for e in errors]}, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_count_text(rows: list[dict[str, Any]], errors: list[InputError], out: TextIO, lang: str,
                     parts: bool = False) -> None:
    from ..documents import PART_NAMES_ZH

    zh = lang == "zh"
    for row in rows:
        if zh:
            out.write(f"{row['path']}: 字数 {row['zi']:,}(正文 {row['zi_body']:,} 字,附件 {row['zi_attachments']:,} 字;"
                      f"按 Word/WPS 字数统计,范围:正文+附件)\n")
            out.write(f"    中日韩字符 {row['zi_east_asian']:,}  不计空格字符 {row['zi_nonspace']:,}  全文 {row['zi_all']:,}\n")
        else:
            out.write(f"{row['path']}: {row['zi']:,} zi (body {row['zi_body']:,}, attachments "
                      f"{row['zi_attachments']:,}; Word/WPS word count over body+attachments)\n")
            out.write(f"    East Asian characters {row['zi_east_asian']:,}  characters without spaces "
                      f"{row['zi_nonspace']:,}  whole text {row['zi_all']:,}\n")
        for part in row.get("parts", []):
            label = PART_NAMES_ZH.get(part["name"], part["name"]) if zh else PART_LABELS_EN.get(part["name"], part["name"])
            mark = "计入" if zh else "counted"
            mark = mark if part["counted"] else ("不计" if zh else "not counted")
            unit = "字" if zh else "zi"
            out.write(f"    {pad(label, 12)} {part['zi']:>7,} {unit}  [{pad(mark, 4)}]  {part['preview']}\n")
    out.writelines(f"{e.path}: [{'无法读取' if zh else 'cannot read'}] {e.text(lang)}\n" for e in errors)
