"""A scan killed mid-write, and two scans at once, leave a sound store (issue 6, item 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from efficiency_rules.store import Store, synthetic

# The child builds a big run first, says so, then writes it; the parent kills it mid-write.
WRITER = """
import sys, time, pathlib
from efficiency_rules.store import Store, synthetic
db, period, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
run = synthetic.bulk(period, count, seed=int(period[-2:]))
print("ready", flush=True)
while go != "-" and not pathlib.Path(go).exists():
    time.sleep(0.005)
store = Store.open(db)  # after the signal: concurrent scans also race to create the schema
info = store.write_run(period, run.results, run.audit, run.units)
print("done", info.findings, len(info.replaced), flush=True)
"""


def _writer(db: Path, period: str, count: int, go: Path | str = "-") -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(db), period, str(count), str(go)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _consistent(store: Store) -> None:
    assert store.integrity_check() == "ok"
    conn = store.conn
    # Every row belongs to a live run, and each run holds exactly the findings it counted.
    for table in ("findings", "input_errors", "input_files", "units", "metrics"):
        orphans = conn.execute(
            f"SELECT count(*) FROM {table} WHERE run_id NOT IN (SELECT id FROM runs)").fetchone()
        assert orphans[0] == 0, table
    for run_id, counted in conn.execute("SELECT id, findings_count FROM runs").fetchall():
        stored = conn.execute("SELECT count(*) FROM findings WHERE run_id = ?", (run_id,))
        assert stored.fetchone()[0] == counted


def _wait_for_write(db: Path, child: subprocess.Popen[str], timeout: float = 60) -> None:
    """Until the child's transaction has put pages in the WAL: it is mid-write then."""
    wal = Path(f"{db}-wal")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 8 * 1024 * 1024:
            return
        assert child.poll() is None, "the writer finished before it could be killed"
        time.sleep(0.01)
    raise AssertionError("the writer never started writing")


def test_kill_9_mid_write_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    earlier = synthetic.history()
    with Store.open(db) as store:
        for run in earlier:
            store.write_run(run.period, run.results, run.audit, run.units, metrics=run.metrics)
    child = _writer(db, "2026-10", 300_000)  # replaces October: the old one must survive
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    _wait_for_write(db, child)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with Store.open(db) as store:
        _consistent(store)
        assert store.periods() == ["2026-08", "2026-09", "2026-10"]
        october = store.run("2026-10")
        assert october is not None and october.findings == len(earlier[2].results.findings)
        assert october.replaced == ()
        # The next scan completes and replaces October as it should.
        again = synthetic.bulk("2026-10", 1000)
        info = store.write_run("2026-10", again.results, again.audit, again.units)
        assert info.findings == 1000 and len(info.replaced) == 1
        _consistent(store)


def test_two_scans_at_once_both_finish(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"  # not created yet: both also race to create the schema
    go = tmp_path / "go"
    children = [_writer(db, period, 40_000, go) for period in ("2026-10", "2026-11", "2026-10")]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    go.touch()
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, outputs):
        assert child.returncode == 0, err
        assert out.startswith("done 40000")
    with Store.open(db) as store:
        _consistent(store)
        assert store.periods() == ["2026-10", "2026-11"]
        # Two scans of October: whichever committed second replaced the first, and said so.
        assert len(store.run("2026-10").replaced) == 1  # type: ignore[union-attr]
    replaced_counts = sorted(int(out.split()[2]) for out, _ in outputs)
    assert replaced_counts == [0, 0, 1]
