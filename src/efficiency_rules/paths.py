"""Where the project's data lives: rules, schemas and the user's cache."""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parents[2]


def rules_dir() -> Path:
    """The built-in rule pack (`rules/` of the checkout, or EFFICIENCY_RULES_DIR)."""
    return Path(os.environ.get("EFFICIENCY_RULES_DIR", _REPO / "rules"))


def schemas_dir() -> Path:
    return Path(os.environ.get("EFFICIENCY_RULES_SCHEMAS", _REPO / "schemas"))


def cache_dir() -> Path:
    """The user's cache directory; EFFICIENCY_RULES_CACHE overrides (tests point it at tmp)."""
    env = os.environ.get("EFFICIENCY_RULES_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "efficiency-rules"
