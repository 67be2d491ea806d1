"""Metadata precedence, inference, the document record and its schema."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from efficiency_rules.documents import load_document, prepare_document_input, record_to_json
from efficiency_rules.documents.metadata import issuer_from_number, parse_date, split_front_matter
from efficiency_rules.findings import InputError

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "documents"
SCHEMA = json.loads((REPO / "schemas" / "document.schema.json").read_text(encoding="utf-8"))


def load(name: str, **overrides: object):  # type: ignore[no-untyped-def]
    doc = load_document(FIXTURES / name, overrides)
    assert not isinstance(doc, InputError), doc
    jsonschema.validate(record_to_json(doc.record), SCHEMA)
    return doc


@pytest.mark.parametrize(
    "number, issuer",
    [
        ("州委发〔2026〕1号", "prefecture_committee"),
        ("州委办发〔2026〕12号", "prefecture_committee_office"),
        ("州委辦發〔2026〕12號", "prefecture_committee_office"),
        ("州政发〔2026〕3号", "prefecture_government"),
        ("州政府发〔2026〕3号", "prefecture_government"),
        ("州政办发〔2026〕5号", "prefecture_government_office"),
        ("州政府办发（2026）5号", "prefecture_government_office"),
        ("州教发〔2026〕9号", "department"),
        ("州市场监管发〔2026〕9号", "department"),
        ("某县委发〔2026〕2号", "county"),
        ("国发〔2019〕4号", None),
    ],
)
def test_issuer_from_number(number: str, issuer: str | None) -> None:
    assert issuer_from_number(number) == issuer


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-10", date(2026, 3, 10)),
        ("2026年3月10日", date(2026, 3, 10)),
        ("２０２６年３月１０日", date(2026, 3, 10)),
        ("二〇二六年三月十日", date(2026, 3, 10)),
        ("二〇二六年十二月三十一日", date(2026, 12, 31)),
        ("二○二六年二月二十日", date(2026, 2, 20)),
        ("2026年2月30日", None),
        ("明天", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_inferred_general_circular() -> None:
    doc = load("circular.txt")
    rec = doc.record
    assert rec["kind"] == "general_circular" and rec["kind_inferred"] is True
    assert rec["issuer"] == "prefecture_committee_office"
    assert rec["doc_number"] == rec["id"] == "州委办发〔2026〕12号"
    assert rec["date"] == date(2026, 3, 10)
    assert rec["provenance"]["kind"] == "inferred"
    assert rec["zi"] == rec["zi_body"] + rec["zi_attachments"] == 76 + 29
    assert any(i.field == "kind" and "州委办发" in i.reason for i in doc.inferences)


def test_traditional_script_circular() -> None:
    rec = load("circular-traditional.txt").record
    assert (rec["kind"], rec["issuer"], rec["date"]) == (
        "general_circular",
        "prefecture_government_office",
        date(2026, 3, 10),
    )


def test_briefing_masthead() -> None:
    rec = load("briefing.txt").record
    assert rec["kind"] == "briefing" and rec["kind_inferred"]
    assert rec["date"] == date(2026, 3, 12)


def test_front_matter_beats_inference_and_keeps_lines() -> None:
    doc = load("speech.md")
    rec = doc.record
    assert rec["kind"] == "speech_bulletin" and rec["kind_inferred"] is False
    assert rec["provenance"]["kind"] == "front_matter"
    assert rec["speech_published_online"] is True
    assert rec["title"] == "在全州行政效能建设动员大会上的讲话"
    assert doc.structure.parts[0].first_line == 7  # line numbers are the file's
    assert "kind:" not in doc.text


def test_option_beats_sidecar_beats_inference() -> None:
    doc = load("sidecar-good.txt", kind="notice")
    rec = doc.record
    assert rec["kind"] == "notice" and rec["provenance"]["kind"] == "option"
    assert rec["issuer"] == "prefecture_government" and rec["provenance"]["issuer"] == "sidecar"
    assert (
        rec["title"] == "关于加强政务服务中心建设的意见"
        and rec["provenance"]["title"] == "inferred"
    )
    assert rec["approvals"] == [
        {
            "by": "prefecture_executive_meeting",
            "date": date(2026, 3, 1),
            "ref": "州政府常务会议纪要〔2026〕3号",
            "covers": ["DOC-6"],
        }
    ]
    assert rec["date"] == date(2026, 3, 10)


def test_bad_sidecar_is_reported_and_the_rest_used() -> None:
    doc = load("sidecar-bad.txt")
    assert {e.field for e in doc.errors} == {"issuer", "speech_published_online", "colour"}
    assert all(e.path.endswith("sidecar-bad.txt.meta.yaml") for e in doc.errors)
    assert {e.field: e.line for e in doc.errors} == {
        "issuer": 2,
        "speech_published_online": 3,
        "colour": 5,
    }
    assert doc.record["kind"] == "general_circular" and doc.record["unit"] == "州政务服务中心"
    assert doc.record["issuer"] is None


def test_sidecar_with_bad_yaml(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "circular.txt", tmp_path / "a.txt")
    (tmp_path / "a.txt.meta.yaml").write_text("kind: [unclosed\n", encoding="utf-8")
    doc = load_document(tmp_path / "a.txt")
    assert not isinstance(doc, InputError)
    assert len(doc.errors) == 1 and "YAML" in doc.errors[0].message
    assert doc.record["kind"] == "general_circular"  # inference still works


def test_bad_option_is_an_input_error() -> None:
    doc = load_document(FIXTURES / "circular.txt", {"kind": "memo"})
    assert not isinstance(doc, InputError)
    assert doc.errors[0].field == "kind"
    assert doc.record["kind"] == "general_circular"


@pytest.mark.parametrize(
    "text, front",
    [
        ("---\nkind: notice\n---\n正文", "kind: notice\n"),
        ("---\n---\n正文", ""),
        ("---\nkind: notice\n...\n正文", "kind: notice\n"),
        ("--- 不是\n正文", None),
        ("正文\n---\nkind: x\n---", None),
    ],
)
def test_split_front_matter(text: str, front: str | None) -> None:
    got, rest = split_front_matter(text)
    assert got == front
    assert rest.count("\n") == text.count("\n")
    assert rest.endswith("正文") or front is None


def test_prepare_document_input_for_rule_examples() -> None:
    rec = prepare_document_input(
        {
            "text": "关于某事的通知\n各县：\n" + "字" * 3000 + "\n州政府\n2026年3月10日",
            "kind": "general_circular",
            "issuer": "prefecture_government",
        }
    )
    assert rec["zi"] == 3000 and rec["zi_all"] > 3000
    assert rec["provenance"]["kind"] == "option" and rec["kind_inferred"] is False
    assert rec["date"] == date(2026, 3, 10)
    jsonschema.validate(record_to_json(rec), SCHEMA)
    with pytest.raises(ValueError):
        prepare_document_input({"text": "x", "kind": "memo"})


def test_empty_example_text() -> None:
    rec = prepare_document_input({"kind": "briefing"})
    assert rec["zi"] == 0 and rec["parts"] == [] and rec["id"] == "document"


def test_seed_speech_count() -> None:
    from conftest import shared_or_skip

    doc = load_document(shared_or_skip("seed", "speech.txt"))
    assert not isinstance(doc, InputError)
    rec = doc.record
    assert rec["kind"] == "speech_bulletin" and rec["kind_inferred"]
    assert rec["parts"] == ["title", "web_header", "body"]
    # 時間/導語 lines and the two title lines are not counted; 編者按 onwards is the speech.
    assert rec["zi"] == rec["zi_body"] == 12534
    assert rec["zi_all"] == 12534 + 17 + 17 + 62
