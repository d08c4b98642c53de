"""Label-free story precision on Reuters-21578: do different companies' notices share stories?

    python benchmarks/ticker_purity.py [--limit 1000] [--data PATH]

Reuters' routine earnings and dividend notices name their company's ticker in the title (in
the style of "ACME WIDGET CORP <ACW> 4TH QTR NET") and read nearly alike otherwise. Two
notices of different companies in one story are a clustering error. The first --limit articles are
ingested into a temporary store (refine and merge passes included) and the script prints the
number of stories, the pairs of ticker-titled articles that share a story with the same ticker
and with different tickers, the five largest stories and the articles the refine pass moved.
With --show-largest N it also prints the titles of the N largest stories, to be read: does each
hold one event?
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import sys
import tempfile
from pathlib import Path

from bench_common import data_dir
from newsloom.analyze.analyzer import Analyzer
from newsloom.ingest.pipeline import Ingester
from newsloom.ingest.sources import read_paths
from newsloom.store.sqlite import Store
from newsloom.stories.fit import TICKER


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--show-largest", type=int, default=0)
    args = parser.parse_args(argv)
    path = args.data or data_dir() / "reuters21578-articles.jsonl.gz"
    if not path.is_file():
        print(f"no data at {path}: set NEWSLOOM_DATA or pass --data", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "purity.db") as store:
        report = Ingester(store, Analyzer.load()).ingest(
            itertools.islice(read_paths([path]), args.limit)
        )
        tickers: dict[int, list[str]] = collections.defaultdict(list)
        sizes: collections.Counter[int] = collections.Counter()
        titles: dict[int, list[str]] = collections.defaultdict(list)
        for row in store.query("SELECT story_id, title FROM articles WHERE copy_of IS NULL"):
            sizes[row["story_id"]] += 1
            titles[row["story_id"]].append(row["title"] or "(untitled)")
            found = TICKER.search(row["title"] or "")
            if found:
                tickers[row["story_id"]].append(found.group(1))
        same = different = 0
        for names in tickers.values():
            for a, b in itertools.combinations(names, 2):
                same += a == b
                different += a != b
        print(
            json.dumps(
                {
                    "articles": args.limit,
                    "stories": store.counts()["stories"],
                    "ticker_pairs_same": same,
                    "ticker_pairs_different": different,
                    "largest_stories": sorted(sizes.values())[-5:],
                    "articles_moved": report.articles_moved,
                }
            )
        )
        for story_id, size in sizes.most_common(args.show_largest):
            print(f"\nstory {story_id} ({size} articles)")
            for title in titles[story_id]:
                print(f"  {title}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
