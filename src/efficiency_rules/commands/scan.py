"""`scan`: the supervision office's monthly job (DOC-9, the speech's 定期通报).

A submission folder (DESIGN.md) → every area's rules → one stored run with its audit trail →
what is new, what persists, what was resolved since last month → the report. The documents,
the bulk of a large submission, may be checked by several worker processes."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import FindingSpool, InputError, RunResult

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
AREAS = ("documents", "meetings", "centre", "campaign")


@dataclass(frozen=True)
class ScanConfig:
    """scan.yaml: the period, the campaign year and parameter overrides for this submission."""

    period: str | None = None
    campaign_year: int | None = None
    params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    escalation_periods: int = 3
    calendar: Path | None = None  # a holiday calendar for a year chinesecalendar lacks (2027 …)


class ScanError(Exception):
    """A scan that cannot start (no period, a bad scan.yaml): exit 2 with this message."""


def read_scan_config(folder: Path) -> ScanConfig:
    from ..safeyaml import YamlInputError, load_yaml_file

    path = folder / "scan.yaml"
    if not path.is_file():
        return ScanConfig()
    try:
        data = load_yaml_file(path) or {}
    except YamlInputError as exc:
        raise ScanError(f"{path}:{exc.line or 1}: {exc}") from None
    if not isinstance(data, dict):
        raise ScanError(f"{path}: 应为映射 (period:, campaign_year:, params:) — expected a mapping")
    period = data.get("period")
    year = data.get("campaign_year")
    if year is not None and not isinstance(year, int):
        raise ScanError(f"{path}: campaign_year 应为年份整数 (got {year!r})")
    params = data.get("params") or {}
    if not isinstance(params, dict):
        raise ScanError(f"{path}: params 应为 {{规范或规则编号: {{参数: 值}}}}")
    esc = data.get("escalation_periods", 3)
    calendar_file = data.get("calendar")
    if calendar_file is not None and not isinstance(calendar_file, str):
        raise ScanError(f"{path}: calendar 应为日历文件的路径 (expected a file path)")
    return ScanConfig(str(period) if period is not None else None, year, params,
                      int(esc) if isinstance(esc, int) and esc > 0 else 3,
                      folder / calendar_file if calendar_file else None)


def resolve_period(folder: Path, option: str | None, config: ScanConfig) -> str:
    """--period, else scan.yaml, else the folder's name, else an error (issue 6)."""
    for candidate, source in ((option, "--period"), (config.period, "scan.yaml"), (folder.name, None)):
        if candidate is None:
            continue
        if _PERIOD.match(candidate):
            return candidate
        if source:
            raise ScanError(f"{source}: 期间应为 YYYY-MM,得到 {candidate!r} (period must be YYYY-MM)")
    raise ScanError(f"{folder}: 无法确定检查期间:请用 --period YYYY-MM,或在 scan.yaml 写 period,"
                    "或将目录命名为 YYYY-MM (no period: use --period, scan.yaml or a YYYY-MM folder name)")


def period_end(period: str) -> dt.date:
    year, month = int(period[:4]), int(period[5:])
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class ScanOutcome:
    period: str
    result: RunResult
    units: dict[str, str]
    metrics: list[Any]
    folder: Path


Progress = Callable[[str, int, int], None]


def check_submission(folder: Path, period: str, config: ScanConfig, pack: Any, *, jobs: int = 1,
                     progress: Progress | None = None) -> ScanOutcome:
    """Every area's rules over one submission folder; nothing unreadable stops the rest."""
    as_of = period_end(period)
    result = RunResult(findings=FindingSpool())
    for area in AREAS:
        if not (folder / area).exists():
            result.notes.append(f"本期未报送 {area}/ (no {area}/ folder in this submission)")
    documents = folder / "documents"
    if documents.is_dir():
        published = folder / "published"
        _documents(documents, published if published.is_dir() else None, pack, jobs, progress, result)
    meetings = folder / "meetings"
    if meetings.is_dir():
        from ..meetings.command import run_meetings

        result.extend(run_meetings(sorted(p for p in meetings.rglob("*") if p.is_file()), register=None, pack=pack))
    centre = folder / "centre"
    metrics: list[Any] = []
    if centre.is_dir():
        from ..centre.command import run_centre

        centre_result = run_centre(centre, as_of=as_of, pack=pack, calendar_file=config.calendar)
        metrics = _centre_metrics(centre_result, period)
        result.extend(centre_result)
    units = _units(folder, as_of, result)
    campaign = folder / "campaign"
    if campaign.is_dir():
        from ..campaign import run_campaign

        year = config.campaign_year or as_of.year
        result.extend(run_campaign(campaign, period_end=as_of, campaign_year=year, pack=pack))
    result.details.pop("documents", None)  # per-document detail is for `lint`; the store keeps findings
    return ScanOutcome(period, result, units, metrics, folder)


def _documents(folder: Path, published: Path | None, pack: Any, jobs: int,
               progress: Progress | None, into: RunResult) -> None:
    """The documents, streamed from the folder walk to the workers (never listed whole)."""
    from .lint import document_paths
    from .parallel import lint_in_workers

    def files() -> Iterable[Path]:
        for item in document_paths([folder]):
            if isinstance(item, InputError):
                into.errors.append(item)
            else:
                yield item

    lint_in_workers(files(), pack=pack, published=published, jobs=jobs, into=into, progress=progress)


def _centre_metrics(centre_result: RunResult, period: str) -> list[Any]:
    """The recomputed ratios per region (CTR-1, CTR-3), pass or fail, for the trend charts."""
    from ..store import MetricRow

    rows = []
    for m in centre_result.details.pop("metrics", []):
        if m.get("period") not in (None, period):
            continue
        rows.append(MetricRow(region=str(m["region"]), metric=str(m["metric"]), numerator=int(m["numerator"]),
                              denominator=int(m["denominator"]), threshold=str(m["threshold"])))
    return rows


def _units(folder: Path, as_of: dt.date, result: RunResult) -> dict[str, str]:
    """Each unit checked and its type (county | department), from the campaign register."""
    campaign = folder / "campaign"
    if not campaign.is_dir():
        return {}
    from ..campaign import load_register
    from ..centre.tables import TableLog

    scratch: list[InputError] = []  # the campaign run reports the register's own errors
    register = load_register(campaign, as_of, TableLog(scratch, []))
    return {u.name: u.type for u in register.units} if register else {}


def input_files(folder: Path) -> Iterator[Path]:
    """Every regular file of the submission, in a stable order, walked lazily (100,000
    documents). A FIFO or a link to a device is not hashed: reading it would never end (the
    documents pass reports it as unreadable)."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            try:
                if stat.S_ISREG(path.stat().st_mode):
                    yield path
            except OSError:
                continue  # a dangling link: nothing to hash


def audit_for(pack: Any, folder: Path, started: dt.datetime) -> Any:
    """The run's audit trail; the input hashes are a generator the store consumes as it writes."""
    from .. import __version__
    from ..centre.calendar import calendar_version
    from ..store import Audit, InputFile

    inputs = (InputFile.of(p, relative_to=folder) for p in input_files(folder))
    return Audit(rules_hash=pack.content_hash, parameters=pack.parameters_in_force(),
                 calendar_version=calendar_version(), inputs=inputs,  # type: ignore[arg-type]
                 started_at=started, tool_version=__version__)


def earlier_siblings(folder: Path, period: str, stored: Iterable[str]) -> list[Path]:
    """Earlier months' folders beside this one that the store has not seen (history backfill)."""
    have = set(stored)
    parent = folder.resolve().parent
    return sorted(p for p in parent.iterdir()
                  if p.is_dir() and _PERIOD.match(p.name) and p.name < period and p.name not in have)
