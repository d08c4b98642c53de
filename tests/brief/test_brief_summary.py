"""The brief's summary read from a store: main facts kept, vectors read rather than embedded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsloom.brief.report import build_brief
from newsloom.ingest.pipeline import ingest_paths
from newsloom.store.sqlite import Store


class Recording:
    """An embedder that notes every text it is asked for."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.asked: list[str] = []

    def embed(self, texts):  # type: ignore[no-untyped-def]
        self.asked.extend(texts)
        return self.inner.embed(texts)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, analyzer) -> Path:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    return db


def test_seed_brief_covers_the_visit_the_strikes_and_the_pipeline(seeds_db: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    with Store(seeds_db, readonly=True) as store:
        brief = build_brief(store, 1, analyzer.embedder)
    text = brief.summary.text.lower()
    assert len(brief.articles) == 2
    assert "raisi" in text and "visit" in text and "pakistan" in text, brief.summary.text
    # The January strikes and the gas pipeline are background late in the reports (the
    # pipeline in one report only): the brief carries them, in the summary when it has room,
    # else as claims (the strikes dated on the timeline, the pipeline single-source).
    claims = " ".join(c.summary for c in brief.claims).lower()
    single = " ".join(c.summary for c in brief.single_source).lower()
    timeline = " ".join(t.summary for t in brief.timeline).lower()
    assert "january" in text or ("strikes in january" in claims and "fight" in timeline), claims
    assert "pipeline" in text or "pipeline" in single, single
    assert "raisi" in brief.headline.lower()
    assert len(brief.summary.text.split()) <= 100
    # It never ends on a wrap-up line that restates the story without a fact.
    last = brief.summary.sentences[-1].text
    assert not re.match(r"(?i)(overall|in conclusion|ultimately)\b", last), last


@pytest.fixture(scope="module")
def plain_seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, analyzer) -> Path:  # type: ignore[no-untyped-def]
    """The seeds ingested as `newsloom ingest seeds` does it: no outlet, no date given."""
    db = tmp_path_factory.mktemp("plain-seeds") / "seeds.db"
    ingest_paths([seeds_dir], db, analyzer=analyzer)
    return db


# Wrap-up lines that restate a story without a fact.
FILLER = re.compile(
    r"(?i)^(?:overall|in conclusion|ultimately|in summary)\b"
    r"|\b(?:remains? (?:significant|important|crucial)|remains to be seen|signify)\b"
)


def test_plain_seed_brief_summary_states_the_visit_the_pipeline_and_the_strikes(
    plain_seeds_db: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    with Store(plain_seeds_db, readonly=True) as store:
        story = store.query("SELECT id FROM stories")[0]["id"]
        brief = build_brief(store, story, analyzer.embedder)
    text = brief.summary.text
    lowered = text.lower()
    # The visit itself, the figure only one report gives (the $7.5 billion pipeline, a
    # single-source quantity) and the dated strikes of January 2024, in the summary itself.
    assert "raisi" in lowered and "visit" in lowered, text
    assert "7.5 billion" in lowered and "pipeline" in lowered, text
    assert "january" in lowered and "strikes" in lowered, text
    assert len(text.split()) <= 100
    for sentence in brief.summary.sentences:
        assert not FILLER.search(sentence.text), sentence.text


def test_sentence_vectors_are_stored_at_ingest_and_read_by_the_brief(
    seeds_db: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    with Store(seeds_db, readonly=True) as store:
        stored = store.query("SELECT COUNT(*) AS n FROM sentence_vectors")[0]["n"]
        offsets = store.query("SELECT sentences FROM analyses")
        expected = sum(len(eval_offsets(r["sentences"])) for r in offsets)
        assert stored == expected > 0
        recording = Recording(analyzer.embedder)
        brief = build_brief(store, 1, recording)
    assert brief.summary.sentences
    assert recording.asked == [], recording.asked[:3]


def test_an_old_store_embeds_once_and_keeps_the_vectors(
    tmp_path: Path, seeds_dir: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "old.db"
    ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    with Store(db) as store:
        with store.write() as conn:
            conn.execute("DELETE FROM sentence_vectors")  # as a store from before 0009
        first = Recording(analyzer.embedder)
        before = build_brief(store, 1, first)
        assert first.asked  # nothing stored: the sentences are embedded on request
        again = Recording(analyzer.embedder)
        after = build_brief(store, 1, again)
    assert again.asked == []  # and kept for the next brief
    assert after.summary.text == before.summary.text


def eval_offsets(raw: str) -> list[list[int]]:
    """The analyses table's JSON list of sentence offsets."""
    import json

    return list(json.loads(raw))
