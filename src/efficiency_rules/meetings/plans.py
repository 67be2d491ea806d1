"""Reading meeting plans: YAML or JSON, one plan or a list per file, checked against the schema.

A plan that breaks `schemas/meeting.schema.json` becomes an `InputError` naming its file and
the field as a JSON path; the other plans in the file are still read (STYLE.md: a bad record is
an entry, never a crash). Times without a zone are read as China time and a note says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..findings import InputError
from ..paths import schemas_dir
from ..safeyaml import YamlInputError, load_yaml_text, read_text_limited

CHINA_TZ = timezone(timedelta(hours=8), "UTC+08:00")
PLAN_SUFFIXES = (".yaml", ".yml", ".json")
# Schema errors shown per plan: enough to fix the plan, not a wall of text.
MAX_ERRORS_PER_PLAN = 10


@dataclass(frozen=True)
class MeetingPlan:
    """One valid, not-yet-derived plan. `data` is the plan as JSON values (times as strings);
    `pointer` is where it sits in its file (`$`, `$[2]`, `$.plans[2]`)."""

    id: str
    data: Mapping[str, Any]
    path: str
    pointer: str
    start: datetime  # aware
    end: datetime  # aware
    zone_assumed: bool = False
    from_register: bool = False

    @property
    def cancelled(self) -> bool:
        return self.data.get("status") == "cancelled"

    @property
    def title(self) -> str:
        return str(self.data["title"])


@dataclass
class LoadedPlans:
    """What reading produced: the plans to check, unreadable inputs and notes."""

    plans: list[MeetingPlan] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cancelled: list[MeetingPlan] = field(default_factory=list)

    def extend(self, other: LoadedPlans) -> None:
        self.plans.extend(other.plans)
        self.errors.extend(other.errors)
        self.notes.extend(other.notes)
        self.cancelled.extend(other.cancelled)


# ---------------------------------------------------------------- schema


@lru_cache(maxsize=4)
def _validator(schema_path: str) -> Any:
    """The plan validator, compiled once (jsonschema is imported only when plans are read)."""
    import jsonschema

    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def plan_validator() -> Any:
    return _validator(str(schemas_dir() / "meeting.schema.json"))


def json_path(parts: Iterable[Any], root: str = "$") -> str:
    out = root
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).isidentifier():
            out += f".{part}"
        else:
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
    return out


_LEVEL_HINT = "prefecture_committee | prefecture_government | department | county"


def _expected(error: Any) -> tuple[str, str]:
    """What the schema expected, in Chinese and English, from one jsonschema error."""
    kind, arg = error.validator, error.validator_value
    if kind == "required":
        missing = [name for name in arg if isinstance(error.instance, dict) and name not in error.instance]
        names = ", ".join(missing) or ", ".join(arg)
        return f"缺少必填字段 {names}", f"missing required field {names}"
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        names = ", ".join(extra)
        return f"未知字段 {names}(是否拼写有误?)", f"unknown field {names} (misspelt?)"
    if kind == "enum":
        options = " | ".join(map(str, arg))
        return f"应为以下之一: {options}", f"expected one of: {options}"
    if kind == "type":
        want = arg if isinstance(arg, str) else "/".join(arg)
        zh = {"string": "文本", "integer": "整数", "number": "数字", "array": "列表", "object": "映射",
              "boolean": "true/false"}.get(want, want)
        return f"应为{zh},实际为 {error.instance!r}", f"expected {want}, got {error.instance!r}"
    if kind == "pattern" and "format" in error.schema:
        if error.schema["format"] == "date":
            return (f"应为日期 YYYY-MM-DD,实际为 {error.instance!r}",
                    f"expected a date YYYY-MM-DD, got {error.instance!r}")
        return (f"应为 ISO 8601 日期时间(例如 2026-03-10T09:00:00+08:00),实际为 {error.instance!r}",
                f"expected an ISO 8601 date-time such as 2026-03-10T09:00:00+08:00, got {error.instance!r}")
    if kind == "pattern":
        return f"格式不符(应匹配 {arg}),实际为 {error.instance!r}", f"expected to match {arg}, got {error.instance!r}"
    if kind == "minimum":
        return f"应不小于 {arg},实际为 {error.instance!r}", f"expected at least {arg}, got {error.instance!r}"
    if kind == "minLength":
        return "不能为空", "must not be empty"
    return f"不符合格式要求: {error.message}", f"does not meet the schema: {error.message}"


def schema_errors(plan: Any, path: str, pointer: str) -> list[InputError]:
    errors = sorted(plan_validator().iter_errors(plan), key=lambda e: list(map(str, e.absolute_path)))
    out: list[InputError] = []
    for error in errors[:MAX_ERRORS_PER_PLAN]:
        parts = list(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, dict):
            missing = [n for n in error.validator_value if n not in error.instance]
            parts += missing[:1]
        zh, en = _expected(error)
        out.append(InputError(path, zh, field=json_path(parts, pointer), message_en=en,
                              value=None if isinstance(error.instance, (dict, list)) else str(error.instance)))
    return out


# ---------------------------------------------------------------- reading


def _jsonable(value: Any) -> Any:
    """YAML turns unquoted timestamps into datetime/date objects; the schema speaks strings."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def parse_time(text: str) -> tuple[datetime, bool]:
    """An ISO 8601 date-time as an aware datetime; a naive one is China time (True = assumed)."""
    value = datetime.fromisoformat(text.replace(" ", "T", 1))
    if value.tzinfo is None:
        return value.replace(tzinfo=CHINA_TZ), True
    return value, False


def _split_document(doc: Any) -> Iterator[tuple[str, Any]]:
    """The plans of one file with their JSON path: a plan, a list, or {plans: [...]}."""
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            yield f"$[{i}]", item
    elif isinstance(doc, dict) and set(doc) == {"plans"} and isinstance(doc["plans"], list):
        for i, item in enumerate(doc["plans"]):
            yield f"$.plans[{i}]", item
    else:
        yield "$", doc


def read_plan_file(path: Path, *, from_register: bool = False) -> LoadedPlans:
    """Every plan of one file; errors for the file or for single plans, never an exception."""
    out = LoadedPlans()
    try:
        text = read_text_limited(path)
        doc = json.loads(text) if path.suffix.lower() == ".json" else load_yaml_text(text)
    except YamlInputError as exc:
        out.errors.append(InputError(str(path), f"无法读取: {exc}", line=exc.line, message_en=f"cannot read: {exc}"))
        return out
    except (OSError, ValueError) as exc:  # JSONDecodeError is a ValueError
        out.errors.append(InputError(str(path), f"无法读取: {exc}", line=getattr(exc, "lineno", None),
                                     message_en=f"cannot read: {exc}"))
        return out
    if doc is None:
        out.errors.append(InputError(str(path), "文件为空,没有会议计划", message_en="empty file: no meeting plan"))
        return out
    bad = 0
    for pointer, raw in _split_document(_jsonable(doc)):
        one = read_plan(raw, str(path), pointer, from_register=from_register)
        if one.errors:
            bad += 1
            if bad > MAX_ERRORS_PER_FILE:
                continue  # counted, not listed: a file of a million bad entries is one problem
        out.extend(one)
    if bad > MAX_ERRORS_PER_FILE:
        out.errors.append(InputError(
            str(path), f"另有 {bad - MAX_ERRORS_PER_FILE} 个计划不符合格式,未逐一列出",
            message_en=f"{bad - MAX_ERRORS_PER_FILE} more plans break the schema (not listed one by one)"))
    return out


# Past this many bad plans in one file the rest are counted, not listed one by one.
MAX_ERRORS_PER_FILE = 50


def read_plan(raw: Any, path: str, pointer: str = "$", *, from_register: bool = False) -> LoadedPlans:
    """One plan: schema check, then times (zone, end before start)."""
    out = LoadedPlans()
    errors = schema_errors(raw, path, pointer)
    if errors:
        out.errors.extend(errors)
        return out
    start, start_assumed = parse_time(raw["start"])
    end, end_assumed = parse_time(raw["end"])
    if end < start:
        out.errors.append(InputError(
            path, f"结束时间 {raw['end']} 早于开始时间 {raw['start']}", field=f"{pointer}.end", value=raw["end"],
            message_en=f"end {raw['end']} is before start {raw['start']}"))
        return out
    plan = MeetingPlan(str(raw["id"]), raw, path, pointer, start, end, start_assumed or end_assumed, from_register)
    if plan.zone_assumed:
        out.notes.append(zone_note(plan))
    (out.cancelled if plan.cancelled else out.plans).append(plan)
    return out


def zone_note(plan: MeetingPlan) -> str:
    return (f"{plan.path}: 会议计划 {plan.id} 的时间未注明时区,按北京时间(UTC+8)理解"
            f" (plan {plan.id}: no time zone given; read as China time, UTC+8)")


def plan_files(folder: Path) -> list[Path]:
    """Plan files under a register folder, recursively, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES)


# ---------------------------------------------------------------- one plan per id


def _same_plan(a: MeetingPlan, b: MeetingPlan) -> bool:
    if Path(a.path).resolve() == Path(b.path).resolve() and a.pointer == b.pointer:
        return True
    return json.dumps(a.data, sort_keys=True, ensure_ascii=False) == json.dumps(b.data, sort_keys=True, ensure_ascii=False)


def merge_by_id(plans: Iterable[MeetingPlan]) -> tuple[list[MeetingPlan], list[InputError]]:
    """One plan per id. The same plan seen twice (given and in the register) is one plan;
    two different plans with one id are an error and the later one (register after command
    line, then file order) is left out, so the organiser's own version is the one checked."""
    kept: dict[str, MeetingPlan] = {}
    errors: list[InputError] = []
    for plan in sorted(plans, key=lambda p: p.from_register):  # stable: command line first
        first = kept.get(plan.id)
        if first is None:
            kept[plan.id] = plan
        elif not _same_plan(first, plan):
            errors.append(InputError(
                plan.path, f"会议计划编号 {plan.id} 重复: 与 {first.path} 中的另一计划内容不同,本计划未检查",
                field=f"{plan.pointer}.id", value=plan.id,
                message_en=f"duplicate plan id {plan.id}: differs from the plan in {first.path}; this one was not checked"))
    return list(kept.values()), errors


def load_plans(paths: Iterable[Path], register: Path | None = None) -> LoadedPlans:
    """The plans given plus the register's, one per id, cancelled ones set aside."""
    out = LoadedPlans()
    for path in paths:
        out.extend(read_plan_file(path))
    if register is not None:
        if not register.is_dir():
            out.errors.append(InputError(str(register), "登记目录不存在", message_en="register folder not found"))
        else:
            for path in plan_files(register):
                out.extend(read_plan_file(path, from_register=True))
    merged, dup_errors = merge_by_id(out.plans + out.cancelled)
    out.errors.extend(dup_errors)
    out.plans = [p for p in merged if not p.cancelled]
    out.cancelled = [p for p in merged if p.cancelled]
    return out
