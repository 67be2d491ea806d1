"""The document-record fields DOC-4 and DOC-5 read, from the index's best match."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .index import Match


def published_fields(matches: Sequence[Match]) -> dict[str, Any]:
    """`document.published_*` for the best match; all null when nothing matched.

    Null, not 0, when there is no match: the DSL treats a missing value as "does not fire",
    and a document with no published folder given must not be judged (DOC-5 runs only when
    published documents are given).
    """
    if not matches:
        return {
            "published_containment": None,
            "published_id": None,
            "published_title": None,
            "published_kind": None,
            "published_path": None,
            "published_passages": None,
            "published_resemblance": None,
        }
    best = max(matches, key=lambda m: m.containment)
    return {
        "published_containment": round(best.containment, 4),
        "published_id": best.published_id,
        "published_title": best.title,
        "published_kind": best.kind,
        "published_path": best.published_path,
        "published_passages": len(best.passages),
        "published_resemblance": round(best.resemblance, 4),
    }
