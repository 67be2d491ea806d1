"""The rule expression language: parse (lark, LALR) → type-check → compile to Python code.

The rule's own text is never handed to eval or exec: the compiler builds a Python `ast` tree
from whitelisted node types, with field names and strings as constants."""

from .errors import DslError

__all__ = ["DslError"]
