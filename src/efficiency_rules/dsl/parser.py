"""Text → tree. The LALR parser is built once per process and its tables cached on disk."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from .errors import DslError
from .nodes import Attr, Binary, Call, ListLit, Literal, Name, Node, Quantifier, Unary

_GRAMMAR = Path(__file__).with_name("grammar.lark")

_TOKEN_NAMES = {
    "NAME": "a name", "NUMBER": "a number", "STRING": "a string", "DATE": "a date",
    "PERCENT": "a percentage", "UNIT": "a unit (days, hours, minutes)", "COMPARE": "a comparison",
    "ADD_OP": "+ or -", "MUL_OP": "* or /", "LPAR": "(", "RPAR": ")", "LSQB": "[", "RSQB": "]",
    "COMMA": ",", "COLON": ":", "DOT": ".", "$END": "the end of the expression",
}

_UNIT_SECONDS = {"day": 86400, "hour": 3600, "minute": 60}


@lru_cache(maxsize=1)
def _lark() -> Any:
    from lark import Lark

    from ..paths import cache_dir

    cache: str | bool = False
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        cache = str(folder / "grammar.lark.cache")
    except OSError:
        cache = False  # an unwritable home only costs the grammar analysis each run
    return Lark(_GRAMMAR.read_text(encoding="utf-8"), parser="lalr", propagate_positions=True,
                maybe_placeholders=False, cache=cache)


def parse(text: str) -> Node:
    """Parse one expression; a syntax error is a DslError at its line and column."""
    from lark.exceptions import (
        UnexpectedCharacters,
        UnexpectedEOF,
        UnexpectedInput,
        UnexpectedToken,
    )

    if not text.strip():
        raise DslError("empty expression", 1, 1)
    try:
        tree = _lark().parse(text)
    except UnexpectedToken as exc:
        expected = sorted(_TOKEN_NAMES.get(t, t.strip('"').lower()) for t in exc.expected)
        got = "the end of the expression" if exc.token.type == "$END" else repr(str(exc.token))
        raise DslError(f"unexpected {got}", exc.line if exc.line > 0 else _end(text)[0],
                       exc.column if exc.column > 0 else _end(text)[1],
                       expected=", ".join(expected[:8])) from None
    except UnexpectedCharacters as exc:
        raise DslError(f"unexpected character {text[cast(int, exc.pos_in_stream)]!r}", exc.line, exc.column) from None
    except UnexpectedEOF:
        line, col = _end(text)
        raise DslError("the expression ends too early", line, col) from None
    except UnexpectedInput as exc:  # pragma: no cover - the three above are exhaustive
        raise DslError(str(exc).splitlines()[0], getattr(exc, "line", 1), getattr(exc, "column", 1)) from None
    _check_depth(tree)
    try:
        return _build(tree)
    except (ValueError, OverflowError) as exc:  # a number too long or a duration too large
        raise DslError(f"value out of range: {exc}", 1, 1) from None


# A rule's expression is read by people: anything nested deeper than this is not a rule but an
# attack on the recursive passes that follow (checker, compiler, Python's own compile).
MAX_DEPTH = 100
MAX_NUMBER_DIGITS = 30


def _check_depth(tree: Any) -> None:
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            line, column = _pos(node)
            raise DslError(f"expression nested too deeply (more than {MAX_DEPTH} levels)", line, column)
        stack.extend((child, depth + 1) for child in getattr(node, "children", ()) if hasattr(child, "data"))


def _end(text: str) -> tuple[int, int]:
    lines = text.rstrip().split("\n")
    return len(lines), len(lines[-1]) + 1


def _pos(item: Any) -> tuple[int, int]:
    meta = getattr(item, "meta", None)
    if meta is not None and not meta.empty:
        return meta.line, meta.column
    return getattr(item, "line", 1) or 1, getattr(item, "column", 1) or 1


def _build(tree: Any) -> Node:
    """Lark tree → our frozen nodes (one branch per grammar alias)."""
    kind = tree.data
    ch = tree.children
    builder = _BUILDERS.get(kind)
    if builder is None:  # pragma: no cover - the grammar has no other aliases
        raise DslError(f"internal: unknown node {kind}")
    return cast(Node, builder(tree, ch))


def _string_value(token: str) -> str:
    """Decode a quoted string: only \\\\, \\", \\', \\n and \\t escapes; no eval."""
    body = token[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _number(text: str) -> int | Fraction:
    if len(text) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of {len(text)} digits (at most {MAX_NUMBER_DIGITS})")
    return Fraction(text) if "." in text else int(text)


def _duration(tree: Any, ch: list[Any]) -> Node:
    amount = _number(str(ch[0]))
    unit = str(ch[1]).rstrip("s")
    seconds = amount * _UNIT_SECONDS[unit]
    return Literal(dt.timedelta(seconds=float(seconds)), "duration", _pos(ch[0]))


def _date(tree: Any, ch: list[Any]) -> Node:
    try:
        value = dt.date.fromisoformat(str(ch[0]))
    except ValueError:
        raise DslError(f"not a valid date: {ch[0]}", *_pos(ch[0])) from None
    return Literal(value, "date", _pos(ch[0]))


def _args(ch: list[Any], start: int) -> tuple[Node, ...]:
    if len(ch) > start and ch[start] is not None:
        return tuple(_build(a) for a in ch[start].children)
    return ()


def _binary(op: str) -> Any:
    return lambda t, ch: Binary(op, _build(ch[0]), _build(ch[-1]), _op_pos(t, ch))


def _op_pos(tree: Any, ch: list[Any]) -> tuple[int, int]:
    return _pos(tree)


_BUILDERS: dict[str, Any] = {
    "or_": _binary("or"),
    "and_": _binary("and"),
    "not_": lambda t, ch: Unary("not", _build(ch[0]), _pos(t)),
    "compare": lambda t, ch: Binary(str(ch[1]), _build(ch[0]), _build(ch[2]), _pos(ch[1])),
    "in_": _binary("in"),
    "not_in": _binary("notin"),
    "arith": lambda t, ch: Binary(str(ch[1]), _build(ch[0]), _build(ch[2]), _pos(ch[1])),
    "neg": lambda t, ch: Unary("neg", _build(ch[0]), _pos(t)),
    "attr": lambda t, ch: Attr(_build(ch[0]), str(ch[1]), _pos(ch[1])),
    "number": lambda t, ch: Literal(_number(str(ch[0])), "number", _pos(ch[0])),
    "percent": lambda t, ch: Literal(Fraction(_number(str(ch[0])[:-1])) / 100, "number", _pos(ch[0])),
    "date": _date,
    "duration": _duration,
    "string": lambda t, ch: Literal(_string_value(str(ch[0])), "string", _pos(ch[0])),
    "true": lambda t, ch: Literal(True, "bool", _pos(t)),
    "false": lambda t, ch: Literal(False, "bool", _pos(t)),
    "null": lambda t, ch: Literal(None, "null", _pos(t)),
    "name": lambda t, ch: Name(str(ch[0]), _pos(ch[0])),
    "call": lambda t, ch: Call(str(ch[0]), _args(ch, 1), _pos(ch[0])),
    "quantifier": lambda t, ch: Quantifier(str(ch[0]), str(ch[1]), _build(ch[2]), _build(ch[3]), _pos(ch[0])),
    "list_": lambda t, ch: ListLit(_args(ch, 0), _pos(t)),
}
