"""The history's schema, created or migrated when a store is opened.

Every change to the schema is a new entry in `MIGRATIONS`; a store records the last one applied
in `schema_version`, so an old file is brought forward on open and never rebuilt.
"""

from __future__ import annotations

import sqlite3

# Each migration is applied once, in order, inside the transaction that records its number.
MIGRATIONS: tuple[str, ...] = (
    # 1: runs with their audit trail, findings, input errors, per-region metrics.
    """
    CREATE TABLE runs (
        id               INTEGER PRIMARY KEY,
        period           TEXT NOT NULL UNIQUE,      -- YYYY-MM; one live run per period
        started_at       TEXT NOT NULL,             -- ISO 8601, UTC
        finished_at      TEXT NOT NULL,
        status           TEXT NOT NULL,             -- complete | incomplete (inputs unreadable)
        tool_version     TEXT,
        rules_hash       TEXT NOT NULL,
        parameters       TEXT NOT NULL,             -- JSON: the parameters in force
        calendar_version TEXT NOT NULL,
        subjects         INTEGER NOT NULL,
        findings_count   INTEGER NOT NULL,
        errors_count     INTEGER NOT NULL
    );
    CREATE TABLE input_files (
        run_id  INTEGER NOT NULL REFERENCES runs(id),
        path    TEXT NOT NULL,
        size    INTEGER NOT NULL,
        sha256  TEXT NOT NULL
    );
    CREATE INDEX input_files_run ON input_files(run_id);
    CREATE TABLE units (
        run_id  INTEGER NOT NULL REFERENCES runs(id),
        unit    TEXT NOT NULL,
        type    TEXT,                               -- county | department | NULL if unknown
        PRIMARY KEY (run_id, unit)
    ) WITHOUT ROWID;
    CREATE TABLE findings (
        id            INTEGER PRIMARY KEY,
        run_id        INTEGER NOT NULL REFERENCES runs(id),
        fingerprint   TEXT NOT NULL,
        norm          TEXT NOT NULL,
        norm_order    TEXT NOT NULL,                -- DOC-2 before DOC-10 (see norm_order())
        rule          TEXT NOT NULL,
        severity      TEXT NOT NULL,
        severity_rank INTEGER NOT NULL,
        status        TEXT NOT NULL,                -- open | waived
        subject_type  TEXT NOT NULL,
        subject_id    TEXT NOT NULL,
        subject_path  TEXT,
        unit          TEXT,
        unit_type     TEXT,                         -- county | department: the report's grouping
        message_zh    TEXT NOT NULL,
        message_en    TEXT,
        suggestion_zh TEXT,
        suggestion_en TEXT,
        values_json   TEXT NOT NULL,
        related_json  TEXT NOT NULL,
        waiver_json   TEXT,
        location_json TEXT
    );
    CREATE INDEX findings_run_norm ON findings(run_id, norm_order, severity_rank, unit);
    CREATE INDEX findings_run_fp ON findings(run_id, fingerprint);
    CREATE INDEX findings_run_unit ON findings(run_id, unit, norm);
    CREATE TABLE input_errors (
        id         INTEGER PRIMARY KEY,
        run_id     INTEGER NOT NULL REFERENCES runs(id),
        path       TEXT NOT NULL,
        message    TEXT NOT NULL,
        message_en TEXT,
        field      TEXT,
        line       INTEGER
    );
    CREATE INDEX input_errors_run ON input_errors(run_id);
    CREATE TABLE metrics (
        run_id      INTEGER NOT NULL REFERENCES runs(id),
        region      TEXT NOT NULL,
        metric      TEXT NOT NULL,                  -- CTR-1 | CTR-3
        numerator   INTEGER NOT NULL,
        denominator INTEGER NOT NULL,
        threshold   TEXT NOT NULL,                  -- an exact fraction, e.g. 19/20
        PRIMARY KEY (run_id, region, metric)
    ) WITHOUT ROWID;
    CREATE TABLE replaced_runs (
        period         TEXT NOT NULL,
        started_at     TEXT NOT NULL,
        finished_at    TEXT NOT NULL,
        rules_hash     TEXT NOT NULL,
        findings_count INTEGER NOT NULL,
        replaced_at    TEXT NOT NULL,
        replaced_by    INTEGER NOT NULL             -- runs.id of the run that replaced it
    );
    CREATE INDEX replaced_runs_period ON replaced_runs(period);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    """The store was written by a newer version of the tool; refuse rather than guess."""


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION; returns the version found before migrating.

    Runs under BEGIN IMMEDIATE so that two processes opening a new store at once do not both
    create the tables: the second waits, then sees the version the first recorded."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        found = int(row[0] or 0)
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"store schema version {found} is newer than this tool's {SCHEMA_VERSION}"
            )
        for number in range(found + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


def _statements(script: str) -> list[str]:
    # executescript() would commit our transaction; split instead (no ';' inside our DDL text
    # other than statement ends, comments included).
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
