"""The scan's memory: one SQLite file holding every month's run (DESIGN.md, "The scan's memory").

A run is written in one transaction together with its audit trail, so a scan killed half-way
leaves the store as it was before; WAL mode lets a report be read while another scan writes, and
BEGIN IMMEDIATE plus a busy timeout makes two scans started at once take turns instead of
failing.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from ..findings import SEVERITY_RANK, Finding, InputError, RunResult, json_value
from . import history
from .fingerprint import fingerprint, norm_order
from .model import (
    Audit,
    Diff,
    Escalation,
    MetricRow,
    PeriodTrend,
    RatioPoint,
    ReplacedRun,
    RunInfo,
)
from .schema import migrate

_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DEFAULT_BUSY_TIMEOUT = 120.0  # seconds: long enough to wait out another scan's big write
DEFAULT_ESCALATION_PERIODS = 3


class Store:
    """A history file. Use `Store.open(path)`; close it (or use `with`) when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Store:
        path = Path(path)
        # isolation_level=None: we issue BEGIN ourselves, so a transaction is exactly a run.
        conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is safe in WAL mode against a crashed process (only power loss can drop the last
        # commit, never corrupt the file) and makes a big run's commit much cheaper.
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front: a deferred transaction that upgrades later can
        # fail with SQLITE_BUSY without waiting, which is what two concurrent scans would hit.
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # -- writing ---------------------------------------------------------------------------

    def write_run(
        self,
        period: str,
        results: RunResult,
        audit: Audit,
        units: Mapping[str, str],
        *,
        metrics: Iterable[MetricRow] = (),
    ) -> RunInfo:
        """Store a scan of `period`. An earlier run of the same period is replaced (the later
        scan wins) and recorded in `RunInfo.replaced`. `units` maps each unit checked to its
        type (county | department); `metrics` are the recomputed centre ratios per region."""
        check_period(period)
        started = _iso(audit.started_at) if audit.started_at else _now()
        status = "incomplete" if results.errors else "complete"
        with self._write() as conn:
            old = _take_out_period(conn, period)
            run_id = _insert_run(conn, period, started, status, results, audit)
            replaced = _record_replaced(conn, old, run_id)
            _insert_units(conn, run_id, units)
            _insert_findings(conn, run_id, period, results.findings, units)
            _insert_errors(conn, run_id, results.errors)
            _insert_metrics(conn, run_id, metrics)
            _insert_inputs(conn, run_id, audit)
            finished = _now()
            conn.execute("UPDATE runs SET finished_at = ? WHERE id = ?", (finished, run_id))
        info = self.run(period)
        assert info is not None
        return RunInfo(**{**info.__dict__, "replaced": replaced})

    def write_metrics(self, period: str, rows: Iterable[MetricRow]) -> None:
        """Replace the recomputed ratios of an already stored period (one transaction). A scan
        that has them at hand passes them to write_run instead, in the run's own transaction."""
        with self._write() as conn:
            run_id = _run_id(conn, period)
            if run_id is None:
                raise KeyError(f"no stored run for period {period}")
            conn.execute("DELETE FROM metrics WHERE run_id = ?", (run_id,))
            _insert_metrics(conn, run_id, rows)

    # -- reading ---------------------------------------------------------------------------

    def periods(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT period FROM runs ORDER BY period")]

    def run(self, period: str) -> RunInfo | None:
        return history.run_info(self.conn, period)

    def previous_period(self, period: str) -> str | None:
        return history.previous_period(self.conn, period)

    def diff(self, period: str) -> Diff:
        return history.diff(self.conn, period)

    def diff_counts(self, period: str) -> tuple[str | None, int, int, int]:
        """(previous period, new, persisting, resolved) without holding the findings."""
        return history.diff_counts(self.conn, period)

    def escalations(
        self,
        period: str,
        *,
        consecutive: int = DEFAULT_ESCALATION_PERIODS,
        min_severity: str = "warning",
    ) -> list[Escalation]:
        """Units breaking the same norm in `consecutive` months up to `period` (open findings
        of at least `min_severity`; waived ones never count)."""
        return history.escalations(self.conn, period, consecutive, min_severity)

    def trend(self, until: str | None = None) -> list[PeriodTrend]:
        return history.trend(self.conn, until)

    def ratios(self, period: str | None = None, *, until: str | None = None) -> list[RatioPoint]:
        return history.ratios(self.conn, period=period, until=until)

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def check_period(period: str) -> None:
    if not _PERIOD.match(period):
        raise ValueError(f"period must be YYYY-MM, got {period!r}")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a naive time is the scanning machine's local time
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _dumps(value: Any, *, sort_keys: bool = False) -> str:
    # Values keep the rule's order (zi, limit, excess reads better than alphabetical).
    return json.dumps(json_value(value), ensure_ascii=False, sort_keys=sort_keys)


def _run_id(conn: sqlite3.Connection, period: str) -> int | None:
    row = conn.execute("SELECT id FROM runs WHERE period = ?", (period,)).fetchone()
    return int(row[0]) if row else None


def _take_out_period(conn: sqlite3.Connection, period: str) -> tuple[Any, ...] | None:
    """Remove the live run of `period`, returning its summary for the replaced_runs record."""
    old = conn.execute(
        "SELECT id, started_at, finished_at, rules_hash, findings_count FROM runs WHERE period = ?",
        (period,),
    ).fetchone()
    if old is None:
        return None
    for table in ("findings", "input_errors", "input_files", "units", "metrics"):
        conn.execute(f"DELETE FROM {table} WHERE run_id = ?", (old[0],))
    conn.execute("DELETE FROM runs WHERE id = ?", (old[0],))
    return tuple(old)


def _record_replaced(
    conn: sqlite3.Connection, old: Any, run_id: int
) -> tuple[ReplacedRun, ...]:
    if old is None:
        return ()
    period = conn.execute("SELECT period FROM runs WHERE id = ?", (run_id,)).fetchone()[0]
    replaced = ReplacedRun(
        period=period,
        started_at=old[1],
        finished_at=old[2],
        rules_hash=old[3],
        findings=int(old[4]),
        replaced_at=_now(),
    )
    conn.execute(
        "INSERT INTO replaced_runs (period, started_at, finished_at, rules_hash, findings_count,"
        " replaced_at, replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (period, replaced.started_at, replaced.finished_at, replaced.rules_hash,
         replaced.findings, replaced.replaced_at, run_id),
    )
    return (replaced,)


def _insert_run(
    conn: sqlite3.Connection,
    period: str,
    started: str,
    status: str,
    results: RunResult,
    audit: Audit,
) -> int:
    cursor = conn.execute(
        "INSERT INTO runs (period, started_at, finished_at, status, tool_version, rules_hash,"
        " parameters, calendar_version, subjects, findings_count, errors_count)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (period, started, started, status, audit.tool_version, audit.rules_hash,
         _dumps(audit.parameters, sort_keys=True), audit.calendar_version, results.subjects,
         len(results.findings), len(results.errors)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _insert_units(conn: sqlite3.Connection, run_id: int, units: Mapping[str, str]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO units (run_id, unit, type) VALUES (?, ?, ?)",
        ((run_id, unit, kind) for unit, kind in units.items()),
    )


def _insert_findings(
    conn: sqlite3.Connection,
    run_id: int,
    period: str,
    findings: Iterable[Finding],
    units: Mapping[str, str],
) -> None:
    conn.executemany(
        "INSERT INTO findings (run_id, fingerprint, norm, norm_order, rule, severity,"
        " severity_rank, status, subject_type, subject_id, subject_path, unit, unit_type,"
        " message_zh, message_en, suggestion_zh, suggestion_en, values_json, related_json,"
        " waiver_json, location_json)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (_finding_row(run_id, period, f, units) for f in findings),
    )
    # A unit named only by its findings (not in the scan's register) still counts as checked.
    conn.execute(
        "INSERT OR IGNORE INTO units (run_id, unit, type)"
        " SELECT DISTINCT run_id, unit, NULL FROM findings WHERE run_id = ? AND unit IS NOT NULL",
        (run_id,),
    )


def _finding_row(
    run_id: int, period: str, f: Finding, units: Mapping[str, str]
) -> tuple[Any, ...]:
    subject = f.subject
    suggestions = f.suggestions or {}
    return (
        run_id,
        fingerprint(f, period),
        f.norm,
        norm_order(f.norm),
        f.rule,
        f.severity,
        SEVERITY_RANK.get(f.severity, 0),
        f.status,
        subject.type,
        subject.id,
        subject.path,
        subject.unit,
        units.get(subject.unit) if subject.unit else None,
        f.message("zh"),
        f.messages.get("en"),
        suggestions.get("zh"),
        suggestions.get("en"),
        _dumps(dict(f.values)),
        _dumps([dict(r) for r in f.related]),
        _dumps(f.waiver.to_json()) if f.waiver else None,
        _dumps(dict(f.location)) if f.location else None,
    )


def _insert_errors(conn: sqlite3.Connection, run_id: int, errors: Iterable[InputError]) -> None:
    conn.executemany(
        "INSERT INTO input_errors (run_id, path, message, message_en, field, line)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        ((run_id, e.path, e.message, e.message_en, e.field, e.line) for e in errors),
    )


def _insert_metrics(conn: sqlite3.Connection, run_id: int, rows: Iterable[MetricRow]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO metrics (run_id, region, metric, numerator, denominator, threshold)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        ((run_id, m.region, m.metric, m.numerator, m.denominator, str(m.threshold_fraction))
         for m in rows),
    )


def _insert_inputs(conn: sqlite3.Connection, run_id: int, audit: Audit) -> None:
    conn.executemany(
        "INSERT INTO input_files (run_id, path, size, sha256) VALUES (?, ?, ?, ?)",
        ((run_id, i.path, i.size, i.sha256) for i in audit.inputs),
    )
