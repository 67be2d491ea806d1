"""The core of `efficiency-rules meetings PLAN... [--register DIR]`: read, derive, evaluate.

Per-plan rules run on the plans given on the command line (all plans when only a register is
given: the supervision office's view of the whole year). Cross-plan rules run over the plans
given plus the register, and a pair is reported when it involves a plan given: at most one per
later meeting and norm (cross.py chooses the pair, the rule decides on it). The CLI prints
the MTG-11 attestation; this module only computes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..findings import Finding, InputError, RunResult, Subject
from .cross import PairLimits, limits_from_pack, pair_records, reported
from .derive import meeting_record
from .plans import MeetingPlan, load_plans, zone_note
from .waivers import check_covers

# (subject type, record, subject) → findings. The default asks the pack; tests may stub it.
Evaluate = Callable[[str, Mapping[str, Any], Subject], list[Finding]]

# MTG-11 cannot be computed from a plan; the CLI shows it as a checklist line (NORMS.md).
ATTESTATION = {
    "norm": "MTG-11",
    "zh": "能以文电、电话方式部署或可以新闻媒体通告的,不再召开会议:本会议能否以发文、电话或媒体通告代替?",
    "en": "Could a circular, a phone call or a media notice do instead of this meeting? (MTG-11)",
}


def pack_evaluator(pack: Any, errors: list[InputError]) -> Evaluate:
    def evaluate(subject_type: str, record: Mapping[str, Any], subject: Subject) -> list[Finding]:
        return list(pack.evaluate(subject_type, record, subject, errors))

    return evaluate


def plan_subject(plan: MeetingPlan) -> Subject:
    return Subject("meeting", plan.id, path=plan.path, unit=str(plan.data["convener"]["name"]))


def run_meetings(paths: list[Path], *, register: Path | None = None, pack: Any,
                 evaluate: Evaluate | None = None, limits: PairLimits | None = None) -> RunResult:
    """Findings for the plans in `paths`, with the register's plans as the other side of
    cross-plan pairs. `evaluate` and `limits` default to the pack's rules and parameters."""
    result = RunResult()
    loaded = load_plans(paths, register)
    result.errors.extend(loaded.errors)
    only_register = not any(not p.from_register for p in loaded.plans + loaded.cancelled)
    # Notes about the register's plans would bury the organiser's own; the office (register
    # only) sees them all.
    result.notes.extend(zone_note(p) for p in loaded.plans if p.zone_assumed and (only_register or not p.from_register))
    cancelled = [p.id for p in loaded.cancelled if only_register or not p.from_register]
    if cancelled:
        ids = "、".join(cancelled)
        result.notes.append(f"已取消的会议计划不计入检查: {ids} (cancelled plans count for nothing: {ids})")
    evaluate = evaluate or pack_evaluator(pack, result.errors)

    records: dict[str, dict[str, Any]] = {}
    subjects: dict[str, Subject] = {}
    for plan in loaded.plans:
        records[plan.id] = {**meeting_record(plan), "_path": plan.path}
        subjects[plan.id] = plan_subject(plan)
    given = {p.id for p in loaded.plans if not p.from_register} or set(records)
    result.subjects = len(given)

    catalogue = getattr(pack, "catalogue", {}) or {}
    for plan_id in sorted(given, key=lambda i: (records[i]["start"], i)):
        result.findings.extend(evaluate("meeting", records[plan_id], subjects[plan_id]))
        result.findings.extend(check_covers(records[plan_id], subjects[plan_id], catalogue))

    for pair in pair_records(list(records.values()), limits or limits_from_pack(pack)):
        a_id, b_id = pair["a"]["id"], pair["b"]["id"]
        if a_id in given or b_id in given:
            # The finding is about the later meeting; the earlier one is its `related`. Only the
            # norms the pair was chosen for report on it (one pair per meeting and norm).
            result.findings.extend(f for f in evaluate("meeting_pair", pair, subjects[b_id])
                                   if reported(pair, f.norm))
    return result
