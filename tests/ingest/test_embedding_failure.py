"""One article the embedder fails on costs only that article's story, never its batch.

Regression: the batch was embedded in one call, so one text that made the embedder raise
aborted the whole batch (nothing of it stored) with a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.analyze.analyzer import Analyzer
from newsloom.ingest.pipeline import ingest_paths
from newsloom.store.sqlite import Store
from newsloom.store.stories import export_articles


class _Fragile:
    """The real embedder, except that it raises on any text holding POISON."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self.real = real

    def embed(self, texts):  # type: ignore[no-untyped-def]
        if any("POISON" in t for t in texts):
            raise RuntimeError("embedder broke")
        return self.real.embed(texts)


def test_one_failed_embedding_costs_only_its_story(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(analyzer, "embedder", _Fragile(analyzer.embedder))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Rescuers in Ankara worked through the night on Monday.")
    (folder / "b.txt").write_text("POISON in this report from Berlin on Monday, officials said.")
    (folder / "c.txt").write_text("Firefighters in Lisbon contained the blaze on Tuesday.")
    report = ingest_paths([folder], tmp_path / "x.db", analyzer=analyzer)
    assert report.new == 3
    assert [(s.code, Path(s.origin).name) for s in report.skipped] == [("NL025", "b.txt")]
    assert "embedder broke" in report.skipped[0].message
    with Store(str(tmp_path / "x.db"), readonly=True) as store:
        placed = {r["text"].split()[0]: r["story_id"] is not None for r in export_articles(store)}
    assert placed == {"Rescuers": True, "POISON": False, "Firefighters": True}
