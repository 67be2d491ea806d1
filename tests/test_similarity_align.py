"""Normalisation, shingling and exact verification (DOC-5), table-driven."""

from __future__ import annotations

import numpy as np
import pytest

from efficiency_rules.similarity import Shingled, fold_text, normalise, shingle_hashes, verify


@pytest.mark.parametrize(
    "text, folded",
    [
        ("關於轉發的通知", "关于转发的通知"),  # traditional folds to simplified
        ("各縣(市)、各部門:", "各县市各部门"),  # punctuation dropped
        ("　　第一條\n第二條", "第一条第二条"),  # full-width spaces and line breaks dropped
        ("ＡＢＣ１２３ abc", "abc123abc"),  # full-width forms and case folded
        ("", ""),
    ],
)
def test_fold_text(text: str, folded: str) -> None:
    assert fold_text(text) == folded


def test_offsets_point_back_into_the_original() -> None:
    text = "　甲，乙 丙"
    norm = normalise(text)
    assert [text[i] for i in norm.offsets] == ["甲", "乙", "丙"]
    assert norm.original_span(0, 3) == (1, 6)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("关于进一步加强管理的通知", "關於進一步加強管理的通知", True),
        ("关于进一步加强管理的通知", "关于进一步加强管理的通报", False),
    ],
)
def test_shingle_hashes_fold_scripts(a: str, b: str, same: bool) -> None:
    ha, hb = shingle_hashes(normalise(a).codes), shingle_hashes(normalise(b).codes)
    assert np.array_equal(ha, hb) is same


def test_short_text_has_one_shingle() -> None:
    assert shingle_hashes(normalise("通知").codes, k=7).size == 1


ORIGINAL = (
    "第一条为规范科技计划项目管理,提高财政资金使用效益,根据有关规定,制定本办法。"
    "第二条本办法适用于省级财政资金支持的各类科技计划项目的立项、实施和验收管理工作。"
    "第三条项目管理遵循公开公平、竞争择优、分类管理、绩效导向的原则。"
)
WRAPPER = "各市科技局:现将《项目管理办法》转发给你们,请认真贯彻执行。\n附件:\n" + ORIGINAL + "\n省科技厅\n2026年3月1日"
QUOTE = "解读:一、出台背景。近年来项目数量增长较快。二、主要内容。" + ORIGINAL[:40] + "。三、下一步工作。加强宣传培训,做好政策解释。"


@pytest.mark.parametrize(
    "query, low, high",
    [
        (WRAPPER, 0.99, 1.0),  # a 转发 notice wrapping the original contains all of it
        (QUOTE, 0.05, 0.5),  # a 解读 quoting its first sentence contains a small share
        ("完全无关的一段文字,讲的是会议安排和参会人员。", 0.0, 0.0),
    ],
)
def test_containment(query: str, low: float, high: float) -> None:
    v = verify(Shingled.of(normalise(query)), Shingled.of(normalise(ORIGINAL)))
    assert low <= v.containment <= high


def test_passages_locate_the_copy_in_both_texts() -> None:
    v = verify(Shingled.of(normalise(WRAPPER)), Shingled.of(normalise(ORIGINAL)))
    assert len(v.passages) == 1
    qs, qe, ps, pe = v.passages[0]
    # passages run from the first to the last copied character; trailing punctuation is not text
    assert WRAPPER[qs:qe] == ORIGINAL[ps:pe] == ORIGINAL.rstrip("。")


def test_scattered_stock_sentences_are_not_passages() -> None:
    pub = "现将有关事项通知如下。请认真贯彻执行。" + ORIGINAL
    query = "请认真贯彻执行。这是另一份文件,内容完全不同,讨论的是会议费用的控制问题。"
    v = verify(Shingled.of(normalise(query)), Shingled.of(normalise(pub)))
    assert v.passages == ()
    assert v.containment == 0.0
    assert v.shingle_containment > 0.0
