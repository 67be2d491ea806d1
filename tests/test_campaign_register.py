"""The campaign register: phase calendar (CMP-1), table reading, records and the rules end to end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from efficiency_rules.campaign import phases, run_campaign
from efficiency_rules.campaign.calendar import phase_on
from efficiency_rules.engine import Pack, load_pack

UNITS = "unit,type,leading_group_on\n石门县,county,2026-03-02\n州教育局,department,\n"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(use_cache=False)


@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        (1, date(2026, 2, 21), date(2026, 3, 10)),  # 2月下旬 to 3月上旬
        (2, date(2026, 3, 11), date(2026, 3, 31)),  # 3月中下旬
        (3, date(2026, 4, 1), date(2026, 9, 30)),  # 4月至9月
        (4, date(2026, 10, 1), date(2026, 12, 31)),  # 10月到12月
    ],
)
def test_phase_calendar(number: int, start: date, end: date) -> None:
    phase = phases(2026)[number - 1]
    assert (phase.number, phase.start, phase.end) == (number, start, end)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 2, 20), None), (date(2026, 2, 21), 1), (date(2026, 3, 10), 1),
     (date(2026, 3, 11), 2), (date(2026, 9, 30), 3), (date(2026, 12, 31), 4)],
)
def test_phase_on(day: date, expected: int | None) -> None:
    found = phase_on(day, 2026)
    assert (found.number if found else None) == expected


def _folder(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    folder = tmp_path / "campaign"
    folder.mkdir()
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return tmp_path


def _run(folder: Path, pack: Pack, end: date) -> list[tuple[str, str, str]]:
    result = run_campaign(folder, period_end=end, campaign_year=2026, pack=pack)
    return sorted((f.rule, f.subject.unit or "", f.subject.id) for f in result.findings)


def test_missing_filings_and_leading_group(tmp_path: Path, pack: Pack) -> None:
    subs = "unit,phase,document,submitted_on\n" + "".join(
        f"石门县,{p},{d},2026-0{3 if p == 1 else 4}-1{p}\n" for p in (1, 2) for d in ("plan", "summary"))
    folder = _folder(tmp_path, {"units.csv": UNITS, "submissions.csv": subs})
    found = _run(folder, pack, date(2026, 8, 31))
    assert ("CMP-4-leading-group", "州教育局", "州教育局") in found
    missing = [f for f in found if f[0] == "CMP-2-filing-missing"]
    assert {f[1] for f in missing} == {"州教育局"} and len(missing) == 4  # 2 phases x 2 documents


@pytest.mark.parametrize(("filed", "fires"), [("2026-10-20", False), ("2026-10-21", True)])
def test_phase_3_due_date_after_national_day(tmp_path: Path, pack: Pack, filed: str, fires: bool) -> None:
    """Phase 3 ends 30 September; 10 working days on the official calendar (国庆 1-7 October,
    make-up day 10 October) make it due on 20 October: filed that day passes, a day later fails."""
    subs = f"unit,phase,document,submitted_on\n石门县,3,summary,{filed}\n"
    folder = _folder(tmp_path, {"units.csv": UNITS, "submissions.csv": subs})
    late = [f for f in _run(folder, pack, date(2026, 10, 31))
            if f[0] == "CMP-2-filing-late" and f[1] == "石门县"]
    assert bool(late) == fires


def test_gb18030_chinese_headers_and_bad_rows(tmp_path: Path, pack: Pack) -> None:
    units = "單位,類型,領導小組成立日期\n石门县,县,2026年3月2日\n州教育局,部门,2026-13-01\n白河县,乡,\n"
    subs = ("单位,阶段,材料,报送日期\n石门县,一,工作方案,2026/3/12\n石门县,final,工作方案,2026-03-12\n"
            "石门縣,2,summary,2026-04-01\n")
    folder = _folder(tmp_path, {"units.csv": units.encode("gb18030"), "submissions.csv": "\ufeff" + subs})
    result = run_campaign(folder, period_end=date(2026, 8, 31), campaign_year=2026, pack=pack)
    errors = sorted((Path(e.path).name, e.line, e.field) for e in result.errors)
    assert errors == [
        ("submissions.csv", 3, "document"),  # final goes with final_report only
        ("submissions.csv", 4, "unit"),  # not in the units table (traditional 縣: a typo here)
        ("units.csv", 3, "領導小組成立日期"),  # no 13th month
        ("units.csv", 4, "類型"),  # 乡 is not county | department
    ]
    assert all(e.message and e.message_en for e in result.errors)
    # The good rows are still checked: 石门县 filed its phase 1 plan and nothing else.
    missing = {f.subject.id for f in result.findings if f.rule == "CMP-2-filing-missing"}
    assert "石门县 第1阶段 plan" not in missing and "石门县 第1阶段 summary" in missing


def test_engagements_in_period_and_waived(tmp_path: Path, pack: Pack) -> None:
    eng = ("id,leader,unit,date,event,event_type,commercial,approved_by,approval_ref,approved_on\n"
           "E1,王强,石门县,2026-09-05,某商场开业剪彩,ribbon_cutting,,,,\n"
           "E2,李明,州教育局,2026-09-08,某中学新校区启用,opening,否,,,\n"
           "E3,赵刚,州教育局,2026-09-09,某企业投产庆典,commercial_celebration,是,州委书记,州委函〔2026〕5号,2026-09-01\n"
           "E4,王强,石门县,2026-08-30,某楼盘奠基,groundbreaking,,,,\n")
    folder = _folder(tmp_path, {"units.csv": UNITS, "engagements.csv": eng})
    result = run_campaign(folder, period_end=date(2026, 9, 30), campaign_year=2026, pack=pack)
    cmp5 = {f.subject.id: f for f in result.findings if f.norm == "CMP-5"}
    assert set(cmp5) == {"E1", "E3"}
    assert cmp5["E1"].status == "open" and cmp5["E3"].status == "waived"
    assert cmp5["E3"].waiver is not None and cmp5["E3"].waiver.ref == "州委函〔2026〕5号"


def test_no_register_is_a_note_not_an_error(tmp_path: Path, pack: Pack) -> None:
    result = run_campaign(tmp_path, period_end=date(2026, 8, 31), campaign_year=2026, pack=pack)
    assert not result.findings and not result.errors and result.notes


def test_campaign_rule_examples(pack: Pack) -> None:
    from efficiency_rules.rules.examples import run_examples

    results = [r for r in run_examples(pack) if r.rule.startswith("CMP-")]
    assert len({r.rule for r in results}) == 6
    assert [r for r in results if not r.ok] == []


def test_quotes_are_verbatim_from_the_speech(pack: Pack) -> None:
    from conftest import shared_or_skip

    speech = shared_or_skip("seed", "speech.txt").read_text(encoding="utf-8")
    for compiled in pack.rules:
        if compiled.rule.area == "campaign":
            assert compiled.rule.clause.quote in speech, compiled.rule.id
