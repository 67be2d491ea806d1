"""`lint`: documents → records → the document rules (DOC-1…DOC-7), for a drafter before issue."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..engine import Pack, check_covers
from ..findings import InputError, RunResult, Subject


def document_paths(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Files as given; folders searched for documents (sidecars are metadata, not documents)."""
    from ..documents import SUPPORTED_SUFFIXES

    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):  # lazily, in a stable order: no list of 100,000
                dirs.sort()
                for name in sorted(files):
                    if Path(name).suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                        yield Path(root) / name
        elif path.exists():
            yield path
        else:
            yield InputError(str(path), "文件不存在", message_en="no such file")


def run_lint(paths: list[Path], *, pack: Pack, overrides: Mapping[str, Any] | None = None,
             published: Any = None, detail: bool = True) -> RunResult:
    """`published`: a folder of already-published documents, or an index opened from one
    (workers open it once, not per chunk). `detail`: keep each document's metadata for output."""
    from ..documents import load_document

    result = RunResult()
    index = open_published(published, result) if isinstance(published, Path) else published
    phrases = pack.uses_field("document", "stock_phrase_")
    floor = query_floor(pack)  # once per run, not per document
    for item in document_paths(paths):
        if isinstance(item, InputError):
            result.errors.append(item)
            continue
        loaded = load_document(item, overrides)
        if isinstance(loaded, InputError):
            result.errors.append(loaded)
            continue
        result.errors.extend(loaded.errors)
        record = dict(loaded.record)
        if phrases:
            add_phrase_fields(loaded, record)
        if index is not None:
            _add_published_match(index, loaded, record, floor)
        check_record(pack, record, result)
        if detail:
            result.details.setdefault("documents", []).append(document_summary(record))
    return result


def check_record(pack: Pack, record: Mapping[str, Any], result: RunResult) -> None:
    subject = Subject("document", str(record.get("id")), record.get("path"), record.get("unit"))
    result.subjects += 1
    result.findings.extend(pack.evaluate("document", record, subject, result.errors))
    result.findings.extend(check_covers(pack, record, subject))


def document_summary(record: Mapping[str, Any]) -> dict[str, Any]:
    """What the output says of each document: its metadata and where each value came from."""
    from ..findings import json_value

    keys = ("path", "id", "kind", "kind_inferred", "issuer", "unit", "doc_number", "title", "date",
            "zi", "zi_body", "zi_attachments", "zi_scope", "parts", "provenance")
    return {k: json_value(record.get(k)) for k in keys}


def open_published(folder: Path, result: RunResult) -> Any:
    """The index of already-published documents (DOC-4, DOC-5), built once and cached on disk
    keyed by the folder's files; unreadable published files are reported, not fatal."""
    from ..paths import cache_dir
    from ..similarity import PublishedIndex

    index = PublishedIndex.build(folder, cache_dir=cache_dir() / "published")
    for e in index.errors:
        result.errors.append(InputError(e.path, f"已公开文件无法读取:{e.message}",
                                        message_en=f"published document unreadable: {e.message}"))
    return index


# The query keeps matches down to this share so the record carries the best one even below a
# rule's threshold (the rules decide, with their own dated parameters).
QUERY_FLOOR = 0.5


def query_floor(pack: Pack) -> float:
    """The lowest containment any DOC-4/DOC-5 rule may ask about (QUERY_FLOOR at most)."""
    thresholds = [v for r in ("DOC-4", "DOC-5") for k, v in pack.params_of(r).items() if k == "min_containment"]
    return float(min([QUERY_FLOOR, *thresholds]))


def _add_published_match(index: Any, loaded: Any, record: dict[str, Any], floor: float) -> None:
    from ..similarity import published_fields

    matches = index.query(loaded.text, min_containment=floor, exclude=(str(loaded.path),))
    record.update(published_fields(matches))


def add_phrase_fields(loaded: Any, record: dict[str, Any]) -> None:
    """DOC-7: stock phrases over the counted text (正文 + attachments), per 1,000 字."""
    from ..phrases import phrase_fields

    record.update(phrase_fields(loaded.counted_text, zi=record.get("zi")))
