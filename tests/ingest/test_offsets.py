"""Offsets found in cleaned text map back onto the text as given."""

from __future__ import annotations

from newsloom.ingest.clean import clean_article
from newsloom.ingest.offsets import OffsetMap
from newsloom.model import Article, Skipped


def _cleaned(raw: str) -> str:
    result = clean_article(Article(text=raw, origin="t"))
    assert not isinstance(result, Skipped)
    return result.article.text


def test_spans_survive_boilerplate_and_spacing_changes() -> None:
    raw = (
        "Advertisement\n\n  Lisbon   hosted the   summit on Wednesday.\r\n\r\n\r\n"
        "Ana Costa said talks went well.\n\nShare this story\n"
    )
    cleaned = _cleaned(raw)
    mapping = OffsetMap(raw, cleaned)
    for word in ("Lisbon", "summit", "Wednesday", "Ana Costa", "talks"):
        start = cleaned.index(word)
        a, b = mapping.span(start, start + len(word))
        assert raw[a:b] == word


def test_span_across_collapsed_spaces_covers_the_original() -> None:
    raw = "The  port   of Antwerp was shut on Monday by a strike of dockworkers."
    cleaned = _cleaned(raw)
    mapping = OffsetMap(raw, cleaned)
    start = cleaned.index("port of Antwerp")
    a, b = mapping.span(start, start + len("port of Antwerp"))
    assert raw[a:b] == "port   of Antwerp"


def test_repaired_mojibake_maps_to_its_original_bytes() -> None:
    raw = "The minister said â€œnoâ€\x9d to the plan for Kraków on Friday."
    cleaned = _cleaned(raw)
    mapping = OffsetMap(raw, cleaned)
    start = cleaned.index("Friday")
    a, b = mapping.span(start, start + 6)
    assert raw[a:b] == "Friday"
