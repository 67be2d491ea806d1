"""The one exception of the documents layer.

A reader raises `DocumentReadError` for any input it cannot or will not read (empty, binary,
undecodable, too large, a corrupt or hostile archive). It carries a message in simplified
Chinese — the users' script (DESIGN.md, `--lang zh` is the default) — and its English, plus a
short machine-readable `reason`. The caller turns it into `findings.InputError` with
`to_input_error`; a file that cannot be read is an entry in `errors`, never a crash.
"""

from __future__ import annotations

from ..findings import InputError


class DocumentReadError(Exception):
    """A document that cannot be read. `reason` is a stable key (e.g. "empty", "zip_bomb")."""

    def __init__(self, reason: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.reason = reason
        self.message = message
        self.message_en = message_en

    def to_input_error(self, path: str) -> InputError:
        return InputError(path, self.message, message_en=self.message_en)


def too_large(size: int, limit: int) -> DocumentReadError:
    return DocumentReadError(
        "too_large",
        f"文件过大({size:,} 字节,上限 {limit:,} 字节),未读取",
        f"file too large ({size:,} bytes; limit {limit:,}); not read",
    )


def text_too_long(limit: int) -> DocumentReadError:
    return DocumentReadError(
        "too_large",
        f"文件中的文字过多(超过 {limit:,} 个字符),未读取",
        f"document text too long (over {limit:,} characters); not read",
    )


EMPTY = ("empty", "文件为空", "the file is empty")
NO_TEXT = ("no_text", "文件中没有文字", "the document contains no text")


def simple(triple: tuple[str, str, str]) -> DocumentReadError:
    return DocumentReadError(*triple)
