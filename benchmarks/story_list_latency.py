"""Story-list latency at 100k articles: a page of stories, the CLI's first page, the largest story.

    python benchmarks/story_list_latency.py [--db PATH] [--articles 100000] [--runs 50]

Builds a store of --articles articles from Reuters-21578 (or reuses the one at --db when it
already holds that many), then times, each --runs times after a few warm-up calls:
`list_stories(limit=20)` on an open store and with the store opened read-only first,
`newsloom stories --limit 20` (table and --json) through the CLI in-process, and
`largest_story_id`; then, without a target, the whole list. Prints a markdown table, then one
JSON object with every number.

How the store is built: the real ingest (spaCy, embeddings, story assignment) runs at ~20
articles/s, far too slow for 100k, so the benchmark writes through `Store.write_articles`, the
call ingest makes for each batch, with what ingest would have decided put in directly:
- the ~19k Reuters articles repeated in order; repetition r > 0 gets the external id
  "reuters-N/r", the title "TITLE (r)" and its date moved r years on, so every row is distinct;
- stories with power-law sizes (three in four a single article, a few hundred at most),
  each one's articles spread over a window of the ingest order, as a running story is;
- outlets from a pool of OUTLETS names, COPY_SHARE of articles stored as copies of an earlier
  article of their story;
- entities from a capitalised-words pattern (PERSON for two or three words, ORG otherwise), not
  spaCy's: the story rows are computed from them exactly as from real ones.
Writing in batches through `write_articles` keeps every story's row up to date as ingest does;
the time spent refreshing story rows is reported beside the build time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from typer.testing import CliRunner

from bench_common import cpu_name, data_dir
from newsloom.cli.app import app
from newsloom.model import Analysis, Article, Entity
from newsloom.store import sqlite as store_sqlite
from newsloom.store.sqlite import Store, StoredArticle
from newsloom.store.stories import largest_story_id, list_stories

# The page size timed, as `newsloom stories --limit 20` shows it.
PAGE = 20
# Calls made and thrown away before timing, so the page cache is warm as in repeated use.
WARMUP = 3
# Articles per write_articles call (ingest uses 64; larger batches only make the build faster).
BUILD_BATCH = 1_000
# Story sizes follow P(size) ~ size ** -SIZE_EXPONENT, capped at MAX_STORY articles.
SIZE_EXPONENT = 2.5
MAX_STORY = 400
# A story's next article arrives on average this many articles (of all stories) after its last.
STORY_STEP = 10
# Share of articles stored as copies (syndicated reprints) of an earlier article of their story.
COPY_SHARE = 0.03
# Outlet names in the pool the articles are spread over.
OUTLETS = 30
# At most this many entity mentions per article (a Reuters article has ~20 with spaCy).
MAX_ENTITIES = 25
# Words that start a sentence or a dateline more often than a name.
STOPWORDS = frozenset({"The", "A", "An", "In", "It", "He", "She", "They", "This", "But", "And"})
NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b")
# The p95 target for every timed call, in milliseconds.
TARGET_P95_MS = 100.0
# The whole list (every story, no target) is timed this many times: it takes about a second.
WHOLE_LIST_RUNS = 10


def reuters_path() -> Path:
    """The Reuters file under $NEWSLOOM_DATA or ../shared/data."""
    return data_dir() / "reuters21578-articles.jsonl.gz"


def read_reuters(path: Path) -> list[dict[str, Any]]:
    """Every Reuters article as a dict, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def story_plan(n: int, rng: np.random.Generator) -> np.ndarray:
    """Each article's story id in ingest order: power-law sizes, each story over a window."""
    sizes: list[int] = []
    weights = np.arange(1, MAX_STORY + 1, dtype=np.float64) ** -SIZE_EXPONENT
    while sum(sizes) < n:
        sizes.extend(rng.choice(np.arange(1, MAX_STORY + 1), size=1000, p=weights / weights.sum()))
    keys: list[float] = []
    owners: list[int] = []
    for story, size in enumerate(sizes):
        start = rng.uniform(0, n)
        keys.extend(start + np.cumsum(rng.exponential(STORY_STEP, size)))
        owners.extend([story] * int(size))
    order = np.argsort(np.asarray(keys), kind="stable")[:n]
    plan = np.asarray(owners)[order]
    # Story ids in order of first appearance, as ingest numbers the stories it creates.
    _, first = np.unique(plan, return_index=True)
    renumber = {int(plan[i]): k + 1 for k, i in enumerate(sorted(first))}
    return np.asarray([renumber[int(s)] for s in plan])


def entities_of(text: str) -> tuple[Entity, ...]:
    """Capitalised word runs as entities: a stand-in for spaCy's, cheap enough for 100k."""
    found = []
    for m in NAME.finditer(text):
        if m.group(0) in STOPWORDS:
            continue
        words = m.group(0).split()
        label = "PERSON" if len(words) > 1 else "ORG"
        found.append(Entity(m.group(0), m.start(), m.end(), label, " ".join(words)))
        if len(found) >= MAX_ENTITIES:
            break
    return tuple(found)


def articles(
    corpus: list[dict[str, Any]], n: int, rng: np.random.Generator
) -> Iterator[StoredArticle]:
    """The n articles to store, each with its story, outlet, copy link and entities."""
    plan = story_plan(n, rng)
    last_original: dict[int, str] = {}
    outlets = [f"Outlet {k:02d}" for k in range(OUTLETS)]
    for i in range(n):
        rep, index = divmod(i, len(corpus))
        src = corpus[index]
        story = int(plan[i])
        key = f"bench-{i}"
        title = src.get("title") or None
        published = src.get("published")
        if rep:
            title = f"{title} ({rep})" if title else None
            if published:
                published = f"{int(published[:4]) + rep:04d}{published[4:]}"
        original = last_original.get(story)
        is_copy = original is not None and rng.random() < COPY_SHARE
        article = Article(
            text=src["text"],
            origin=f"reuters#{i}",
            title=title,
            outlet=outlets[int(rng.integers(OUTLETS))],
            published=published,
            external_id=f"{src['id']}/{rep}" if rep else src["id"],
            language="en",
        )
        if is_copy:
            yield StoredArticle(
                key=key,
                article=article,
                content_hash=f"h{i}",
                status="copy",
                copy_of_key=original,
                copy_kind="exact",
                story_id=story,
            )
            continue
        last_original[story] = key
        analysis = Analysis(sentences=(), entities=entities_of(src["text"]), timexes=())
        yield StoredArticle(
            key=key,
            article=article,
            content_hash=f"h{i}",
            status="analysed",
            story_id=story,
            analysis=analysis,
        )


def build(db: Path, n: int, seed: int) -> dict[str, Any]:
    """Write n articles into a new store at db; returns the build and refresh times."""
    rng = np.random.default_rng(seed)
    corpus = read_reuters(reuters_path())
    refresh_s = 0.0
    original_refresh = store_sqlite.refresh_story_rows

    def timed_refresh(conn: Any, ids: Any) -> None:
        nonlocal refresh_s
        started = time.perf_counter()
        original_refresh(conn, ids)
        refresh_s += time.perf_counter() - started

    store_sqlite.refresh_story_rows = timed_refresh  # type: ignore[assignment]
    started = time.perf_counter()
    try:
        with Store(db) as store:
            seen: set[int] = set()
            batch: list[StoredArticle] = []
            for rec in articles(corpus, n, rng):
                batch.append(rec)
                if len(batch) >= BUILD_BATCH:
                    _write(store, batch, seen)
            _write(store, batch, seen)
            store.conn.execute("ANALYZE")
    finally:
        store_sqlite.refresh_story_rows = original_refresh  # type: ignore[assignment]
    return {"build_s": round(time.perf_counter() - started, 1), "refresh_s": round(refresh_s, 1)}


def _write(store: Store, batch: list[StoredArticle], seen: set[int]) -> None:
    new = {r.story_id for r in batch if r.story_id is not None} - seen
    store.write_articles(batch, new)
    seen.update(new)
    batch.clear()


def stored_articles(db: Path) -> int:
    """How many articles the store at db holds (0 when there is none)."""
    if not db.exists():
        return 0
    with Store(db) as store:  # writable: an older store is migrated before it is timed
        return store.counts()["articles"]


def timed(call: Callable[[], object], runs: int) -> dict[str, float]:
    """p50, p95 and max of runs calls after WARMUP untimed ones, in milliseconds."""
    for _ in range(WARMUP):
        call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "max_ms": round(max(times), 2),
    }


def cli(db: Path, *extra: str) -> Callable[[], object]:
    """`newsloom stories --limit PAGE` run in-process, as a shell would run it."""
    runner = CliRunner()
    args = ["stories", "--limit", str(PAGE), "--db", str(db), *extra]

    def call() -> object:
        result = runner.invoke(app, args)
        if result.exit_code != 0:
            raise RuntimeError(result.output)
        return result

    return call


def measure(db: Path, runs: int) -> dict[str, dict[str, float]]:
    """Time each read path with a target runs times."""

    def open_and_list() -> object:
        with Store(db, readonly=True) as opened:
            return list_stories(opened, limit=PAGE)

    with Store(db, readonly=True) as store:
        out = {
            f"list_stories(limit={PAGE})": timed(lambda: list_stories(store, limit=PAGE), runs),
            "largest_story_id": timed(lambda: largest_story_id(store), runs),
        }
    # What the command does before rendering: open the store read-only, read the page.
    out[f"open store + list_stories(limit={PAGE})"] = timed(open_and_list, runs)
    out[f"newsloom stories --limit {PAGE}"] = timed(cli(db), runs)
    out[f"newsloom stories --limit {PAGE} --json"] = timed(cli(db, "--json"), runs)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="store to build or reuse")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not reuters_path().exists():
        print(f"data not found: {reuters_path()} (set NEWSLOOM_DATA)", file=sys.stderr)
        return 2
    db = args.db or Path(tempfile.mkdtemp()) / "stories.db"
    built: dict[str, Any] = {"reused": True}
    have = stored_articles(db)
    if have < args.articles:
        if have:
            print(f"{db} holds {have} articles, not {args.articles}", file=sys.stderr)
            return 2
        built = build(db, args.articles, args.seed)
    with Store(db, readonly=True) as store:
        counts = store.counts()
        largest = list_stories(store, limit=1)[0].articles
    load_before = os.getloadavg()[0]
    timings = measure(db, args.runs)
    with Store(db, readonly=True) as store:
        whole = timed(lambda: list_stories(store), WHOLE_LIST_RUNS)
    print("| call | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|")
    for name, t in timings.items():
        print(f"| `{name}` | {t['p50_ms']} | {t['p95_ms']} | {t['max_ms']} |")
    result = {
        "db": str(db),
        "store": counts,
        "largest_story_articles": largest,
        "build": built,
        "runs": args.runs,
        "timings": timings,
        "target_p95_ms": TARGET_P95_MS,
        "met": all(t["p95_ms"] < TARGET_P95_MS for t in timings.values()),
        f"list_stories() (every story, {WHOLE_LIST_RUNS} runs, no target)": whole,
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cpu": cpu_name(),
        "python": platform.python_version(),
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
