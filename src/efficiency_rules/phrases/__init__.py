"""DOC-7 (摒弃大话、套话、空话): stock phrases found in one pass, density per 1,000 字.

    report = phrase_report(text)        # hits with positions, zi, count, density
    fields = phrase_fields(text)        # {"stock_phrase_count": ..., "stock_phrase_density": ...}
"""

from .catalogue import Catalogue, StockPhrase, build_catalogue, default_path, load_catalogue
from .counting import count_zi
from .matcher import PhraseHit, PhraseReport, find_phrases, phrase_fields, phrase_report

__all__ = [
    "Catalogue",
    "PhraseHit",
    "PhraseReport",
    "StockPhrase",
    "build_catalogue",
    "count_zi",
    "default_path",
    "find_phrases",
    "load_catalogue",
    "phrase_fields",
    "phrase_report",
]
