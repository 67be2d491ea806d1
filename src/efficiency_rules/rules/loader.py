"""Load a rule pack: read each YAML file, validate it against schemas/rule.schema.json, check
and compile its expressions against the subject's record schema. Every problem is collected
with its file position; a pack with any problem does not load (exit 2 at the CLI)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, cast

import yaml

from .. import safeyaml
from ..dsl import types as T
from ..dsl.errors import DslError
from ..paths import rules_dir, schemas_dir
from .errors import RuleError
from .model import Clause, Example, Param, Rule
from .positions import expression_position, find_node, node_position

MAX_RULE_BYTES = 256 * 1024
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(days?|hours?|minutes?)\s*$")
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


@lru_cache(maxsize=1)
def _rule_validator() -> Any:
    from jsonschema import Draft202012Validator  # lazy: only a cold load validates

    schema = json.loads((schemas_dir() / "rule.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@lru_cache(maxsize=1)
def _fast_rule_check() -> Any:
    """fastjsonschema compiles the rule schema to Python: a valid pack (the usual case) costs a
    few ms; jsonschema (≈160 ms to import) is loaded only to list every problem of a bad one."""
    import fastjsonschema

    schema = json.loads((schemas_dir() / "rule.schema.json").read_text(encoding="utf-8"))
    return fastjsonschema.compile(schema)


def schema_problems(data: Any) -> list[Any]:
    import fastjsonschema

    try:
        _fast_rule_check()(data)
        return []
    except fastjsonschema.JsonSchemaException:
        return sorted(_rule_validator().iter_errors(data), key=lambda e: list(e.path))


@cache
def subject_schema(subject: str) -> dict[str, Any] | None:
    path = schemas_dir() / f"{subject}.schema.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def load_catalogue(folder: Path | None = None) -> dict[str, dict[str, Any]]:
    """The norms of NORMS.md (rules/norms.yaml), by id."""
    data = safeyaml.load_yaml_file((folder or rules_dir()) / "norms.yaml")
    return {n["id"]: n for n in data["norms"]}


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Every rule file under the given folders (or the files themselves), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.yaml")) if p.name != "norms.yaml"
                         and not p.name.startswith("stock-phrases"))
        elif path.is_file():
            found.append(path)
    return found


def json_ready(value: Any) -> Any:
    """YAML data as JSON data (dates as ISO strings), for schema validation only."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    return value


def param_value(value: Any) -> Any:
    """Readable parameter values: "95%" is exactly 95/100, "2 hours" a duration."""
    if isinstance(value, str):
        if m := _PERCENT.match(value):
            return Fraction(m.group(1)) / 100
        if m := _DURATION.match(value):
            unit = m.group(2).rstrip("s")
            seconds = float(Fraction(m.group(1)) * {"day": 86400, "hour": 3600, "minute": 60}[unit])
            return dt.timedelta(seconds=seconds)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def param_type(values: Iterable[Any]) -> T.Type:
    kinds = {_value_type(v).kind: _value_type(v) for v in values if v is not None}
    return next(iter(kinds.values())) if len(kinds) == 1 else T.ANY


def _value_type(value: Any) -> T.Type:
    if isinstance(value, bool):
        return T.BOOL
    if isinstance(value, (int, float, Fraction)):
        return T.NUMBER
    if isinstance(value, str):
        return T.STRING
    if isinstance(value, dt.datetime):
        return T.DATETIME
    if isinstance(value, dt.date):
        return T.DATE
    if isinstance(value, dt.timedelta):
        return T.DURATION
    if isinstance(value, list):
        return T.list_of(param_type(value))
    return T.ANY


class FileLoader:
    """Loads one rule file; problems are appended to `errors` with their positions."""

    def __init__(self, path: Path, display: str, catalogue: Mapping[str, Mapping[str, Any]],
                 overrides: Mapping[str, Mapping[str, Any]]):
        self.path = path
        self.display = display
        self.catalogue = catalogue
        self.overrides = overrides
        self.errors: list[RuleError] = []
        self.lines: list[str] = []
        self.root: yaml.Node | None = None

    def error_at(self, line: int, column: int, message: str, expected: str | None = None) -> None:
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        self.errors.append(RuleError(self.display, line, column, message, source, expected))

    def error_path(self, path: list[str | int], message: str) -> None:
        self.error_at(*node_position(find_node(self.root, path)), message)

    def load(self) -> tuple[Rule, dict[str, Any]] | None:
        data = self._read()
        if data is None:
            return None
        problems = schema_problems(json_ready(data))
        for problem in problems:
            self.error_path(list(problem.absolute_path), _schema_message(problem))
        if problems:
            return None
        self._check_identity(data)
        rule = self._build(data)
        return (rule, data) if not self.errors else None

    def _read(self) -> dict[str, Any] | None:
        try:
            text = safeyaml.read_text_limited(self.path, MAX_RULE_BYTES)
            self.lines = text.splitlines()
            self.root = safeyaml.compose_yaml_text(text, MAX_RULE_BYTES)
            data = safeyaml.construct(self.root) if self.root is not None else None
        except safeyaml.YamlInputError as exc:
            self.error_at(exc.line or 1, exc.column or 1, str(exc))
            return None
        if not isinstance(data, dict):
            self.error_at(1, 1, "a rule file holds one mapping (id:, norm:, ...)")
            return None
        return data

    def _check_identity(self, data: Mapping[str, Any]) -> None:
        if data["id"] != self.path.stem:
            self.error_path(["id"], f"the rule id `{data['id']}` must equal the file name `{self.path.stem}`")
        if not str(data["id"]).startswith(str(data["norm"])):
            self.error_path(["id"], f"the rule id `{data['id']}` must start with its norm `{data['norm']}`")
        norm = self.catalogue.get(str(data["norm"]))
        if norm is None:
            self.error_path(["norm"], f"`{data['norm']}` is not a norm of NORMS.md (rules/norms.yaml)")
            return
        if norm.get("severity") and norm["severity"] != data["severity"]:
            self.error_path(["severity"], f"{data['norm']} is a {norm['severity']} by its wording "
                                          f"({norm.get('modality')}); the rule says {data['severity']}")
        if norm.get("area") != data["area"]:
            self.error_path(["area"], f"{data['norm']} belongs to area `{norm.get('area')}`")

    def _build(self, data: Mapping[str, Any]) -> Rule:
        params = self._params(data)
        schema = subject_schema(str(data["subject"])) or {}
        if not schema:
            self.error_path(["subject"], f"no record schema schemas/{data['subject']}.schema.json")
        norm = self.catalogue.get(str(data["norm"]), {})
        return Rule(
            id=str(data["id"]), norm=str(data["norm"]), area=str(data["area"]),
            subject=str(data["subject"]), title=data["title"],
            clause=Clause(**data["clause"], quote_zh=to_simplified(str(data["clause"]["quote"])),
                          word_zh=to_simplified(str(data["clause"]["word"])) if data["clause"]["word"] else None), severity=str(data["severity"]),
            severity_reason=str(data["severity_reason"]), params=params,
            when=data.get("when"), require=str(data["require"]), values=dict(data.get("values") or {}),
            message=data["message"], suggestion=data.get("suggestion"),
            examples=self._examples(data), path=self.display, count=dict(data.get("count") or {}),
            waivable=bool(norm.get("waivable")), date_field=schema.get("x-date-field"),
        )

    def _params(self, data: Mapping[str, Any]) -> dict[str, Param]:
        params: dict[str, Param] = {}
        override = {**self.overrides.get(str(data["norm"]), {}), **self.overrides.get(str(data["id"]), {})}
        for name, spec in (data.get("params") or {}).items():
            dated = sorted(((_as_date(v["since"]), param_value(v["value"])) for v in spec["values"]),
                           key=lambda pair: pair[0])
            if name in override:
                dated = [(dt.date(1900, 1, 1), param_value(override[name]))]
            params[name] = Param(name, spec.get("unit"), spec.get("source"), tuple(dated))
        for name in override:
            if name not in params:
                self.errors.append(RuleError(self.display, 1, 1,
                                             f"--config sets `{name}`, which rule {data['id']} does not have"))
        return params

    def _examples(self, data: Mapping[str, Any]) -> tuple[Example, ...]:
        out: list[Example] = []
        for outcome in ("pass", "fail"):
            for i, ex in enumerate(data["examples"][outcome]):
                line = node_position(find_node(self.root, ["examples", outcome, i]))[0]
                out.append(Example(str(ex["name"]), outcome == "fail", ex.get("record"), ex.get("input"),
                                   ex.get("params") or {}, ex.get("values") or {}, line))
        return tuple(out)

    def expression_error(self, where: list[str | int], exc: DslError) -> None:
        node = find_node(self.root, where)
        if node is None or not isinstance(node, yaml.ScalarNode):
            self.error_at(*node_position(node), exc.message, exc.expected)
            return
        line, col = expression_position(node, self.lines, exc.line, exc.column)
        self.error_at(line, col, exc.message, exc.expected)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # lazy: only a cold load converts quotes

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text))


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _schema_message(problem: Any) -> str:
    where = ".".join(str(p) for p in problem.absolute_path) or "the rule"
    if problem.validator == "required" and where == "examples":
        return ("examples: a rule needs at least one example that passes and one that fails; "
                + cast(str, problem.message).replace("is a required property", "is missing"))
    if problem.validator == "required":
        return f"{where}: {problem.message.replace('is a required property', 'is required')}"
    if problem.validator == "additionalProperties":
        return f"{where}: {problem.message}"
    if problem.validator == "oneOf" and where.startswith("examples"):
        return f"{where}: an example gives either `record:` or `input:`"
    if problem.validator == "minItems" and where.startswith("examples"):
        return f"{where}: a rule needs at least one example that passes and one that fails"
    return f"{where}: {problem.message}"
