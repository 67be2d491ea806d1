"""The scan's memory: SQLite history of monthly runs (DESIGN.md, "The scan's memory")."""

from .fingerprint import fingerprint, norm_order, stable_key
from .model import (
    DEFAULT_THRESHOLDS,
    Audit,
    Diff,
    Escalation,
    FindingRef,
    FindingRow,
    InputFile,
    MetricRow,
    PeriodTrend,
    RatioPoint,
    ReplacedRun,
    RunInfo,
    StoredError,
    UnitSummary,
)
from .schema import SCHEMA_VERSION, SchemaTooNew
from .store import DEFAULT_ESCALATION_PERIODS, Store, check_period

__all__ = [
    "DEFAULT_ESCALATION_PERIODS",
    "DEFAULT_THRESHOLDS",
    "SCHEMA_VERSION",
    "Audit",
    "Diff",
    "Escalation",
    "FindingRef",
    "FindingRow",
    "InputFile",
    "MetricRow",
    "PeriodTrend",
    "RatioPoint",
    "ReplacedRun",
    "RunInfo",
    "SchemaTooNew",
    "Store",
    "StoredError",
    "UnitSummary",
    "check_period",
    "fingerprint",
    "norm_order",
    "stable_key",
]
