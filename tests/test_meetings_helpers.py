"""Shared helpers for the meeting tests: a valid plan to vary, and the meeting rules as a pack."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "meetings"

BASE_PLAN: dict[str, Any] = {
    "id": "t-01",
    "title": "全州教育工作会议",
    "convener": {"name": "州教育局", "level": "department"},
    "scope": "prefecture",
    "kind": "work",
    "format": "in_person",
    "start": "2026-03-10T09:00:00+08:00",
    "end": "2026-03-10T17:00:00+08:00",
    "attendees": 150,
}


def plan(**changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(BASE_PLAN)
    out.update(changes)
    return out


@lru_cache(maxsize=1)
def meeting_pack() -> Any:
    """The rules of rules/meetings only, compiled by the engine (other areas' rules are not
    this package's concern)."""
    from efficiency_rules.engine import load_pack

    return load_pack(areas=("meetings",), use_cache=False)
