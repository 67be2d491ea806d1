"""run_meetings: the evaluation seam, approvals that claim too much, and the example year."""

from __future__ import annotations

from pathlib import Path

import yaml
from test_meetings_helpers import REPO, meeting_pack, plan

from efficiency_rules.findings import Finding, Subject
from efficiency_rules.meetings.command import ATTESTATION, run_meetings
from efficiency_rules.meetings.cross import PairLimits
from efficiency_rules.meetings.waivers import check_covers

EXAMPLES = REPO / "examples" / "meetings" / "2026"


def test_evaluation_is_one_stubbable_function(tmp_path: Path) -> None:
    seen: list[tuple[str, str]] = []

    def evaluate(subject_type: str, record: dict, subject: Subject) -> list[Finding]:
        seen.append((subject_type, subject.id))
        return []

    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump([plan(id="a"), plan(id="b", status="cancelled"), plan(id="c")],
                                   allow_unicode=True), encoding="utf-8")
    result = run_meetings([path], register=None, pack=None, evaluate=evaluate,
                          limits=PairLimits())
    assert ("meeting", "a") in seen and ("meeting", "c") in seen and ("meeting", "b") not in seen
    assert ("meeting_pair", "c") in seen  # same department, same year: a pair
    assert result.subjects == 2 and any("b" in n for n in result.notes)


def test_covers_check() -> None:
    catalogue = meeting_pack().catalogue
    record = {"approvals": [{"by": "prefect", "ref": "批示", "covers": ["MTG-1", "MTG-6", "MTG-4", "DOC-1", "XYZ-9"]}]}
    findings = check_covers(record, Subject("meeting", "x"), catalogue)
    assert [f.values["covers"] for f in findings] == ["MTG-6", "MTG-4", "DOC-1", "XYZ-9"]
    assert findings[-1].norm == "APPROVAL"
    assert "满足" in findings[1].message("zh")


def test_attestation_text() -> None:
    assert ATTESTATION["norm"] == "MTG-11" and ATTESTATION["zh"] and ATTESTATION["en"]


def test_the_example_year() -> None:
    result = run_meetings([], register=EXAMPLES, pack=meeting_pack())
    assert result.errors == []
    got = {(f.norm, f.subject.id, f.status, tuple(r["id"] for r in f.related)) for f in result.findings}
    expected = {
        ("MTG-6", "2026-jy-02", "open", ("2026-jy-01",)),
        ("MTG-7", "2026-xf-01", "open", ("2026-yj-01",)),
        ("MTG-7", "2026-yb-02", "open", ("2026-yb-01",)),
        ("MTG-8", "2026-jk-01", "open", ("2026-wj-01",)),
        ("MTG-1", "2026-zw-01", "waived", ()),
        ("MTG-10", "2026-zw-01", "waived", ()),
        ("MTG-1", "2026-zf-01", "open", ()),
        ("MTG-2", "2026-rs-01", "open", ()),
        ("MTG-3", "2026-ly-01", "open", ()),
        ("MTG-4", "2026-zf-01", "open", ()),
        ("MTG-5", "2026-jt-01", "open", ()),
        ("MTG-9", "2026-yj-01", "open", ()),
        ("MTG-6", "2026-tj-01", "open", ()),  # the approval claiming to waive MTG-6
    }
    assert expected <= got
    cross = {x for x in got if x[3]}
    assert cross == {x for x in expected if x[3]}  # back-to-back pairs (教育/体育, 防汛/水利) are fine
    assert not any(f.subject.id == "2026-wl-02" for f in result.findings)  # cancelled
    assert not any(f.subject.id == "2026-rd-01" for f in result.findings)  # statutory
    assert any("2026-tj-01" in n and "UTC+8" in n for n in result.notes)


def test_a_file_of_many_bad_entries_lists_fifty_and_counts_the_rest(tmp_path: Path) -> None:
    import json as _json

    from efficiency_rules.meetings.plans import MAX_ERRORS_PER_FILE, read_plan_file

    path = tmp_path / "many.json"
    path.write_text(_json.dumps(list(range(1000))), encoding="utf-8")
    loaded = read_plan_file(path)
    assert len(loaded.errors) == MAX_ERRORS_PER_FILE + 1
    assert "950" in loaded.errors[-1].message
