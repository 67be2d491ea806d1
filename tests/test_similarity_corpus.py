"""DOC-5 on the real corpus: the labelled pairs (tests/fixtures/similarity/labels.tsv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from efficiency_rules.similarity import PublishedIndex
from efficiency_rules.similarity.evaluate import load_labels, pair_containment, score_at

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
LABELS = Path(__file__).parent / "fixtures" / "similarity" / "labels.tsv"
THRESHOLD = 0.8  # the DOC-5 rule's min_containment

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> PublishedIndex:
    rows = csv.DictReader((CORPUS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")
    files = [CORPUS / r["path"] for r in rows if r["path"].endswith(".txt")]
    return PublishedIndex.build(files, tmp_path_factory.mktemp("cache"))


def test_label_set_size() -> None:
    pairs = load_labels(LABELS)
    assert sum(p.copy for p in pairs) >= 40
    assert sum(not p.copy for p in pairs) >= 40
    assert sum(p.category == "interpretation-quotes" for p in pairs) >= 15


@pytest.mark.parametrize(
    "query, published, flagged",
    [
        ("notice/hebei-0178.txt", "opinion/hebei-0057.txt", True),  # 转发 wrapping the 国办 意见
        ("notice/hebei-0179.txt", "opinion/hebei-0038.txt", True),  # 转发 wrapping a 三部门 意见
        ("speech/xi-0028.txt", "speech/xi-0027.txt", True),  # one speech, two agencies
        ("interpretation/hebei-0146.txt", "notice/hebei-0496.txt", False),  # 解读 quoting its 方案
        ("interpretation/hebei-0139.txt", "notice/hebei-0488.txt", False),  # 解读 of a notice
        ("interpretation/hebei-0076.txt", "notice/hebei-0387.txt", False),  # 解读 naming a short notice
    ],
)
def test_known_pairs(index: PublishedIndex, query: str, published: str, flagged: bool) -> None:
    pair = next(p for p in load_labels(LABELS) if (p.query, p.published) == (query, published))
    assert (pair_containment(index, CORPUS, pair, THRESHOLD) >= THRESHOLD) is flagged


def test_precision_and_recall_at_the_rule_threshold(index: PublishedIndex) -> None:
    score, _ = score_at(index, CORPUS, load_labels(LABELS), THRESHOLD)
    assert score.precision >= 0.95
    assert score.recall >= 0.9
