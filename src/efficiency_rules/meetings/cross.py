"""Norms across plans (MTG-6, MTG-7, MTG-8): candidate pairs, built without comparing every pair.

The norms themselves stay in YAML (`rules/meetings/MTG-6..8-*.yaml`, subject `meeting_pair`);
this module only finds the pairs worth showing them and describes each pair as a record:

- MTG-6 (每年只召開1次): plans are grouped by department and calendar year; each later meeting
  is paired with the year's first.
- MTG-7 (內容相同或相近): an inverted index of content bigrams; a plan meets only the plans that
  share a gram with it and start within the rule's window after it.
- MTG-8 (參會人員相同或交叉): an inverted index of participants, the same window walk.

Each walk only moves forward in start order and stops at the window's edge, so the work per
plan is bounded by how many plans start within the window, not by the size of the register.
The rules' parameters (threshold, windows) reach the generator as `PairLimits`; pruning with
them is conservative (the loosest dated value), the rule still decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .similarity import Content, content_of, fold, score


@dataclass(frozen=True)
class PairLimits:
    """How far the generator looks. None turns a norm's candidate search off."""

    similar_within_days: int | None = 90  # MTG-7 max_days_apart
    min_similarity: Fraction | None = Fraction(1, 2)  # MTG-7 min_similarity
    shared_within_days: int | None = 7  # MTG-8 window_days
    min_shared: int = 1  # MTG-8 min_shared_participants
    per_year: bool = True  # MTG-6


def _loosest(values: Iterable[Any], *, smallest: bool) -> Any:
    real = [v for v in values if v is not None]
    if not real:
        return None
    return min(real) if smallest else max(real)


def limits_from_pack(pack: Any) -> PairLimits:
    """The generator's limits from the loaded rules: every dated value of each parameter is
    considered and the loosest kept, so pruning never hides a pair a rule would report."""
    found: dict[str, list[Any]] = defaultdict(list)
    norms: set[str] = set()
    for compiled in getattr(pack, "rules", ()):
        rule = compiled.rule
        if rule.subject != "meeting_pair":
            continue
        norms.add(rule.norm)
        for name, param in rule.params.items():
            found[f"{rule.norm}.{name}"].extend(v for _, v in param.values)
    window7 = _loosest(found["MTG-7.max_days_apart"], smallest=False)
    threshold = _loosest(found["MTG-7.min_similarity"], smallest=True)
    window8 = _loosest(found["MTG-8.window_days"], smallest=False)
    shared = _loosest(found["MTG-8.min_shared_participants"], smallest=True)
    return PairLimits(
        similar_within_days=int(window7) if "MTG-7" in norms and window7 is not None else None,
        min_similarity=Fraction(threshold) if threshold is not None else None,
        shared_within_days=int(window8) if "MTG-8" in norms and window8 is not None else None,
        min_shared=int(shared) if shared is not None else 1,
        per_year="MTG-6" in norms,
    )


# ---------------------------------------------------------------- working days


@lru_cache(maxsize=4096)
def is_workday(day: date) -> bool:
    """The official calendar (調休 included): the centre's calendar module when present, else
    chinesecalendar. A year neither covers falls back to Monday–Friday: MTG-8's back-to-back
    test is a warning, and failing the whole run for one far-off plan would help no one."""
    try:
        from ..centre.calendar import is_workday as calendar_is_workday

        return bool(calendar_is_workday(day))
    except ImportError:
        pass
    except (ValueError, NotImplementedError):  # CalendarYearError is a ValueError
        return day.weekday() < 5
    try:
        import chinese_calendar

        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def next_workday_after(day: date) -> date:
    nxt = day + timedelta(days=1)
    for _ in range(40):  # the longest official break is 8–9 days
        if is_workday(nxt):
            return nxt
        nxt += timedelta(days=1)
    return nxt


# ---------------------------------------------------------------- the plans, indexed


@dataclass(frozen=True)
class _Entry:
    rank: int  # position in start order
    record: Mapping[str, Any]
    first_day: int  # start_date ordinal
    last_day: int  # end_date ordinal
    content: Content
    participants: frozenset[str]
    department: str | None  # folded key, for MTG-6 groups


def _key(name: str) -> str:
    """Unit names compare across scripts and spacing (州衛健委 = 州卫健委)."""
    return fold("".join(name.split()))


def _entries(records: Sequence[Mapping[str, Any]]) -> list[_Entry]:
    ordered = sorted(records, key=lambda r: (r["start"], r["id"]))
    out = []
    for rank, rec in enumerate(ordered):
        dept = rec.get("department")
        out.append(_Entry(rank, rec, rec["start_date"].toordinal(), rec["end_date"].toordinal(),
                          content_of(rec["title"], rec.get("topics")),
                          frozenset(_key(p) for p in rec.get("participants") or ()),
                          _key(dept) if dept else None))
    return out


def _annual_work_meeting(rec: Mapping[str, Any]) -> bool:
    """MTG-6's subject: a 州直部門's 全州性工作會議."""
    return bool(rec["convener"]["level"] == "department" and rec["scope"] == "prefecture" and rec["kind"] == "work")


def year_ordinals(entries: Sequence[_Entry]) -> dict[int, int]:
    """rank → 1, 2, ... within each department's year of prefecture-wide work meetings."""
    counter: dict[tuple[str, int], int] = defaultdict(int)
    out: dict[int, int] = {}
    for e in entries:  # already in start order
        if e.department and _annual_work_meeting(e.record):
            counter[(e.department, e.record["year"])] += 1
            out[e.rank] = counter[(e.department, e.record["year"])]
    return out


# ---------------------------------------------------------------- candidate pairs


def _per_year_pairs(entries: Sequence[_Entry], ordinals: Mapping[int, int]) -> Iterator[tuple[int, int]]:
    first: dict[tuple[str, int], int] = {}
    for e in entries:
        if e.rank not in ordinals:
            continue
        group = (e.department or "", e.record["year"])
        if ordinals[e.rank] == 1:
            first[group] = e.rank
        elif group in first:
            yield first[group], e.rank


def _forward(postings: Mapping[Any, list[int]], entries: Sequence[_Entry], keys: Iterable[Any],
             cursor: dict[Any, int], e: _Entry, window: int) -> Iterator[tuple[Any, int]]:
    """Later plans sharing a key with `e` and starting at most `window` days after its last day."""
    for k in keys:
        plist = postings[k]
        i = cursor[k] = cursor.get(k, -1) + 1  # e's own position: entries arrive in start order
        for j in plist[i + 1:]:
            if entries[j].first_day > e.last_day + window:
                break
            yield k, j


def _postings(entries: Sequence[_Entry], keys_of: Any) -> dict[Any, list[int]]:
    postings: dict[Any, list[int]] = defaultdict(list)
    for e in entries:
        for k in keys_of(e):
            postings[k].append(e.rank)
    return postings


def _similar_pairs(entries: Sequence[_Entry], limits: PairLimits,
                   scores: dict[tuple[int, int], Fraction]) -> Iterator[tuple[int, int]]:
    if limits.similar_within_days is None or limits.min_similarity is None:
        return
    grams = {e.rank: e.content.content_grams() for e in entries}
    postings = _postings(entries, lambda e: grams[e.rank])
    cursor: dict[Any, int] = {}
    for e in entries:
        # A pair with no content gram in common scores 0: only plans met in the index are scored.
        candidates = {j for _, j in _forward(postings, entries, grams[e.rank], cursor, e, limits.similar_within_days)}
        for j in sorted(candidates):
            scores[(e.rank, j)] = score(e.content, entries[j].content)
            if scores[(e.rank, j)] >= limits.min_similarity:
                yield e.rank, j


def _shared_participant_pairs(entries: Sequence[_Entry], limits: PairLimits) -> Iterator[tuple[int, int]]:
    if limits.shared_within_days is None:
        return
    postings = _postings(entries, lambda e: sorted(e.participants))
    cursor: dict[Any, int] = {}
    for e in entries:
        counts: dict[int, int] = defaultdict(int)
        for _, j in _forward(postings, entries, sorted(e.participants), cursor, e, limits.shared_within_days):
            counts[j] += 1
        for j, n in counts.items():
            if n >= limits.min_shared and not _back_to_back(e, entries[j]):
                yield e.rank, j


def _back_to_back(a: _Entry, b: _Entry) -> bool:
    """套開 or 連續召開: b starts on a's last day (or before), or on the next working day."""
    end = a.record["end_date"]
    return bool(b.record["start_date"] <= next_workday_after(end))


# ---------------------------------------------------------------- the pair records


def _summary(rec: Mapping[str, Any], ordinal: int | None) -> dict[str, Any]:
    keys = ("id", "title", "convener", "department", "kind", "scope", "format", "start", "end",
            "start_date", "end_date", "year", "participants")
    out = {k: rec.get(k) for k in keys}
    out["path"] = rec.get("_path")
    out["year_ordinal"] = ordinal
    return out


def pair_record(a: _Entry, b: _Entry, ordinals: Mapping[int, int], sim: Fraction | None = None) -> dict[str, Any]:
    ra, rb = a.record, b.record
    sim = score(a.content, b.content) if sim is None else sim
    shared = [p for p in rb.get("participants") or () if _key(p) in a.participants]
    same_dept_year = (a.rank in ordinals and b.rank in ordinals and a.department == b.department
                      and ra["year"] == rb["year"])
    return {
        "id": f"{ra['id']}~{rb['id']}",
        "date": rb["start_date"],
        "a": _summary(ra, ordinals.get(a.rank)),
        "b": _summary(rb, ordinals.get(b.rank)),
        "same_department_year": same_dept_year,
        "similarity": sim,
        "similarity_percent": int(sim * 100),
        "shared_participants": shared,
        "shared_count": len(shared),
        "days_apart": b.first_day - a.last_day,
        "back_to_back": _back_to_back(a, b),
        "approvals": list(rb.get("approvals") or ()),
        # The engine copies `_related` into the finding: the other meeting of the pair.
        "_related": [{"type": "meeting", "id": ra["id"], "path": ra.get("_path"), "title": ra["title"],
                      "start": ra["start_date"].isoformat()}],
    }


def pair_records(records: Sequence[Mapping[str, Any]], limits: PairLimits = PairLimits()) -> list[dict[str, Any]]:
    """The meeting_pair records for the candidate pairs among `records` (meeting records as
    derive.meeting_record makes them; cancelled plans already left out)."""
    entries = _entries(records)
    ordinals = year_ordinals(entries)
    keys: set[tuple[int, int]] = set()
    if limits.per_year:
        keys.update(_per_year_pairs(entries, ordinals))
    scores: dict[tuple[int, int], Fraction] = {}
    keys.update(_similar_pairs(entries, limits, scores))
    keys.update(_shared_participant_pairs(entries, limits))
    return [pair_record(entries[i], entries[j], ordinals, scores.get((i, j))) for i, j in sorted(keys)]
