"""A finding's fingerprint: the same problem gets the same id next month.

The fingerprint is what lets the office see new / persisting / resolved (DESIGN.md, "The scan's
memory"). It is built only from what stays put while a unit keeps breaking a norm: the norm, the
unit, the subject's type and its stable key (發文字號 or title of a document, a plan id, an item
id, a region) and, for cross-record findings, the keys of the related subjects. Never the period,
the file path, the message wording, the rule id (a rule may be renamed or split) or the order in
which findings arrive.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from ..findings import Finding

_VERSION = "fp1"  # bump if the recipe changes: old and new fingerprints must never collide
_SPACE = re.compile(r"\s+")
AREA_ORDER: tuple[str, ...] = ("DOC", "MTG", "CTR", "CASE", "CMP")
_NORM_ID = re.compile(r"^([A-Z]+)-(\d+)$")


def stable_key(text: str, period: str | None = None) -> str:
    """A subject id as it compares across months: NFKC (full-width digits and 〔〕 variants of a
    發文字號 typed twice the same way), no surrounding or repeated spaces, and no period in it —
    a region-month subject (`縣A 2026-10`) must match `縣A 2026-11`."""
    key = unicodedata.normalize("NFKC", text)
    if period:
        key = key.replace(period, "")
    return _SPACE.sub(" ", key).strip()


def fingerprint(finding: Finding, period: str | None = None) -> str:
    subject = finding.subject
    parts = [
        _VERSION,
        finding.norm,
        subject.unit or "",
        subject.type,
        stable_key(subject.id, period),
        *sorted(_related_keys(finding.related, period)),
    ]
    # NUL cannot occur in any part, so the joined text is unambiguous.
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def _related_keys(related: Iterable[Mapping[str, Any]], period: str | None) -> list[str]:
    keys = []
    for other in related:
        ident = other.get("id")
        if ident is None:
            continue  # a related entry without an id has nothing stable to offer
        keys.append(f"{other.get('type', '')}:{stable_key(str(ident), period)}")
    return keys


def norm_order(norm: str) -> str:
    """A sort key that puts norms in the catalogue's order: DOC before MTG, DOC-2 before DOC-10."""
    match = _NORM_ID.match(norm)
    if not match:
        return f"99{norm}"
    area, number = match.groups()
    rank = AREA_ORDER.index(area) if area in AREA_ORDER else 98
    return f"{rank:02d}{area}-{int(number):05d}"
