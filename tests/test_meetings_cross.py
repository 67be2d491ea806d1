"""Pairs across plans (MTG-6/7/8) on a small register, the generator's pruning, one pair per
meeting and norm (the best partner), and bounded work on a file of identical plans."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from fractions import Fraction

import pytest
from test_meetings_helpers import FIXTURES, meeting_pack, plan

from efficiency_rules.meetings.command import run_meetings
from efficiency_rules.meetings.cross import (
    PairLimits,
    limits_from_pack,
    next_workday_after,
    pair_records,
    reported,
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


def _at(day: str, hour: int = 9, hours: int = 2) -> dict[str, str]:
    start = dt.datetime.fromisoformat(f"{day}T{hour:02}:00:00")
    return {"start": start.isoformat() + "+08:00", "end": (start + dt.timedelta(hours=hours)).isoformat() + "+08:00"}


def _chosen(raws: list[dict], norm: str, limits: PairLimits | None = None) -> set[tuple[str, str]]:
    records = [meeting_record(read_plan(r, "x").plans[0]) for r in raws]
    return {(p["a"]["id"], p["b"]["id"]) for p in pair_records(records, limits or PairLimits()) if norm in p["_norms"]}


def test_mtg7_pairs_a_meeting_with_its_most_similar_earlier_one() -> None:
    raws = [plan(id="m-1", title="全州安全生产工作会议", kind="other", **_at("2026-03-02")),
            plan(id="m-2", title="全州安全生产暨森林防火工作会议", kind="other", **_at("2026-03-10")),
            plan(id="m-3", title="全州安全生产工作推进会", kind="other", **_at("2026-03-20"))]
    # m-3 is as like m-1 as it can be, and only partly like m-2 (nearer): m-1 is its partner.
    assert _chosen(raws, "MTG-7") == {("m-1", "m-2"), ("m-1", "m-3")}


def test_mtg7_ties_go_to_the_nearest_and_statutory_meetings_come_last() -> None:
    raws = [plan(id=f"m-{i}", title="全州安全生产工作会议", kind="other", **_at(f"2026-03-0{i}")) for i in (2, 3, 4)]
    assert _chosen(raws, "MTG-7") == {("m-2", "m-3"), ("m-3", "m-4")}
    raws[1]["kind"] = "statutory"  # fixed by law: never merged, so not the one to name
    assert _chosen(raws, "MTG-7") == {("m-2", "m-3"), ("m-2", "m-4")}


def test_mtg8_pairs_a_meeting_with_the_nearest_it_is_not_back_to_back_with() -> None:
    units = ["恩施市教育局", "利川市教育局"]
    raws = [plan(id="e-1", title="全州教育工作会议", participants=units, **_at("2026-03-02")),  # Monday
            plan(id="e-2", title="全州职业教育会议", participants=units, **_at("2026-03-03")),  # Tuesday
            plan(id="e-3", title="全州体育工作会议", participants=units[:1], **_at("2026-03-04"))]
    # e-3 follows e-2 on the next working day (fine) but not e-1: still reported, against e-1.
    assert _chosen(raws, "MTG-8") == {("e-1", "e-3")}
    raws.append(plan(id="e-4", title="全州科技工作会议", participants=units[1:], **_at("2026-03-06")))  # Friday
    assert _chosen(raws, "MTG-8") == {("e-1", "e-3"), ("e-2", "e-4")}  # e-3 shares no unit with e-4


def test_a_pile_of_back_to_back_plans_does_not_hide_one_that_is_not() -> None:
    """More same-day plans than the walk looks at: the one a week before is still found."""
    units = ["恩施市教育局"]
    raws = [plan(id="w-0", title="全州教育工作会议", participants=units, **_at("2026-03-02"))]
    raws += [plan(id=f"w-{i:03}", title=f"全州第{i}项工作会议", participants=units, **_at("2026-03-06"))
             for i in range(1, 120)]
    pairs = _chosen(raws, "MTG-8", PairLimits(candidates=10))
    assert len(pairs) == 119 and {a for a, _ in pairs} == {"w-0"}


def test_a_pair_reports_only_the_norms_it_was_chosen_for() -> None:
    pair = {"_norms": ["MTG-8"]}
    assert reported(pair, "MTG-8") and not reported(pair, "MTG-7") and not reported(pair, "MTG-6")
    assert reported(pair, "XYZ-1")  # a user's own meeting_pair rule sees every pair
    assert reported({}, "MTG-7")  # a record made by hand


def _identical_plans(n: int) -> list[dict]:
    """n copies of one meeting (same department, title, participants) within two months."""
    base = dt.datetime(2026, 3, 2, 9)
    out = []
    for i in range(n):
        start = base + dt.timedelta(days=(i * 7) % 60, hours=(i % 3) * 2)
        out.append(plan(id=f"x-{i:05}", format="video", attendees=100,
                        participants=["恩施市教育局", "利川市教育局", "建始县教育局"],
                        start=start.isoformat() + "+08:00",
                        end=(start + dt.timedelta(hours=1)).isoformat() + "+08:00"))
    return out


def test_identical_plans_in_one_file_are_linear(tmp_path) -> None:
    """2,000 copies of one meeting in one JSON file: every pair is similar and shares participants
    (~2 million pairs), but each plan gets at most one MTG-7 and one MTG-8 finding, quickly."""
    n = 2000
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(_identical_plans(n), ensure_ascii=False), encoding="utf-8")
    pack = meeting_pack()
    started = time.perf_counter()
    result = run_meetings([path], register=None, pack=pack)
    elapsed = time.perf_counter() - started
    assert result.errors == [] and result.subjects == n
    assert elapsed < 10, f"{elapsed:.1f} s"
    per_plan = Counter((f.norm, f.subject.id) for f in result.findings if f.norm in ("MTG-7", "MTG-8"))
    assert max(per_plan.values()) == 1
    by_norm = Counter(norm for norm, _ in per_plan)
    assert by_norm["MTG-7"] == n - 1  # every plan after the first repeats an earlier one
    assert 0 < by_norm["MTG-8"] < n
    assert sum(f.norm == "MTG-6" for f in result.findings) == n - 1  # each later one, naming the first
    assert len(result.findings) < 8 * n


def test_pair_records_stay_linear_on_identical_plans() -> None:
    records = [meeting_record(read_plan(r, "x").plans[0]) for r in _identical_plans(2000)]
    pairs = pair_records(records, PairLimits())
    assert len(pairs) <= 3 * len(records)
    for norm in ("MTG-6", "MTG-7", "MTG-8"):
        later = [p["b"]["id"] for p in pairs if norm in p["_norms"]]
        assert len(later) == len(set(later)), norm
