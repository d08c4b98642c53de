"""Entity extraction and in-article name resolution on real text."""

from __future__ import annotations

from pathlib import Path

from newsloom.analyze.entities import resolve_names, surface_name


def test_surface_name_drops_titles_possessives_and_aliases() -> None:
    assert surface_name("President Ebrahim Raisi", "PERSON") == "Ebrahim Raisi"
    assert surface_name("Pakistan’s", "GPE") == "Pakistan"
    assert surface_name("the United States", "GPE") == "United States"
    assert surface_name("U.S.", "GPE") == "United States"


def test_short_person_name_joins_full_name() -> None:
    mapping = resolve_names([("Ebrahim Raisi", "PERSON"), ("Raisi", "PERSON"), ("Pakistan", "GPE")])
    assert mapping[("Raisi", "PERSON")] == "Ebrahim Raisi"
    assert mapping[("Pakistan", "GPE")] == "Pakistan"


def test_seed_entities(analyzer, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from newsloom.clean import clean_article
    from newsloom.model import Article

    path = next(seeds_dir.glob("003_*.txt"))
    cleaned = clean_article(Article(text=path.read_text(encoding="utf-8"), origin=str(path), published="2024-04-21"))
    (analysis,) = analyzer.pipe([cleaned.article])  # type: ignore[union-attr]
    text = cleaned.article.text  # type: ignore[union-attr]
    by_text = {(e.text, e.label, e.canonical) for e in analysis.entities}
    # "Raisi" alone is resolved to the full name and repaired from spaCy's place label.
    assert ("Raisi", "PERSON", "Ebrahim Raisi") in by_text
    assert not any(e.canonical == "Raisi" for e in analysis.entities)
    assert {"Pakistan", "Iran"} <= {e.canonical for e in analysis.entities if e.label == "GPE"}
    for e in analysis.entities:
        assert text[e.start : e.end] == e.text
    assert ("April 22nd to 24th", "2024-04-22") in {(t.text, t.value) for t in analysis.timexes}
    assert len(analysis.embedding) == 384
    assert all(text[s.start : s.end] == s.text for s in analysis.sentences)
