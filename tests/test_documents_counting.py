"""字数 as Word/WPS shows it (NORMS.md "What 字 counts"): hand-counted tables."""

from __future__ import annotations

import pytest

from efficiency_rules.documents.counting import ZiCount, count_text, count_zi, is_east_asian

# (text, zi, east_asian, nonspace) — each expected value counted by hand, reasoning in the id.
CASES = [
    ("", 0, 0, 0),
    ("中文", 2, 2, 2),
    ("「第3000字」", 5, 4, 8),  # 「 第 3000 字 」: the number is one run
    ("GB/T 9704—2012", 4, 1, 13),  # GB/T, 9704, —, 2012: the em dash is East Asian
    ("8%", 1, 0, 2),  # one run
    ("1、", 2, 1, 2),  # 1 (run) + 、
    ("０１", 2, 2, 2),  # full-width digits are East Asian, one each
    ("我们使用Microsoft Word软件", 8, 6, 19),  # 6 Han + 2 Latin words
    ("国发〔2019〕4号", 7, 5, 10),  # 国 发 〔 2019 〕 4 号
    ("“互联网+”", 6, 5, 6),  # “ 互 联 网 +(run) ”
    ("　　一、总体要求", 6, 6, 6),  # the two-space indent counts 0
    ("中,文", 3, 2, 3),  # a lone half-width comma between Han is a run
    ("a,b", 1, 0, 3),  # one unbroken run
    ("Hello world", 2, 0, 10),
    ("2026年3月10日", 6, 3, 10),
    ("……——", 4, 4, 4),  # … and — are East Asian (Chinese text sets them in a CJK font)
    ("‘引’·", 4, 4, 4),
    ("\u00a0x\u00a0\u3000y\t\n", 2, 0, 2),  # NBSP, ideographic space, tab, newline count 0
    ("x\u200by", 2, 0, 2),  # zero-width space: invisible, breaks the run
    ("\ufeff文", 1, 1, 1),  # a stray BOM counts 0
    ("かなカナ", 4, 4, 4),
    ("한국어", 3, 3, 3),  # NORMS.md: each hangul counts 1
    ("\U00020000\U0002a700", 2, 2, 2),  # CJK extension B and C
    ("(1)", 1, 0, 3),
    ("（1）", 3, 2, 3),  # full-width parentheses are East Asian, the digit a run
    ("①②", 1, 0, 2),  # circled digits (U+2460) are not in the East Asian table: one run
    ("第3000字\n\n第3001字", 6, 4, 12),
    ("ＡＢＣ", 3, 3, 3),  # full-width Latin: East Asian, one each
    ("e-mail: a@b.cn", 2, 0, 13),
]


@pytest.mark.parametrize("text, zi, east_asian, nonspace", CASES)
def test_counts(text: str, zi: int, east_asian: int, nonspace: int) -> None:
    got = count_text(text)
    assert (got.zi, got.east_asian, got.nonspace) == (zi, east_asian, nonspace)
    assert got.characters == len(text)
    assert count_zi(text) == zi


@pytest.mark.parametrize(
    "ch, expected",
    [
        ("中", True),
        ("\u3000", False),
        ("\u3001", True),
        ("\u303f", True),
        ("\uff10", True),
        ("“", True),
        ("—", True),
        ("–", False),
        ("―", False),
        ("a", False),
        ("·", True),
    ],
)
def test_east_asian_table(ch: str, expected: bool) -> None:
    assert is_east_asian(ch) is expected


def test_counts_add_up_over_pieces() -> None:
    a, b = "第一段：GB/T 9704。", "第二段 8% 增长"
    whole = count_text(a + "\n" + b)
    assert whole.zi == count_text(a).zi + count_text(b).zi


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        # Real paragraphs (corpus, notice/govcn-0001.txt), counted by hand the way Word does.
        ("国发〔2019〕4号", 7),
        ("现将《国家职业教育改革实施方案》印发给你们，请认真贯彻执行。", 30),
        # 到 2022 年 ， 职 业 院 校 …: a year glued to Han is one run
        ("到2022年，职业院校教学条件基本达标", 16),
        ("（此件公开发布）", 8),
    ],
)
def test_real_paragraphs(paragraph: str, expected: int) -> None:
    assert count_zi(paragraph) == expected


def test_boundary_3000_and_3001() -> None:
    assert count_zi("字" * 3000) == 3000
    assert count_zi("　　" + "字" * 2999 + "8") == 3000
    assert count_zi("字" * 3000 + "A") == 3001


def test_zicount_is_frozen() -> None:
    with pytest.raises(AttributeError):
        ZiCount(1, 1, 1, 1).zi = 2  # type: ignore[misc]
