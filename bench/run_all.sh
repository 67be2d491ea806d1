#!/usr/bin/env bash
# Every benchmark in turn (they must not run at the same time: two cores), figures to bench/out/.
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p bench/out
for b in dsl lint documents phrases meetings centre dedup scan; do
  echo "== bench_$b ($(date -u +%H:%M:%S))"
  $PY bench/bench_$b.py > "bench/out/$b.txt" 2>&1
  tail -n 12 "bench/out/$b.txt"
done
