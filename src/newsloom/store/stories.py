"""Read models over the store: story lists, search hits and exports."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from newsloom.analyze.entities import resolve_names
from newsloom.errors import NewsloomError
from newsloom.store.sqlite import Store, fts_query

# How many entities the story list shows per story.
TOP_ENTITIES = 5
# A headline made from the first sentence is cut to this many characters.
HEADLINE_CHARS = 120


@dataclass(frozen=True)
class StorySummary:
    """One row of the story list."""

    id: int
    headline: str
    articles: int
    independent_sources: int
    outlets: list[str]
    first: str | None
    last: str | None
    top_entities: list[str]


def _headline(rows: list[Any]) -> str:
    dated = sorted(rows, key=lambda r: (r["published"] is None, r["published"] or "", r["id"]))
    for r in dated:
        if r["title"]:
            return str(r["title"])
    text = str(dated[0]["text"]).strip() if dated else ""
    first = text.split("\n", 1)[0]
    return first if len(first) <= HEADLINE_CHARS else first[: HEADLINE_CHARS - 1].rstrip() + "…"


def _independent_sources(rows: list[Any]) -> int:
    """Distinct outlets among originals; an original with no outlet counts on its own."""
    outlets = set()
    for r in rows:
        if r["copy_of"] is None:
            outlets.add(r["outlet"] or f"#article-{r['id']}")
    return len(outlets)


def _story_rows(store: Store, story_id: int | None = None) -> dict[int, list[Any]]:
    sql = """SELECT id, story_id, outlet, title, published, text, copy_of, url, origin, external_id
             FROM articles WHERE story_id IS NOT NULL"""
    params: tuple[Any, ...] = ()
    if story_id is not None:
        sql += " AND story_id = ?"
        params = (story_id,)
    grouped: dict[int, list[Any]] = defaultdict(list)
    for r in store.query(sql + " ORDER BY id", params):
        grouped[int(r["story_id"])].append(r)
    return grouped


def _story_people(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A story's person names (label, canonical) to one name each: "Raisi" in one report joins
    "Ebrahim Raisi" in another when the story names exactly one person in full that way."""
    return resolve_names(name for label, name in rows if label == "PERSON")


def _top_entities(store: Store, story_id: int | None = None) -> dict[int, list[str]]:
    """Each story's most reported entities, by the number of its articles naming them, with a
    person's names story-wide."""
    sql = """SELECT DISTINCT a.story_id AS story_id, e.label AS label, e.canonical AS canonical,
                    a.id AS article_id
             FROM entities e JOIN articles a ON a.id = e.article_id WHERE a.story_id IS NOT NULL"""
    params: tuple[Any, ...] = ()
    if story_id is not None:
        sql += " AND a.story_id = ?"
        params = (story_id,)
    by_story: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for r in store.query(sql, params):
        by_story[int(r["story_id"])].append(
            (str(r["label"]), str(r["canonical"]), int(r["article_id"]))
        )
    top: dict[int, list[str]] = {}
    for sid, rows in by_story.items():
        people = _story_people((label, name) for label, name, _ in rows)
        articles: dict[str, set[int]] = defaultdict(set)
        for label, name, article_id in rows:
            articles[people.get(name, name) if label == "PERSON" else name].add(article_id)
        ranked = sorted(articles.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        top[sid] = [name for name, _ in ranked[:TOP_ENTITIES]]
    return top


def list_stories(
    store: Store, *, limit: int | None = None, min_articles: int = 1
) -> list[StorySummary]:
    """Every story, largest first (then newest)."""
    grouped = _story_rows(store)
    entities = _top_entities(store)
    out = [
        _story_summary(sid, rows, entities.get(sid, []))
        for sid, rows in grouped.items()
        if len(rows) >= min_articles
    ]
    out.sort(key=lambda s: (-s.articles, -s.independent_sources, s.id))
    return out[:limit] if limit else out


def story_summary(store: Store, story_id: int) -> StorySummary | None:
    """The story list's row for one story, or None when there is no such story."""
    rows = _story_rows(store, story_id).get(story_id)
    if not rows:
        return None
    return _story_summary(story_id, rows, _top_entities(store, story_id).get(story_id, []))


def _story_summary(story_id: int, rows: list[Any], top_entities: list[str]) -> StorySummary:
    """A story's row from its articles' rows."""
    dates = sorted(r["published"] for r in rows if r["published"])
    return StorySummary(
        id=story_id,
        headline=_headline(rows),
        articles=len(rows),
        independent_sources=_independent_sources(rows),
        outlets=sorted({r["outlet"] for r in rows if r["outlet"]}),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        top_entities=top_entities,
    )


def largest_story_id(store: Store) -> int | None:
    """The id of the story with the most articles, if any."""
    stories = list_stories(store, limit=1)
    return stories[0].id if stories else None


@dataclass(frozen=True)
class SearchHit:
    """One full-text search result."""

    article_id: int
    story_id: int | None
    outlet: str | None
    title: str | None
    published: str | None
    snippet: str
    rank: float


def search(store: Store, query: str, *, limit: int = 20) -> list[SearchHit]:
    """FTS5 search over titles and texts, best first, with highlighted snippets."""
    match = fts_query(query)
    if not match:
        raise NewsloomError("the search query has no words in it")
    rows = store.query(
        """SELECT a.id, a.story_id, a.outlet, a.title, a.published,
                  snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet, bm25(articles_fts) AS rank
           FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
           WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",
        (match, limit),
    )
    return [
        SearchHit(
            article_id=int(r["id"]),
            story_id=r["story_id"],
            outlet=r["outlet"],
            title=r["title"],
            published=r["published"],
            snippet=r["snippet"],
            rank=float(r["rank"]),
        )
        for r in rows
    ]


def export_articles(store: Store) -> Iterator[dict[str, Any]]:
    """One dict per stored article, in ingest order."""
    for r in store.query(
        """SELECT id, key, external_id, story_id, outlet, title, published, url, language, status,
                  copy_of, text, extra FROM articles ORDER BY id"""
    ):
        row = dict(r)
        row["id"] = r["external_id"] or r["key"]
        row["article_id"] = r["id"]
        del row["external_id"]
        row["extra"] = json.loads(r["extra"] or "{}")
        yield row


def export_stories(store: Store) -> Iterator[dict[str, Any]]:
    """One dict per story, largest first."""
    for s in list_stories(store):
        yield asdict(s)
