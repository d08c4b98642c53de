"""Web page render times at 100k articles: p95 of the story list, a brief, search, an article.

    python benchmarks/web_pages.py [--db PATH] [--articles 100000] [--runs 50]

The store is the one benchmarks/story_list_latency.py builds (its docstring says how): the
19,043 Reuters-21578 articles repeated with varied ids, titles and years to reach --articles,
power-law stories, 30 outlets, entities from a capitalised-words pattern, written through
`Store.write_articles`. A store at --db holding that many articles is reused.

Each page is fetched through the app in process (starlette's TestClient: the whole ASGI path,
routing, read-only store, view model, Jinja2 rendering, security headers; no network), --runs
times after a few untimed warm-up calls, with varied ids and queries so no run repeats the last.
The synthetic articles carry no sentence analysis, so their briefs fuse no claims: the
brief rows time reading and rendering a big story's brief, not embedding its sentences; the
--real-brief option times the largest demo-corpus story's brief built from real analysis
(cold: cache cleared before each run, so every run embeds its sentences), as a second number.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from bench_common import cpu_name
from newsloom.api import Newsloom
from newsloom.web.app import create_app
from story_list_latency import build, reuters_path, stored_articles

# Calls made and thrown away before timing: the page cache warm, templates compiled.
WARMUP = 3
# The p95 target for a page, in milliseconds (issue 20).
TARGET_P95_MS = 300.0
# Words searched for, in turn: common and rare words of the Reuters corpus.
QUERIES = ("oil prices", "cocoa", "bank rate", "tonnes wheat", "dollar yen", "merger shares")


def timed(call: Callable[[int], object], runs: int) -> dict[str, float]:
    """p50, p95 and max of runs calls (call(i) for run i) after WARMUP untimed ones, in ms."""
    for i in range(WARMUP):
        call(i)
    times = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        times.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49], 1),
        "p95_ms": round(cuts[94], 1),
        "max_ms": round(max(times), 1),
    }


def fetch(client: TestClient, path: Callable[[int], str]) -> Callable[[int], object]:
    """A call that GETs path(i) and insists on a 200."""

    def call(i: int) -> object:
        answer = client.get(path(i))
        if answer.status_code != 200:
            raise RuntimeError(f"{path(i)}: {answer.status_code} {answer.text[:200]}")
        return answer

    return call


def measure(db: Path, runs: int, seed: int) -> dict[str, dict[str, float]]:
    """Time each page (and a few JSON twins) runs times."""
    nl = Newsloom(db)
    client = TestClient(create_app(str(db), newsloom=nl))
    rng = random.Random(seed)
    stories = client.get("/stories.json?per_page=200").json()["stories"]
    big = [s["id"] for s in stories[: runs + WARMUP]]
    total = nl.counts()["articles"]
    article_ids = [rng.randint(1, total) for _ in range(runs + WARMUP)]

    def brief_cold(i: int) -> str:
        nl._briefs.clear()  # every run builds the brief, as a first visit does
        return f"/stories/{stories[0]['id']}"

    # The names the largest stories list first: the most widely named in the store ("Net").
    names = list(dict.fromkeys(n for s in stories[:20] for n in s["top_entities"][:2]))

    return {
        "story list `/`": timed(fetch(client, lambda i: "/"), runs),
        "story list, page 20 by newest": timed(
            fetch(client, lambda i: f"/?sort=newest&page={20 + i}"), runs
        ),
        "story list filtered by outlet": timed(
            fetch(client, lambda i: f"/?outlet=Outlet+{i % 30:02d}"), runs
        ),
        f"brief of the largest story ({stories[0]['articles']} articles), built each run": timed(
            fetch(client, brief_cold), runs
        ),
        "brief of the 100 largest stories in turn, each built on its first visit": timed(
            fetch(client, lambda i: f"/stories/{big[i % len(big)]}"), runs
        ),
        f"brief of the largest story, all {stories[0]['articles']} articles listed (cached)": (
            timed(fetch(client, lambda i: f"/stories/{stories[0]['id']}?articles=all"), runs)
        ),
        "entity page (names the largest stories list first)": timed(
            fetch(client, lambda i: f"/entities/{quote(names[i % len(names)], safe='')}"), runs
        ),
        "search": timed(fetch(client, lambda i: f"/search?q={QUERIES[i % len(QUERIES)]}"), runs),
        "article": timed(fetch(client, lambda i: f"/articles/{article_ids[i]}"), runs),
        "`/stories.json`": timed(fetch(client, lambda i: "/stories.json"), runs),
        "`/search.json`": timed(
            fetch(client, lambda i: f"/search.json?q={QUERIES[i % len(QUERIES)]}"), runs
        ),
    }


def real_brief(runs: int) -> dict[str, Any]:
    """The largest demo-corpus story's brief page, built from real analysis each run."""
    from newsloom.data import demo_folder

    db = Path(tempfile.mkdtemp()) / "demo.db"
    nl = Newsloom(db)
    nl.ingest(sorted(str(p) for p in demo_folder().iterdir() if p.is_dir()))
    client = TestClient(create_app(str(db), newsloom=nl))
    largest = client.get("/stories.json").json()["stories"][0]

    def cold(i: int) -> str:
        nl._briefs.clear()
        return f"/stories/{largest['id']}"

    return {"articles": largest["articles"], **timed(fetch(client, cold), runs)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="store to build or reuse")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--real-brief", action="store_true", help="also time a real brief")
    args = parser.parse_args()
    if not reuters_path().exists():
        print(f"data not found: {reuters_path()} (set NEWSLOOM_DATA)", file=sys.stderr)
        return 2
    db = args.db or Path(tempfile.mkdtemp()) / "web.db"
    built: dict[str, Any] = {"reused": True}
    have = stored_articles(db)
    if have < args.articles:
        if have:
            print(f"{db} holds {have} articles, not {args.articles}", file=sys.stderr)
            return 2
        built = build(db, args.articles, args.seed)
    load_before = os.getloadavg()[0]
    timings = measure(db, args.runs, args.seed)
    print("| page | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|")
    for name, t in timings.items():
        print(f"| {name} | {t['p50_ms']} | {t['p95_ms']} | {t['max_ms']} |")
    result: dict[str, Any] = {
        "db": str(db),
        "store": Newsloom(db).counts(),
        "build": built,
        "runs": args.runs,
        "timings": timings,
        "target_p95_ms": TARGET_P95_MS,
        "met": all(t["p95_ms"] < TARGET_P95_MS for t in timings.values()),
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cpu": cpu_name(),
        "python": platform.python_version(),
    }
    if args.real_brief:
        result["real_brief_demo_largest_story"] = real_brief(max(5, args.runs // 5))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
