"""Finding stock phrases in one Aho-Corasick pass, and their density per 1,000 字 (DOC-7)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalogue import Catalogue, StockPhrase, load_catalogue
from .counting import count_zi

# Below this length the automaton alone is cheaper than preparing the numpy prefilter.
PREFILTER_MIN_CHARS = 4000


@dataclass(frozen=True)
class PhraseHit:
    phrase: str  # the phrase as the list writes it (不断开创…新局面)
    category: str  # 套话 / 空话 / 大话
    start: int  # position in the text, end exclusive
    end: int
    text: str  # what the document says there


@dataclass(frozen=True)
class PhraseReport:
    hits: tuple[PhraseHit, ...]
    zi: int

    @property
    def count(self) -> int:
        return len(self.hits)

    @property
    def density(self) -> float:
        """Stock phrases per 1,000 字; 0 for an empty text."""
        return 1000 * self.count / self.zi if self.zi else 0.0


def _find_before(text: str, variants: tuple[str, ...], pos: int, gap: int) -> int | None:
    """Start of the nearest variant ending at most `gap` characters before `pos`."""
    best = None
    for v in variants:
        i = text.rfind(v, max(0, pos - gap - len(v)), pos)
        if i >= 0 and (best is None or i > best):
            best = i
    return best


def _find_after(text: str, variants: tuple[str, ...], pos: int, gap: int) -> int | None:
    """End of the nearest variant starting at most `gap` characters after `pos`."""
    best = None
    for v in variants:
        i = text.find(v, pos, pos + gap + len(v))
        if i >= 0 and (best is None or i + len(v) < best):
            best = i + len(v)
    return best


def _gapped_span(
    text: str, phrase: StockPhrase, start: int, end: int, gap: int
) -> tuple[int, int] | None:
    """Extend an anchor hit [start, end) over the phrase's other parts, or None."""
    a = phrase.anchor
    for j in range(a - 1, -1, -1):
        found = _find_before(text, phrase.variants[j], start, gap)
        if found is None:
            return None
        start = found
    for j in range(a + 1, len(phrase.parts)):
        found = _find_after(text, phrase.variants[j], end, gap)
        if found is None:
            return None
        end = found
    return start, end


def find_phrases(text: str, catalogue: Catalogue | None = None) -> list[PhraseHit]:
    """Every stock phrase in `text`, in order of position.

    Keys are matched longest-first without overlap (进一步加强 is one phrase, not also 加强…),
    so a phrase inside a longer listed phrase is not counted twice.
    """
    cat = catalogue or load_catalogue()
    hits: list[PhraseHit] = []
    for start, end, value in _matches(cat, text):
        refs: tuple[int, ...] = value[1]
        for i in refs:
            p = cat.phrases[i]
            span = (start, end) if len(p.parts) == 1 else _gapped_span(text, p, start, end, cat.max_gap)
            if span is not None:
                hits.append(PhraseHit(p.text, p.category, span[0], span[1], text[span[0] : span[1]]))
                break
    return _drop_nested(hits)


def _matches(cat: Catalogue, text: str) -> Any:
    if len(text) < PREFILTER_MIN_CHARS:
        return ((last + 1 - len(value[0]), last + 1, value) for last, value in cat.automaton.iter_long(text))
    from .prefilter import longest_matches

    return longest_matches(cat.automaton, cat.prefilter, text)


def _drop_nested(hits: list[PhraseHit]) -> list[PhraseHit]:
    """Sort by position and drop a hit inside an earlier, longer one: 不断开创…新局面 and
    开创…新局面 anchor on different parts, and one phrase in the text counts once."""
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[PhraseHit] = []
    for h in hits:
        if kept and h.end <= kept[-1].end:
            continue
        kept.append(h)
    return kept


def phrase_report(text: str, catalogue: Catalogue | None = None, zi: int | None = None) -> PhraseReport:
    """`zi`: the text's 字 when the caller has counted it already (the document record has)."""
    return PhraseReport(tuple(find_phrases(text, catalogue)), count_zi(text) if zi is None else zi)


def phrase_fields(text: str, catalogue: Catalogue | None = None, zi: int | None = None) -> dict[str, float | int]:
    """The document-record fields DOC-7 reads."""
    report = phrase_report(text, catalogue, zi)
    return {"stock_phrase_count": report.count, "stock_phrase_density": round(report.density, 3)}
