"""The rule pack at run time: which rules apply to a record, what fires, what is waived.

Evaluation is a pure function of the record (STYLE.md); I/O lives in readers, the CLI,
reporters and the store."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Finding, InputError, Subject, Waiver
from .paths import rules_dir, schemas_dir
from .rules.model import CompiledRule, Rule
from .templates import render


@dataclass
class Pack:
    rules: list[CompiledRule]
    catalogue: dict[str, dict[str, Any]]
    content_hash: str
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    extra: tuple[Path, ...] = ()  # --rules, so worker processes load the same pack
    disabled: tuple[str, ...] = ()
    fused: dict[str, tuple[Any, list[str]]] = field(default_factory=dict)  # subject → (fn, rule ids)
    by_subject: dict[str, list[CompiledRule]] = field(default_factory=dict)
    runtime_errors: list[InputError] = field(default_factory=list)

    def __post_init__(self) -> None:
        for compiled in self.rules:
            self.by_subject.setdefault(compiled.rule.subject, []).append(compiled)
        # The evaluation plan: per rule, its fires() and its parameters when they never change
        # (None: look them up by the record's date), read once here instead of per record.
        self._plan: dict[str, list[tuple[Any, Any, CompiledRule]]] = {
            subject: [(c.fires, None if c.dated else c.folded, c) for c in rules]
            for subject, rules in self.by_subject.items()
        }
        # One generated function per subject tests every rule with fixed parameters at once;
        # the rules it leaves out (dated parameters) keep their own plan. Disabled rules map
        # to None and are skipped.
        by_id = {c.rule.id: c for c in self.rules}
        self._fused: dict[str, tuple[Any, list[CompiledRule | None], list[tuple[Any, Any, CompiledRule]]]] = {}
        for subject, (fn, ids) in self.fused.items():
            members = [by_id.get(i) for i in ids]
            inside = {c.rule.id for c in members if c is not None}
            rest = [entry for entry in self._plan.get(subject, []) if entry[2].rule.id not in inside]
            self._fused[subject] = (fn, members, rest)

    # --- lookup -------------------------------------------------------------------
    def find(self, key: str) -> list[Rule]:
        """Rules by rule id or by norm id (`rules show`)."""
        return [c.rule for c in self.rules if key in (c.rule.id, c.rule.norm)]

    def uses_field(self, subject_type: str, field: str) -> bool:
        """Whether any rule reads `<subject>.<field>`: costly derived fields (DOC-7's stock
        phrases, DOC-5's published matches) are computed only when a rule needs them."""
        needle = f"{subject_type}.{field}"
        return any(needle in text for c in self.by_subject.get(subject_type, ())
                   for text in (c.rule.when or "", c.rule.require, *c.rule.values.values()))

    def rules_for(self, subject_type: str) -> list[CompiledRule]:
        return self.by_subject.get(subject_type, [])

    def params_of(self, norm_or_rule: str) -> dict[str, Any]:
        """The parameters in force of the first rule with this id or norm (cross-record code
        uses them, e.g. MTG-7's similarity threshold to prune candidate pairs)."""
        for compiled in self.rules:
            if norm_or_rule in (compiled.rule.id, compiled.rule.norm):
                return dict(compiled.rule.params_at(dt.date.today()))
        return {}

    def parameters_in_force(self) -> dict[str, dict[str, Any]]:
        return {c.rule.id: {n: _jsonable(p.values) for n, p in c.rule.params.items()} for c in self.rules}

    # --- evaluation ---------------------------------------------------------------
    def evaluate(self, subject_type: str, record: Mapping[str, Any], subject: Subject,
                 errors: list[InputError] | None = None) -> list[Finding]:
        """Every rule for this subject type against one record (the hot path: one call for the
        rules with fixed parameters, one per rule for the rest)."""
        fused = self._fused.get(subject_type)
        if fused is None:
            return self._one_by_one(self._plan.get(subject_type, ()), record, subject, errors)
        fn, members, rest = fused
        hits = fn(record, None)
        if hits is None:  # some rule raised: go rule by rule, so that it is named in `errors`
            return self._one_by_one(self._plan.get(subject_type, ()), record, subject, errors)
        out: list[Finding] = []
        for i in hits:
            compiled = members[i]
            if compiled is not None:
                finding = fire(compiled, record, subject, compiled.folded)
                if finding is not None:
                    out.append(finding)
        if rest:
            out.extend(self._one_by_one(rest, record, subject, errors))
        return out

    def _one_by_one(self, plan: Iterable[tuple[Any, Any, CompiledRule]], record: Mapping[str, Any],
                    subject: Subject, errors: list[InputError] | None) -> list[Finding]:
        out: list[Finding] = []
        for fires, folded, compiled in plan:
            try:
                params = compiled.params_for(record) if folded is None else folded
                if fires is not None and not fires(record, params):
                    continue
                finding = fire(compiled, record, subject, params)
            except Exception as exc:  # noqa: BLE001 - a rule must never crash a run; report, go on
                entry = InputError(subject.path or subject.id,
                                   f"规则 {compiled.rule.id} 无法在此记录上求值:{type(exc).__name__}: {exc}",
                                   message_en=f"rule {compiled.rule.id} could not be evaluated: {exc}")
                (errors if errors is not None else self.runtime_errors).append(entry)
                continue
            if finding is not None:
                out.append(finding)
        return out


def fire(compiled: CompiledRule, record: Mapping[str, Any], subject: Subject,
         params: Mapping[str, Any] | None = None) -> Finding | None:
    """The finding a rule gives on a record, or None when it does not fire (null = unknown)."""
    P = compiled.params_for(record) if params is None else params
    if compiled.when is not None and compiled.when(record, P) is not True:
        return None
    if compiled.require(record, P) is not False:
        return None
    rule = compiled.rule
    values = {name: fn(record, P) for name, fn in compiled.values.items()}
    waiver = find_waiver(rule, record)
    return Finding(
        norm=rule.norm, rule=rule.id, severity=rule.severity,  # type: ignore[arg-type]
        subject=subject,
        messages={lang: render(text, values, lang) for lang, text in rule.message.items()},
        values=values, status="waived" if waiver else "open", waiver=waiver,
        location=record.get("_location") if isinstance(record.get("_location"), Mapping) else None,
        related=tuple(record.get("_related") or ()),
        suggestions={lang: render(t, values, lang) for lang, t in rule.suggestion.items()}
        if rule.suggestion else None,
    )


def find_waiver(rule: Rule, record: Mapping[str, Any]) -> Waiver | None:
    """An approval whose `covers` names this norm waives a waivable norm's finding (NORMS.md)."""
    if not rule.waivable:
        return None
    for approval in record.get("approvals") or ():
        if not isinstance(approval, Mapping):
            continue
        covers = approval.get("covers") or ()
        if rule.norm in covers or rule.id in covers:
            day = approval.get("date")
            return Waiver(str(approval.get("by") or ""), _opt_str(approval.get("ref")),
                          day.isoformat() if isinstance(day, dt.date) else _opt_str(day))
    return None


def check_covers(pack: Pack, record: Mapping[str, Any], subject: Subject) -> list[Finding]:
    """An approval that claims to waive an absolute or unknown norm is itself reported."""
    out: list[Finding] = []
    for approval in record.get("approvals") or ():
        if not isinstance(approval, Mapping):
            continue
        for norm_id in approval.get("covers") or ():
            norm = pack.catalogue.get(str(norm_id))
            if norm is not None and norm.get("waivable"):
                continue
            reason_zh = "不是 NORMS.md 中的规范编号" if norm is None else "属刚性规定,不可豁免"
            reason_en = "is not a norm of NORMS.md" if norm is None else "is absolute and cannot be waived"
            ref = approval.get("ref") or approval.get("by") or "?"
            out.append(Finding(
                norm=str(norm_id) if norm else "APPROVAL", rule="approval-covers", severity="warning",
                subject=subject,
                messages={"zh": f"批文 {ref} 声称豁免 {norm_id},但 {norm_id} {reason_zh}",
                          "en": f"approval {ref} claims to waive {norm_id}, which {reason_en}"},
                values={"covers": str(norm_id), "ref": str(ref)},
            ))
    return out


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _jsonable(values: Iterable[tuple[dt.date, Any]]) -> list[dict[str, Any]]:
    from .findings import json_value

    return [{"since": d.isoformat(), "value": json_value(v)} for d, v in values]


def load_pack(extra: Sequence[Path] = (), overrides: Mapping[str, Mapping[str, Any]] | None = None,
              use_cache: bool = True, disabled: Iterable[str] = (),
              areas: Iterable[str] | None = None) -> Pack:
    """The built-in rules plus `extra` (`--rules`; a rule with the same id replaces the built-in),
    with `--config` parameter overrides, less the `disabled` rule or norm ids (`--config`
    `disable:`). `areas`: only the built-in rules of these areas (`lint` needs only the
    documents rules, so a first run compiles those alone). Raises RuleLoadError listing every
    problem."""
    from .rules import cache
    from .rules.loader import rule_files

    overrides = overrides or {}
    builtin = rule_files([rules_dir()])
    if areas is not None:
        wanted = set(areas)
        builtin = [p for p in builtin if p.parent.name in wanted]
    files = _effective_files(builtin, rule_files(list(extra)))
    schema_files = sorted(schemas_dir().glob("*.schema.json"))
    key = cache.content_hash([*files, rules_dir() / "norms.yaml", *schema_files],
                             json.dumps(overrides, sort_keys=True, default=str).encode())
    cached = cache.load(key) if use_cache else None
    if cached is None:
        entries, catalogue, fused = _compile_all(files, overrides)
        if use_cache:
            cache.save(key, entries, catalogue, fused)
    else:
        entries, catalogue, fused = cached
    off = set(disabled)
    rules = [_instantiate(rule, code, closure) for rule, code, closure in entries
             if rule.id not in off and rule.norm not in off]
    return Pack(rules, catalogue, key, overrides=dict(overrides), extra=tuple(extra), disabled=tuple(sorted(off)),
                fused=_instantiate_fused(fused))


def _effective_files(builtin: list[Path], extra: list[Path]) -> list[Path]:
    by_stem = {p.stem: p for p in builtin}
    for path in extra:
        by_stem[path.stem] = path  # an extra rule with a built-in's id overrides it
    return sorted(by_stem.values(), key=lambda p: (p.parent.name, p.stem))


def _compile_all(files: list[Path], overrides: Mapping[str, Mapping[str, Any]]) -> tuple[list[Any], Any, list[Any]]:
    from .rules.compile import compile_fused, compile_rule
    from .rules.errors import RuleError, RuleLoadError
    from .rules.loader import FileLoader, load_catalogue

    catalogue = load_catalogue()
    entries: list[Any] = []
    trees: list[Any] = []
    errors: list[RuleError] = []
    seen: dict[str, str] = {}
    for path in files:
        loader = FileLoader(path, _display(path), catalogue, overrides)
        loaded = loader.load()
        compiled = compile_rule(loaded[0], loader) if loaded else None
        errors.extend(loader.errors)
        if loaded and compiled:
            rule = loaded[0]
            if rule.id in seen:
                errors.append(RuleError(_display(path), 1, 1, f"rule id {rule.id} also in {seen[rule.id]}"))
            seen[rule.id] = _display(path)
            code, closure, checked = compiled
            entries.append((rule, code, closure))
            trees.append((rule, checked))
    if errors:
        raise RuleLoadError(errors)
    return entries, catalogue, compile_fused(trees)


def _instantiate_fused(fused: list[Any]) -> dict[str, tuple[Any, list[str]]]:
    from .dsl.compiler import instantiate

    return {subject: (instantiate(code, closure), ids) for subject, code, closure, ids in fused}


def _instantiate(rule: Rule, code: Any, closure: dict[str, Any]) -> CompiledRule:
    from .dsl.compiler import instantiate

    fns = instantiate(code, closure)
    folded = {n: p.values[0][1] for n, p in rule.params.items() if len(p.values) == 1}
    return CompiledRule(
        rule=rule, when=fns.get("when"), require=fns["require"],
        values={k[6:]: f for k, f in fns.items() if k.startswith("value:")},
        folded=folded, dated=len(folded) < len(rule.params), fires=fns.get("fires"),
    )


def _display(path: Path) -> str:
    """rules/<area>/<id>.yaml relative to the working directory where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
