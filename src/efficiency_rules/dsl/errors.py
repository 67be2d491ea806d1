"""DSL errors carry a position inside the expression; the rule loader maps it to the file."""

from __future__ import annotations


class DslError(Exception):
    """A syntax or type error at (line, column) of an expression, both 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1, expected: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.expected = expected
