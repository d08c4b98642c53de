"""Print the events newsloom codes in written conflict reports, one line each, for a person
to judge event by event (real? type? actors? status?).

    python benchmarks/events_blind.py [--folder events_blind3] [--min-confidence X]

events_blind/ (the first set) was used to find the errors the second round of rules fixed, and
its judgements fit the confidence map: it is tuning data now. events_blind2/ was written after
those rules and judged once, and its errors led the third round's rules (tuning data now too);
events_blind3/ was written after the third round and judged once (tuning data for the fourth
round now); events_blind4/ was written after the fourth round and judged once;
events_blind5/ was written before the fifth round and judged before and after it;
events_blind6/ was written after the fifth round and judged once; events_blind7/ was written
after the sixth round and judged once. The counts are in
docs/events.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from events_share import BLIND_FOLDER, blind_articles
from newsloom.analyze.analyzer import Analyzer, load_spacy


def main() -> None:
    """Command line: code each report and print its asserted events."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-confidence", type=float, default=0.0)
    parser.add_argument(
        "--folder", default=BLIND_FOLDER.name, help="a folder of reports beside this script"
    )
    args = parser.parse_args()
    analyzer = Analyzer(load_spacy(), embedder=None)  # type: ignore[arg-type]
    articles = blind_articles(BLIND_FOLDER.parent / Path(args.folder).name)
    for article, analysis in zip(articles, analyzer.extract(articles), strict=True):
        print(f"== {article.origin} (published {article.published})")
        for e in analysis.events:
            if e.confidence < args.min_confidence:
                continue
            source = f"{e.source.code or '-'}/{e.source.sector or '-'}" if e.source else "-"
            target = f"{e.target.code or '-'}/{e.target.sector or '-'}" if e.target else "-"
            print(
                f"  {e.type:10} {e.status:12} {source:9} -> {target:9} "
                f"[{e.trigger}] {e.date or '-'} ({e.date_basis}) conf {e.confidence:.2f} "
                f"@{e.start}"
            )
            print(f"      {e.text[:150]}")


if __name__ == "__main__":
    main()
