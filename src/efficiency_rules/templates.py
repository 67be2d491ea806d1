"""Message templates: `{name}` (or `{name:%}`, a share as a percentage) placeholders filled
from a finding's values, nothing else.

Python's str.format would let a template reach attributes (`{x.__class__}`); this fills only
plain names, and formats numbers the way the users read them (3,412 字; 94.00%)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(:%)?\}")


def format_value(value: Any, lang: str = "zh") -> str:
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return f"{value.numerator:,}"
        return f"{float(value) * 100:.2f}%" if 0 <= value <= 1 else f"{float(value):,.2f}"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        hours, rest = divmod(minutes, 60)
        if lang == "zh":
            return f"{hours} 小时 {rest} 分钟" if rest else f"{hours} 小时"
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(format_value(v, lang) for v in value) if lang == "zh" else ", ".join(
            format_value(v, lang) for v in value)
    if value is None:
        return "—"
    from .findings import shown_path

    return shown_path(str(value))  # values come from inputs: no control characters in a message


def render(template: str, values: Mapping[str, Any], lang: str = "zh") -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        value = values[name]
        if match.group(2) and isinstance(value, (int, float, Fraction)) and not isinstance(value, bool):
            return f"{float(value) * 100:.1f}%"  # `{x:%}`: a share shown as a percentage
        return format_value(value, lang)

    return _PLACEHOLDER.sub(fill, template)
