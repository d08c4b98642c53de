"""Nearest story centroids: exact search while stories are few, an HNSW graph once they are many."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
from usearch.index import Index

# Below this many stories every query is scored against every centroid with numpy. Measured on
# the 2-core dev machine (docs/story_index.md): at 10k stories a brute-force search costs about
# as much as the graph's search plus its update of the moved centroid (well under 1 ms each), so
# below it the exact answer is free; above it brute force grows linearly (~35 ms at 100k).
EXACT_BELOW = 10_000
# Centroids are stored in the graph as 16-bit floats: half the memory of float32, which keeps
# 1M stories under 1 GB. 8-bit integers would save another 40%, but their rounding (~0.003 in
# cosine) is larger than the gaps between a story's 20th and 21st nearest neighbour in dense
# topics, which cost 8 points of recall@20 in the measurements (0.92 against 0.9997 for f16).
GRAPH_DTYPE = "f16"
# Links per node (HNSW "M"): usearch's default. The graph costs ~140 bytes per story at 16,
# small beside the 768 bytes of the vector itself; fewer links lose recall in dense topics.
GRAPH_CONNECTIVITY = 16
# Search breadth when the graph is built in bulk (from the store, or when the exact matrix is
# promoted). usearch's default of 128 doubles the build time of 64 (1M stories: tens of minutes
# on 2 cores) and buys less recall than a wider search at query time does.
BUILD_EXPANSION = 64
# Search breadth when one moved centroid is re-linked online. usearch re-links a replaced node
# at a cost that grows with the graph (several ms at 1M with 128); a narrower search keeps the
# per-article update inside the latency budget, and recall after churn stays above 0.95.
UPSERT_EXPANSION = 32
# Candidate-list breadth of a query ("ef"). Must be at least the number of results wanted; 64
# gives recall@20 above 0.95 on clustered synthetic data up to 1M stories.
SEARCH_EXPANSION = 64
# Bumped whenever the on-disk layout changes, so old files read as stale instead of wrong.
FILE_FORMAT = 1
# Name of the sidecar beside the index file.
SIDECAR_SUFFIX = ".json"
# Vectors whose length is within this of 1 are taken as unit length by bulk upserts; float32
# rounding of a normalised 384-d vector stays below 1e-6.
UNIT_TOLERANCE = 1e-5
# The exact matrix starts with room for this many centroids and doubles when full.
INITIAL_ROWS = 64

_KIND_EXACT = "exact"
_KIND_GRAPH = "hnsw"


def available_threads() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def sidecar_path(path: Path) -> Path:
    """Where the JSON sidecar of an index file lives."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


class StoryIndex:
    """Story centroids by id, searchable by cosine similarity (best first)."""

    def __init__(self, dim: int = 384, exact_below: int = EXACT_BELOW) -> None:
        if dim < 1:
            raise ValueError(f"dim must be positive, got {dim}")
        self.dim = dim
        self.exact_below = exact_below
        # Exact mode: row-major float32 matrix, row -> story id and back. Rows [0, len) are live.
        self._matrix = np.zeros((0, dim), dtype=np.float32)
        self._ids: list[int] = []
        self._row: dict[int, int] = {}
        # Graph mode: once promoted the index stays a graph, even if stories are removed again.
        self._graph: Index | None = None

    # ----------------------------------------------------------------- reading

    def __len__(self) -> int:
        return len(self._graph) if self._graph is not None else len(self._ids)

    def __contains__(self, story_id: object) -> bool:
        if not isinstance(story_id, int | np.integer) or int(story_id) < 0:
            return False
        if self._graph is not None:
            return bool(self._graph.contains(int(story_id)))
        return int(story_id) in self._row

    @property
    def approximate(self) -> bool:
        """True once the index searches an HNSW graph instead of every centroid."""
        return self._graph is not None

    @property
    def search_expansion(self) -> int:
        """The graph's candidate-list breadth per query (SEARCH_EXPANSION unless tuned)."""
        return int(self._graph.expansion_search) if self._graph is not None else SEARCH_EXPANSION

    @search_expansion.setter
    def search_expansion(self, value: int) -> None:
        if self._graph is None:
            raise ValueError("the exact path has no search breadth to tune")
        self._graph.expansion_search = int(value)

    @property
    def memory_usage(self) -> int:
        """Bytes held by the centroids and graph (usearch's own estimate in graph mode)."""
        if self._graph is not None:
            return int(self._graph.memory_usage)
        return int(self._matrix.nbytes)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k stories nearest to vector as (story id, cosine similarity), best first."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        query = self._as_unit(vector)
        if len(self) == 0:
            return []
        if self._graph is not None:
            return self._search_graph(query, k)
        return self._search_exact(query, k)

    def _search_exact(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        live = self._matrix[: len(self._ids)]
        # einsum runs single-threaded SIMD loops: OpenBLAS's threaded matrix-vector product
        # measured 10x slower at the tail on a busy 2-core machine (threads wait on each other).
        sims = np.einsum("ij,j->i", live, query)
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
        order = sorted(top.tolist(), key=lambda row: (-float(sims[row]), self._ids[row]))
        return [(self._ids[row], float(sims[row])) for row in order]

    def _search_graph(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        assert self._graph is not None
        # One query is too small to share between threads; threads=1 skips the pool hand-off.
        matches = self._graph.search(query, k, threads=1)
        keys = matches.keys.tolist()
        # usearch's cosine distance is 1 - cosine similarity.
        sims = (1.0 - matches.distances.astype(np.float64)).tolist()
        return list(zip(keys, sims, strict=True))

    # ----------------------------------------------------------------- writing

    def upsert(self, story_id: int, vector: np.ndarray) -> None:
        """Add a story's centroid, or replace it when the story is already indexed."""
        key = self._as_key(story_id)
        unit = self._as_unit(vector)
        if self._graph is not None:
            if self._graph.contains(key):
                self._graph.remove(key)
            self._graph.add(key, unit, threads=1)
            return
        row = self._row.get(key)
        if row is not None:
            self._matrix[row] = unit
            return
        self._append_row(key, unit)
        if len(self._ids) >= self.exact_below:
            self._promote()

    def upsert_many(self, story_ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        """Add or replace many centroids at once, building on every core (for rebuilds)."""
        keys = [self._as_key(s) for s in story_ids]
        units = self._as_units(vectors)
        if len(keys) != len(units):
            raise ValueError(f"{len(keys)} story ids but {len(units)} vectors")
        if len(set(keys)) != len(keys):
            raise ValueError("story ids repeat within one batch")
        if not keys:
            return
        if self._graph is None and len(self._ids) + len(keys) < self.exact_below:
            for key, unit in zip(keys, units, strict=True):
                self.upsert(key, unit)
            return
        if self._graph is None:
            self._promote(extra_keys=keys, extra_vectors=units)
            return
        present = [key for key in keys if self._graph.contains(key)]
        if present:
            self._graph.remove(present)
        self._bulk_add(self._graph, np.asarray(keys, dtype=np.uint64), units)

    def remove(self, story_id: int) -> None:
        """Drop a story's centroid; KeyError when it is not indexed."""
        key = self._as_key(story_id)
        if self._graph is not None:
            if not self._graph.contains(key):
                raise KeyError(story_id)
            self._graph.remove(key)
            return
        row = self._row.pop(key)  # KeyError for an unknown story, like a dict
        last = len(self._ids) - 1
        if row != last:
            moved = self._ids[last]
            self._matrix[row] = self._matrix[last]
            self._ids[row] = moved
            self._row[moved] = row
        self._ids.pop()

    def _append_row(self, key: int, unit: np.ndarray) -> None:
        count = len(self._ids)
        if count >= self._matrix.shape[0]:
            grown = np.zeros((max(INITIAL_ROWS, 2 * self._matrix.shape[0]), self.dim), dtype=np.float32)
            grown[:count] = self._matrix[:count]
            self._matrix = grown
        self._matrix[count] = unit
        self._row[key] = count
        self._ids.append(key)

    def _promote(
        self, extra_keys: Sequence[int] = (), extra_vectors: np.ndarray | None = None
    ) -> None:
        """Move the exact matrix (plus any extra centroids) into a new HNSW graph."""
        keys = list(self._ids)
        vectors = self._matrix[: len(keys)]
        if extra_keys and not keys:
            assert extra_vectors is not None
            keys, vectors = list(extra_keys), extra_vectors  # a rebuild into an empty index
        elif extra_keys:
            assert extra_vectors is not None
            for i, key in enumerate(extra_keys):
                row = self._row.get(key)
                if row is not None:
                    vectors[row] = extra_vectors[i]
            fresh = [i for i, key in enumerate(extra_keys) if key not in self._row]
            keys += [extra_keys[i] for i in fresh]
            vectors = np.concatenate([vectors, extra_vectors[fresh]])
        graph = self._new_graph()
        if keys:
            self._bulk_add(graph, np.asarray(keys, dtype=np.uint64), vectors)
        self._graph = graph
        self._matrix = np.zeros((0, self.dim), dtype=np.float32)
        self._ids = []
        self._row = {}

    def _new_graph(self) -> Index:
        graph = Index(
            ndim=self.dim,
            metric="cos",
            dtype=GRAPH_DTYPE,
            connectivity=GRAPH_CONNECTIVITY,
            expansion_add=UPSERT_EXPANSION,
            expansion_search=SEARCH_EXPANSION,
        )
        return graph

    @staticmethod
    def _bulk_add(graph: Index, keys: np.ndarray, vectors: np.ndarray) -> None:
        graph.expansion_add = BUILD_EXPANSION
        try:
            graph.add(keys, np.ascontiguousarray(vectors, dtype=np.float32), threads=available_threads())
        finally:
            graph.expansion_add = UPSERT_EXPANSION

    # ----------------------------------------------------------------- validation

    @staticmethod
    def _as_key(story_id: int) -> int:
        key = int(story_id)
        if key < 0 or key >= 2**63:
            raise ValueError(f"story id must be a non-negative 63-bit integer, got {story_id}")
        return key

    def _as_unit(self, vector: np.ndarray) -> np.ndarray:
        v = np.asarray(vector, dtype=np.float32).reshape(-1)
        if v.shape[0] != self.dim:
            raise ValueError(f"expected a {self.dim}-d vector, got shape {np.shape(vector)}")
        norm = float(np.linalg.norm(v))
        if not np.isfinite(norm) or norm == 0.0:
            raise ValueError("vector must be finite and non-zero to have a cosine")
        # Embeddings arrive unit-length; renormalising guards the exact path's dot products.
        return np.ascontiguousarray(v / norm, dtype=np.float32)

    def _as_units(self, vectors: np.ndarray) -> np.ndarray:
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.ndim != 2 or matrix.shape[1] != self.dim:
            raise ValueError(f"expected an (n, {self.dim}) matrix, got shape {matrix.shape}")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        if not np.all(np.isfinite(norms)) or np.any(norms == 0.0):
            raise ValueError("vectors must be finite and non-zero to have a cosine")
        if np.allclose(norms, 1.0, rtol=0.0, atol=UNIT_TOLERANCE):
            # Already unit length (embeddings are): skip a copy that would double peak memory.
            return np.ascontiguousarray(matrix)
        return np.ascontiguousarray(matrix / norms, dtype=np.float32)

    # ----------------------------------------------------------------- persistence

    def save(self, path: Path, fingerprint: str) -> None:
        """Write the index to path and a JSON sidecar beside it, each replaced atomically."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with _temporary_beside(path) as tmp:
            if self._graph is not None:
                self._graph.save(os.fspath(tmp))
            else:
                with tmp.open("wb") as fh:
                    count = len(self._ids)
                    np.savez(fh, ids=np.asarray(self._ids, dtype=np.uint64), vectors=self._matrix[:count])
            _fsync(tmp)
            digest, size = _digest(tmp)
            os.replace(tmp, path)
        meta = {
            "format": FILE_FORMAT,
            "kind": _KIND_GRAPH if self._graph is not None else _KIND_EXACT,
            "dim": self.dim,
            "dtype": GRAPH_DTYPE if self._graph is not None else "f32",
            "connectivity": GRAPH_CONNECTIVITY if self._graph is not None else None,
            "count": len(self),
            "bytes": size,
            "sha256": digest,
            "fingerprint": fingerprint,
        }
        side = sidecar_path(path)
        with _temporary_beside(side) as tmp:
            tmp.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
            _fsync(tmp)
            os.replace(tmp, side)

    @classmethod
    def load(
        cls, path: Path, fingerprint: str, *, dim: int = 384, exact_below: int = EXACT_BELOW
    ) -> StoryIndex | None:
        """The index saved at path, or None when it is missing, corrupt or stale."""
        path = Path(path)
        log = logging.getLogger(__name__)
        reason = _stale_reason(path, fingerprint, dim)
        if reason is not None:
            log.info("story index %s not used: %s", path, reason)
            return None
        meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        index = cls(dim=dim, exact_below=exact_below)
        try:
            if meta["kind"] == _KIND_GRAPH:
                graph = index._new_graph()
                graph.load(os.fspath(path))
                if graph.ndim != dim or len(graph) != meta["count"]:
                    raise ValueError("graph does not match its sidecar")
                index._graph = graph
            else:
                with np.load(path, allow_pickle=False) as data:
                    ids, vectors = data["ids"], data["vectors"]
                if vectors.shape != (meta["count"], dim) or ids.shape != (meta["count"],):
                    raise ValueError("matrix does not match its sidecar")
                index._matrix = np.array(vectors, dtype=np.float32)
                index._ids = [int(i) for i in ids]
                index._row = {key: row for row, key in enumerate(index._ids)}
                if len(index._row) != len(index._ids):
                    raise ValueError("story ids repeat")
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            log.warning("story index %s unreadable, rebuild it: %s", path, exc)
            return None
        return index


def _stale_reason(path: Path, fingerprint: str, dim: int) -> str | None:
    """Why the files at path cannot serve for this fingerprint, or None when they can."""
    side = sidecar_path(path)
    if not path.is_file() or not side.is_file():
        return "missing"
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return f"sidecar unreadable: {exc}"
    if not isinstance(meta, dict) or meta.get("format") != FILE_FORMAT:
        return "sidecar of another format"
    if meta.get("fingerprint") != fingerprint:
        return f"stale: fingerprint {meta.get('fingerprint')!r}, store has {fingerprint!r}"
    if meta.get("dim") != dim:
        return f"stale: {meta.get('dim')}-d vectors, expected {dim}"
    if meta.get("kind") not in (_KIND_EXACT, _KIND_GRAPH) or not isinstance(meta.get("count"), int):
        return "sidecar incomplete"
    if meta["kind"] == _KIND_GRAPH and (
        meta.get("dtype") != GRAPH_DTYPE or meta.get("connectivity") != GRAPH_CONNECTIVITY
    ):
        return "stale: graph built with other settings"
    # The checksum guards the native loader against torn or damaged files (and pairs the index
    # with its sidecar: a crash between the two replaces leaves a mismatch, read as corrupt).
    try:
        digest, size = _digest(path)
    except OSError as exc:
        return f"unreadable: {exc}"
    if size != meta.get("bytes") or digest != meta.get("sha256"):
        return "corrupt: checksum differs from the sidecar"
    return None


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A fresh temporary file in path's folder (so os.replace is atomic), removed on failure."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)  # already gone after a successful os.replace


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _digest(path: Path) -> tuple[str, int]:
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
        return digest, os.fstat(fh.fileno()).st_size
