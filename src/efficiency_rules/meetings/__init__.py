"""Meeting plans (會議): reading, derived fields, the norms across plans (MTG-6/7/8), the command.

Public API:
    load_plans(paths, register) -> LoadedPlans        plans.py
    meeting_record(plan) -> dict                       derive.py (the record rules see)
    prepare_plan_input(mapping) -> dict                for rule examples that give `input:`
    pair_records(records, limits) -> list[dict]       cross.py (meeting_pair records)
    run_meetings(paths, register=..., pack=...)        command.py
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .derive import meeting_record
from .plans import LoadedPlans, MeetingPlan, load_plans, read_plan


def prepare_plan_input(data: Mapping[str, Any]) -> dict[str, Any]:
    """A plan given inline (a rule example's `input:`) as the record rules see; the same code
    as for files, so derived fields (會期, minutes) are never written by hand."""
    from .plans import _jsonable

    loaded = read_plan(_jsonable(dict(data)), "<example>")
    if loaded.errors:
        raise ValueError("; ".join(f"{e.field}: {e.message_en or e.message}" for e in loaded.errors))
    plan = (loaded.plans or loaded.cancelled)[0]
    return meeting_record(plan)


def run_meetings(*args: Any, **kwargs: Any) -> Any:
    from .command import run_meetings as run

    return run(*args, **kwargs)


__all__ = ["LoadedPlans", "MeetingPlan", "load_plans", "meeting_record", "prepare_plan_input", "run_meetings"]
