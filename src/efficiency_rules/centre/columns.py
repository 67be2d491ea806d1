"""Column specs for the centre tables, compiled once from the record schemas.

A schema property with `x-aliases` (or listed in `x-table.required_columns`) is a column; its
JSON type says how a cell is converted: `format: date` → `datetime.date`, `integer` → a count
(never negative), `boolean` → bool, `array` → a list split on ; ； or 、, `enum` → the canonical
value (with `x-enum-aliases` for Chinese words). An empty cell takes the property's `default`,
or None where the type allows null, and is an error otherwise.

Rows are checked with a tuple of converter functions built here, not with jsonschema per row
(1,000,000 rows go through them; see bench/bench_centre.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from ..paths import schemas_dir

Converter = Callable[[str], Any]


class CellError(ValueError):
    """A cell that cannot be converted: zh and en explanations of what was expected."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


# Headers may be written in traditional or simplified script; aliases are listed in simplified
# and headers are folded onto it with this table (only characters that occur in the aliases).
_T2S = str.maketrans(
    "區縣項編碼號稱類別門進駐機關準領時認辦結數請長審訴處調間場達補齊決統計總報內費務聯與體見單識結現當實屬況屆滿延論間戶醫險層級簽覈據",
    "区县项编码号称类别门进驻机关准领时认办结数请长审诉处调间场达补齐决统计总报内费务联与体见单识结现当实属况届满延论间户医险层级签核据",
)


def fold(text: str) -> str:
    """A header or enum word normalised for lookup: trimmed, lower-case, simplified script."""
    return text.strip().strip("\ufeff").replace("\u3000", "").replace(" ", "").lower().translate(_T2S)


# -- cell converters -----------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?$")
_PERIOD_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_TRUE = frozenset({"true", "1", "是", "yes", "y", "t", "√"})
_FALSE = frozenset({"false", "0", "否", "no", "n", "f", "×"})
_SPLIT_RE = re.compile(r"[;；、]")

_DATE_HINT = ("不是有效日期(应写作 2026-10-09、2026/10/9 或 2026年10月9日)",
              "is not a date (write 2026-10-09, 2026/10/9 or 2026年10月9日)")


def parse_date(text: str) -> date:
    """2026-10-09, 2026/10/9, 2026.10.9 or 2026年10月9日."""
    m = _DATE_RE.match(text)
    if not m:
        raise CellError(*_DATE_HINT)
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise CellError(*_DATE_HINT) from None


def parse_period(text: str) -> str:
    m = _PERIOD_RE.match(text)
    if not m or not 1 <= int(m[2]) <= 12:
        raise CellError("不是有效月份(应写作 2026-10)", "is not a month (write 2026-10)")
    return f"{int(m[1]):04d}-{int(m[2]):02d}"


def parse_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        try:  # spreadsheets write whole numbers as 3.0
            f = float(text)
        except ValueError:
            raise CellError("不是整数", "is not a whole number") from None
        if not f.is_integer():
            raise CellError("不是整数", "is not a whole number") from None
        value = int(f)
    if value < 0:
        raise CellError("不能为负数", "must not be negative")
    return value


def parse_bool(text: str) -> bool:
    key = text.lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("不是有效的是/否值(应写作 是/否、true/false 或 1/0)",
                    "is not a yes/no value (write true/false, 1/0 or 是/否)")


def parse_list(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT_RE.split(text) if part.strip()]


def enum_parser(allowed: list[str], aliases: Mapping[str, str]) -> Converter:
    table = {fold(v): v for v in allowed if v}
    table.update({fold(k): v for k, v in aliases.items()})
    shown = " | ".join(v for v in allowed if v)

    def parse_enum(text: str) -> str:
        try:
            return table[fold(text)]
        except KeyError:
            raise CellError(f"不是允许的取值({shown})", f"is not one of {shown}") from None

    return parse_enum


# -- specs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    required: bool  # the header must be present
    convert: Converter  # applied to a stripped, non-empty cell
    empty: Any  # the value of an empty cell
    empty_ok: bool


@dataclass(frozen=True)
class TableSpec:
    table: str  # file stem: items, cases, monthly, complaints
    columns: tuple[Column, ...]
    headers: Mapping[str, str]  # folded header or alias → column name

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _converter(prop: Mapping[str, Any]) -> Converter:
    types = prop.get("type")
    kind = next(t for t in types if t != "null") if isinstance(types, list) else types
    if prop.get("x-parse") == "period":
        return parse_period
    if kind == "string" and prop.get("format") == "date":
        return parse_date
    if kind == "integer":
        return parse_count
    if kind == "boolean":
        return parse_bool
    if kind == "array":
        return parse_list
    if "enum" in prop:
        return enum_parser(list(prop["enum"]), prop.get("x-enum-aliases", {}))
    return str


def spec_from_schema(schema: Mapping[str, Any]) -> TableSpec:
    table = schema["x-table"]
    required = set(table.get("required_columns", []))
    columns: list[Column] = []
    headers: dict[str, str] = {}
    for name, prop in schema["properties"].items():
        if prop.get("x-derived"):
            continue
        nullable = isinstance(prop.get("type"), list) and "null" in prop["type"]
        empty_ok = "default" in prop or nullable
        columns.append(Column(name, name in required, _converter(prop), prop.get("default"), empty_ok))
        for header in [name, *prop.get("x-aliases", [])]:
            headers[fold(header)] = name
    return TableSpec(str(table["file"]), tuple(columns), headers)


@cache
def table_spec(schema_name: str) -> TableSpec:
    """The spec of `schemas/<schema_name>.schema.json` (item, case, monthly, complaint)."""
    path = schemas_dir() / f"{schema_name}.schema.json"
    return spec_from_schema(json.loads(path.read_text(encoding="utf-8")))
