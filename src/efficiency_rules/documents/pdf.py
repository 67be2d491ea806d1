"""Text of a .pdf, from its text layer, via pypdf (imported here only, lazily).

A PDF without a text layer (a scan, an image-only export) has nothing to count; that is an
error that says so, rather than a document of 0 字 that passes every length rule.
"""

from __future__ import annotations

from pathlib import Path

from .errors import DocumentReadError, text_too_long

MAX_PAGES = 2_000


def read_pdf(path: Path, max_chars: int) -> str:
    import logging

    import pypdf  # lazy: reading .txt must not pay for pypdf's import

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns on every odd xref
    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if reader.is_encrypted and not _try_empty_password(reader):
            raise DocumentReadError("encrypted", "PDF 文件已加密,无法读取", "encrypted PDF file")
        if len(reader.pages) > MAX_PAGES:
            raise DocumentReadError(
                "too_large",
                f"PDF 页数过多(超过 {MAX_PAGES} 页),未读取",
                f"PDF has more than {MAX_PAGES} pages; not read",
            )
        pages = _page_texts(reader, max_chars)
    except DocumentReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged input
        raise DocumentReadError(
            "corrupt", "PDF 文件已损坏或格式不对,无法读取", f"corrupt PDF file: {exc}"
        ) from None
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentReadError(
            "no_text_layer",
            "PDF 文件没有文字层(可能是扫描件),无法计算字数;请提供 .docx 或可复制文字的 PDF",
            "the PDF has no text layer (a scan?); cannot count; supply a .docx or a PDF with text",
        )
    return text


def _try_empty_password(reader: object) -> bool:
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - any failure means "cannot decrypt"
        return False


def _page_texts(reader: object, max_chars: int) -> list[str]:
    out: list[str] = []
    total = 0
    for page in reader.pages:  # type: ignore[attr-defined]
        text = page.extract_text() or ""
        total += len(text)
        if total > max_chars:
            raise text_too_long(max_chars)
        out.append(text)
    return out
