"""Documents checked by worker processes (`--jobs N`). Each worker loads the compiled pack from
the cache once; work goes out in chunks so the per-task overhead stays small, at most a few
chunks in flight so memory does not grow with the submission, and results come back in input
order so a run's output does not depend on scheduling."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

from ..findings import RunResult

_PACK: Any = None
_INDEX: Any = None
CHUNK = 64
IN_FLIGHT_PER_WORKER = 3

Progress = Callable[[str, int, int], None]


def chunked(paths: Iterable[Path], size: int = CHUNK) -> Iterator[list[Path]]:
    it = iter(paths)
    while chunk := list(islice(it, size)):
        yield chunk


def lint_in_workers(files: Iterable[Path], *, pack: Any, published: Path | None, jobs: int,
                    into: RunResult, progress: Progress | None = None, total: int | None = None,
                    overrides: Mapping[str, Any] | None = None) -> None:
    """Check `files` (any iterable: streamed, never listed whole) and add what was found to
    `into`, whose findings may be a FindingSpool."""
    done = 0
    if jobs <= 1:
        from .lint import open_published, run_lint

        index = open_published(published, into) if published else None
        for chunk in chunked(files):
            into.extend(run_lint(chunk, pack=pack, overrides=overrides, published=index, detail=False))
            done += len(chunk)
            if progress:
                progress("documents", done, total or done)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                             initargs=(pack.extra, pack.overrides, pack.disabled, published)) as pool:
        pending: deque[Future[tuple[RunResult, int]]] = deque()
        for chunk in chunked(files):
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                done += _collect(pending.popleft(), into)
                if progress:
                    progress("documents", done, total or done)
        while pending:
            done += _collect(pending.popleft(), into)
            if progress:
                progress("documents", done, total or done)


def _collect(future: Future[tuple[RunResult, int]], into: RunResult) -> int:
    result, n = future.result()
    into.extend(result)
    return n


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
