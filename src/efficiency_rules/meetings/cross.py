"""Norms across plans (MTG-6, MTG-7, MTG-8): one pair per later meeting and norm, found without
comparing every pair.

The norms themselves stay in YAML (`rules/meetings/MTG-6..8-*.yaml`, subject `meeting_pair`);
this module only finds, for each meeting, the earlier meeting worth showing it with, and
describes each pair as a record:

- MTG-6 (每年只召開1次): plans are grouped by department and calendar year; each later meeting
  is paired with the year's first.
- MTG-7 (內容相同或相近): an inverted index of content bigrams; a plan is paired with its most
  similar earlier plan that starts within the rule's window (ties: the nearest in time).
- MTG-8 (參會人員相同或交叉): an inverted index of participants; a plan is paired with the
  nearest earlier plan within the window that shares participants and is not held back to back
  with it (pairs held back to back are what the norm asks for: nothing to report).

So a meeting gets at most one finding per norm, naming one other meeting, however many plans
share its title and its week: N plans give at most N pairs per norm, never N(N-1)/2.

The search is bounded too: for each plan and each key it shares (a gram, a participant), only
the `CANDIDATES_PER_MEETING` nearest earlier plans with that key are looked at, and of the plans
met, only that many (those sharing most content) are scored. Time is O(N·K) (times the
grams or participants of a plan) and memory O(N) plus K per plan, even when every title is the
same. The rules' parameters (threshold, windows) reach the generator as
`PairLimits`; pruning with them is conservative (the loosest dated value), the rule still
decides on the pair found.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .similarity import Content, content_of, fold, score

# K: how many earlier plans are considered for one plan (MTG-7, MTG-8), per key shared (a
# content gram, a participant) and, for MTG-7, in all (the ones scored). 50 is far more than a
# real register holds in a 90-day window for one subject (the example year and the benchmark's
# 1,000 plans a year have a handful), and small enough that N identical plans cost N·50
# comparisons instead of N²/2.
CANDIDATES_PER_MEETING = 50

# The norms whose pairs this module chooses: a pair chosen for one of them must not give a
# finding of another (its own best pair does), see `reported`.
PAIR_NORMS = frozenset({"MTG-6", "MTG-7", "MTG-8"})


@dataclass(frozen=True)
class PairLimits:
    """How far the generator looks. None turns a norm's candidate search off."""

    similar_within_days: int | None = 90  # MTG-7 max_days_apart
    min_similarity: Fraction | None = Fraction(1, 2)  # MTG-7 min_similarity
    shared_within_days: int | None = 7  # MTG-8 window_days
    min_shared: int = 1  # MTG-8 min_shared_participants
    per_year: bool = True  # MTG-6
    candidates: int = CANDIDATES_PER_MEETING  # K, see above


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


def previous_workday_before(day: date) -> date:
    """The last working day before `day`: a meeting ending before it is not followed on the next
    working day by one starting on `day`."""
    prev = day - timedelta(days=1)
    for _ in range(40):
        if is_workday(prev):
            return prev
        prev -= timedelta(days=1)
    return prev


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


def _statutory(e: _Entry) -> bool:
    """法定會議 are fixed by law: MTG-7/8 leave them out, so they are a partner of last resort
    (choosing one would hide a meeting that can be merged or moved)."""
    return bool(e.record.get("kind") == "statutory")


def _nearness(e: _Entry) -> tuple[Any, int]:
    """Larger is nearer to a later meeting: ends last (the fewest days before it), then starts
    last."""
    return e.record["end"], e.rank


def _earlier(postings: dict[Any, list[int]], entries: Sequence[_Entry], key: Any, b: _Entry,
             window: int, k: int, *, starting_by: int | None = None) -> Iterator[_Entry]:
    """The k nearest (by start) earlier plans indexed under `key` that end at most `window` days
    before `b` starts (and start on day `starting_by` or before, when given). `postings` holds
    only plans before `b`, in start order (they are added as the walk goes)."""
    plist = postings.get(key, [])
    stop = len(plist)
    if starting_by is not None:
        stop = bisect_right(plist, starting_by, hi=stop, key=lambda j: entries[j].first_day)
    for j in plist[max(0, stop - k):stop]:
        a = entries[j]
        if b.first_day - a.last_day <= window:
            yield a


def _similar_pairs(entries: Sequence[_Entry], limits: PairLimits,
                   scores: dict[tuple[int, int], Fraction]) -> Iterator[tuple[int, int]]:
    """(a, b) for each b with a similar earlier plan a: the most similar, ties → the nearest."""
    if limits.similar_within_days is None or limits.min_similarity is None:
        return
    window, k, threshold = limits.similar_within_days, limits.candidates, limits.min_similarity
    postings: dict[str, list[int]] = defaultdict(list)
    for b in entries:
        weights = b.content.full.weights
        grams = b.content.content_grams()
        # A pair with no content gram in common scores 0: only plans met in the index are scored.
        # Met plans are ranked by the content weight they share with b (the score's numerator,
        # stop tokens aside), so that k common grams' plans cannot crowd out a rare gram's.
        shared: dict[int, int] = defaultdict(int)
        for g in grams:
            for a in _earlier(postings, entries, g, b, window, k):
                shared[a.rank] += min(weights[g], a.content.full.weights[g])
        for g in grams:
            postings[g].append(b.rank)
        best: tuple[Any, ...] | None = None
        for j in heapq.nlargest(k, shared, key=lambda j: (shared[j], j)):
            a = entries[j]
            sim = score(a.content, b.content)
            if sim >= threshold:
                rank = (not _statutory(a), sim, _nearness(a))
                if best is None or rank > best[0]:
                    best = (rank, j, sim)
        if best is not None:
            scores[(best[1], b.rank)] = best[2]
            yield best[1], b.rank


def _shared_participant_pairs(entries: Sequence[_Entry], limits: PairLimits) -> Iterator[tuple[int, int]]:
    """(a, b) for each b that shares participants with an earlier plan it is not held back to
    back with: a is the nearest such plan."""
    if limits.shared_within_days is None:
        return
    window, k = limits.shared_within_days, limits.candidates
    postings: dict[str, list[int]] = defaultdict(list)
    for b in entries:
        keys = sorted(b.participants)
        # A plan held back to back with b ends on or after the last working day before b starts:
        # the walk starts before those, so that a pile of such plans (all of a day's plans with
        # the same participants) cannot fill the k places and hide one that is not.
        apart_by = previous_workday_before(b.record["start_date"]).toordinal() - 1
        counts: dict[int, int] = defaultdict(int)
        for p in keys:
            for a in _earlier(postings, entries, p, b, window, k, starting_by=apart_by):
                counts[a.rank] += 1
        for p in keys:
            postings[p].append(b.rank)
        met = [entries[j] for j, n in counts.items() if n >= limits.min_shared]
        apart = [a for a in met if not _back_to_back(a, b)]
        if apart:
            a = max(apart, key=lambda e: (not _statutory(e), _nearness(e)))
            yield a.rank, b.rank


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
    """The meeting_pair records for the chosen pairs among `records` (meeting records as
    derive.meeting_record makes them; cancelled plans already left out): at most one per later
    meeting and norm. `_norms` says which norms each pair was chosen for (see `reported`)."""
    entries = _entries(records)
    ordinals = year_ordinals(entries)
    chosen: dict[tuple[int, int], set[str]] = defaultdict(set)
    if limits.per_year:
        for key in _per_year_pairs(entries, ordinals):
            chosen[key].add("MTG-6")
    scores: dict[tuple[int, int], Fraction] = {}
    for key in _similar_pairs(entries, limits, scores):
        chosen[key].add("MTG-7")
    for key in _shared_participant_pairs(entries, limits):
        chosen[key].add("MTG-8")
    out = []
    for (i, j), norms in sorted(chosen.items()):
        record = pair_record(entries[i], entries[j], ordinals, scores.get((i, j)))
        record["_norms"] = sorted(norms)
        out.append(record)
    return out


def reported(pair: Mapping[str, Any], norm: str) -> bool:
    """Whether a finding of `norm` on `pair` is reported. Every meeting_pair rule sees every
    pair, but a pair chosen for one norm is not the later meeting's best pair for another: its
    MTG-7 pair is its most similar earlier meeting, its MTG-8 pair the nearest with shared
    participants. Norms this module does not choose pairs for (a user's own rules) see all, and
    so does a record not made by `pair_records`."""
    norms = pair.get("_norms")
    return norms is None or norm not in PAIR_NORMS or norm in norms
