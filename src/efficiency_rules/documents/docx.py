"""Text of a .docx (WordprocessingML), with our own reader: zipfile + defusedxml.

Body order is kept: paragraphs and tables as they appear in `w:body`; each paragraph of a table
cell is a line, cell by cell, row by row (a drafter's 字數 in Word includes table text).
Content controls (`w:sdt`) are unwrapped. Deleted revisions (`w:delText`) and field codes
(`w:instrText`) are not text the reader sees, so they are skipped. Headers, footers and
footnotes are not read: GB/T 9704 puts only the page number there, which Word's 字數 of the
body does not count either.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from xml.etree.ElementTree import Element

from .errors import text_too_long
from .safezip import SafeZip, corrupt
from .xmlsafe import iter_events, local, parse_root

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STRICT_DOC = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
_BODY_DEPTH = 2  # w:document > w:body > (w:p | w:tbl | w:sdt)


def read_docx(path: Path, max_chars: int) -> str:
    with SafeZip(path, "docx") as archive:
        main = _main_part(archive)
        with archive.open(main) as stream:
            lines = _body_lines(iter_events(stream, "docx"), max_chars)
    return "\n".join(lines)


def _main_part(archive: SafeZip) -> str:
    """The main document part named by _rels/.rels (usually word/document.xml)."""
    if archive.has("_rels/.rels"):
        rels = parse_root(archive.read("_rels/.rels"), "docx")
        for rel in rels:
            if rel.get("Type") in (_OFFICE_DOC, _STRICT_DOC):
                target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                if archive.has(target):
                    return target
    if archive.has("word/document.xml"):
        return "word/document.xml"
    raise corrupt("docx", "no main document part (word/document.xml)")


def _body_lines(events: object, max_chars: int) -> list[str]:
    """Stream the body: each top-level block is turned into lines, then dropped."""
    lines: list[str] = []
    total = 0
    depth = 0
    body: Element | None = None
    for event, elem in events:  # type: ignore[attr-defined]
        if event == "start":
            depth += 1
            if depth == _BODY_DEPTH and local(elem.tag) == "body":
                body = elem
            continue
        depth -= 1
        if depth == _BODY_DEPTH and body is not None:
            for line in _block_lines(elem):
                total += len(line) + 1
                if total > max_chars:
                    raise text_too_long(max_chars)
                lines.append(line)
            body.remove(elem)  # memory stays bounded by the largest block
    if body is None:
        raise corrupt("docx", "no w:body")
    return lines


def _block_lines(elem: Element) -> list[str]:
    tag = elem.tag
    if tag == W + "p":
        return [_paragraph_text(elem)]
    if tag == W + "tbl":
        return _table_lines(elem)
    if tag == W + "sdt":
        content = elem.find(W + "sdtContent")
        out: list[str] = []
        for child in content if content is not None else ():
            out.extend(_block_lines(child))
        return out
    return []  # w:sectPr, bookmarks and the like carry no text


def _table_lines(tbl: Element) -> list[str]:
    out: list[str] = []
    for row in tbl.iter(W + "tr"):
        for cell in row.findall(W + "tc"):
            for block in cell:
                if block.tag == W + "tbl":
                    continue  # nested tables: their rows are reached by tbl.iter above
                out.extend(_block_lines(block))
    return out


def _paragraph_text(p: Element) -> str:
    parts: list[str] = []
    for node in p.iter():
        tag = node.tag
        if tag == W + "t":
            parts.append(node.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)
