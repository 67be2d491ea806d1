"""The index of published documents for DOC-5 (照抄转发) and DOC-4 (a published speech).

Candidate search uses bottom-k MinHash sketches in an inverted index, not banded k-mins LSH:
DOC-5 asks how much of the *published* document is inside the query (containment), and
banding on Jaccard loses exactly the cases that matter — a published notice copied into a
longer document has a low Jaccard however completely it was copied. A bottom-k sketch is a
uniform sample of the published document's shingles, so the share of sample hashes found among
the query's shingles estimates containment without bias, at any size ratio; looking the query's
shingle hashes up in one sorted array of all sketches touches only documents that share a
sampled shingle. Candidates are then verified exactly (align.verify) against their text.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .align import MIN_PASSAGE_CHARS, Passage, Shingled, verify
from .normalise import normalise
from .reading import published_files, read_published, read_text
from .shingles import DEFAULT_K

SKETCH_SIZE = 64
CACHE_VERSION = 1
DEFAULT_MIN_CONTAINMENT = 0.5


@dataclass(frozen=True)
class Match:
    """A published document that the query copies (part of)."""

    published_id: str
    published_path: str
    title: str
    kind: str | None
    containment: float  # share of the published text inside passages copied into the query
    shingle_containment: float  # share of its distinct shingles found anywhere in the query
    resemblance: float  # Jaccard of the two shingle sets
    passages: tuple[Passage, ...]  # (query_start, query_end, pub_start, pub_end), end exclusive


@dataclass(frozen=True)
class IndexedDoc:
    id: str
    path: str
    title: str
    kind: str | None


@dataclass(frozen=True)
class BuildError:
    path: str
    message: str


@dataclass(frozen=True)
class _Sketch:
    bottom: np.ndarray  # the SKETCH_SIZE smallest distinct shingle hashes
    title: str
    kind: str | None
    error: str | None


def sketch_text(text: str, k: int = DEFAULT_K, size: int = SKETCH_SIZE) -> np.ndarray:
    return Shingled.of(normalise(text), k).distinct[:size]


def _sketch_file(args: tuple[str, int, int]) -> _Sketch:
    path, k, size = args
    pub = read_published(Path(path))
    if pub.error:
        return _Sketch(np.zeros(0, np.uint64), pub.title, pub.kind, pub.error)
    return _Sketch(sketch_text(pub.text, k, size), pub.title, pub.kind, None)


def folder_fingerprint(files: Sequence[Path], k: int, size: int) -> str:
    """Cache key: names, sizes and mtimes of the files plus the sketch parameters."""
    digest = hashlib.sha256(f"v{CACHE_VERSION} k={k} size={size}\n".encode())
    for p in files:
        st = p.stat()
        digest.update(f"{p}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def _sketch_all(files: Sequence[Path], k: int, size: int, jobs: int) -> list[_Sketch]:
    args = [(str(p), k, size) for p in files]
    if jobs <= 1 or len(files) < 64:
        return [_sketch_file(a) for a in args]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_sketch_file, args, chunksize=256))


class PublishedIndex:
    """Published documents, sketched; `query` finds the ones a text copies."""

    def __init__(
        self,
        docs: Sequence[IndexedDoc],
        keys: np.ndarray,
        key_doc: np.ndarray,
        sketch_len: np.ndarray,
        errors: Sequence[BuildError] = (),
        k: int = DEFAULT_K,
        from_cache: bool = False,
    ) -> None:
        self.docs = list(docs)
        self.keys = keys  # all sketch hashes, sorted
        self.key_doc = key_doc  # the document each key belongs to
        self.sketch_len = sketch_len  # sketch size per document (short texts have fewer)
        self.errors = list(errors)
        self.k = k
        self.from_cache = from_cache

    # -- building -------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        source: Path | str | Iterable[Path],
        cache_dir: Path | str | None = None,
        jobs: int | None = None,
        k: int = DEFAULT_K,
        sketch_size: int = SKETCH_SIZE,
    ) -> PublishedIndex:
        """Index a folder (any nesting) or a list of files; reuse the cache when unchanged."""
        if isinstance(source, (str, Path)):
            files = published_files(Path(source))
        else:
            files = sorted(Path(p) for p in source)
        key = folder_fingerprint(files, k, sketch_size)
        if cache_dir is not None:
            cached = cls._load(Path(cache_dir), key)
            if cached is not None:
                return cached
        sketches = _sketch_all(files, k, sketch_size, jobs or os.cpu_count() or 1)
        index = cls._assemble(files, sketches, k)
        if cache_dir is not None:
            index._save(Path(cache_dir), key)
        return index

    @classmethod
    def _assemble(
        cls, files: Sequence[Path], sketches: Sequence[_Sketch], k: int
    ) -> PublishedIndex:
        docs, parts, errors = [], [], []
        for path, sk in zip(files, sketches):
            if sk.error:
                errors.append(BuildError(str(path), sk.error))
                continue
            docs.append(IndexedDoc(str(path.with_suffix("").name), str(path), sk.title, sk.kind))
            parts.append(sk.bottom)
        docs = _unique_ids(docs)
        lens = np.array([p.size for p in parts], dtype=np.int32)
        keys = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
        key_doc = np.repeat(np.arange(len(parts), dtype=np.int32), lens)
        order = np.argsort(keys, kind="stable")
        return cls(docs, keys[order], key_doc[order], lens, errors, k)

    # -- the disk cache -------------------------------------------------------------------

    def _save(self, cache_dir: Path, key: str) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f"dedup-{key}.tmp.npz"
        np.savez(tmp, keys=self.keys, key_doc=self.key_doc, sketch_len=self.sketch_len)
        meta = {
            "version": CACHE_VERSION,
            "k": self.k,
            "docs": [asdict(d) for d in self.docs],
            "errors": [asdict(e) for e in self.errors],
        }
        (cache_dir / f"dedup-{key}.json").write_text(json.dumps(meta, ensure_ascii=False))
        tmp.replace(cache_dir / f"dedup-{key}.npz")  # last, so a half-written cache is never read

    @classmethod
    def _load(cls, cache_dir: Path, key: str) -> PublishedIndex | None:
        arrays_path, meta_path = cache_dir / f"dedup-{key}.npz", cache_dir / f"dedup-{key}.json"
        if not (arrays_path.is_file() and meta_path.is_file()):
            return None
        try:
            meta = json.loads(meta_path.read_text())
            with np.load(arrays_path) as arrays:
                keys, key_doc, lens = arrays["keys"], arrays["key_doc"], arrays["sketch_len"]
        except (OSError, ValueError, KeyError):
            return None  # a damaged cache is rebuilt, not trusted
        docs = [IndexedDoc(**d) for d in meta["docs"]]
        errors = [BuildError(**e) for e in meta["errors"]]
        return cls(docs, keys, key_doc, lens, errors, int(meta["k"]), from_cache=True)

    # -- querying -------------------------------------------------------------------------

    def sketch_hits(self, query: Shingled) -> np.ndarray:
        """For every document, how many of its sketch hashes occur among the query's shingles."""
        lo = np.searchsorted(self.keys, query.distinct, side="left")
        hi = np.searchsorted(self.keys, query.distinct, side="right")
        counts = hi - lo
        present = counts > 0
        if not present.any():
            return np.zeros(len(self.docs), dtype=np.int64)
        starts, counts = lo[present], counts[present]
        # positions lo..hi-1 for each present hash, flattened without a Python loop
        offsets = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        return np.bincount(self.key_doc[offsets], minlength=len(self.docs))

    def candidates(
        self, query: Shingled, min_containment: float, max_candidates: int
    ) -> list[int]:
        """Documents whose estimated containment could reach the threshold (3σ of slack)."""
        hits = self.sketch_hits(query)
        lens = np.maximum(self.sketch_len, 1)
        estimate = hits / lens
        slack = 3 * np.sqrt(0.25 / lens)
        ok = np.flatnonzero((hits > 0) & (estimate >= min_containment - slack))
        best = ok[np.argsort(-estimate[ok], kind="stable")][:max_candidates]
        return [int(i) for i in best]

    def query(
        self,
        text: str,
        min_containment: float = DEFAULT_MIN_CONTAINMENT,
        max_candidates: int = 20,
        exclude: Iterable[str] = (),
        min_passage_chars: int = MIN_PASSAGE_CHARS,
    ) -> list[Match]:
        """Published documents at least `min_containment` inside `text`, best first."""
        q = Shingled.of(normalise(text), self.k)
        skip = set(exclude)
        matches = []
        for i in self.candidates(q, min_containment, max_candidates):
            doc = self.docs[i]
            if doc.id in skip or doc.path in skip:
                continue
            match = self._verify(q, doc, min_passage_chars)
            if match is not None and match.containment >= min_containment:
                matches.append(match)
        return sorted(matches, key=lambda m: -m.containment)

    def _verify(self, q: Shingled, doc: IndexedDoc, min_passage_chars: int) -> Match | None:
        try:
            pub = Shingled.of(normalise(read_text(Path(doc.path))), self.k)
        except (OSError, ValueError):
            return None  # the file changed or vanished since indexing; the caller rebuilds
        v = verify(q, pub, min_passage_chars)
        return Match(
            doc.id,
            doc.path,
            doc.title,
            doc.kind,
            v.containment,
            v.shingle_containment,
            v.resemblance,
            v.passages,
        )


def _unique_ids(docs: list[IndexedDoc]) -> list[IndexedDoc]:
    """File stems as ids; a stem seen twice falls back to the path so ids stay unique."""
    seen: dict[str, int] = {}
    for d in docs:
        seen[d.id] = seen.get(d.id, 0) + 1
    return [d if seen[d.id] == 1 else IndexedDoc(d.path, d.path, d.title, d.kind) for d in docs]
