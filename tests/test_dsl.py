"""The expression language: parse, check and compile, table-driven (docs/rule-format.md)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from efficiency_rules.dsl import types as T
from efficiency_rules.dsl.checker import Checker
from efficiency_rules.dsl.compiler import Generator, build_factory, instantiate
from efficiency_rules.dsl.errors import DslError
from efficiency_rules.dsl.parser import parse

CST = dt.timezone(dt.timedelta(hours=8))
INVITEE = T.Type("object", fields={"role": T.STRING}, name="invitee")
MEETING = T.Type("object", name="meeting", fields={
    "attendees": T.NUMBER, "title": T.STRING, "kind": T.STRING, "start": T.DATETIME, "end": T.DATETIME,
    "day": T.DATE, "invitees": T.list_of(INVITEE), "remote": T.BOOL, "n": T.NUMBER, "d": T.NUMBER,
})
PARAMS = T.Type("object", name="params", fields={"max": T.NUMBER, "kinds": T.list_of(T.STRING),
                                                 "min_ratio": T.NUMBER})


def run(expr: str, record: dict[str, Any], params: dict[str, Any] | None = None) -> Any:
    checker = Checker({"meeting": MEETING, "params": PARAMS})
    tree = parse(expr)
    checker.check(tree)
    gen = Generator(checker, "meeting", {})
    fn = instantiate(build_factory(gen, {"e": tree}), gen.closure)["e"]
    return fn(record, params or {"max": 200, "kinds": ["work"], "min_ratio": Fraction(95, 100)})


FULL = {"attendees": 200, "title": "全州教育工作會議", "kind": "work", "remote": True,
        "start": dt.datetime(2026, 3, 10, 9, tzinfo=CST), "end": dt.datetime(2026, 3, 10, 11, tzinfo=CST),
        "day": dt.date(2026, 3, 10), "invitees": [{"role": "county_head"}, {"role": None}], "n": 95, "d": 100}


@pytest.mark.parametrize("expr, record, expected", [
    ("meeting.attendees <= params.max", FULL, True),
    ("meeting.attendees <= params.max", {**FULL, "attendees": 201}, False),
    ("meeting.attendees <= params.max", {}, None),  # missing field: unknown, never a violation
    ("meeting.n / meeting.d >= 95%", FULL, True),  # exact: 95/100 is not 0.9499999
    ("meeting.n / meeting.d >= 95%", {**FULL, "n": 94}, False),
    ("ratio(meeting.n, meeting.d) >= params.min_ratio", FULL, True),
    ("ratio(meeting.n, meeting.d) >= params.min_ratio", {**FULL, "d": 0}, None),
    ("meeting.n / meeting.d >= 95%", {**FULL, "d": 0}, None),
    ("meeting.end - meeting.start <= 2 hours", FULL, True),
    ("meeting.end - meeting.start <= 2 hours",
     {**FULL, "end": dt.datetime(2026, 3, 10, 11, 1, tzinfo=CST)}, False),
    ("meeting.day + 2 days == 2026-03-12", FULL, True),
    ("meeting.day < 2026-03-10", FULL, False),
    ('meeting.kind in ["work", "other"]', FULL, True),
    ('meeting.kind not in ["work", "other"]', FULL, False),
    ("meeting.kind in params.kinds", {**FULL, "kind": "statutory"}, False),
    ('"教育" in meeting.title', FULL, True),
    ('any(x in meeting.invitees: x.role == "county_head")', FULL, True),
    ('any(x in meeting.invitees: x.role == "county_party_secretary")', FULL, None),  # one role unknown
    ('any(x in meeting.invitees: x.role == "county_head")', {}, None),
    ('all(x in meeting.invitees: x.role != null)', FULL, False),
    ('count(x in meeting.invitees: x.role != null)', FULL, 1),
    ("len(meeting.invitees) == 2", FULL, True),
    ("year(meeting.start) == 2026 and month(meeting.day) == 3", FULL, True),
    ("hours(meeting.end - meeting.start) == 2", FULL, True),
    ("not meeting.remote", FULL, False),
    ("not meeting.remote", {}, None),
    # Kleene logic: false wins `and`, true wins `or`, otherwise unknown stays unknown
    ("meeting.attendees > 1000 and meeting.kind == \"work\"", {"kind": "work"}, None),
    ("meeting.kind == \"x\" and meeting.attendees > 1000", {"kind": "work"}, False),
    ("meeting.attendees > 1000 and meeting.kind == \"x\"", {"kind": "work"}, False),
    ("meeting.attendees > 1 or meeting.kind == \"work\"", {"kind": "work"}, True),
    ("meeting.attendees > 1 or meeting.kind == \"x\"", {"kind": "work"}, None),
    ("meeting.title == null", {}, True),
    ("meeting.title != null", FULL, True),
    ("-meeting.attendees + 3 * 2 == -194", FULL, True),
    ("meeting.attendees - params.max", FULL, 0),
    ("ceil(9 / 10 * meeting.d) - meeting.n", {**FULL, "d": 7, "n": 5}, 2),
    ("similarity(meeting.title, \"全州教育工作會議\") == 1", FULL, True),
])
def test_evaluation(expr: str, record: dict[str, Any], expected: Any) -> None:
    assert run(expr, record) == expected


@pytest.mark.parametrize("expr, message, line, column", [
    ("meeting.atendees <= 200", "unknown field `atendees` of meeting (did you mean `attendees`?)", 1, 9),
    ("meeting.title <= 200", "cannot compare a string with a number", 1, 15),
    ("meting.attendees <= 200", "unknown name `meting`", 1, 1),
    ("fancy(meeting.title)", "unknown function `fancy`", 1, 1),
    ("len(meeting.attendees) > 1", "`len` expects list or string here, got number", 1, 5),
    ("meeting.start < 2026-03-10", "cannot compare a datetime with a date", 1, 15),
    ("meeting.attendees and true", "each side of `and` must be true or false", 1, 1),
    ("any(x in meeting.title: x == 1)", "`any` needs a list after `in`", 1, 10),
    ("any(x in meeting.invitees: x.rol == \"a\")", "unknown field `rol` of invitee", 1, 30),
    ("meeting.attendees <=", "unexpected the end of the expression", 1, 19),
    ("meeting.attendees <= 200 200", "unexpected '200'", 1, 26),
    ("meeting.attendees @ 2", "unexpected character '@'", 1, 19),
    ("meeting.title +\n  meeting.attendees", "cannot compute string + number", 1, 15),
    ("2026-02-30 == meeting.day", "not a valid date", 1, 1),
    ("not " * 500 + "meeting.remote", "nested too deeply", 1, 401),
    ("meeting.attendees" + " + 1" * 5000 + " > 0", "nested too deeply", 1, 19625),  # the 101st level
    ("meeting.attendees < 1" + "0" * 5000, "value out of range", 1, 1),
])
def test_errors_carry_positions(expr: str, message: str, line: int, column: int) -> None:
    checker = Checker({"meeting": MEETING, "params": PARAMS})
    with pytest.raises(DslError) as info:
        tree = parse(expr)
        checker.expect_bool(tree, "the expression")
    assert message in info.value.message
    assert (info.value.line, info.value.column) == (line, column)


def test_rule_text_never_reaches_eval() -> None:
    """A string that looks like Python stays a string constant."""
    record = {"title": "__import__('os').system('echo pwned')"}
    assert run("meeting.title == \"__import__('os').system('echo pwned')\"", record) is True


def test_percent_and_decimal_literals_are_exact() -> None:
    assert parse("95%").value == Fraction(95, 100)  # type: ignore[union-attr]
    assert parse("0.1").value == Fraction(1, 10)  # type: ignore[union-attr]


BOOL_CASES = [(expr, record) for expr, record, expected in test_evaluation.pytestmark[0].args[1]
              if expected is None or isinstance(expected, bool)]


@pytest.mark.parametrize("expr, record", BOOL_CASES)
@pytest.mark.parametrize("want", [True, False])
def test_truth_tests_agree_with_three_valued_evaluation(expr: str, record: dict[str, Any], want: bool) -> None:
    """The engine's fast path asks only "is it true?" / "is it false?"; it must agree with the
    full three-valued value on every case, missing fields included."""
    checker = Checker({"meeting": MEETING, "params": PARAMS})
    tree = parse(expr)
    checker.check(tree)
    gen = Generator(checker, "meeting", {})
    import ast

    body = gen.test(tree, want)
    module = ast.Expression(body=ast.Lambda(
        args=ast.arguments(posonlyargs=[], args=[ast.arg(arg="rec"), ast.arg(arg="P")], kwonlyargs=[],
                           kw_defaults=[], defaults=[]), body=body))
    full = run(expr, record)
    fn = instantiate_test(module, gen.closure)
    assert fn(record, {"max": 200, "kinds": ["work"], "min_ratio": Fraction(95, 100)}) == (full is want)


def instantiate_test(module: Any, closure: dict[str, Any]) -> Any:
    import ast
    import types as pytypes

    ast.fix_missing_locations(module)
    code = compile(module, "<test>", "eval")
    namespace = dict(closure)
    # `_g` is bound per generated function in production; here the lambda's record supplies it.
    lam = pytypes.FunctionType(code, {"__builtins__": {}, **namespace})()
    return lambda rec, P: pytypes.FunctionType(lam.__code__, {"__builtins__": {}, **namespace, "_g": rec.get})(rec, P)
