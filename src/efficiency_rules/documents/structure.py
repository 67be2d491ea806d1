"""The parts of a 公文 (GB/T 9704-2012 §7), recognised on plain text lines.

NORMS.md counts a document's length over its body — 正文 and the text of its attachments —
without 版头 (发文机关标志, 发文字号, 签发人), 标题, 主送机关, 附件说明, 发文机关署名,
成文日期, 附注 and 版记. This module finds those parts in text that came from anywhere: a
clean .docx, a PDF's visual lines, or a web page scraped into one long line. What is not
recognised is body: a text with no part recognised is all body, so a miss costs a few 字 of
header counted, never a lost page.

How the text is cut:

* Lines are split further at every "　　" (two ideographic spaces, the paragraph indent of
  GB/T 9704 §7.3.3), because scraped texts keep paragraphs only as "　　" inside one line.
  The split replaces "　　" by "\\n　" — the same length — so every offset stays an offset into
  the original text.
* The head (at most `HEAD_WINDOW` segments) is read in order: 份号/密级/紧急程度 and the
  发文机关标志 ("…文件", a 简报 masthead with 第N期), the 发文字号 (州委办发〔2026〕12号, with
  〔〕 [] () ［］ 【】), 签发人, the 标题 (up to three lines, the last ending in a genre word:
  通知, 意见, 讲话, 报告 …, maybe followed by a "——在…上的讲话" subtitle or a "（2026年3月10日）"
  date), the 主送机关 (lines ending in ：, not a salutation like 同志们：). A 发文字号 glued to the
  主送 ("国科发区〔2020〕128号各有关单位：") is split off. Web-page furniture (时间:, 来源:,
  导语:, a repeated title) is its own part, `web_header`, and not counted either.
* The first line after the body that is a date and nothing else (2026年3月10日, 二〇二六年三月
  十日) is the 成文日期; the short lines just above it are the 署名, and an 附件：1.… list above
  those is the 附件说明. After the date: 附注 lines in parentheses ((此件公开发布)), 版记 lines
  (抄送：…, …印发), and everything else is attachment text — in a 印发/转发 notice the document
  issued follows the notice, with or without an "附件" line.
* Without a 成文日期, a line that is just "附件" or "附件1" starts the attachments, and 版记 lines
  are still recognised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, groupby, repeat

_COLOPHON_LINES = 8  # 版记 lines are looked for among the last ones only
HEAD_WINDOW = 16  # segments read as a possible head; a 版头 + 标题 + 主送 never takes more
_MAX_SIGNATURE_LINES = 12  # joint documents are signed by many bodies, one per line
_SHORT = 40  # a 署名 line, a masthead line: GB/T 9704 lines are 28 字

PART_NAMES_ZH: dict[str, str] = {
    "web_header": "网页信息",
    "masthead": "版头",
    "doc_number": "发文字号",
    "signer": "签发人",
    "title": "标题",
    "addressee": "主送机关",
    "body": "正文",
    "attachment_note": "附件说明",
    "signature": "发文机关署名",
    "date": "成文日期",
    "annotation": "附注",
    "colophon": "版记",
    "attachments": "附件",
}
COUNTED_PARTS = frozenset({"body", "attachments"})  # NORMS.md default scope

_SPACES = " \t\u3000\xa0"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGIT = "〇○零一二三四五六七八九"

DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,16}?)[ \t\u3000]*[〔\[［(（【][ \t\u3000]*(?P<year>\d{4})"
    r"[ \t\u3000]*[〕\]］)）】][ \t\u3000]*(?P<seq>\d{1,5})[ \t\u3000]*[号號]"
)
DATE_LINE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN_DIGIT}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_DIGIT}十]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_CN_DIGIT}十]{{1,3}})\s*日"
)
_GENRES = (
    "通知|通报|通報|通告|公告|公报|公報|意见|意見|决定|決定|决议|決議|命令|议案|議案|报告|報告|"
    "请示|請示|批复|批覆|批復|函|纪要|紀要|讲话|講話|致辞|致辭|发言|發言|讲稿|講稿|办法|辦法|"
    "规定|規定|细则|細則|条例|條例|方案|规划|規劃|要点|要點|计划|計劃|简报|簡報|总结|總結|"
    "规则|規則|章程|指引|指南|清单|清單|倡议书|倡議書|决定书|通令|答复|答覆|说明|說明"
)
_TITLE_END = re.compile(rf"(?:{_GENRES})(?:[（(][^）)]{{1,30}}[）)])?$")
_WEB_HEADER = re.compile(
    r"(?:时间|時間|发布时间|發布時間|来源|來源|导语|導語|作者|编辑|編輯|责任编辑|責任編輯|"
    r"浏览次数|瀏覽次數|点击|點擊|阅读|閱讀|字号|字號|分享到)\s*[:：]"
)
_SIGNER = re.compile(r"(?:签发人|簽發人)\s*[:：]")
_MASTHEAD = re.compile(
    r"(?:.{1,24}文件|.{0,20}(?:简报|簡報|动态|動態|通讯|通訊|情况反映|情況反映|专报|專報)"
    r"|第\s*[0-9０-９一二三四五六七八九十百〇零]+\s*期.*|[（(]总第.*|[（(]總第.*"
    r"|[0-9]{6}|(?:绝密|絕密|机密|機密|秘密).{0,6}|特急|加急|.{2,24}[编編](?:印)?.{0,16})"
)
_SALUTATION = re.compile(
    r"(?:同志们|同志們|各位代表|各位委员|各位委員|同学们|同學們|朋友们|朋友們|女士们|女士們|"
    r"老师们|老師們|各位|尊敬的)"
)
_ORG_END = re.compile(
    r"(?:局|厅|廳|委|部|办|辦|院|府|单位|單位|机关|機關|公司|中心|会|會|处|處|室|所|校|站|队|隊|组|組|行)$"
)
_ANNOTATION = re.compile(
    r"[（(](?:此件|本件|联系人|聯系人|聯繫人|此页无正文|此頁無正文|信息公开|信息公開).*[）)]"
)
_COLOPHON = re.compile(
    r"(?:抄送|抄报|抄報|分送|主题词|主題詞)\s*[:：].*|.*\d{4}\s*年.*[印][发發]|.*[印][发發]$"
)
_ATTACHMENT_MARK = re.compile(r"附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?")
_ATTACHMENT_NOTE = re.compile(r"附\s*件\s*[0-9０-９]*\s*[:：].+|附件[:：]?")
_NUMBERED_ITEM = re.compile(r"[0-9０-９]{1,2}\s*[.．、]\s*\S.*")
_NO_SENTENCE = re.compile(r"[。；;！!？?]")


@dataclass(frozen=True)
class Part:
    """One recognised part: [start, end) offsets into the document's text, 1-based lines."""

    name: str
    start: int
    end: int
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Structure:
    text: str
    parts: tuple[Part, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the parts recognised, in order of first appearance, without repeats."""
        return tuple(dict.fromkeys(p.name for p in self.parts))

    def text_of(self, *names: str) -> str:
        """The text of every part with one of `names`, in document order, one per line."""
        return "\n".join(self.text[p.start : p.end] for p in self.parts if p.name in names)

    def first(self, name: str) -> str | None:
        for p in self.parts:
            if p.name == name:
                return self.text[p.start : p.end].strip(_SPACES + "\n")
        return None

    @property
    def body(self) -> str:
        return self.text_of("body")

    @property
    def attachments(self) -> str:
        return self.text_of("attachments")


@dataclass
class _Seg:
    """A non-blank segment: [start, end) is its text without surrounding spaces."""

    start: int
    end: int
    text: str


def analyse(text: str) -> Structure:
    """Recognise the GB/T 9704 parts of `text` (see the module docstring)."""
    segs: Sequence[_Seg] = _Segments(text)
    labels: list[str | None] = [None] * len(segs)
    head_end, segs, labels = _label_head(segs, labels)
    _label_tail(text, segs, labels, head_end)
    return Structure(text, _parts(text, segs, labels))


class _Segments(Sequence[_Seg]):
    """The non-blank segments of a text — lines, further split at "　　" by a same-length
    replacement — built on demand. Only the head and a few tail lines are ever looked at one
    by one; the rest is scanned through `texts`, so a 10,000-line report costs no objects."""

    def __init__(self, text: str) -> None:
        pieces = text.replace("\u3000\u3000", "\n\u3000").split("\n")
        starts = list(accumulate(map(len, pieces), lambda acc, n: acc + n + 1, initial=0))
        stripped = list(map(str.strip, pieces, repeat(_SPACES)))
        keep = [i for i, t in enumerate(stripped) if t]
        self._pieces = pieces
        self._starts = starts
        self._keep = keep
        self.texts = [stripped[i] for i in keep]
        self._cache: dict[int, _Seg] = {}

    def __len__(self) -> int:
        return len(self._keep)

    def __getitem__(self, k):  # type: ignore[no-untyped-def]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        seg = self._cache.get(k)
        if seg is None:
            i = self._keep[k]
            piece = self._pieces[i]
            start = self._starts[i] + len(piece) - len(piece.lstrip(_SPACES))
            text = self.texts[k]
            seg = self._cache[k] = _Seg(start, start + len(text), text)
        return seg


def _texts(segs: Sequence[_Seg]) -> list[str]:
    return segs.texts if isinstance(segs, _Segments) else [s.text for s in segs]


# ---------------------------------------------------------------- the head


def _label_head(
    segs: Sequence[_Seg], labels: list[str | None]
) -> tuple[int, Sequence[_Seg], list[str | None]]:
    """Label 版头/标题/主送 at the top; return the index of the first body segment, with the
    segments re-cut where a 发文字号 glued to the next text was split off."""
    window = min(len(segs), HEAD_WINDOW)
    split = _split_glued_number(segs, window)
    if split is not None:
        segs = split
        labels = [None] * len(segs)
        window = min(len(segs), HEAD_WINDOW)
    number_at = _find_doc_number(segs, window)
    i = 0
    if number_at is not None and _label_above_number(segs, labels, number_at):
        i = number_at
    i = _label_head_lines(segs, labels, i, window)
    return i, segs, labels


def _label_above_number(segs: Sequence[_Seg], labels: list[str | None], number_at: int) -> bool:
    """Short lines above the 发文字号: the 标题 where gov.cn puts it there, else 版头
    (机关标志, 份号, 密级 …). False if a line there is not short: then it is not a head."""
    j = 0
    while j < number_at:
        s = segs[j].text
        if len(s) > 80 or _NO_SENTENCE.search(s):
            return False
        n = _title_lines(segs, j, number_at)
        if n:
            labels[j : j + n] = ["title"] * n
            j += n
            continue
        if len(s) > _SHORT:
            return False
        labels[j] = "web_header" if _WEB_HEADER.match(s) else "masthead"
        j += 1
    return True


def _label_head_lines(segs: Sequence[_Seg], labels: list[str | None], i: int, window: int) -> int:
    titles: set[str] = set()
    seen_title = seen_addressee = False
    while i < window:
        s = segs[i].text
        if _WEB_HEADER.match(s):
            labels[i] = "web_header"
        elif s in titles:
            labels[i] = "title"  # a web copy repeats the title above the text
        elif not seen_title and DOC_NUMBER.fullmatch(s):
            labels[i] = "doc_number"
        elif not seen_title and _SIGNER.match(s):
            labels[i] = "signer"
        elif not seen_title and len(s) <= _SHORT and _MASTHEAD.fullmatch(s):
            labels[i] = "masthead"
        elif i and labels[i - 1] == "masthead" and _is_date_line(s):
            labels[i] = "masthead"  # a 简报 masthead: 编印单位 and date (GB/T 9704 §10.2)
        elif not seen_title and (n := _title_lines(segs, i, window)):
            for j in range(i, i + n):
                labels[j] = "title"
                titles.add(segs[j].text)
            seen_title = True
            i += n
            continue
        elif seen_title and not seen_addressee and _is_subtitle(s):
            labels[i] = "title"
        elif not seen_addressee and (n := _addressee_lines(segs, i, window)):
            for j in range(i, i + n):
                labels[j] = "addressee"
            seen_addressee = True
            i += n
            continue
        else:
            break
        i += 1
    return i


def _find_doc_number(segs: Sequence[_Seg], window: int) -> int | None:
    for j in range(min(window, 6)):
        if DOC_NUMBER.fullmatch(segs[j].text):
            return j
    return None


def _split_glued_number(segs: Sequence[_Seg], window: int) -> list[_Seg] | None:
    """ "国科发区〔2020〕128号各有关单位：…" → the number, then the rest as its own segment."""
    for j in range(min(window, 6)):
        seg = segs[j]
        m = DOC_NUMBER.match(seg.text)
        if m is None:
            continue
        if m.end() == len(seg.text):
            return None
        rest = seg.text[m.end() :]
        lead = len(rest) - len(rest.lstrip(_SPACES))
        first = _Seg(seg.start, seg.start + m.end(), seg.text[: m.end()])
        second = _Seg(seg.start + m.end() + lead, seg.end, rest.strip(_SPACES))
        return list(segs[:j]) + [first, second] + list(segs[j + 1 :])
    return None


def _title_lines(segs: Sequence[_Seg], i: int, window: int) -> int:
    """How many segments from i make a title: up to 3 short lines, the last one ending in a
    genre word (通知, 讲话 …) with maybe a parenthesised date after it."""
    for n in range(1, 4):
        if i + n > window:
            return 0
        s = segs[i + n - 1].text
        if len(s) > 80 or _NO_SENTENCE.search(s) or _WEB_HEADER.match(s):
            return 0
        if _TITLE_END.search(s):
            return n
    return 0


def _is_subtitle(s: str) -> bool:
    """ "——在…会议上的讲话", "（2026年3月10日）", "（摘要）" under a title."""
    if len(s) > 80:
        return False
    if s.startswith(("—", "－", "-")):
        return True
    return s[:1] in "（(" and s[-1:] in "）)" and not _ANNOTATION.fullmatch(s)


def _addressee_lines(segs: Sequence[_Seg], i: int, window: int) -> int:
    """How many segments from i make the 主送机关: up to 5 lines without a sentence end, the
    last ending in ：. A speech's "同志们：" is a salutation, part of the speech."""
    if _SALUTATION.match(segs[i].text):
        return 0
    for n in range(1, 6):
        if i + n > window:
            return 0
        s = segs[i + n - 1].text
        if len(s) > 200 or _NO_SENTENCE.search(s):
            return 0
        if s.endswith(("：", ":")):
            return n
    return 0


# ---------------------------------------------------------------- the tail


def _label_tail(text: str, segs: Sequence[_Seg], labels: list[str | None], head_end: int) -> None:
    date_at = _find_date(segs, head_end)
    if date_at is not None:
        labels[date_at] = "date"
        above = _label_signature(segs, labels, date_at, head_end)
        _label_attachment_note(segs, labels, above, head_end)
        _label_after_date(text, segs, labels, date_at + 1)
    else:
        _label_without_date(segs, labels, head_end)


def _find_date(segs: Sequence[_Seg], head_end: int) -> int | None:
    """The first segment after some body that is a date and nothing else."""
    texts = _texts(segs)
    for k in range(head_end + 1, len(texts)):
        s = texts[k]
        if s[-1:] == "日" and _is_date_line(s):
            return k
    return None


def _is_date_line(s: str) -> bool:
    return (
        len(s) <= 20
        and s[-1:] == "日"
        and DATE_LINE.fullmatch(s.translate(_FULLWIDTH_DIGITS)) is not None
    )


def _label_signature(
    segs: Sequence[_Seg], labels: list[str | None], date_at: int, head_end: int
) -> int:
    """Label the short lines (no sentence, no ，or ：) right above the date as the 署名;
    return the index of the first segment above them."""
    k = date_at - 1
    while k > head_end and date_at - k <= _MAX_SIGNATURE_LINES:
        s = segs[k].text
        if len(s) > _SHORT or _NO_SENTENCE.search(s) or "，" in s or "：" in s or ":" in s:
            break
        if _NUMBERED_ITEM.fullmatch(s):  # "2．…统计表": the 附件说明 list, not a 署名
            break
        labels[k] = "signature"
        k -= 1
    return k


def _label_attachment_note(
    segs: Sequence[_Seg], labels: list[str | None], k: int, head_end: int
) -> None:
    """An "附件：1.…" list directly above the 署名 (GB/T 9704 §7.3.4)."""
    j = k
    while j > head_end and k - j < 12:
        s = segs[j].text
        if _ATTACHMENT_NOTE.fullmatch(s) and s.startswith("附"):
            for m in range(j, k + 1):
                labels[m] = "attachment_note"
            return
        if len(s) > 80 or not _NUMBERED_ITEM.fullmatch(s):
            return
        j -= 1


def _label_after_date(text: str, segs: Sequence[_Seg], labels: list[str | None], k: int) -> None:
    """After the 成文日期: 附注 lines, then attachment text; 版记 lines among the last ones
    (GB/T 9704 §8: the 版记 is on the last page, after the attachments)."""
    n = len(segs)
    texts = _texts(segs)
    while k < n and _ANNOTATION.fullmatch(texts[k]):
        labels[k] = "annotation"
        k += 1
    labels[k:n] = ["attachments"] * (n - k)
    for m in range(max(k, n - _COLOPHON_LINES), n):
        s = texts[m]
        if len(s) <= 200 and _COLOPHON.fullmatch(s) and _colophon_context(segs, m):
            labels[m] = "colophon"
            _extend_left_on_line(text, segs, labels, m)


def _extend_left_on_line(text: str, segs: Sequence[_Seg], labels: list[str | None], m: int) -> None:
    """ "印发机关　　　　2026年3月10日印发" is one 版记 line, cut in two at the spaces."""
    k = m - 1
    while (
        k >= 0 and len(segs[k].text) <= _SHORT and "\n" not in text[segs[k].end : segs[k + 1].start]
    ):
        labels[k] = labels[m]
        k -= 1


def _colophon_context(segs: Sequence[_Seg], m: int) -> bool:
    """A line ending in 印发 is 版记 only with a date in it or among the last lines."""
    s = segs[m].text
    if s.startswith(("抄送", "抄报", "抄報", "分送", "主题词", "主題詞")):
        return True
    return bool(DATE_LINE.search(s.translate(_FULLWIDTH_DIGITS))) or len(segs) - m <= 2


def _label_without_date(segs: Sequence[_Seg], labels: list[str | None], head_end: int) -> None:
    n = len(segs)
    texts = _texts(segs)
    for m in range(head_end + 1, n):
        s = texts[m]
        if len(s) <= 8 and s.startswith("附") and _ATTACHMENT_MARK.fullmatch(s):
            labels[m:n] = ["attachments"] * (n - m)
            break
    for m in range(max(head_end + 1, n - _COLOPHON_LINES), n):
        s = texts[m]
        if len(s) <= 200 and _COLOPHON.fullmatch(s) and _colophon_context(segs, m):
            labels[m] = "colophon"


# ---------------------------------------------------------------- output


def _parts(text: str, segs: Sequence[_Seg], labels: list[str | None]) -> tuple[Part, ...]:
    """Merge runs of equal labels (None is body) into parts, from the first segment's start to
    the last one's end."""
    out: list[Part] = []
    k = 0
    for name, run in groupby(labels):
        m = k + sum(1 for _ in run) - 1
        start, end = segs[k].start, segs[m].end
        first, last = text.count("\n", 0, start) + 1, text.count("\n", 0, end) + 1
        out.append(Part(name or "body", start, end, first, last))
        k = m + 1
    return tuple(out)
