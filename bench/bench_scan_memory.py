"""The scan's memory at scale: store write and report rendering at 10,000 and 100,000 findings.

Each size runs in a fresh process so peak RSS (ru_maxrss) is that step's own. The report must
stream (issue 6): peak memory while rendering should barely grow with the findings.

    .venv/bin/python bench/bench_scan_memory.py [10000 100000]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

STEP = """
import json, resource, sys, time
from pathlib import Path
from efficiency_rules.store import Store, synthetic
from efficiency_rules.report import render_report
step, db, count = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
started = time.perf_counter()
with Store.open(db) as store:
    if step == "write":
        run = synthetic.bulk("2026-10", count)
        started = time.perf_counter()  # time the write, not building the fake findings
        store.write_run(run.period, run.results, run.audit, run.units)
    else:
        out = db.parent
        render_report(store, "2026-10", out / "r.html", json_path=out / "r.json",
                      xlsx_path=out / "r.xlsx" if step == "render+xlsx" else None, norms={})
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(step: str, db: Path, count: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", STEP, step, str(db), str(count)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(sizes: list[int]) -> None:
    print(f"{'findings':>9} {'step':<12} {'seconds':>8} {'per 1k':>7} {'peak RSS MB':>12}")
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "h.sqlite"
            for step in ("write", "render", "render+xlsx"):
                result = measure(step, db, count)
                per_k = result["seconds"] / count * 1000
                print(f"{count:>9,} {step:<12} {result['seconds']:>8.2f} {per_k:>7.3f}"
                      f" {result['peak_rss_mb']:>12.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
