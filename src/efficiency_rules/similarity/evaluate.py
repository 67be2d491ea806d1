"""Precision and recall of the index + threshold on a labelled set of (query, published) pairs.

The whole corpus is indexed as the published set (so candidates compete as they would in a
real `published/` folder), each labelled query is run at the threshold with itself excluded,
and a pair counts as flagged when its published document comes back as a match.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .index import PublishedIndex
from .reading import read_text


@dataclass(frozen=True)
class LabelledPair:
    query: str
    published: str
    copy: bool
    category: str


@dataclass(frozen=True)
class Score:
    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_labels(path: Path) -> list[LabelledPair]:
    rows = (r for r in path.read_text(encoding="utf-8").splitlines() if r and not r.startswith("#"))
    return [
        LabelledPair(q, p, c == "1", cat)
        for q, p, c, cat, *_ in csv.reader(rows, delimiter="\t")
    ]


def pair_containment(index: PublishedIndex, root: Path, pair: LabelledPair, threshold: float) -> float:
    """The published document's containment in the query if the index returns it, else 0."""
    query_path = root / pair.query
    matches = index.query(read_text(query_path), min_containment=threshold, exclude=[str(query_path)])
    target = str(root / pair.published)
    return next((m.containment for m in matches if m.published_path == target), 0.0)


def score_at(
    index: PublishedIndex, root: Path, pairs: Sequence[LabelledPair], threshold: float
) -> tuple[Score, list[tuple[LabelledPair, float]]]:
    results = [(p, pair_containment(index, root, p, threshold)) for p in pairs]
    flagged = [(p, c >= threshold and c > 0) for p, c in results]
    tp = sum(1 for p, f in flagged if f and p.copy)
    fp = sum(1 for p, f in flagged if f and not p.copy)
    fn = sum(1 for p, f in flagged if not f and p.copy)
    tn = sum(1 for p, f in flagged if not f and not p.copy)
    return Score(threshold, tp, fp, fn, tn), results


def sweep(
    index: PublishedIndex, root: Path, pairs: Sequence[LabelledPair], thresholds: Iterable[float]
) -> list[Score]:
    return [score_at(index, root, pairs, t)[0] for t in thresholds]
