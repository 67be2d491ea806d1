"""The documents layer: from a file on disk to the document record rules evaluate.

    load_document(path, overrides) -> LoadedDocument | InputError
    prepare_document_input({"text": ..., "kind": ..., ...}) -> record   (rule examples)

The record (schemas/document.schema.json) holds the metadata fields (DESIGN.md), where each
came from (`provenance`), and the counts of NORMS.md "What 字 counts": `zi` is Word/WPS's 字数
over the default scope (正文 + attachments), `zi_body` and `zi_attachments` its split,
`zi_east_asian` and `zi_nonspace` over the same scope, `zi_all` over the whole text. The text
itself stays on the LoadedDocument (for near-duplicate checks), not in the record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..findings import InputError
from .counting import ZERO, ZiCount, count_text, count_zi
from .errors import DocumentReadError
from .metadata import (
    FIELDS,
    Inference,
    Metadata,
    infer,
    parse_yaml_fields,
    read_sidecar,
    resolve,
    split_front_matter,
    validate,
)
from .readers import SUPPORTED_SUFFIXES, RawDocument, read_document
from .structure import COUNTED_PARTS, PART_NAMES_ZH, Structure, analyse

__all__ = [
    "COUNTED_PARTS",
    "PART_NAMES_ZH",
    "SUPPORTED_SUFFIXES",
    "DocumentReadError",
    "LoadedDocument",
    "Structure",
    "ZiCount",
    "analyse",
    "count_text",
    "count_zi",
    "document_record",
    "load_document",
    "prepare_document_input",
    "read_document",
    "record_to_json",
]

DEFAULT_SCOPE = "body+attachments"  # NORMS.md: 正文 and the text of its attachments


@dataclass(frozen=True)
class LoadedDocument:
    """A document read, analysed and counted. `errors` are non-fatal input errors (a bad
    sidecar or front matter): the document is still checked with the rest."""

    path: str
    record: dict[str, Any]
    text: str
    structure: Structure
    counts: Mapping[str, ZiCount]  # per part name (web_header, title, body, ...)
    metadata: Metadata
    format: str
    encoding: str | None
    errors: tuple[InputError, ...] = field(default=())

    @property
    def counted_text(self) -> str:
        """The text of the default scope (正文 + attachments), e.g. for near-duplicates."""
        return self.structure.text_of(*COUNTED_PARTS)

    @property
    def inferences(self) -> tuple[Inference, ...]:
        return self.metadata.inferences


def load_document(
    path: Path | str, overrides: Mapping[str, Any] | None = None, *, use_sidecar: bool = True
) -> LoadedDocument | InputError:
    """Read, analyse and count one document. An unreadable file is an InputError (returned,
    not raised); bad metadata is reported in `LoadedDocument.errors`."""
    path = Path(path)
    try:
        raw = read_document(path)
    except DocumentReadError as exc:
        return exc.to_input_error(str(path))
    errors: list[InputError] = []
    options, option_errors = validate(dict(overrides or {}), str(path), what="命令行选项:")
    errors.extend(option_errors)
    sidecar: dict[str, Any] = {}
    if use_sidecar:
        sidecar, sidecar_errors = read_sidecar(path)
        errors.extend(sidecar_errors)
    text, front = _front_matter(raw, str(path), errors)
    return _build(str(path), text, raw, options, sidecar, front, errors)


def _front_matter(
    raw: RawDocument, path: str, errors: list[InputError]
) -> tuple[str, dict[str, Any]]:
    if raw.format not in ("txt", "md"):
        return raw.text, {}
    yaml_text, text = split_front_matter(raw.text)
    if yaml_text is None:
        return raw.text, {}
    fields, fm_errors = parse_yaml_fields(
        yaml_text, path, "文首元数据(front matter):", line_offset=1
    )
    errors.extend(fm_errors)
    return text, fields


def _build(
    path: str | None,
    text: str,
    raw: RawDocument,
    options: Mapping[str, Any],
    sidecar: Mapping[str, Any],
    front: Mapping[str, Any],
    errors: list[InputError],
) -> LoadedDocument:
    structure = analyse(text)
    inferred, inferences = infer(structure)
    meta = resolve(
        options=options,
        sidecar=sidecar,
        front_matter=front,
        inferred=inferred,
        inferences=inferences,
        errors=errors,
    )
    counts = counts_by_part(structure)
    record = document_record(meta, counts, structure, path)
    return LoadedDocument(
        path or "", record, text, structure, counts, meta, raw.format, raw.encoding, tuple(errors)
    )


def counts_by_part(structure: Structure) -> dict[str, ZiCount]:
    """Counts per part name; parts with one name (a repeated title) are summed."""
    out: dict[str, ZiCount] = {}
    for part in structure.parts:
        piece = count_text(structure.text[part.start : part.end])
        out[part.name] = out.get(part.name, ZERO) + piece
    return out


def document_record(
    meta: Metadata, counts: Mapping[str, ZiCount], structure: Structure, path: str | None
) -> dict[str, Any]:
    """The record of schemas/document.schema.json (dates as datetime.date)."""
    body = counts.get("body", ZERO)
    attachments = counts.get("attachments", ZERO)
    scope = body + attachments
    whole = sum(counts.values(), ZERO)
    values = meta.values
    record: dict[str, Any] = {key: values.get(key) for key in FIELDS}
    record.update(
        id=values.get("doc_number")
        or values.get("title")
        or (Path(path).stem if path else "document"),
        path=path,
        zi=scope.zi,
        zi_body=body.zi,
        zi_attachments=attachments.zi,
        zi_east_asian=scope.east_asian,
        zi_nonspace=scope.nonspace,
        zi_all=whole.zi,
        zi_scope=DEFAULT_SCOPE,
        parts=list(structure.names),
        provenance=dict(meta.provenance),
        kind_inferred=meta.kind_inferred,
    )
    if record["approvals"] is None:
        record["approvals"] = []
    return record


def prepare_document_input(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """The record for a rule example given as input: `{text: "...", kind: ..., issuer: ...}`.
    The text goes through the same structure and counting as a real file; the other fields
    are validated like command-line options (source `option`). Raises ValueError on a bad
    field, since an example is the rule author's text, not a user's input."""
    data = dict(mapping)
    text = data.pop("text", "") or ""
    if not isinstance(text, str):
        raise TypeError("document example: `text` must be a string")
    path = data.pop("path", None)
    options, errors = validate(data, str(path or "<example>"))
    if errors:
        raise ValueError("; ".join(e.message_en or e.message for e in errors))
    raw = RawDocument(text, "txt", None)
    return _build(path, text, raw, options, {}, {}, []).record


def record_to_json(record: Mapping[str, Any]) -> dict[str, Any]:
    """The record with dates as ISO strings (for JSON output and schema validation)."""

    def convert(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Mapping):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return {k: convert(v) for k, v in record.items()}
