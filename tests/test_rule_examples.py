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


def test_the_engines_fast_path_agrees_with_every_example() -> None:
    """Pack.evaluate (one fused function per subject, truth tests instead of three-valued
    values) fires on exactly the examples that the rule-by-rule evaluation fires on."""
    from efficiency_rules.findings import Subject
    from efficiency_rules.rules.examples import _record

    checked = 0
    for compiled in PACK.rules:
        rule = compiled.rule
        for example in rule.examples:
            if example.params:
                continue  # evaluated with its own parameters by the examples runner
            record = _record(rule.subject, example)
            found = PACK.evaluate(rule.subject, record, Subject(rule.subject, example.name))
            assert (rule.id in {f.rule for f in found}) is example.expect_fire, (rule.id, example.name)
            checked += 1
    assert checked > 100
