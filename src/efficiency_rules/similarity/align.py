"""Exact verification of a candidate: containment, resemblance and the copied passages.

Containment is the share of the published document's distinct shingles that lie inside
copied passages of the query — the measure DOC-5 needs: a 转发 notice that wraps the original contains nearly
all of it, a 解读 that quotes a few paragraphs contains a small share. It is counted over
passages (runs of at least MIN_PASSAGE_CHARS), not over loose shingles, because a 解读 that
names a short 印发 notice's title and its stock sentences (现印发给你们,请认真贯彻执行) shares a
third of that notice's shingles without copying it. The plain shingle share
(`shingle_containment`) and the Jaccard resemblance are given too; neither decides.

Passages are maximal runs of consecutive query shingles found in the published text, so a
copied paragraph is one passage with its positions in both texts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .normalise import Normalised
from .shingles import DEFAULT_K, shingle_hashes

Passage = tuple[int, int, int, int]  # query_start, query_end, pub_start, pub_end (original text)

# A run shorter than this many normalised characters is a shared phrase, not a copied passage:
# 各有关单位、认真贯彻落实 and dates recur in unrelated documents.
MIN_PASSAGE_CHARS = 24


@dataclass(frozen=True)
class Shingled:
    """A normalised text with its positional shingle hashes and their distinct set."""

    norm: Normalised
    hashes: np.ndarray  # uint64, one per position
    distinct: np.ndarray  # sorted unique hashes
    k: int

    @classmethod
    def of(cls, norm: Normalised, k: int = DEFAULT_K) -> Shingled:
        hashes = shingle_hashes(norm.codes, k)
        return cls(norm=norm, hashes=hashes, distinct=np.unique(hashes), k=k)


@dataclass(frozen=True)
class Verification:
    containment: float  # share of the published text's shingles inside copied passages
    shingle_containment: float  # share of its distinct shingles found anywhere in the query
    resemblance: float
    passages: tuple[Passage, ...]
    copied_shingles: int  # distinct published shingles inside copied passages


def containment_and_resemblance(query: Shingled, pub: Shingled) -> tuple[float, float]:
    if pub.distinct.size == 0:
        return 0.0, 0.0
    shared = np.intersect1d(query.distinct, pub.distinct, assume_unique=True).size
    union = query.distinct.size + pub.distinct.size - shared
    return shared / pub.distinct.size, shared / union if union else 0.0


def _first_positions(pub: Shingled) -> tuple[np.ndarray, np.ndarray]:
    """Sorted pub hashes with the first position each occurs at (for hash → position)."""
    order = np.argsort(pub.hashes, kind="stable")
    keys = pub.hashes[order]
    first = np.ones(keys.size, dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return keys[first], order[first]


def _query_runs(hit: np.ndarray) -> list[tuple[int, int]]:
    """Runs [start, end) of consecutive query shingles that occur in the published text."""
    edges = np.diff(np.concatenate(([0], hit.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist()))


def _published_span(ppos: np.ndarray, k: int, n: int) -> tuple[int, int]:
    """Where a query run sits in the published text: the alignment most of its shingles agree
    on (median of position minus rank), since a shingle that recurs (a title repeated in the
    text) maps to its first occurrence, not to the copy."""
    offset = int(np.median(ppos - np.arange(ppos.size)))
    start = min(max(offset, 0), n - 1)
    return start, min(offset + ppos.size - 1 + k, n)


def copied_passages(
    query: Shingled, pub: Shingled, min_chars: int = MIN_PASSAGE_CHARS
) -> tuple[list[Passage], int]:
    """Copied passages in original-text coordinates, and how many of the published text's
    distinct shingles they contain.

    Runs are taken on the query side only (consecutive query shingles found in the published
    text): a published text that repeats itself (tables, recurring clause openings) would
    otherwise break one copied paragraph into pieces wherever a shingle's first occurrence is
    elsewhere. The published span of a passage is the range its shingles occur at.
    """
    keys, first_pos = _first_positions(pub)
    if keys.size == 0 or query.hashes.size == 0:
        return [], 0
    idx = np.minimum(np.searchsorted(keys, query.hashes), keys.size - 1)
    hit = keys[idx] == query.hashes
    k = query.k
    out: list[Passage] = []
    kept: list[np.ndarray] = []
    for q0, q1 in _query_runs(hit):
        q_end = min(q1 - 1 + k, len(query.norm))
        if q_end - q0 < min_chars:
            continue
        p0, p_end = _published_span(first_pos[idx[q0:q1]], k, len(pub.norm))
        qs, qe = query.norm.original_span(q0, q_end)
        ps, pe = pub.norm.original_span(p0, p_end)
        out.append((qs, qe, ps, pe))
        kept.append(query.hashes[q0:q1])
    copied = np.unique(np.concatenate(kept)).size if kept else 0
    return out, int(copied)


def verify(query: Shingled, pub: Shingled, min_chars: int = MIN_PASSAGE_CHARS) -> Verification:
    shingle_share, resemblance = containment_and_resemblance(query, pub)
    passages, copied = copied_passages(query, pub, min_chars) if shingle_share > 0 else ([], 0)
    containment = copied / pub.distinct.size if pub.distinct.size else 0.0
    return Verification(containment, shingle_share, resemblance, tuple(passages), copied)
