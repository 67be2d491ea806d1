"""Malformed rules: exit 2, and every error names rules/<area>/<id>.yaml:LINE:COL with a caret."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from efficiency_rules.cli import main
from efficiency_rules.rules import loader

REPO = Path(__file__).resolve().parents[1]

WIDGET_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "x-date-field": "day",
    "properties": {"size": {"type": "integer"}, "name": {"type": "string"},
                   "day": {"type": "string", "format": "date"},
                   "approvals": {"type": "array", "items": {"type": "object"}}},
}

GOOD = """\
id: MTG-1-widget
norm: MTG-1
area: meetings
subject: widget
title: {zh: 测试, en: test}
clause: {section: 三(三)二, quote: 參會人員一般不超過200人, word: 一般}
severity: warning
severity_reason: 一般 → warning
params:
  max_size:
    unit: 人
    values:
      - {since: 2000-01-01, value: 200}
      - {since: 2027-01-01, value: 150}
require: widget.size <= params.max_size
values: {size: widget.size, limit: params.max_size, excess: widget.size - params.max_size}
message: {zh: "共 {size} 人,超出 {excess} 人", en: "{size} people, {excess} over"}
examples:
  pass:
    - {name: at the cap, record: {size: 200, day: 2026-05-01}}
    - {name: at the 2027 cap, record: {size: 150, day: 2027-05-01}}
  fail:
    - {name: one over, record: {size: 201, day: 2026-05-01}, values: {excess: 1}}
    - {name: one over in 2027, record: {size: 151, day: 2027-05-01}, values: {limit: 150}}
"""


@pytest.fixture()
def pack_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    rules = tmp_path / "rules"
    (rules / "meetings").mkdir(parents=True)
    shutil.copy(REPO / "rules" / "norms.yaml", rules / "norms.yaml")
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    shutil.copy(REPO / "schemas" / "rule.schema.json", schemas / "rule.schema.json")
    (schemas / "widget.schema.json").write_text(json.dumps(WIDGET_SCHEMA), encoding="utf-8")
    monkeypatch.setenv("EFFICIENCY_RULES_DIR", str(rules))
    monkeypatch.setenv("EFFICIENCY_RULES_SCHEMAS", str(schemas))
    monkeypatch.chdir(tmp_path)
    loader.subject_schema.cache_clear()
    loader._rule_validator.cache_clear()
    loader._fast_rule_check.cache_clear()
    return rules / "meetings"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_good_rule_loads_and_its_dated_examples_pass(pack_dirs: Path) -> None:
    (pack_dirs / "MTG-1-widget.yaml").write_text(GOOD, encoding="utf-8")
    code, out = run("rules", "test")
    assert code == 0, out
    assert "4 passed, 0 failed" in out


@pytest.mark.parametrize("old, new, line, column, message", [
    ("require: widget.size <= params.max_size", "require: widget.sise <= params.max_size", 15, 17,
     "unknown field `sise` of widget (did you mean `size`?)"),
    ("require: widget.size <= params.max_size", "require: widget.size <= params.max_sise", 15, 32,
     "unknown field `max_sise` of params"),
    ("require: widget.size <= params.max_size", "require: widget.name <= 3", 15, 22,
     "cannot compare a string with a number"),
    ("require: widget.size <= params.max_size", "require: size_of(widget.name) < 3", 15, 10,
     "unknown function `size_of`"),
    ("require: widget.size <= params.max_size", "require: |\n  widget.size <=\n    params.max_size and widget.nam == 1",
     17, 32, "unknown field `nam`"),
    ("require: widget.size <= params.max_size", 'require: "widget.size <= 3 3"', 15, 28, "unexpected '3'"),
    ("severity: warning", "severity: error", 7, 11, "MTG-1 is a warning by its wording"),
    ("id: MTG-1-widget", "id: MTG-1-gadget", 1, 5, "must equal the file name"),
    ("norm: MTG-1\n", "norm: MTG-99\n", 2, 7, "not a norm of NORMS.md"),
    (("  fail:\n    - {name: one over, record: {size: 201, day: 2026-05-01}, values: {excess: 1}}\n"
      "    - {name: one over in 2027, record: {size: 151, day: 2027-05-01}, values: {limit: 150}}\n"), "", 19, 3,
     "'fail' is missing"),
    ("title: {zh: 测试, en: test}", "title: {zh: 测试, en: [test}", 5, 26, "YAML syntax error"),
])
def test_malformed_rule_is_exit_2_with_position(pack_dirs: Path, old: str, new: str, line: int, column: int,
                                                 message: str) -> None:
    assert old in GOOD
    (pack_dirs / "MTG-1-widget.yaml").write_text(GOOD.replace(old, new), encoding="utf-8")
    code, out = run("rules", "list")
    assert code == 2, out
    assert f"rules/meetings/MTG-1-widget.yaml:{line}:{column}: error: " in out, out
    assert message in out
    assert "Traceback" not in out


def test_caret_points_at_the_column(pack_dirs: Path) -> None:
    (pack_dirs / "MTG-1-widget.yaml").write_text(GOOD.replace("widget.size <= params", "widget.sise <= params"),
                                                 encoding="utf-8")
    _, out = run("rules", "list")
    lines = out.splitlines()
    source = next(i for i, text in enumerate(lines) if text.strip().startswith("require: widget.sise"))
    assert lines[source + 1].index("^") == lines[source].index("sise")


def test_caret_allows_for_wide_characters(pack_dirs: Path) -> None:
    (pack_dirs / "MTG-1-widget.yaml").write_text(GOOD.replace("title: {zh: 测试, en: test}",
                                                              "title: {zh: 测试, en: [test}"), encoding="utf-8")
    _, out = run("rules", "list")
    lines = out.splitlines()
    assert lines[2].index("^") == lines[1].index("}") + 2  # 测试 are two columns each


def test_a_failing_example_fails_rules_test(pack_dirs: Path) -> None:
    (pack_dirs / "MTG-1-widget.yaml").write_text(GOOD.replace("{size: 200, day: 2026-05-01}",
                                                              "{size: 201, day: 2026-05-01}"), encoding="utf-8")
    code, out = run("rules", "test")
    assert code == 1
    assert "FAIL MTG-1-widget «at the cap»: expected no finding" in out


def test_an_example_with_a_misspelt_field_cannot_pass_silently(pack_dirs: Path) -> None:
    (pack_dirs / "MTG-1-widget.yaml").write_text(GOOD.replace("{size: 200, day: 2026-05-01}",
                                                              "{sise: 200, day: 2026-05-01}"), encoding="utf-8")
    code, out = run("rules", "test")
    assert code == 1
    assert "unknown field(s) in the example record: sise" in out


def test_config_overrides_a_parameter(pack_dirs: Path, tmp_path: Path) -> None:
    (pack_dirs / "MTG-1-widget.yaml").write_text(GOOD, encoding="utf-8")
    from efficiency_rules.engine import fire, load_pack
    from efficiency_rules.findings import Subject

    pack = load_pack(overrides={"MTG-1": {"max_size": 100}})
    compiled = pack.rules[0]
    assert fire(compiled, {"size": 101}, Subject("widget", "w")) is not None
    assert fire(compiled, {"size": 100}, Subject("widget", "w")) is None


def test_warm_load_comes_from_the_cache(pack_dirs: Path) -> None:
    (pack_dirs / "MTG-1-widget.yaml").write_text(GOOD, encoding="utf-8")
    from efficiency_rules.engine import load_pack
    from efficiency_rules.rules import cache

    cold = load_pack()
    assert cache.load(cold.content_hash) is not None
    warm = load_pack()
    assert [c.rule for c in warm.rules] == [c.rule for c in cold.rules]
    (pack_dirs / "MTG-1-widget.yaml").write_text(GOOD.replace("value: 200", "value: 190"), encoding="utf-8")
    assert load_pack().content_hash != cold.content_hash  # an edited rule is never served stale
