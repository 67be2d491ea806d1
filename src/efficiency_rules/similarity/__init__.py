"""Copy detection for DOC-5 (照抄转发已公开文件) and DOC-4 (a speech already published).

    index = PublishedIndex.build(folder, cache_dir)
    matches = index.query(text, min_containment=0.5)
    fields = published_fields(index.query(text, min_containment=0.0))
"""

from .align import Passage, Shingled, Verification, verify
from .index import DEFAULT_MIN_CONTAINMENT, IndexedDoc, Match, PublishedIndex
from .normalise import Normalised, fold_text, normalise
from .record import published_fields
from .shingles import DEFAULT_K, shingle_hashes

__all__ = [
    "DEFAULT_K",
    "DEFAULT_MIN_CONTAINMENT",
    "IndexedDoc",
    "Match",
    "Normalised",
    "Passage",
    "PublishedIndex",
    "Shingled",
    "Verification",
    "fold_text",
    "normalise",
    "published_fields",
    "shingle_hashes",
    "verify",
]
