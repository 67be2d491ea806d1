"""Cross-plan check (MTG-6/7/8) on generated registers of 10,000 and 20,000 plans.

    .venv/bin/python bench/bench_meetings.py [--sizes 10000 20000] [--repeat 3] [--seed 7]

How the plans are made, so that true findings grow linearly with their number: a register of
N plans covers N/1000 calendar years (2006 onwards, inside the official holiday calendar), with
about 1,000 plans a year — the density of a real prefecture. Within a year, each plan draws a
department of a 州 (40 of them), a meeting title from that department's realistic list, a
format, a date among the year's working days and participants among the department's county
counterparts. Because the density per year is fixed, the number of same-department repeats
(MTG-6), similar titles within 90 days (MTG-7) and shared participants within 7 days (MTG-8)
per year is fixed too, and doubling N doubles the findings. A quadratic checker would take 4×.

Each meeting is reported at most once per norm (MTG-7 against its most similar earlier meeting,
MTG-8 against the nearest with shared participants), so findings are at most N per norm.

Prints, per size: plans, candidate pairs, findings per norm, the median time of the cross-plan
check (pair generation + evaluating the meeting_pair rules), then the ratio of the two times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from efficiency_rules.findings import Subject
from efficiency_rules.meetings.cross import limits_from_pack, pair_records, reported
from efficiency_rules.meetings.derive import meeting_record
from efficiency_rules.meetings.plans import read_plan

PLANS_PER_YEAR = 1000
FIRST_YEAR = 2006
COUNTIES = ["恩施市", "利川市", "建始县", "巴东县", "宣恩县", "咸丰县", "来凤县", "鹤峰县"]

# department → (county counterpart suffix, meeting titles of its own area)
DEPARTMENTS: dict[str, tuple[str, list[str]]] = {
    "州教育局": ("教育局", ["教育工作会议", "教育系统安全工作会议", "职业教育发展推进会", "义务教育均衡发展推进会", "中小学校长培训班", "高考工作会议"]),
    "州卫健委": ("卫生健康局", ["卫生健康工作会议", "公立医院改革推进会", "基层卫生工作会议", "妇幼健康工作会议", "医疗质量安全会议"]),
    "州疾控中心": ("疾控中心", ["疾病预防控制工作会议", "免疫规划工作会议", "传染病防控工作会议", "慢病管理培训会"]),
    "州财政局": ("财政局", ["财政工作会议", "预算管理工作会议", "国有资产管理工作会议", "政府采购培训会", "财政监督工作会议"]),
    "州税务局": ("税务局", ["税收工作会议", "纳税服务工作会议", "减税降费工作推进会"]),
    "州应急管理局": ("应急管理局", ["安全生产工作会议", "防汛抗旱工作会议", "森林防灭火工作会议", "地质灾害防治工作会议", "应急救援演练部署会"]),
    "州消防救援支队": ("消防救援大队", ["消防安全工作会议", "冬春火灾防控工作会议", "消防救援业务培训会"]),
    "州公安局": ("公安局", ["公安工作会议", "道路交通安全工作会议", "禁毒工作会议", "社会治安综合治理会议"]),
    "州民政局": ("民政局", ["民政工作会议", "养老服务工作推进会", "社会救助工作会议", "殡葬改革工作会议"]),
    "州人社局": ("人力资源和社会保障局", ["人社工作会议", "就业创业工作会议", "社会保险扩面工作会议", "人才工作推进会"]),
    "州自然资源和规划局": ("自然资源和规划局", ["自然资源工作会议", "国土空间规划工作会议", "耕地保护工作会议", "不动产登记工作会议"]),
    "州生态环境局": ("生态环境分局", ["生态环境保护工作会议", "大气污染防治工作会议", "水污染防治工作会议", "环保督察整改推进会"]),
    "州住建局": ("住房和城乡建设局", ["住房城乡建设工作会议", "城市更新推进会", "建筑安全生产工作会议", "保障性住房工作会议"]),
    "州交通运输局": ("交通运输局", ["交通运输工作会议", "四好农村路建设推进会", "交通项目建设调度会", "春运工作会议"]),
    "州水利和湖泊局": ("水利和湖泊局", ["水利工作会议", "河湖长制工作会议", "农村饮水安全工作会议", "水利工程建设推进会"]),
    "州农业农村局": ("农业农村局", ["农业农村工作会议", "春季农业生产工作会议", "秋冬种工作会议", "农村人居环境整治推进会", "动物疫病防控工作会议"]),
    "州林业局": ("林业局", ["林业工作会议", "森林防火工作会议", "林长制工作推进会", "国土绿化工作会议"]),
    "州商务局": ("商务局", ["商务工作会议", "招商引资工作推进会", "外贸稳增长工作会议", "电子商务发展推进会"]),
    "州文化和旅游局": ("文化和旅游局", ["文化和旅游工作会议", "旅游市场秩序整治会议", "文物保护工作会议", "公共文化服务工作会议"]),
    "州市场监管局": ("市场监督管理局", ["市场监管工作会议", "食品安全工作会议", "药品安全工作会议", "特种设备安全工作会议"]),
    "州医保局": ("医疗保障局", ["医疗保障工作会议", "医保基金监管工作会议", "药品集中带量采购工作会议"]),
    "州统计局": ("统计局", ["统计工作会议", "经济普查工作会议", "统计执法检查部署会"]),
    "州审计局": ("审计局", ["审计工作会议", "经济责任审计工作会议", "审计整改工作推进会"]),
    "州发展改革委": ("发展和改革局", ["发展改革工作会议", "重大项目建设推进会", "粮食安全工作会议", "价格监测工作会议"]),
    "州经信局": ("经济和信息化局", ["工业经济运行调度会", "中小企业发展工作会议", "数字经济发展推进会"]),
    "州科技局": ("科学技术局", ["科技创新工作会议", "高新技术企业培育推进会"]),
    "州司法局": ("司法局", ["司法行政工作会议", "法治政府建设推进会", "人民调解工作会议"]),
    "州信访局": ("信访局", ["信访工作会议", "信访积案化解推进会"]),
    "州乡村振兴局": ("乡村振兴局", ["乡村振兴工作会议", "防止返贫监测帮扶工作会议", "驻村帮扶工作会议"]),
    "州民宗委": ("民族宗教事务局", ["民族宗教工作会议", "民族团结进步创建推进会"]),
    "州退役军人事务局": ("退役军人事务局", ["退役军人工作会议", "优抚安置工作会议"]),
    "州体育局": ("文化和旅游局", ["体育工作会议", "全民健身工作推进会"]),
    "州政务服务和大数据管理局": ("政务服务和大数据管理局", ["政务服务工作会议", "一网通办推进会", "数据共享工作会议"]),
    "州机关事务管理局": ("机关事务服务中心", ["机关事务工作会议", "公共机构节能工作会议"]),
    "州档案馆": ("档案馆", ["档案工作会议", "档案数字化推进会"]),
    "州气象局": ("气象局", ["气象工作会议", "汛期气象服务工作会议"]),
    "州粮食和物资储备局": ("粮食和物资储备局", ["粮食流通工作会议", "秋粮收购工作会议"]),
    "州人防办": ("人防办", ["人民防空工作会议", "防空警报试鸣部署会"]),
    "州地方金融工作局": ("金融工作局", ["金融工作会议", "防范化解金融风险工作会议"]),
    "州供销社": ("供销合作社", ["供销合作工作会议", "农资保供工作会议"]),
}
FORMATS = ["video", "video", "teleconference", "in_person"]


def _workdays(year: int) -> list[dt.date]:
    from efficiency_rules.meetings.cross import is_workday

    day, out = dt.date(year, 1, 1), []
    while day.year == year:
        if is_workday(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    names = sorted(DEPARTMENTS)
    plans: list[dict[str, Any]] = []
    for i in range(n):
        year = FIRST_YEAR + i // PLANS_PER_YEAR
        dept = rng.choice(names)
        suffix, titles = DEPARTMENTS[dept]
        day = rng.choice(_workdays_cached(year))
        hour = rng.choice([9, 14])
        fmt = rng.choice(FORMATS)
        length = rng.choice([60, 90, 120, 120, 150]) if fmt != "in_person" else rng.choice([180, 240, 420])
        start = dt.datetime(day.year, day.month, day.day, hour, 0)
        counties = rng.sample(COUNTIES, rng.randint(2, 8))
        plans.append({
            "id": f"{year}-{i:06}", "title": "全州" + rng.choice(titles),
            "convener": {"name": dept, "level": "department"}, "scope": "prefecture",
            "kind": rng.choice(["work", "other", "other"]), "format": fmt,
            "start": start.isoformat() + "+08:00",
            "end": (start + dt.timedelta(minutes=length)).isoformat() + "+08:00",
            "attendees": rng.randint(40, 240), "participants": [c + suffix for c in counties],
        })
    return plans


_WORKDAYS: dict[int, list[dt.date]] = {}


def _workdays_cached(year: int) -> list[dt.date]:
    if year not in _WORKDAYS:
        _WORKDAYS[year] = _workdays(year)
    return _WORKDAYS[year]


def load_meeting_pack() -> Any:
    """The meetings rules, as `efficiency-rules meetings` loads them."""
    from efficiency_rules.engine import load_pack

    return load_pack(areas=("meetings",))


def cross_check(records: list[dict[str, Any]], pack: Any) -> tuple[int, Counter[str]]:
    pairs = pair_records(records, limits_from_pack(pack))
    counts: Counter[str] = Counter()
    for pair in pairs:
        for finding in pack.evaluate("meeting_pair", pair, Subject("meeting", pair["b"]["id"])):
            if reported(pair, finding.norm):  # as run_meetings: one pair per meeting and norm
                counts[finding.norm] += 1
    return len(pairs), counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    pack = load_meeting_pack()
    medians: list[float] = []
    for n in args.sizes:
        records = [meeting_record(read_plan(raw, "<bench>").plans[0]) for raw in generate(n, args.seed)]
        times, result = [], (0, Counter())
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = cross_check(records, pack)
            times.append(time.perf_counter() - started)
        medians.append(statistics.median(times))
        pairs, counts = result
        by_norm = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"{n:>7,} plans ({n // PLANS_PER_YEAR} years): {pairs:,} candidate pairs; findings {by_norm}; "
              f"median {medians[-1]:.2f} s of {args.repeat}")
    if len(medians) >= 2:
        ratio = medians[-1] / medians[0]
        print(f"ratio {args.sizes[-1]:,} / {args.sizes[0]:,}: {ratio:.2f}x (target <= 2.5x)")


if __name__ == "__main__":
    main()
