"""Write the example centre folder (CSV) and its .xlsx twin.

    python examples/centre/make_example.py        # rewrites examples/centre/*.csv and xlsx/*.xlsx

Six counties and cities of 恩施州, October 2026, judged as of 2026-10-31. Each norm fires at
least once, and the boundaries sit exactly on the limits:
- 恩施市: 19/20 approval items in the centre (exactly 95%: passes); 18/20 on site in September
  and 9/10 in October (exactly 90%: pass); a case received 2026-09-30 with a 3-working-day
  limit decided 2026-10-09 (on time) and one decided 2026-10-12 (CASE-1, 1 working day late).
- 利川市: 18/20 items (CTR-1); an item kept out by a department's say-so (CTR-2); a fee item
  out with the city government's approval (CTR-4, waived); 8/10 on site in October (CTR-3);
  an extension approved in time (moves the deadline) and one told too late (CASE-2 + CASE-1);
  a pending case past its deadline (CASE-1); September reported without the two cases
  decided in October (CTR-7).
- 建始县: an item with two lead departments (CTR-6); a fee outside with no approval (CTR-2,
  CTR-4); two notices of missing materials (CASE-4); no completion date told (CASE-5);
  items_in_centre over-reported (CTR-7).
- 巴东县: social security outside the centre (CTR-5); a 超时默认 item pending past due (CASE-3).
- 来凤县: complaints without an outcome and without action (CASE-6).
- 宣恩县: clean.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent

ITEM_COLUMNS = ["region", "item_id", "name", "category", "lead_departments", "in_centre",
                "exemption_approved_by", "exemption_ref", "domain", "deemed_approval"]
CASE_COLUMNS = ["case_id", "region", "item_id", "received_on", "decided_on", "decision",
                "statutory_limit_days", "committed_limit_days", "extension_days", "extension_approved_by",
                "extension_notified_on", "missing_material_notices", "onsite_completed", "told_completion_on"]
MONTHLY_COLUMNS = ["region", "period", "items_total", "items_in_centre", "cases_handled", "cases_onsite_completed"]
COMPLAINT_COLUMNS = ["complaint_id", "region", "case_id", "received_on", "investigated_on", "outcome", "action"]

PREFIX = {"恩施市": "ES", "利川市": "LC", "建始县": "JS", "巴东县": "BD", "宣恩县": "XE", "来凤县": "LF"}
NAMES = ["食品经营许可", "药品零售许可", "建筑工程施工许可", "排污许可", "道路运输经营许可", "人力资源服务许可",
         "娱乐场所经营许可", "民办学校办学许可", "医疗机构执业登记", "林木采伐许可", "取水许可", "建设用地规划许可",
         "公共场所卫生许可", "烟草专卖零售许可", "危险化学品经营许可", "出版物零售许可", "户外广告设置许可",
         "城市建筑垃圾处置核准", "燃气经营许可", "采矿许可"]
DEPTS = ["市场监管局", "市场监管局", "住建局", "生态环境局", "交通运输局", "人社局", "文旅局", "教育局",
         "卫健委", "林业局", "水利局", "自然资源局", "卫健委", "烟草专卖局", "应急管理局", "文旅局",
         "城管局", "城管局", "住建局", "自然资源局"]

# September and October 2026 working days (国庆 1–7 October; 25 September 中秋).
SEPT_DAYS = [date(2026, 9, d) for d in (1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 21, 22, 23, 24)]
OCT_DAYS = [date(2026, 10, d) for d in (12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30)]


def items() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    counts = {"恩施市": 20, "利川市": 20, "建始县": 10, "巴东县": 10, "宣恩县": 10, "来凤县": 10}
    for region, n in counts.items():
        p = PREFIX[region]
        for i in range(n):
            rows.append({"region": region, "item_id": f"{p}-{i + 1:03d}", "name": NAMES[i], "category": "approval",
                         "lead_departments": f"{region}{DEPTS[i]}", "in_centre": "true", "exemption_approved_by": "",
                         "exemption_ref": "", "domain": "other", "deemed_approval": "false"})
    by_id = {r["item_id"]: r for r in rows}
    by_id["ES-020"].update(in_centre="false", exemption_approved_by="恩施市人民政府", exemption_ref="恩市政函〔2026〕11号")
    by_id["LC-019"].update(in_centre="false", exemption_approved_by="利川市人民政府", exemption_ref="利政函〔2026〕8号")
    by_id["LC-020"].update(in_centre="false", exemption_approved_by="利川市自然资源局", exemption_ref="利自然资函〔2026〕3号")
    by_id["JS-003"].update(lead_departments="建始县住建局;建始县消防救援大队")
    by_id["BD-009"].update(deemed_approval="是")
    extra = [
        ("恩施市", "ES-F01", "不动产登记费", "fee", "恩施市自然资源局", "true", "", "", "other"),
        ("恩施市", "ES-P01", "户口迁移", "public_service", "恩施市公安局", "true", "", "", "household_registration"),
        ("利川市", "LC-F01", "污水处理费", "fee", "利川市住建局", "false", "利川市人民政府", "利政函〔2026〕9号", "other"),
        ("建始县", "JS-F01", "城市道路占用费", "fee", "建始县城管局", "false", "", "", "other"),
        ("巴东县", "BD-P01", "养老保险关系转移", "public_service", "巴东县人社局", "false", "", "", "social_security"),
        ("巴东县", "BD-P02", "医保异地就医备案", "public_service", "巴东县医保局", "true", "", "", "medical_security"),
    ]
    for region, item_id, name, cat, dept, inc, by, ref, domain in extra:
        rows.append({"region": region, "item_id": item_id, "name": name, "category": cat, "lead_departments": dept,
                     "in_centre": inc, "exemption_approved_by": by, "exemption_ref": ref, "domain": domain,
                     "deemed_approval": "false"})
    return rows


def case(case_id: str, region: str, item_id: str, received: date, decided: date | None, *,
         statutory: int = 20, committed: int | None = 5, onsite: bool = False, told: date | None = None,
         ext: int = 0, ext_by: str = "", ext_told: date | None = None, notices: int = 0) -> dict[str, object]:
    return {"case_id": case_id, "region": region, "item_id": item_id, "received_on": received.isoformat(),
            "decided_on": decided.isoformat() if decided else "", "decision": "approved" if decided else "pending",
            "statutory_limit_days": statutory, "committed_limit_days": "" if committed is None else committed,
            "extension_days": ext, "extension_approved_by": ext_by,
            "extension_notified_on": ext_told.isoformat() if ext_told else "", "missing_material_notices": notices,
            "onsite_completed": "true" if onsite else "false", "told_completion_on": told.isoformat() if told else ""}


def onsite_cases(region: str, days: list[date], start: int = 1) -> list[dict[str, object]]:
    p = PREFIX[region]
    return [case(f"{p}-{d:%m%d}-{start + k:02d}", region, f"{p}-{(k % 9) + 1:03d}", d, d, onsite=True)
            for k, d in enumerate(days)]


def cases() -> list[dict[str, object]]:
    d = date
    rows: list[dict[str, object]] = []
    # 恩施市: 18/20 on site in September, 9/10 in October (both exactly 90%).
    rows += onsite_cases("恩施市", SEPT_DAYS)
    rows.append(case("ES-0930-A", "恩施市", "ES-010", d(2026, 9, 30), d(2026, 10, 9), committed=3, told=d(2026, 10, 9)))
    rows.append(case("ES-0930-B", "恩施市", "ES-010", d(2026, 9, 30), d(2026, 10, 12), committed=3, told=d(2026, 10, 9)))
    rows += onsite_cases("恩施市", OCT_DAYS[:9], start=50)
    rows.append(case("ES-1012-X", "恩施市", "ES-011", d(2026, 10, 12), d(2026, 10, 16), told=d(2026, 10, 16)))
    # 利川市: September 18 on site + 2 received late in September, decided in October.
    rows += onsite_cases("利川市", SEPT_DAYS)
    rows.append(case("LC-0928-A", "利川市", "LC-012", d(2026, 9, 28), d(2026, 10, 8), told=d(2026, 10, 9)))
    rows.append(case("LC-0929-B", "利川市", "LC-012", d(2026, 9, 29), d(2026, 10, 9), told=d(2026, 10, 9)))
    # October: 8 on site, 2 with extensions (one valid, one told too late), 1 pending past due.
    rows += onsite_cases("利川市", OCT_DAYS[:8], start=50)
    rows.append(case("LC-1012-E1", "利川市", "LC-011", d(2026, 10, 12), d(2026, 10, 23), told=d(2026, 10, 19),
                     ext=5, ext_by="利川市自然资源局局长", ext_told=d(2026, 10, 16)))
    rows.append(case("LC-1012-E2", "利川市", "LC-011", d(2026, 10, 12), d(2026, 10, 23), told=d(2026, 10, 19),
                     ext=5, ext_by="利川市自然资源局局长", ext_told=d(2026, 10, 20)))
    rows.append(case("LC-1013-P", "利川市", "LC-013", d(2026, 10, 13), None, told=d(2026, 10, 20)))
    # 建始县: 18 on site + 2 others in October (exactly 90%): two notices; no completion date told.
    rows += onsite_cases("建始县", OCT_DAYS + OCT_DAYS[:3])
    rows.append(case("JS-1013-N", "建始县", "JS-004", d(2026, 10, 13), d(2026, 10, 19), told=d(2026, 10, 20), notices=2))
    rows.append(case("JS-1014-T", "建始县", "JS-005", d(2026, 10, 14), d(2026, 10, 20)))
    # 巴东县: on site, plus a 超时默认 item: one decided in time, one pending past due.
    rows += onsite_cases("巴东县", OCT_DAYS[:9])
    rows.append(case("BD-1012-D1", "巴东县", "BD-009", d(2026, 10, 12), d(2026, 10, 15), onsite=False, told=d(2026, 10, 16)))
    rows.append(case("BD-1013-D2", "巴东县", "BD-009", d(2026, 10, 13), None, told=d(2026, 10, 20)))
    # 宣恩县 and 来凤县: clean months.
    rows += onsite_cases("宣恩县", OCT_DAYS[:10])
    rows += onsite_cases("来凤县", OCT_DAYS[:10])
    return rows


def monthly(cases_rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Correct figures for every region and month, then the two misreports of the docstring."""
    figures = {"恩施市": (20, 19), "利川市": (20, 18), "建始县": (10, 10), "巴东县": (10, 10),
               "宣恩县": (10, 10), "来凤县": (10, 10)}
    out: dict[tuple[str, str], dict[str, object]] = {}
    for row in cases_rows:
        key = (str(row["region"]), str(row["received_on"])[:7])
        total, in_centre = figures[key[0]]
        rec = out.setdefault(key, {"region": key[0], "period": key[1], "items_total": total,
                                   "items_in_centre": in_centre, "cases_handled": 0, "cases_onsite_completed": 0})
        if row["decided_on"]:
            rec["cases_handled"] = int(rec["cases_handled"]) + 1  # type: ignore[call-overload]
            if row["onsite_completed"] == "true":
                rec["cases_onsite_completed"] = int(rec["cases_onsite_completed"]) + 1  # type: ignore[call-overload]
    out[("利川市", "2026-09")]["cases_handled"] = 18  # the two decided in October left out
    out[("建始县", "2026-10")]["items_in_centre"] = 11  # the fee item counted as an approval item in the centre
    return sorted(out.values(), key=lambda r: (str(r["region"]), str(r["period"])))


def complaints() -> list[dict[str, object]]:
    return [
        {"complaint_id": "TS-2026-01", "region": "来凤县", "case_id": "LF-1012-01", "received_on": "2026-10-13",
         "investigated_on": "2026-10-16", "outcome": "不属实", "action": ""},
        {"complaint_id": "TS-2026-02", "region": "来凤县", "case_id": "LF-1013-02", "received_on": "2026-10-14",
         "investigated_on": "", "outcome": "", "action": ""},
        {"complaint_id": "TS-2026-03", "region": "来凤县", "case_id": "LF-1014-03", "received_on": "2026-10-15",
         "investigated_on": "2026-10-20", "outcome": "属实", "action": ""},
        {"complaint_id": "TS-2026-04", "region": "利川市", "case_id": "LC-1013-P", "received_on": "2026-10-21",
         "investigated_on": "2026-10-23", "outcome": "属实", "action": "责令限期办结,对承办人诫勉谈话"},
    ]


def write_csv(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)


def write_xlsx(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    """The same table as a spreadsheet an office keeps: real dates, numbers and 是/否 cells."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(columns)
    for row in rows:
        ws.append([_cell(row[c]) for c in columns])
    wb.save(path)


def _cell(value: object) -> object:
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return date.fromisoformat(text)
    if text.isdigit():
        return int(text)
    return {"true": "是", "false": "否"}.get(text, value)


def main(folder: Path = HERE) -> None:
    case_rows = cases()
    tables = {"items": (ITEM_COLUMNS, items()), "cases": (CASE_COLUMNS, case_rows),
              "monthly": (MONTHLY_COLUMNS, monthly(case_rows)), "complaints": (COMPLAINT_COLUMNS, complaints())}
    (folder / "xlsx").mkdir(exist_ok=True)
    for stem, (columns, rows) in tables.items():
        write_csv(folder / f"{stem}.csv", columns, rows)
        write_xlsx(folder / "xlsx" / f"{stem}.xlsx", columns, rows)


if __name__ == "__main__":
    main()
