"""Benchmark: the documents layer over the corpus's .txt files against `wc -m`.

    .venv/bin/python bench/bench_documents.py [CORPUS_DIR]

Times, as the median of 5 runs: `LC_ALL=C.UTF-8 wc -m` over the files; our layer in-process
(read + decode + structure + counting + metadata = `load_document` per file); and the same in a
fresh interpreter, start-up and imports included (what `efficiency-rules lint` pays). The lead's
budget: the whole lint within 4× wc, so this layer should stay well under 2× wc.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 5
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

_CHILD = """
import sys, time
t0 = time.perf_counter()
from efficiency_rules.documents import load_document
paths = sys.argv[1:]
total = 0
for p in paths:
    d = load_document(p)
    total += d.record["zi"]
print(total)
"""


def median_time(fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    files = sorted(str(p) for p in corpus.rglob("*.txt") if not p.name.endswith(".meta.yaml"))
    if not files:
        print(f"no .txt files under {corpus}", file=sys.stderr)
        return 2
    size = sum(Path(f).stat().st_size for f in files)
    env = {"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"}

    def wc() -> None:
        subprocess.run(["wc", "-m", *files], env=env, stdout=subprocess.DEVNULL, check=True)

    from efficiency_rules.documents import load_document

    def layer() -> None:
        for f in files:
            load_document(f)

    def fresh() -> None:
        subprocess.run(
            [sys.executable, "-c", _CHILD, *files], stdout=subprocess.DEVNULL, check=True
        )

    def python_startup() -> None:
        subprocess.run([sys.executable, "-c", "pass"], check=True)

    t_wc = median_time(wc)
    t_layer = median_time(layer)
    t_fresh = median_time(fresh)
    t_py = median_time(python_startup)
    print(f"files: {len(files)}   bytes: {size:,}   (median of {RUNS} runs)")
    print(f"wc -m                         {t_wc:7.3f} s")
    print(f"documents layer, in process   {t_layer:7.3f} s   {t_layer / t_wc:5.2f}x wc")
    print(f"fresh interpreter + layer     {t_fresh:7.3f} s   {t_fresh / t_wc:5.2f}x wc")
    print(f"  of which bare python start  {t_py:7.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
