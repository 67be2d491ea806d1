"""The stock-phrase list (rules/documents/stock-phrases.yaml) as an Aho-Corasick automaton.

OpenCC runs once, when the list loads: every phrase is added in simplified and in traditional
script to one automaton, so documents are never converted. The built automaton is pickled in
the cache, keyed by the list's content, because OpenCC's pure-Python converter makes the build
the slow part (~0.1 s) while the pickle loads in a few milliseconds.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ahocorasick

if TYPE_CHECKING:
    from .prefilter import Prefilter

from efficiency_rules.paths import cache_dir, rules_dir
from efficiency_rules.safeyaml import load_yaml_file

GAP = "…"
CACHE_VERSION = 4


@dataclass(frozen=True)
class StockPhrase:
    """One curated phrase: its text as written in the list, its category and its parts
    (one part, or several for a pattern with gaps like 不断开创…新局面).

    Only the longest part (the anchor) goes into the automaton: a one-character part such as
    the 以 of 以…为统领 would fire on every 以 of every document and make the one pass slow.
    The other parts are looked for around an anchor hit, in both scripts (`variants`)."""

    text: str
    category: str
    parts: tuple[str, ...]
    variants: tuple[tuple[str, ...], ...] = ()

    @property
    def anchor(self) -> int:
        return max(range(len(self.parts)), key=lambda j: len(self.parts[j]))


@dataclass(frozen=True)
class Catalogue:
    phrases: tuple[StockPhrase, ...]
    max_gap: int
    automaton: Any  # ahocorasick.Automaton: key → (key, phrase indexes anchored on it)

    @cached_property
    def prefilter(self) -> Prefilter:
        """Built on first use: numpy is imported only when a long text needs it (start-up)."""
        from .prefilter import Prefilter

        return Prefilter.of(self.automaton.keys())


def default_path() -> Path:
    return rules_dir() / "documents" / "stock-phrases.yaml"


def _read_phrases(data: dict[str, Any]) -> tuple[list[StockPhrase], int]:
    phrases: list[StockPhrase] = []
    for category, items in (data.get("phrases") or {}).items():
        for text in items or []:
            text = str(text).strip()
            if text:
                parts = tuple(p for p in text.split(GAP) if p)
                phrases.append(StockPhrase(text, str(category), parts))
    return phrases, int(data.get("max_gap", 15))


def _script_variants(converters: tuple[Any, ...], text: str) -> set[str]:
    """The phrase in simplified and in the traditional forms in use (OpenCC's own standard
    writes 爲 where the traditional texts of our users write 為, so both are added; Hong Kong
    forms are left out: a prefecture's documents do not use them)."""
    simple = converters[0].convert(text)
    return {text, simple, *(c.convert(simple) for c in converters[1:])}


def _with_variants(phrases: list[StockPhrase]) -> list[StockPhrase]:
    from opencc import OpenCC

    converters = (OpenCC("t2s"), OpenCC("s2t"), OpenCC("s2tw"))
    return [
        StockPhrase(
            p.text,
            p.category,
            p.parts,
            tuple(tuple(sorted(_script_variants(converters, part))) for part in p.parts),
        )
        for p in phrases
    ]


def _build_automaton(phrases: list[StockPhrase]) -> Any:
    entries: dict[str, set[int]] = {}
    for i, phrase in enumerate(phrases):
        for variant in phrase.variants[phrase.anchor]:
            entries.setdefault(variant, set()).add(i)
    automaton = ahocorasick.Automaton()
    for key, refs in entries.items():
        automaton.add_word(key, (key, tuple(sorted(refs))))
    automaton.make_automaton()
    return automaton


def build_catalogue(path: Path, cache: Path | None) -> Catalogue:
    raw = path.read_bytes()
    phrases, max_gap = _read_phrases(load_yaml_file(path) or {})
    key = hashlib.sha256(raw + f"v{CACHE_VERSION}".encode()).hexdigest()[:24]
    cached = cache / f"stock-phrases-{key}.pickle" if cache else None
    if cached is not None and cached.is_file():
        try:
            loaded = pickle.loads(cached.read_bytes())
            if isinstance(loaded, Catalogue):
                return loaded
        except (pickle.UnpicklingError, EOFError, ValueError, AttributeError):
            pass  # a damaged or stale cache is rebuilt
    phrases = _with_variants(phrases)
    automaton = _build_automaton(phrases)
    catalogue = Catalogue(tuple(phrases), max_gap, automaton)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(catalogue))
        tmp.replace(cached)
    return catalogue


@lru_cache(maxsize=4)
def load_catalogue(path: Path | None = None, use_cache: bool = True) -> Catalogue:
    """The phrase list at `path` (default: the rule pack's), built once per process."""
    return build_catalogue(path or default_path(), cache_dir() if use_cache else None)
