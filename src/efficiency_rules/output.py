"""Reporters: text (read like a good linter's), the JSON contract of DESIGN.md, and SARIF."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from . import __version__
from .findings import SEVERITIES, SEVERITY_RANK, Finding, RunResult
from .i18n import ATTESTATIONS, approver, severity, word


def exit_code(result: RunResult, fail_on: str) -> int:
    """0 nothing open at or above --fail-on; 1 open findings or unreadable inputs (DESIGN.md)."""
    threshold = SEVERITY_RANK[fail_on]
    if result.errors:
        return 1
    for f in result.findings:
        if f.status == "open" and SEVERITY_RANK[f.severity] >= threshold:
            return 1
    return 0


def summary(result: RunResult) -> dict[str, Any]:
    counts = {s: 0 for s in SEVERITIES}
    waived = 0
    for f in result.findings:
        if f.status == "open":
            counts[f.severity] += 1
        else:
            waived += 1
    return {"subjects": result.subjects, "findings": counts, "waived": waived, "errors": len(result.errors)}


def to_json(result: RunResult, lang: str) -> dict[str, Any]:
    return {
        "tool": {"name": "efficiency-rules", "version": __version__},
        "findings": [f.to_json(lang) for f in sorted_findings(result.findings)],
        "errors": [e.to_json(lang) for e in result.errors],
        "notes": list(result.notes),
        "summary": summary(result),
        **result.details,
    }


def write_json_stream(result: RunResult, out: TextIO, lang: str, extra: Mapping[str, Any]) -> None:
    """The same JSON contract, written finding by finding (a scan's findings may be spooled on
    disk; building one string of them all would hold them all in memory)."""
    dumps = json.dumps
    out.write(f'{{"tool": {dumps({"name": "efficiency-rules", "version": __version__})}, "findings": [')
    out.writelines(("," if i else "") + "\n" + dumps(f.to_json(lang), ensure_ascii=False) for i, f in enumerate(result.findings))
    out.write('\n], "errors": ' + dumps([e.to_json(lang) for e in result.errors], ensure_ascii=False))
    out.write(', "notes": ' + dumps(list(result.notes), ensure_ascii=False))
    out.write(', "summary": ' + dumps(summary(result), ensure_ascii=False))
    out.writelines(f", {dumps(key)}: " + dumps(value, ensure_ascii=False) for key, value in extra.items())
    out.write("}\n")


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.subject.path or "", f.subject.id, -SEVERITY_RANK[f.severity], f.norm))


def write_json(result: RunResult, out: TextIO, lang: str) -> None:
    # Indented for a person at a terminal; compact (C encoder, several times faster) for scripts.
    # json.dumps, not json.dump: only the one-shot encoder runs in C.
    out.write(json.dumps(to_json(result, lang), ensure_ascii=False, indent=2 if out.isatty() else None))
    out.write("\n")


def write_text(result: RunResult, out: TextIO, lang: str, clauses: Mapping[str, Mapping[str, str]],
               area: str | None = None, color: bool = False) -> None:
    """Grouped by subject like a good linter: a header per file (with where its metadata came
    from), then each finding — what is wrong, the clause it breaks, the numbers, what to do."""
    by_subject: dict[str, list[Finding]] = {}
    for f in sorted_findings(result.findings):
        by_subject.setdefault(f.subject.path or f.subject.id, []).append(f)
    docs = {d.get("path"): d for d in result.details.get("documents", [])}
    for key, findings in by_subject.items():
        out.write(_subject_header(key, docs.get(key), lang, color) + "\n")
        for f in findings:
            _write_finding(f, out, lang, clauses, color)
    for e in result.errors:
        where = e.path + (f":{e.line}" if e.line else "")
        detail = f" [{e.field}]" if e.field else ""
        value = f" = {e.value!r}" if e.value is not None else ""
        out.write(f"{where}: [{word(lang, 'unreadable')}]{detail}{value} {e.text(lang)}\n")
    out.writelines(f"  · {note}\n" for note in result.notes)
    s = summary(result)
    out.write(word(lang, "summary").format(subjects=s["subjects"], waived=s["waived"], errors=s["errors"],
                                           **s["findings"]) + "\n")
    if area in ATTESTATIONS:
        norm, text = ATTESTATIONS[area][lang if lang in ("zh", "en") else "zh"]
        label = word(lang, "checklist_meetings" if area == "meetings" else "checklist")
        out.write(f"{label}:□ {text}({norm})\n")


_SOURCES = {
    "zh": {"option": "命令行", "sidecar": "元数据文件", "front_matter": "文首元数据", "inferred": "推断",
           "default": "默认"},
    "en": {"option": "option", "sidecar": "sidecar", "front_matter": "front matter", "inferred": "inferred",
           "default": "default"},
}


def _subject_header(key: str, doc: Mapping[str, Any] | None, lang: str, color: bool) -> str:
    bold = ("\033[1m", "\033[0m") if color else ("", "")
    if not doc:
        return f"{bold[0]}{key}{bold[1]}"
    sources = _SOURCES.get(lang, _SOURCES["zh"])
    provenance = doc.get("provenance") or {}
    bits = []
    for field in ("kind", "issuer", "unit"):
        if doc.get(field):
            bits.append(f"{field}={doc[field]}({sources.get(provenance.get(field, ''), provenance.get(field, '?'))})")
    return f"{bold[0]}{key}{bold[1]}  " + "  ".join(bits)


def _write_finding(f: Finding, out: TextIO, lang: str, clauses: Mapping[str, Mapping[str, str]],
                   color: bool) -> None:
    out.write("  " + _headline(f, lang, color) + "\n")
    clause = clauses.get(f.rule) or {}
    if clause:
        quote = clause.get("quote_zh") if lang == "zh" else clause.get("quote")
        out.write(f"      {word(lang, 'basis')} {clause.get('section', '')}「{quote or clause.get('quote')}」"
                  f"({word(lang, 'word')}:{(clause.get('word_zh') if lang == 'zh' else clause.get('word')) or '—'})\n")
    if f.waiver:
        w = f.waiver
        out.write(f"      {word(lang, 'waived')}:{w.ref or ''} {word(lang, 'by')} {approver(lang, w.by)} "
                  f"{w.date or ''}\n")
    suggestion = f.suggestion(lang)
    if suggestion and f.status == "open":
        out.write(f"      {word(lang, 'suggest')}:{suggestion}\n")
    for rel in f.related:
        label = rel.get("title") or rel.get("path") or ""
        out.write(f"      {word(lang, 'related')}:{rel.get('id') or ''} {label}\n")


_COLORS = {"error": "\033[31m", "warning": "\033[33m", "suggestion": "\033[36m"}


def _headline(f: Finding, lang: str, color: bool) -> str:
    loc = f.location or {}
    where = f"{loc['line']}:{loc.get('column', 1)}  " if loc.get("line") else ""
    if f.subject.path and f.subject.id and f.subject.type != "document":
        where += f"{f.subject.id}  "
    level = severity(lang, f.severity)
    if f.status == "waived":
        level = f"{level}·{word(lang, 'waived')}"
    if color:
        level = f"{_COLORS[f.severity]}{level}\033[0m"
    return f"{where}[{level}] {f.message(lang)} ({f.rule})"


def write_sarif(result: RunResult, out: TextIO, lang: str, rules_meta: Mapping[str, Mapping[str, Any]]) -> None:
    """SARIF 2.1.0, so the findings show in editors and code-review tools."""
    level = {"error": "error", "warning": "warning", "suggestion": "note"}
    used = sorted({f.rule for f in result.findings})
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "efficiency-rules", "version": __version__,
                "rules": [{"id": r, "name": rules_meta.get(r, {}).get("norm", r),
                           "shortDescription": {"text": rules_meta.get(r, {}).get("title", r)},
                           "fullDescription": {"text": rules_meta.get(r, {}).get("quote", "")}} for r in used],
            }},
            "results": [{
                "ruleId": f.rule, "level": level[f.severity], "message": {"text": f.message(lang)},
                "kind": "review" if f.status == "waived" else "fail",
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.subject.path or f.subject.id},
                    "region": {"startLine": (f.location or {}).get("line", 1),
                               "startColumn": (f.location or {}).get("column", 1)}}}],
                "properties": {"norm": f.norm, "status": f.status,
                               "values": f.to_json(lang)["values"]},
            } for f in sorted_findings(result.findings)],
            "invocations": [{"executionSuccessful": not result.errors,
                             "toolExecutionNotifications": [
                                 {"level": "error", "message": {"text": f"{e.path}: {e.text(lang)}"}}
                                 for e in result.errors]}],
        }],
    }
    json.dump(sarif, out, ensure_ascii=False, indent=2)
    out.write("\n")
