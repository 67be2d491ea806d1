"""Run every rule's examples: each `pass` example must not fire, each `fail` example must fire
(and carry the values it lists). `efficiency-rules rules test` and the pytest suite both run
them, so a new rule needs no new Python test (STYLE.md)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..engine import Pack, fire
from ..findings import Subject, json_value
from .loader import subject_schema
from .model import CompiledRule, Example

# Subject types whose examples may give `input:`, turned into a record by the same code that
# prepares real inputs (so derived fields such as 字 counts are not written by hand).
PREPARERS: dict[str, str] = {
    "document": "efficiency_rules.documents:prepare_document_input",
    "meeting": "efficiency_rules.meetings:prepare_plan_input",
}


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    path: str
    example: str
    line: int
    ok: bool
    detail: str


def run_examples(pack: Pack, only: str | None = None) -> list[ExampleResult]:
    results: list[ExampleResult] = []
    for compiled in pack.rules:
        if only and only not in (compiled.rule.id, compiled.rule.norm):
            continue
        applicable = False
        for example in compiled.rule.examples:
            ok, detail = check_example(compiled, example)
            applicable |= ok and not example.expect_fire and detail == "passes"
            results.append(ExampleResult(compiled.rule.id, compiled.rule.path, example.name,
                                         example.line, ok, detail))
        if not applicable:
            # A pass example outside `when` only shows the rule's scope; one inside it is the
            # boundary the norm sets (exactly 3000 字 passes), and every rule must show it.
            results.append(ExampleResult(compiled.rule.id, compiled.rule.path, "(boundary)", 1, False,
                                         "no pass example satisfies `when`: add one at the boundary"))
    return results


def check_example(compiled: CompiledRule, example: Example) -> tuple[bool, str]:
    try:
        record = _record(compiled.rule.subject, example)
    except Exception as exc:  # noqa: BLE001 - the example is the rule author's text: report it
        return False, f"input could not be prepared: {type(exc).__name__}: {exc}"
    unknown = _unknown_fields(compiled.rule.subject, record)
    if unknown:
        return False, f"unknown field(s) in the example record: {', '.join(unknown)}"
    target = _variant(compiled, example)
    params = {**target.params_for(record), **_param_values(example.params)}
    outside = target.when is not None and target.when(record, params) is not True
    try:
        finding = fire(target, record, Subject(compiled.rule.subject, example.name), params)
    except Exception as exc:  # noqa: BLE001 - a failing example is reported, not raised
        return False, f"evaluation failed: {type(exc).__name__}: {exc}"
    if example.expect_fire and finding is None:
        return False, "expected the rule to fire, it did not"
    if not example.expect_fire and finding is not None:
        return False, f"expected no finding, got: {finding.message('en')}"
    if finding is not None:
        for name, expected in example.values.items():
            got = json_value(finding.values.get(name))
            if got != json_value(expected):
                return False, f"value {name}: expected {expected!r}, got {got!r}"
    return True, "fires" if finding else ("outside `when`" if outside else "passes")


def _record(subject: str, example: Example) -> Mapping[str, Any]:
    if example.record is not None:
        return example.record
    target = PREPARERS.get(subject)
    if target is None:
        raise ValueError(f"examples of subject `{subject}` must give `record:`")
    module, name = target.split(":")
    prepare: Callable[[Mapping[str, Any]], Mapping[str, Any]] = getattr(importlib.import_module(module), name)
    return prepare(example.input or {})


def _unknown_fields(subject: str, record: Mapping[str, Any]) -> list[str]:
    schema = subject_schema(subject) or {}
    known = set(schema.get("properties", {}))
    return sorted(k for k in record if k not in known and not k.startswith("_")) if known else []


def _param_values(raw: Mapping[str, Any]) -> dict[str, Any]:
    from .loader import param_value

    return {k: param_value(v) for k, v in raw.items()}


def _variant(compiled: CompiledRule, example: Example) -> CompiledRule:
    """An example that sets parameters needs them read at run time, not inlined."""
    if not example.params:
        return compiled
    from ..dsl import types as T
    from ..dsl.checker import Checker
    from ..dsl.compiler import Generator, build_factory, instantiate
    from ..dsl.parser import parse
    from .compile import expressions
    from .loader import param_type

    rule = compiled.rule
    schema = subject_schema(rule.subject) or {}
    params_type = T.Type("object", fields={n: param_type(v for _, v in p.values)
                                           for n, p in rule.params.items()}, name="params")
    checker = Checker({rule.subject: T.from_schema(schema, rule.subject), "params": params_type})
    trees = {name: parse(text) for name, (_, text) in expressions(rule).items()}
    for tree in trees.values():
        checker.check(tree)
    generator = Generator(checker, rule.subject, {})
    fns = instantiate(build_factory(generator, trees), generator.closure)
    return CompiledRule(rule, fns.get("when"), fns["require"],
                        {k[6:]: f for k, f in fns.items() if k.startswith("value:")}, {}, True)
