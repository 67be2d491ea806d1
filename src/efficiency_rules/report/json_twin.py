"""The report's JSON twin: the same content as the page, for scripts, written as it streams.

Findings keep the shape of the JSON output contract (DESIGN.md) and add `fingerprint`,
`change` (new | persisting) and `unit_type`. Ratios are integer numerator/denominator pairs,
never a float alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, TextIO

from .. import __version__
from ..store import Store, history
from ..store.model import FindingRef, FindingRow, RatioPoint
from .content import Context, findings_by_norm


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def finding_json(row: FindingRow, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "norm": row.norm,
        "rule": row.rule,
        "severity": row.severity,
        "status": row.status,
        "subject": {"type": row.subject_type, "id": row.subject_id, "path": row.subject_path,
                    "unit": row.unit},
        "unit_type": row.unit_type,
        "message": row.message(lang),
        "values": dict(row.values),
        "location": dict(row.location) if row.location else None,
        "related": [dict(r) for r in row.related],
        "waiver": dict(row.waiver) if row.waiver else None,
        "fingerprint": row.fingerprint,
        "change": row.change,
    }
    suggestion = row.suggestion(lang)
    if suggestion:
        out["suggestion"] = suggestion
    return out


def ref_json(ref: FindingRef) -> dict[str, Any]:
    return {"norm": ref.norm, "severity": ref.severity, "status": ref.status,
            "subject": {"type": ref.subject_type, "id": ref.subject_id, "unit": ref.unit},
            "message": ref.message, "fingerprint": ref.fingerprint}


def ratio_json(point: RatioPoint) -> dict[str, Any]:
    return {"period": point.period, "region": point.region, "metric": point.metric,
            "numerator": point.numerator, "denominator": point.denominator,
            "threshold": {"numerator": point.threshold.numerator,
                          "denominator": point.threshold.denominator},
            "passes": point.passes, "recomputed": point.recomputed}


def _array(out: TextIO, items: Iterable[Any]) -> None:
    out.write("[")
    out.writelines(("," if n else "") + "\n  " + _dump(item) for n, item in enumerate(items))
    out.write("]")


def write_json(out: TextIO, store: Store, ctx: Context) -> None:
    conn, period, lang = store.conn, ctx.period, ctx.lang
    head = {
        "tool": {"name": "efficiency-rules", "version": __version__},
        "report": {"period": period, "generated_at": ctx.generated_at, "lang": lang},
        "run": {**{k: v for k, v in asdict(ctx.run).items() if k not in ("run_id", "replaced")},
                "parameters": ctx.parameters,
                "inputs": {"files": ctx.inputs[0], "bytes": ctx.inputs[1]},
                "replaced": [asdict(r) for r in ctx.run.replaced]},
        "summary": {
            "units": {"total": ctx.units_checked,
                      **{(k or "other"): v for k, v in ctx.unit_types.items()}},
            "subjects": ctx.run.subjects,
            "findings": dict(ctx.open),
            "waived": ctx.waived,
            "errors": ctx.run.errors,
            "changes": {"previous_period": ctx.previous, **ctx.changes},
            "escalation_periods": ctx.escalation_periods,
            "escalations": [asdict(x) for x in ctx.escalations],
        },
        "centre": [ratio_json(p) for p in ctx.ratios],
        "trend": {
            "findings": [{"period": t.period, "open": dict(t.open), "waived": t.waived,
                          "errors": t.errors, "by_norm": dict(t.by_norm)} for t in ctx.trend],
            "ratios": [ratio_json(p) for p in ctx.ratio_history],
        },
    }
    # The head is small; write it, then leave the object open for the streamed arrays.
    out.write(_dump(head)[:-1])
    out.write(',\n"units": ')
    _array(out, ({"unit": u.unit, "type": u.unit_type, "findings": dict(u.open),
                  "waived": u.waived, "new": u.new, "norms": list(u.norms),
                  "escalated": ctx.escalated(u.unit)}
                 for u in history.unit_summaries(conn, period)))
    out.write(',\n"norms": [')
    for n, (norm, rows) in enumerate(findings_by_norm(store, period, status="open")):
        info = ctx.norms.get(norm)
        meta = {"norm": norm, "title": info.title if info else None,
                "section": info.section if info else None, "quote": info.quote if info else None}
        out.write(("," if n else "") + "\n " + _dump(meta)[:-1] + ', "findings": ')
        _array(out, (finding_json(r, lang) for r in rows))
        out.write("}")
    out.write('],\n"resolved": ')
    _array(out, (ref_json(r) for r in history.iter_resolved(conn, period)))
    out.write(',\n"waivers": ')
    _array(out, (finding_json(r, lang) for r in
                 history.iter_findings(conn, period, status="waived")))
    out.write(',\n"errors": ')
    _array(out, ({"path": x.path, "message": x.text(lang), "field": x.field, "line": x.line}
                 for x in history.iter_errors(conn, period)))
    out.write("}\n")
