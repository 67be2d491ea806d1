"""The meeting rules through the engine: their own examples, and the boundaries of issue 3 on
plans prepared by the same code as real input."""

from __future__ import annotations

from typing import Any

import pytest
from test_meetings_helpers import meeting_pack, plan

from efficiency_rules.findings import Subject
from efficiency_rules.meetings import prepare_plan_input
from efficiency_rules.rules.examples import run_examples


def test_every_meeting_rule_example_holds() -> None:
    failing = [f"{r.rule} {r.example}: {r.detail}" for r in run_examples(meeting_pack()) if not r.ok]
    assert failing == []


def test_rules_cover_the_checkable_meeting_norms() -> None:
    norms = {c.rule.norm for c in meeting_pack().rules}
    assert norms == {f"MTG-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12)}


def _fired(raw: dict[str, Any]) -> dict[str, Any]:
    rec = prepare_plan_input(raw)
    return {f.norm: f for f in meeting_pack().evaluate("meeting", rec, Subject("meeting", raw["id"]))}


VIDEO = {"format": "video"}


@pytest.mark.parametrize("changes, norm, fires, values", [
    ({"attendees": 200, **VIDEO}, "MTG-1", False, {}),
    ({"attendees": 201, **VIDEO}, "MTG-1", True, {"excess": 1}),
    ({"attendees": 450, "kind": "statutory"}, "MTG-1", False, {}),
    ({"attendees": 450, "scope": "county"}, "MTG-1", False, {}),
    ({"end": "2026-03-11T17:00:00+08:00"}, "MTG-2", False, {}),
    ({"end": "2026-03-12T09:30:00+08:00"}, "MTG-2", True, {"days": 3, "excess": 1}),
    ({"end": "2026-03-12T17:00:00+08:00", "kind": "statutory"}, "MTG-2", False, {}),
    ({"end": "2026-03-10T11:00:00+08:00", **VIDEO}, "MTG-3", False, {}),
    ({"end": "2026-03-10T11:01:00+08:00", **VIDEO}, "MTG-3", True, {"excess": 1}),
    ({"end": "2026-03-10T11:10:00+08:00", "format": "teleconference"}, "MTG-3", True, {"minutes": 130}),
    ({"end": "2026-03-10T12:00:00+08:00"}, "MTG-3", False, {}),  # in person: not a remote meeting
    ({}, "MTG-10", True, {}),
    (VIDEO, "MTG-10", False, {}),
])
def test_boundaries(changes: dict, norm: str, fires: bool, values: dict) -> None:
    finding = _fired(plan(**changes)).get(norm)
    assert (finding is not None) == fires
    for key, value in values.items():
        assert finding.values[key] == value


COMMITTEE = {"convener": {"name": "州委办公室", "level": "prefecture_committee"}, **VIDEO}
GOVERNMENT = {"convener": {"name": "州政府办公室", "level": "prefecture_government"}, **VIDEO}


@pytest.mark.parametrize("changes, satisfied", [
    ({**COMMITTEE, "approvals": [{"by": "prefecture_standing_committee", "date": "2026-03-01"}]}, True),
    ({**COMMITTEE, "approvals": [{"by": "prefecture_party_secretary", "date": "2026-03-10"}]}, True),
    ({**COMMITTEE, "approvals": [{"by": "prefecture_party_secretary", "date": "2026-03-11"}]}, False),
    ({**COMMITTEE, "approvals": [{"by": "prefect", "date": "2026-03-01"}]}, False),
    ({**COMMITTEE}, False),
    ({**GOVERNMENT, "approvals": [{"by": "prefecture_executive_meeting", "date": "2026-03-01"}]}, True),
    ({**GOVERNMENT, "approvals": [{"by": "prefect", "date": "2026-03-01"}]}, True),
    ({**GOVERNMENT, "approvals": [{"by": "prefecture_standing_committee", "date": "2026-03-01"}]}, False),
    # a department meeting held in the 州政府's name needs the 州政府's approval too
    ({"in_name_of": "prefecture_government", **VIDEO}, False),
])
def test_mtg4_is_satisfied_by_the_named_body(changes: dict, satisfied: bool) -> None:
    finding = _fired(plan(**changes)).get("MTG-4")
    assert (finding is None) == satisfied
    if finding is not None:
        assert finding.status == "open" and finding.suggestion("zh")


SECRETARIES = [{"role": "county_party_secretary"}]
HEADS = [{"role": "county_head"}]


@pytest.mark.parametrize("changes, open_rules", [
    ({"invitees": SECRETARIES}, {"MTG-5-party-secretary"}),
    ({"invitees": HEADS}, {"MTG-5-county-head"}),
    ({"invitees": SECRETARIES + HEADS}, {"MTG-5-party-secretary", "MTG-5-county-head"}),
    ({"invitees": SECRETARIES + HEADS, "approvals": [
        {"by": "prefecture_party_secretary", "date": "2026-03-01"}, {"by": "prefect", "date": "2026-03-01"}]}, set()),
    # MTG-5 is satisfied, not waived: an approval that merely "covers" it does nothing
    ({"invitees": HEADS, "approvals": [{"by": "州教育局", "date": "2026-03-01", "covers": ["MTG-5"]}]},
     {"MTG-5-county-head"}),
    ({"invitees": HEADS, "convener": {"name": "利川市人民政府", "level": "county"}}, set()),
])
def test_mtg5_consents(changes: dict, open_rules: set) -> None:
    rec = prepare_plan_input(plan(**{**VIDEO, **changes}))
    findings = meeting_pack().evaluate("meeting", rec, Subject("meeting", "x"))
    assert {f.rule for f in findings if f.norm == "MTG-5" and f.status == "open"} == open_rules


def test_waivable_finding_is_waived_with_its_approval() -> None:
    approval = {"by": "prefecture_standing_committee", "date": "2026-03-01", "ref": "纪要5号", "covers": ["MTG-1"]}
    finding = _fired(plan(attendees=260, approvals=[approval], **VIDEO))["MTG-1"]
    assert finding.status == "waived" and finding.waiver.ref == "纪要5号"


def test_mtg2_cannot_be_waived() -> None:
    approval = {"by": "prefect", "date": "2026-03-01", "covers": ["MTG-2"]}
    finding = _fired(plan(end="2026-03-12T12:00:00+08:00", approvals=[approval]))["MTG-2"]
    assert finding.status == "open"


def test_mtg12_is_off_until_a_cap_is_configured() -> None:
    raw = plan(category="class_2", budget_yuan=10**7, **VIDEO)
    assert "MTG-12" not in _fired(raw)


def test_mtg12_with_a_configured_cap() -> None:
    from efficiency_rules.engine import load_pack

    pack = load_pack(overrides={"MTG-12-class-2": {"cap_per_person_day": 550}}, areas=("meetings",),
                     disabled=[f"MTG-{n}" for n in range(1, 12)], use_cache=False)
    rec = prepare_plan_input(plan(category="class_2", attendees=100, budget_yuan=110_001,
                                  end="2026-03-11T12:00:00+08:00"))
    (finding,) = pack.evaluate("meeting", rec, Subject("meeting", "x"))
    assert finding.values["excess"] == 1 and finding.values["allowed"] == 110_000
