"""Reading analyses back from the store gives what the analyzer produced."""

from __future__ import annotations

from pathlib import Path

from newsloom.ingest.pipeline import ingest_paths
from newsloom.store.read import load_members, story_article_ids
from newsloom.store.sqlite import Store


def test_stored_analysis_round_trips(tmp_path: Path, seeds_dir: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "r.db"
    ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    with Store(db, readonly=True) as store:
        ids = story_article_ids(store, 1)
        members = load_members(store, ids)
    assert len(members) == 2
    fresh = analyzer.pipe([m.article for m in members])
    for member, analysis in zip(members, fresh, strict=True):
        assert member.analysis.entities == analysis.entities
        assert member.analysis.timexes == analysis.timexes
        assert member.analysis.quantities == analysis.quantities
        assert member.analysis.quotes == analysis.quotes
        assert member.analysis.events == analysis.events
        assert [s.text for s in member.analysis.sentences] == [s.text for s in analysis.sentences]
        assert len(member.analysis.embedding) == 384
    # the clause each date dates is kept with it (migration 0016), not only the date
    assert any(t.clause for m in members for t in m.analysis.timexes)
