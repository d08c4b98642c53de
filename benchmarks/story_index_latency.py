"""Story-index latency, build time, memory and recall@K on clustered synthetic centroids.

    python benchmarks/story_index_latency.py --sizes 10000,100000,1000000 --queries 2000

For each size it builds a StoryIndex in bulk (as a rebuild from the store does), then replays
--queries articles the way the online assigner handles them: a top-K search (K = cluster.CANDIDATES,
the candidate stories an article is scored against), then one upsert
(3 in 4 articles join their best story and move its centroid, 1 in 4 starts a new story). The
embedding itself is not timed. Recall@K is measured against exact search before and after
that churn. A second table times brute force against the graph at small sizes, which is where
EXACT_BELOW comes from. Prints markdown tables, then one JSON object with every number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import usearch

from bench_common import int_list
from newsloom.stories import index as si
from newsloom.stories.assigner import CANDIDATES as K
from newsloom.stories.index import StoryIndex

DIM = 384
# Noise of length ~1 around a unit centre at each level: stories sit at cosine ~0.7 from their
# cluster centre, ~0.5 from each other and ~0.25 from other clusters of their topic.
SPREAD = 1.0
# The noise is anisotropic, as in real embedding spaces: its variance along the j-th of 384
# random orthogonal directions falls as j ** -NOISE_DECAY. With 1.0 the 20-NN neighbourhoods
# have a local intrinsic dimension of ~28 (MLE); MiniLM embeddings of 3,000 Reuters articles
# measure ~19 and isotropic noise (0.0) ~71, a worst case no graph index resolves (see
# docs/story_index.md). 1.0 is harder than the real data, and --noise-decay 0 runs the worst case.
NOISE_DECAY = 1.0
# Share of articles that join an existing story (the rest start one).
JOIN_SHARE = 0.75
# A joined story's centroid moves as if it had this many members before the new article.
STORY_SIZE = 4
# Rows generated per block, so the float32 data never needs a float64 copy of itself.
CHUNK = 100_000


def rss_bytes() -> int:
    """Resident set size of this process now."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class Generator:
    """Clustered unit vectors: topics, cluster centres around them, stories around those."""

    def __init__(self, centres: int, topics: int, decay: float, seed: int) -> None:
        rng = np.random.default_rng(seed)
        scale = np.arange(1, DIM + 1, dtype=np.float64) ** (-decay / 2)
        self.scale = (SPREAD * scale / np.linalg.norm(scale)).astype(np.float32)
        self.rotation = np.linalg.qr(rng.standard_normal((DIM, DIM)))[0].astype(np.float32)
        tops = rng.standard_normal((topics, DIM), dtype=np.float32)
        tops /= np.linalg.norm(tops, axis=1, keepdims=True)
        # Two levels, as in news: a cluster's stories share a topic with other clusters'
        # stories, so the 20 nearest are meaningful (same cluster, then same topic) even where a
        # cluster has fewer than 20 members, instead of a tail of unrelated near-zero cosines.
        self.centres = self._around(tops[rng.integers(0, topics, centres)], rng)

    def _around(self, points: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        noise = (rng.standard_normal(points.shape, dtype=np.float32) * self.scale) @ self.rotation.T
        out: np.ndarray = points + noise
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out

    def stories(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n unit vectors, each a random cluster centre plus noise."""
        out = np.empty((n, DIM), dtype=np.float32)
        for start in range(0, n, CHUNK):
            m = min(CHUNK, n - start)
            out[start : start + m] = self._around(
                self.centres[rng.integers(0, len(self.centres), m)], rng
            )
        return out


def exact_top(
    data: list[tuple[np.ndarray, np.ndarray]], queries: np.ndarray, k: int
) -> list[set[int]]:
    """True top-k story ids per query over (ids, vectors) blocks, by float32 dot product."""
    result: list[set[int]] = []
    for start in range(0, len(queries), 50):
        q = queries[start : start + 50]
        sims = np.hstack([q @ vectors.T for _, vectors in data])
        ids = np.concatenate([block_ids for block_ids, _ in data])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        result.extend(set(ids[row].tolist()) for row in top)
    return result


def recall(index: StoryIndex, queries: np.ndarray, truth: list[set[int]], k: int) -> float:
    """Mean share of the true top-k that the index returns."""
    hits = sum(
        len(t & {sid for sid, _ in index.search(q, k)}) for q, t in zip(queries, truth, strict=True)
    )
    return hits / (k * len(queries))


def machine_info(load_start: tuple[float, float, float]) -> dict[str, Any]:
    """CPUs, versions and the load average at the start of the run and now."""
    return {
        "cpus": si.available_threads(),
        "arch": platform.machine(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "usearch": usearch.__version__,
        "load_avg_start": [round(x, 2) for x in load_start],
        "load_avg_end": [round(x, 2) for x in os.getloadavg()],
    }


def percentiles(ms: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of a list of milliseconds, rounded."""
    marks = {"p50": 50, "p95": 95, "p99": 99, "max": 100}
    return {name: round(float(np.percentile(ms, q)), 3) for name, q in marks.items()}


def replay(
    index: StoryIndex, base: np.ndarray, queries: np.ndarray, first_new_id: int, seed: int
) -> tuple[list[float], list[float], list[float], dict[int, np.ndarray]]:
    """Search-then-upsert per query, as the assigner does.

    Returns wall milliseconds of the searches and of the upserts, CPU milliseconds of both
    together (this thread only: on a shared machine wall time also counts waits for a core),
    and the moved or new centroids by story id.
    """
    rng = np.random.default_rng(seed)
    search_ms: list[float] = []
    upsert_ms: list[float] = []
    cpu_ms: list[float] = []
    changed: dict[int, np.ndarray] = {}
    for i, q in enumerate(queries):
        c0 = time.thread_time()
        t0 = time.perf_counter()
        hits = index.search(q, K)
        t1 = time.perf_counter()
        c1 = time.thread_time()
        if hits and rng.random() < JOIN_SHARE:
            sid = hits[0][0]
            old = changed[sid] if sid in changed else base[sid]
            moved = old * STORY_SIZE + q
            centroid = (moved / np.linalg.norm(moved)).astype(np.float32)
        else:
            sid, centroid = first_new_id + i, q
        c2 = time.thread_time()
        t2 = time.perf_counter()
        index.upsert(sid, centroid)
        t3 = time.perf_counter()
        c3 = time.thread_time()
        changed[sid] = centroid
        search_ms.append((t1 - t0) * 1e3)
        upsert_ms.append((t3 - t2) * 1e3)
        cpu_ms.append((c1 - c0 + c3 - c2) * 1e3)
    return search_ms, upsert_ms, cpu_ms, changed


def current_data(
    base: np.ndarray, changed: dict[int, np.ndarray]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(ids, vectors) blocks of the stories after churn; moved rows are overwritten in base."""
    n = len(base)
    for sid, v in changed.items():
        if sid < n:
            base[sid] = v
    new = {sid: v for sid, v in changed.items() if sid >= n}
    blocks = [(np.arange(n), base)]
    if new:
        blocks.append((np.fromiter(new, dtype=np.int64), np.stack(list(new.values()))))
    return blocks


def timed(fn: Callable[..., object], *args: object) -> float:
    """Seconds one call of fn(*args) takes."""
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def run_size(n: int, args: argparse.Namespace, gen: Generator) -> dict[str, Any]:
    """Every measurement for one index size."""
    rng = np.random.default_rng(args.seed + n)
    base = gen.stories(n, rng)
    queries = gen.stories(args.queries, rng)
    recall_q = gen.stories(args.recall_queries, rng)

    rss_before = rss_bytes()
    index = StoryIndex(dim=DIM)
    build_s = timed(index.upsert_many, np.arange(n), base)
    rss_after = rss_bytes()
    row: dict[str, Any] = {
        "stories": n,
        "graph": index.approximate,
        "build_s": round(build_s, 1),
        "index_memory_mb": round(index.memory_usage / 2**20, 1),
        "rss_delta_mb": round((rss_after - rss_before) / 2**20, 1),
    }
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        path = Path(tmp) / "stories.index"
        row["save_s"] = round(timed(index.save, path, f"{n}:bench"), 2)
        row["file_mb"] = round(path.stat().st_size / 2**20, 1)
        rss_before_load = rss_bytes()
        start = time.perf_counter()
        loaded = StoryIndex.load(path, f"{n}:bench")
        row["load_s"] = round(time.perf_counter() - start, 2)
        # What a restarted process holds: the loaded index's resident memory.
        row["rss_loaded_mb"] = round((rss_bytes() - rss_before_load) / 2**20, 1)
        del loaded

    truth = exact_top([(np.arange(n), base)], recall_q, K)
    row["recall_before"] = round(recall(index, recall_q, truth, K), 4)

    search_ms, upsert_ms, cpu_ms, changed = replay(
        index, base, queries, first_new_id=n, seed=args.seed
    )
    total = [s + u for s, u in zip(search_ms, upsert_ms, strict=True)]
    row["article"] = percentiles(total)
    row["article_cpu"] = percentiles(cpu_ms)
    row["search"] = percentiles(search_ms)
    row["upsert"] = percentiles(upsert_ms)
    truth_after = exact_top(current_data(base, changed), recall_q, K)
    row["recall_after"] = round(recall(index, recall_q, truth_after, K), 4)

    if index.approximate and args.ef_sweep:
        sweep = {}
        for ef in args.ef_sweep:
            index.search_expansion = ef
            ms = [timed(index.search, q, K) * 1e3 for q in recall_q]
            sweep[ef] = {
                **percentiles(ms),
                "recall": round(recall(index, recall_q, truth_after, K), 4),
            }
        index.search_expansion = si.SEARCH_EXPANSION
        row["ef_sweep"] = sweep
    del index

    if args.exact_queries:
        exact = StoryIndex(dim=DIM, exact_below=sys.maxsize)
        exact.upsert_many(np.arange(n), base)
        ms = [timed(exact.search, q, K) * 1e3 for q in queries[: args.exact_queries]]
        row["brute_force_search"] = percentiles(ms)
        del exact
    return row


def crossover(sizes: list[int], args: argparse.Namespace, gen: Generator) -> list[dict[str, Any]]:
    """Per-article latency of brute force against the graph at small sizes."""
    rows = []
    for n in sizes:
        rng = np.random.default_rng(args.seed + 7 * n)
        base = gen.stories(n, rng)
        queries = gen.stories(args.crossover_queries, rng)
        row: dict[str, Any] = {"stories": n}
        for name, threshold in (("exact", sys.maxsize), ("graph", 1)):
            index = StoryIndex(dim=DIM, exact_below=threshold)
            index.upsert_many(np.arange(n), base)
            search_ms, upsert_ms, cpu_ms, _ = replay(
                index, base, queries, first_new_id=n, seed=args.seed
            )
            row[name] = {
                "search": percentiles(search_ms),
                "article": percentiles([s + u for s, u in zip(search_ms, upsert_ms, strict=True)]),
                "article_cpu": percentiles(cpu_ms),
            }
        rows.append(row)
    return rows


def pair(stats: dict[str, float], first: str = "p50", second: str = "p95") -> str:
    """Two statistics as "a / b"."""
    return f"{stats[first]} / {stats[second]}"


def markdown(rows: list[dict[str, Any]], cross: list[dict[str, Any]]) -> str:
    """The results as markdown tables: per size, search breadth, brute force against graph."""
    lines = [
        "| stories | mode | build s | article p50 / p95 / p99 / max ms | article CPU p50 / p95 ms"
        " | search p50 / p95 ms | upsert p50 / p95 ms | index MB | RSS Δ built / loaded MB"
        f" | file MB | save / load s | recall@{K} before / after churn"
        " | brute-force search p50 / p95 ms |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        article = f"{pair(r['article'])} / {pair(r['article'], 'p99', 'max')}"
        brute = pair(r["brute_force_search"]) if "brute_force_search" in r else "-"
        cells = [
            f"{r['stories']:,}",
            "hnsw" if r["graph"] else "exact",
            str(r["build_s"]),
            article,
            pair(r["article_cpu"]),
            pair(r["search"]),
            pair(r["upsert"]),
            str(r["index_memory_mb"]),
            f"{r['rss_delta_mb']} / {r['rss_loaded_mb']}",
            str(r["file_mb"]),
            f"{r['save_s']} / {r['load_s']}",
            f"{r['recall_before']} / {r['recall_after']}",
            brute,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for r in rows:
        if "ef_sweep" in r:
            lines += [
                "",
                f"search breadth at {r['stories']:,} stories (after churn):",
                "",
                f"| ef | search p50 / p95 ms | recall@{K} |",
                "|---:|---:|---:|",
            ]
            for ef, v in r["ef_sweep"].items():
                lines.append(f"| {ef} | {pair(v)} | {v['recall']} |")
    if cross:
        lines += [
            "",
            "| stories | exact article p50 / p95 ms | graph article p50 / p95 ms"
            " | exact article CPU p50 / p95 ms | graph article CPU p50 / p95 ms |",
            "|---:|---:|---:|---:|---:|",
        ]
        for c in cross:
            e, g = c["exact"], c["graph"]
            cells = [
                f"{c['stories']:,}",
                pair(e["article"]),
                pair(g["article"]),
                pair(e["article_cpu"]),
                pair(g["article_cpu"]),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int_list, default=int_list("10000,100000,1000000"))
    parser.add_argument("--queries", type=int, default=2000, help="articles replayed per size")
    parser.add_argument("--recall-queries", type=int, default=500)
    parser.add_argument(
        "--exact-queries",
        type=int,
        default=200,
        help="brute-force searches timed per size (0: skip)",
    )
    parser.add_argument(
        "--crossover",
        type=int_list,
        default=int_list("2000,5000,10000,20000,50000"),
        help="small sizes timed both ways ('' to skip)",
    )
    parser.add_argument("--crossover-queries", type=int, default=500)
    parser.add_argument("--ef-sweep", type=int_list, default=int_list("64,96,128,160,192"))
    parser.add_argument(
        "--centres", type=int, default=4000, help="cluster centres the stories gather around"
    )
    parser.add_argument(
        "--topics", type=int, default=200, help="broader topics the cluster centres gather around"
    )
    parser.add_argument(
        "--noise-decay",
        type=float,
        default=NOISE_DECAY,
        help="spectrum exponent of the noise (0: isotropic, the worst case)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--tmp", type=Path, default=None, help="folder for the save/load round trip"
    )
    args = parser.parse_args()

    gen = Generator(args.centres, args.topics, args.noise_decay, args.seed)
    load_start = os.getloadavg()
    started = time.perf_counter()
    cross = crossover(args.crossover, args, gen)
    print(f"{time.perf_counter() - started:.0f}s {json.dumps(cross)}", file=sys.stderr, flush=True)
    rows = []
    for n in args.sizes:
        rows.append(run_size(n, args, gen))
        # Progress on stderr, so a long run shows each size as it finishes.
        print(
            f"{time.perf_counter() - started:.0f}s {json.dumps(rows[-1])}",
            file=sys.stderr,
            flush=True,
        )
    result = {
        "command": " ".join(sys.argv),
        "machine": machine_info(load_start),
        "settings": {
            "exact_below": si.EXACT_BELOW,
            "dtype": si.GRAPH_DTYPE,
            "connectivity": si.GRAPH_CONNECTIVITY,
            "add_expansion": si.ADD_EXPANSION,
            "search_expansion": si.SEARCH_EXPANSION,
            "k": K,
            "centres": args.centres,
            "topics": args.topics,
            "spread": SPREAD,
            "noise_decay": args.noise_decay,
            "pending_limit": si.PENDING_LIMIT,
        },
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "total_s": round(time.perf_counter() - started),
        "sizes": rows,
        "crossover": cross,
    }
    print(markdown(rows, cross))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
