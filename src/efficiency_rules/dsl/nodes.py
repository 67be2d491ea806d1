"""The checked tree: frozen dataclasses, each with its 1-based position in the expression."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Pos = tuple[int, int]


@dataclass(frozen=True)
class Literal:
    value: Any
    kind: str  # number | string | bool | null | date | duration
    pos: Pos


@dataclass(frozen=True)
class Name:
    name: str
    pos: Pos


@dataclass(frozen=True)
class Attr:
    base: Node
    field: str
    pos: Pos  # the field name's position


@dataclass(frozen=True)
class Call:
    function: str
    args: tuple[Node, ...]
    pos: Pos


@dataclass(frozen=True)
class Quantifier:
    kind: str  # any | all | count
    var: str
    seq: Node
    cond: Node
    pos: Pos


@dataclass(frozen=True)
class ListLit:
    items: tuple[Node, ...]
    pos: Pos


@dataclass(frozen=True)
class Unary:
    op: str  # not | neg
    operand: Node
    pos: Pos


@dataclass(frozen=True)
class Binary:
    op: str  # and or == != < <= > >= in notin + - * /
    left: Node
    right: Node
    pos: Pos


Node = Literal | Name | Attr | Call | Quantifier | ListLit | Unary | Binary
