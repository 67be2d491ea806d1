"""Benchmark: 1,000,000 generated case rows through the centre pipeline, against csv.reader.

    .venv/bin/python bench/bench_centre.py [--rows 1000000] [--repeat 3]

Prints the median time of `csv.reader` reading cases.csv alone, of `run_centre` over the same
folder (read, convert, build records and deadlines, evaluate every CTR/CASE rule with the real
pack, aggregate), and their ratio (issue 4's target: at most 8×). Then the peak resident memory
of the pipeline at a quarter of the rows and at all of them, each in a fresh process, to show
memory does not grow with rows that pass (only with per-region-month tallies and findings).
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REGIONS = ["恩施市", "利川市", "建始县", "巴东县", "宣恩县", "咸丰县", "来凤县", "鹤峰县"]
ITEMS_PER_REGION = 200
AS_OF = date(2026, 12, 31)
CASE_COLUMNS = ["case_id", "region", "item_id", "received_on", "decided_on", "decision",
                "statutory_limit_days", "committed_limit_days", "extension_days", "extension_approved_by",
                "extension_notified_on", "missing_material_notices", "onsite_completed", "told_completion_on"]


def workdays_2026() -> list[date]:
    from efficiency_rules.centre.calendar import is_workday

    day, out = date(2026, 1, 5), []
    while day <= date(2026, 11, 30):  # every deadline stays inside 2026
        if is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def generate(folder: Path, rows: int, seed: int = 7) -> None:
    """Realistic rows: ~93% completed on site, a few percent late, with notices or extensions."""
    rng = random.Random(seed)
    days = workdays_2026()
    with (folder / "items.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["region", "item_id", "name", "category", "lead_departments", "in_centre",
                    "exemption_approved_by", "exemption_ref", "domain", "deemed_approval"])
        for region in REGIONS:
            for i in range(ITEMS_PER_REGION):
                w.writerow([region, f"I{i:04d}", f"事项{i}", "approval", f"{region}部门{i % 20}", "true", "", "",
                            "other", "true" if i % 50 == 0 else "false"])
    with (folder / "monthly.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["region", "period", "items_total", "items_in_centre", "cases_handled", "cases_onsite_completed"])
        for region in REGIONS:
            for month in range(1, 12):
                w.writerow([region, f"2026-{month:02d}", ITEMS_PER_REGION, ITEMS_PER_REGION, 0, 0])
    with (folder / "cases.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CASE_COLUMNS)
        for n in range(rows):
            received = days[rng.randrange(len(days))]
            r = rng.random()
            onsite = r < 0.93
            decided = received if onsite else received + timedelta(days=rng.choice((1, 2, 3, 4, 6, 9)))
            w.writerow([f"C{n:07d}", REGIONS[n % len(REGIONS)], f"I{rng.randrange(ITEMS_PER_REGION):04d}",
                        received.isoformat(), decided.isoformat(), "approved", 20, 5,
                        0, "", "", 1 if r > 0.99 else 0, "true" if onsite else "false",
                        "" if onsite else received.isoformat()])


def time_csv_reader(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as fh:
        for _ in csv.reader(fh):
            pass
    return time.perf_counter() - start


def time_pipeline(folder: Path) -> tuple[float, int, int]:
    from efficiency_rules.centre.command import run_centre
    from efficiency_rules.engine import load_pack

    pack = load_pack()
    start = time.perf_counter()
    result = run_centre(folder, as_of=AS_OF, pack=pack)
    return time.perf_counter() - start, len(result.findings), len(result.errors)


def peak_rss_mb(folder: Path) -> float:
    """Peak RSS of one pipeline run in a fresh process (so earlier runs do not count)."""
    code = (f"import sys, resource; from pathlib import Path; sys.path.insert(0, {str(Path(__file__).parent)!r});"
            f"import bench_centre as b; b.time_pipeline(Path({str(folder)!r}));"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1]) / 1024  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-centre-") as tmp:
        folder, quarter = Path(tmp) / "full", Path(tmp) / "quarter"
        folder.mkdir()
        quarter.mkdir()
        generate(folder, args.rows)
        generate(quarter, args.rows // 4)
        size = (folder / "cases.csv").stat().st_size
        print(f"cases.csv: {args.rows:,} rows, {size / 1e6:.0f} MB; items: {len(REGIONS) * ITEMS_PER_REGION:,}")
        reader = [time_csv_reader(folder / "cases.csv") for _ in range(args.repeat)]
        runs = [time_pipeline(folder) for _ in range(args.repeat)]
        base, pipe = statistics.median(reader), statistics.median(r[0] for r in runs)
        print(f"csv.reader alone : median {base:.2f} s  ({', '.join(f'{t:.2f}' for t in reader)})")
        print(f"centre pipeline  : median {pipe:.2f} s  ({', '.join(f'{r[0]:.2f}' for r in runs)}); "
              f"{runs[0][1]:,} findings, {runs[0][2]:,} errors")
        print(f"ratio            : {pipe / base:.1f}x  (target <= 8x)")
        print(f"per row          : {pipe / args.rows * 1e6:.2f} us")
        small, full = peak_rss_mb(quarter), peak_rss_mb(folder)
        print(f"peak RSS         : {small:.0f} MB at {args.rows // 4:,} rows, {full:.0f} MB at {args.rows:,} rows")


if __name__ == "__main__":
    main()
