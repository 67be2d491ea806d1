"""Character shingles hashed to uint64 in one vectorised pass.

A shingle is k consecutive normalised characters. Its hash is a polynomial over the code
points (wrapping uint64 arithmetic: k multiply-adds over the whole array at once) followed by
the splitmix64 finaliser so that the low and high bits are both well mixed — the bottom-k
sketch takes the smallest values, so the ordering must look random. Per-shingle SHA-1 through
Python would cost ~1 µs per shingle; this costs ~10 ns.
"""

from __future__ import annotations

import numpy as np

DEFAULT_K = 7

_BASE = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _splitmix64(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    out: np.ndarray = x ^ (x >> np.uint64(31))
    return out


def shingle_hashes(codes: np.ndarray, k: int = DEFAULT_K) -> np.ndarray:
    """Hash of the shingle starting at each position: len(codes) - k + 1 values (uint64).

    A text shorter than k characters has one shingle, the whole text, so that short published
    texts still have something to match.
    """
    n = int(codes.shape[0])
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    width = min(k, n)
    count = n - width + 1
    c = codes.astype(np.uint64)
    acc = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            acc = acc * _BASE + c[j : j + count] + np.uint64(1)
        return _splitmix64(acc + np.uint64(width))


def unique_hashes(hashes: np.ndarray) -> np.ndarray:
    """The set of shingle hashes, sorted ascending (np.unique sorts)."""
    return np.unique(hashes)
