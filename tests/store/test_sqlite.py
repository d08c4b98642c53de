"""The SQLite store: migrations, WAL, atomic batches, FTS5 query escaping."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsloom.errors import NewsloomError
from newsloom.model import Article, ArticleStatus
from newsloom.store.schema import SCHEMA_VERSION
from newsloom.store.sqlite import Store, StoredArticle, fts_query


def _record(key: str, text: str, story: int | None = None) -> StoredArticle:
    return StoredArticle(
        key=key,
        article=Article(text=text, origin=f"{key}.txt", title=f"Title {key}", outlet="Test Wire"),
        content_hash=f"hash-{key}",
        status=ArticleStatus.ANALYSED,
        story_id=story,
    )


def test_new_store_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "n.db") as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.migrate() == []  # a second run applies nothing


def test_migrations_resume_from_an_older_version(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.conn.execute("DELETE FROM schema_migrations WHERE name = '0002_fts'")
        store.conn.execute("DROP TABLE articles_fts")
    with pytest.raises(NewsloomError, match="older schema"):
        Store(db, readonly=True)
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_failed_batch_leaves_nothing_behind(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        store.write_articles([_record("a", "first text")], {1})
        with pytest.raises(sqlite3.IntegrityError):
            # the second record repeats a key: the whole batch must roll back
            store.write_articles([_record("b", "second"), _record("a", "dup")], {2})
        assert store.counts() == {"articles": 1, "stories": 1, "copies": 0}
        assert store.existing_keys(["a", "b"]) == {"a"}


def test_fts_search_escapes_user_text(tmp_path: Path) -> None:
    with Store(tmp_path / "f.db") as store:
        store.write_articles([_record("a", "Dockers strike at the port of Rotterdam")], set())
        hits = store.query(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
            (fts_query('dockers" OR "x'),),
        )
        assert hits == []  # the quote is data, not query syntax
        hits = store.query(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
            (fts_query("rotterdam strike"),),
        )
        assert len(hits) == 1
    assert fts_query('a "b" NEAR(c)') == '"a" "b" "NEAR" "c"'


def test_a_query_is_repaired_as_the_stored_text_was(tmp_path: Path) -> None:
    from newsloom.store.stories import search

    # Ingest stores text after ftfy's repairs: ligatures and full-width letters as plain ones.
    text = "Icelandic fisheries officials cut the capelin quota after weak surveys"
    with Store(tmp_path / "q.db") as store:
        store.write_articles([_record("a", text)], set())
        for query in ("\ufb01sheries o\ufb03cials", "\uff43\uff41\uff50\uff45\uff4c\uff49\uff4e"):
            (hit,) = search(store, query)
            assert hit.title == "Title a", query
        assert search(store, "herring") == []


def test_a_deleted_articles_id_is_never_given_again(tmp_path: Path) -> None:
    def ids(store: Store) -> list[int]:
        return [int(r[0]) for r in store.query("SELECT id FROM articles ORDER BY id")]

    with Store(tmp_path / "ids.db") as store:
        store.write_articles(
            [_record("a", "Tram museum reopens"), _record("b", "Bridge shut")], set()
        )
        assert ids(store) == [1, 2]
        store.delete_article(2)  # the highest id: SQLite alone would give 2 to the next one
        store.write_articles([_record("c", "Ferry strike ends")], set())
        assert ids(store) == [1, 3]
        store.write_articles([_record("d", "Harbour wall cracks"), _record("e", "Dam")], {7})
        assert ids(store) == [1, 3, 4, 5]
        store.write_articles([_record("f", "Rail strike called", story=7)], set())
        store.delete_story(7)  # takes article 6 with it
        store.write_articles([_record("g", "Library reopens")], set())
        assert ids(store) == [1, 3, 4, 5, 7]
        hits = store.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'library'")
        assert [int(h[0]) for h in hits] == [7]


def test_readonly_store_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NewsloomError, match="no store"):
        Store(tmp_path / "missing.db", readonly=True)


def test_store_from_an_earlier_release_is_upgraded_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsloom.store import schema, sqlite

    db = tmp_path / "v2.db"
    monkeypatch.setattr(sqlite, "MIGRATIONS", schema.MIGRATIONS[:2])
    with Store(db) as store:
        store.conn.execute(
            """INSERT INTO articles(key, origin, text, content_hash, status, ingested_at)
               VALUES ('k', 'a.txt', 'Lagos flooded on Monday.', 'h', 'analysed', 'now')"""
        )
        store.conn.execute("INSERT INTO entities VALUES (1, 0, 5, 'Lagos', 'GPE', 'Lagos')")
        assert store.schema_version() == 2
    monkeypatch.undo()
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        (row,) = store.query("SELECT canonical, role, country FROM entities")
        assert tuple(row) == ("Lagos", None, None)
        assert store.query("SELECT COUNT(*) FROM quantities")[0][0] == 0


def test_events_round_trip(tmp_path: Path) -> None:
    from newsloom.model import Actor, Analysis, Event
    from newsloom.store.sqlite import event_from_row

    event = Event(
        text="Iran launched missile strikes on Pakistan in January.",
        start=0,
        end=53,
        type="ASSAULT",
        mode="aerial",
        cameo="195",
        score=-10.0,
        quad_class="material conflict",
        status="happened",
        source=Actor(text="Iran", canonical="Iran", code="IRN", sector="MIL"),
        target=Actor(text="Pakistan", canonical="Pakistan", code="PAK", sector=None),
        date="2024-01",
        location=None,
        trigger="launched",
        confidence=0.8,
    )
    analysis = Analysis(sentences=(), entities=(), timexes=(), events=(event,))
    record = _record("a", event.text)
    with Store(tmp_path / "e.db") as store:
        store.write_articles([StoredArticle(**{**record.__dict__, "analysis": analysis})], set())
        (row,) = store.query("SELECT * FROM events")
        assert event_from_row(row) == event
