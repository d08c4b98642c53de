"""The two seed reports in the shared data folder, read as plain text."""

from __future__ import annotations

from pathlib import Path

from newsloom.ingest.sources import read_paths


def test_seeds(seeds_dir: Path, split):
    # seeds_dir (tests/conftest.py) skips with a clear message when the data folder is absent.
    articles, skipped = split(read_paths([seeds_dir]))
    assert skipped == []
    assert len(articles) == 2
    by_name = {Path(article.origin).name[:4]: article for article in articles}
    headlined, plain = by_name["003_"], by_name["000_"]
    assert headlined.title == "Iranian President Ebrahim Raisi Set for Landmark Visit to Pakistan"
    assert not headlined.text.startswith("Iranian President Ebrahim Raisi Set for")
    assert headlined.text.startswith("Pakistan’s Foreign Office confirmed on Sunday")
    assert plain.title is None
    assert plain.text.startswith("Iran’s President Ebrahim Raisi is set to visit Islamabad")
