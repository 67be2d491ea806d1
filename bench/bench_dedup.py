"""DOC-5 index benchmark: build 100,000 published documents, time queries, and score the
labelled corpus pairs.

    .venv/bin/python bench/bench_dedup.py [--docs 100000] [--dir /tmp/...] [--jobs 2]
    .venv/bin/python bench/bench_dedup.py --eval        # precision/recall on labels.tsv only

The synthetic published documents are made of text sampled from the real corpus: each
document takes a length from the corpus's own length distribution and fills it with
paragraphs, each paragraph built from 2-5 sentences drawn from randomly chosen corpus
documents. Sentences, not whole paragraphs, are the unit drawn because the corpus has ~45,000
paragraphs for ~1.5 million draws: whole paragraphs would make every short synthetic document
(one or two paragraphs) a true copy inside some longer one. Two synthetic documents share a
sentence now and then (as documents on one topic do) but practically never most of their
text, so the index holds few true duplicates.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
LABELS = REPO / "tests" / "fixtures" / "similarity" / "labels.tsv"
sys.path.insert(0, str(REPO / "src"))

from efficiency_rules.similarity import PublishedIndex
from efficiency_rules.similarity.evaluate import load_labels, score_at

_PARAGRAPH_BREAK = re.compile(r"\n+|\u3000\u3000")
_SENTENCE_END = re.compile(r"(?<=[。！？；])")


def corpus_texts() -> list[str]:
    rows = csv.DictReader((CORPUS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")
    return [(CORPUS / r["path"]).read_text(encoding="utf-8") for r in rows if r["path"].endswith(".txt")]


def sentences_by_doc(texts: list[str]) -> list[list[str]]:
    out = []
    for text in texts:
        sentences = [
            s.strip()
            for para in _PARAGRAPH_BREAK.split(text)
            for s in _SENTENCE_END.split(para)
            if len(s.strip()) >= 12
        ]
        if sentences:
            out.append(sentences)
    return out


def synthetic_doc(rng: random.Random, sentences: list[list[str]], length: int) -> str:
    paragraphs: list[str] = []
    size = 0
    while size < length:
        para = "".join(rng.choice(sentences[rng.randrange(len(sentences))]) for _ in range(rng.randint(2, 5)))
        paragraphs.append(para)
        size += len(para)
    return "\n".join(paragraphs)


def generate(folder: Path, n: int, seed: int = 7) -> None:
    """Write n synthetic documents into folder/NNN/doc-NNNNNN.txt (1,000 per subfolder)."""
    texts = corpus_texts()
    sentences = sentences_by_doc(texts)
    lengths = [min(max(len(t), 300), 20000) for t in texts]
    rng = random.Random(seed)
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        text = synthetic_doc(rng, sentences, rng.choice(lengths))
        (sub / f"doc-{i:06d}.txt").write_text(text, encoding="utf-8")


def time_queries(index: PublishedIndex, folder: Path, n: int, seed: int = 11) -> dict[str, float]:
    """Half the queries wrap an indexed document (a 转发 notice), half are new documents."""
    rng = random.Random(seed)
    files = sorted(folder.rglob("*.txt"))
    sentences = sentences_by_doc(corpus_texts())
    queries: list[tuple[str, str | None]] = []
    for _ in range(n // 2):
        chosen = rng.choice(files)
        wrapper = "各县市人民政府,州直各部门:现将下列文件转发给你们,请认真贯彻执行。\n"
        queries.append((wrapper + chosen.read_text(encoding="utf-8"), str(chosen)))
        queries.append((synthetic_doc(rng, sentences, 4000), None))
    timings, found = [], 0
    for text, target in queries:
        t = time.perf_counter()
        matches = index.query(text, min_containment=0.8)
        timings.append(time.perf_counter() - t)
        if target is not None and any(m.published_path == target for m in matches):
            found += 1
    timings.sort()
    return {
        "queries": len(queries),
        "median_ms": 1000 * statistics.median(timings),
        "p95_ms": 1000 * timings[int(0.95 * len(timings))],
        "wrapped_found": found / (n // 2),
    }


def datasketch_baseline(folder: Path, sample: int = 300) -> float:
    """Seconds per document for datasketch MinHash (SHA-1 per shingle, 128 permutations)."""
    from datasketch import MinHash

    from efficiency_rules.similarity import fold_text

    files = sorted(folder.rglob("*.txt"))[:sample]
    t = time.perf_counter()
    for f in files:
        s = fold_text(f.read_text(encoding="utf-8"))
        m = MinHash(num_perm=128)
        m.update_batch([s[i : i + 7].encode() for i in range(max(1, len(s) - 6))])
    return (time.perf_counter() - t) / len(files)


def run_eval() -> None:
    rows = csv.DictReader((CORPUS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")
    files = [CORPUS / r["path"] for r in rows if r["path"].endswith(".txt")]
    index = PublishedIndex.build(files, None)
    pairs = load_labels(LABELS)
    print(f"labelled pairs: {sum(p.copy for p in pairs)} copies, {sum(not p.copy for p in pairs)} not")
    print("threshold  TP  FP  FN  TN  precision  recall")
    for t in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
        s, _ = score_at(index, CORPUS, pairs, t)
        print(f"{t:9.2f} {s.tp:3d} {s.fp:3d} {s.fn:3d} {s.tn:3d}  {s.precision:9.3f} {s.recall:7.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/efficiency-rules-bench-dedup"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--eval", action="store_true", help="only score the labelled corpus pairs")
    args = ap.parse_args()
    if args.eval:
        run_eval()
        return
    docs, cache = args.dir / f"published-{args.docs}", args.dir / "cache"
    if not docs.is_dir() or sum(1 for _ in docs.rglob("*.txt")) != args.docs:
        shutil.rmtree(docs, ignore_errors=True)
        t = time.perf_counter()
        generate(docs, args.docs)
        print(f"generated {args.docs} documents in {time.perf_counter() - t:.1f} s")
    shutil.rmtree(cache, ignore_errors=True)
    t = time.perf_counter()
    index = PublishedIndex.build(docs, cache, jobs=args.jobs)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    again = PublishedIndex.build(docs, cache, jobs=args.jobs)
    warm = time.perf_counter() - t
    chars = sum(f.stat().st_size for f in docs.rglob("*.txt")) / 3  # ~3 bytes per Han char
    print(f"build: {len(index.docs)} documents (~{chars / 1e6:.0f} M chars), jobs={args.jobs}: {cold:.1f} s")
    print(f"build again (cache reused={again.from_cache}): {warm:.2f} s")
    per_doc = datasketch_baseline(docs)
    print(
        f"baseline datasketch MinHash(128, SHA-1), one core: {per_doc * 1e3:.2f} ms/doc "
        f"→ {per_doc * args.docs:.0f} s for {args.docs}; ours {cold:.1f} s on {args.jobs} cores "
        f"({per_doc * args.docs / cold:.1f}× faster)"
    )
    q = time_queries(again, docs, args.queries)
    print(
        f"query: {q['queries']} queries, median {q['median_ms']:.2f} ms, p95 {q['p95_ms']:.2f} ms; "
        f"wrapped documents found {q['wrapped_found']:.1%}"
    )


if __name__ == "__main__":
    main()
