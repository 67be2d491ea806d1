"""How alike two meetings' content is (MTG-7 工作內容相同或相近的會議應合并召開).

Chinese titles have no spaces, so words are not split; the content is a set of character
bigrams. What every meeting title says (全州, 會議, 工作, 推進會, 電視電話...) is cut out first
as a stop phrase and kept only as a light token, so that 「全州教育工作會議」 and
「全州衛生健康工作會議」 do not look alike for sharing 全州…工作會議, and bigrams never span a
stop phrase. Text is folded to simplified script first (OpenCC's character table), so a plan
typed in traditional script matches one typed in simplified.

The score is a weighted overlap coefficient (shared weight / the smaller meeting's weight), an
exact `Fraction` in [0, 1]: a meeting whose content is contained in another's (全州財政工作會議 in
全州財政預算管理工作會議) is a merge candidate however much the other adds. On the labelled pairs
in tests/fixtures/meetings/title_pairs.yaml it separates better than Dice (see the report). It
depends only on the two meetings, not on the rest of the register, so a pair always scores the
same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

# Weights (integers, so the score is an exact fraction).
TITLE_WEIGHT = 6
TOPIC_WEIGHT = 3
STOP_WEIGHT = 1

# Said by nearly every meeting title or topic line; simplified script (text is folded first).
# Longest first, so 推进会 wins over 推进.
STOP_PHRASES: tuple[str, ...] = tuple(sorted({
    "全州", "全市", "全县", "州直", "各县市", "县市", "会议", "工作会议", "大会", "工作会", "工作", "召开", "关于", "专题",
    "动员", "部署", "推进会", "推进", "座谈会", "座谈", "电视电话", "视频", "网络", "调度会", "调度",
    "现场会", "现场", "联席", "扩大", "全体", "年度", "系统", "领域", "重点", "有关", "相关", "暨",
    "第一次", "第二次", "第三次", "贯彻", "落实", "学习", "传达", "精神", "研究", "安排", "会商",
    "培训会", "培训班", "报告会", "讲评会", "总结会", "启动会", "及", "与", "的",
}, key=lambda s: (-len(s), s)))

_NOISE = re.compile(r"[^\w]+|\d+年?|[A-Za-z_]+")
_STOP = re.compile("|".join(map(re.escape, STOP_PHRASES)))


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int]:
    """Traditional → simplified, one character at a time (OpenCC's TSCharacters, first choice)."""
    try:
        import opencc
    except ImportError:  # without OpenCC, texts in one script still compare correctly
        return {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simple = line.partition("\t")
        first = simple.split(" ")[0]
        if len(trad) == 1 and len(first) == 1:
            table[ord(trad)] = ord(first)
    return table


def fold(text: str) -> str:
    return text.translate(_fold_table())


@dataclass(frozen=True)
class Grams:
    """Weighted grams; `total` is the sum of the weights."""

    weights: Mapping[str, int]
    total: int
    has_content: bool  # any gram that is not a stop token

    def content_grams(self) -> list[str]:
        """Grams worth indexing (not stop tokens), for candidate search."""
        return [g for g, w in self.weights.items() if w > STOP_WEIGHT]


@dataclass(frozen=True)
class Content:
    """A meeting's content: its title's grams, and title plus topics."""

    title: Grams
    full: Grams

    def content_grams(self) -> list[str]:
        return self.full.content_grams()


def _grams(text: str) -> tuple[set[str], set[str]]:
    """(content bigrams, stop tokens) of one text."""
    content: set[str] = set()
    stops: set[str] = set()
    for chunk in _NOISE.split(fold(text)):
        pos = 0
        for m in _STOP.finditer(chunk):
            content |= _bigrams(chunk[pos:m.start()])
            stops.add(m.group())
            pos = m.end()
        content |= _bigrams(chunk[pos:])
    return content, stops


def _bigrams(run: str) -> set[str]:
    if len(run) == 1:
        return {run}
    return {run[i:i + 2] for i in range(len(run) - 1)}


def _weighted(title: tuple[set[str], set[str]], topics: set[str]) -> Grams:
    weights: dict[str, int] = {}
    for g in title[1]:
        weights[g] = STOP_WEIGHT
    for g in topics:
        weights[g] = TOPIC_WEIGHT
    for g in title[0]:
        weights[g] = TITLE_WEIGHT
    return Grams(weights, sum(weights.values()), any(w > STOP_WEIGHT for w in weights.values()))


def content_of(title: str, topics: str | None = None) -> Content:
    """Title grams weigh more than topic grams: the title is what the organiser chose to say."""
    title_grams = _grams(title)
    topic_grams, _ = _grams(topics or "")
    return Content(_weighted(title_grams, set()), _weighted(title_grams, topic_grams))


def overlap(a: Grams, b: Grams) -> Fraction:
    """Weighted overlap: Σ min(wa, wb) over shared grams / min(Σ wa, Σ wb). Grams with no
    content (a title of stop phrases only) are like nothing: they would otherwise be contained
    in every meeting."""
    if not a.has_content or not b.has_content:
        return Fraction(0)
    small, large = (a, b) if len(a.weights) <= len(b.weights) else (b, a)
    shared = sum(min(w, large.weights[g]) for g, w in small.weights.items() if g in large.weights)
    return Fraction(shared, min(a.total, b.total))


def score(a: Content, b: Content) -> Fraction:
    """The better of the titles alone and titles with topics: topics help terse titles match
    (人社 and 人力資源和社會保障 share their topics), but must not dilute two titles that
    already say the same thing."""
    return max(overlap(a.title, b.title), overlap(a.full, b.full))


def meeting_similarity(title_a: str, topics_a: str | None, title_b: str, topics_b: str | None) -> Fraction:
    return score(content_of(title_a, topics_a), content_of(title_b, topics_b))
