"""A document's metadata, and where each value came from (DESIGN.md "Inputs").

Precedence, highest first: command-line options (`option`) > the sidecar `<file>.meta.yaml`
(`sidecar`) > YAML front matter at the top of a .txt/.md (`front_matter`) > inference from the
text (`inferred`) > `default`. Every value in the record says which of these it came from, and
every inference says why (`Inference`), so a drafter can see "kind=general_circular, inferred:
标题以“通知”结尾, 发文字号 州委办发〔2026〕12号 属州委办公室".

A bad sidecar or front matter (bad YAML, a field of the wrong type, an unknown field) is an
`InputError` naming the file and the field; the other fields, and the document, are still used.
Texts may be in simplified or traditional script: patterns match both (发/發, 号/號, 办/辦).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..findings import InputError
from .structure import DATE_LINE, DOC_NUMBER, Structure

KINDS = ("general_circular", "speech_bulletin", "briefing", "notice", "other")
ISSUERS = (
    "prefecture_committee",
    "prefecture_government",
    "prefecture_committee_office",
    "prefecture_government_office",
    "department",
    "county",
)
MATTER_SCOPES = ("department", "cross_department", "prefecture")
SOURCES = ("option", "sidecar", "front_matter", "inferred", "default")
PREFECTURE_ISSUERS = frozenset(ISSUERS[:4])  # DOC-1: 州委、州政府和州委办公室、州政府办公室
FIELDS = (
    "kind",
    "issuer",
    "doc_number",
    "title",
    "date",
    "speech_distributed_at_meeting",
    "speech_published_online",
    "matter_scope",
    "unit",
    "approvals",
)


class FieldError(ValueError):
    """A metadata value of the wrong type or outside its enumeration."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True)
class Inference:
    """One value read from the text, and why (shown to the drafter)."""

    field: str
    value: Any
    reason: str  # simplified Chinese
    reason_en: str


@dataclass(frozen=True)
class Metadata:
    values: Mapping[str, Any]  # every field of FIELDS; None where unknown
    provenance: Mapping[str, str]  # field -> one of SOURCES, for fields with a value
    inferences: tuple[Inference, ...]
    errors: tuple[InputError, ...]

    @property
    def kind_inferred(self) -> bool:
        return self.provenance.get("kind") == "inferred"


# ---------------------------------------------------------------- field validation


def _enum(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if isinstance(value, str) and value.strip() in options:
            return value.strip()
        raise FieldError(
            f"取值应为 {' | '.join(options)} 之一,实为 {value!r}",
            f"must be one of {' | '.join(options)}, got {value!r}",
        )

    return check


def _text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise FieldError(f"应为非空文本,实为 {value!r}", f"must be non-empty text, got {value!r}")


_TRUE = frozenset({"true", "yes", "1", "是", "对", "對"})
_FALSE = frozenset({"false", "no", "0", "否", "不"})


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise FieldError(f"应为 true/false(是/否),实为 {value!r}", f"must be true/false, got {value!r}")


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        parsed = parse_date(value.strip())
        if parsed is not None:
            return parsed
    raise FieldError(
        f"应为日期(2026-03-10 或 2026年3月10日),实为 {value!r}",
        f"must be a date (2026-03-10 or 2026年3月10日), got {value!r}",
    )


def _approvals(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise FieldError(f"应为列表,实为 {value!r}", f"must be a list, got {value!r}")
    return [_approval(i, item) for i, item in enumerate(value)]


def _approval(i: int, item: Any) -> dict[str, Any]:
    if not isinstance(item, Mapping) or "by" not in item:
        raise FieldError(
            f"第 {i + 1} 项应为含 by 的映射({{by, date, ref, covers}})",
            f"item {i + 1} must be a mapping with `by` ({{by, date, ref, covers}})",
        )
    unknown = set(item) - {"by", "date", "ref", "covers"}
    if unknown:
        raise FieldError(
            f"第 {i + 1} 项有未知字段 {sorted(unknown)}", f"item {i + 1}: unknown {sorted(unknown)}"
        )
    covers = item.get("covers") or []
    if isinstance(covers, str):
        covers = [covers]
    if not isinstance(covers, list) or not all(isinstance(c, str) for c in covers):
        raise FieldError(
            f"第 {i + 1} 项 covers 应为规范编号列表", f"item {i + 1}: covers must list norm ids"
        )
    return {
        "by": _text(item["by"]),
        "date": _date(item["date"]) if item.get("date") is not None else None,
        "ref": str(item["ref"]) if item.get("ref") is not None else None,
        "covers": list(covers),
    }


VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "kind": _enum(KINDS),
    "issuer": _enum(ISSUERS),
    "doc_number": _text,
    "title": _text,
    "date": _date,
    "speech_distributed_at_meeting": _bool,
    "speech_published_online": _bool,
    "matter_scope": _enum(MATTER_SCOPES),
    "unit": _text,
    "approvals": _approvals,
}


def validate(
    raw: Mapping[str, Any], path: str, lines: Mapping[str, int] | None = None, what: str = ""
) -> tuple[dict[str, Any], list[InputError]]:
    """Check each field; a bad one is an InputError (file, field, line) and is left out."""
    good: dict[str, Any] = {}
    errors: list[InputError] = []
    for key, value in raw.items():
        line = (lines or {}).get(str(key))
        if key not in VALIDATORS:
            errors.append(
                InputError(
                    path,
                    f"{what}未知字段 {key}(可用:{', '.join(FIELDS)})",
                    field=str(key),
                    line=line,
                    message_en=f"{what and 'metadata: '}unknown field {key} (known: {', '.join(FIELDS)})",
                )
            )
            continue
        if value is None:
            continue
        try:
            good[key] = VALIDATORS[key](value)
        except FieldError as exc:
            errors.append(
                InputError(
                    path,
                    f"{what}字段 {key} {exc.message}",
                    field=key,
                    line=line,
                    value=str(value)[:200],
                    message_en=f"field {key} {exc.message_en}",
                )
            )
    return good, errors


# ---------------------------------------------------------------- YAML sources


def sidecar_path(path: Path) -> Path:
    """`通知.docx.meta.yaml` beside `通知.docx` (DESIGN.md)."""
    return path.with_name(path.name + ".meta.yaml")


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[InputError]]:
    """The sidecar's fields (validated) and its errors; ({}, []) when there is none."""
    meta = sidecar_path(path)
    if not meta.is_file():
        return {}, []
    from ..safeyaml import YamlInputError, read_text_limited  # lazy: PyYAML only when needed

    try:
        text = read_text_limited(meta)
    except YamlInputError as exc:
        return {}, [
            InputError(
                str(meta),
                f"无法读取元数据文件:{exc}",
                message_en=f"cannot read metadata file: {exc}",
            )
        ]
    return parse_yaml_fields(text, str(meta), "")


def parse_yaml_fields(
    text: str, path: str, what: str, line_offset: int = 0
) -> tuple[dict[str, Any], list[InputError]]:
    """Parse a YAML mapping of metadata fields, keeping each key's line for error messages."""
    from ..safeyaml import YamlInputError, compose_yaml_text, construct

    try:
        node = compose_yaml_text(text)
        data = construct(node) if node is not None else {}
    except YamlInputError as exc:
        line = exc.line + line_offset if exc.line else None
        return {}, [
            InputError(path, f"{what}YAML 格式错误:{exc}", line=line, message_en=f"bad YAML: {exc}")
        ]
    if data is None:
        return {}, []
    if not isinstance(data, Mapping):
        return {}, [
            InputError(
                path,
                f"{what}应为字段映射(key: value)",
                message_en="metadata must be a mapping (key: value)",
            )
        ]
    lines = {
        str(k.value): k.start_mark.line + 1 + line_offset for k, _ in getattr(node, "value", [])
    }
    return validate(data, path, lines, what)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """YAML front matter at the top of a .txt/.md, and the text with it blanked out: replaced
    by as many line breaks, so line numbers in the rest stay those of the file."""
    if not text.startswith("---"):
        return None, text
    m = _FRONT_MATTER.match(text[: 64 * 1024])
    if m is None:
        return None, text
    return m.group(1) or "", "\n" * m.group(0).count("\n") + text[m.end() :]


# ---------------------------------------------------------------- inference


_SERIES = re.compile(r"[发發]$")
_ISSUER_PREFIX: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"州委[发發函字]?$"), "prefecture_committee"),
    (re.compile(r"州委[办辦](?:公室)?[发發函字电電]?$"), "prefecture_committee_office"),
    (re.compile(r"州(?:政府?|府)[发發函字]?$"), "prefecture_government"),
    (re.compile(r"州(?:政府?|府)[办辦](?:公室)?[发發函字电電]?$"), "prefecture_government_office"),
    (re.compile(r"州.+"), "department"),  # 州教发, 州财发, 州委组发, 州市场监管发 …
    (re.compile(r".{0,6}[县縣].*"), "county"),
    (re.compile(r".{1,4}市.*"), "county"),  # a county-level city inside the prefecture
)
_MASTHEAD_ISSUER: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"中共.{1,12}州委员?会?(?:办公室|辦公室)文件"), "prefecture_committee_office"),
    (re.compile(r"中共.{1,12}州委员?会?文件"), "prefecture_committee"),
    (re.compile(r".{1,12}州人民政府(?:办公室|辦公室)文件"), "prefecture_government_office"),
    (re.compile(r".{1,12}州人民政府文件"), "prefecture_government"),
)
_SPEECH = re.compile(r"(?:讲话|講話|讲话稿|講話稿)$")
_CIRCULAR = re.compile(r"(?:通知|通报|通報)$")
_NOTICE = re.compile(r"(?:通知|通告|公告)$")
_BRIEFING_NAME = re.compile(r"简报|簡報")
_ISSUE_NO = re.compile(r"第\s*[0-9０-９一二三四五六七八九十百〇零]+\s*期")
_TRAILING_PAREN = re.compile(r"[（(][^（(）)]*[）)]$")


def issuer_from_number(doc_number: str) -> str | None:
    m = DOC_NUMBER.match(doc_number)
    if m is None:
        return None
    prefix = m.group("prefix")
    for pattern, issuer in _ISSUER_PREFIX:
        if pattern.fullmatch(prefix):
            return issuer
    return None


def infer(structure: Structure) -> tuple[dict[str, Any], list[Inference]]:
    """What the text itself says: 发文字号, issuer, title, date, kind (marked inferred)."""
    found: list[Inference] = []
    number = structure.first("doc_number")
    if number:
        number = re.sub(r"[ \t\u3000]+", "", number)
        found.append(
            Inference("doc_number", number, "版头中的发文字号", "the 发文字号 in the header")
        )
        issuer = issuer_from_number(number)
        if issuer:
            prefix = DOC_NUMBER.match(number).group("prefix")  # type: ignore[union-attr]
            found.append(
                Inference(
                    "issuer",
                    issuer,
                    f"发文字号代字“{prefix}”",
                    f"from the 发文字号 prefix {prefix}",
                )
            )
    masthead = structure.text_of("masthead")
    if not any(i.field == "issuer" for i in found):
        for pattern, issuer in _MASTHEAD_ISSUER:
            m = pattern.search(masthead)
            if m:
                found.append(
                    Inference(
                        "issuer", issuer, f"发文机关标志“{m.group(0)}”", f"masthead {m.group(0)}"
                    )
                )
                break
    title = _title(structure)
    if title:
        found.append(Inference("title", title, "标题", "the title line(s)"))
    day = _doc_date(structure, title)
    if day:
        found.append(day)
    values = {i.field: i.value for i in found}
    kind = _kind(title, masthead, values.get("issuer"), values.get("doc_number"))
    if kind:
        found.append(kind)
    return {i.field: i.value for i in found}, found


def _title(structure: Structure) -> str | None:
    lines = [p for p in structure.parts if p.name == "title"]
    if not lines:
        return None
    first = lines[0]  # a web copy repeats the title: the first block is the title
    text = re.sub(r"\s+", "", structure.text[first.start : first.end])
    # "在…上的讲话（2026年3月10日）": the date under a speech's title is not part of it.
    return _TITLE_DATE.sub("", text) or None


_TITLE_DATE = re.compile(r"[（(][^（(）)]*日[）)]$")


def _doc_date(structure: Structure, title: str | None) -> Inference | None:
    for part, why, why_en in (
        ("date", "成文日期", "the 成文日期"),
        ("title", "标题下的日期", "the date under the title"),
        ("masthead", "简报报头的日期", "the date in the masthead"),
    ):
        text = structure.text_of(part)
        m = DATE_LINE.search(text.translate(_FULLWIDTH)) if text else None
        if m:
            parsed = parse_date(m.group(0))
            if parsed:
                return Inference("date", parsed, why, why_en)
    return None


def _kind(
    title: str | None, masthead: str, issuer: str | None, number: str | None
) -> Inference | None:
    if _BRIEFING_NAME.search(masthead) and _ISSUE_NO.search(masthead):
        return Inference(
            "kind", "briefing", "报头有“简报”和期号", "a 简报 masthead with an issue number"
        )
    if not title:
        return None
    bare = _TRAILING_PAREN.sub("", title)
    if _SPEECH.search(bare):
        return Inference(
            "kind", "speech_bulletin", "标题以“讲话”结尾", "the title ends in 讲话 (a speech)"
        )
    if _BRIEFING_NAME.search(bare[-4:]):
        return Inference("kind", "briefing", "标题以“简报”结尾", "the title ends in 简报")
    if _CIRCULAR.search(bare) and issuer in PREFECTURE_ISSUERS and number and _is_fa_series(number):
        return Inference(
            "kind",
            "general_circular",
            f"标题以“{bare[-2:]}”结尾,发文字号“{number}”属州级发文机关的“发”字号(普发类)",
            f"title ends in {bare[-2:]} and {number} is a prefecture-level 发 series (general distribution)",
        )
    if _NOTICE.search(bare):
        return Inference(
            "kind", "notice", f"标题以“{bare[-2:]}”结尾", f"the title ends in {bare[-2:]}"
        )
    return None


def _is_fa_series(number: str) -> bool:
    m = DOC_NUMBER.match(number)
    return bool(m and _SERIES.search(m.group("prefix")))


# ---------------------------------------------------------------- dates

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> date | None:
    """2026-03-10, 2026年3月10日, 二〇二六年三月十日 (GB/T 9704 §7.3.5.4 uses Arabic numerals;
    older documents use Chinese ones)."""
    text = text.translate(_FULLWIDTH)
    m = _ISO.fullmatch(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = DATE_LINE.fullmatch(text) or DATE_LINE.search(text)
        if m is None:
            return None
        try:
            y, mo, d = (
                _cn_number(m.group("y"), True),
                _cn_number(m.group("m")),
                _cn_number(m.group("d")),
            )
        except (KeyError, ValueError):
            return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _cn_number(text: str, digits_only: bool = False) -> int:
    if text.isdigit():
        return int(text)
    if digits_only:  # 二〇二六: digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if "十" in text:  # 十, 十二, 二十, 二十三, 三十一
        tens, _, units = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
    return _CN_DIGITS[text]


# ---------------------------------------------------------------- resolution


def resolve(
    *,
    options: Mapping[str, Any] | None,
    sidecar: Mapping[str, Any],
    front_matter: Mapping[str, Any],
    inferred: Mapping[str, Any],
    inferences: list[Inference],
    errors: list[InputError],
) -> Metadata:
    """Merge the sources by precedence (option > sidecar > front matter > inferred > default)."""
    values: dict[str, Any] = {f: None for f in FIELDS}
    provenance: dict[str, str] = {}
    layers = (
        ("inferred", inferred),
        ("front_matter", front_matter),
        ("sidecar", sidecar),
        ("option", options or {}),
    )
    for source, layer in layers:
        for key, value in layer.items():
            if key in values and value is not None:
                values[key] = value
                provenance[key] = source
    if values["kind"] is None:
        values["kind"] = "other"
        provenance["kind"] = "default"
    used = tuple(i for i in inferences if provenance.get(i.field) == "inferred")
    return Metadata(values, provenance, used, tuple(errors))
