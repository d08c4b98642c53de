"""Nearest story centroids: exact search while stories are few, an HNSW graph once they are many."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from usearch.index import Index

# Below this many stories every query is scored against every centroid with numpy: exact, no
# build, no flush stalls. On the 2-core dev machine (docs/story_index.md) that costs 0.9 ms p95
# at 10k stories, a tenth of the per-article budget; beyond, it grows linearly (1.9 ms at 20k,
# 10 ms at 100k). The graph is cheaper from ~3-5k on, but approximate (recall@20 ~0.99 at 10k).
EXACT_BELOW = 10_000
# Centroids are stored in the graph as 16-bit floats: half the memory of float32, which keeps
# 1M stories under 1 GiB (952-1001 MiB resident). 8-bit integers would save another 40%, but
# their rounding (~0.003 in cosine) exceeds the ~0.001 gap between a story's 20th and 21st
# neighbour in dense topics: recall@20 0.92 against 0.9997 for f16 (100k stories, ef 64).
GRAPH_DTYPE = "f16"
# Links per node (HNSW "M"): usearch's default. The graph costs ~140 bytes per story at 16,
# small beside the 768 bytes of the vector itself, so fewer links would save little (12: an
# estimated 30 MiB at 1M stories, not measured) for a loss of recall.
GRAPH_CONNECTIVITY = 16
# Search breadth when centroids are linked into the graph (bulk builds and flushes). usearch's
# default of 128 took twice as long as 64 to build 100k stories; at 64 a 1M build takes 5-10 min
# on 2 cores, and recall is bought more cheaply with a wider search at query time.
ADD_EXPANSION = 64
# Upserts and removals buffered before a flush writes them into the graph. usearch 2.26 rehashes
# its whole key table on the first call after any removal (O(stories): 37 ms per replaced
# centroid at 1M when done one at a time); a batch pays it once. The buffer is searched exactly
# (~0.05 ms for 256 rows) and one flush in 256 articles stalls for 0.1-0.3 s at 1M stories.
PENDING_LIMIT = 256
# Candidate-list breadth of a query ("ef"; at least the number of results wanted). Recall@20 at
# 1M clustered synthetic stories over two builds: 0.89-0.92 at 64, 0.95-0.96 at 128, 0.96-0.97
# at 192 (docs/story_index.md). 192 keeps a margin over 0.95 for 2.2 ms p95 per article.
SEARCH_EXPANSION = 192
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


def _usearch_index_class() -> type[Index]:
    """usearch's Index, imported on first use, after onnxruntime.

    Loading usearch's compiled extension before onnxruntime's makes the later import crash the
    process (seen with usearch 2.26.6 and onnxruntime 1.32.0), and ingest needs both: so the
    embedder's runtime is loaded first whenever it is installed, unless the process has already
    loaded usearch (then importing onnxruntime here would be the crash).
    """
    if "usearch.compiled" not in sys.modules:
        with contextlib.suppress(ImportError):
            import onnxruntime  # noqa: F401
    from usearch.index import Index

    return Index


def available_threads() -> int:
    """CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def sidecar_path(path: Path) -> Path:
    """Where the JSON sidecar of an index file lives."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


class _ExactRows:
    """Unit vectors by story id in a growing float32 matrix, searched by brute force."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.matrix = np.zeros((0, dim), dtype=np.float32)  # rows [0, len) are live
        self.ids: list[int] = []
        self.row: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, key: int) -> bool:
        return key in self.row

    @property
    def live(self) -> np.ndarray:
        """The live rows, in the order of ids."""
        return self.matrix[: len(self.ids)]

    def put(self, key: int, unit: np.ndarray) -> None:
        """Set the vector of key, appending a row when key is new."""
        row = self.row.get(key)
        if row is None:
            row = len(self.ids)
            if row >= self.matrix.shape[0]:
                grown = np.zeros((max(INITIAL_ROWS, 2 * row), self.dim), dtype=np.float32)
                grown[:row] = self.matrix[:row]
                self.matrix = grown
            self.row[key] = row
            self.ids.append(key)
        self.matrix[row] = unit

    def drop(self, key: int) -> None:
        """Remove key, moving the last row into its place; KeyError when absent."""
        row = self.row.pop(key)
        last = len(self.ids) - 1
        if row != last:
            moved = self.ids[last]
            self.matrix[row] = self.matrix[last]
            self.ids[row] = moved
            self.row[moved] = row
        self.ids.pop()

    def clear(self) -> None:
        """Forget every row and give the matrix back."""
        self.matrix = np.zeros((0, self.dim), dtype=np.float32)
        self.ids = []
        self.row = {}

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k nearest rows as (id, cosine), best first, ties by id."""
        if not self.ids:
            return []
        # einsum runs single-threaded SIMD loops: OpenBLAS's threaded matrix-vector product
        # measured 10x slower at the tail on a busy 2-core machine (threads wait on each other).
        sims = np.einsum("ij,j->i", self.live, query)
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
        order = sorted(top.tolist(), key=lambda row: (-float(sims[row]), self.ids[row]))
        return [(self.ids[row], float(sims[row])) for row in order]


class StoryIndex:
    """Story centroids by id, searchable by cosine similarity (best first).

    Below ``exact_below`` stories every centroid is scored; from there on an HNSW graph answers,
    with recent upserts held in a small exact buffer until ``flush`` moves them into the graph
    in one batch. Not thread-safe: one writer, as in the online assigner.
    """

    def __init__(self, dim: int = 384, exact_below: int = EXACT_BELOW) -> None:
        if dim < 1:
            raise ValueError(f"dim must be positive, got {dim}")
        self.dim = dim
        self.exact_below = exact_below
        # Exact mode: every centroid. Graph mode: centroids upserted since the last flush.
        self._rows = _ExactRows(dim)
        # Graph mode: once promoted the index stays a graph, even if stories are removed again.
        self._graph: Index | None = None
        # Stories whose graph node is out of date: replaced by a buffered row (stale) or
        # removed by the caller (dropped). Searches skip their nodes; flush deletes them.
        self._stale: set[int] = set()
        self._dropped: set[int] = set()

    # ----------------------------------------------------------------- reading

    def __len__(self) -> int:
        if self._graph is None:
            return len(self._rows)
        return len(self._graph) - len(self._stale) - len(self._dropped) + len(self._rows)

    def __contains__(self, story_id: object) -> bool:
        if not isinstance(story_id, int | np.integer) or not 0 <= int(story_id) < 2**63:
            return False
        key = int(story_id)
        if key in self._rows:
            return True
        if self._graph is None or key in self._dropped:
            return False
        return bool(self._graph.contains(key))

    @property
    def approximate(self) -> bool:
        """True once the index searches an HNSW graph instead of every centroid."""
        return self._graph is not None

    @property
    def pending(self) -> int:
        """Upserts and removals held back from the graph until the next flush."""
        return len(self._rows) + len(self._dropped) if self._graph is not None else 0

    @property
    def search_expansion(self) -> int:
        """The graph's candidate-list breadth per query (SEARCH_EXPANSION unless tuned)."""
        return int(self._graph.expansion_search) if self._graph is not None else SEARCH_EXPANSION

    @search_expansion.setter
    def search_expansion(self, value: int) -> None:
        if self._graph is None:
            raise ValueError("the exact path has no search breadth to tune")
        self._graph.expansion_search = int(value)  # type: ignore[misc]  # setter mypy misses

    @property
    def memory_usage(self) -> int:
        """Bytes held by centroids and graph (usearch's estimate, which walks the whole graph)."""
        graph = int(self._graph.memory_usage) if self._graph is not None else 0
        return graph + int(self._rows.matrix.nbytes)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k stories nearest to vector as (story id, cosine similarity), best first."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        query = self._as_unit(vector)
        if self._graph is None:
            return self._rows.search(query, k)
        found = self._graph_hits(query, k) + self._rows.search(query, k)
        found.sort(key=lambda hit: (-hit[1], hit[0]))
        return found[:k]

    def _graph_hits(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Up to k current graph matches, skipping nodes of stale or dropped stories."""
        assert self._graph is not None
        hidden = len(self._stale) + len(self._dropped)
        # Recently updated stories sit where new articles land, so their stale nodes crowd the
        # top of a result list: ask for up to k extra, and only go wider when that was not enough.
        wanted = k + min(hidden, k)
        while True:
            # One query is too small to share between threads; threads=1 skips the pool hand-off.
            matches = self._graph.search(query, wanted, threads=1)
            stories = matches.keys.tolist()
            # usearch's cosine distance is 1 - cosine similarity.
            sims = (1.0 - matches.distances.astype(np.float64)).tolist()
            hits = [
                (story, sim)
                for story, sim in zip(stories, sims, strict=True)
                if story not in self._stale and story not in self._dropped
            ]
            if len(hits) >= k or len(stories) < wanted or wanted >= k + hidden:
                return hits[:k]
            wanted = k + hidden

    # ----------------------------------------------------------------- writing

    def upsert(self, story_id: int, vector: np.ndarray) -> None:
        """Add a story's centroid, or replace it when the story is already indexed."""
        key = self._as_key(story_id)
        unit = self._as_unit(vector)
        if self._graph is not None and key not in self._rows:
            if key in self._dropped:
                self._dropped.discard(key)
                self._stale.add(key)  # its node is still in the graph
            elif self._graph.contains(key):
                self._stale.add(key)
        self._rows.put(key, unit)
        if self._graph is None:
            if len(self._rows) >= self.exact_below:
                self._promote()
        elif self.pending >= PENDING_LIMIT:
            self.flush()

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
        if self._graph is None and len(self._rows) + len(keys) < self.exact_below:
            for key, unit in zip(keys, units, strict=True):
                self._rows.put(key, unit)
            return
        if self._graph is None:
            self._promote(extra_keys=keys, extra_vectors=units)
            return
        self.flush()
        ids = np.asarray(keys, dtype=np.uint64)
        present = ids[self._graph.contains(ids)]
        if len(present):
            self._graph.remove(present)
        self._add_to_graph(self._graph, ids, units)

    def remove(self, story_id: int) -> None:
        """Drop a story's centroid; KeyError when it is not indexed."""
        key = self._as_key(story_id)
        if key in self._rows:
            self._rows.drop(key)
            if key in self._stale:
                self._stale.discard(key)
                self._dropped.add(key)
        elif self._graph is not None and key not in self._dropped and self._graph.contains(key):
            self._dropped.add(key)
        else:
            raise KeyError(story_id)
        if self._graph is not None and self.pending >= PENDING_LIMIT:
            self.flush()

    def flush(self) -> None:
        """Move buffered upserts and removals into the graph in one batch (no-op when exact)."""
        if self._graph is None or not self.pending:
            return
        gone = self._stale | self._dropped
        if gone:
            self._graph.remove(np.fromiter(gone, dtype=np.uint64, count=len(gone)))
        if len(self._rows):
            ids = np.asarray(self._rows.ids, dtype=np.uint64)
            self._add_to_graph(self._graph, ids, self._rows.live)
        self._rows.clear()
        self._stale.clear()
        self._dropped.clear()

    def _promote(
        self, extra_keys: Sequence[int] = (), extra_vectors: np.ndarray | None = None
    ) -> None:
        """Move the exact rows (plus any extra centroids) into a new HNSW graph."""
        keys = list(self._rows.ids)
        vectors = self._rows.live
        if extra_keys and not keys:
            assert extra_vectors is not None
            keys, vectors = list(extra_keys), extra_vectors  # a rebuild into an empty index
        elif extra_keys:
            assert extra_vectors is not None
            for i, key in enumerate(extra_keys):
                row = self._rows.row.get(key)
                if row is not None:
                    vectors[row] = extra_vectors[i]
            fresh = [i for i, key in enumerate(extra_keys) if key not in self._rows]
            keys += [extra_keys[i] for i in fresh]
            vectors = np.concatenate([vectors, extra_vectors[fresh]])
        graph = self._new_graph()
        if keys:
            self._add_to_graph(graph, np.asarray(keys, dtype=np.uint64), vectors)
        self._graph = graph
        self._rows.clear()

    def _new_graph(self) -> Index:
        return _usearch_index_class()(
            ndim=self.dim,
            metric="cos",
            dtype=GRAPH_DTYPE,
            connectivity=GRAPH_CONNECTIVITY,
            expansion_add=ADD_EXPANSION,
            expansion_search=SEARCH_EXPANSION,
        )

    @staticmethod
    def _add_to_graph(graph: Index, keys: np.ndarray, vectors: np.ndarray) -> None:
        graph.add(
            keys, np.ascontiguousarray(vectors, dtype=np.float32), threads=available_threads()
        )

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
        self.flush()  # the file holds the graph alone
        with _temporary_beside(path) as tmp:
            if self._graph is not None:
                self._graph.save(os.fspath(tmp))
            else:
                with tmp.open("wb") as fh:
                    ids = np.asarray(self._rows.ids, dtype=np.uint64)
                    np.savez(fh, ids=ids, vectors=self._rows.live)
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
                if len(set(ids.tolist())) != len(ids):
                    raise ValueError("story ids repeat")
                for key, vector in zip(ids.tolist(), vectors, strict=True):
                    index._rows.put(int(key), vector)
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
