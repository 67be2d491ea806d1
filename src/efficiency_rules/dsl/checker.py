"""Static checks: every name, field, function and operator is known and well-typed when the
rules load, so a misspelt field is a load-time error with its position, never a run-time one."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from . import types as T
from .builtins import TABLE
from .errors import DslError
from .nodes import Attr, Binary, Call, ListLit, Literal, Name, Node, Quantifier, Unary

_ORDERED = {"number", "string", "date", "datetime", "duration"}
_LITERAL_TYPES = {
    "number": T.NUMBER, "string": T.STRING, "bool": T.BOOL, "null": T.NULL,
    "date": T.DATE, "duration": T.DURATION,
}
# (left kind, op, right kind) → result kind, for arithmetic
_ARITH: dict[tuple[str, str, str], T.Type] = {
    ("number", "+", "number"): T.NUMBER, ("number", "-", "number"): T.NUMBER,
    ("number", "*", "number"): T.NUMBER, ("number", "/", "number"): T.NUMBER,
    ("string", "+", "string"): T.STRING,
    ("date", "-", "date"): T.DURATION, ("datetime", "-", "datetime"): T.DURATION,
    ("date", "+", "duration"): T.DATE, ("date", "-", "duration"): T.DATE,
    ("datetime", "+", "duration"): T.DATETIME, ("datetime", "-", "duration"): T.DATETIME,
    ("duration", "+", "duration"): T.DURATION, ("duration", "-", "duration"): T.DURATION,
    ("duration", "*", "number"): T.DURATION, ("number", "*", "duration"): T.DURATION,
    ("duration", "/", "duration"): T.NUMBER, ("duration", "/", "number"): T.DURATION,
}


def _loose(t: T.Type) -> bool:
    return t.kind in ("any", "null")


def _compatible(a: T.Type, b: T.Type) -> bool:
    return _loose(a) or _loose(b) or a.kind == b.kind


class Checker:
    """Types one expression against a scope of names (the subject record, `params`)."""

    def __init__(self, scope: Mapping[str, T.Type]):
        self.scope = dict(scope)
        self.types: dict[int, T.Type] = {}

    def check(self, node: Node) -> T.Type:
        method = getattr(self, "_" + type(node).__name__.lower())
        result: T.Type = method(node)
        self.types[id(node)] = result
        return result

    def expect_bool(self, node: Node, what: str) -> None:
        kind = self.check(node).kind
        if kind not in ("bool", "any", "null"):
            raise DslError(f"{what} must be true or false, but this is a {kind}", *start_pos(node))

    # --- one method per node type -------------------------------------------------
    def _literal(self, node: Literal) -> T.Type:
        return _LITERAL_TYPES[node.kind]

    def _name(self, node: Name) -> T.Type:
        if node.name in self.scope:
            return self.scope[node.name]
        known = ", ".join(sorted(self.scope))
        raise DslError(f"unknown name `{node.name}`{_did_you_mean(node.name, self.scope)}; "
                       f"names here: {known}", *node.pos)

    def _attr(self, node: Attr) -> T.Type:
        base = self.check(node.base)
        if base.kind == "any":
            return T.ANY
        if base.kind != "object":
            raise DslError(f"`{node.field}`: a {base} has no fields", *node.pos)
        if node.field not in base.fields:
            raise DslError(f"unknown field `{node.field}` of {base.name or 'record'}"
                           f"{_did_you_mean(node.field, base.fields)}", *node.pos,
                           expected=", ".join(sorted(base.fields)))
        return base.fields[node.field]

    def _call(self, node: Call) -> T.Type:
        fn = TABLE.get(node.function)
        if fn is None:
            raise DslError(f"unknown function `{node.function}`{_did_you_mean(node.function, TABLE)}",
                           *node.pos, expected=", ".join(sorted(TABLE)))
        if len(node.args) != len(fn.params):
            raise DslError(f"`{fn.name}` takes {len(fn.params)} argument(s), got {len(node.args)}", *node.pos)
        arg_types = [self.check(a) for a in node.args]
        for arg, t, accepted in zip(node.args, arg_types, fn.params):
            if not _loose(t) and "any" not in accepted and t.kind not in accepted:
                raise DslError(f"`{fn.name}` expects {' or '.join(accepted)} here, got {t}", *start_pos(arg))
        return fn.result(arg_types)

    def _quantifier(self, node: Quantifier) -> T.Type:
        seq = self.check(node.seq)
        if seq.kind not in ("list", "any", "null"):
            raise DslError(f"`{node.kind}` needs a list after `in`, got {seq}", *start_pos(node.seq))
        if node.var in self.scope:
            raise DslError(f"`{node.var}` is already a name here; choose another", *node.pos)
        item = seq.item if seq.kind == "list" and seq.item else T.ANY
        self.scope[node.var] = item
        try:
            self.expect_bool(node.cond, f"the condition of `{node.kind}`")
        finally:
            del self.scope[node.var]
        return T.NUMBER if node.kind == "count" else T.BOOL

    def _listlit(self, node: ListLit) -> T.Type:
        item_types = [self.check(i) for i in node.items]
        concrete = [t for t in item_types if not _loose(t)]
        for item, t in zip(node.items, item_types):
            if concrete and not _compatible(t, concrete[0]):
                raise DslError(f"a list mixes {concrete[0]} and {t}", *item.pos)
        return T.list_of(concrete[0] if concrete else T.ANY)

    def _unary(self, node: Unary) -> T.Type:
        if node.op == "not":
            self.expect_bool(node.operand, "the operand of `not`")
            return T.BOOL
        t = self.check(node.operand)
        if t.kind not in ("number", "duration", "any", "null"):
            raise DslError(f"cannot negate a {t}", *node.pos)
        return t

    def _binary(self, node: Binary) -> T.Type:
        if node.op in ("and", "or"):
            self.expect_bool(node.left, f"each side of `{node.op}`")
            self.expect_bool(node.right, f"each side of `{node.op}`")
            return T.BOOL
        left, right = self.check(node.left), self.check(node.right)
        if node.op in ("in", "notin"):
            return self._membership(node, left, right)
        if node.op in ("==", "!="):
            self._require_compatible(node, left, right)
            return T.BOOL
        if node.op in ("<", "<=", ">", ">="):
            self._require_compatible(node, left, right)
            for t in (left, right):
                if not _loose(t) and t.kind not in _ORDERED:
                    raise DslError(f"`{node.op}` cannot order a {t}", *node.pos)
            return T.BOOL
        return self._arith(node, left, right)

    def _membership(self, node: Binary, left: T.Type, right: T.Type) -> T.Type:
        if right.kind == "list":
            if right.item and not _compatible(left, right.item):
                raise DslError(f"`in`: a {left} is never in a list of {right.item}", *node.pos)
        elif right.kind == "string":
            if not _compatible(left, T.STRING):
                raise DslError(f"`in`: a {left} is never in a string", *node.pos)
        elif not _loose(right):
            raise DslError(f"`in` needs a list or a string on its right, got {right}", *node.right.pos)
        return T.BOOL

    def _require_compatible(self, node: Binary, left: T.Type, right: T.Type) -> None:
        if not _compatible(left, right):
            hint = " (use date(x) to compare a date-time with a date)" if {left.kind, right.kind} == {
                "date", "datetime"} else ""
            raise DslError(f"cannot compare a {left} with a {right}{hint}", *node.pos)

    def _arith(self, node: Binary, left: T.Type, right: T.Type) -> T.Type:
        if _loose(left) or _loose(right):
            return right if _loose(left) else left
        result = _ARITH.get((left.kind, node.op, right.kind))
        if result is None:
            raise DslError(f"cannot compute {left} {node.op} {right}", *node.pos)
        return result


def start_pos(node: Node) -> tuple[int, int]:
    """Where an expression begins (an Attr's own position is its field name's)."""
    while isinstance(node, (Attr, Binary)):
        node = node.base if isinstance(node, Attr) else node.left
    return node.pos


def _did_you_mean(word: str, options: Mapping[str, object] | dict[str, object]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""
