"""Reading plans: formats, schema errors with JSON paths, duplicates, times, hostile YAML."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from test_meetings_helpers import FIXTURES, plan

from efficiency_rules.meetings.plans import load_plans, read_plan, read_plan_file


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, data, pointers", [
    ("one.yaml", plan(), ["$"]),
    ("list.yaml", [plan(id="a"), plan(id="b")], ["$[0]", "$[1]"]),
    ("wrapped.yaml", {"plans": [plan(id="a"), plan(id="b")]}, ["$.plans[0]", "$.plans[1]"]),
    ("one.json", plan(), ["$"]),
    ("list.json", [plan(id="a")], ["$[0]"]),
])
def test_file_shapes(tmp_path: Path, name: str, data: object, pointers: list[str]) -> None:
    loaded = read_plan_file(write(tmp_path, name, data))
    assert loaded.errors == []
    assert [p.pointer for p in loaded.plans] == pointers


@pytest.mark.parametrize("changes, field, fragment", [
    ({"attendees": "二百"}, "$.attendees", "应为整数"),
    ({"attendees": -1}, "$.attendees", "不小于 0"),
    ({"start": "2026-03-10 上午"}, "$.start", "ISO 8601"),
    ({"start": "2026-03-10"}, "$.start", "ISO 8601"),
    ({"format": "zoom"}, "$.format", "in_person | teleconference | video"),
    ({"convener": {"name": "州教育局", "level": "bureau"}}, "$.convener.level", "应为以下之一"),
    ({"atendees": 3}, "$", "未知字段 atendees"),
    ({"approvals": [{"by": "prefect", "date": "2026/03/01"}]}, "$.approvals[0].date", "YYYY-MM-DD"),
    ({"approvals": [{"by": "prefect", "date": "2026-03-01", "covers": ["mtg6"]}]}, "$.approvals[0].covers[0]", "格式不符"),
    ({"invitees": [{"name": "张三"}]}, "$.invitees[0].role", "缺少必填字段 role"),
])
def test_schema_errors_name_the_field(changes: dict, field: str, fragment: str) -> None:
    loaded = read_plan(plan(**changes), "p.yaml")
    assert loaded.plans == []
    assert [e.field for e in loaded.errors] == [field]
    assert fragment in loaded.errors[0].message
    assert loaded.errors[0].message_en


def test_missing_required_field_points_at_it() -> None:
    raw = plan()
    del raw["attendees"]
    (error,) = read_plan(raw, "p.yaml", "$.plans[2]").errors
    assert error.field == "$.plans[2].attendees"
    assert "缺少必填字段 attendees" in error.message


def test_bad_plan_does_not_stop_the_others() -> None:
    loaded = read_plan_file(FIXTURES / "mixed.yaml")
    assert [p.id for p in loaded.plans] == ["m-01", "m-03"]  # m-03: unquoted YAML timestamps
    assert sorted(e.field for e in loaded.errors) == ["$.plans[1].attendees", "$.plans[1].start"]
    assert all(e.path.endswith("mixed.yaml") for e in loaded.errors)


def test_end_before_start_is_an_error() -> None:
    loaded = read_plan(plan(end="2026-03-10T08:59:00+08:00"), "p.yaml")
    assert loaded.plans == []
    (error,) = loaded.errors
    assert error.field == "$.end" and "早于" in error.message


def test_time_without_zone_is_china_time_with_a_note() -> None:
    loaded = read_plan(plan(start="2026-03-10T09:00:00", end="2026-03-10T11:00"), "p.yaml")
    (p,) = loaded.plans
    assert p.zone_assumed and p.start.utcoffset().total_seconds() == 8 * 3600
    assert len(loaded.notes) == 1 and "UTC+8" in loaded.notes[0]


def test_cancelled_plan_is_set_aside() -> None:
    loaded = read_plan(plan(status="cancelled"), "p.yaml")
    assert loaded.plans == [] and [p.id for p in loaded.cancelled] == ["t-01"]


def test_same_plan_given_and_in_register_is_one(tmp_path: Path) -> None:
    register = tmp_path / "register"
    register.mkdir()
    given = write(tmp_path, "mine.yaml", plan())
    write(register, "copy.yaml", plan())
    write(register, "other.yaml", plan(id="t-02"))
    loaded = load_plans([given], register)
    assert loaded.errors == []
    assert sorted(p.id for p in loaded.plans) == ["t-01", "t-02"]
    assert [p.from_register for p in loaded.plans if p.id == "t-01"] == [False]


def test_same_file_given_twice_is_one_plan(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", plan())
    loaded = load_plans([path, path], tmp_path)
    assert loaded.errors == [] and len(loaded.plans) == 1


def test_two_different_plans_with_one_id_are_an_error(tmp_path: Path) -> None:
    register = tmp_path / "register"
    register.mkdir()
    given = write(tmp_path, "mine.yaml", plan(attendees=120))
    write(register, "old.yaml", plan(attendees=180))
    loaded = load_plans([given], register)
    (error,) = loaded.errors
    assert error.field == "$.id" and error.path.endswith("old.yaml") and "重复" in error.message
    (kept,) = loaded.plans
    assert kept.data["attendees"] == 120  # the organiser's own version is checked


def test_alias_bomb_is_refused_quickly_in_bounded_memory() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    loaded = read_plan_file(FIXTURES / "alias_bomb.yaml")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert loaded.plans == []
    (error,) = loaded.errors
    assert "alias" in error.message and error.line is not None
    assert elapsed < 1.0 and peak < 20 * 1024 * 1024


@pytest.mark.parametrize("content, fragment", [
    ("{id: [", "YAML"),
    ("", "为空"),
])
def test_unreadable_files_are_errors(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    (error,) = read_plan_file(path).errors
    assert fragment in error.message


def test_missing_register_is_an_error(tmp_path: Path) -> None:
    loaded = load_plans([], tmp_path / "nope")
    assert len(loaded.errors) == 1
