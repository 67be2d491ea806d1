"""A one-line progress display for long scans, on stderr.

Shown only on a terminal and never in JSON mode: a script reading our output, or a log file,
must not receive carriage returns and escape codes. No dependency: one line redrawn with `\\r`,
at most ten times a second, so drawing never costs the scan measurable time.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable
from typing import Self, TextIO

_CLEAR_TO_EOL = "\x1b[K"


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: Han characters and full-width forms take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clip(text: str, columns: int) -> str:
    out: list[str] = []
    used = 0
    for char in text:
        width = display_width(char)
        if used + width > columns:
            return "".join(out[:-1]) + "…" if out else ""
        out.append(char)
        used += width
    return text


def wants_progress(stream: TextIO, *, json_mode: bool) -> bool:
    if json_mode or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _clock_text(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class Progress:
    """`with Progress(total, "扫描文件", json_mode=fmt == "json") as p: ... p.advance()`.

    `total` may be None when the count is not known yet (then no bar, just a counter)."""

    def __init__(
        self,
        total: int | None,
        label: str,
        *,
        json_mode: bool = False,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wants_progress(self.stream, json_mode=json_mode) if enabled is None else enabled
        self.total, self.label, self.done = total, label, 0
        self.note = ""
        self._interval, self._clock = interval, clock
        self._start = clock()
        self._drawn_at: float | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, count: int = 1, note: str | None = None) -> None:
        self.done += count
        if note is not None:
            self.note = note
        if not self.enabled:
            return
        now = self._clock()
        if self._drawn_at is None or now - self._drawn_at >= self._interval:
            self._draw(now)

    def set_total(self, total: int) -> None:
        self.total = total

    def close(self) -> None:
        if self.enabled and self._drawn_at is not None:
            self.note = ""
            self._draw(self._clock())
            self.stream.write("\n")
            self.stream.flush()
            self._drawn_at = None

    def line(self, now: float, columns: int) -> str:
        """The text of the display at `now`, fitted to `columns` (exposed for tests)."""
        elapsed = now - self._start
        if self.total:
            share = min(1.0, self.done / self.total)
            eta = (elapsed / share - elapsed) if share > 0 else None
            counts = f"{self.done:,}/{self.total:,} {share:4.0%}"
            timing = _clock_text(elapsed) + (f" 剩余 {_clock_text(eta)}" if eta and share < 1 else "")
        else:
            share, counts, timing = None, f"{self.done:,}", _clock_text(elapsed)
        fixed = f"{self.label} {counts} {timing}"
        room = columns - display_width(fixed) - 1
        bar = ""
        if share is not None and room >= 12:
            width = min(30, room - 3)
            filled = int(width * share)
            bar = " [" + "█" * filled + "·" * (width - filled) + "]"
            room -= width + 3
        note = f" {clip(self.note, room - 1)}" if self.note and room > 8 else ""
        return clip(f"{self.label}{bar} {counts} {timing}{note}", columns - 1)

    def _draw(self, now: float) -> None:
        columns = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r" + self.line(now, columns) + _CLEAR_TO_EOL)
        self.stream.flush()
        self._drawn_at = now
