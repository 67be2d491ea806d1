"""Lint speed and start-up (issue 2), each against its baseline in the same run.

1. `efficiency-rules lint` over every .txt of ../shared/corpus, one process, start-up included,
   against `LC_ALL=C.UTF-8 wc -m` over the same files. Target: ≤ 4× (issue 5 with DOC-7: ≤ 6×).
2. Start-up: `efficiency-rules lint` on one small file, second run (caches warm), against
   `python -c "import yaml, click"`: ≤ +100 ms; first run with an empty cache: ≤ +250 ms.

Medians of several runs; the machine is noisy, so ratios matter more than seconds."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
TOOL = Path(sys.executable).with_name("efficiency-rules")


def timed(cmd: list[str], runs: int, env: dict[str, str] | None = None, cwd: Path | None = None,
          before: object = None) -> float:
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def corpus_files() -> list[str]:
    return sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.txt"))


def main() -> None:
    if not CORPUS.is_dir():
        print(f"{CORPUS} absent: nothing to measure")
        return
    files = corpus_files()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    cache = Path(tempfile.mkdtemp(prefix="er-cache-"))
    tool_env = {**env, "EFFICIENCY_RULES_CACHE": str(cache)}
    subprocess.run([str(TOOL), "rules", "list"], env=tool_env, stdout=subprocess.DEVNULL, check=False)

    no_doc7 = cache / "no-doc7.yaml"
    no_doc7.write_text("disable: [DOC-7]\n", encoding="utf-8")
    t_wc = timed(["wc", "-m", *files], 7, env, CORPUS)
    t_base = timed([str(TOOL), "lint", "--format", "json", "--config", str(no_doc7), *files], 7, tool_env, CORPUS)
    t_lint = timed([str(TOOL), "lint", "--format", "json", *files], 7, tool_env, CORPUS)
    t_text = timed([str(TOOL), "lint", *files], 5, tool_env, CORPUS)
    print(f"corpus: {len(files):,} .txt files")
    print(f"wc -m                          median {t_wc * 1000:7.0f} ms")
    print(f"lint --format json, DOC-7 off  median {t_base * 1000:7.0f} ms   {t_base / t_wc:.2f}× wc -m "
          "(issue 2: ≤ 4×)")
    print(f"lint --format json, all rules  median {t_lint * 1000:7.0f} ms   {t_lint / t_wc:.2f}× wc -m "
          "(issue 5, DOC-7 on: ≤ 6×)")
    print(f"lint (text), all rules         median {t_text * 1000:7.0f} ms   {t_text / t_wc:.2f}× wc -m")

    small = cache / "small.txt"
    small.write_text("关于召开全州行政效能建设推进会的通知\n\n各县市人民政府:\n　　定于3月10日召开推进会。\n", encoding="utf-8")
    t_base = timed([sys.executable, "-c", "import yaml, click"], 15, env)
    t_warm = timed([str(TOOL), "lint", str(small)], 15, tool_env)

    def empty_cache() -> None:
        shutil.rmtree(cache / "cold", ignore_errors=True)

    cold_env = {**env, "EFFICIENCY_RULES_CACHE": str(cache / "cold")}
    t_cold = timed([str(TOOL), "lint", str(small)], 5, cold_env, before=empty_cache)
    print(f"python -c 'import yaml, click'  median {t_base * 1000:6.0f} ms")
    print(f"lint one file, caches warm      median {t_warm * 1000:6.0f} ms   +{(t_warm - t_base) * 1000:.0f} ms (target ≤ +100)")
    print(f"lint one file, empty cache      median {t_cold * 1000:6.0f} ms   +{(t_cold - t_base) * 1000:.0f} ms (target ≤ +250)")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
