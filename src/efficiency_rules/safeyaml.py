"""YAML for hostile input: safe constructors only, a size cap and an alias cap.

A "billion laughs" document is cheap for PyYAML to build (aliases share one object) but
explodes in whatever walks it next (schema validation, JSON output). So aliases are counted
while the document is composed and refused past a small limit, before anything walks it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_YAML_BYTES = 8 * 1024 * 1024
MAX_ALIASES = 64


class YamlInputError(ValueError):
    """A YAML input that cannot be read: the message says why, with a line where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader that counts alias events and keeps node marks for positions."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                # types-PyYAML leaves Parser.peek_event unannotated
                event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
                raise _too_many_aliases(event.start_mark)
        return super().compose_node(parent, index)


def _too_many_aliases(mark: yaml.error.Mark | yaml._yaml.Mark | None) -> YamlInputError:
    message = f"too many YAML aliases (more than {MAX_ALIASES}); refused as unsafe"
    if mark is None:  # parsers mark every event; the stubs allow None
        return YamlInputError(message)
    return YamlInputError(message, mark.line + 1, mark.column + 1)


def _check_size(text: str | bytes, limit: int) -> None:
    if len(text) > limit:
        raise YamlInputError(f"file too large for YAML input ({len(text):,} bytes; limit {limit:,})")


def _wrap(exc: yaml.YAMLError) -> YamlInputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return YamlInputError(f"YAML syntax error: {problem}", mark.line + 1, mark.column + 1)
    return YamlInputError(f"YAML syntax error: {problem}")


# libyaml: the same safe loader, ~10× faster
_FAST: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def _count_aliases_fast(text: str, loader: type[yaml.CSafeLoader]) -> None:
    """With libyaml the composer is C and cannot be hooked, so count alias events first
    (a cheap C pass) and refuse before anything is composed."""
    count = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            if count > MAX_ALIASES:
                raise _too_many_aliases(event.start_mark)


def _parse(text: str, limit: int, compose_only: bool) -> Any:
    """One YAML document from text, by libyaml when present (aliases counted first), else by
    the pure-Python loader that counts them as it composes; every failure a YamlInputError."""
    _check_size(text, limit)
    try:
        if _FAST is not None:
            _count_aliases_fast(text, _FAST)
            return yaml.compose(text, Loader=_FAST) if compose_only else yaml.load(text, Loader=_FAST)
        loader = _LimitedLoader(text)
        try:
            return loader.get_single_node() if compose_only else loader.get_single_data()
        finally:
            loader.dispose()
    except YamlInputError:
        raise
    except yaml.YAMLError as exc:
        raise _wrap(exc) from None
    except RecursionError:
        raise YamlInputError("YAML nested too deeply; refused") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. `date: 2026-02-30`
        raise YamlInputError(f"invalid value: {exc}") from None


def load_yaml_text(text: str, limit: int = MAX_YAML_BYTES) -> Any:
    """Parse one YAML document from text, safely."""
    return _parse(text, limit, compose_only=False)


def compose_yaml_text(text: str, limit: int = MAX_YAML_BYTES) -> yaml.Node | None:
    """Compose (without constructing) one YAML document: nodes keep their line and column."""
    node: yaml.Node | None = _parse(text, limit, compose_only=True)
    return node


def construct(node: yaml.Node) -> Any:
    """Build Python data from a composed node with the safe constructors."""
    loader = _LimitedLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:  # an unknown tag such as !!python/object
        raise _wrap(exc) from None
    except RecursionError:
        raise YamlInputError("YAML nested too deeply; refused") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. `since: 2000-02-30`
        mark = getattr(node, "start_mark", None)
        raise YamlInputError(f"invalid value: {exc}", mark.line + 1 if mark else None,
                             mark.column + 1 if mark else None) from None
    finally:
        loader.dispose()


def read_text_limited(path: Path, limit: int = MAX_YAML_BYTES) -> str:
    """Read a UTF-8 (BOM allowed) text file, refusing one larger than `limit` bytes."""
    size = path.stat().st_size
    if size > limit:
        raise YamlInputError(f"file too large ({size:,} bytes; limit {limit:,})")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise YamlInputError(f"not UTF-8 or GB18030 text (byte {exc.start})") from None


def load_yaml_file(path: Path, limit: int = MAX_YAML_BYTES) -> Any:
    return load_yaml_text(read_text_limited(path, limit), limit)
