"""The report page: one self-contained HTML file, written as the store's cursors are read.

Nothing on the page comes from the network (inline CSS, inline SVG, no script). Every piece of
text that came from input — titles, unit names, messages, paths, approval references — goes
through `escape` (`html.escape`, quotes included), and every attribute value is quoted, so a
title like `<script>alert(1)</script>` is printed, not run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from html import escape
from importlib import resources
from typing import Any, TextIO

from ..findings import SEVERITIES
from ..store import Store, history
from ..store.model import FindingRow, UnitSummary
from . import charts
from .content import (
    Context,
    findings_by_norm,
    format_size,
    format_value,
    period_label,
)
from .labels import (
    APPROVERS,
    CHANGE_NAMES,
    SEVERITY_NAMES,
    SUBJECT_TYPES,
    UNIT_TYPES,
    label,
    named,
)

SECTIONS = ("summary", "regions", "departments", "centre", "trend", "by_norm", "resolved",
            "waivers", "errors", "audit")
CHINESE_NUMERALS = "一二三四五六七八九十"


def e(value: Any) -> str:
    """Escape for text and for quoted attribute values alike."""
    return escape("" if value is None else str(value), quote=True)


def write_html(out: TextIO, store: Store, ctx: Context) -> None:
    lang = ctx.lang
    out.write(_head(ctx))
    out.write(_masthead(ctx))
    out.write(_toc(ctx))
    _section(out, ctx, "summary")
    out.write(_summary(ctx))
    for kind, key in (("county", "regions"), ("department", "departments")):
        _section(out, ctx, key)
        _write_units(out, ctx, (u for u in history.unit_summaries(store.conn, ctx.period)
                                if u.unit_type == kind))
    others = [u for u in history.unit_summaries(store.conn, ctx.period)
              if u.unit_type not in ("county", "department")]
    if others:
        out.write(f"<h3>{e(label(lang, 'others'))}</h3>")
        _write_units(out, ctx, iter(others))
    _section(out, ctx, "centre")
    out.write(_centre(ctx))
    _section(out, ctx, "trend")
    out.write(_trend(ctx))
    _section(out, ctx, "by_norm")
    _write_norms(out, store, ctx)
    _section(out, ctx, "resolved")
    _write_resolved(out, store, ctx)
    _section(out, ctx, "waivers")
    _write_waivers(out, store, ctx)
    _section(out, ctx, "errors")
    _write_errors(out, store, ctx)
    _section(out, ctx, "audit")
    out.write(_audit(ctx))
    out.write(f"<footer>{e(label(lang, 'generated', when=ctx.generated_at))}</footer>")
    out.write("</body></html>\n")


def _head(ctx: Context) -> str:
    css = resources.files(__package__).joinpath("style.css").read_text(encoding="utf-8")
    lang_attr = "zh-CN" if ctx.lang == "zh" else "en"
    title = f"{label(ctx.lang, 'title')} · {period_label(ctx.period, ctx.lang)}"
    # A CSP that forbids every script and every fetch: if escaping ever failed, nothing runs.
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang_attr}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{e(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="efficiency-rules">'
        f"<title>{e(title)}</title><style>{css}</style></head><body>\n"
    )


def _masthead(ctx: Context) -> str:
    lang = ctx.lang
    meta = period_label(ctx.period, lang)
    return (
        f'<header class="masthead"><div class="office">{e(label(lang, "office"))}</div>'
        f"<h1>{e(label(lang, 'title'))}</h1>"
        f'<div class="meta">{e(meta)}</div></header>\n'
    )


def _heading(ctx: Context, key: str) -> str:
    number = SECTIONS.index(key)
    prefix = f"{CHINESE_NUMERALS[number]}、" if ctx.lang == "zh" else f"{number + 1}. "
    return prefix + label(ctx.lang, key)


def _toc(ctx: Context) -> str:
    items = "".join(f'<li><a href="#{k}">{e(_heading(ctx, k))}</a></li>' for k in SECTIONS)
    return f'<nav class="toc" aria-label="{e(label(ctx.lang, "toc"))}"><ol>{items}</ol></nav>\n'


def _section(out: TextIO, ctx: Context, key: str) -> None:
    out.write(f'<h2 id="{key}">{e(_heading(ctx, key))}</h2>\n')


# -- summary -------------------------------------------------------------------------------------


def _card(kind: str, key: str, value: Any, sub: str = "") -> str:
    return (f'<div class="card {kind}"><div class="k">{e(key)}</div>'
            f'<div class="v">{e(value)}</div><div class="s">{e(sub)}</div></div>')


def _summary(ctx: Context) -> str:
    lang = ctx.lang
    sev = SEVERITY_NAMES[lang]
    counties = ctx.unit_types.get("county", 0)
    departments = ctx.unit_types.get("department", 0)
    unit_sub = "，".join([label(lang, "counties_n", n=counties),
                         label(lang, "departments_n", n=departments)])
    cards = [
        _card("", label(lang, "units_checked"), ctx.units_checked, unit_sub),
        _card("", label(lang, "subjects_checked"), ctx.run.subjects),
        *(_card(s, sev[s], ctx.open.get(s, 0), label(lang, "open_findings")) for s in SEVERITIES),
        _card("", label(lang, "waived"), ctx.waived),
        _card("", label(lang, "escalations"), len(ctx.escalations)),
        _card("", label(lang, "unreadable"), ctx.run.errors),
    ]
    if ctx.previous:
        changes = (f"<p>{e(label(lang, 'vs_previous', previous=ctx.previous))}：")
        changes += "，".join(
            f"{e(label(lang, key))} <b>{ctx.changes.get(name, 0)}</b>"
            for key, name in (("new", "new"), ("persisting", "persisting"),
                              ("resolved_short", "resolved"))
        ) + "。</p>"
    else:
        changes = f"<p>{e(label(lang, 'first_period'))}</p>"
    replaced = "".join(
        f'<p class="notice">{e(label(lang, "replaced", when=r.started_at))}</p>'
        for r in ctx.run.replaced
    )
    return (f'{replaced}<div class="cards">{"".join(cards)}</div>{changes}'
            + _escalations(ctx) + "\n")


def _escalations(ctx: Context) -> str:
    lang = ctx.lang
    rule = f'<p class="note">{e(label(lang, "escalation_rule", n=ctx.escalation_periods))}</p>'
    if not ctx.escalations:
        return f"<h3>{e(label(lang, 'escalations'))}</h3><p>{e(label(lang, 'none'))}</p>{rule}"
    head = _row("th", [label(lang, k) for k in ("unit", "unit_type", "norm", "streak", "since",
                                                 "count")], numeric={3, 5})
    rows = "".join(
        _row("td", [x.unit, named(UNIT_TYPES, lang, x.unit_type), _norm_name(ctx, x.norm),
                    x.periods, x.since, x.findings], numeric={3, 5})
        for x in ctx.escalations
    )
    return (f"<h3>{e(label(lang, 'escalations'))}</h3>{rule}"
            f'<table class="escalations"><thead>{head}</thead><tbody>{rows}</tbody></table>')


def _row(cell: str, values: Iterable[Any], numeric: frozenset[int] | set[int] = frozenset(),
         raw: frozenset[int] | set[int] = frozenset(), cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    cells = []
    for n, value in enumerate(values):
        attr = ' class="n"' if n in numeric else ""
        cells.append(f"<{cell}{attr}>{value if n in raw else e(value)}</{cell}>")
    return f"<tr{klass}>{''.join(cells)}</tr>"


def _norm_name(ctx: Context, norm: str) -> str:
    info = ctx.norms.get(norm)
    return f"{norm} {info.title}" if info and info.title else norm


# -- units ---------------------------------------------------------------------------------------


def _write_units(out: TextIO, ctx: Context, units: Iterator[UnitSummary]) -> None:
    lang = ctx.lang
    sev = SEVERITY_NAMES[lang]
    head = _row("th", [label(lang, "unit"), *(sev[s] for s in SEVERITIES), label(lang, "waived"),
                       label(lang, "new"), label(lang, "norms")], numeric={1, 2, 3, 4, 5})
    out.write(f"<table class='units'><thead>{head}</thead><tbody>")
    empty = True
    for unit in units:
        empty = False
        escalated = set(ctx.escalated(unit.unit))
        norms = "、".join(
            f'<span class="esc" title="{e(label(lang, "escalations"))}">{e(n)}▲</span>'
            if n in escalated else e(n)
            for n in unit.norms
        ) or "—"
        total = sum(unit.open.values()) + unit.waived
        out.write(_row("td", [unit.unit, *(unit.open.get(s, 0) for s in SEVERITIES), unit.waived,
                              unit.new, norms], numeric={1, 2, 3, 4, 5}, raw={6},
                       cls="" if total else "zero"))
    if empty:
        out.write(f"<tr><td colspan='7'>{e(label(lang, 'none'))}</td></tr>")
    out.write("</tbody></table>\n")


# -- charts --------------------------------------------------------------------------------------


def _centre(ctx: Context) -> str:
    lang = ctx.lang
    if not ctx.ratios:
        return f"<p>{e(label(lang, 'no_ratios'))}</p>"
    figures = []
    for metric, key in (("CTR-1", "ctr1"), ("CTR-3", "ctr3")):
        points = [p for p in ctx.ratios if p.metric == metric]
        if points:
            svg = charts.ratio_bars(points, label(lang, key), label(lang, "pass"),
                                    label(lang, "fail"))
            figures.append(f"<figure><figcaption>{e(label(lang, key))}</figcaption>{svg}</figure>")
    return (f'<div class="charts">{"".join(figures)}</div>'
            f'<p class="note">{e(label(lang, "ratio_note"))}</p>\n')


def _trend(ctx: Context) -> str:
    lang = ctx.lang
    names = SEVERITY_NAMES[lang]
    caption = label(lang, "findings_by_severity")
    first = charts.severity_trend(ctx.trend, caption, names)
    parts = [f"<figure><figcaption>{e(caption)}</figcaption>{first}</figure>"]
    periods = [t.period for t in ctx.trend]
    for metric in ("CTR-1", "CTR-3"):
        points = [p for p in ctx.ratio_history if p.metric == metric]
        if not points:
            continue
        regions = sorted({p.region for p in points})
        series = [
            charts.Series(region, tuple((p.period, p.ratio) for p in points if p.region == region))
            for region in regions
        ]
        threshold = points[-1].threshold
        caption = label(lang, "ratio_trend", metric=metric)
        parts.append(f"<figure><figcaption>{e(caption)}</figcaption>"
                     f"{charts.ratio_trend(series, periods, threshold, caption)}</figure>")
    return f'<div class="charts">{"".join(parts)}</div>\n'


# -- findings ------------------------------------------------------------------------------------


def _write_norms(out: TextIO, store: Store, ctx: Context) -> None:
    lang = ctx.lang
    any_norm = False
    for norm, rows in findings_by_norm(store, ctx.period, status="open"):
        any_norm = True
        out.write(_norm_header(ctx, norm))
        head = _row("th", [label(lang, k) for k in ("unit", "subject", "problem", "values",
                                                     "severity", "change")])
        out.write(f"<table class='findings'>{_FINDING_COLS}<thead>{head}</thead><tbody>")
        out.writelines(_finding_tr(ctx, row) for row in rows)
        out.write("</tbody></table></section>\n")
    if not any_norm:
        out.write(f"<p>{e(label(lang, 'no_findings'))}</p>")


# Fixed column widths so the tables of successive norms line up.
_FINDING_COLS = ("<colgroup><col style='width:13%'><col style='width:25%'><col style='width:31%'>"
                 "<col style='width:17%'><col style='width:7%'><col style='width:7%'></colgroup>")


def _norm_header(ctx: Context, norm: str) -> str:
    info = ctx.norms.get(norm)
    title = f' {e(info.title)}' if info and info.title else ""
    quote = ""
    if info and info.quote:
        cite = f"<cite>{e(label(ctx.lang, 'section'))}：{e(info.section)}</cite>" if info.section else ""
        quote = f"<blockquote>{e(info.quote)}{cite}</blockquote>"
    return (f'<section class="norm" id="norm-{e(norm)}"><h3><span class="id">{e(norm)}</span>'
            f"{title}</h3>{quote}")


def _subject_cell(ctx: Context, row: FindingRow) -> str:
    kind = named(SUBJECT_TYPES, ctx.lang, row.subject_type)
    path = f'<span class="path">{e(row.subject_path)}</span>' if row.subject_path else ""
    related = ""
    if row.related:
        names = "、".join(e(r.get("id") or r.get("path") or "") for r in row.related)
        related = f'<span class="path">{e(label(ctx.lang, "related"))}：{names}</span>'
    return f'<td class="subject">{e(kind)}：{e(row.subject_id)}{path}{related}</td>'


def _values_text(values: Mapping[str, Any]) -> str:
    """Values as `key：value`; a ratio's numerator and denominator read as one n/d (pct)."""
    if not values:
        return "—"
    items = dict(values)
    shown = []
    if isinstance(items.get("numerator"), int) and isinstance(items.get("denominator"), int):
        ratio = {"numerator": items.pop("numerator"), "denominator": items.pop("denominator")}
        shown.append(f"ratio：{format_value(ratio)}")
    shown.extend(f"{k}：{format_value(v)}" for k, v in items.items())
    return "；".join(shown)


def _finding_tr(ctx: Context, row: FindingRow) -> str:
    lang = ctx.lang
    sev = f'<span class="sev {e(row.severity)}">{e(named(SEVERITY_NAMES, lang, row.severity))}</span>'
    change = (f'<span class="chg {e(row.change)}">{e(named(CHANGE_NAMES, lang, row.change))}</span>'
              if row.change else "")
    message = e(row.message(lang))
    suggestion = row.suggestion(lang)
    if suggestion:
        message += f'<span class="path">{e(label(lang, "suggestion"))}：{e(suggestion)}</span>'
    return (f"<tr><td>{e(row.unit or '—')}</td>{_subject_cell(ctx, row)}<td>{message}</td>"
            f"<td>{e(_values_text(row.values))}</td><td>{sev}</td><td>{change}</td></tr>")


def _write_resolved(out: TextIO, store: Store, ctx: Context) -> None:
    lang = ctx.lang
    if not ctx.previous:
        out.write(f"<p>{e(label(lang, 'first_period'))}</p>")
        return
    head = _row("th", [label(lang, k) for k in ("norm", "unit", "subject", "problem",
                                                 "severity")])
    wrote = False
    for ref in history.iter_resolved(store.conn, ctx.period):
        if not wrote:
            out.write(f"<table class='resolved'><thead>{head}</thead><tbody>")
            wrote = True
        kind = named(SUBJECT_TYPES, lang, ref.subject_type)
        out.write(_row("td", [ref.norm, ref.unit or "—", f"{kind}：{ref.subject_id}", ref.message,
                              named(SEVERITY_NAMES, lang, ref.severity)]))
    out.write("</tbody></table>\n" if wrote else f"<p>{e(label(lang, 'no_resolved'))}</p>")


def _write_waivers(out: TextIO, store: Store, ctx: Context) -> None:
    lang = ctx.lang
    head = _row("th", [label(lang, k) for k in ("norm", "unit", "subject", "problem",
                                                 "approved_by", "ref", "date")])
    wrote = False
    for row in history.iter_findings(store.conn, ctx.period, status="waived"):
        if not wrote:
            out.write(f"<table class='waivers'><thead>{head}</thead><tbody>")
            wrote = True
        waiver = row.waiver or {}
        out.write(
            f"<tr><td>{e(_norm_name(ctx, row.norm))}</td><td>{e(row.unit or '—')}</td>"
            f"{_subject_cell(ctx, row)}<td>{e(row.message(lang))}</td>"
            f"<td>{e(named(APPROVERS, lang, waiver.get('by')))}</td>"
            f"<td>{e(waiver.get('ref') or '—')}</td><td>{e(waiver.get('date') or '—')}</td></tr>"
        )
    out.write("</tbody></table>\n" if wrote else f"<p>{e(label(lang, 'no_waivers'))}</p>")


def _write_errors(out: TextIO, store: Store, ctx: Context) -> None:
    lang = ctx.lang
    head = _row("th", [label(lang, k) for k in ("path", "field", "line", "message")],
                numeric={2})
    wrote = False
    for err in history.iter_errors(store.conn, ctx.period):
        if not wrote:
            out.write(f"<table class='errors'><thead>{head}</thead><tbody>")
            wrote = True
        out.write(_row("td", [err.path, err.field or "—", err.line or "—", err.text(lang)],
                       numeric={2}))
    out.write("</tbody></table>\n" if wrote else f"<p>{e(label(lang, 'no_errors'))}</p>")


def _audit(ctx: Context) -> str:
    lang = ctx.lang
    run = ctx.run
    files, size = ctx.inputs
    rows = [
        ("run_started", run.started_at),
        ("run_finished", run.finished_at),
        ("run_status", label(lang, run.status) if run.status in ("complete", "incomplete")
         else run.status),
        ("rules_hash", run.rules_hash),
        ("calendar", run.calendar_version),
        ("inputs", label(lang, "inputs_n", n=files, size=format_size(size))),
    ]
    body = "".join(f"<dt>{e(label(lang, k))}</dt><dd>{e(v)}</dd>" for k, v in rows)
    params = json.dumps(ctx.parameters, ensure_ascii=False, sort_keys=True)
    body += f"<dt>{e(label(lang, 'parameters'))}</dt><dd><code>{e(params)}</code></dd>"
    return f'<dl class="audit">{body}</dl>\n'

