"""Read a submission's `campaign/` folder into the pieces the records are built from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..centre.tables import TableLog
from .records import FilingKey, earliest_filings
from .register import (
    Engagement,
    Submission,
    Unit,
    read_engagements,
    read_submissions,
    read_units,
    table_file,
)


@dataclass(frozen=True)
class Register:
    """The units (held: every rule needs all of them) and their first filings as of a day.
    Engagements are not held: `engagements()` streams them from their table."""

    folder: Path
    units: tuple[Unit, ...]
    filings: dict[FilingKey, date]
    has_submissions: bool

    def engagements(self, log: TableLog) -> Iterator[Engagement]:
        path = table_file(self.folder, "engagements")
        if path is not None:
            yield from read_engagements(path, log)


def campaign_folder(folder: Path) -> Path:
    """`folder` may be the submission (with `campaign/` inside) or the campaign folder itself."""
    inner = folder / "campaign"
    return inner if inner.is_dir() else folder


def load_register(folder: Path, as_of: date, log: TableLog) -> Register | None:
    """The register in `folder`; None when it has no units table (nothing to check)."""
    units_path = table_file(folder, "units")
    subs_path = table_file(folder, "submissions")
    if units_path is None:
        if subs_path is not None:
            log.error(folder / "units.csv", "缺少单位名册 units.csv,无法核对报送情况",
                      "units.csv is missing: filings cannot be checked")
        return None
    units = _unique_units(units_path, log)
    known = {u.name for u in units}
    subs = _known_submissions(subs_path, known, log) if subs_path else iter(())
    return Register(folder, units, earliest_filings(subs, as_of), subs_path is not None)


def _unique_units(path: Path, log: TableLog) -> tuple[Unit, ...]:
    seen: dict[str, Unit] = {}
    for unit in read_units(path, log):
        first = seen.get(unit.name)
        if first is not None:
            log.error(path, f"单位重复(首次出现在第 {first.line} 行),本行忽略",
                      f"duplicate unit (first on line {first.line}); row ignored",
                      field="unit", line=unit.line, value=unit.name)
            continue
        seen[unit.name] = unit
    return tuple(seen.values())


def _known_submissions(path: Path, known: set[str], log: TableLog) -> Iterator[Submission]:
    """Filings of units in the register. An unknown name (often a typo) is an input error:
    dropping it silently would turn a filed summary into a CMP-2 finding unexplained."""
    for sub in read_submissions(path, log):
        if sub.unit not in known:
            log.error(path, "单位不在单位名册 units 中", "unit is not in the units table",
                      field="unit", line=sub.line, value=sub.unit)
            continue
        yield sub


