"""Ingest throughput, peak memory and store size on a JSONL corpus (default: Reuters-21578).

    python benchmarks/ingest_throughput.py [--data PATH] [--limit N] [--db PATH]

Prints one JSON object; the numbers go into docs/benchmarks.md with the command and machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench_common import data_dir
from newsloom.analyze.analyzer import Analyzer
from newsloom.ingest.pipeline import Ingester
from newsloom.ingest.sources import read_paths
from newsloom.store.sqlite import Store

REPO = Path(__file__).resolve().parent.parent


def default_data() -> Path:
    """The Reuters file under $NEWSLOOM_DATA or ../shared/data."""
    return data_dir() / "reuters21578-articles.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--limit", type=int, default=None, help="ingest only the first N articles")
    parser.add_argument(
        "--db", type=Path, default=None, help="store path (default: a temporary file)"
    )
    args = parser.parse_args()
    if not args.data.exists():
        print(f"data not found: {args.data} (set NEWSLOOM_DATA)", file=sys.stderr)
        return 2
    db = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    load_start = time.perf_counter()
    analyzer = Analyzer.load()
    load_s = time.perf_counter() - load_start
    items = read_paths([args.data])
    if args.limit:
        items = itertools.islice(items, args.limit)
    with Store(db) as store:
        report = Ingester(store, analyzer).ingest(items)
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "data": str(args.data),
        "articles_read": report.read,
        "new": report.new,
        "copies": report.duplicates,
        "skipped": len(report.skipped),
        "stories": report.stories_created,
        "model_load_s": round(load_s, 1),
        "ingest_s": round(report.elapsed, 1),
        "articles_per_s": round(report.read / report.elapsed, 1),
        "peak_rss_mb": round(peak_mb),
        "store_mb": round(size / 2**20, 1),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
