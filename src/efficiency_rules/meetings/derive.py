"""The record rules see for one plan: the plan's fields as Python values plus derived fields.

Every derived field is declared (readOnly) in `schemas/meeting.schema.json`, so rules that use
it are type-checked like any other field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from .plans import CHINA_TZ, MeetingPlan

# Fields a rule quantifies over: an absent list is an empty list, not unknown, so that MTG-4/5
# fire on a plan with no approvals at all (missing data would otherwise silence the rule).
LIST_FIELDS = ("participants", "invitees", "agenda", "approvals")


def china_date(moment: datetime, *, is_end: bool = False) -> date:
    """The calendar day in China time. An end at exactly 00:00 closes the day before: a meeting
    that runs to midnight does not occupy the next day's 會期 (MTG-2)."""
    local = moment.astimezone(CHINA_TZ)
    if is_end and local.time() == time(0, 0):
        return local.date() - timedelta(days=1)
    return local.date()


def duration_days(start: datetime, end: datetime) -> int:
    """會期 in calendar days, start date to end date inclusive (issue 3: 10 Mar 09:00 → 11 Mar
    17:00 is 2 days)."""
    return max(1, (china_date(end, is_end=True) - china_date(start)).days + 1)


def duration_minutes(start: datetime, end: datetime) -> int:
    """Length to the minute; any part of a minute counts (不超過2小時: 2 h 00 min 30 s is over)."""
    return math.ceil((end - start).total_seconds() / 60)


def busiest_topic(agenda: list[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The agenda topic with the most distinct speakers (MTG-9). Topics match after trimming
    spaces and punctuation, so 「部署安全生產工作」 and 「部署安全生產工作。」 are one topic."""
    by_topic: dict[str, tuple[str, list[str]]] = {}
    for item in agenda:
        key = "".join(ch for ch in item["topic"] if ch.isalnum())
        topic, speakers = by_topic.setdefault(key, (item["topic"], []))
        if item["speaker"] not in speakers:
            speakers.append(item["speaker"])
    if not by_topic:
        return None
    topic, speakers = max(by_topic.values(), key=lambda ts: len(ts[1]))
    return {"topic": topic, "speakers": speakers, "speakers_text": "、".join(speakers), "speaker_count": len(speakers)}


def _approval(raw: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(raw)
    out["date"] = date.fromisoformat(raw["date"])
    out.setdefault("covers", [])
    out.setdefault("ref", None)
    return out


def meeting_record(plan: MeetingPlan) -> dict[str, Any]:
    """The plan as rules see it (docs/rule-format.md: dates as date, date-times as aware
    datetime, durations as timedelta)."""
    rec: dict[str, Any] = {k: v for k, v in plan.data.items()}
    for name in LIST_FIELDS:
        rec[name] = list(rec.get(name) or [])
    rec["approvals"] = [_approval(a) for a in rec["approvals"]]
    rec["start"], rec["end"] = plan.start, plan.end
    rec["in_name_of"] = rec.get("in_name_of") or rec["convener"]["level"]
    rec.setdefault("status", "planned")
    rec["start_date"] = china_date(plan.start)
    rec["end_date"] = max(rec["start_date"], china_date(plan.end, is_end=True))
    rec["year"] = rec["start_date"].year
    rec["duration_days"] = duration_days(plan.start, plan.end)
    rec["duration_minutes"] = duration_minutes(plan.start, plan.end)
    rec["duration"] = plan.end - plan.start
    rec["person_days"] = rec["attendees"] * rec["duration_days"]
    rec["department"] = rec["convener"]["name"] if rec["convener"]["level"] == "department" else None
    rec["zone_assumed"] = plan.zone_assumed
    rec["busiest_topic"] = busiest_topic(rec["agenda"])
    return rec
