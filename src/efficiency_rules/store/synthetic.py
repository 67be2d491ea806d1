"""A synthetic prefecture's monthly scans, for tests, benchmarks and a demo report.

Not real data: four counties and five prefecture departments over consecutive months, built so
that findings appear, persist, are resolved and escalate, some are waived, some inputs cannot be
read, and one document title carries markup (the report must show it as text). The areas' real
rules produce the same values; this module only lets the store and the report be exercised
before (and independently of) them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from ..findings import Finding, InputError, RunResult, Severity, Subject, Waiver
from .model import Audit, InputFile, MetricRow

COUNTIES = ("安平县", "青山县", "石门市", "龙溪县")
DEPARTMENTS = ("州发展和改革委员会", "州教育局", "州卫生健康委员会", "州财政局", "州住房和城乡建设局")
UNITS: dict[str, str] = {**{c: "county" for c in COUNTIES}, **{d: "department" for d in DEPARTMENTS}}
MALICIOUS_TITLES = (
    "<script>alert(1)</script>关于加强值班工作的通知",
    '<img src=x onerror=alert(1)>关于"效能建设"的简报',
)


@dataclass(frozen=True)
class SyntheticRun:
    period: str
    results: RunResult
    audit: Audit
    units: dict[str, str]
    metrics: tuple[MetricRow, ...]


def history(periods: tuple[str, ...] = ("2026-08", "2026-09", "2026-10")) -> list[SyntheticRun]:
    """One run per period; index 0 is the oldest. Three periods give a full escalation."""
    return [month(period, index) for index, period in enumerate(periods)]


def month(period: str, index: int) -> SyntheticRun:
    results = RunResult(subjects=120 + 5 * index)
    for make in _FINDINGS:
        results.findings.extend(make(period, index))
    results.errors.extend(_errors(index))
    return SyntheticRun(period, results, _audit(period), dict(UNITS), _metrics(index))


def _f(
    norm: str,
    severity: Severity,
    subject: Subject,
    zh: str,
    en: str,
    values: dict[str, object] | None = None,
    *,
    waiver: Waiver | None = None,
    related: tuple[dict[str, str], ...] = (),
) -> Finding:
    return Finding(
        norm=norm,
        rule=f"{norm}-synthetic",
        severity=severity,
        subject=subject,
        messages={"zh": zh, "en": en},
        values=values or {},
        status="waived" if waiver else "open",
        waiver=waiver,
        related=related,
    )


def _doc(unit: str, ident: str, path: str) -> Subject:
    return Subject("document", ident, path=path, unit=unit)


def _long_circulars(period: str, index: int) -> Iterator[Finding]:
    # 州教育局 sends an over-long circular every month: new each time, escalated at the third.
    ident = f"州教发〔2026〕{31 + index}号"
    zi = 3400 + 150 * index
    yield _f("DOC-1", "warning", _doc("州教育局", ident, f"documents/州教育局/{ident}.docx"),
             f"普发类文件正文 {zi} 字，超出上限 {zi - 3000} 字（上限 3000 字）",
             f"General-distribution document has {zi} zi, {zi - 3000} over the limit of 3000",
             {"zi": zi, "limit": 3000, "excess": zi - 3000})


def _speech_bulletin(period: str, index: int) -> Iterator[Finding]:
    if index >= 2:
        return  # resolved in the third month
    ident = "青办通〔2026〕7号"
    yield _f("DOC-4", "error", _doc("青山县", ident, f"documents/青山县/{period}/讲话通报.docx"),
             "领导讲话稿已在会上印发，不应再印发通报", "Speech already handed out; no bulletin")


def _copied(period: str, index: int) -> Iterator[Finding]:
    if index < 2:
        return
    yield _f("DOC-5", "error", _doc("州财政局", "州财发〔2026〕44号", "documents/州财政局/转发.docx"),
             "与已公开文件高度相似（相似度 97%），不得照抄转发",
             "Copies a published document (97% similar)",
             {"similarity": {"numerator": 97, "denominator": 100}},
             related=({"type": "document", "id": "州政办发〔2026〕9号",
                       "path": "published/州政办发〔2026〕9号.txt"},))


def _waived(period: str, index: int) -> Iterator[Finding]:
    if index < 1:
        return
    yield _f("DOC-6", "warning", _doc("州住房和城乡建设局", "州政办发〔2026〕21号",
                                      "documents/州住建局/物业管理.docx"),
             "属部门职责范围的工作，宜由部门发文", "A departmental matter issued at prefecture level",
             waiver=Waiver(by="prefecture_executive_meeting", ref="州政府第12次常务会议纪要",
                           date="2026-09-03"))
    yield _f("MTG-3", "warning", Subject("meeting", "MTG-2026-044", "meetings/044.yaml",
                                         "州卫生健康委员会"),
             "电视电话会议时长 3 小时，超过 2 小时", "Teleconference lasts 3 hours (limit 2)",
             {"minutes": 180, "limit_minutes": 120},
             waiver=Waiver(by="prefect", ref="州长批示〔2026〕15号", date="2026-09-10"))


def _meetings(period: str, index: int) -> Iterator[Finding]:
    if index >= 1:
        yield _f("MTG-1", "warning", Subject("meeting", "MTG-2026-031", "meetings/031.yaml",
                                             "州卫生健康委员会"),
                 "全州性会议参会 260 人，超过 200 人", "260 attendees, over 200",
                 {"attendees": 260, "limit": 200})
        yield _f("MTG-6", "error", Subject("meeting", "MTG-2026-052", "meetings/052.yaml",
                                           "州发展和改革委员会"),
                 "本年度第 2 次全州性工作会议（每年只召开 1 次）",
                 "Second prefecture-wide work meeting this year (1 allowed)",
                 {"count": 2, "limit": 1},
                 related=({"type": "meeting", "id": "MTG-2026-008"},))
    for county in COUNTIES[: 3 - index]:
        yield _f("MTG-10", "suggestion", Subject("meeting", f"{county}-现场会-{index}", None, county),
                 "提倡以电视电话会议形式召开", "Consider a teleconference instead")


def _centre(period: str, index: int) -> Iterator[Finding]:
    for region, num, den in _ratio_table(index)["CTR-1"]:
        if num * 100 < 95 * den:
            yield _f("CTR-1", "error", Subject("region", region, "centre/items.csv", region),
                     f"行政审批事项进中心比例 {num}/{den}，低于 95%",
                     f"{num}/{den} approval items in the centre, under 95%",
                     {"numerator": num, "denominator": den, "threshold": "19/20"})
    for region, num, den in _ratio_table(index)["CTR-3"]:
        if num * 100 < 90 * den:
            yield _f("CTR-3", "error", Subject("region", f"{region} {period}", "centre/cases.csv",
                                               region),
                     f"现场办结率 {num}/{den}，低于 90%",
                     f"{num}/{den} cases completed on site, under 90%",
                     {"numerator": num, "denominator": den, "threshold": "9/10"})
    if index <= 1:
        yield _f("CTR-2", "error", Subject("item", "LX-XK-017", "centre/items.csv", "龙溪县"),
                 "事项未进中心，且无同级人民政府同意", "Item outside the centre without approval")


def _cases(period: str, index: int) -> Iterator[Finding]:
    month = period[5:7]
    for n in range(2 + index):
        case = f"SM-2026{month}-{1001 + n:05d}"
        yield _f("CASE-1", "error", Subject("case", case, "centre/cases.csv", "石门市"),
                 f"超过承诺时限 {3 + n} 个工作日仍未办结",
                 f"{3 + n} working days past the committed limit", {"late_days": 3 + n})
    yield _f("CASE-4", "error", Subject("case", f"AP-2026{month}-00077", "centre/cases.csv",
                                        "安平县"),
             "补正材料告知 3 次（应一次性告知）", "3 notices of missing materials (one allowed)",
             {"notices": 3, "limit": 1})


def _campaign(period: str, index: int) -> Iterator[Finding]:
    if index <= 1:
        yield _f("CMP-2", "error", Subject("unit", "州财政局", "campaign/submissions.csv", "州财政局"),
                 "第二阶段未报送阶段小结", "No summary filed for phase 2", {"phase": 2})
    yield _f("CMP-4", "error", Subject("unit", "龙溪县", "campaign/units.csv", "龙溪县"),
             "未成立行政效能建设领导小组", "No leading group established")


def _markup(period: str, index: int) -> Iterator[Finding]:
    # Titles as submitters typed them: the report must print them, never run them.
    for n, title in enumerate(MALICIOUS_TITLES):
        yield _f("DOC-7", "suggestion", _doc("安平县", title, f"documents/安平县/通知{n}.txt"),
                 f"《{title}》套话密度偏高", f"Stock phrases in {title}",
                 {"density": {"numerator": 3, "denominator": 100}})


_FINDINGS: tuple[Callable[[str, int], Iterator[Finding]], ...] = (
    _long_circulars, _speech_bulletin, _copied, _waived, _meetings, _centre, _cases, _campaign,
    _markup,
)


def _ratio_table(index: int) -> dict[str, list[tuple[str, int, int]]]:
    # 石门市 stays under 95% for three months (escalation); 龙溪县 fixes CTR-1 in month two;
    # 青山县 drops under 90% on site in month three.
    ctr1 = {"安平县": (198, 200), "青山县": (191, 200), "石门市": (170 + 2 * index, 192),
            "龙溪县": (93 if index == 0 else 97, 100)}
    ctr3 = {"安平县": (930, 1000), "青山县": (940 - 60 * (index == 2) * 2, 1000),
            "石门市": (915 + 5 * index, 1000), "龙溪县": (901, 1000)}
    return {
        "CTR-1": [(r, n, d) for r, (n, d) in ctr1.items()],
        "CTR-3": [(r, n, d) for r, (n, d) in ctr3.items()],
    }


def _metrics(index: int) -> tuple[MetricRow, ...]:
    thresholds = {"CTR-1": "19/20", "CTR-3": "9/10"}
    return tuple(
        MetricRow(region, metric, num, den, thresholds[metric])
        for metric, rows in _ratio_table(index).items()
        for region, num, den in rows
    )


def _errors(index: int) -> list[InputError]:
    errors = [InputError("centre/cases.csv", "日期无法识别：2026/13/45", field="received_on",
                         line=57, message_en="Unrecognised date: 2026/13/45")]
    if index == 2:
        errors.append(InputError("documents/青山县/会议纪要.docx",
                                 "无法读取 .docx 文件：文件已损坏（不是有效的 ZIP 文件）",
                                 message_en="Cannot read .docx: not a valid ZIP file"))
    return errors


def _audit(period: str) -> Audit:
    inputs = tuple(
        InputFile(path, 1000 + 17 * n, hashlib.sha256(f"{period}/{path}".encode()).hexdigest())
        for n, path in enumerate(("centre/items.csv", "centre/cases.csv", "centre/monthly.csv",
                                  "campaign/units.csv", "campaign/submissions.csv"))
    )
    return Audit(
        rules_hash=hashlib.sha256(b"synthetic rules").hexdigest(),
        parameters={"DOC-1": {"max_zi": 3000}, "CTR-1": {"min_ratio": "19/20"},
                    "escalation_periods": 3},
        calendar_version="chinese_calendar 1.11.0",
        inputs=inputs,
        started_at=datetime(int(period[:4]), int(period[5:]), 28, 9, 0, tzinfo=UTC),
        tool_version="0.1.0",
    )


def bulk(period: str, findings: int, *, units: int = 40, seed: int = 0) -> SyntheticRun:
    """A large run (for the kill -9 test and the benchmarks): `findings` document findings
    spread over `units` units, with long-ish messages so the write takes real time."""
    unit_names = {f"单位{n:03d}": ("county" if n % 3 == 0 else "department") for n in range(units)}
    names = list(unit_names)
    results = RunResult(subjects=findings)
    results.findings.extend(
        _f("DOC-1", "warning",
           _doc(names[n % units], f"文〔2026〕{seed}-{n}号", f"documents/{n}.docx"),
           f"普发类文件正文 {3001 + n % 500} 字，超出上限（上限 3000 字）" + "。" * 40,
           "Over the limit", {"zi": 3001 + n % 500, "limit": 3000})
        for n in range(findings)
    )
    return SyntheticRun(period, results, _audit(period), unit_names, ())
