"""The `efficiency-rules` command. Imports are lazy so a lint of one file starts fast."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

F = TypeVar("F", bound=Callable[..., Any])


def shared_options(formats: tuple[str, ...] = ("text", "json", "sarif")) -> Callable[[F], F]:
    def decorate(fn: F) -> F:
        for option in reversed([
            click.option("--format", "fmt", type=click.Choice(formats), default="text", show_default=True,
                         help="输出格式 output format"),
            click.option("--fail-on", type=click.Choice(["error", "warning", "suggestion"]), default="error",
                         show_default=True, help="以此级别及以上的未豁免问题返回 1"),
            click.option("--rules", "extra_rules", type=click.Path(exists=True, path_type=Path), multiple=True,
                         help="额外或覆盖的规则文件/目录 extra or overriding rules"),
            click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                         help="配置 YAML: {params: {NORM-or-RULE: {name: value}}, disable: [NORM-or-RULE]}"),
            click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                         help="消息语言 message language"),
        ]):
            fn = option(fn)
        return fn
    return decorate


def fail(message: str, code: int = 2) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def load_config(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    from .safeyaml import YamlInputError, load_yaml_file

    try:
        data = load_yaml_file(path)
    except YamlInputError as exc:
        fail(f"{path}:{exc.line or 1}:{exc.column or 1}: {exc}")
    if data is None:
        return {}
    problems = settings_problems(data)
    if problems:
        fail("\n".join(f"{path}: {p}" for p in problems))
    return cast(dict[str, Any], data)


_SCALARS = (str, int, float, bool, dt.date)


def settings_problems(data: Any, known_ids: set[str] | None = None) -> list[str]:
    """What is wrong with a --config file (or scan.yaml's params): the shape, the values, and
    ids that name no norm or rule (a misspelt id must not be silently ignored)."""
    import math

    if not isinstance(data, dict):
        return ["应为映射 {params: {规范或规则编号: {参数名: 值}}, disable: [规范或规则编号]} (expected a mapping)"]
    problems = [f"未知的键 unknown key `{k}` (params, disable)" for k in data if k not in ("params", "disable")]
    params, disable = data.get("params") or {}, data.get("disable") or []
    if not isinstance(params, dict):
        problems.append("params 应为映射 {规范或规则编号: {参数名: 值}} (params: expected a mapping)")
        params = {}
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        problems.append("disable 应为规范或规则编号的列表 (disable: expected a list of ids)")
        disable = []
    for rule_id, values in params.items():
        if not isinstance(values, dict):
            problems.append(f"params.{rule_id}: 应为 {{参数名: 值}} (expected a mapping of parameter values)")
            continue
        for name, value in values.items():
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(v, _SCALARS) for v in items):
                problems.append(f"params.{rule_id}.{name}: 应为数、文字、日期或其列表 (expected a scalar value)")
            elif any(isinstance(v, float) and not math.isfinite(v) for v in items):
                problems.append(f"params.{rule_id}.{name}: 不是有限数 (not a finite number)")
    if known_ids is not None:
        for rule_id in [*params, *disable]:
            if str(rule_id) not in known_ids:
                problems.append(f"`{rule_id}` 不是规范编号或规则编号 (no norm or rule with this id); "
                                "见 efficiency-rules rules list")
    return problems


def known_rule_ids(extra: Iterable[Path] = ()) -> set[str]:
    """Every norm id of the catalogue and every rule id (file stem), built-in or given."""
    from .paths import rules_dir
    from .rules.loader import load_catalogue, rule_files

    return set(load_catalogue()) | {p.stem for p in rule_files([rules_dir(), *extra])}


def get_pack(extra: Iterable[Path] = (), config: Path | None = None,
             areas: Iterable[str] | None = None) -> Any:
    from .engine import load_pack
    from .rules.errors import RuleLoadError

    settings = load_config(config)
    unknown = settings_problems(settings, known_rule_ids(extra)) if settings else []
    if unknown:
        fail("\n".join(f"{config}: {p}" for p in unknown))
    try:
        return load_pack(list(extra), settings.get("params") or {}, disabled=settings.get("disable") or (),
                         areas=areas)
    except RuleLoadError as exc:
        click.echo(str(exc), err=True)
        click.echo(f"{len(exc.errors)} 个规则错误 rule error(s); 规则未加载 rules not loaded", err=True)
        sys.exit(2)


def clause_map(pack: Any) -> dict[str, dict[str, str]]:
    return {c.rule.id: {"section": c.rule.clause.section, "quote": c.rule.clause.quote,
                        "quote_zh": c.rule.clause.quote_zh or c.rule.clause.quote,
                        "word": c.rule.clause.word or "", "word_zh": c.rule.clause.word_zh or "",
                        "norm": c.rule.norm,
                        "title": c.rule.title.get("zh", c.rule.id)} for c in pack.rules}


def emit(result: Any, fmt: str, lang: str, pack: Any, fail_on: str, area: str | None) -> None:
    from . import output

    out = sys.stdout
    if fmt == "json":
        output.write_json(result, out, lang)
    elif fmt == "sarif":
        output.write_sarif(result, out, lang, clause_map(pack))
    else:
        output.write_text(result, out, lang, clause_map(pack), area=area, color=out.isatty())
    sys.exit(output.exit_code(result, fail_on))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="efficiency-rules")
def main() -> None:
    """行政效能规范检查 — the norms of the administrative-efficiency speech, as rules that run."""


@main.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="已公开文件目录 (DOC-4, DOC-5)")
@click.option("--kind", type=click.Choice(["general_circular", "speech_bulletin", "briefing", "notice", "other"]))
@click.option("--issuer", type=click.Choice(["prefecture_committee", "prefecture_government",
                                             "prefecture_committee_office", "prefecture_government_office",
                                             "department", "county"]))
@click.option("--unit", help="发文单位 the issuing county or department")
@shared_options()
def lint(documents: tuple[Path, ...], published: Path | None, kind: str | None, issuer: str | None,
         unit: str | None, fmt: str, fail_on: str, extra_rules: tuple[Path, ...], config: Path | None,
         lang: str) -> None:
    """起草人发文前检查文件 Lint documents before they are issued."""
    from .commands.lint import run_lint

    pack = get_pack(extra_rules, config, areas=("documents",))
    overrides = {k: v for k, v in {"kind": kind, "issuer": issuer, "unit": unit}.items() if v}
    result = run_lint(list(documents), pack=pack, overrides=overrides, published=published)
    emit(result, fmt, lang, pack, fail_on, "documents")


@main.command()
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--parts", is_flag=True, help="列出识别出的公文各部分 (GB/T 9704)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def count(documents: tuple[Path, ...], parts: bool, fmt: str, lang: str) -> None:
    """字数,与 Word/WPS 一致 The 字 count Word/WPS show, and the other counts."""
    from .commands.count import run_count, write_count_json, write_count_text

    rows, errors = run_count(list(documents), parts=parts)
    out = sys.stdout
    if fmt == "json":
        write_count_json(rows, errors, out, lang)
    else:
        write_count_text(rows, errors, out, lang, parts=parts)
    sys.exit(1 if errors else 0)


@main.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--register", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="本年度其他会议计划目录 the year's other plans")
@shared_options()
def meetings(plans: tuple[Path, ...], register: Path | None, fmt: str, fail_on: str,
             extra_rules: tuple[Path, ...], config: Path | None, lang: str) -> None:
    """会议计划检查 Validate meeting plans, alone and across the year's plans."""
    from .meetings.command import run_meetings

    pack = get_pack(extra_rules, config, areas=("meetings",))
    result = run_meetings(list(plans), register=register, pack=pack)
    emit(result, fmt, lang, pack, fail_on, "meetings")


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="判断在办案件的日期,默认今天 date pending cases are judged against")
@click.option("--calendar", "calendar_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="补充的节假日日历 YAML (a year the holiday data does not know yet)")
@shared_options()
def centre(folder: Path, as_of: dt.datetime | None, calendar_file: Path | None, fmt: str, fail_on: str,
           extra_rules: tuple[Path, ...], config: Path | None, lang: str) -> None:
    """政务服务中心统计与办件记录 Service-centre tables and case records."""
    from .centre.command import run_centre

    pack = get_pack(extra_rules, config, areas=("centre", "cases"))
    day = as_of.date() if as_of else dt.date.today()
    result = run_centre(folder, as_of=day, pack=pack, calendar_file=calendar_file)
    emit(result, fmt, lang, pack, fail_on, None)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--period", help="检查期间 YYYY-MM (默认取 scan.yaml 或目录名)")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="历史库 SQLite,默认为报送目录旁的 scans.sqlite")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="通报 HTML 文件;同名 .json 与 .xlsx 一并生成")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="并行进程数 worker processes")
@click.option("--calendar", "calendar_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="补充的节假日日历 YAML (or `calendar:` in scan.yaml)")
@click.option("--backfill/--no-backfill", default=True, show_default=True,
              help="先补扫旁边尚未入库的更早月份目录 scan earlier sibling months not yet stored")
@shared_options()
def scan(folder: Path, period: str | None, db: Path | None, report: Path | None, jobs: int,
         calendar_file: Path | None, backfill: bool, fmt: str, fail_on: str, extra_rules: tuple[Path, ...],
         config: Path | None, lang: str) -> None:
    """效能监察月度扫描与通报 The monthly compliance scan, its history and its report."""
    from .commands.scan_cli import run_scan_command

    sys.exit(run_scan_command(folder, period=period, db=db, report=report, jobs=jobs, backfill=backfill,
                              fmt=fmt, fail_on=fail_on, extra_rules=extra_rules, config=config, lang=lang,
                              calendar_file=calendar_file))


@main.group()
def rules() -> None:
    """规则:列出、查看、测试、覆盖 The rules: list, show, test, coverage."""


@rules.command("list")
@click.option("--rules", "extra_rules", type=click.Path(exists=True, path_type=Path), multiple=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
def rules_list(extra_rules: tuple[Path, ...], lang: str) -> None:
    """每条规则一行 One line per rule."""
    from .i18n import severity

    pack = get_pack(extra_rules)
    for c in sorted(pack.rules, key=lambda c: _norm_key(c.rule.norm)):
        r = c.rule
        click.echo(f"{r.id:<28} {r.norm:<7} {severity(lang, r.severity):<6} {r.subject:<14} {r.title.get(lang)}")


@rules.command("show")
@click.argument("key")
@click.option("--rules", "extra_rules", type=click.Path(exists=True, path_type=Path), multiple=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
def rules_show(key: str, extra_rules: tuple[Path, ...], lang: str) -> None:
    """一条规则的全部内容 (规则编号或规范编号) Show a rule by rule id or norm id."""
    from .rules.describe import describe

    pack = get_pack(extra_rules)
    found = pack.find(key)
    if not found:
        norm = pack.catalogue.get(key)
        if norm is None:
            fail(f"没有规则或规范 {key} (no rule or norm {key}); 试试 `efficiency-rules rules list`")
        click.echo(f"{key}  {norm['section']}「{norm['quote']}」\n  {norm['what']}\n  (无规则 no rule)")
        return
    for rule in found:
        click.echo(describe(rule, lang))


@rules.command("test")
@click.argument("key", required=False)
@click.option("--rules", "extra_rules", type=click.Path(exists=True, path_type=Path), multiple=True)
def rules_test(key: str | None, extra_rules: tuple[Path, ...]) -> None:
    """运行每条规则的示例 Run every rule's examples."""
    from .rules.examples import run_examples

    pack = get_pack(extra_rules)
    results = run_examples(pack, key)
    failed = [r for r in results if not r.ok]
    for r in failed:
        click.echo(f"{r.path}:{r.line}: FAIL {r.rule} «{r.example}»: {r.detail}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed or not results else 0)


@rules.command("coverage")
@click.option("--rules", "extra_rules", type=click.Path(exists=True, path_type=Path), multiple=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_coverage(extra_rules: tuple[Path, ...], fmt: str) -> None:
    """NORMS.md 每条规范由哪些规则检查 Which rules check each norm of NORMS.md."""
    from .rules.describe import coverage, write_coverage

    pack = get_pack(extra_rules)
    rows = coverage(pack)
    write_coverage(rows, sys.stdout, fmt)
    sys.exit(1 if any(r["checkable"] and not r["rules"] for r in rows) else 0)


def _norm_key(norm: str) -> tuple[int, int]:
    area, _, number = norm.partition("-")
    order = {"DOC": 0, "MTG": 1, "CTR": 2, "CASE": 3, "CMP": 4}
    return order.get(area, 9), int(number or 0)


def run() -> None:
    """Entry point: no traceback ever reaches a user."""
    import os

    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug of ours: say so plainly; the traceback only on request
        if os.environ.get("EFFICIENCY_RULES_DEBUG"):
            raise
        click.echo(f"efficiency-rules: 内部错误 internal error: {type(exc).__name__}: {exc}\n"
                   "(设置 EFFICIENCY_RULES_DEBUG=1 可查看详情 set EFFICIENCY_RULES_DEBUG=1 for details)", err=True)
        sys.exit(2)
