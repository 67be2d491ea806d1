"""Compiled packs cached by content hash in the user's cache directory, so a warm run imports
neither lark nor jsonschema and parses no YAML (bench: start-up within 100 ms of yaml+click).

Code objects are stored with `marshal`, the rest with `pickle`; both are read only from our own
cache directory, keyed by a hash of every rule file, schema, the catalogue, the overrides and
the Python and package versions. Builtin functions are stored by name, not by value."""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import __version__
from ..dsl import runtime
from ..dsl.builtins import TABLE
from ..paths import cache_dir

_FORMAT = 5


def _code_stamp() -> bytes:
    """Size and mtime of the compiler's own sources: a changed compiler never serves a pack
    compiled by the old one (stat only; reading them would cost more than the cache saves)."""
    here = Path(__file__).resolve().parents[1]
    stamps = []
    for folder in (here / "dsl", here / "rules"):
        for path in sorted(folder.iterdir()):
            if path.suffix in (".py", ".lark"):
                st = path.stat()
                stamps.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    engine = here / "engine.py"
    stamps.append(f"engine:{engine.stat().st_size}:{engine.stat().st_mtime_ns}")
    return "|".join(stamps).encode()


def content_hash(files: Iterable[Path], extra: bytes = b"") -> str:
    digest = hashlib.sha256(f"{_FORMAT}:{__version__}:{sys.version}".encode())
    digest.update(_code_stamp())
    for path in files:
        digest.update(str(path.name).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    digest.update(extra)
    return digest.hexdigest()


def _closure_refs(closure: dict[str, Any]) -> dict[str, Any]:
    by_impl = {id(b.impl): b.name for b in TABLE.values()}
    out: dict[str, Any] = {}
    for name, value in closure.items():
        if id(value) in by_impl:
            out[name] = ("builtin", by_impl[id(value)])
        elif callable(value) and getattr(value, "__module__", "") == runtime.__name__:
            out[name] = ("runtime", value.__name__)
        else:
            out[name] = ("value", value)
    return out


def _closure_values(refs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, (kind, value) in refs.items():
        if kind == "builtin":
            out[name] = TABLE[value].impl
        elif kind == "runtime":
            out[name] = getattr(runtime, value)
        else:
            out[name] = value
    return out


def save(key: str, entries: list[tuple[Any, Any, dict[str, Any]]], catalogue: Any,
         fused: list[tuple[str, Any, dict[str, Any], list[str]]] | None = None) -> None:
    """entries: (rule, factory code, closure); fused: (subject, code, closure, rule ids).
    Written atomically; failure only costs speed."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps({
            "catalogue": catalogue,
            "rules": [(rule, marshal.dumps(code), _closure_refs(closure)) for rule, code, closure in entries],
            "fused": [(subject, marshal.dumps(code), _closure_refs(closure), ids)
                      for subject, code, closure, ids in fused or ()],
        }, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".pack-")
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.replace(tmp, folder / f"pack-{key}.pickle")
    except (OSError, pickle.PicklingError, TypeError, ValueError):
        return


def load(key: str) -> tuple[list[tuple[Any, Any, dict[str, Any]]], Any, list[Any]] | None:
    path = cache_dir() / f"pack-{key}.pickle"
    try:
        data = pickle.loads(path.read_bytes())
        rules = [(rule, marshal.loads(code), _closure_values(refs)) for rule, code, refs in data["rules"]]
        fused = [(subject, marshal.loads(code), _closure_values(refs), ids)
                 for subject, code, refs, ids in data["fused"]]
        return rules, data["catalogue"], fused
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, KeyError, TypeError, AttributeError):
        return None
