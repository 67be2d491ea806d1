"""Derived fields: 會期 in days, remote length in minutes, in_name_of, the busiest agenda topic."""

from __future__ import annotations

import pytest
from test_meetings_helpers import plan

from efficiency_rules.meetings import prepare_plan_input


@pytest.mark.parametrize("start, end, days", [
    ("2026-03-10T09:00:00+08:00", "2026-03-10T17:00:00+08:00", 1),
    ("2026-03-10T09:00:00+08:00", "2026-03-11T17:00:00+08:00", 2),  # issue 3's example
    ("2026-03-10T09:00:00+08:00", "2026-03-12T00:00:00+08:00", 2),  # ends at midnight
    ("2026-03-10T09:00:00+08:00", "2026-03-12T00:01:00+08:00", 3),
    ("2026-03-09T23:30:00Z", "2026-03-10T01:00:00Z", 1),  # 07:30–09:00 China time
    ("2026-03-09T15:30:00Z", "2026-03-09T16:30:00Z", 2),  # 23:30–00:30 China time
    ("2026-03-10T09:00:00", "2026-03-11T17:00:00", 2),  # no zone: China time
])
def test_duration_days(start: str, end: str, days: int) -> None:
    assert prepare_plan_input(plan(start=start, end=end))["duration_days"] == days


@pytest.mark.parametrize("end, minutes", [
    ("2026-03-10T11:00:00+08:00", 120),
    ("2026-03-10T11:00:30+08:00", 121),
    ("2026-03-10T11:01:00+08:00", 121),
    ("2026-03-10T11:10:00+08:00", 130),
    ("2026-03-10T09:00:00+08:00", 0),
])
def test_duration_minutes(end: str, minutes: int) -> None:
    rec = prepare_plan_input(plan(start="2026-03-10T09:00:00+08:00", end=end))
    assert rec["duration_minutes"] == minutes


def test_defaults_and_derived_fields() -> None:
    rec = prepare_plan_input(plan(attendees=150, end="2026-03-11T12:00:00+08:00",
                                  approvals=[{"by": "prefect", "date": "2026-03-01"}]))
    assert rec["in_name_of"] == "department"
    assert rec["department"] == "州教育局"
    assert rec["person_days"] == 300
    assert rec["year"] == 2026 and rec["status"] == "planned"
    assert rec["invitees"] == [] and rec["agenda"] == [] and rec["participants"] == []
    assert rec["approvals"][0]["covers"] == [] and rec["approvals"][0]["date"].isoformat() == "2026-03-01"
    assert rec["busiest_topic"] is None


def test_in_name_of_given_wins() -> None:
    rec = prepare_plan_input(plan(convener={"name": "州委办公室", "level": "prefecture_committee"},
                                  in_name_of="prefecture_government"))
    assert rec["in_name_of"] == "prefecture_government" and rec["department"] is None


def test_busiest_topic_counts_distinct_speakers() -> None:
    agenda = [{"topic": "部署工作", "speaker": "局长"}, {"topic": "部署工作。", "speaker": "副州长"},
              {"topic": "部署工作", "speaker": "局长"}, {"topic": "表彰", "speaker": "局长"}]
    topic = prepare_plan_input(plan(agenda=agenda))["busiest_topic"]
    assert topic["speaker_count"] == 2 and topic["speakers"] == ["局长", "副州长"]


def test_bad_input_raises_for_rule_authors() -> None:
    with pytest.raises(ValueError, match=r"\$.attendees"):
        prepare_plan_input(plan(attendees="many"))
