"""Text of an .ofd (GB/T 33190-2016, the Chinese fixed-layout format): a zip of XML.

The path to the text: OFD.xml → DocBody/DocRoot → Document.xml → Pages/Page@BaseLoc →
Content.xml → every TextObject/TextCode in the page's layers (and page blocks). OFD is a
layout format: text objects carry positions, not reading order, and writers emit them in any
order (one object per glyph run, numbers in separate objects). So each TextCode is placed at
its baseline (TextObject Boundary y + TextCode Y; y grows downwards, GB/T 33190 §7) and x,
sorted by baseline then x, and grouped into a line while baselines agree within 40% of the
font size. Pieces on one line are joined without a space (a year split over two objects,
"202" + "3", is one run: 1 字) unless a gap wider than half a character separates them.
Template pages (TPLS) and annotations (seals, signatures) are not text of the document.
Namespaces differ between writers (http://www.ofdspec.org vs …/2016), so tags are matched by
local name.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from xml.etree.ElementTree import Element

from .errors import text_too_long
from .safezip import SafeZip, corrupt
from .xmlsafe import iter_events, local, parse_root

_LINE_TOLERANCE = 0.4  # of the font size: baselines closer than this are one line
_DEFAULT_SIZE = 3.5  # mm, when a TextObject gives no Size (GB/T 33190 default unit is mm)


@dataclass(frozen=True)
class _Piece:
    baseline: float
    x: float
    end_x: float
    size: float
    text: str


def read_ofd(path: Path, max_chars: int) -> str:
    with SafeZip(path, "ofd") as archive:
        doc_path = _doc_root(archive)
        pages = _page_paths(archive, doc_path)
        if not pages:
            raise corrupt("ofd", "no pages")
        lines: list[str] = []
        total = 0
        for page in pages:
            with archive.open(page) as stream:
                pieces = _page_pieces(iter_events(stream, "ofd"))
            for line in _lines(pieces):
                total += len(line) + 1
                if total > max_chars:
                    raise text_too_long(max_chars)
                lines.append(line)
    return "\n".join(lines)


def _doc_root(archive: SafeZip) -> str:
    root = parse_root(archive.read("OFD.xml"), "ofd")
    for elem in root.iter():
        if local(elem.tag) == "DocRoot" and elem.text:
            return _resolve("", elem.text)
    raise corrupt("ofd", "OFD.xml names no DocRoot")


def _page_paths(archive: SafeZip, doc_path: str) -> list[str]:
    root = parse_root(archive.read(doc_path), "ofd")
    base = posixpath.dirname(doc_path)
    out = []
    for elem in root.iter():
        if local(elem.tag) == "Page" and elem.get("BaseLoc"):
            out.append(_resolve(base, elem.get("BaseLoc", "")))
    return out


def _resolve(base: str, loc: str) -> str:
    """A location inside the package: absolute ("/Doc_0/...") or relative to `base`."""
    loc = loc.strip()
    joined = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
    return posixpath.normpath(joined)


def _page_pieces(events: object) -> list[_Piece]:
    pieces: list[_Piece] = []
    for event, elem in events:  # type: ignore[attr-defined]
        if event == "end" and local(elem.tag) == "TextObject":
            pieces.extend(_object_pieces(elem))
            elem.clear()
    return pieces


def _object_pieces(obj: Element) -> list[_Piece]:
    box = _floats(obj.get("Boundary", ""))
    ox, oy = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    size = _float(obj.get("Size"), _DEFAULT_SIZE)
    out = []
    x_prev, y_prev = 0.0, 0.0
    for code in obj:
        if local(code.tag) != "TextCode" or not code.text:
            continue
        # X/Y default to the previous TextCode's position (GB/T 33190 §11.3).
        x_prev = _float(code.get("X"), x_prev)
        y_prev = _float(code.get("Y"), y_prev)
        x = ox + x_prev
        width = _advance(code.get("DeltaX"), code.text, size)
        out.append(_Piece(oy + y_prev, x, x + width, size, code.text))
    return out


def _advance(delta_x: str | None, text: str, size: float) -> float:
    """Approximate width of a TextCode: its first len(text)-1 DeltaX steps plus one last
    glyph; without DeltaX, one em per East Asian glyph and half an em for others."""
    if delta_x:
        return _sum_steps(delta_x, len(text) - 1) + size
    return sum(size if ord(ch) > 0x2E7F else size / 2 for ch in text)


def _sum_steps(spec: str, wanted: int) -> float:
    """Sum of the first `wanted` steps of a DeltaX list, where `g N v` means N steps of v.
    Never expands the list: a hostile `g 999999999 1` costs nothing."""
    tokens = spec.split()
    total, taken, i = 0.0, 0, 0
    while i < len(tokens) and taken < wanted:
        if tokens[i] == "g" and i + 2 < len(tokens):
            count = min(int(_float(tokens[i + 1], 0)), wanted - taken)
            total += max(count, 0) * _float(tokens[i + 2], 0.0)
            taken += max(count, 0)
            i += 3
        else:
            total += _float(tokens[i], 0.0)
            taken += 1
            i += 1
    return total


def _lines(pieces: list[_Piece]) -> list[str]:
    pieces.sort(key=lambda p: (p.baseline, p.x))
    rows: list[list[_Piece]] = []
    for piece in pieces:
        if rows and abs(piece.baseline - rows[-1][0].baseline) <= _LINE_TOLERANCE * piece.size:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    return [_join_row(sorted(row, key=lambda p: p.x)) for row in rows]


def _join_row(row: list[_Piece]) -> str:
    parts = [row[0].text]
    for prev, cur in pairwise(row):
        if cur.x - prev.end_x > cur.size / 2:
            parts.append(" ")
        parts.append(cur.text)
    return "".join(parts)


def _floats(spec: str) -> list[float]:
    out = []
    for tok in spec.split():
        try:
            out.append(float(tok))
        except ValueError:
            return []
    return out


def _float(value: str | None, default: float) -> float:
    if value is None:
        return default
    try:
        return float(value)
    except ValueError:
        return default
