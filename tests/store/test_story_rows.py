"""Story rows: the story list read from stored summaries equals the list computed from articles.

`_legacy_list_stories` is the story list as it was computed before schema 0006, over every
article's text, kept here verbatim as the reference the stored rows must reproduce exactly.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from newsloom.analyze.entities import resolve_names
from newsloom.cli.app import demo_corpus_path
from newsloom.errors import NewsloomError
from newsloom.ingest.pipeline import IngestReport, ingest_paths
from newsloom.model import Analysis, Article, ArticleStatus, Entity
from newsloom.store.sqlite import Store, StoredArticle
from newsloom.store.stories import StorySummary, largest_story_id, list_stories
from newsloom.store.story_pages import (
    STORY_SORTS,
    StoryFilter,
    entity_mention,
    entity_stories,
    story_page,
)

LEGACY_TOP_ENTITIES = 5
LEGACY_HEADLINE_CHARS = 120
STORY_ROWS_MIGRATION = "0006_story_rows"
# Pages the equality checks ask for besides the whole list (0 and None mean "no limit").
PAGES = (None, 0, 1, 2, 3, 5, 20, -1)


# -- the reference: the story list as computed before schema 0006 ---------------------------------


def _legacy_headline(rows: list[Any]) -> str:
    dated = sorted(rows, key=lambda r: (r["published"] is None, r["published"] or "", r["id"]))
    for r in dated:
        if r["title"]:
            return str(r["title"])
    text = str(dated[0]["text"]).strip() if dated else ""
    first = text.split("\n", 1)[0]
    if len(first) <= LEGACY_HEADLINE_CHARS:
        return first
    return first[: LEGACY_HEADLINE_CHARS - 1].rstrip() + "…"


def _legacy_independent_sources(rows: list[Any]) -> int:
    outlets = set()
    for r in rows:
        if r["copy_of"] is None:
            outlets.add(r["outlet"] or f"#article-{r['id']}")
    return len(outlets)


def _legacy_story_rows(store: Store) -> dict[int, list[Any]]:
    sql = """SELECT id, story_id, outlet, title, published, text, copy_of, url, origin, external_id
             FROM articles WHERE story_id IS NOT NULL"""
    grouped: dict[int, list[Any]] = defaultdict(list)
    for r in store.query(sql + " ORDER BY id"):
        grouped[int(r["story_id"])].append(r)
    return grouped


def _legacy_top_entities(store: Store) -> dict[int, list[str]]:
    sql = """SELECT DISTINCT a.story_id AS story_id, e.label AS label, e.canonical AS canonical,
                    a.id AS article_id
             FROM entities e JOIN articles a ON a.id = e.article_id WHERE a.story_id IS NOT NULL
             ORDER BY e.rowid"""
    # In the order the mentions were stored (the plan's order before an index covered this
    # query): resolve_names breaks ties between equally used names by the order it sees them.
    by_story: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for r in store.query(sql):
        by_story[int(r["story_id"])].append(
            (str(r["label"]), str(r["canonical"]), int(r["article_id"]))
        )
    top: dict[int, list[str]] = {}
    for sid, rows in by_story.items():
        people = resolve_names(name for label, name, _ in rows if label == "PERSON")
        articles: dict[str, set[int]] = defaultdict(set)
        for label, name, article_id in rows:
            articles[people.get(name, name) if label == "PERSON" else name].add(article_id)
        ranked = sorted(articles.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        top[sid] = [name for name, _ in ranked[:LEGACY_TOP_ENTITIES]]
    return top


def _legacy_list_stories(
    store: Store, *, limit: int | None = None, min_articles: int = 1
) -> list[StorySummary]:
    grouped = _legacy_story_rows(store)
    entities = _legacy_top_entities(store)
    out = []
    for sid, rows in grouped.items():
        if len(rows) < min_articles:
            continue
        dates = sorted(r["published"] for r in rows if r["published"])
        out.append(
            StorySummary(
                id=sid,
                headline=_legacy_headline(rows),
                articles=len(rows),
                independent_sources=_legacy_independent_sources(rows),
                outlets=sorted({r["outlet"] for r in rows if r["outlet"]}),
                first=dates[0] if dates else None,
                last=dates[-1] if dates else None,
                top_entities=entities.get(sid, []),
            )
        )
    out.sort(key=lambda s: (-s.articles, -s.independent_sources, s.id))
    return out[:limit] if limit else out


def _legacy_largest_story_id(store: Store) -> int | None:
    stories = _legacy_list_stories(store, limit=1)
    return stories[0].id if stories else None


def assert_same_as_legacy(store: Store) -> list[StorySummary]:
    """Every page, the size filter and the largest story agree with the reference."""
    legacy = _legacy_list_stories(store)
    assert [asdict(s) for s in list_stories(store)] == [asdict(s) for s in legacy]
    for limit in PAGES:
        assert list_stories(store, limit=limit) == _legacy_list_stories(store, limit=limit), limit
    for least in (2, 3, 100):
        assert list_stories(store, min_articles=least) == _legacy_list_stories(
            store, min_articles=least
        )
    assert largest_story_id(store) == _legacy_largest_story_id(store)
    return legacy


# -- real text: the demo corpus and the seeds ----------------------------------------------------


# Reports of two arrests of one team's players and one of a trade (see tests/stories).
ARRESTS_FILE = Path(__file__).resolve().parents[1] / "data" / "sibling_arrests.jsonl"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, analyzer) -> tuple[Path, IngestReport]:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("story-rows") / "demo.db"
    outlets = sorted(p for p in demo_corpus_path().iterdir() if p.is_dir())
    return db, ingest_paths(outlets, db, analyzer=analyzer)


@pytest.fixture
def demo_copy(demo_store: tuple[Path, IngestReport], tmp_path: Path) -> Path:
    """A private copy of the demo store, for tests that change it."""
    db = tmp_path / "demo.db"
    with Store(demo_store[0], readonly=True) as store:
        store.conn.execute("VACUUM INTO ?", (str(db),))
    return db


def test_demo_story_list_matches_the_article_computation(
    demo_store: tuple[Path, IngestReport],
) -> None:
    db, report = demo_store
    with Store(db, readonly=True) as store:
        legacy = assert_same_as_legacy(store)
    assert len(legacy) >= 10 and any(s.top_entities for s in legacy)
    # The report accounts for every story a fresh store ends with: each one created is still
    # there, or was merged into another, or lost its every article to the refine pass.
    gone = report.stories_merged + report.stories_emptied
    assert report.stories_created - gone == len(legacy)


def test_rows_follow_the_moves_of_an_ingest_run(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    # Two arrests of one team's players, in an order that first puts the second player's report
    # with the first arrest: the run's refine pass moves it out, and the rows follow.
    db = tmp_path / "arrests.db"
    report = ingest_paths([ARRESTS_FILE], db, analyzer=analyzer)
    assert report.articles_moved + report.stories_merged >= 1
    with Store(db, readonly=True) as store:
        legacy = assert_same_as_legacy(store)
    assert len(legacy) == 3


def test_rows_follow_a_merge_and_moves(demo_copy: Path) -> None:
    with Store(demo_copy) as store:
        big, second, *rest = _legacy_list_stories(store)
        store.merge_stories([(rest[-1].id, big.id)])  # the largest story into the smallest one
        assert largest_story_id(store) == rest[-1].id
        assert_same_as_legacy(store)
        keys = [
            r["key"]
            for r in store.query(
                "SELECT key FROM articles WHERE story_id=? AND copy_of IS NULL ORDER BY id",
                (second.id,),
            )
        ]
        # One article to an existing story, one to a new story, then the rest: the story empties.
        new_story = store.next_story_id()
        store.move_articles([(keys[0], rest[0].id), (keys[1], new_story)])
        assert_same_as_legacy(store)
        emptied = store.move_articles([(key, rest[1].id) for key in keys[2:]])
        assert emptied == [(second.id, rest[1].id)]
        assert second.id not in {s.id for s in list_stories(store)}
        assert_same_as_legacy(store)


def test_migration_fills_the_rows_of_an_existing_store(demo_copy: Path) -> None:
    with Store(demo_copy) as store:
        expected = _legacy_list_stories(store)
        # Take the store back to schema 0005, as a store from the release before this one
        # (without the later indexes over these columns either).
        store.conn.executescript(
            f"""DROP INDEX stories_by_size;
                DROP INDEX stories_by_newest;
                DROP INDEX stories_by_oldest;
                DROP INDEX stories_by_sources;
                DELETE FROM schema_migrations WHERE name = '0013_browse_indexes';
                ALTER TABLE stories DROP COLUMN article_count;
                ALTER TABLE stories DROP COLUMN independent_sources;
                ALTER TABLE stories DROP COLUMN first_published;
                ALTER TABLE stories DROP COLUMN last_published;
                ALTER TABLE stories DROP COLUMN headline;
                ALTER TABLE stories DROP COLUMN outlets;
                ALTER TABLE stories DROP COLUMN top_entities;
                DELETE FROM schema_migrations WHERE name = '{STORY_ROWS_MIGRATION}';"""
        )
    with pytest.raises(NewsloomError, match="older schema"):
        Store(demo_copy, readonly=True)
    with Store(demo_copy) as store:
        assert store.migrate() == []  # opening it applied the migration
        assert list_stories(store) == expected
        assert_same_as_legacy(store)


def test_seeds_with_and_without_titles(tmp_path: Path, seeds_dir: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    untitled = tmp_path / "untitled"
    untitled.mkdir()
    for seed in sorted(seeds_dir.iterdir()):
        if seed.name.startswith("000_"):  # the seed with no headline line
            shutil.copy(seed, untitled / seed.name)
    db = tmp_path / "seeds.db"
    ingest_paths([untitled], db, analyzer=analyzer)
    with Store(db, readonly=True) as store:
        (story,) = assert_same_as_legacy(store)
    # No title anywhere: the headline is the text's first line, cut to headline size.
    assert story.headline.endswith("…") and len(story.headline) == LEGACY_HEADLINE_CHARS
    both = tmp_path / "both.db"
    ingest_paths([seeds_dir], both, published="2024-04-21", analyzer=analyzer)
    with Store(both, readonly=True) as store:
        (story,) = assert_same_as_legacy(store)
    assert story.articles == 2 and "Ebrahim Raisi" in story.top_entities


# -- the corners, written by hand ----------------------------------------------------------------


def _person(name: str, label: str = "PERSON") -> Entity:
    return Entity(text=name, start=0, end=len(name), label=label, canonical=name)


def _record(
    key: str,
    story: int,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    text: str = "Body text.",
    copy_of: str | None = None,
    names: tuple[Entity, ...] = (),
) -> StoredArticle:
    article = Article(text=text, origin=f"{key}.txt", title=title, outlet=outlet)
    return StoredArticle(
        key=key,
        article=article.with_changes(published=published),
        content_hash=f"hash-{key}",
        status=ArticleStatus.COPY if copy_of else ArticleStatus.ANALYSED,
        copy_of_key=copy_of,
        story_id=story,
        analysis=None if copy_of else Analysis(sentences=(), entities=names, timexes=()),
    )


LONG_LEAD = "  \n" + "A first line far longer than a headline may be, " * 4 + "\nsecond line"


def _corner_records() -> list[StoredArticle]:
    raisi = (_person("Ebrahim Raisi"), _person("Raisi"), _person("Islamabad", "GPE"))
    return [
        # Story 1: an empty title, an empty outlet, no outlet, an empty date and a copy.
        _record("a1", 1, title="", outlet="", published="", names=raisi),
        _record("a2", 1, title="Second", published="2024-04-21T10:00", names=raisi[1:]),
        _record("a3", 1, title="Third", outlet="Wire", published="2024-04-20", names=raisi[:1]),
        _record("a4", 1, title="Copy", outlet="Wire", copy_of="a3"),
        # Story 2: no titles: the headline comes from the earliest article's first line.
        _record("b1", 2, text=LONG_LEAD, published="2024-04-22"),
        _record("b2", 2, text="Short lead\nmore", outlet="Post"),
        # Stories 3 and 4 tie on size and sources: the older id first. Spelling variants of one
        # name, equally often, take the one seen first.
        _record("c1", 3, title="C", outlet="X", names=(_person("José Pérez"),)),
        _record("c2", 3, title="C2", outlet="Y", names=(_person("Jose Perez"),)),
        _record("d1", 4, title="D", outlet="X", names=(_person("Jose Perez"),)),
        _record("d2", 4, title="D2", outlet="Y", names=(_person("José Pérez"),)),
    ]


def test_hand_written_corners_match(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        records = _corner_records()
        store.write_articles(records[:5], {1, 2})
        assert_same_as_legacy(store)
        store.write_articles(records[5:], {3, 4})
        stories = assert_same_as_legacy(store)
        by_id = {s.id: s for s in stories}
        assert by_id[1].independent_sources == 3 and by_id[1].headline == "Third"
        assert by_id[2].headline.startswith("A first line") and by_id[2].headline.endswith("…")
        assert [s.id for s in stories] == [1, 2, 3, 4]
        store.move_articles([("a3", 2)])  # with its copy
        assert_same_as_legacy(store)
        store.merge_stories([(3, 4), (3, 2)])
        assert_same_as_legacy(store)


@contextmanager
def _reads(store: Store) -> Iterator[tuple[set[str], list[str]]]:
    """The tables read and the statements run inside the block."""
    tables: set[str] = set()
    statements: list[str] = []

    def note(action: int, table: str | None, *_: Any) -> int:
        if action == sqlite3.SQLITE_READ and table:
            tables.add(table)
        return sqlite3.SQLITE_OK

    store.conn.set_authorizer(note)
    store.conn.set_trace_callback(statements.append)
    try:
        yield tables, statements
    finally:
        store.conn.set_authorizer(None)
        store.conn.set_trace_callback(None)


def test_a_page_and_the_largest_story_read_only_story_rows(
    demo_store: tuple[Path, IngestReport],
) -> None:
    with Store(demo_store[0], readonly=True) as store:
        for read in (lambda: list_stories(store, limit=20), lambda: largest_story_id(store)):
            with _reads(store) as (tables, statements):
                read()
            statement, *estimates = statements
            plan = " ".join(str(r[3]) for r in store.query("EXPLAIN QUERY PLAN " + statement))
            # Walked in index order: no sort of every story before the page is cut.
            assert "stories_by_size" in plan and "TEMP B-TREE" not in plan, plan
            if not estimates:
                assert tables == {"stories"}
                continue
            # The page's undated stories (the demo has some) read their articles' estimated
            # days, through the story index: the articles of the page's stories only.
            (estimate,) = estimates
            assert tables == {"stories", "articles"}
            plan = " ".join(str(r[3]) for r in store.query("EXPLAIN QUERY PLAN " + estimate))
            assert "articles_story" in plan and "SCAN" not in plan, plan


def test_an_entity_read_once_pages_as_the_entity_filter(tmp_path: Path) -> None:
    with Store(tmp_path / "e.db") as store:
        store.write_articles(_corner_records(), {1, 2, 3, 4})
        for name in ("Raisi", "Ebrahim Raisi", "Jose Perez", "Islamabad", "nobody"):
            ids = entity_stories(store, name)
            for sort in STORY_SORTS:
                f = StoryFilter(sort=sort, entity=name, per_page=1)
                assert story_page(store, f, ids) == story_page(store, f), (name, sort)
            mention = entity_mention(store, name)
            assert mention == entity_mention(store, name, ids)
            assert mention.stories == len(ids)
        assert sorted(entity_stories(store, "Jose Perez")) == [3, 4]
        assert entity_mention(store, "Raisi").articles == 2
