"""Checked tree → Python code, built as a Python `ast` from whitelisted node types.

Field names and strings become `ast.Constant`s; the user's variable names are replaced by
generated ones; nothing the rule author wrote is spliced into source text or given to eval.
Values that `ast.Constant` cannot hold (dates, durations, fractions, sets) and the builtins are
passed in as closure variables of a factory function, so the generated code reads them as
fast locals. Null semantics are three-valued (docs/rule-format.md): a missing field makes a
comparison unknown, `and`/`or`/`not` follow Kleene logic.
"""

from __future__ import annotations

import ast
import types as pytypes
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from . import runtime
from .builtins import TABLE
from .checker import Checker
from .nodes import Attr, Binary, Call, ListLit, Literal, Name, Node, Quantifier, Unary

_CMP_OPS: dict[str, Callable[[], ast.cmpop]] = {
    "==": ast.Eq, "!=": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE,
    "in": ast.In, "notin": ast.NotIn,
}
_ARITH_OPS: dict[str, Callable[[], ast.operator]] = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult}
_PLAIN = (int, str, bool, float, type(None))
_RECORD = "rec"
_PARAMS = "P"
_GET = "_g"


@dataclass(frozen=True)
class Expr:
    """One compiled expression's Python ast and whether it can be None at run time."""

    node: ast.expr
    nullable: bool


def _name(ident: str) -> ast.Name:
    return ast.Name(id=ident, ctx=ast.Load())


def _store(ident: str) -> ast.Name:
    return ast.Name(id=ident, ctx=ast.Store())


def _is_none(e: ast.expr) -> ast.expr:
    return ast.Compare(left=e, ops=[ast.Is()], comparators=[ast.Constant(None)])


def _none_if(test: ast.expr, body: ast.expr) -> ast.expr:
    return ast.IfExp(test=test, body=ast.Constant(None), orelse=body)


class Generator:
    """Compiles the expressions of one rule into a single factory function."""

    def __init__(self, checker: Checker, subject: str, folded_params: Mapping[str, Any]):
        self.checker = checker
        self.subject = subject
        self.folded = folded_params  # params with one value at every date: inlined
        self.closure: dict[str, Any] = {}
        self._by_identity: dict[tuple[type, Any], str] = {}
        self._temps = 0
        self._vars: dict[str, str] = {}

    # --- names --------------------------------------------------------------------
    def _temp(self) -> str:
        self._temps += 1
        return f"_t{self._temps}"

    def constant(self, value: Any) -> ast.expr:
        if isinstance(value, _PLAIN):
            return ast.Constant(value)
        key = (type(value), value if _hashable(value) else id(value))
        ident = self._by_identity.get(key)
        if ident is None:
            ident = f"_k{len(self.closure)}"
            self.closure[ident] = value
            self._by_identity[key] = ident
        return _name(ident)

    def _bind(self, e: Expr) -> tuple[ast.expr, ast.expr]:
        """(expression that evaluates e once and keeps it, expression reading it again)."""
        if not e.nullable:
            return e.node, e.node
        t = self._temp()
        return ast.NamedExpr(target=_store(t), value=e.node), _name(t)

    # --- nodes --------------------------------------------------------------------
    def gen(self, node: Node) -> Expr:
        return cast(Expr, getattr(self, "_" + type(node).__name__.lower())(node))

    def _literal(self, node: Literal) -> Expr:
        return Expr(self.constant(node.value), node.value is None)

    def _name(self, node: Name) -> Expr:
        if node.name == self.subject:
            return Expr(_name(_RECORD), False)
        if node.name in self._vars:
            return Expr(_name(self._vars[node.name]), True)
        return Expr(_name(_PARAMS), False)  # `params` alone; fields are read in _attr

    def _attr(self, node: Attr) -> Expr:
        if isinstance(node.base, Name) and node.base.name == "params":
            if node.field in self.folded:
                value = self.folded[node.field]
                return Expr(self.constant(value), value is None)
            sub = ast.Subscript(value=_name(_PARAMS), slice=ast.Constant(node.field), ctx=ast.Load())
            return Expr(sub, True)
        base = self.gen(node.base)
        first, again = self._bind(base)
        get = ast.Call(func=ast.Attribute(value=again, attr="get", ctx=ast.Load()),
                       args=[ast.Constant(node.field)], keywords=[])
        if isinstance(node.base, Name) and node.base.name == self.subject:
            get.func = _name(_GET)  # `_g = rec.get`, bound once per function (hot path)
            return Expr(get, True)
        if not base.nullable:
            get.func = ast.Attribute(value=first, attr="get", ctx=ast.Load())
            return Expr(get, True)
        return Expr(_none_if(_is_none(first), get), True)

    def _call(self, node: Call) -> Expr:
        fn = self.constant(TABLE[node.function].impl)
        args = [self.gen(a).node for a in node.args]
        return Expr(ast.Call(func=fn, args=args, keywords=[]), True)

    def _listlit(self, node: ListLit) -> Expr:
        items = [self.gen(i) for i in node.items]
        if all(isinstance(i, Literal) and _hashable(i.value) for i in node.items):
            return Expr(self.constant(frozenset(i.value for i in node.items)), False)  # type: ignore[union-attr]
        return Expr(ast.List(elts=[i.node for i in items], ctx=ast.Load()), False)

    def _unary(self, node: Unary) -> Expr:
        inner = self.gen(node.operand)
        op: ast.unaryop = ast.Not() if node.op == "not" else ast.USub()
        if not inner.nullable:
            return Expr(ast.UnaryOp(op=op, operand=inner.node), False)
        first, again = self._bind(inner)
        return Expr(_none_if(_is_none(first), ast.UnaryOp(op=op, operand=again)), True)

    def _quantifier(self, node: Quantifier) -> Expr:
        seq = self.gen(node.seq)
        var = f"_v{len(self._vars) + self._temps}"
        self._temps += 1
        self._vars[node.var] = var
        try:
            cond = self.gen(node.cond)
        finally:
            del self._vars[node.var]
        first, again = self._bind(seq)
        loop = ast.comprehension(target=_store(var), iter=again, ifs=[], is_async=0)
        gen_expr = ast.GeneratorExp(elt=cond.node, generators=[loop])
        helper = {"any": runtime.any3, "all": runtime.all3, "count": runtime.count_true}[node.kind]
        call = ast.Call(func=self.constant(helper), args=[gen_expr], keywords=[])
        if not seq.nullable:
            loop.iter = first
            return Expr(call, node.kind != "count")
        return Expr(_none_if(_is_none(first), call), True)

    def _binary(self, node: Binary) -> Expr:
        if node.op == "and":
            return self._kleene(node, short=False)
        if node.op == "or":
            return self._kleene(node, short=True)
        if node.op in ("==", "!=") and _is_null_literal(node.right):
            left = self.gen(node.left)
            if isinstance(left.node, ast.Constant):  # a folded parameter: decide it now
                return Expr(ast.Constant((left.node.value is None) == (node.op == "==")), False)
            op: ast.cmpop = ast.Is() if node.op == "==" else ast.IsNot()
            return Expr(ast.Compare(left=left.node, ops=[op], comparators=[ast.Constant(None)]), False)
        left, right = self.gen(node.left), self.gen(node.right)
        if node.op == "/":
            call = ast.Call(func=self.constant(runtime.div), args=[left.node, right.node], keywords=[])
            return Expr(call, True)
        return self._guarded(left, right, lambda a, b: _apply(node.op, a, b))

    def _guarded(self, left: Expr, right: Expr, build: Callable[[ast.expr, ast.expr], ast.expr]) -> Expr:
        if not left.nullable and not right.nullable:
            return Expr(build(left.node, right.node), False)
        l_first, l_again = self._bind(left)
        r_first, r_again = self._bind(right)
        tests = [_is_none(x) for x, e in ((l_first, left), (r_first, right)) if e.nullable]
        test = tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.Or(), values=tests)
        # When a side is not nullable its first evaluation happens in the body.
        body = build(l_again if left.nullable else l_first, r_again if right.nullable else r_first)
        return Expr(_none_if(test, body), True)

    # --- tests: "is this expression true?" (or false) as a plain Python bool -------------
    def test(self, node: Node, want: bool) -> ast.expr:
        """An expression equal to `(value of node) is want` under three-valued logic, without
        building the unknown value: (A and B) is True ⟺ A is True and B is True; (A and B) is
        False ⟺ A is False or B is False; not flips `want`; a comparison with a missing side
        is neither true nor false."""
        if isinstance(node, Unary) and node.op == "not":
            return self.test(node.operand, not want)
        if isinstance(node, Binary) and node.op in ("and", "or"):
            both = (node.op == "and") == want  # and/True, or/False: both sides must say so
            op: ast.boolop = ast.And() if both else ast.Or()
            return ast.BoolOp(op=op, values=[self.test(node.left, want), self.test(node.right, want)])
        if isinstance(node, Binary) and node.op in _CMP_OPS and not (
                node.op in ("==", "!=") and _is_null_literal(node.right)):
            return self._compare_test(node, want)
        if isinstance(node, Literal) and isinstance(node.value, bool):
            return ast.Constant(node.value is want)
        value = self.gen(node)
        if not value.nullable and want is True:
            return value.node
        return ast.Compare(left=value.node, ops=[ast.Is()], comparators=[ast.Constant(want)])

    def _compare_test(self, node: Binary, want: bool) -> ast.expr:
        left, right = self.gen(node.left), self.gen(node.right)
        l_first, l_again = self._bind(left)
        r_first, r_again = self._bind(right)
        checks: list[ast.expr] = []
        if left.nullable:
            checks.append(ast.Compare(left=l_first, ops=[ast.IsNot()], comparators=[ast.Constant(None)]))
        if right.nullable:
            checks.append(ast.Compare(left=r_first, ops=[ast.IsNot()], comparators=[ast.Constant(None)]))
        compare = _apply(node.op, l_again if left.nullable else l_first, r_again if right.nullable else r_first)
        if not want:
            compare = ast.UnaryOp(op=ast.Not(), operand=compare)
        return ast.BoolOp(op=ast.And(), values=[*checks, compare]) if checks else compare

    def _kleene(self, node: Binary, short: bool) -> Expr:
        """and: False wins, else None if unknown; or: True wins, else None if unknown."""
        left, right = self.gen(node.left), self.gen(node.right)
        op: ast.boolop = ast.Or() if short else ast.And()
        if not left.nullable and not right.nullable:
            return Expr(ast.BoolOp(op=op, values=[left.node, right.node]), False)
        winner = ast.Constant(short)  # True for or, False for and
        t, u = self._temp(), self._temp()
        t_is = ast.Compare(left=ast.NamedExpr(target=_store(t), value=left.node), ops=[ast.Is()],
                           comparators=[winner])
        u_is = ast.Compare(left=ast.NamedExpr(target=_store(u), value=right.node), ops=[ast.Is()],
                           comparators=[ast.Constant(short)])
        # Left decided (not the winner and not unknown) → the right side's value; else unknown.
        decided = ast.Compare(left=_name(t), ops=[ast.Is()], comparators=[ast.Constant(not short)])
        rest = ast.IfExp(test=decided, body=_name(u), orelse=ast.Constant(None))
        inner = ast.IfExp(test=u_is, body=ast.Constant(short), orelse=rest)
        return Expr(ast.IfExp(test=t_is, body=ast.Constant(short), orelse=inner), True)


def _apply(op: str, a: ast.expr, b: ast.expr) -> ast.expr:
    if op in _CMP_OPS:
        return ast.Compare(left=a, ops=[_CMP_OPS[op]()], comparators=[b])
    return ast.BinOp(left=a, op=_ARITH_OPS[op](), right=b)


def _is_null_literal(node: Node) -> bool:
    return isinstance(node, Literal) and node.kind == "null"


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _bind_get() -> ast.stmt:
    return ast.Assign(targets=[_store(_GET)], value=ast.Attribute(value=_name(_RECORD), attr="get", ctx=ast.Load()))


def _function(name: str, args: ast.arguments, body: list[ast.stmt]) -> ast.FunctionDef:
    node = ast.FunctionDef(name=name, args=args, body=body, decorator_list=[], returns=None)
    if "type_params" in ast.FunctionDef._fields:  # Python 3.12+ requires the field
        setattr(node, "type_params", [])  # noqa: B010 - not in the 3.11 stubs
    return node


def _fires_body(gen: Generator, exprs: Mapping[str, Node]) -> ast.expr:
    """`when` is true and `require` is false, in one function: the engine's hot path makes one
    call per rule and record instead of three (bench_centre: a million case rows)."""
    fails = gen.test(exprs["require"], False)
    if "when" not in exprs:
        return fails
    return ast.BoolOp(op=ast.And(), values=[gen.test(exprs["when"], True), fails])


def build_factory(gen: Generator, exprs: Mapping[str, Node]) -> pytypes.CodeType:
    """One factory `def _make(<closure names>)` returning a dict of compiled functions."""
    bodies = {name: gen.gen(node).node for name, node in exprs.items()}
    if "require" in exprs:
        bodies["fires"] = _fires_body(gen, exprs)
    inner: list[ast.stmt] = []
    for i, (name, body) in enumerate(bodies.items()):
        args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=_RECORD), ast.arg(arg=_PARAMS)],
                             kwonlyargs=[], kw_defaults=[], defaults=[])
        inner.append(_function(f"_e{i}", args, [_bind_get(), ast.Return(value=body)]))
    result = ast.Dict(keys=[ast.Constant(n) for n in bodies],
                      values=[_name(f"_e{i}") for i in range(len(bodies))])
    outer_args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=k) for k in gen.closure],
                               kwonlyargs=[], kw_defaults=[], defaults=[])
    factory = _function("_make", outer_args, [*inner, ast.Return(value=result)])
    module = ast.Module(body=[factory], type_ignores=[])
    ast.fix_missing_locations(module)
    code = compile(module, "<rule>", "exec")
    return next(c for c in code.co_consts if isinstance(c, pytypes.CodeType))


def instantiate(factory: pytypes.CodeType, closure: Mapping[str, Any]) -> dict[str, Callable[..., Any]]:
    """Call the factory with its closure values; no exec of any source text."""
    make = pytypes.FunctionType(factory, {"__builtins__": {}})
    return make(**closure)  # type: ignore[no-any-return]


def build_fused(subject: str, members: list[tuple[Mapping[str, Node], Mapping[str, Any]]]
                ) -> tuple[pytypes.CodeType, dict[str, Any]]:
    """`_fused(rec)` → the indexes of the members that fire, or None if any raised (the engine
    then evaluates rule by rule, and reports the one that failed)."""
    gen = Generator(None, subject, {})  # type: ignore[arg-type]  # codegen does not read types
    body: list[ast.stmt] = [_bind_get(),
                            ast.Assign(targets=[_store("_out")], value=ast.List(elts=[], ctx=ast.Load()))]
    for i, (trees, folded) in enumerate(members):
        gen.folded = folded
        append = ast.Expr(value=ast.Call(func=ast.Attribute(value=_name("_out"), attr="append", ctx=ast.Load()),
                                         args=[ast.Constant(i)], keywords=[]))
        body.append(ast.If(test=_fires_body(gen, trees), body=[append], orelse=[]))
    body.append(ast.Return(value=_name("_out")))
    handler = ast.ExceptHandler(type=gen.constant(Exception), name=None,
                                body=[ast.Return(value=ast.Constant(None))])
    guarded: list[ast.stmt] = [ast.Try(body=body, handlers=[handler], orelse=[], finalbody=[])]
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=_RECORD), ast.arg(arg=_PARAMS)],
                         kwonlyargs=[], kw_defaults=[], defaults=[])
    fused = _function("_fused", args, guarded)
    outer_args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=k) for k in gen.closure],
                               kwonlyargs=[], kw_defaults=[], defaults=[])
    factory = _function("_make", outer_args, [fused, ast.Return(value=_name("_fused"))])
    module = ast.Module(body=[factory], type_ignores=[])
    ast.fix_missing_locations(module)
    code = compile(module, "<rules>", "exec")
    return next(c for c in code.co_consts if isinstance(c, pytypes.CodeType)), gen.closure
