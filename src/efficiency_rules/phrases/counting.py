"""字 for the density denominator: the product's own count (NORMS.md "What 字 counts"), so
that "per 1,000 字" means the number the drafter sees in Word/WPS."""

from __future__ import annotations

from efficiency_rules.documents.counting import count_zi

__all__ = ["count_zi"]
