"""Check and compile one loaded rule's expressions into its functions."""

from __future__ import annotations

import types as pytypes
from typing import Any

from ..dsl import types as T
from ..dsl.checker import Checker
from ..dsl.compiler import Generator, build_factory
from ..dsl.errors import DslError
from ..dsl.parser import parse
from .loader import FileLoader, param_type, subject_schema
from .model import Rule


def folded_params(rule: Rule) -> dict[str, Any]:
    """Parameters with one value at every date: the compiler inlines them as constants."""
    return {name: p.values[0][1] for name, p in rule.params.items() if len(p.values) == 1}


def expressions(rule: Rule) -> dict[str, tuple[list[str | int], str]]:
    """Each expression of a rule with its place in the file: name → (YAML path, text)."""
    exprs: dict[str, tuple[list[str | int], str]] = {}
    if rule.when:
        exprs["when"] = (["when"], rule.when)
    exprs["require"] = (["require"], rule.require)
    for name, text in rule.values.items():
        exprs["value:" + name] = (["values", name], text)
    return exprs


def compile_rule(rule: Rule, loader: FileLoader) -> tuple[pytypes.CodeType, dict[str, Any], dict[str, Any]] | None:
    """(factory code, closure values, checked trees), or None after recording errors on the loader."""
    schema = subject_schema(rule.subject)
    if schema is None:
        return None
    record_type = T.from_schema(schema, rule.subject)
    params_type = T.Type("object", fields={n: param_type(v for _, v in p.values)
                                           for n, p in rule.params.items()}, name="params")
    checker = Checker({rule.subject: record_type, "params": params_type})
    trees = {}
    for name, (where, text) in expressions(rule).items():
        try:
            tree = parse(text)
            if name in ("when", "require"):
                checker.expect_bool(tree, f"`{name}`")
            else:
                checker.check(tree)
        except DslError as exc:
            loader.expression_error(where, exc)
            continue
        trees[name] = tree
    if loader.errors:
        return None
    generator = Generator(checker, rule.subject, folded_params(rule))
    try:
        return build_factory(generator, trees), generator.closure, trees
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:  # a pathological expression
        loader.error_path(["require"], f"expression too large to compile: {type(exc).__name__}")
        return None


def compile_fused(rules: list[tuple[Rule, dict[str, Any]]]) -> list[tuple[str, pytypes.CodeType, dict[str, Any], list[str]]]:
    """Per subject, one function testing every rule whose parameters never change (the hot
    path of a million case rows: one call per record instead of one per rule)."""
    from ..dsl.compiler import build_fused

    by_subject: dict[str, list[tuple[Rule, dict[str, Any]]]] = {}
    for rule, trees in rules:
        if len(folded_params(rule)) == len(rule.params):
            by_subject.setdefault(rule.subject, []).append((rule, trees))
    out = []
    for subject, members in sorted(by_subject.items()):
        code, closure = build_fused(subject, [(trees, folded_params(rule)) for rule, trees in members])
        out.append((subject, code, closure, [rule.id for rule, _ in members]))
    return out
