"""DOC-7 calibration on the real corpus: reports are dense, regulations sparse."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from efficiency_rules.phrases import build_catalogue, default_path, phrase_report

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
THRESHOLD = 3.0  # the DOC-7 rule's max_density

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def densities(folder: str) -> list[float]:
    cat = build_catalogue(default_path(), None)
    out = []
    for path in sorted((CORPUS / folder).glob("*.txt")):
        report = phrase_report(path.read_text(encoding="utf-8"), cat)
        if report.zi >= 300:
            out.append(report.density)
    return out


def share_above(values: list[float], threshold: float) -> float:
    return sum(v > threshold for v in values) / len(values)


def test_reports_are_dense_and_regulations_sparse() -> None:
    reports, regulations = densities("report"), densities("regulation")
    assert statistics.median(reports) > 2.5
    assert statistics.median(regulations) < 0.5
    assert share_above(reports, THRESHOLD) > 0.4
    assert share_above(regulations, THRESHOLD) < 0.03
