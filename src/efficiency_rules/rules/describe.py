"""`rules show` and `rules coverage`: a rule documented under fixed headings (Ruff's habit),
and every norm of NORMS.md with the rules that check it."""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..findings import json_value
from ..i18n import pad, severity
from .model import Rule


def describe(rule: Rule, lang: str = "zh") -> str:
    zh = lang == "zh"
    lines = [
        f"{rule.id} — {rule.title.get(lang)}",
        (f"  {'规范' if zh else 'norm'}: {rule.norm}   {'级别' if zh else 'severity'}: {severity(lang, rule.severity)}"
         f" ({rule.severity_reason})"),
        (f"  {'依据' if zh else 'clause'}: {rule.clause.section}「{rule.clause.quote}」"
         f"  {'用语' if zh else 'word'}: {rule.clause.word or '—'}"),
    ]
    if zh and rule.clause.quote_zh and rule.clause.quote_zh != rule.clause.quote:
        lines.append(f"  {'简体' if zh else 'simplified'}: 「{rule.clause.quote_zh}」")
    lines.append(f"  {'对象' if zh else 'subject'}: {rule.subject}   "
                 f"{'可豁免' if zh else 'waivable'}: {rule.waivable}   file: {rule.path}")
    if rule.when:
        lines.append(f"  when:    {rule.when}")
    lines.append(f"  require: {rule.require}")
    for name, p in rule.params.items():
        dated = ", ".join(f"{d.isoformat()} 起 {json_value(v)}" if zh else f"from {d.isoformat()}: {json_value(v)}"
                          for d, v in p.values)
        lines.append(f"  params.{name} = {dated} {p.unit or ''}  ({p.source or ''})")
    lines.append(f"  {'消息' if zh else 'message'}: {rule.message.get(lang)}")
    lines.append(f"  {'示例' if zh else 'examples'}:")
    for ex in rule.examples:
        mark = "✗" if ex.expect_fire else "✓"
        lines.append(f"    {mark} {ex.name}")
    return "\n".join(lines)


def coverage(pack: Any) -> list[dict[str, Any]]:
    rows = []
    for norm_id, norm in pack.catalogue.items():
        rules = [c.rule for c in pack.rules if c.rule.norm == norm_id]
        rows.append({
            "norm": norm_id, "section": norm.get("section"), "checkable": bool(norm.get("checkable")),
            "rules": [r.id for r in rules],
            "examples": {"pass": sum(1 for r in rules for e in r.examples if not e.expect_fire),
                         "fail": sum(1 for r in rules for e in r.examples if e.expect_fire)},
            "what": norm.get("what"),
        })
    return rows


def write_coverage(rows: list[dict[str, Any]], out: TextIO, fmt: str) -> None:
    if fmt == "json":
        json.dump({"norms": rows}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    missing = [r for r in rows if r["checkable"] and not r["rules"]]
    for r in rows:
        if not r["checkable"]:
            status = f"—  不由规则检查:{r['what']}"
        elif r["rules"]:
            status = f"✓  {', '.join(r['rules'])}  (示例 {r['examples']['pass']} 通过 / {r['examples']['fail']} 违反)"
        else:
            status = "✗  无规则 NO RULE"
        out.write(f"{r['norm']:<7} {pad(r['section'] or '', 9)} {status}\n")
    checkable = sum(1 for r in rows if r["checkable"])
    out.write(f"{checkable - len(missing)}/{checkable} 条可检查规范已有规则 checkable norms covered\n")
    if missing:
        out.write("未覆盖 uncovered: " + ", ".join(r["norm"] for r in missing) + "\n")
