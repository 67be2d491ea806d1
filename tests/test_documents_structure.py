"""GB/T 9704-2012 parts recognised on plain text (documents/structure.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from efficiency_rules.documents.structure import analyse

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def parts(text: str) -> list[tuple[str, str]]:
    st = analyse(text)
    return [(p.name, text[p.start : p.end]) for p in st.parts]


CASES = [
    ("plain text is all body", "第一段。\n第二段。", [("body", "第一段。\n第二段。")]),
    ("one long line", "　　正文一。　　正文二。", [("body", "正文一。　　正文二。")]),
    (
        "number with [] brackets, signer on its line",
        "州委发[2026]3号　　签发人：张三\n关于某事的决定\n正文。",
        [
            ("doc_number", "州委发[2026]3号"),
            ("signer", "签发人：张三"),
            ("title", "关于某事的决定"),
            ("body", "正文。"),
        ],
    ),
    (
        "number glued to the addressee (scraped)",
        "国科发区〔2020〕128号各有关单位：　　正文。",
        [
            ("doc_number", "国科发区〔2020〕128号"),
            ("addressee", "各有关单位："),
            ("body", "正文。"),
        ],
    ),
    (
        "two-line title before the number (gov.cn)",
        "国务院关于印发某某\n方案的通知\n国发〔2019〕4号\n各省：\n现将方案印发。\n国务院\n2019年1月24日\n（此件公开发布）\n某某方案\n方案正文。",
        [
            ("title", "国务院关于印发某某\n方案的通知"),
            ("doc_number", "国发〔2019〕4号"),
            ("addressee", "各省："),
            ("body", "现将方案印发。"),
            ("signature", "国务院"),
            ("date", "2019年1月24日"),
            ("annotation", "（此件公开发布）"),
            ("attachments", "某某方案\n方案正文。"),
        ],
    ),
    (
        "a speech's salutation is body",
        "在大会上的讲话\n同志们：\n今天讲三点。",
        [("title", "在大会上的讲话"), ("body", "同志们：\n今天讲三点。")],
    ),
    (
        "web copy: time and lead lines, repeated title",
        "州大会上的講話\n時間:2022-04-03 11:15:00\n導語:本文來源于網友上傳。\n州大会上的講話\n正文。",
        [
            ("title", "州大会上的講話"),
            ("web_header", "時間:2022-04-03 11:15:00\n導語:本文來源于網友上傳。"),
            ("title", "州大会上的講話"),
            ("body", "正文。"),
        ],
    ),
    (
        "Chinese-numeral date, traditional script",
        "關於某事的通報\n各縣：\n正文。\n州政府辦公室\n二〇二六年三月十日",
        [
            ("title", "關於某事的通報"),
            ("addressee", "各縣："),
            ("body", "正文。"),
            ("signature", "州政府辦公室"),
            ("date", "二〇二六年三月十日"),
        ],
    ),
    (
        "attachments after an 附件 line, no date",
        "关于某事的通知\n正文。\n附件1\n附件正文。",
        [("title", "关于某事的通知"), ("body", "正文。"), ("attachments", "附件1\n附件正文。")],
    ),
    (
        "a date alone right under the head is not a 成文日期 (no body yet)",
        "关于某事的通知\n2026年3月10日\n正文。",
        [("title", "关于某事的通知"), ("body", "2026年3月10日\n正文。")],
    ),
]


@pytest.mark.parametrize("name, text, expected", CASES, ids=[c[0] for c in CASES])
def test_parts(name: str, text: str, expected: list[tuple[str, str]]) -> None:
    assert parts(text) == expected


def test_full_circular_fixture() -> None:
    text = (FIXTURES / "circular.txt").read_text(encoding="utf-8")
    st = analyse(text)
    assert st.names == (
        "masthead",
        "doc_number",
        "title",
        "addressee",
        "body",
        "attachment_note",
        "signature",
        "date",
        "annotation",
        "attachments",
        "colophon",
    )
    assert st.first("doc_number") == "州委办发〔2026〕12号"
    assert st.attachments.startswith("附件1\n州级会议计划表")
    lines = {p.name: (p.first_line, p.last_line) for p in st.parts}
    assert lines["body"] == (5, 7) and lines["colophon"] == (16, 17)


def test_offsets_survive_the_indent_split() -> None:
    text = "标题的通知\n　　第一段。　　第二段。"
    st = analyse(text)
    for p in st.parts:
        assert text[p.start : p.end].strip() == text[p.start : p.end]
    assert st.body == "第一段。　　第二段。"


def test_empty_text() -> None:
    assert analyse("").parts == ()
