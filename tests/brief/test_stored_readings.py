"""Per-article readings kept in the store (migration 0015): written at ingest, replaced when an
article is re-ingested, read again when missing, stale or damaged, and never changing a brief."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest

from newsloom.brief.readings import (
    analysis_shape,
    decode_readings,
    encode_readings,
    read_article,
    readings_version,
)
from newsloom.brief.render import to_html, to_markdown
from newsloom.brief.report import build_brief
from newsloom.brief.stored_readings import article_readings, fill_readings
from newsloom.ingest.pipeline import Ingester, ingest_paths
from newsloom.ingest.recluster import recluster
from newsloom.ingest.sources import read_paths
from newsloom.store.read import load_members, story_article_ids
from newsloom.store.readings import articles_without_readings, load_readings
from newsloom.store.sqlite import Store
from newsloom.store.stories import list_stories

_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
FIRST = (
    "Rescue teams searched the waters off Pemba on Saturday for survivors of a ferry that "
    "capsized in rough seas on Friday evening. The regional commissioner said at least 12 "
    "people had died and 160 had been pulled from the water. The ferry operator denied "
    "reports that the vessel was overloaded and said it had been inspected last month."
)
SECOND = (
    "The death toll from the ferry that capsized off Pemba on Friday has risen to 19, the "
    "regional commissioner said on Sunday, as divers recovered more bodies from the wreck. "
    '"We will not stop until every family knows," Commissioner Salma Juma told reporters. '
    "Officials said the search would continue until Tuesday, 4 November."
)


def _ingest(tmp_path: Path, name: str, records: list[dict[str, str]], analyzer) -> Path:  # type: ignore[no-untyped-def]
    source = tmp_path / f"{name}.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "s.db"
    ingest_paths([source], db, analyzer=analyzer)
    return db


def _briefs(db: Path, analyzer) -> dict[int, tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """Every story's brief as JSON, Markdown and HTML, built from a read-only store."""
    out = {}
    with Store(db, readonly=True) as store:
        for story in list_stories(store, limit=1000):
            brief = build_brief(store, story.id, analyzer.embedder)
            out[story.id] = (
                json.dumps(brief.as_dict(), sort_keys=True),
                # The generation time is the only part that depends on when it is rendered.
                _STAMP.sub("", to_markdown(brief)),
                _STAMP.sub("", to_html(brief)),
            )
    return out


def _kept_count(db: Path) -> int:
    with Store(db, readonly=True) as store:
        return int(store.query("SELECT COUNT(*) FROM article_readings")[0][0])


@pytest.fixture
def seeds_store(tmp_path: Path, seeds_dir: Path, analyzer) -> Path:  # type: ignore[no-untyped-def]
    """A store of the seed reports, ingested with this code (readings kept)."""
    db = tmp_path / "seeds.db"
    ingest_paths([seeds_dir], db, analyzer=analyzer)
    return db


def test_ingest_keeps_readings_that_read_back_as_read(seeds_store: Path) -> None:
    with Store(seeds_store, readonly=True) as store:
        ids = [int(r[0]) for r in store.query("SELECT article_id FROM analyses")]
        kept = load_readings(store, readings_version(), ids)
        members = load_members(store, ids)
    assert ids and set(kept) == set(ids)
    for m in members:
        decoded = decode_readings(kept[m.article_id], m.article, m.analysis)
        assert decoded == read_article(m.article, m.analysis)
        assert decoded is not None and decoded.summary.candidates  # the seeds have sentences


def test_brief_is_the_same_with_and_without_readings(seeds_store: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    with_readings = _briefs(seeds_store, analyzer)
    with Store(seeds_store) as store, store.write() as conn:
        conn.execute("DELETE FROM article_readings")
    # An old store: nothing kept, a read-only brief reads every article on the fly.
    assert _kept_count(seeds_store) == 0
    assert _briefs(seeds_store, analyzer) == with_readings
    # Readings of other code are never used (and a writable brief replaces them).
    with Store(seeds_store) as store:
        fill_readings(store)
        with store.write() as conn:
            conn.execute("UPDATE article_readings SET version = 'older code'")
        assert articles_without_readings(store, readings_version())
    assert _briefs(seeds_store, analyzer) == with_readings
    # Damaged readings are read again, not trusted.
    with Store(seeds_store) as store, store.write() as conn:
        conn.execute(
            "UPDATE article_readings SET version = ?, readings = ?",
            (readings_version(), zlib.compress(b'{"shape": [1, 2, 3]')),
        )
    assert _briefs(seeds_store, analyzer) == with_readings


def test_a_writable_brief_fills_missing_readings(seeds_store: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    with Store(seeds_store) as store:
        with store.write() as conn:
            conn.execute("DELETE FROM article_readings")
        story = list_stories(store, limit=1)[0].id
        build_brief(store, story, analyzer.embedder)
        members = load_members(store, story_article_ids(store, story))
        kept = load_readings(store, readings_version(), [m.article_id for m in members])
    assert set(kept) == {m.article_id for m in members if m.analysis.sentences}


def test_readings_of_another_analysis_are_not_used(seeds_store: Path) -> None:
    with Store(seeds_store, readonly=True) as store:
        ids = [int(r[0]) for r in store.query("SELECT article_id FROM analyses")]
        first, second = load_members(store, ids)[:2]
    blob = encode_readings(read_article(first.article, first.analysis))
    assert analysis_shape(first.article, first.analysis) != analysis_shape(
        second.article, second.analysis
    )
    assert decode_readings(blob, second.article, second.analysis) is None
    assert decode_readings(b"not zlib", first.article, first.analysis) is None


def _only_readings(db: Path) -> tuple[int, str, bytes]:
    with Store(db, readonly=True) as store:
        ((article_id, version, blob),) = [
            tuple(r)
            for r in store.query("SELECT article_id, version, readings FROM article_readings")
        ]
    return int(article_id), str(version), bytes(blob)


def _check_fresh(db: Path, article_id: int, blob: bytes) -> None:
    """The kept readings are those of the article as it is stored now."""
    with Store(db, readonly=True) as store:
        (member,) = load_members(store, [article_id])
    assert decode_readings(blob, member.article, member.analysis) == read_article(
        member.article, member.analysis
    )


def test_a_changed_page_replaces_the_readings(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    record = {"url": "https://news.example/2025/11/01/ferry", "outlet": "Coast Wire"}
    db = _ingest(tmp_path, "a", [{**record, "text": FIRST}], analyzer)
    article_id, _, before = _only_readings(db)
    # The same page with new text (as `newsloom watch` finds it): updated in place.
    source = tmp_path / "b.jsonl"
    source.write_text(json.dumps({**record, "text": SECOND}) + "\n", encoding="utf-8")
    with Store(db) as store:
        report = Ingester(store, analyzer, updates_by_url=True).ingest(read_paths([source]))
    assert report.updated == 1
    same_id, version, after = _only_readings(db)
    assert (same_id, version) == (article_id, readings_version()) and after != before
    _check_fresh(db, article_id, after)
    with Store(db, readonly=True) as store:
        (member,) = load_members(store, [article_id])
    assert "toll" in member.article.text
    assert decode_readings(before, member.article, member.analysis) is None


def test_a_repaired_article_gets_readings_of_its_new_analysis(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    # Undated, then given its date: "on Saturday" is resolved again, the text stays the same.
    db = _ingest(tmp_path, "a", [{"id": "f1", "outlet": "Coast Wire", "text": FIRST}], analyzer)
    article_id, _, before = _only_readings(db)
    record = {"id": "f1", "outlet": "Coast Wire", "text": FIRST, "published": "2025-11-02"}
    _ingest(tmp_path, "b", [record], analyzer)
    same_id, _, after = _only_readings(db)
    assert same_id == article_id and after != before
    _check_fresh(db, article_id, after)


def test_deleting_an_article_deletes_its_readings(seeds_store: Path) -> None:
    with Store(seeds_store) as store:
        article_id = int(store.query("SELECT MIN(article_id) FROM article_readings")[0][0])
        store.delete_article(article_id)
        left = store.query("SELECT article_id FROM article_readings")
    assert article_id not in {int(r[0]) for r in left}


def test_an_old_store_gets_the_table_and_recluster_fills_it(seeds_store: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    expected = _briefs(seeds_store, analyzer)
    # As a store from before migration 0015 was.
    with Store(seeds_store) as store, store.write() as conn:
        conn.execute("DROP TABLE article_readings")
        conn.execute("DELETE FROM schema_migrations WHERE name = '0015_article_readings'")
    with Store(seeds_store) as store:  # opening it for writing migrates it
        assert _kept_count(seeds_store) == 0
        report = recluster(store)
        assert report.readings_filled == len(store.query("SELECT 1 FROM analyses"))
        assert not articles_without_readings(store, readings_version())
        assert recluster(store).readings_filled == 0  # nothing left to fill
    assert _briefs(seeds_store, analyzer) == expected


def test_article_readings_on_a_read_only_store_leave_missing_ones_out(seeds_store: Path) -> None:
    with Store(seeds_store) as store, store.write() as conn:
        first = conn.execute("SELECT MIN(article_id) FROM article_readings").fetchone()[0]
        conn.execute("DELETE FROM article_readings WHERE article_id = ?", (first,))
    with Store(seeds_store, readonly=True) as store:
        ids = [
            int(r[0]) for r in store.query("SELECT article_id FROM analyses ORDER BY article_id")
        ]
        found = article_readings(store, load_members(store, ids))
    assert set(found) == set(ids[1:])
