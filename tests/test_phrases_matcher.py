"""DOC-7 stock phrases: the list as data, one pass, both scripts, positions, density."""

from __future__ import annotations

from pathlib import Path

import pytest

from efficiency_rules.phrases import (
    build_catalogue,
    count_zi,
    default_path,
    find_phrases,
    phrase_report,
)
from efficiency_rules.phrases.catalogue import Catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return build_catalogue(default_path(), None)


def test_the_list_is_data_with_enough_phrases(catalogue: Catalogue) -> None:
    assert len(catalogue.phrases) >= 150
    assert {p.category for p in catalogue.phrases} == {"套话", "空话", "大话"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("各地要高度重视。", [("高度重视", 3, 7)]),
        ("各地要高度重視。", [("高度重视", 3, 7)]),  # traditional text, simplified list
        ("進一步加強領導", [("进一步加强", 0, 5)]),  # the longest phrase, not 加强 as well
        ("以新思想为统领,", [("以…为统领", 0, 7)]),  # a phrase with a gap
        ("以習近平新時代中國特色社會主義思想為統領", [("以…为统领", 0, 20)]),  # 為, not OpenCC's 爲
        ("不断开创效能建设新局面", [("不断开创…新局面", 0, 11)]),  # counted once, not also 开创…新局面
        ("为统领", []),  # a gapped phrase needs all its parts
        ("本办法自公布之日起施行。", []),
    ],
)
def test_find_phrases(catalogue: Catalogue, text: str, expected: list[tuple[str, int, int]]) -> None:
    assert [(h.phrase, h.start, h.end) for h in find_phrases(text, catalogue)] == expected


def test_hits_carry_the_document_text(catalogue: Catalogue) -> None:
    text = "一、取得了顯著成效"
    (hit,) = find_phrases(text, catalogue)
    assert (hit.text, hit.category) == ("取得了顯著成效", "空话")
    assert text[hit.start : hit.end] == hit.text


@pytest.mark.parametrize(
    "text, count, zi",
    [
        ("高度重视" + "文" * 996, 1, 1000),
        ("", 0, 0),
    ],
)
def test_density_per_thousand_zi(catalogue: Catalogue, text: str, count: int, zi: int) -> None:
    report = phrase_report(text, catalogue)
    assert (report.count, report.zi) == (count, zi)
    assert report.density == (1000 * count / zi if zi else 0.0)


def test_zi_is_the_product_count() -> None:
    assert count_zi("GB/T 9704 8% 好") == 4


def test_built_catalogue_is_cached(tmp_path: Path) -> None:
    build_catalogue(default_path(), tmp_path)
    (cached,) = tmp_path.glob("stock-phrases-*.pickle")
    again = build_catalogue(default_path(), tmp_path)
    assert len(again.phrases) >= 150
    cached.write_bytes(b"not a pickle")  # a damaged cache is rebuilt, not trusted
    assert len(build_catalogue(default_path(), tmp_path).phrases) >= 150


def test_a_changed_list_is_rebuilt(tmp_path: Path) -> None:
    lst = tmp_path / "stock-phrases.yaml"
    lst.write_text("version: 1\nphrases:\n  套话: [高度重视]\n", encoding="utf-8")
    assert len(build_catalogue(lst, tmp_path).phrases) == 1
    lst.write_text("version: 1\nphrases:\n  套话: [高度重视, 狠抓落实]\n", encoding="utf-8")
    assert len(build_catalogue(lst, tmp_path).phrases) == 2


CORPUS = Path(__file__).parents[2] / "shared" / "corpus"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "进",
        "进一步加强进一步加强领导",
        "高度重视高度重视",
        "開創新局面,取得新進展,以改革为抓手",
        "进一步全面加强",  # a prefix of one key overlapping the start of another
    ],
)
def test_prefilter_finds_what_the_automaton_finds(catalogue: Catalogue, text: str) -> None:
    from efficiency_rules.phrases.prefilter import longest_matches

    plain = [(last - len(v[0]) + 1, last + 1) for last, v in catalogue.automaton.iter_long(text)]
    filtered = [(s, e) for s, e, _ in longest_matches(catalogue.automaton, catalogue.prefilter, text)]
    assert filtered == plain


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_prefilter_agrees_on_the_corpus(catalogue: Catalogue) -> None:
    from efficiency_rules.phrases.prefilter import longest_matches

    for path in sorted(CORPUS.glob("*/*.txt"))[::10]:
        text = path.read_text(encoding="utf-8")
        plain = [(last - len(v[0]) + 1, last + 1) for last, v in catalogue.automaton.iter_long(text)]
        filtered = [(s, e) for s, e, _ in longest_matches(catalogue.automaton, catalogue.prefilter, text)]
        assert filtered == plain, path.name
