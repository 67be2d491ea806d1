"""Pairs across plans (MTG-6/7/8) on a small register, and the generator's pruning."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from test_meetings_helpers import FIXTURES, meeting_pack, plan

from efficiency_rules.meetings.command import run_meetings
from efficiency_rules.meetings.cross import (
    PairLimits,
    limits_from_pack,
    next_workday_after,
    pair_records,
)
from efficiency_rules.meetings.derive import meeting_record
from efficiency_rules.meetings.plans import read_plan, read_plan_file

REGISTER = FIXTURES / "register"


def _records():
    return [{**meeting_record(p), "_path": p.path} for p in read_plan_file(REGISTER / "plans.yaml").plans]


def _pairs(limits: PairLimits | None = None) -> dict[str, dict]:
    return {r["id"]: r for r in pair_records(_records(), limits or PairLimits())}


def test_limits_come_from_the_rules() -> None:
    limits = limits_from_pack(meeting_pack())
    assert limits == PairLimits(similar_within_days=90, min_similarity=Fraction(1, 2),
                                shared_within_days=7, min_shared=1, per_year=True)


def test_candidate_pairs_on_the_small_register() -> None:
    pairs = _pairs()
    assert set(pairs) == {"d-01~d-02", "s-01~s-02", "p-01~p-02"}
    assert pairs["d-01~d-02"]["same_department_year"] and pairs["d-01~d-02"]["b"]["year_ordinal"] == 2
    assert pairs["s-01~s-02"]["similarity"] >= Fraction(1, 2) and pairs["s-01~s-02"]["days_apart"] == 14
    p = pairs["p-01~p-02"]
    assert p["shared_participants"] == ["利川市衛生健康局"] and not p["back_to_back"] and p["days_apart"] == 3
    assert p["_related"][0]["id"] == "p-01"


def test_window_parameters_prune() -> None:
    wide = _pairs(PairLimits(similar_within_days=200))
    assert "s-01~s-03" in wide and "s-01~s-03" not in _pairs()
    assert "p-01~p-02" not in _pairs(PairLimits(shared_within_days=2))
    assert "s-01~s-02" not in _pairs(PairLimits(min_similarity=None))


@pytest.mark.parametrize("day, expected", [
    ("2026-04-03", "2026-04-07"),  # 清明: 4–6 April off
    ("2026-02-27", "2026-02-28"),  # a 調休 Saturday is a working day
    ("2026-03-06", "2026-03-09"),  # an ordinary weekend
    ("2026-09-30", "2026-10-08"),  # 國慶
])
def test_next_working_day_uses_the_official_calendar(day: str, expected: str) -> None:
    assert next_workday_after(dt.date.fromisoformat(day)).isoformat() == expected


def test_findings_through_the_rules() -> None:
    result = run_meetings([], register=REGISTER, pack=meeting_pack())
    got = sorted((f.norm, f.subject.id, tuple(r["id"] for r in f.related))
                 for f in result.findings if f.norm in ("MTG-6", "MTG-7", "MTG-8"))
    assert got == [("MTG-6", "d-02", ("d-01",)), ("MTG-7", "s-02", ("s-01",)), ("MTG-8", "p-02", ("p-01",))]
    mtg8 = next(f for f in result.findings if f.norm == "MTG-8")
    assert "利川市衛生健康局" in mtg8.message("zh")


def test_only_pairs_touching_a_given_plan_are_reported(tmp_path) -> None:
    import yaml

    mine = tmp_path / "mine.yaml"
    mine.write_text(yaml.safe_dump(plan(id="new-1", title="全州安全生产工作调度会", format="video",
                                        start="2026-03-12T09:00:00+08:00", end="2026-03-12T10:00:00+08:00"),
                                   allow_unicode=True), encoding="utf-8")
    result = run_meetings([mine], register=REGISTER, pack=meeting_pack())
    assert result.subjects == 1
    pairs = {(f.subject.id, f.related[0]["id"]) for f in result.findings if f.related}
    assert pairs and all("new-1" in p for p in pairs)
    assert ("new-1", "s-01") in pairs


def test_pair_finding_waived_by_an_approval_of_the_later_meeting() -> None:
    recs = _records()
    for r in recs:
        if r["id"] == "s-02":
            r["approvals"] = [{"by": "prefect", "date": dt.date(2026, 3, 1), "ref": "州长批示", "covers": ["MTG-7"]}]
    pack = meeting_pack()
    (pair,) = [p for p in pair_records(recs, limits_from_pack(pack)) if p["id"] == "s-01~s-02"]
    from efficiency_rules.findings import Subject

    (finding,) = pack.evaluate("meeting_pair", pair, Subject("meeting", "s-02"))
    assert finding.status == "waived" and finding.waiver.ref == "州长批示"


def test_work_grows_with_window_density_not_with_all_pairs() -> None:
    """400 plans a day apart: a 7-day window sees a handful each, never 400×399/2 pairs."""
    raws = [plan(id=f"g-{i:03}", title=f"全州第{i}项专题工作会议", participants=["恩施市人民政府"],
                 start=(dt.datetime(2020, 1, 1, 9) + dt.timedelta(days=i)).isoformat() + "+08:00",
                 end=(dt.datetime(2020, 1, 1, 10) + dt.timedelta(days=i)).isoformat() + "+08:00")
            for i in range(400)]
    records = [meeting_record(read_plan(r, "x").plans[0]) for r in raws]
    pairs = pair_records(records, PairLimits(min_similarity=None))
    assert 0 < len(pairs) <= 400 * 7
