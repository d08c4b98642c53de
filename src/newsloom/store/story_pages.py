"""Filtered, sorted, paged reads for browsing: the story list with filters, an entity's stories,
one article's place in the store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from newsloom.store.sqlite import Store
from newsloom.store.stories import ROW_COLUMNS, StorySummary, summaries, with_estimates

# The orders the story list offers, each an ORDER BY over the story row's columns; the id breaks
# ties so that paging never shows a story twice or skips one. Each has its index (stories_by_size,
# and migration 0013's): keep the expressions and directions the same as the index's.
STORY_SORTS: dict[str, str] = {
    "size": "article_count DESC, independent_sources DESC, id",
    "sources": "independent_sources DESC, article_count DESC, id",
    "newest": "last_published IS NULL, last_published DESC, id DESC",
    "oldest": "first_published IS NULL, first_published, id",
}
DEFAULT_SORT = "size"
# Stories per page of the list, and the most a caller may ask for in one page.
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class StoryFilter:
    """What the story list is narrowed to and how it is ordered and paged."""

    sort: str = DEFAULT_SORT
    since: str | None = None  # stories still reported on or after this date (ISO prefix)
    until: str | None = None  # stories first reported on or before this date
    outlet: str | None = None
    entity: str | None = None  # a canonical entity name any of the story's articles mentions
    page: int = 1
    per_page: int = PAGE_SIZE

    def as_dict(self) -> dict[str, Any]:
        """The filter as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class StoryPage:
    """One page of the filtered story list."""

    stories: tuple[StorySummary, ...]
    filter: StoryFilter
    has_next: bool

    def as_dict(self) -> dict[str, Any]:
        """The page as a JSON-ready dict."""
        return {
            "stories": [s.as_dict() for s in self.stories],
            "filter": self.filter.as_dict(),
            "has_next": self.has_next,
        }


def _where(f: StoryFilter, among: Sequence[int] | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for a filter (`among`: the entity's story ids)."""
    clauses = ["article_count > 0"]
    params: list[Any] = []
    if f.since:
        # An ISO prefix compares as text; "~" sorts after every digit, so "2025-03" as an upper
        # bound keeps all of March.
        clauses.append("last_published >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("first_published <= ?")
        params.append(f.until + "~")
    if f.outlet:
        clauses.append("EXISTS (SELECT 1 FROM json_each(stories.outlets) WHERE value = ?)")
        params.append(f.outlet)
    if f.entity and among is not None:
        # The ids as one JSON parameter: any number of them, and no second pass over the
        # entity's mentions when the caller has already read them.
        clauses.append("id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(among)))
    elif f.entity:
        clauses.append(
            """id IN (SELECT a.story_id FROM entities e JOIN articles a ON a.id = e.article_id
                      WHERE e.canonical = ?)"""
        )
        params.append(f.entity)
    return " AND ".join(clauses), params


def story_page(store: Store, f: StoryFilter, among: Sequence[int] | None = None) -> StoryPage:
    """One page of stories matching the filter, in its order; `among`, when given, is the ids
    of the stories naming the filter's entity (`entity_stories`), read once by the caller."""
    order = STORY_SORTS.get(f.sort, STORY_SORTS[DEFAULT_SORT])
    where, params = _where(f, among)
    size = max(1, min(f.per_page, MAX_PAGE_SIZE))
    offset = (max(f.page, 1) - 1) * size
    # One row more than the page: whether a next page exists, without counting them all.
    rows = store.query(
        f"SELECT {ROW_COLUMNS} FROM stories WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, size + 1, offset],
    )
    found = with_estimates(store, summaries(rows[:size]))
    return StoryPage(tuple(found), f, has_next=len(rows) > size)


def stored_outlets(store: Store) -> list[str]:
    """Every outlet with a stored article, sorted."""
    rows = store.query("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL")
    return sorted(str(r["outlet"]) for r in rows)


@dataclass(frozen=True)
class EntityMention:
    """How an entity occurs in the store: its labels and how many articles and stories name it."""

    name: str
    labels: tuple[str, ...]
    articles: int
    stories: int

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def entity_stories(store: Store, name: str) -> list[int]:
    """The ids of the stories with an article whose entities include this canonical name."""
    rows = store.query(
        """SELECT DISTINCT story_id FROM articles
           WHERE id IN (SELECT article_id FROM entities WHERE canonical = ?)
             AND story_id IS NOT NULL""",
        (name,),
    )
    return [int(r[0]) for r in rows]


def entity_mention(
    store: Store, name: str, story_ids: Sequence[int] | None = None
) -> EntityMention:
    """Counts of the articles and stories whose entities include this canonical name
    (`story_ids`: its `entity_stories`, when the caller has them)."""
    # Counted in SQL from the entities_by_name index alone: a common name has ~10,000 mentions,
    # which cost more brought into Python one row each than counted where they lie.
    counts = store.query(
        """SELECT label, COUNT(DISTINCT article_id) FROM entities
           WHERE canonical = ? GROUP BY label""",
        (name,),
    )
    labels = [str(r[0]) for r in sorted(counts, key=lambda r: (-int(r[1]), str(r[0])))]
    articles = 0
    if counts:
        distinct = "SELECT COUNT(DISTINCT article_id) FROM entities WHERE canonical = ?"
        articles = int(store.query(distinct, (name,))[0][0])
    if story_ids is None:
        story_ids = entity_stories(store, name) if counts else []
    return EntityMention(name=name, labels=tuple(labels), articles=articles, stories=len(story_ids))


@dataclass(frozen=True)
class ArticlePlace:
    """Where a stored article sits: its story, the report it copies, its status."""

    id: int
    story_id: int | None
    copy_of: int | None
    status: str
    ingested_at: str


def article_place(store: Store, article_id: int) -> ArticlePlace | None:
    """The story, copy link and status of one article, or None when there is no such article."""
    rows = store.query(
        "SELECT id, story_id, copy_of, status, ingested_at FROM articles WHERE id = ?",
        (article_id,),
    )
    if not rows:
        return None
    r = rows[0]
    return ArticlePlace(
        id=int(r["id"]),
        story_id=r["story_id"],
        copy_of=r["copy_of"],
        status=str(r["status"]),
        ingested_at=str(r["ingested_at"]),
    )
