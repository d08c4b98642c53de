"""Print the events newsloom codes in the written conflict reports of events_blind/, one line
each, for a person to judge event by event (real? type? actors? status?).

    python benchmarks/events_blind.py [--min-confidence X]

The reports were written for this check and are not used to tune rules; the judged counts
are in docs/events.md.
"""

from __future__ import annotations

import argparse

from events_share import blind_articles
from newsloom.analyze.analyzer import Analyzer, load_spacy


def main() -> None:
    """Command line: code each report and print its asserted events."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-confidence", type=float, default=0.0)
    args = parser.parse_args()
    analyzer = Analyzer(load_spacy(), embedder=None)  # type: ignore[arg-type]
    articles = blind_articles()
    for article, analysis in zip(articles, analyzer.extract(articles), strict=True):
        print(f"== {article.origin} (published {article.published})")
        for e in analysis.events:
            if e.confidence < args.min_confidence:
                continue
            source = f"{e.source.code or '-'}/{e.source.sector or '-'}" if e.source else "-"
            target = f"{e.target.code or '-'}/{e.target.sector or '-'}" if e.target else "-"
            print(
                f"  {e.type:10} {e.status:12} {source:9} -> {target:9} "
                f"[{e.trigger}] {e.date or '-'} ({e.date_basis}) conf {e.confidence:.2f}"
            )
            print(f"      {e.text[:150]}")


if __name__ == "__main__":
    main()
