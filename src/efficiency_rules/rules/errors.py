"""A rule that cannot load: its file, line and column, the line itself and a caret."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def display_width(text: str) -> int:
    """Terminal columns: a Han character takes two, so the caret lands under the right one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class RuleError:
    path: str
    line: int
    column: int
    message: str
    source_line: str = ""
    expected: str | None = None

    def render(self) -> str:
        head = f"{self.path}:{self.line}:{self.column}: error: {self.message}"
        if not self.source_line:
            return head
        caret = " " * display_width(self.source_line[: self.column - 1]) + "^"
        parts = [head, "    " + self.source_line.rstrip(), "    " + caret]
        if self.expected:
            parts.append(f"    expected: {self.expected}")
        return "\n".join(parts)


class RuleLoadError(Exception):
    """Every problem found while loading a pack (all of them, not only the first)."""

    def __init__(self, errors: list[RuleError]):
        super().__init__("\n".join(e.render() for e in errors))
        self.errors = errors
