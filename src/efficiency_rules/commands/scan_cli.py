"""The `scan` command around `check_submission`: store, history, report, output."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from ..findings import RunResult
from .scan import (
    ScanConfig,
    ScanError,
    check_submission,
    earlier_siblings,
    read_scan_config,
    resolve_period,
)


def run_scan_command(folder: Path, *, period: str | None, db: Path | None, report: Path | None, jobs: int,
                     backfill: bool, fmt: str, fail_on: str, extra_rules: tuple[Path, ...],
                     config: Path | None, lang: str, calendar_file: Path | None = None) -> int:
    from ..cli import load_config
    from ..output import exit_code

    try:
        scan_config = read_scan_config(folder)
        the_period = resolve_period(folder, period, scan_config)
        if calendar_file is not None:
            scan_config = replace(scan_config, calendar=calendar_file)
    except ScanError as exc:
        click.echo(str(exc), err=True)
        return 2
    from ..cli import known_rule_ids, settings_problems

    settings = load_config(config)
    known = known_rule_ids(extra_rules)
    problems = settings_problems({"params": dict(scan_config.params)}, known)
    problems += settings_problems(settings, known) if settings else []
    if problems:
        click.echo("\n".join(f"{folder / 'scan.yaml'} / --config: {p}" for p in problems), err=True)
        return 2
    overrides = _merge(scan_config.params, settings.get("params") or {})
    pack = get_pack_with(extra_rules, overrides, settings.get("disable") or ())
    store = _open_store(db or folder.resolve().parent / "scans.sqlite")
    try:
        notes = _backfill(folder, the_period, store, pack, jobs, fmt) if backfill else []
        result, info = _scan_one(folder, the_period, scan_config, store, pack, jobs, fmt)
        result.notes[:0] = notes
        if report and not report.resolve().parent.is_dir():
            click.echo(f"{report}: 报告所在目录不存在 (the report's folder does not exist)", err=True)
            return 2
        written = _render(store, the_period, report, pack, lang, scan_config) if report else []
        _emit(result, store, the_period, info, written, scan_config, fmt, lang, pack)
    finally:
        store.close()
    return exit_code(result, fail_on)


def get_pack_with(extra: tuple[Path, ...], overrides: dict[str, Any], disabled: Any = ()) -> Any:
    from ..engine import load_pack
    from ..rules.errors import RuleLoadError

    try:
        return load_pack(list(extra), overrides, disabled=disabled)
    except RuleLoadError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)


def _merge(*layers: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for layer in layers:
        for key, values in (layer or {}).items():
            out.setdefault(str(key), {}).update(values or {})
    return out


def _open_store(path: Path) -> Any:
    import sqlite3

    from ..store import SchemaTooNew, Store

    try:
        return Store.open(path)
    except (SchemaTooNew, OSError, sqlite3.Error) as exc:
        click.echo(f"{path}: 无法打开历史库 cannot open the history store: {exc}", err=True)
        sys.exit(2)


def _scan_one(folder: Path, period: str, config: ScanConfig, store: Any, pack: Any, jobs: int,
              fmt: str) -> tuple[RunResult, Any]:
    from ..report import Progress
    from .scan import audit_for

    started = dt.datetime.now(dt.UTC)
    with Progress(None, f"扫描 {period}", json_mode=fmt != "text") as bar:
        def progress(area: str, done: int, total: int) -> None:
            bar.set_total(total)
            bar.advance(done - bar.done, note=area)

        outcome = check_submission(folder, period, config, pack, jobs=jobs, progress=progress)
    audit = audit_for(pack, folder, started)
    info = store.write_run(period, outcome.result, audit, outcome.units, metrics=outcome.metrics)
    return outcome.result, info


def _backfill(folder: Path, period: str, store: Any, pack: Any, jobs: int, fmt: str) -> list[str]:
    """Earlier months beside this one that the store lacks are scanned first, oldest first, so
    the trend and the what-changed comparison have their history."""
    notes = []
    for sibling in earlier_siblings(folder, period, store.periods()):
        try:
            config = read_scan_config(sibling)
            sibling_period = resolve_period(sibling, None, config)
        except ScanError as exc:
            notes.append(f"未补扫 {sibling.name}: {exc}")
            continue
        if sibling_period >= period or sibling_period in store.periods():
            continue
        _scan_one(sibling, sibling_period, config, store, pack, jobs, fmt)
        notes.append(f"已补扫历史月份 {sibling_period} (scanned earlier month {sibling.name} into the history)")
    return notes


def norm_infos(pack: Any) -> dict[str, dict[str, Any]]:
    """Each norm's clause for the report, in the users' script (quotes converted, DESIGN.md)."""
    infos: dict[str, dict[str, Any]] = {}
    for norm_id, norm in pack.catalogue.items():
        rule = next((c.rule for c in pack.rules if c.rule.norm == norm_id), None)
        quote = rule.clause.quote_zh if rule and rule.clause.quote_zh else norm.get("quote", "")
        title = rule.title.get("zh") if rule else norm.get("what", "")
        infos[norm_id] = {"quote": quote, "section": norm.get("section"), "title": title}
    return infos


def _render(store: Any, period: str, report: Path, pack: Any, lang: str, config: ScanConfig) -> list[Path]:
    from ..report import render_report

    json_path, xlsx_path = report.with_suffix(".json"), report.with_suffix(".xlsx")
    render_report(store, period, report, json_path=json_path, xlsx_path=xlsx_path, norms=norm_infos(pack),
                  lang=lang, escalation_periods=config.escalation_periods)
    return [report, json_path, xlsx_path]


def _emit(result: RunResult, store: Any, period: str, info: Any, written: list[Path], config: ScanConfig,
          fmt: str, lang: str, pack: Any) -> None:
    from .. import output
    from ..cli import clause_map

    previous, new, persisting, resolved = store.diff_counts(period)
    escalations = store.escalations(period, consecutive=config.escalation_periods)
    scan_info = {
        "period": period, "previous": previous, "db": str(store.path),
        "new": new, "persisting": persisting, "resolved": resolved,
        "escalations": [{"unit": e.unit, "norm": e.norm, "periods": e.periods, "since": e.since}
                        for e in escalations],
        "replaced": [r.started_at for r in info.replaced], "report": [str(p) for p in written],
    }
    out = sys.stdout
    if fmt == "json":
        output.write_json_stream(result, out, lang, {"scan": scan_info})
        return
    if fmt == "sarif":
        output.write_sarif(result, out, lang, clause_map(pack))
        return
    _write_scan_text(result, scan_info, out, lang)


def _write_scan_text(result: RunResult, info: dict[str, Any], out: Any, lang: str) -> None:
    from ..output import summary

    s = summary(result)
    zh = lang == "zh"
    for note in result.notes:
        out.write(f"  · {note}\n")
    for e in result.errors:
        out.write(f"{e.path}{':' + str(e.line) if e.line else ''}: [{'无法读取' if zh else 'unreadable'}] {e.text(lang)}\n")
    t = _SCAN_TEXT["zh" if zh else "en"]
    out.write(t["done"].format(period=info["period"], subjects=f"{s['subjects']:,}", waived=s["waived"],
                               errors=s["errors"], **s["findings"]))
    if info["previous"]:
        out.write(t["since"].format(**info))
    for e in info["escalations"]:
        out.write(t["escalated"].format(**e))
    if info["replaced"]:
        out.write(t["replaced"].format(n=len(info["replaced"])))
    for path in info["report"]:
        out.write(t["report"].format(path=path))
    out.write(t["history"].format(**info))


# The scan's closing lines, in each language (same facts, same order).
_SCAN_TEXT = {
    "zh": {
        "done": "{period} 扫描完成:检查 {subjects} 项,错误 {error},警告 {warning},建议 {suggestion},"
                "已豁免 {waived},无法读取 {errors}\n",
        "since": "与 {previous} 相比:新增 {new},仍存在 {persisting},已整改 {resolved}\n",
        "escalated": "  ⚠ {unit} 连续 {periods} 个月违反 {norm}(自 {since} 起),升级督办\n",
        "replaced": "  本期此前已扫描过,本次结果取代之前的 {n} 次扫描\n",
        "report": "报告:{path}\n",
        "history": "历史库:{db}\n",
    },
    "en": {
        "done": "{period}: {subjects} checked, {error} errors, {warning} warnings, {suggestion} suggestions, "
                "{waived} waived, {errors} unreadable\n",
        "since": "since {previous}: {new} new, {persisting} persisting, {resolved} resolved\n",
        "escalated": "  ! {unit} broke {norm} {periods} months running (since {since}): escalated\n",
        "replaced": "  this period was scanned before; this run replaces {n} earlier run(s)\n",
        "report": "report: {path}\n",
        "history": "history: {db}\n",
    },
}
