"""Runs, fingerprints, diffs, escalation, trends and ratios in the history."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest

from efficiency_rules.findings import Finding, InputError, RunResult, Subject, Waiver
from efficiency_rules.store import Audit, InputFile, MetricRow, Store, fingerprint, synthetic

AUDIT = Audit(rules_hash="r" * 64, parameters={"DOC-1": {"max_zi": 3000}},
              calendar_version="cal-2026", inputs=(InputFile("a.txt", 3, "0" * 64),))
UNITS = {"安平县": "county", "州教育局": "department"}


def finding(norm: str = "DOC-1", *, unit: str = "安平县", ident: str = "安发〔2026〕1号",
            kind: str = "document", severity: str = "warning", waived: bool = False,
            path: str = "documents/a.docx", message: str = "超出上限",
            related: tuple[dict[str, str], ...] = ()) -> Finding:
    return Finding(norm=norm, rule=f"{norm}-rule", severity=severity,  # type: ignore[arg-type]
                   subject=Subject(kind, ident, path=path, unit=unit),
                   messages={"zh": message, "en": "over"}, values={"zi": 3001},
                   status="waived" if waived else "open",
                   waiver=Waiver("prefect", "州长批示〔2026〕1号", "2026-09-01") if waived else None,
                   related=related)


def result(*findings: Finding, errors: tuple[InputError, ...] = ()) -> RunResult:
    return RunResult(findings=list(findings), errors=list(errors), subjects=len(findings))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "h.sqlite")
    yield opened  # type: ignore[misc]
    opened.close()


# -- fingerprints --------------------------------------------------------------------------------

BASE = finding()


@pytest.mark.parametrize(
    "other, period, same",
    [
        (finding(path="documents/2026-11/a.docx"), "2026-11", True),  # moved file
        (finding(message="正文 3200 字，超出上限"), "2026-10", True),  # reworded message
        (dataclasses.replace(BASE, rule="DOC-1-renamed"), "2026-10", True),  # renamed rule
        (finding(ident="安发〔２０２６〕1号"), "2026-10", True),  # full-width digits typed
        (finding(ident=" 安发〔2026〕1号 "), "2026-10", True),  # stray spaces
        (finding(norm="DOC-2"), "2026-10", False),
        (finding(unit="青山县"), "2026-10", False),
        (finding(ident="安发〔2026〕2号"), "2026-10", False),
        (finding(kind="meeting"), "2026-10", False),
        (finding(related=({"type": "document", "id": "X"},)), "2026-10", False),
    ],
)
def test_fingerprint_is_stable_across_months_and_only_those(
    other: Finding, period: str, same: bool
) -> None:
    assert (fingerprint(BASE, "2026-10") == fingerprint(other, period)) is same


def test_a_region_month_subject_matches_next_month() -> None:
    october = finding("CTR-3", kind="region", ident="青山县 2026-10")
    november = finding("CTR-3", kind="region", ident="青山县 2026-11")
    assert fingerprint(october, "2026-10") == fingerprint(november, "2026-11")


def test_related_order_does_not_matter() -> None:
    a, b = {"type": "meeting", "id": "M1"}, {"type": "meeting", "id": "M2"}
    assert fingerprint(finding(related=(a, b))) == fingerprint(finding(related=(b, a)))


# -- runs ----------------------------------------------------------------------------------------


def test_a_run_is_stored_with_its_audit_trail(store: Store) -> None:
    errors = (InputError("b.docx", "无法读取", message_en="unreadable"),)
    info = store.write_run("2026-10", result(finding(), errors=errors), AUDIT, UNITS,
                           metrics=[MetricRow("安平县", "CTR-1", 95, 100, "95%")])
    assert (info.period, info.findings, info.errors, info.status) == ("2026-10", 1, 1, "incomplete")
    assert info.replaced == ()
    conn = store.conn
    assert conn.execute("SELECT rules_hash, calendar_version, parameters FROM runs").fetchone() == (
        "r" * 64, "cal-2026", '{"DOC-1": {"max_zi": 3000}}')
    assert conn.execute("SELECT path, size, sha256 FROM input_files").fetchall() == [
        ("a.txt", 3, "0" * 64)]
    assert conn.execute("SELECT unit, type FROM units ORDER BY unit").fetchall() == [
        ("安平县", "county"), ("州教育局", "department")]
    assert conn.execute("SELECT unit_type, message_zh, message_en FROM findings").fetchone() == (
        "county", "超出上限", "over")
    assert conn.execute("SELECT threshold FROM metrics").fetchone() == ("19/20",)
    assert conn.execute("SELECT path, message, message_en FROM input_errors").fetchone() == (
        "b.docx", "无法读取", "unreadable")


def test_input_file_hashes_the_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_bytes(b"abc")
    entry = InputFile.of(tmp_path / "sub" / "x.txt", relative_to=tmp_path)
    assert entry == InputFile("sub/x.txt", 3, "ba7816bf8f01cfea414140de5dae2223"
                              "b00361a396177a9cb410ff61f20015ad")


def test_a_later_run_of_the_same_period_replaces_the_earlier(store: Store) -> None:
    store.write_run("2026-10", result(finding(), finding(ident="2号")), AUDIT, UNITS)
    info = store.write_run("2026-10", result(finding()), AUDIT, UNITS)
    assert store.periods() == ["2026-10"]
    assert info.findings == 1
    assert [r.findings for r in info.replaced] == [2]
    assert store.conn.execute("SELECT count(*) FROM findings").fetchone()[0] == 1
    assert len(store.run("2026-10").replaced) == 1  # type: ignore[union-attr]


def test_a_bad_period_is_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        store.write_run("2026-13", result(), AUDIT, UNITS)


def test_a_unit_named_only_by_a_finding_still_counts_as_checked(store: Store) -> None:
    store.write_run("2026-10", result(finding(unit="未登记县")), AUDIT, UNITS)
    units = dict(store.conn.execute("SELECT unit, type FROM units").fetchall())
    assert units["未登记县"] is None and len(units) == 3


# -- diff and escalation -------------------------------------------------------------------------


def test_diff_against_the_previous_stored_period(store: Store) -> None:
    kept, fixed, added = finding(ident="1号"), finding(ident="2号"), finding(ident="3号")
    store.write_run("2026-08", result(kept, fixed), AUDIT, UNITS)
    store.write_run("2026-10", result(dataclasses.replace(kept, messages={"zh": "改写"}), added),
                    AUDIT, UNITS)
    diff = store.diff("2026-10")
    assert diff.previous == "2026-08"  # the previous *stored* period, gaps allowed
    assert [r.subject_id for r in diff.new] == ["3号"]
    assert [r.subject_id for r in diff.persisting] == ["1号"]
    assert [r.subject_id for r in diff.resolved] == ["2号"]
    first = store.diff("2026-08")
    assert first.previous is None and len(first.new) == 2 and not first.resolved


def test_a_run_stored_out_of_order_diffs_against_its_predecessor(store: Store) -> None:
    store.write_run("2026-10", result(finding(ident="1号")), AUDIT, UNITS)
    store.write_run("2026-09", result(finding(ident="1号")), AUDIT, UNITS)
    assert store.diff("2026-10").previous == "2026-09"
    assert len(store.diff("2026-10").persisting) == 1


def _months(store: Store, *runs: RunResult, start: int = 8) -> None:
    for n, run in enumerate(runs):
        store.write_run(f"2026-{start + n:02d}", run, AUDIT, UNITS)


def test_three_consecutive_months_escalate(store: Store) -> None:
    # Different documents each month: escalation is per unit and norm, not per finding.
    _months(store, *(result(finding(ident=f"{n}号")) for n in range(3)))
    assert store.escalations("2026-09") == []
    [esc] = store.escalations("2026-10")
    assert (esc.unit, esc.unit_type, esc.norm, esc.periods, esc.since) == (
        "安平县", "county", "DOC-1", 3, "2026-08")
    assert store.escalations("2026-10", consecutive=4) == []
    assert len(store.escalations("2026-09", consecutive=2)) == 1


@pytest.mark.parametrize(
    "middle, why",
    [
        (result(finding(waived=True)), "a waived finding does not count"),
        (result(finding(norm="DOC-2")), "another norm does not count"),
        (result(finding(unit="青山县")), "another unit does not count"),
        (result(), "a clean month breaks the streak"),
    ],
)
def test_the_streak_is_broken(store: Store, middle: RunResult, why: str) -> None:
    _months(store, result(finding()), middle, result(finding()))
    assert store.escalations("2026-10") == [], why


def test_a_missing_month_breaks_the_streak(store: Store) -> None:
    for period in ("2026-07", "2026-08", "2026-10"):
        store.write_run(period, result(finding()), AUDIT, UNITS)
    assert store.escalations("2026-10", consecutive=2) == []


def test_suggestions_escalate_only_when_asked(store: Store) -> None:
    _months(store, *(result(finding("DOC-7", severity="suggestion")) for _ in range(3)))
    assert store.escalations("2026-10") == []
    assert len(store.escalations("2026-10", min_severity="suggestion")) == 1


def test_escalation_across_a_year_end(store: Store) -> None:
    for period in ("2025-11", "2025-12", "2026-01"):
        store.write_run(period, result(finding()), AUDIT, UNITS)
    assert [e.since for e in store.escalations("2026-01")] == ["2025-11"]


# -- trends and ratios ---------------------------------------------------------------------------


def test_trend_counts_by_severity_and_norm(store: Store) -> None:
    for run in synthetic.history():
        store.write_run(run.period, run.results, run.audit, run.units, metrics=run.metrics)
    trend = store.trend()
    assert [t.period for t in trend] == ["2026-08", "2026-09", "2026-10"]
    last = trend[-1]
    october = synthetic.history()[-1].results.findings
    for severity in ("error", "warning", "suggestion"):
        assert last.open[severity] == sum(
            1 for f in october if f.severity == severity and f.status == "open")
    assert last.waived == 2 and last.errors == 2
    assert list(last.by_norm)[:2] == ["DOC-1", "DOC-5"]  # catalogue order
    assert [t.period for t in store.trend(until="2026-09")] == ["2026-08", "2026-09"]


def test_ratios_come_from_metrics_and_fall_back_to_findings(store: Store) -> None:
    ratio = finding("CTR-1", kind="region", ident="青山县", unit="青山县", severity="error")
    ratio = dataclasses.replace(ratio, values={"numerator": 90, "denominator": 100})
    store.write_run("2026-10", result(ratio), AUDIT, UNITS,
                    metrics=[MetricRow("安平县", "CTR-1", 19, 20, "19/20")])
    points = {p.region: p for p in store.ratios("2026-10")}
    assert points["安平县"].passes is True  # exactly 95% passes (不得低于 includes it)
    assert points["安平县"].recomputed
    assert points["青山县"].threshold == Fraction(95, 100) and not points["青山县"].recomputed
    assert points["青山县"].passes is False


def test_write_metrics_replaces_a_periods_ratios(store: Store) -> None:
    store.write_run("2026-10", result(), AUDIT, UNITS)
    store.write_metrics("2026-10", [MetricRow("安平县", "CTR-3", 9, 10, "9/10")])
    store.write_metrics("2026-10", [MetricRow("安平县", "CTR-3", 8, 10, "0.9")])
    [point] = store.ratios("2026-10")
    assert (point.numerator, point.threshold, point.passes) == (8, Fraction(9, 10), False)
    with pytest.raises(KeyError):
        store.write_metrics("2026-11", [])
