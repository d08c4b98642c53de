"""How long a summary and a brief take once the articles are analysed and stored.

Two measurements, both on summaries-dev (TAC/DUC news clusters of 10 reports):

1. **Summary per 10-article cluster**: `summarize_articles` given the analyses and the sentence
   vectors (what the brief reads from the store): the summariser alone, per cluster.
2. **Brief of a large story**: the first N reports (default 200) ingested into a temporary
   store and merged into one story, then `build_brief` timed with the sentence vectors and
   the per-article readings read from the store, and the embedding it no longer does (every
   sentence of the story) timed for comparison. A store given with --db that lacks readings
   of this code (built by an older version) gets them first, as `newsloom recluster` would
   give them (not timed); --no-fill times such a store as it is (readings read on the fly).

    python benchmarks/summary_speed.py [--clusters 20] [--summary-clusters 10] [--runs 3]
        [--db PATH] [--brief-only] [--no-fill]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_common import cpu_name, data_dir
from newsloom.analyze.analyzer import Analyzer
from newsloom.analyze.sentence_vectors import embed_sentence_blocks
from newsloom.brief.fuse import embed_sentences
from newsloom.brief.report import build_brief
from newsloom.brief.stored_readings import fill_readings
from newsloom.brief.summary import summarize_articles
from newsloom.evaluate.summaries import read_clusters
from newsloom.ingest.clean import clean_article
from newsloom.ingest.pipeline import ingest_paths
from newsloom.model import Skipped
from newsloom.store.read import load_members, story_article_ids
from newsloom.store.sqlite import Store
from newsloom.store.stories import list_stories


def summary_times(path: Path, analyzer: Analyzer, limit: int) -> list[float]:
    """Seconds per cluster for the summariser given analyses and sentence vectors."""
    times = []
    for cluster in read_clusters(path)[:limit]:
        articles = [
            r.article for r in map(clean_article, cluster.docs) if not isinstance(r, Skipped)
        ]
        analyses = analyzer.pipe(articles)
        vectors = embed_sentence_blocks(analyzer.embedder, analyses)
        started = time.perf_counter()
        summarize_articles(articles, analyses, analyzer.embedder, sentence_vectors=vectors)
        times.append(time.perf_counter() - started)
    return times


def large_story(path: Path, analyzer: Analyzer, limit: int, db: Path) -> int:
    """Ingest the first `limit` clusters' reports and merge them into one story; its id."""
    docs = [d for c in read_clusters(path)[:limit] for d in c.docs]
    source = db.parent / "reports.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for d in docs:
            record = {"id": d.external_id, "title": d.title, "published": d.published}
            out.write(json.dumps({**record, "text": d.text}) + "\n")
    ingest_paths([source], db, analyzer=analyzer)
    with Store(db) as store:
        ids = [s.id for s in list_stories(store, limit=10_000)]
        keep = ids[0]
        store.merge_stories([(keep, other) for other in ids[1:]])
        return store.resolve_story(keep)


def main() -> int:
    """Run both measurements and print them as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--clusters", type=int, default=20, help="clusters merged into the large story"
    )
    parser.add_argument(
        "--summary-clusters", type=int, default=10, help="clusters timed for the summary alone"
    )
    parser.add_argument("--runs", type=int, default=3, help="brief timings (median reported)")
    parser.add_argument("--db", type=Path, default=None, help="keep (or reuse) the large store")
    parser.add_argument(
        "--brief-only",
        action="store_true",
        help="time only the large story's brief (no per-cluster summaries, no embedding)",
    )
    parser.add_argument(
        "--no-fill",
        action="store_true",
        help="leave a --db store without readings as it is (they are read on each brief)",
    )
    args = parser.parse_args()
    path = data_dir() / "summaries-dev.jsonl"
    if not path.exists():
        sys.stderr.write(f"no {path}\n")
        return 2
    analyzer = Analyzer.load()
    per_cluster = [] if args.brief_only else summary_times(path, analyzer, args.summary_clusters)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "large.db"
        filled = 0
        if args.db is not None and args.db.exists():
            with Store(db) as store:  # opened for writing: a store of an older schema migrates
                filled = 0 if args.no_fill else fill_readings(store)
            with Store(db, readonly=True) as store:
                story = list_stories(store, limit=1)[0].id
        else:
            story = large_story(path, analyzer, args.clusters, db)
        with Store(db, readonly=True) as store:
            members = load_members(store, story_article_ids(store, story))
            brief_times, brief_cpu = [], []
            for _ in range(args.runs):
                started, cpu = time.perf_counter(), time.process_time()
                brief = build_brief(store, story, analyzer.embedder)
                brief_times.append(time.perf_counter() - started)
                brief_cpu.append(time.process_time() - cpu)
            started = time.perf_counter()
            if not args.brief_only:
                embed_sentences(members, analyzer.embedder)
            embedding = time.perf_counter() - started
    result: dict[str, object] = {
        "cpu": cpu_name(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "large_story": {
            "articles": len(brief.articles),
            "sentences": sum(len(m.analysis.sentences) for m in members),
            "brief_seconds_median": round(statistics.median(brief_times), 3),
            "brief_seconds_runs": [round(t, 3) for t in brief_times],
            # CPU seconds of the process (all its threads): on a shared machine, what the brief
            # itself costs, whatever else the cores are running
            "brief_cpu_seconds_median": round(statistics.median(brief_cpu), 3),
            # articles of the store given readings before timing (0: it had them all)
            "readings_filled_first": filled,
            "readings_read_on_the_fly": args.no_fill,
            "embedding_every_sentence_seconds": None if args.brief_only else round(embedding, 3),
        },
    }
    if per_cluster:
        result["summary_seconds_per_10_article_cluster"] = {
            "clusters": len(per_cluster),
            "median": round(statistics.median(per_cluster), 3),
            "max": round(max(per_cluster), 3),
        }
    sys.stdout.write(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
