"""Join the hand-labelled Reuters-21578 story set with its articles, for `newsloom eval clustering`.

    python benchmarks/reuters_stories.py OUT.jsonl [--data PATH] [--labels PATH]
    newsloom eval clustering OUT.jsonl

benchmarks/reuters_stories/labels.jsonl holds only article ids and the story slugs we wrote
(see the README beside it); the article text stays in the shared data file and is read here at
run time. Each output line is the article as stored with ``gold_event`` set to its story slug,
in the order of the labels file (the order of the source file).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from bench_common import data_dir
from newsloom.stories.fit_sources import WIRE_LABELS, wire_labels

LABELS = Path(__file__).resolve().parents[1] / WIRE_LABELS
ARTICLES_FILE = "reuters21578-articles.jsonl.gz"


def join(labels: dict[str, str], articles_path: Path) -> list[dict[str, object]]:
    """The labelled articles with gold_event set, in label order; every label must find one."""
    found: dict[str, dict[str, object]] = {}
    with gzip.open(articles_path, "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row.get("id") in labels:
                found[row["id"]] = row
    missing = [i for i in labels if i not in found]
    if missing:
        raise ValueError(f"{len(missing)} labelled ids not in {articles_path}: {missing[:5]}")
    return [{**found[i], "gold_event": story} for i, story in labels.items()]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the joined JSONL and say how many articles and stories it holds."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="where to write the article JSONL")
    parser.add_argument("--data", type=Path, default=None, help="the Reuters articles file")
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args(argv)
    articles_path = args.data or data_dir() / ARTICLES_FILE
    if not articles_path.exists():
        print(f"no articles file at {articles_path}: set NEWSLOOM_DATA or --data", file=sys.stderr)
        return 2
    try:
        rows = join(wire_labels(args.labels), articles_path)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    stories = {row["gold_event"] for row in rows}
    print(f"wrote {len(rows)} articles in {len(stories)} stories to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
