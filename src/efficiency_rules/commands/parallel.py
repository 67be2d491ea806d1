"""Documents checked by worker processes (`--jobs N`). Each worker loads the compiled pack from
the cache once; work goes out in chunks so the per-task overhead stays small, and results come
back in input order so a run's output does not depend on scheduling."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from ..findings import RunResult

_PACK: Any = None
_INDEX: Any = None
CHUNK = 64


def lint_in_workers(files: list[Path], *, pack: Any, published: Path | None, jobs: int,
                    progress: Callable[[str, int, int], None] | None = None,
                    overrides: Mapping[str, Any] | None = None) -> RunResult:
    from .lint import run_lint

    if jobs <= 1 or len(files) < 2 * CHUNK:
        from .lint import open_published

        result = RunResult()
        index = open_published(published, result) if published else None
        for start in range(0, len(files), CHUNK):
            result.extend(run_lint(files[start:start + CHUNK], pack=pack, overrides=overrides,
                                   published=index, detail=False))
            if progress:
                progress("documents", min(start + CHUNK, len(files)), len(files))
        return result
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    result = RunResult()
    done = 0
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                             initargs=(pack.extra, pack.overrides, pack.disabled, published)) as pool:
        for chunk_result, n in pool.map(_work, chunks):
            result.extend(chunk_result)
            done += n
            if progress:
                progress("documents", done, len(files))
    return result


def _init(extra: tuple[Path, ...], overrides: Mapping[str, Any], disabled: tuple[str, ...],
          published: Path | None) -> None:
    global _PACK, _INDEX
    from ..engine import load_pack
    from .lint import open_published

    _PACK = load_pack(extra, overrides=overrides, disabled=disabled)  # from the cache the parent filled
    _INDEX = open_published(published, RunResult()) if published else None


def _work(chunk: list[Path]) -> tuple[RunResult, int]:
    from .lint import run_lint

    return run_lint(chunk, pack=_PACK, published=_INDEX, detail=False), len(chunk)
