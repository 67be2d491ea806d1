"""Reading the history: diffs, escalations, trends and the cursors the report streams from.

Functions here take a connection and return small values or iterators over a cursor; none of
them loads a run's findings into memory at once (the report of 100,000 documents streams).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

from ..findings import SEVERITIES, SEVERITY_RANK
from .model import (
    DEFAULT_THRESHOLDS,
    RATIO_METRICS,
    Diff,
    Escalation,
    FindingRef,
    FindingRow,
    InputFile,
    PeriodTrend,
    RatioPoint,
    ReplacedRun,
    RunInfo,
    StoredError,
    UnitSummary,
    parse_threshold,
)

# -- runs --------------------------------------------------------------------------------------


def run_id(conn: sqlite3.Connection, period: str) -> int | None:
    row = conn.execute("SELECT id FROM runs WHERE period = ?", (period,)).fetchone()
    return int(row[0]) if row else None


def run_info(conn: sqlite3.Connection, period: str) -> RunInfo | None:
    row = conn.execute(
        "SELECT id, period, started_at, finished_at, status, subjects, findings_count,"
        " errors_count, rules_hash, calendar_version, tool_version FROM runs WHERE period = ?",
        (period,),
    ).fetchone()
    if row is None:
        return None
    (run, when, started, finished, status, subjects, findings, errors, rules, calendar,
     tool) = row
    return RunInfo(run, when, started, finished, status, subjects, findings, errors, rules,
                   calendar, tool, replaced=replaced_runs(conn, period))


def replaced_runs(conn: sqlite3.Connection, period: str) -> tuple[ReplacedRun, ...]:
    rows = conn.execute(
        "SELECT period, started_at, finished_at, rules_hash, findings_count, replaced_at"
        " FROM replaced_runs WHERE period = ? ORDER BY replaced_at, rowid",
        (period,),
    )
    return tuple(ReplacedRun(*row) for row in rows)


def parameters(conn: sqlite3.Connection, period: str) -> Mapping[str, Any]:
    row = conn.execute("SELECT parameters FROM runs WHERE period = ?", (period,)).fetchone()
    return json.loads(row[0]) if row else {}


def previous_period(conn: sqlite3.Connection, period: str) -> str | None:
    row = conn.execute("SELECT max(period) FROM runs WHERE period < ?", (period,)).fetchone()
    return row[0] if row else None


def _require_run(conn: sqlite3.Connection, period: str) -> int:
    found = run_id(conn, period)
    if found is None:
        raise KeyError(f"no stored run for period {period}")
    return found


# -- what changed --------------------------------------------------------------------------------

_REF_COLUMNS = "fingerprint, norm, severity, status, unit, subject_type, subject_id, message_zh"
# One row per fingerprint: two findings with the same fingerprint are one problem to the office.
_ONE_PER_FP = "id IN (SELECT min(id) FROM findings WHERE run_id = :run GROUP BY fingerprint)"


def diff(conn: sqlite3.Connection, period: str) -> Diff:
    current = _require_run(conn, period)
    previous = previous_period(conn, period)
    before = run_id(conn, previous) if previous else None
    return Diff(
        period=period,
        previous=previous,
        new=tuple(_refs(conn, current, before, present=False)),
        persisting=tuple(_refs(conn, current, before, present=True)) if before else (),
        resolved=tuple(_refs(conn, before, current, present=False)) if before else (),
    )


def diff_counts(conn: sqlite3.Connection, period: str) -> tuple[str | None, int, int, int]:
    """(previous period, new, persisting, resolved), counted while streaming: the scan's
    summary needs the numbers, not 100,000 references in memory."""
    current = _require_run(conn, period)
    previous = previous_period(conn, period)
    before = run_id(conn, previous) if previous else None
    new = sum(1 for _ in _refs(conn, current, before, present=False))
    persisting = sum(1 for _ in _refs(conn, current, before, present=True)) if before else 0
    resolved = sum(1 for _ in _refs(conn, before, current, present=False)) if before else 0
    return previous, new, persisting, resolved


def iter_resolved(conn: sqlite3.Connection, period: str) -> Iterator[FindingRef]:
    """Last period's findings that are gone this period, streamed."""
    previous = previous_period(conn, period)
    if previous is None:
        return iter(())
    return _refs(conn, _require_run(conn, previous), _require_run(conn, period), present=False)


def _refs(
    conn: sqlite3.Connection, run: int, other: int | None, *, present: bool
) -> Iterator[FindingRef]:
    """Findings of `run` whose fingerprint is (present) or is not in `other`."""
    test = "EXISTS" if present else "NOT EXISTS"
    rows = conn.execute(
        f"SELECT {_REF_COLUMNS} FROM findings f WHERE run_id = :run AND {_ONE_PER_FP}"
        f" AND {test} (SELECT 1 FROM findings o WHERE o.run_id = :other"
        " AND o.fingerprint = f.fingerprint)"
        " ORDER BY norm_order, severity_rank DESC, unit, subject_id",
        {"run": run, "other": other if other is not None else -1},
    )
    return (FindingRef(*row) for row in rows)


def change_counts(conn: sqlite3.Connection, period: str) -> dict[str, int]:
    """new / persisting / resolved as numbers, without listing them."""
    current = _require_run(conn, period)
    previous = previous_period(conn, period)
    before = run_id(conn, previous) if previous else None
    counts = {}
    for name, run, other, present in (
        ("new", current, before, False),
        ("persisting", current, before, True),
        ("resolved", before, current, False),
    ):
        if run is None or (present and other is None):
            counts[name] = 0
            continue
        test = "EXISTS" if present else "NOT EXISTS"
        counts[name] = conn.execute(
            f"SELECT count(DISTINCT fingerprint) FROM findings f WHERE run_id = :run AND {test}"
            " (SELECT 1 FROM findings o WHERE o.run_id = :other AND o.fingerprint = f.fingerprint)",
            {"run": run, "other": other if other is not None else -1},
        ).fetchone()[0]
    return counts


# -- escalation ----------------------------------------------------------------------------------


def month_before(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def escalations(
    conn: sqlite3.Connection, period: str, consecutive: int, min_severity: str = "warning"
) -> list[Escalation]:
    """Units with open findings of the same norm in `consecutive` calendar months up to `period`.

    Months, not stored runs: a month with no stored run breaks the streak, because nothing
    shows the unit was still in breach then. Waived findings do not count (NORMS.md: an
    approval waives, and a waived finding does not fail a run). Nor, by default, do
    suggestions: 盡可能 / 提倡 encourage, they are not a breach to escalate."""
    if consecutive < 1:
        raise ValueError("consecutive must be at least 1")
    breaches: dict[str, set[tuple[str, str]]] = defaultdict(set)
    rows = conn.execute(
        "SELECT r.period, f.unit, f.norm FROM findings f JOIN runs r ON r.id = f.run_id"
        " WHERE f.status = 'open' AND f.unit IS NOT NULL AND r.period <= ?"
        " AND f.severity_rank >= ? GROUP BY r.period, f.unit, f.norm",
        (period, SEVERITY_RANK[min_severity]),
    )
    for when, unit, norm in rows:
        breaches[when].add((unit, norm))
    current = _require_run(conn, period)
    rank = SEVERITY_RANK[min_severity]
    found = []
    for unit, norm in breaches.get(period, ()):
        streak, first = 1, period
        while (unit, norm) in breaches.get(month_before(first), ()):
            streak, first = streak + 1, month_before(first)
        if streak >= consecutive:
            found.append(_escalation(conn, current, unit, norm, streak, first, rank))
    return sorted(found, key=lambda e: (-e.periods, e.unit, e.norm))


def _escalation(
    conn: sqlite3.Connection, run: int, unit: str, norm: str, streak: int, since: str, rank: int
) -> Escalation:
    unit_type, count = conn.execute(
        "SELECT max(unit_type), count(*) FROM findings"
        " WHERE run_id = ? AND unit = ? AND norm = ? AND status = 'open' AND severity_rank >= ?",
        (run, unit, norm, rank),
    ).fetchone()
    return Escalation(unit, unit_type, norm, streak, since, int(count))


# -- counts and trends -------------------------------------------------------------------------


def severity_counts(conn: sqlite3.Connection, period: str) -> tuple[dict[str, int], int]:
    """(open findings per severity, waived findings) of one period."""
    run = _require_run(conn, period)
    open_counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    waived = 0
    for severity, status, count in conn.execute(
        "SELECT severity, status, count(*) FROM findings WHERE run_id = ? GROUP BY 1, 2", (run,)
    ):
        if status == "open":
            open_counts[severity] = open_counts.get(severity, 0) + count
        else:
            waived += count
    return open_counts, waived


def trend(conn: sqlite3.Connection, until: str | None) -> list[PeriodTrend]:
    periods = conn.execute(
        "SELECT id, period, errors_count FROM runs WHERE ? IS NULL OR period <= ? ORDER BY period",
        (until, until),
    ).fetchall()
    out = []
    for run, period, errors in periods:
        open_counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        waived = 0
        for severity, status, count in conn.execute(
            "SELECT severity, status, count(*) FROM findings WHERE run_id = ? GROUP BY 1, 2",
            (run,),
        ):
            if status == "open":
                open_counts[severity] = open_counts.get(severity, 0) + count
            else:
                waived += count
        by_norm = dict(conn.execute(
            "SELECT norm, count(*) FROM findings WHERE run_id = ? AND status = 'open'"
            " GROUP BY norm ORDER BY min(norm_order)",
            (run,),
        ).fetchall())
        out.append(PeriodTrend(period, open_counts, waived, by_norm, int(errors)))
    return out


def norm_counts(conn: sqlite3.Connection, period: str) -> list[tuple[str, dict[str, int], int]]:
    """Per norm, in catalogue order: (norm, open findings per severity, waived findings)."""
    run = _require_run(conn, period)
    out: dict[str, tuple[dict[str, int], list[int]]] = {}
    for norm, severity, status, count in conn.execute(
        "SELECT norm, severity, status, count(*) FROM findings WHERE run_id = ?"
        " GROUP BY norm, severity, status ORDER BY min(norm_order)",
        (run,),
    ):
        open_counts, waived = out.setdefault(norm, ({s: 0 for s in SEVERITIES}, [0]))
        if status == "open":
            open_counts[severity] = open_counts.get(severity, 0) + count
        else:
            waived[0] += count
    return [(norm, counts, waived[0]) for norm, (counts, waived) in out.items()]


# -- service-centre ratios -----------------------------------------------------------------------


def ratios(
    conn: sqlite3.Connection, *, period: str | None = None, until: str | None = None
) -> list[RatioPoint]:
    """CTR-1 / CTR-3 ratios per region: the recomputed figures the scan stored in `metrics`,
    and, for a region-metric it did not store, the figures carried by the failing finding."""
    runs = conn.execute(
        "SELECT id, period FROM runs WHERE (:p IS NULL OR period = :p)"
        " AND (:u IS NULL OR period <= :u) ORDER BY period",
        {"p": period, "u": until},
    ).fetchall()
    out: list[RatioPoint] = []
    for run, when in runs:
        stored = {
            (region, metric): RatioPoint(when, region, metric, num, den, parse_threshold(thr))
            for region, metric, num, den, thr in conn.execute(
                "SELECT region, metric, numerator, denominator, threshold FROM metrics"
                " WHERE run_id = ?",
                (run,),
            )
        }
        for point in _ratios_from_findings(conn, run, when):
            stored.setdefault((point.region, point.metric), point)
        out.extend(sorted(stored.values(), key=lambda p: (p.metric, p.region)))
    return out


def _ratios_from_findings(conn: sqlite3.Connection, run: int, period: str) -> Iterator[RatioPoint]:
    placeholders = ", ".join("?" for _ in RATIO_METRICS)
    rows = conn.execute(
        "SELECT norm, coalesce(unit, subject_id), values_json FROM findings"
        f" WHERE run_id = ? AND norm IN ({placeholders})",
        (run, *RATIO_METRICS),
    )
    for norm, region, values_json in rows:
        values = json.loads(values_json)
        num, den = values.get("numerator"), values.get("denominator")
        if not isinstance(num, int) or not isinstance(den, int):
            continue
        threshold = _threshold_of(values) or DEFAULT_THRESHOLDS[norm]
        yield RatioPoint(period, region, norm, num, den, threshold, recomputed=False)


def _threshold_of(values: Mapping[str, Any]) -> Fraction | None:
    for key in ("threshold", "limit", "min_ratio"):
        value = values.get(key)
        if isinstance(value, Mapping) and "numerator" in value and "denominator" in value:
            return Fraction(int(value["numerator"]), int(value["denominator"]))
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            try:
                return parse_threshold(value)
            except (ValueError, ZeroDivisionError):
                continue
    return None


# -- streams for the report ----------------------------------------------------------------------

_ROW_COLUMNS = (
    "fingerprint, norm, rule, severity, status, subject_type, subject_id, subject_path, unit,"
    " unit_type, message_zh, message_en, suggestion_zh, suggestion_en, values_json,"
    " related_json, waiver_json, location_json"
)


def iter_findings(
    conn: sqlite3.Connection, period: str, *, status: str | None = None
) -> Iterator[FindingRow]:
    """A period's findings in catalogue order (norm, then severity, unit, subject), streamed."""
    run = _require_run(conn, period)
    previous = previous_period(conn, period)
    before = run_id(conn, previous) if previous else None
    change = (
        "CASE WHEN EXISTS (SELECT 1 FROM findings o WHERE o.run_id = :before"
        " AND o.fingerprint = f.fingerprint) THEN 'persisting' ELSE 'new' END"
        if before is not None
        else "NULL"
    )
    rows = conn.execute(
        f"SELECT {_ROW_COLUMNS}, {change} FROM findings f WHERE run_id = :run"
        " AND (:status IS NULL OR status = :status)"
        " ORDER BY norm_order, severity_rank DESC, unit, subject_id, id",
        {"run": run, "before": before, "status": status},
    )
    return (_finding_row(row) for row in rows)


def _finding_row(row: tuple[Any, ...]) -> FindingRow:
    (fp, norm, rule, severity, status, stype, sid, spath, unit, unit_type, msg_zh, msg_en,
     sug_zh, sug_en, values, related, waiver, location, change) = row
    return FindingRow(
        fingerprint=fp, norm=norm, rule=rule, severity=severity, status=status,
        subject_type=stype, subject_id=sid, subject_path=spath, unit=unit, unit_type=unit_type,
        messages=_texts(zh=msg_zh, en=msg_en), suggestions=_texts(zh=sug_zh, en=sug_en),
        values=json.loads(values), related=tuple(json.loads(related)),
        waiver=json.loads(waiver) if waiver else None,
        location=json.loads(location) if location else None, change=change,
    )


def _texts(**by_lang: str | None) -> dict[str, str]:
    return {lang: text for lang, text in by_lang.items() if text}


def unit_summaries(conn: sqlite3.Connection, period: str) -> Iterator[UnitSummary]:
    """Every unit checked in the period, with its counts; units with nothing found included."""
    run = _require_run(conn, period)
    previous = previous_period(conn, period)
    before = run_id(conn, previous) if previous else None
    rows = conn.execute(
        "SELECT u.unit, u.type,"
        " sum(f.status = 'open' AND f.severity = 'error'),"
        " sum(f.status = 'open' AND f.severity = 'warning'),"
        " sum(f.status = 'open' AND f.severity = 'suggestion'),"
        " sum(f.status = 'waived'),"
        " sum(f.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM findings o WHERE o.run_id = :before"
        "     AND o.fingerprint = f.fingerprint)),"
        " group_concat(DISTINCT CASE WHEN f.status = 'open' THEN f.norm_order || ' ' || f.norm END)"
        " FROM units u LEFT JOIN findings f ON f.run_id = u.run_id AND f.unit = u.unit"
        " WHERE u.run_id = :run GROUP BY u.unit, u.type"
        " ORDER BY u.type IS NULL, u.type, u.unit",
        {"run": run, "before": before if before is not None else -1},
    )
    for unit, unit_type, err, warn, sug, waived, new, norms in rows:
        ordered = sorted(norms.split(",")) if norms else []
        yield UnitSummary(
            unit=unit,
            unit_type=unit_type,
            open={"error": err or 0, "warning": warn or 0, "suggestion": sug or 0},
            waived=waived or 0,
            new=new or 0,  # with no earlier period, everything is new
            norms=tuple(item.split(" ", 1)[1] for item in ordered),
        )


def unit_count(conn: sqlite3.Connection, period: str) -> dict[str | None, int]:
    run = _require_run(conn, period)
    return {
        kind: count
        for kind, count in conn.execute(
            "SELECT type, count(*) FROM units WHERE run_id = ? GROUP BY type", (run,)
        )
    }


def iter_errors(conn: sqlite3.Connection, period: str) -> Iterator[StoredError]:
    run = _require_run(conn, period)
    rows = conn.execute(
        "SELECT path, message, message_en, field, line FROM input_errors WHERE run_id = ?"
        " ORDER BY path, line, id",
        (run,),
    )
    return (StoredError(*row) for row in rows)


def iter_inputs(conn: sqlite3.Connection, period: str) -> Iterator[InputFile]:
    run = _require_run(conn, period)
    rows = conn.execute(
        "SELECT path, size, sha256 FROM input_files WHERE run_id = ? ORDER BY path", (run,)
    )
    return (InputFile(*row) for row in rows)


def input_totals(conn: sqlite3.Connection, period: str) -> tuple[int, int]:
    """(number of input files, their total size in bytes)."""
    run = _require_run(conn, period)
    count, size = conn.execute(
        "SELECT count(*), coalesce(sum(size), 0) FROM input_files WHERE run_id = ?", (run,)
    ).fetchone()
    return int(count), int(size)
