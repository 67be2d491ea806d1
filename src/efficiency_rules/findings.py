"""Findings and input errors: the values every part of the product produces.

Violations are findings, never exceptions (STYLE.md). A file or row that cannot be read is an
`InputError`; it is reported beside the findings and never stops the rest of a run.
"""

from __future__ import annotations

import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import IO, Any, Literal

Severity = Literal["error", "warning", "suggestion"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "suggestion")
SEVERITY_RANK: dict[str, int] = {"suggestion": 1, "warning": 2, "error": 3}


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def shown_path(path: str) -> str:
    """Text from an input, safe to write to a terminal, JSON, SQLite and the report: bytes
    that were not UTF-8 (kept by Python as lone surrogates) and control characters (an ESC
    from a CSV cell would drive the user's terminal) become U+FFFD."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL.sub("\ufffd", path) if _CONTROL.search(path) else path


@dataclass(frozen=True)
class Subject:
    """What a finding is about: a document, a meeting plan, an item, a case, a region-month."""

    type: str
    id: str
    path: str | None = None
    unit: str | None = None

    def __post_init__(self) -> None:
        if self.path is not None:
            object.__setattr__(self, "path", shown_path(self.path))
        object.__setattr__(self, "id", shown_path(self.id))

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id, "path": self.path, "unit": self.unit}


@dataclass(frozen=True)
class Waiver:
    """The approval that waives a finding (NORMS.md: waived, not hidden)."""

    by: str
    ref: str | None
    date: str | None

    def to_json(self) -> dict[str, Any]:
        return {"by": self.by, "ref": self.ref, "date": self.date}


@dataclass(frozen=True)
class Finding:
    norm: str
    rule: str
    severity: Severity
    subject: Subject
    messages: Mapping[str, str]
    values: Mapping[str, Any] = field(default_factory=dict)
    status: Literal["open", "waived"] = "open"
    waiver: Waiver | None = None
    location: Mapping[str, int] | None = None
    related: tuple[Mapping[str, Any], ...] = ()
    suggestions: Mapping[str, str] | None = None

    def message(self, lang: str = "zh") -> str:
        return self.messages.get(lang) or self.messages.get("zh") or next(iter(self.messages.values()), "")

    def suggestion(self, lang: str = "zh") -> str | None:
        if not self.suggestions:
            return None
        return self.suggestions.get(lang) or self.suggestions.get("zh")

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {
            "norm": self.norm,
            "rule": self.rule,
            "severity": self.severity,
            "status": self.status,
            "subject": self.subject.to_json(),
            "message": self.message(lang),
            "values": {k: json_value(v) for k, v in self.values.items()},
            "location": dict(self.location) if self.location else None,
            "related": [dict(r) for r in self.related],
            "waiver": self.waiver.to_json() if self.waiver else None,
        }
        suggestion = self.suggestion(lang)
        if suggestion:
            out["suggestion"] = suggestion
        return out


@dataclass(frozen=True)
class InputError:
    """An input that could not be read or does not meet its schema. `field` is a JSON path or
    a column name; `line` is 1-based where the input has lines. `message` is simplified
    Chinese (the users' language), `message_en` its English for `--lang en`."""

    path: str
    message: str
    field: str | None = None
    line: int | None = None
    value: str | None = None
    message_en: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", shown_path(self.path))

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "message": self.text(lang)}
        for key in ("field", "line", "value"):
            val = getattr(self, key)
            if val is not None:
                out[key] = val
        return out


def json_value(value: Any) -> Any:
    """A finding value as JSON: exact ratios stay integer pairs, never a float alone."""
    if isinstance(value, str):
        return shown_path(value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return {"numerator": value.numerator, "denominator": value.denominator}
    if isinstance(value, float):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return {"minutes": int(value.total_seconds() // 60)}
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return str(value)


@dataclass
class RunResult:
    """What one command produced: findings, unreadable inputs, notes, and how many subjects."""

    findings: list[Finding] | FindingSpool = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    subjects: int = 0
    # Per-subject detail for the output (e.g. each document's metadata and its sources).
    details: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def extend(self, other: RunResult) -> None:
        self.findings.extend(other.findings)
        self.errors.extend(other.errors)
        self.notes.extend(other.notes)
        self.subjects += other.subjects
        for key, rows in other.details.items():
            self.details.setdefault(key, []).extend(rows)


class FindingSpool:
    """A list of findings that keeps only the first `in_memory` in memory and the rest in a
    temporary file, in order: a scan of 100,000 documents holds aggregates, not findings
    (issue 6: peak memory at 100,000 documents within 1.5× that at 10,000). Iterating reads
    the file back in chunks; the file is our own (pickle of our own frozen dataclasses)."""

    def __init__(self, in_memory: int = 2000, chunk: int = 1000) -> None:
        self._head: list[Finding] = []
        self._buffer: list[Finding] = []
        self._file: IO[bytes] | None = None
        self._count = 0
        self._limit = in_memory
        self._chunk = chunk

    def append(self, finding: Finding) -> None:
        self._count += 1
        if len(self._head) < self._limit:
            self._head.append(finding)
            return
        self._buffer.append(finding)
        if len(self._buffer) >= self._chunk:
            self._flush()

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.append(finding)

    def _flush(self) -> None:
        if not self._buffer:
            return
        if self._file is None:  # closed with the spool (deleted by the OS when closed)
            self._file = tempfile.TemporaryFile(prefix="efficiency-rules-findings-")  # noqa: SIM115
        self._file.seek(0, 2)
        pickle.dump(self._buffer, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._buffer = []

    def __iter__(self) -> Iterator[Finding]:
        yield from self._head
        if self._file is not None:
            self._flush()
            self._file.seek(0)
            while True:
                try:
                    chunk: list[Finding] = pickle.load(self._file)
                except EOFError:
                    break
                yield from chunk
        yield from list(self._buffer)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0
