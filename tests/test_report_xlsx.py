"""The spreadsheet: a summary row per unit, every finding, unreadable inputs; no formulas."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from openpyxl import load_workbook

from efficiency_rules.findings import RunResult
from efficiency_rules.report import render_report
from efficiency_rules.store import Store, synthetic


def _render(tmp_path: Path, runs: list[synthetic.SyntheticRun]) -> Path:
    with Store.open(tmp_path / "h.sqlite") as store:
        for run in runs:
            store.write_run(run.period, run.results, run.audit, run.units, metrics=run.metrics)
        render_report(store, runs[-1].period, tmp_path / "r.html",
                      xlsx_path=tmp_path / "r.xlsx", norms={})
    return tmp_path / "r.xlsx"


def test_sheets_hold_units_and_findings(tmp_path: Path) -> None:
    runs = synthetic.history()
    book = load_workbook(_render(tmp_path, runs), read_only=True)
    assert book.sheetnames == ["单位汇总", "问题明细", "无法读取的文件"]
    units = list(book["单位汇总"].values)
    assert units[0][:3] == ("单位", "类型", "错误")
    assert {row[0] for row in units[1:]} == set(synthetic.UNITS)
    shimen = next(row for row in units if row[0] == "石门市")
    assert shimen[1] == "县市" and shimen[2] == 5 and "CTR-1" in shimen[8]
    findings = list(book["问题明细"].values)
    assert len(findings) - 1 == len(runs[-1].results.findings)
    assert {"已豁免", "未豁免"} == {row[4] for row in findings[1:]}
    assert len(list(book["无法读取的文件"].values)) == 3


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    run = synthetic.history()[0]
    evil = dataclasses.replace(run.results.findings[0], subject=dataclasses.replace(
        run.results.findings[0].subject, id='=HYPERLINK("http://x.invalid","点击")'))
    results = RunResult(findings=[evil], subjects=1)
    book = load_workbook(_render(tmp_path, [dataclasses.replace(run, results=results)]))
    cell = book["问题明细"]["H2"]
    assert cell.value == '=HYPERLINK("http://x.invalid","点击")'
    assert cell.data_type == "s"
