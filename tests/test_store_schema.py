"""The history file: created on open, WAL, migrated forward, refused when too new."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from efficiency_rules.store import SCHEMA_VERSION, SchemaTooNew, Store


def test_open_creates_the_schema_in_wal_mode(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.sqlite") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        version = store.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        assert version == SCHEMA_VERSION
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {"runs", "findings", "input_errors", "input_files", "units", "metrics",
                "replaced_runs"} <= tables
        assert store.periods() == []


def test_reopening_is_idempotent(tmp_path: Path) -> None:
    Store.open(tmp_path / "h.sqlite").close()
    with Store.open(tmp_path / "h.sqlite") as store:
        rows = store.conn.execute("SELECT count(*) FROM schema_version").fetchone()[0]
        assert rows == SCHEMA_VERSION


def test_a_store_from_a_newer_tool_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    with pytest.raises(SchemaTooNew):
        Store.open(path)


def test_an_empty_sqlite_file_is_migrated(tmp_path: Path) -> None:
    # A file created by hand (or by a version 0 that had only the version table).
    path = tmp_path / "h.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    with Store.open(path) as store:
        assert store.periods() == []
        assert store.integrity_check() == "ok"
