"""Text normalisation for copy detection: one numpy pass per text, positions kept.

Why character-level folding instead of running OpenCC on every text: the pure-Python OpenCC
converter costs ~1 s per megabyte, which alone would use up the 100,000-document build budget.
A copy is a copy whatever script it was typed in, and the phrase-level conversions OpenCC adds
(发/發 by context) do not change which characters line up, so one table lookup per code point
(OpenCC's own TSCharacters table, first candidate) is enough here.

What is dropped: whitespace, punctuation and symbols — re-typed copies differ in exactly these
(full-width vs half-width commas, lost paragraph breaks). Letters, digits and Han characters are
kept; full-width forms are folded to ASCII and Latin letters to lower case.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

# Code points above this are kept as they are (CJK extension planes are all letters).
_TABLE_SIZE = 0x10000


@dataclass(frozen=True)
class Normalised:
    """A text reduced to the characters that matter for copying.

    `codes[i]` is the folded code point of the i-th kept character; `offsets[i]` is where that
    character sits in the original string, so passages map back to the user's text.
    """

    codes: np.ndarray  # uint32
    offsets: np.ndarray  # int64

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original-text span [a, b) covering normalised characters [start, end)."""
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


def _opencc_t2s_pairs() -> dict[int, int]:
    try:
        import opencc
    except ImportError:  # folding is a nicety; without OpenCC traditional texts fold less
        return {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    pairs: dict[int, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1 and parts[1]:
            simple = parts[1].split(" ")[0]
            if len(simple) == 1 and ord(parts[0]) < _TABLE_SIZE and ord(simple) < _TABLE_SIZE:
                pairs[ord(parts[0])] = ord(simple)
    return pairs


def _fold_char(cp: int) -> int:
    """Full-width → ASCII (NFKC of one char when it stays one char), then lower case."""
    ch = chr(cp)
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        folded = ch
    return ord(folded.lower()) if len(folded.lower()) == 1 else ord(folded)


@lru_cache(maxsize=1)
def tables() -> tuple[np.ndarray, np.ndarray]:
    """(keep, fold) lookup tables over the BMP, built once per process (~30 ms)."""
    keep = np.zeros(_TABLE_SIZE, dtype=bool)
    fold = np.arange(_TABLE_SIZE, dtype=np.uint32)
    for cp in range(_TABLE_SIZE):
        ch = chr(cp)
        if ch.isalnum():
            keep[cp] = True
            if cp < 0x3000 or cp >= 0xFF00:  # only Latin/full-width need NFKC folding
                fold[cp] = _fold_char(cp)
    for trad, simple in _opencc_t2s_pairs().items():
        fold[trad] = simple
    return keep, fold


def normalise(text: str) -> Normalised:
    """Fold and filter `text`; vectorised, so a 10,000-character text takes ~50 µs."""
    keep, fold = tables()
    raw = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    low = np.minimum(raw, _TABLE_SIZE - 1)
    kept = np.where(raw < _TABLE_SIZE, keep[low], True)
    offsets = np.flatnonzero(kept)
    codes = np.where(raw[offsets] < _TABLE_SIZE, fold[low[offsets]], raw[offsets])
    return Normalised(codes=codes.astype(np.uint32), offsets=offsets.astype(np.int64))


def fold_text(text: str) -> str:
    """The normalised text as a string (for tests and for showing what was compared)."""
    return normalise(text).codes.astype("<u4").tobytes().decode("utf-32-le")
