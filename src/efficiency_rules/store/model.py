"""The values the store takes and gives back: frozen, small, and free of SQL."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

# The thresholds of NORMS.md, used when a ratio reaches the store without one (a finding's
# values that lack `threshold`): CTR-1 不得低于95%, CTR-3 90%以上.
DEFAULT_THRESHOLDS: Mapping[str, Fraction] = {"CTR-1": Fraction(95, 100), "CTR-3": Fraction(90, 100)}
RATIO_METRICS: tuple[str, ...] = tuple(DEFAULT_THRESHOLDS)


@dataclass(frozen=True)
class InputFile:
    """One input of a run, as the audit trail records it."""

    path: str
    size: int
    sha256: str

    @classmethod
    def of(cls, path: Path, *, relative_to: Path | None = None) -> InputFile:
        """Hash a file in chunks (inputs can be large .docx/.xlsx files)."""
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        from ..findings import shown_path

        shown = path.relative_to(relative_to) if relative_to else path
        return cls(path=shown_path(shown.as_posix()), size=path.stat().st_size, sha256=digest)


@dataclass(frozen=True)
class Audit:
    """What a run's figures rest on, so a later reader can tell two runs apart."""

    rules_hash: str
    parameters: Mapping[str, Any]
    calendar_version: str
    inputs: tuple[InputFile, ...] = ()
    started_at: datetime | None = None  # when the scan began; write_run's own time if None
    tool_version: str | None = None


@dataclass(frozen=True)
class MetricRow:
    """A service-centre ratio recomputed for one region, pass or fail (CTR-1, CTR-3)."""

    region: str
    metric: str
    numerator: int
    denominator: int
    threshold: str  # an exact fraction as text: "19/20", "0.95" and "95%" are accepted

    @property
    def threshold_fraction(self) -> Fraction:
        return parse_threshold(self.threshold)

    @property
    def ratio(self) -> Fraction | None:
        return exact_ratio(self.numerator, self.denominator)

    @property
    def passes(self) -> bool | None:
        return meets(self.ratio, self.threshold_fraction)


def exact_ratio(numerator: int, denominator: int) -> Fraction | None:
    return Fraction(numerator, denominator) if denominator else None


def meets(ratio: Fraction | None, threshold: Fraction) -> bool | None:
    # 不得低于 / 以上 include the number itself (NORMS.md boundary words): equal passes.
    return None if ratio is None else ratio >= threshold


def parse_threshold(text: str | Fraction | float) -> Fraction:
    if isinstance(text, Fraction):
        return text
    if isinstance(text, (int, float)):
        return Fraction(str(text))
    stripped = str(text).strip()
    if stripped.endswith("%"):
        return Fraction(stripped[:-1]) / 100
    return Fraction(stripped)


@dataclass(frozen=True)
class ReplacedRun:
    """An earlier run of the same period that a later run replaced (kept as a record)."""

    period: str
    started_at: str
    finished_at: str
    rules_hash: str
    findings: int
    replaced_at: str


@dataclass(frozen=True)
class RunInfo:
    run_id: int
    period: str
    started_at: str
    finished_at: str
    status: str  # complete | incomplete (some inputs could not be read)
    subjects: int
    findings: int
    errors: int
    rules_hash: str
    calendar_version: str
    tool_version: str | None
    replaced: tuple[ReplacedRun, ...] = ()  # earlier runs of this period this one replaced


@dataclass(frozen=True)
class FindingRef:
    """A finding as the diff names it: enough to list it, not the whole row."""

    fingerprint: str
    norm: str
    severity: str
    status: str
    unit: str | None
    subject_type: str
    subject_id: str
    message: str


@dataclass(frozen=True)
class Diff:
    """What changed between a period and the stored period before it."""

    period: str
    previous: str | None
    new: tuple[FindingRef, ...]
    persisting: tuple[FindingRef, ...]
    resolved: tuple[FindingRef, ...]  # from the previous period's run


@dataclass(frozen=True)
class Escalation:
    """A unit that broke the same norm in `periods` consecutive months ending at `period`."""

    unit: str
    unit_type: str | None
    norm: str
    periods: int
    since: str  # the first period of the streak
    findings: int  # open findings of this unit and norm in the period


@dataclass(frozen=True)
class PeriodTrend:
    period: str
    open: Mapping[str, int]  # severity -> open findings
    waived: int
    by_norm: Mapping[str, int] = field(default_factory=dict)  # open findings per norm
    errors: int = 0


@dataclass(frozen=True)
class RatioPoint:
    """One region's ratio in one period; `recomputed` is False when it came from a finding."""

    period: str
    region: str
    metric: str
    numerator: int
    denominator: int
    threshold: Fraction
    recomputed: bool = True

    @property
    def ratio(self) -> Fraction | None:
        return exact_ratio(self.numerator, self.denominator)

    @property
    def passes(self) -> bool | None:
        return meets(self.ratio, self.threshold)


@dataclass(frozen=True)
class FindingRow:
    """A stored finding as the report reads it, with how it compares with last month."""

    fingerprint: str
    norm: str
    rule: str
    severity: str
    status: str
    subject_type: str
    subject_id: str
    subject_path: str | None
    unit: str | None
    unit_type: str | None
    messages: Mapping[str, str]
    suggestions: Mapping[str, str]
    values: Mapping[str, Any]
    related: tuple[Mapping[str, Any], ...]
    waiver: Mapping[str, Any] | None
    location: Mapping[str, Any] | None
    change: str | None  # new | persisting | None when there is no earlier period

    def message(self, lang: str = "zh") -> str:
        return self.messages.get(lang) or self.messages.get("zh", "")

    def suggestion(self, lang: str = "zh") -> str | None:
        return self.suggestions.get(lang) or self.suggestions.get("zh")


@dataclass(frozen=True)
class UnitSummary:
    unit: str
    unit_type: str | None
    open: Mapping[str, int]  # severity -> open findings
    waived: int
    new: int
    norms: tuple[str, ...]  # the norms with open findings, catalogue order


@dataclass(frozen=True)
class StoredError:
    path: str
    message: str
    message_en: str | None
    field: str | None
    line: int | None

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message
