"""From a file on disk to its text: .txt/.md, .docx, .pdf and .ofd.

Every failure is a `DocumentReadError` with a simplified-Chinese and an English message; the
caller reports it as an input error and goes on with the next file (DESIGN.md: a file that
cannot be read is an entry in `errors`, never a crash). Sizes are refused from `stat` before
anything is read, so memory stays bounded by the limits below.

Imports are lazy by format: reading a .txt loads neither zipfile nor defusedxml nor pypdf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import EMPTY, NO_TEXT, DocumentReadError, simple, text_too_long, too_large

# 20 MB of text is ~6.7 million 字 of UTF-8 Chinese — hundreds of times the longest
# 政府工作报告; anything larger is not a document a drafter lints.
MAX_TEXT_BYTES = 20 * 1024 * 1024
# Containers hold images and fonts besides the text, so the file may be larger.
MAX_CONTAINER_BYTES = 50 * 1024 * 1024
MAX_TEXT_CHARS = MAX_TEXT_BYTES

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
CONTAINER_SUFFIXES = frozenset({".docx", ".pdf", ".ofd"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | CONTAINER_SUFFIXES

# C0 controls other than tab, LF, VT, FF, CR and SUB/ESC (which old editors leave behind).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\x0b\x0c\r\x1a\x1b") + b"\x7f"
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x19\x1c-\x1f\x7f]")
# Magic numbers of files that are often misnamed .txt.
_MAGIC = (
    (b"PK\x03\x04", "zip/docx"),
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0", "Word 97-2003 (.doc)/WPS"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x7fELF", "ELF"),
)
# 页码 of the fixed-layout formats ("— 1 —", GB/T 9704 §7.5): furniture, not text.
_PAGE_NUMBER_LINE = re.compile(
    r"^[ \t\u3000]*[—\-－–]+[ \t\u3000]*\d+[ \t\u3000]*[—\-－–]+[ \t\u3000]*$", re.MULTILINE
)


@dataclass(frozen=True)
class RawDocument:
    """A document's text as read, before front matter, structure and counting."""

    text: str
    format: str  # "txt" | "md" | "docx" | "pdf" | "ofd"
    encoding: str | None  # for text files: "utf-8", "utf-8-sig", "gb18030", "utf-16"


def read_document(path: Path) -> RawDocument:
    """Read one document. Raises DocumentReadError for anything it will not read."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise _unsupported(suffix)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentReadError(
            "unreadable", f"无法打开文件:{exc.strerror}", f"cannot open file: {exc.strerror}"
        ) from None
    if size == 0:
        raise simple(EMPTY)
    limit = MAX_TEXT_BYTES if suffix in TEXT_SUFFIXES else MAX_CONTAINER_BYTES
    if size > limit:
        raise too_large(size, limit)
    if suffix in TEXT_SUFFIXES:
        text, encoding = decode_text(_read_capped(path, limit))
        return RawDocument(_require_text(text), "md" if "md" in suffix else "txt", encoding)
    text = _read_container(path, suffix)
    return RawDocument(_require_text(text), suffix[1:], None)


def _read_container(path: Path, suffix: str) -> str:
    if suffix == ".docx":
        from .docx import read_docx

        return _normalise(read_docx(path, MAX_TEXT_CHARS))
    if suffix == ".ofd":
        from .ofd import read_ofd

        return _drop_page_numbers(read_ofd(path, MAX_TEXT_CHARS))
    from .pdf import read_pdf

    return _drop_page_numbers(_normalise(read_pdf(path, MAX_TEXT_CHARS)))


def _read_capped(path: Path, limit: int) -> bytes:
    """Read at most limit bytes: the file may have grown since stat."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise DocumentReadError(
            "unreadable", f"无法读取文件:{exc.strerror}", f"cannot read file: {exc.strerror}"
        ) from None
    if len(data) > limit:
        raise too_large(len(data), limit)
    return data


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-16 (with BOM), else UTF-8 (BOM allowed), else GB18030.
    Refuses binary data (NUL bytes, many control characters, known binary signatures)."""
    if not data:
        raise simple(EMPTY)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _normalise(_decode_utf16(data)), "utf-16"
    _refuse_binary(data)
    try:
        if data[:3] == b"\xef\xbb\xbf":
            return _normalise(data[3:].decode("utf-8")), "utf-8-sig"
        return _normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return _normalise(data.decode("gb18030")), "gb18030"
    except UnicodeDecodeError as exc:
        raise DocumentReadError(
            "undecodable",
            f"无法识别文件编码(既不是 UTF-8 也不是 GB18030,第 {exc.start} 字节起无法解码)",
            f"cannot decode the file: neither UTF-8 nor GB18030 (bad bytes at {exc.start})",
        ) from None


def _decode_utf16(data: bytes) -> str:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise DocumentReadError(
            "undecodable",
            f"无法解码 UTF-16 文件(第 {exc.start} 字节起)",
            f"cannot decode the UTF-16 file (bad bytes at {exc.start})",
        ) from None
    if _too_many_controls(len(_CONTROL_CHARS.findall(text)), len(text)):
        raise _binary("control characters")
    return text


def _refuse_binary(data: bytes) -> None:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise DocumentReadError(
                "binary",
                f"不是文本文件(看起来是 {name} 文件,扩展名却是文本)",
                f"not a text file (looks like a {name} file named as text)",
            )
    if b"\x00" in data:
        raise _binary("NUL bytes")
    # bytes.translate deletes in C at memory speed; a regex scan here cost 0.2 s on the corpus.
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if _too_many_controls(controls, len(data)):
        raise _binary("control characters")


def _too_many_controls(count: int, length: int) -> bool:
    # Real text may carry a stray control character; random binary data has about 10%.
    return count > 0 and (count * 100 > length or count > 1000)


def _binary(what: str) -> DocumentReadError:
    return DocumentReadError(
        "binary",
        "不是文本文件(含有 NUL 字节或大量控制字符)",
        f"not a text file (contains {what})",
    )


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _drop_page_numbers(text: str) -> str:
    return _PAGE_NUMBER_LINE.sub("", text) if "\n" in text else text


def _require_text(text: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise text_too_long(MAX_TEXT_CHARS)
    if not text.strip():
        raise simple(NO_TEXT)
    return text


def _unsupported(suffix: str) -> DocumentReadError:
    if suffix in (".doc", ".wps"):
        return DocumentReadError(
            "unsupported",
            f"不支持 {suffix} 格式;请在 Word/WPS 中另存为 .docx",
            f"{suffix} is not supported; save the document as .docx in Word/WPS",
        )
    shown = suffix or "(无扩展名)"
    return DocumentReadError(
        "unsupported",
        f"不支持的文件格式 {shown};支持 .txt .md .docx .pdf .ofd",
        f"unsupported file type {suffix or '(no extension)'}; use .txt .md .docx .pdf .ofd",
    )
