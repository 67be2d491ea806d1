"""render_report: the monthly report (定期通報, NORMS.md DOC-9) from the store."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from ..store import DEFAULT_ESCALATION_PERIODS, Store
from .content import NormInfo, build_context
from .html import write_html
from .json_twin import write_json
from .xlsx import write_xlsx


def render_report(
    store: Store,
    period: str,
    html_path: str | Path,
    *,
    json_path: str | Path | None = None,
    xlsx_path: str | Path | None = None,
    norms: Mapping[str, NormInfo | Mapping[str, Any]],
    lang: str = "zh",
    escalation_periods: int = DEFAULT_ESCALATION_PERIODS,
    generated_at: datetime | None = None,
) -> None:
    """Write the report of a stored period: the HTML page, and its JSON twin and spreadsheet
    when asked. `norms` maps a norm id to its clause (quote, section, title). Each file appears
    whole or not at all (written beside, then renamed), so a report being opened is never
    half-written."""
    ctx = build_context(store, period, norms=norms, lang=lang,
                        escalation_periods=escalation_periods, generated_at=generated_at)
    with _replacing(Path(html_path)) as tmp, tmp.open("w", encoding="utf-8") as out:
        write_html(out, store, ctx)
    if json_path is not None:
        with _replacing(Path(json_path)) as tmp, tmp.open("w", encoding="utf-8") as out:
            write_json(out, store, ctx)
    if xlsx_path is not None:
        with _replacing(Path(xlsx_path)) as tmp:
            write_xlsx(tmp, store, ctx)


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    # Not mkstemp: its 0600 mode would make a report meant for circulation unreadable to others.
    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


__all__ = ["render_report"]
