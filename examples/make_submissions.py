"""Generate examples/submissions/2026-08, 2026-09 and 2026-10: three months of an invented
prefecture's monthly submission (DESIGN.md, "A monthly submission"), designed so that findings
appear, persist and are resolved. Deterministic: a fixed seed, no clock. See examples/README.md
for what each month is designed to show.

    .venv/bin/python examples/make_submissions.py          # rewrites examples/submissions/
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from texts import (
    BRIEF_DEPT_TEMPLATES,
    BRIEF_UNIT_TEMPLATES,
    BRIEFING_ITEMS,
    BUSINESS_MEASURES,
    BUSINESS_TITLE,
    DEPT_TEMPLATES,
    SHORT_NOTICES,
    SPEECH_PARAGRAPHS,
    SPEECH_UNIT_TEMPLATES,
    STOCK_HEAVY,
    STYLE_SECTIONS,
    UNIT_TASKS,
    fill,
)

from efficiency_rules.centre.calendar import add_workdays

OUT = HERE / "submissions"
SEED = 20260801
MONTHS = ("2026-08", "2026-09", "2026-10")
COUNTIES = ("云岭市", "石门县", "桐溪县", "白河县", "青峰县")
DEPARTMENTS = ("州教育局", "州卫生健康委", "州财政局", "州交通运输局", "州市场监管局", "州人社局")


def month_end(period: str) -> date:
    y, m = map(int, period.split("-"))
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def month_index(period: str) -> int:
    return MONTHS.index(period)


# ---------------------------------------------------------------------------------------------
# writing helpers


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable[Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        for row in rows:
            out.writerow(["" if v is None else v for v in row])


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------------------------------------
# documents


@dataclass(frozen=True)
class Doc:
    name: str  # file name in documents/ (or published/)
    masthead: str | None
    number: str | None
    title: str
    addressee: str | None
    body: list[str]
    signer: str
    day: date
    meta: dict[str, Any]
    docx: bool = False


def render(doc: Doc) -> list[str]:
    """A 公文 as plain paragraphs: 版头, 发文字号, 标题, 主送, 正文, 落款, 成文日期 (GB/T 9704 order)."""
    lines: list[str] = []
    if doc.masthead:
        lines += [doc.masthead, ""]
    if doc.number:
        lines += [doc.number, ""]
    lines += [doc.title, ""]
    if doc.addressee:
        lines.append(doc.addressee)
    lines += ["\u3000\u3000" + p for p in doc.body]
    lines += ["", doc.signer, cn_date(doc.day)]
    return lines


def write_doc(folder: Path, doc: Doc) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / doc.name
    lines = render(doc)
    if doc.docx:
        from docx import Document  # python-docx (test extra)

        document = Document()
        for line in lines:
            document.add_paragraph(line)
        document.core_properties.author = "云岭州"
        document.core_properties.created = _fixed_time()
        document.core_properties.modified = _fixed_time()
        document.save(str(path))
        _fix_zip_times(path)
    else:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    meta = {"title": doc.title, "date": doc.day, **doc.meta}
    if doc.number:
        meta["doc_number"] = doc.number
    write_yaml(path.with_name(path.name + ".meta.yaml"), meta)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the .docx zip with fixed entry times, so regenerating gives identical bytes."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 8, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, data)


def _fixed_time() -> Any:
    from datetime import datetime

    return datetime(2026, 8, 1, 9, 0, 0)


def style_circular(number: str, day: date) -> Doc:
    """州委办公室 普发类文件 on work style: about 3,400 字, over DOC-1's 3000 on purpose."""
    body: list[str] = ["为深入推进全州机关行政效能建设，进一步转变机关作风、提高办事效率，经州委同意，现就有关事项通知如下。"]
    for heading, paragraphs in STYLE_SECTIONS:
        body.append(heading)
        body += paragraphs
    body += ["附件：各县市、州直各部门作风建设重点任务清单", "各县市、州直各部门作风建设重点任务清单"]
    rnd = random.Random(SEED + 3)
    for i, unit in enumerate(COUNTIES + DEPARTMENTS, start=1):
        picked = rnd.sample(UNIT_TASKS, 3)
        body.append(f"{i}. {unit}：{picked[0]}；{picked[1]}；{picked[2]}。完成时限：2026年{rnd.randint(9, 11)}月底前。")
    return Doc("州委办发〔2026〕12号 关于进一步加强机关作风建设的通知.txt", "中共云岭州委办公室文件", number,
               "中共云岭州委办公室关于进一步加强机关作风建设提高行政效能的通知",
               "各县市委，州委各部委，州直各单位党组（党委）：", body, "中共云岭州委办公室", day,
               {"kind": "general_circular", "issuer": "prefecture_committee_office",
                "matter_scope": "prefecture", "unit": "州委办公室"})


def assessment_circular(day: date) -> Doc:
    """州政府办公室 普发类文件 (October, new): a 考核 notice with one paragraph per unit; long."""
    tasks = UNIT_TASKS
    body = ["根据全州机关行政效能建设活动总体安排，活动于10月进入第四阶段即考核总结、健全机制阶段。为做好考核总结工作，经州人民政府同意，现将有关事项通知如下。",
            "一、考核内容",
            "考核主要围绕以下方面进行：一是活动组织领导情况，包括领导小组成立、工作方案制定、阶段小结报送等；二是突出问题整改情况，包括第二阶段查摆问题的整改完成率；三是制度建设情况，包括首问负责制、限时办结制、责任追究制等制度的建立和执行；四是服务效能情况，包括审批事项进驻政务服务中心比例、现场办结率、按时办结率；五是群众满意情况，由统计部门组织开展社会满意度调查。",
            "二、各单位任务分工"]
    rnd = random.Random(SEED + 7)
    for i, unit in enumerate(COUNTIES + DEPARTMENTS, start=1):
        picked = rnd.sample(tasks, 4)
        body.append(f"（{_cn_num(i)}）{unit}。一要{picked[0]}；二要{picked[1]}；三要{picked[2]}；四要{picked[3]}。"
                    f"上述工作由{unit}主要负责同志牵头，分管负责同志具体组织，相关科室和人员分工负责，"
                    "自查报告经单位主要负责同志审定后于11月20日前报州效能建设活动领导小组办公室。")
    body += ["三、时间安排",
             "（一）自查阶段（10月下旬至11月中旬）。各单位按照考核内容逐项自查，形成自查报告。自查要实事求是，既要总结成绩和经验，也要查找问题和不足，提出下一步改进措施。",
             "（二）考核阶段（11月下旬至12月上旬）。州效能建设活动领导小组组织考核组，采取听取汇报、查阅资料、实地察看、个别访谈、问卷调查等方式，对各单位进行考核。考核组成员由州纪委监委、州委组织部、州政务服务中心等单位抽调人员组成。",
             "（三）总结阶段（12月中下旬）。各单位在考核基础上形成活动专题总结报告，报送州委。州效能建设活动领导小组办公室汇总形成全州活动总结报告，提出健全长效机制的意见建议。",
             "四、工作要求",
             "（一）加强组织领导。各单位主要负责同志要亲自过问考核总结工作，研究解决工作中的问题，确保考核总结工作有序推进。",
             "（二）坚持实事求是。考核要坚持客观公正，不搞形式主义，不得层层加码要求基层重复填报材料。对弄虚作假的单位，考核结果确定为不合格。",
             "（三）注重成果运用。考核结果纳入年度目标考核，作为评先评优的重要依据。对考核排名靠后的单位，由州效能建设活动领导小组约谈主要负责人。",
             "（四）健全长效机制。各单位要把活动中行之有效的做法固化为制度，明年一季度前完成相关制度的修订完善，切实巩固活动成果。"]
    return Doc("州政办发〔2026〕31号 关于做好行政效能建设活动考核总结工作的通知.docx", "云岭州人民政府办公室文件",
               "州政办发〔2026〕31号", "云岭州人民政府办公室关于做好行政效能建设活动考核总结工作的通知",
               "各县市人民政府，州直各部门：", body, "云岭州人民政府办公室", day,
               {"kind": "general_circular", "issuer": "prefecture_government_office",
                "matter_scope": "prefecture", "unit": "州政府办公室"}, docx=True)


def _cn_num(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else "十" + digits[n - 10]


def long_speech() -> list[str]:
    """The speech as delivered: the general part, then unit by unit (DOC-2: over 4000 字)."""
    rnd = random.Random(SEED + 5)
    units = [" ".join(fill(t, u, rnd) for t in SPEECH_UNIT_TEMPLATES) for u in COUNTIES]
    depts = [" ".join(fill(t, u, rnd) for t in DEPT_TEMPLATES) for u in DEPARTMENTS]
    head, tail = SPEECH_PARAGRAPHS[:-1], SPEECH_PARAGRAPHS[-1:]
    return [*head, "下面，我再对各县市和州直有关部门提几点具体要求。", *units, *depts, *tail]


def long_briefing() -> list[str]:
    """A 简报 with news from every unit (DOC-3: over 4000 字)."""
    rnd = random.Random(SEED + 6)
    items = list(BRIEFING_ITEMS[:-1])
    items += [fill(t, u, rnd) for u in COUNTIES for t in BRIEF_UNIT_TEMPLATES]
    items += [fill(t, u, rnd) for u in DEPARTMENTS for t in BRIEF_DEPT_TEMPLATES]
    return [*items, BRIEFING_ITEMS[-1]]


def speech_bulletin(day: date, paragraphs: list[str], published: bool, name: str, docx: bool = False) -> Doc:
    return Doc(name, None, None, "州人民政府副州长在全州交通运输工作会议上的讲话", None, paragraphs,
               "云岭州人民政府办公室", day,
               {"kind": "speech_bulletin", "issuer": "prefecture_government_office",
                "speech_distributed_at_meeting": False, "speech_published_online": published,
                "unit": "州政府办公室"}, docx=docx)


def briefing(issue: int, items: list[str], day: date) -> Doc:
    return Doc(f"政务服务简报 第{issue}期.txt", "政务服务工作简报", None, f"政务服务工作简报（第{issue}期）", None,
               items, "云岭州政务服务中心", day,
               {"kind": "briefing", "issuer": "department", "unit": "州政务服务中心"})


def business_original(day: date) -> Doc:
    return Doc("州政办发〔2026〕18号 优化营商环境若干措施.txt", "云岭州人民政府办公室文件", "州政办发〔2026〕18号",
               BUSINESS_TITLE, "各县市人民政府，州直各部门：", BUSINESS_MEASURES, "云岭州人民政府办公室", day,
               {"kind": "notice", "issuer": "prefecture_government_office", "matter_scope": "prefecture",
                "unit": "州政府办公室"})


def business_copy(county: str, number: str, day: date) -> Doc:
    """A county 转发 notice that copies the published document whole (DOC-5: 不得照抄转发)."""
    body = [f"现将《{BUSINESS_TITLE}》转发给你们，请结合实际认真贯彻执行。", "附件：", BUSINESS_TITLE, *BUSINESS_MEASURES]
    return Doc(f"{number} 转发优化营商环境若干措施的通知.txt", f"{county}人民政府办公室文件", number,
               f"{county}人民政府办公室关于转发《{BUSINESS_TITLE}》的通知", "各乡镇人民政府，县直各单位：", body,
               f"{county}人民政府办公室", day,
               {"kind": "notice", "issuer": "county", "unit": county})


def short_notice(key: str, unit: str, number: str, title: str, day: date, docx: bool = False,
                 issuer: str = "department", scope: str = "department", masthead: str | None = None) -> Doc:
    lines = SHORT_NOTICES[key]
    return Doc(f"{number} {title}{'.docx' if docx else '.txt'}", masthead or f"{unit}文件", number, title,
               lines[0], lines[1:], unit if issuer == "department" else "云岭州人民政府办公室", day,
               {"kind": "notice", "issuer": issuer, "matter_scope": scope, "unit": unit}, docx=docx)


def documents_for(period: str) -> list[Doc]:
    i = month_index(period)
    if i == 0:
        return [
            style_circular("州委办发〔2026〕12号", date(2026, 8, 12)),  # DOC-1
            speech_bulletin(date(2026, 8, 14), long_speech(), True,  # DOC-2, DOC-4
                            "讲话通报 全州交通运输工作会议.txt"),
            briefing(8, long_briefing(), date(2026, 8, 20)),  # DOC-3
            business_copy("石门县", "石政办发〔2026〕27号", date(2026, 8, 18)),  # DOC-5
            short_notice("edu", "州教育局", "州教发〔2026〕41号", "关于做好2026年秋季学期开学工作的通知",
                         date(2026, 8, 10), docx=True),
            # DOC-6: a 州政府办公室 notice on a matter within one department's remit (finance).
            short_notice("finance", "州政府办公室", "州政办发〔2026〕22号", "关于加快预算执行进度的通知",
                         date(2026, 8, 25), issuer="prefecture_government_office", scope="department",
                         masthead="云岭州人民政府办公室文件"),
        ]
    if i == 1:
        return [
            Doc("州卫健发〔2026〕33号 关于加强行政效能建设的通知.txt", "云岭州卫生健康委员会文件", "州卫健发〔2026〕33号",
                "云岭州卫生健康委员会关于加强卫生健康系统行政效能建设的通知", STOCK_HEAVY[0], STOCK_HEAVY[1:],
                "云岭州卫生健康委员会", date(2026, 9, 8),
                {"kind": "notice", "issuer": "department", "matter_scope": "department", "unit": "州卫生健康委"}),  # DOC-7
            business_copy("白河县", "白政办发〔2026〕19号", date(2026, 9, 9)),  # DOC-5 again, another county
            short_notice("market", "州市场监管局", "州市监发〔2026〕52号", "关于做好国庆中秋期间食品安全保障工作的通知",
                         date(2026, 9, 15), docx=True),
            briefing(9, SHORT_NOTICES["briefing_short"], date(2026, 9, 22)),  # within DOC-3's cap
            # The speech bulletin, cut to size and not published online: DOC-2 and DOC-4 pass.
            speech_bulletin(date(2026, 9, 18), SPEECH_PARAGRAPHS, False, "讲话通报 全州交通运输工作会议（精简稿）.docx",
                            docx=True),
        ]
    return [
        assessment_circular(date(2026, 10, 16)),  # DOC-1, new in October
        briefing(10, SHORT_NOTICES["briefing_short"], date(2026, 10, 21)),
        short_notice("edu", "州教育局", "州教发〔2026〕47号", "关于做好秋季学期开学工作情况的通报",
                     date(2026, 10, 12)),
    ]


# ---------------------------------------------------------------------------------------------
# meetings: the year's register of plans, as known at each month's end


def meetings_for(period: str) -> list[dict[str, Any]]:
    i = month_index(period)
    dept = "department"
    plans: list[dict[str, Any]] = [
        _plan("2026-MTG-003", "全州教育工作会议", "州教育局", dept, "2026-03-05T09:00", "2026-03-05T17:00", 180,
              "部署2026年全州教育工作，表彰先进", ["云岭市", "石门县", "桐溪县", "白河县", "青峰县"]),
        # MTG-6: the same department's second prefecture-wide work meeting of 2026 (persists).
        _plan("2026-MTG-014", "全州教育系统安全工作会议", "州教育局", dept, "2026-09-16T09:00", "2026-09-16T12:00",
              150, "部署秋季学期校园安全工作", ["云岭市", "石门县", "桐溪县", "白河县", "青峰县"]),
        # MTG-3 (video, 2 h 40 min) and MTG-5 (county heads invited without the prefect's consent).
        _plan("2026-MTG-022", "全州交通运输安全生产视频会议", "州交通运输局", dept, "2026-08-20T09:00",
              "2026-08-20T11:40", 120, "部署汛期交通运输安全生产工作",
              ["云岭市", "石门县", "桐溪县", "白河县", "青峰县"], fmt="video",
              invitees=[{"role": "county_head"}]),
        # MTG-1 waived: 220 people with the prefect's approval covering MTG-1.
        _plan("2026-MTG-019", "全州财政工作会议", "州财政局", dept, "2026-07-09T09:00", "2026-07-09T17:30", 220,
              "部署下半年财政收支和预算执行", ["云岭市", "石门县", "桐溪县", "白河县", "青峰县", "州教育局"],
              approvals=[{"by": "prefect", "date": "2026-06-28", "ref": "州长批示〔2026〕21号", "covers": ["MTG-1"]}]),
        # MTG-1 (260 people) and MTG-9 (two speakers on one topic); revised in October.
        _plan("2026-MTG-025", "全州卫生健康工作推进会", "州卫生健康委", dept, "2026-11-12T09:00", "2026-11-13T12:00",
              260, "推进医疗卫生服务能力提升和公共卫生体系建设",
              ["云岭市", "石门县", "桐溪县", "白河县", "青峰县"],
              agenda=[{"topic": "医疗服务能力提升", "speaker": "州卫生健康委主任"},
                      {"topic": "医疗服务能力提升", "speaker": "州卫生健康委副主任"},
                      {"topic": "公共卫生体系建设", "speaker": "州疾控中心主任"}]),
    ]
    if i >= 1:
        # MTG-4: in the name of the 州政府 without an approval; approved in October.
        approvals = ([{"by": "prefecture_executive_meeting", "date": "2026-10-09", "ref": "州政府常务会议纪要〔2026〕15号"}]
                     if i >= 2 else [])
        plan = _plan("2026-MTG-030", "全州安全生产工作会议", "州政府办公室", "prefecture_government", "2026-10-28T09:00",
                     "2026-10-28T11:00", 190, "部署四季度安全生产和冬春火灾防控工作",
                     ["云岭市", "石门县", "桐溪县", "白河县", "青峰县", "州交通运输局", "州市场监管局"],
                     fmt="video", approvals=approvals)
        plans.append(plan)
        # September: the prefect's consent for the transport meeting is recorded (MTG-5 resolved).
        plans[2]["approvals"] = [{"by": "prefect", "date": "2026-08-17", "ref": "州长批示〔2026〕30号"}]
    if i >= 2:
        plans[4]["attendees"] = 190  # MTG-1 resolved: the health meeting cut to 190
        plans[4]["agenda"] = plans[4]["agenda"][1:]  # MTG-9 resolved: one speaker per topic
        # MTG-2 (three days), MTG-7 and MTG-8 (same content and participants as the next plan).
        plans.append(_plan("2026-MTG-033", "全州食品安全监管工作会议", "州市场监管局", dept, "2026-11-03T09:00",
                           "2026-11-05T17:00", 160, "食品安全监管 风险监测 食源性疾病防控 节令食品检查",
                           ["云岭市", "石门县", "桐溪县", "白河县", "青峰县"]))
        plans.append(_plan("2026-MTG-034", "全州食品安全风险监测工作会议", "州卫生健康委", dept, "2026-11-10T09:00",
                           "2026-11-10T17:00", 140, "食品安全 风险监测 食源性疾病防控 监管",
                           ["云岭市", "石门县", "桐溪县", "白河县", "青峰县"]))
    return plans


def _plan(pid: str, title: str, convener: str, level: str, start: str, end: str, attendees: int, topics: str,
          participants: list[str], *, fmt: str = "in_person", invitees: list[dict[str, str]] | None = None,
          agenda: list[dict[str, str]] | None = None, approvals: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "id": pid, "title": title, "convener": {"name": convener, "level": level},
        "in_name_of": level, "scope": "prefecture", "kind": "work", "format": fmt,
        "start": start + ":00+08:00", "end": end + ":00+08:00", "attendees": attendees,
        "participants": participants, "invitees": invitees or [], "topics": topics,
        "agenda": agenda or [{"topic": topics, "speaker": f"{convener}主要负责同志"}],
        "budget_yuan": attendees * 150, "approvals": approvals or [],
    }


# ---------------------------------------------------------------------------------------------
# service centre: catalogue, cases, monthly self-reports, complaints

ITEM_NAMES = ["食品经营许可", "药品零售许可", "建筑工程施工许可", "道路运输经营许可", "取水许可", "林木采伐许可",
              "排污许可", "烟草专卖零售许可", "公共场所卫生许可", "民办学校设立审批", "医疗机构执业登记",
              "建设用地规划许可", "出版物零售许可", "娱乐场所经营许可", "特种设备使用登记", "人力资源服务许可",
              "燃气经营许可", "户外广告设置审批", "城市道路占用许可", "河道采砂许可"]
DEPTS = ["县市场监管局", "县卫生健康局", "县住房城乡建设局", "县交通运输局", "县水利局", "县林业局", "县生态环境局",
         "县烟草专卖局", "县卫生健康局", "县教育局", "县卫生健康局", "县自然资源局", "县文化旅游局", "县文化旅游局",
         "县市场监管局", "县人社局", "县住房城乡建设局", "县城市管理局", "县城市管理局", "县水利局"]


def items_rows(period: str) -> list[list[Any]]:
    i = month_index(period)
    rows: list[list[Any]] = []
    for r, region in enumerate(COUNTIES):
        code = f"R{r + 1}"
        for n, (name, dept) in enumerate(zip(ITEM_NAMES, DEPTS), start=1):
            in_centre, by, ref, lead = "是", "", "", dept
            if region == "白河县" and n == 5:  # outside with the county's approval: CTR-1 still counts it
                in_centre, by, ref = "否", "白河县人民政府", "白政函〔2026〕8号"
            if region == "白河县" and n == 6:  # outside, no approval until October (CTR-2)
                in_centre = "否"
                if i >= 2:
                    by, ref = "白河县人民政府", "白政函〔2026〕41号"
            if region == "石门县" and n == 9 and i == 0:  # two lead departments in August (CTR-6)
                lead = "县卫生健康局;县市场监管局"
            deemed = "是" if (region == "桐溪县" and n == 16) else "否"
            rows.append([region, f"{code}-A{n:02d}", name, "approval", lead, in_centre, by, ref, "other", deemed])
        fee_in = "否" if (region == "青峰县" and i < 2) else "是"  # CTR-4 until October
        rows.append([region, f"{code}-F01", "城市道路挖掘修复费", "fee", "县城市管理局", fee_in, "", "", "other", "否"])
        med_in = "否" if region == "云岭市" else "是"  # CTR-5, a suggestion that stays
        rows.append([region, f"{code}-S01", "医疗费用报销", "public_service", "县医保局", med_in, "", "", "medical_security", "否"])
        rows.append([region, f"{code}-S02", "户口迁移", "public_service", "县公安局", "是", "", "", "household_registration", "否"])
    return rows


ITEM_HEADER = ["region", "item_id", "name", "category", "lead_departments", "in_centre", "exemption_approved_by",
               "exemption_ref", "domain", "deemed_approval"]
CASE_HEADER = ["case_id", "region", "item_id", "received_on", "decided_on", "decision", "statutory_limit_days",
               "committed_limit_days", "extension_days", "extension_approved_by", "extension_notified_on",
               "missing_material_notices", "onsite_completed", "told_completion_on"]

# Share of cases completed on site, per region and month (CTR-3 wants 90% or more).
ONSITE_SHARE = {"桐溪县": (0.62, 0.66, 0.97)}
CASES_PER_REGION = 40


def workdays_of(period: str) -> list[date]:
    start = date(*map(int, period.split("-")), 1)
    end = month_end(period)
    days, d = [], start - timedelta(days=1)
    while True:
        d = add_workdays(d, 1)
        if d > end:
            return days
        days.append(d)


def cases_rows(period: str, rnd: random.Random) -> list[list[Any]]:
    i = month_index(period)
    end = month_end(period)
    days = workdays_of(period)
    rows: list[list[Any]] = []
    for r, region in enumerate(COUNTIES):
        code = f"R{r + 1}"
        share = ONSITE_SHARE.get(region, (0.95, 0.96, 0.96))[i]
        onsite_n = round(CASES_PER_REGION * share)
        for n in range(CASES_PER_REGION):
            received = days[min(n * len(days) // CASES_PER_REGION, len(days) - 1)]
            item = f"{code}-A{rnd.randint(1, 20):02d}"
            if item in (f"{code}-A16",):
                item = f"{code}-A15"  # keep the deemed-approval item for the designed case below
            row = _normal_case(f"{code}-{period.replace('-', '')}-{n + 1:03d}", region, item, received,
                               n < onsite_n, end, rnd)
            rows.append(row)
        rows.extend(_designed_cases(region, code, period, i, days, end))
    return rows


def _normal_case(cid: str, region: str, item: str, received: date, onsite: bool, end: date,
                 rnd: random.Random) -> list[Any]:
    statutory, committed = 20, 10
    if onsite:
        return [cid, region, item, received, received, "approved", statutory, committed, 0, "", "", 0, "是", ""]
    decided = add_workdays(received, rnd.randint(2, committed))
    notices = rnd.choice([0, 0, 0, 1])
    if decided > end:  # still pending at the month's end, not yet due
        return [cid, region, item, received, "", "pending", statutory, committed, 0, "", "", notices, "否", received]
    return [cid, region, item, received, decided, rnd.choice(["approved"] * 9 + ["rejected"]), statutory, committed,
            0, "", "", notices, "否", received]


def _designed_cases(region: str, code: str, period: str, i: int, days: list[date], end: date) -> list[list[Any]]:
    """The cases that break CASE-1..5, per region and month (README lists them)."""
    tag = period.replace("-", "")
    out: list[list[Any]] = []
    d0 = days[2]
    if region == "石门县":  # CASE-1 every month: decided two working days after the committed limit
        late = add_workdays(d0, 12)
        out.append([f"{code}-{tag}-L01", region, f"{code}-A03", d0, late, "approved", 20, 10, 0, "", "", 0, "否", d0])
    if region == "云岭市" and i == 0:  # CASE-2: an extension nobody approved
        out.append([f"{code}-{tag}-E01", region, f"{code}-A03", d0, add_workdays(d0, 14), "approved", 20, 10, 5, "",
                    add_workdays(d0, 5), 0, "否", d0])
    if region == "云岭市" and i == 1:  # CASE-2: approved, but the applicant was told after the deadline
        out.append([f"{code}-{tag}-E02", region, f"{code}-A07", d0, add_workdays(d0, 14), "approved", 20, 10, 5,
                    "县政务服务中心主任", add_workdays(d0, 12), 0, "否", d0])
    if region == "桐溪县" and i == 1:  # CASE-3: deemed-approval item, no decision by the deadline
        out.append([f"{code}-{tag}-D01", region, f"{code}-A16", d0, "", "pending", 20, 10, 0, "", "", 0, "否", d0])
    if region == "白河县" and i in (0, 2):  # CASE-4: two notices of missing materials
        out.append([f"{code}-{tag}-M01", region, f"{code}-A02", d0, add_workdays(d0, 6), "approved", 20, 10, 0, "", "",
                    2, "否", d0])
    if region == "桐溪县" and i < 2:  # CASE-5: not completed on site, no completion date told
        for k in range(2):
            out.append([f"{code}-{tag}-T0{k + 1}", region, f"{code}-A04", days[4 + k], add_workdays(days[4 + k], 5),
                        "approved", 20, 10, 0, "", "", 0, "否", ""])
    return out


def monthly_rows(period: str, items: list[list[Any]], cases: list[list[Any]]) -> list[list[Any]]:
    """What each region reported; recomputed from the records, except 青峰县 in September (CTR-7)."""
    end = month_end(period)
    rows = []
    for region in COUNTIES:
        approvals = [r for r in items if r[0] == region and r[3] == "approval"]
        in_centre = sum(1 for r in approvals if r[5] == "是")
        handled = [c for c in cases if c[1] == region and c[4] != "" and c[4] <= end]
        onsite = sum(1 for c in handled if c[12] == "是")
        reported = len(handled)
        if region == "青峰县" and period == "2026-09":
            reported += 6  # over-reported: counted cases still pending
        rows.append([region, period, len(approvals), in_centre, reported, onsite])
    return rows


def complaints_rows(period: str) -> list[list[Any]]:
    """The year's complaints register as of the month's end (CASE-6: 有诉必查)."""
    i = month_index(period)
    rows: list[list[Any]] = [
        ["TS-2026-031", "石门县", "R2-202607-011", "2026-07-14", "2026-07-28", "unsubstantiated", ""],
        ["TS-2026-038", "云岭市", "", "2026-08-05", "2026-08-19", "substantiated", "窗口负责人诫勉谈话"],
        # Open in August and September, investigated in October.
        ["TS-2026-041", "青峰县", "R5-202608-017", "2026-08-20", "2026-10-13" if i >= 2 else "",
         "partly_substantiated" if i >= 2 else "", "责令整改并通报" if i >= 2 else ""],
    ]
    if i >= 1:
        rows.append(["TS-2026-047", "桐溪县", "", "2026-09-11", "2026-09-25", "substantiated", "约谈窗口负责人"])
    return rows


# ---------------------------------------------------------------------------------------------
# campaign register


def units_rows(period: str) -> list[list[Any]]:
    end = month_end(period)
    rows = []
    for k, unit in enumerate(COUNTIES + DEPARTMENTS):
        set_up: date | None = date(2026, 2, 24) + timedelta(days=k)
        if unit == "州人社局":
            set_up = date(2026, 10, 9)  # CMP-4: no group in August and September
        rows.append([unit, "county" if unit in COUNTIES else "department",
                     set_up if set_up and set_up <= end else ""])
    return rows


def submissions_rows(period: str) -> list[list[Any]]:
    """Filings as registered by the month's end (the register grows; rows are never rewritten)."""
    end = month_end(period)
    rows: list[tuple[str, str, str, date]] = []
    for k, unit in enumerate(COUNTIES + DEPARTMENTS):
        rows.append((unit, "1", "plan", date(2026, 2, 26) + timedelta(days=k % 4)))
        if unit != "青峰县":  # CMP-2: phase 1 summary never filed (persists, escalates)
            rows.append((unit, "1", "summary", date(2026, 3, 16) + timedelta(days=k % 4)))
        rows.append((unit, "2", "plan", date(2026, 3, 12) + timedelta(days=k % 3)))
        if unit == "州交通运输局":  # CMP-2: phase 2 summary missing in August, filed late in September
            rows.append((unit, "2", "summary", date(2026, 9, 8)))
        else:
            rows.append((unit, "2", "summary", date(2026, 4, 8) + timedelta(days=k % 5)))
        rows.append((unit, "3", "plan", date(2026, 4, 3) + timedelta(days=k % 5)))
        if unit == "州教育局":  # CMP-2: phase 3 summary filed three days late (due 20 October)
            rows.append((unit, "3", "summary", date(2026, 10, 23)))
        elif unit != "云岭市":  # CMP-2: 云岭市's phase 3 summary missing in October
            rows.append((unit, "3", "summary", date(2026, 10, 12) + timedelta(days=k % 7)))
        rows.append((unit, "4", "plan", date(2026, 10, 9) + timedelta(days=k % 6)))
    return [[u, p, d, s] for u, p, d, s in sorted(rows, key=lambda r: (r[3], r[0])) if s <= end]


ENGAGEMENTS = [
    # id, leader, title, unit, date, event, type, commercial, approved_by, ref, approved_on
    ("JD-2026-011", "王强", "县长", "桐溪县", date(2026, 8, 18), "桐溪万达广场开业剪彩", "ribbon_cutting", "", "", "", ""),
    ("JD-2026-012", "陈静", "局长", "州财政局", date(2026, 8, 26), "云岭农商银行新营业大楼启用仪式", "opening", "是",
     "州委书记", "州委书记批示〔2026〕9号", date(2026, 8, 20)),
    ("JD-2026-013", "刘洋", "副州长", "州政府", date(2026, 8, 28), "全州防汛应急演练", "other", "", "", "", ""),
    ("JD-2026-019", "张伟", "副市长", "云岭市", date(2026, 9, 10), "云岭壹号楼盘奠基仪式", "groundbreaking", "", "", "", ""),
    ("JD-2026-020", "李明", "县委书记", "石门县", date(2026, 9, 1), "石门县第二中学新校区启用", "opening", "否", "", "", ""),
    ("JD-2026-027", "周敏", "副县长", "青峰县", date(2026, 10, 16), "青峰国际大酒店开业庆典", "commercial_celebration", "",
     "", "", ""),
    ("JD-2026-028", "刘洋", "副州长", "州政府", date(2026, 10, 20), "州人民医院新院区开工奠基", "groundbreaking", "否", "", "", ""),
]


def engagement_rows(period: str) -> list[list[Any]]:
    end = month_end(period)
    return [list(e) for e in ENGAGEMENTS if e[4] <= end]


# ---------------------------------------------------------------------------------------------


def build_month(period: str) -> None:
    folder = OUT / period
    rnd = random.Random(f"{SEED}-{period}")
    for doc in documents_for(period):
        write_doc(folder / "documents", doc)
    write_doc(folder / "published", business_original(date(2026, 6, 30)))
    for plan in meetings_for(period):
        write_yaml(folder / "meetings" / f"{plan['id']}.yaml", plan)
    items = items_rows(period)
    cases = cases_rows(period, rnd)
    write_csv(folder / "centre" / "items.csv", ITEM_HEADER, items)
    write_csv(folder / "centre" / "cases.csv", CASE_HEADER, cases)
    write_csv(folder / "centre" / "monthly.csv", ["region", "period", "items_total", "items_in_centre",
                                                  "cases_handled", "cases_onsite_completed"],
              monthly_rows(period, items, cases))
    write_csv(folder / "centre" / "complaints.csv", ["complaint_id", "region", "case_id", "received_on",
                                                     "investigated_on", "outcome", "action"], complaints_rows(period))
    write_csv(folder / "campaign" / "units.csv", ["unit", "type", "leading_group_on"], units_rows(period))
    write_csv(folder / "campaign" / "submissions.csv", ["unit", "phase", "document", "submitted_on"],
              submissions_rows(period))
    write_csv(folder / "campaign" / "engagements.csv",
              ["id", "leader", "leader_title", "unit", "date", "event", "event_type", "commercial", "approved_by",
               "approval_ref", "approved_on"], engagement_rows(period))
    write_yaml(folder / "scan.yaml", {"period": period, "campaign_year": 2026})


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    for period in MONTHS:
        build_month(period)
    print(f"wrote {', '.join(MONTHS)} under {OUT}")


if __name__ == "__main__":
    main()
