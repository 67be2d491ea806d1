"""The readers over the whole real corpus (../shared/corpus): every file is either read or
refused with a DocumentReadError — never any other exception — and the records validate."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from conftest import shared_or_skip

from efficiency_rules.documents import SUPPORTED_SUFFIXES, load_document, record_to_json
from efficiency_rules.documents.errors import DocumentReadError
from efficiency_rules.documents.readers import read_document
from efficiency_rules.findings import InputError

REPO = Path(__file__).resolve().parents[1]


def corpus_files() -> list[Path]:
    root = shared_or_skip("corpus")
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)


def test_every_corpus_file_reads_or_is_refused_cleanly() -> None:
    files = corpus_files()
    assert len(files) >= 1_500
    refused: dict[str, str] = {}
    for path in files:
        try:
            read_document(path)
        except DocumentReadError as exc:
            refused[path.name] = exc.reason
    # Known refusals are listed here so a change in behaviour shows up as a diff.
    assert refused == {}


def test_every_corpus_record_validates() -> None:
    schema = json.loads((REPO / "schemas" / "document.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in corpus_files():
        doc = load_document(path)
        assert not isinstance(doc, InputError), doc
        assert not doc.errors
        validator.validate(record_to_json(doc.record))
        rec = doc.record
        assert rec["zi"] == rec["zi_body"] + rec["zi_attachments"] <= rec["zi_all"]
        assert rec["zi_east_asian"] <= rec["zi"] <= rec["zi_nonspace"]


def test_shared_path_resolves_from_the_tests_folder() -> None:
    assert (Path(__file__).parents[2] / "shared").resolve() == shared_or_skip().resolve()
