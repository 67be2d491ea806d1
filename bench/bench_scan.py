"""Scan throughput with worker processes, and memory as the submission grows (issue 6).

A generated submission of N documents (10,000 and 100,000), written once under bench/out/:
short realistic 公文 texts built from sentence lists, one in 20 over its length cap, each
with a sidecar saying its kind, issuer and unit. Measured, report rendering excluded:

- throughput: `scan --jobs 1` and `--jobs 2` on 100,000 documents; target: jobs 2 reaches
  at least 70% of twice the single-process throughput (efficiency = T1 / (2 × T2)).
- memory: the peak of the summed RSS of the scan and all its worker processes (sampled from
  /proc every 20 ms) at 100,000 documents, against the same at 10,000; target ≤ 1.5×.

Usage: python bench/bench_scan.py [--small N] [--large N]"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
TOOL = Path(sys.executable).with_name("efficiency-rules")
UNITS = ["州教育局", "州财政局", "州卫生健康委", "州交通运输局", "州市场监管局", "云岭市", "青峰县", "白河县", "石门县", "桐溪县"]
SENTENCES = [
    "进一步加强机关作风建设,切实提高行政效能。", "各地各部门要高度重视,认真组织实施。",
    "严格落实首问负责制、限时办结制和责任追究制。", "确保各项工作任务按时保质完成。",
    "对工作中出现的新情况新问题,要及时研究解决。", "请于每月5日前将工作进展情况报送州效能办。",
    "全面推行政务服务“一窗受理、集成服务”。", "建立健全长效机制,巩固提升工作成效。",
]


def make_submission(root: Path, n: int, seed: int = 11) -> Path:
    month = root / f"docs-{n}" / "2026-10"
    marker = month / ".complete"
    if marker.exists():
        return month
    shutil.rmtree(month.parent, ignore_errors=True)
    rng = random.Random(seed)
    for i in range(n):
        folder = month / "documents" / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        unit = rng.choice(UNITS)
        long = i % 20 == 0
        body = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(8, 40) if not long else 200))
        text = f"关于做好第{i}项重点工作的通知\n\n各县市人民政府,州直各部门:\n　　{body}\n\n州政府办公室\n2026年10月{1 + i % 28}日\n"
        path = folder / f"通知{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        (folder / f"通知{i:06d}.txt.meta.yaml").write_text(
            f"kind: general_circular\nissuer: prefecture_government_office\nunit: {unit}\n", encoding="utf-8")
    (month / "scan.yaml").write_text("period: 2026-10\ncampaign_year: 2026\n", encoding="utf-8")
    marker.write_text("ok")
    return month


def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_scan(month: Path, jobs: int) -> tuple[float, int]:
    """(wall seconds, peak summed RSS in KB) of one scan into a fresh store."""
    db = Path(tempfile.mkdtemp(prefix="er-scan-")) / "h.sqlite"
    cmd = [str(TOOL), "scan", str(month), "--db", str(db), "--jobs", str(jobs), "--no-backfill", "--format", "json"]
    peak = [0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"scan failed ({proc.returncode}): {err.decode()[-2000:]}")
    shutil.rmtree(db.parent, ignore_errors=True)
    return elapsed, peak[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    small = make_submission(OUT, args.small)
    large = make_submission(OUT, args.large)
    run_scan(small, 1)  # warm the compiled-rule cache and the page cache

    def median_of(month: Path, jobs: int) -> tuple[float, int]:
        runs = [run_scan(month, jobs) for _ in range(args.runs)]
        return statistics.median(r[0] for r in runs), max(r[1] for r in runs)

    t_small_1, m_small_1 = median_of(small, 1)
    t_small_2, m_small_2 = median_of(small, 2)
    t_large_1, m_large_1 = median_of(large, 1)
    t_large_2, m_large_2 = median_of(large, 2)
    eff = t_large_1 / (2 * t_large_2)
    print(f"{args.small:,} documents: jobs 1 {t_small_1:6.1f} s  peak {m_small_1 / 1024:6.0f} MB   "
          f"jobs 2 {t_small_2:6.1f} s  peak {m_small_2 / 1024:6.0f} MB")
    print(f"{args.large:,} documents: jobs 1 {t_large_1:6.1f} s  peak {m_large_1 / 1024:6.0f} MB   "
          f"jobs 2 {t_large_2:6.1f} s  peak {m_large_2 / 1024:6.0f} MB")
    print(f"throughput {args.large / t_large_1:,.0f} docs/s (jobs 1), {args.large / t_large_2:,.0f} docs/s (jobs 2); "
          f"efficiency {eff:.0%} of twice single (target ≥ 70%)")
    print(f"peak memory {args.large:,} vs {args.small:,}: jobs 1 {m_large_1 / m_small_1:.2f}×, "
          f"jobs 2 {m_large_2 / m_small_2:.2f}× (target ≤ 1.5×)")


if __name__ == "__main__":
    main()
