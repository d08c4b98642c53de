"""Read models over the store: story lists, search hits and exports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

from newsloom.errors import NewsloomError
from newsloom.store.sqlite import Store, fts_query


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
    # When no article of the story gives a date: the earliest and latest publication days
    # estimated from their texts (what the brief's header shows as "~2024-04-21 (estimated)");
    # `first` and `last` stay None, an estimate is never passed off as a date given.
    first_estimate: str | None = None
    last_estimate: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    def span_text(self, end: str) -> str:
        """The first (`end="first"`) or last day as lists show it: the date, "~day" when
        estimated, "" when unknown."""
        given = self.first if end == "first" else self.last
        if given:
            return given[:10]
        guess = self.first_estimate if end == "first" else self.last_estimate
        return f"~{guess[:10]}" if guess else ""


# The story list is read from the summaries kept on story rows (newsloom.store.story_rows), in
# the order of the stories_by_size index, so a page reads only its own rows.
_ROW_COLUMNS = """id, headline, article_count, independent_sources, outlets, first_published,
                  last_published, top_entities"""
_LIST_SQL = f"""SELECT {_ROW_COLUMNS}
                FROM stories WHERE article_count > 0 AND article_count >= ?
                ORDER BY article_count DESC, independent_sources DESC, id LIMIT ?"""
# The story row's columns, for other readers of story rows (newsloom.store.story_pages).
ROW_COLUMNS = _ROW_COLUMNS
# SQLite's LIMIT for "no limit".
_NO_LIMIT = -1


def list_stories(
    store: Store, *, limit: int | None = None, min_articles: int = 1
) -> list[StorySummary]:
    """Every story, largest first (then most independent sources, then oldest id)."""
    paged = limit is not None and limit > 0
    rows = store.query(_LIST_SQL, (min_articles, limit if paged else _NO_LIMIT))
    out = with_estimates(store, _summaries(rows))
    # A negative limit keeps its old list-slice meaning (all but the last few).
    return out[:limit] if limit and not paged else out


def story_summary(store: Store, story_id: int) -> StorySummary | None:
    """The story list's row for one story, or None when it has no articles (or does not exist)."""
    rows = store.query(
        f"SELECT {_ROW_COLUMNS} FROM stories WHERE id = ? AND article_count > 0", (story_id,)
    )
    return with_estimates(store, _summaries(rows))[0] if rows else None


def _summaries(rows: list[Any]) -> list[StorySummary]:
    """Story list rows as records."""
    # Every story's two stored JSON lists decoded in one call: per-call overhead, not parsing,
    # was most of the time of a whole list (~10 us a story).
    lists = json.loads("[" + ",".join(f"{r['outlets']},{r['top_entities']}" for r in rows) + "]")
    return [
        StorySummary(
            id=int(r["id"]),
            headline=r["headline"],
            articles=int(r["article_count"]),
            independent_sources=int(r["independent_sources"]),
            outlets=lists[2 * i],
            first=r["first_published"],
            last=r["last_published"],
            top_entities=lists[2 * i + 1],
        )
        for i, r in enumerate(rows)
    ]


def with_estimates(store: Store, found: list[StorySummary]) -> list[StorySummary]:
    """The stories with the days estimated for the undated ones (no article gives a date)."""
    undated = [s.id for s in found if not s.first and not s.last]
    if not undated:
        return found
    # Read per page from the articles of the undated stories only (articles_story index).
    marks = ",".join("?" * len(undated))
    rows = store.query(
        f"""SELECT story_id, MIN(json_extract(published_estimate, '$.value')) AS first,
                   MAX(json_extract(published_estimate, '$.value')) AS last
            FROM articles WHERE story_id IN ({marks}) AND published_estimate IS NOT NULL
            GROUP BY story_id""",
        undated,
    )
    days = {int(r["story_id"]): (r["first"], r["last"]) for r in rows}
    return [
        replace(s, first_estimate=days[s.id][0], last_estimate=days[s.id][1]) if s.id in days else s
        for s in found
    ]


def summaries(rows: list[Any]) -> list[StorySummary]:
    """Story rows selected with ROW_COLUMNS as records."""
    return _summaries(rows)


def largest_story_id(store: Store) -> int | None:
    """The id of the story with the most articles, if any (the story list's first row)."""
    first = store.query(_LIST_SQL, (1, 1))  # the story row alone: no estimates needed
    return int(first[0]["id"]) if first else None


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

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


# Bounds of a search query: FTS5's time grows with the square of a query's terms (500 words took
# over a minute), and no real search needs more than a sentence's worth of words.
SEARCH_MAX_WORDS = 32
SEARCH_MAX_CHARS = 1000


def search(
    store: Store, query: str, *, limit: int = 20, marks: tuple[str, str] = ("[", "]")
) -> list[SearchHit]:
    """FTS5 search over titles and texts, best first, with snippets whose matched words sit
    between `marks` (brackets unless the caller needs markers no text contains)."""
    if len(query) > SEARCH_MAX_CHARS:
        raise NewsloomError(
            f"the search query is {len(query)} characters long: at most {SEARCH_MAX_CHARS} allowed"
        )
    # The words as ingest stored them: the text went through the same Unicode repairs
    # (ligatures, full-width letters, mojibake), so "ﬁsheries" finds "fisheries".
    from newsloom.ingest.clean import normalise_text

    match = fts_query(normalise_text(query))
    if not match:
        raise NewsloomError("the search query has no words in it")
    words = len(match.split())  # quoted \w+ words: no spaces inside one
    if words > SEARCH_MAX_WORDS:
        raise NewsloomError(
            f"the search query has {words} different words: at most {SEARCH_MAX_WORDS} allowed"
        )
    rows = store.query(
        """SELECT a.id, a.story_id, a.outlet, a.title, a.published,
                  snippet(articles_fts, 1, ?, ?, '…', 12) AS snippet, bm25(articles_fts) AS rank
           FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
           WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?""",
        (marks[0], marks[1], match, limit),
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


# The columns of the article and entity exports, in the order their rows give them: a CSV of
# an empty store still carries them as its header.
ARTICLE_EXPORT_COLUMNS = (
    "article_id",
    "id",
    "key",
    "story_id",
    "outlet",
    "title",
    "published",
    "url",
    "language",
    "status",
    "copy_of",
    "text",
    "extra",
)
ENTITY_EXPORT_COLUMNS = (
    "article_id",
    "story_id",
    "start",
    "end",
    "text",
    "label",
    "canonical",
    "role",
    "country",
)


def export_articles(store: Store) -> Iterator[dict[str, Any]]:
    """One dict per stored article, in ingest order."""
    for r in store.query(
        """SELECT id, key, external_id, story_id, outlet, title, published, url, language, status,
                  copy_of, text, extra FROM articles ORDER BY id"""
    ):
        # article_id first: it is the id the CLI shows and takes; id is the input's own id.
        row = {"article_id": r["id"], **dict(r)}
        row["id"] = r["external_id"] or r["key"]
        del row["external_id"]
        row["extra"] = json.loads(r["extra"] or "{}")
        yield row


def export_stories(store: Store) -> Iterator[dict[str, Any]]:
    """One dict per story, largest first."""
    for s in list_stories(store):
        yield asdict(s)


def export_entities(store: Store) -> Iterator[dict[str, Any]]:
    """One dict per stored entity mention, by article and offset."""
    for r in store.query(
        """SELECT e.article_id, a.story_id, e.start, e.end, e.text, e.label, e.canonical, e.role,
                  e.country FROM entities e JOIN articles a ON a.id = e.article_id
           ORDER BY e.article_id, e.start"""
    ):
        yield dict(r)
