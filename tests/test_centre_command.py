"""The centre command's core over the example folder, CSV and .xlsx, with the real rule pack."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from efficiency_rules.centre.command import run_centre
from efficiency_rules.findings import Finding, Subject

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "centre"
FIXTURES = Path(__file__).parent / "fixtures" / "centre"
AS_OF = date(2026, 10, 31)


@pytest.fixture(scope="module")
def pack() -> Any:
    from efficiency_rules.engine import load_pack

    return load_pack()


def keyed(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    return sorted((f.rule, f.subject.id, f.status, f.message()) for f in findings)


def test_every_norm_fires_in_the_example(pack: Any) -> None:
    result = run_centre(EXAMPLE, as_of=AS_OF, pack=pack)
    assert result.errors == []
    norms = Counter(f.norm for f in result.findings)
    assert set(norms) == {f"CTR-{i}" for i in range(1, 8)} | {f"CASE-{i}" for i in range(1, 7)}
    by = {(f.rule, f.subject.id): f for f in result.findings}
    late = by[("CASE-1-decided-in-time", "ES-0930-B")]
    assert late.values["due_on"] == date(2026, 10, 10) and late.values["days_late"] == 1
    assert ("CASE-1-decided-in-time", "ES-0930-A") not in by  # decided 10-09: on time
    assert ("CTR-1-in-centre-share", "恩施市") not in by  # exactly 95%
    assert ("CTR-3-onsite-completion", "恩施市 2026-09") not in by  # exactly 90%
    ctr3 = by[("CTR-3-onsite-completion", "利川市 2026-10")]
    assert (ctr3.values["numerator"], ctr3.values["denominator"], ctr3.values["gap"]) == (8, 10, 1)
    assert "还需 1 件现场办结" in ctr3.message()
    assert by[("CTR-4-fees-in-centre", "利川市/LC-F01")].status == "waived"
    assert ("CASE-1-decided-in-time", "LC-1012-E1") not in by  # a valid extension moved the deadline
    assert by[("CTR-7-monthly-figures", "利川市 2026-09 cases_handled")].values["related"] == ["LC-0928-A", "LC-0929-B"]
    assert by[("CASE-1-decided-in-time", "ES-0930-B")].location == {"line": 21}
    assert any("chinesecalendar" in n for n in result.notes)


def test_xlsx_gives_the_same_findings_as_csv(pack: Any) -> None:
    csv_result = run_centre(EXAMPLE, as_of=AS_OF, pack=pack)
    xlsx_result = run_centre(EXAMPLE / "xlsx", as_of=AS_OF, pack=pack)
    assert xlsx_result.errors == []
    assert keyed(xlsx_result.findings) == keyed(csv_result.findings)
    assert [f.location for f in sorted(xlsx_result.findings, key=lambda f: (f.rule, f.subject.id))] == \
           [f.location for f in sorted(csv_result.findings, key=lambda f: (f.rule, f.subject.id))]


def test_gb18030_folder_with_chinese_headers(pack: Any) -> None:
    result = run_centre(FIXTURES / "chinese_gb18030", as_of=AS_OF, pack=pack)
    assert result.errors == []
    late = [f for f in result.findings if f.norm == "CASE-1"]
    assert [(f.subject.id, f.values["days_late"]) for f in late] == [("HF-0930-2", 1)]


def test_bad_values_are_errors_and_the_rest_is_checked(pack: Any) -> None:
    result = run_centre(FIXTURES / "bad_values", as_of=AS_OF, pack=pack)
    assert {(Path(e.path).name, e.line, e.field) for e in result.errors} == {
        ("items.csv", 3, "in_centre"), ("cases.csv", 3, "received_on"),
        ("cases.csv", 4, "missing_material_notices"), ("cases.csv", 5, "onsite_completed")}
    assert {f.subject.id for f in result.findings if f.norm == "CASE-4"} == {"LF-5"}


def test_missing_tables_and_unknown_year(tmp_path: Path, pack: Any) -> None:
    (tmp_path / "cases.csv").write_text(
        (FIXTURES / "bad_values" / "cases.csv").read_text(encoding="utf-8-sig").splitlines()[0] + "\n"
        "LF-9,来凤县,LF-001,2026-12-28,,pending,20,5,0,,,0,false,2026-12-30\n", encoding="utf-8")
    result = run_centre(tmp_path, as_of=date(2026, 12, 31), pack=pack)
    messages = [e.message_en or "" for e in result.errors]
    assert sum("not found" in m for m in messages) == 2  # items and monthly
    [year_error] = [e for e in result.errors if e.field == "due_on"]
    assert year_error.value == "2027" and year_error.line == 2


class StubPack:
    """The evaluation step stubbed: records what it was given, fires nothing."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    def evaluate(self, subject_type: str, record: Mapping[str, Any], subject: Subject,
                 errors: list[Any] | None = None) -> list[Finding]:
        self.seen[subject_type] += 1
        return []


def test_records_handed_to_the_pack() -> None:
    stub = StubPack()
    result = run_centre(EXAMPLE, as_of=AS_OF, pack=stub)
    assert result.findings == [] and result.subjects == sum(stub.seen.values())
    assert stub.seen["region"] == 6 and stub.seen["complaint"] == 4
    assert stub.seen["monthly_check"] == 4 * 8  # four figures per monthly.csv row
