"""Event coding's share of analysis time, and what loading the event ontology costs.

    python benchmarks/events_share.py [--data PATH] [--limit N] [--repeat R]

Runs ``Analyzer.extract`` (parse, entities, dates, quantities, quotes, events; no embedding)
in this process over the first N Reuters-21578 articles and, separately, over the conflict
reports of benchmarks/events_blind/ (repeated to about as many words), timing the event
coder's ``code`` calls inside it, and how long loading the ontology and then reading its
derived lexicon (on first use) take. A set's share is events time / extraction time of its best
pass (other processes only ever slow a pass). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from analyze_speed import data_file, read_articles
from bench_common import cpu_name
from newsloom.analyze.analyzer import Analyzer, load_spacy
from newsloom.analyze.events import EventCoder, EventOntology
from newsloom.model import Article, Event

BLIND_FOLDER = Path(__file__).resolve().parent / "events_blind"
DEFAULT_LIMIT = 500
DEFAULT_REPEAT = 3
# The share of analysis time event coding may take (issue 17).
TARGET_SHARE = 0.2


class TimedCoder(EventCoder):
    """An event coder that adds up the time its `code` calls take."""

    def __init__(self, ontology: EventOntology) -> None:
        super().__init__(ontology)
        self.seconds = 0.0

    def code(self, *args: Any, **kwargs: Any) -> tuple[Event, ...]:
        """Code as ever, timed."""
        start = time.perf_counter()
        try:
            return super().code(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start


def blind_articles(folder: Path = BLIND_FOLDER) -> list[Article]:
    """The written conflict reports: a "published:" first line, then the text."""
    articles = []
    for path in sorted(folder.glob("*.txt")):
        head, text = path.read_text(encoding="utf-8").split("\n", 1)
        published = date.fromisoformat(head.split(":", 1)[1].strip()).isoformat()
        articles.append(Article(text=text.strip(), origin=path.name, published=published))
    return articles


def measure(
    analyzer: Analyzer, coder: TimedCoder, articles: Sequence[Article], repeat: int
) -> dict[str, Any]:
    """Best-pass extraction and event-coding seconds over the articles, and the share."""
    words = sum(len(a.text.split()) for a in articles)
    best: tuple[float, float] | None = None
    events = 0
    for _ in range(repeat):
        coder.seconds = 0.0
        start = time.perf_counter()
        found = analyzer.extract(articles)
        total = time.perf_counter() - start
        events = sum(len(a.events) for a in found)
        if best is None or total < best[0]:
            best = (total, coder.seconds)
    assert best is not None
    total, coding = best
    return {
        "articles": len(articles),
        "words": words,
        "events": events,
        "extraction_s": round(total, 3),
        "events_s": round(coding, 3),
        "events_share": round(coding / total, 4),
        "words_per_s": round(words / total),
    }


def main() -> None:
    """Command line: time the two sets and print the shares."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="the Reuters JSONL.gz file")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT)
    args = parser.parse_args()
    start = time.perf_counter()
    ontology = EventOntology.load()
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    ontology.lemma("struck")  # the derived lexicon is read on first use
    lexicon_s = time.perf_counter() - start
    coder = TimedCoder(ontology)
    analyzer = Analyzer(load_spacy(), embedder=None, events=coder)  # type: ignore[arg-type]
    reuters = read_articles(data_file(args.data), args.limit)
    blind = blind_articles()
    blind_words = sum(len(a.text.split()) for a in blind)
    reuters_words = sum(len(a.text.split()) for a in reuters)
    blind = blind * max(1, reuters_words // max(1, blind_words) // 4)
    analyzer.extract(reuters[:32])  # warm-up: spaCy's and numpy's first allocations
    result = {
        "machine": f"{cpu_name()}, {platform.python_implementation()} {platform.python_version()}",
        "ontology_load_s": round(load_s, 3),
        "lexicon_first_use_s": round(lexicon_s, 3),
        "reuters": measure(analyzer, coder, reuters, args.repeat),
        "conflict_reports": measure(analyzer, coder, blind, args.repeat),
        "target_share": TARGET_SHARE,
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
