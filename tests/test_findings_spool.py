"""The scan's findings spool: order, length and content survive the trip through the file."""

from __future__ import annotations

from efficiency_rules.findings import Finding, FindingSpool, RunResult, Subject


def finding(i: int) -> Finding:
    return Finding(norm="DOC-1", rule="DOC-1-x", severity="warning", subject=Subject("document", f"d{i}"),
                   messages={"zh": f"第 {i} 条", "en": f"number {i}"}, values={"zi": 3000 + i})


def test_spool_keeps_order_past_memory_and_can_be_read_twice() -> None:
    spool = FindingSpool(in_memory=3, chunk=4)
    spool.extend(finding(i) for i in range(10))
    assert len(spool) == 10 and spool
    first = [f.values["zi"] for f in spool]
    spool.append(finding(10))  # appending after a read goes to the end
    second = [f.values["zi"] for f in spool]
    assert first == [3000 + i for i in range(10)]
    assert second == [3000 + i for i in range(11)]


def test_run_result_extends_into_a_spool() -> None:
    result = RunResult(findings=FindingSpool(in_memory=1, chunk=2))
    for i in range(5):
        result.extend(RunResult(findings=[finding(i)], subjects=1))
    assert result.subjects == 5
    assert [f.subject.id for f in result.findings] == [f"d{i}" for i in range(5)]
