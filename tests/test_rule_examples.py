"""Every rule's own examples, one test per rule: a new rule needs no new Python test."""

from __future__ import annotations

import pytest

from efficiency_rules.engine import load_pack
from efficiency_rules.rules.examples import run_examples

PACK = load_pack(use_cache=False)


@pytest.mark.parametrize("rule_id", sorted(c.rule.id for c in PACK.rules))
def test_rule_examples(rule_id: str) -> None:
    results = run_examples(PACK, rule_id)
    failures = [f"{r.path}:{r.line} «{r.example}»: {r.detail}" for r in results if not r.ok]
    assert results and not failures, "\n".join(failures)


def test_every_rule_has_a_passing_and_a_failing_example() -> None:
    for compiled in PACK.rules:
        outcomes = {e.expect_fire for e in compiled.rule.examples}
        assert outcomes == {True, False}, compiled.rule.id
