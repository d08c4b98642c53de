"""Read models over the store: story lists, story briefs, search hits and exports."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsloom.analyze.entities import resolve_names
from newsloom.errors import NewsloomError
from newsloom.store.sqlite import Store, fts_query
from newsloom.store.story_rows import HEADLINE_CHARS


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


@dataclass(frozen=True)
class BriefArticle:
    """An article as listed in a brief."""

    id: int
    external_id: str | None
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    origin: str
    copy_of: int | None


@dataclass(frozen=True)
class OutletCoverage:
    """One outlet's reports in a story."""

    outlet: str
    first_published: str | None
    articles: int
    copies: int


@dataclass(frozen=True)
class StoryBrief:
    """The first-cut brief of a story: who reported, who and what is named, which dates."""

    id: int
    headline: str
    articles: list[BriefArticle]
    outlets: list[OutletCoverage]
    independent_sources: int
    entities: dict[str, list[dict[str, Any]]]
    dates: list[dict[str, Any]]
    first: str | None
    last: str | None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the brief."""
        return asdict(self)


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


# The story list is read from the summaries kept on story rows (newsloom.store.story_rows), in
# the order of the stories_by_size index, so a page reads only its own rows.
_LIST_SQL = """SELECT id, headline, article_count, independent_sources, outlets, first_published,
                      last_published, top_entities
               FROM stories WHERE article_count > 0 AND article_count >= ?
               ORDER BY article_count DESC, independent_sources DESC, id LIMIT ?"""
# SQLite's LIMIT for "no limit".
_NO_LIMIT = -1


def list_stories(
    store: Store, *, limit: int | None = None, min_articles: int = 1
) -> list[StorySummary]:
    """Every story, largest first (then most independent sources, then oldest id)."""
    paged = limit is not None and limit > 0
    rows = store.query(_LIST_SQL, (min_articles, limit if paged else _NO_LIMIT))
    # Every story's two stored JSON lists decoded in one call: per-call overhead, not parsing,
    # was most of the time of a whole list (~10 us a story).
    lists = json.loads("[" + ",".join(f"{r['outlets']},{r['top_entities']}" for r in rows) + "]")
    out = [
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
    # A negative limit keeps its old list-slice meaning (all but the last few).
    return out[:limit] if limit and not paged else out


def largest_story_id(store: Store) -> int | None:
    """The id of the story with the most articles, if any."""
    rows = store.query(
        """SELECT id FROM stories WHERE article_count > 0
           ORDER BY article_count DESC, independent_sources DESC, id LIMIT 1"""
    )
    return int(rows[0]["id"]) if rows else None


def build_brief(store: Store, story_id: int) -> StoryBrief:
    """The brief of one story, derived from its stored articles."""
    rows = _story_rows(store, story_id).get(story_id)
    if not rows:
        raise NewsloomError(f"no story with id {story_id}")
    per_outlet: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        per_outlet[r["outlet"] or f"unknown outlet ({Path(r['origin']).name})"].append(r)
    outlets = [
        OutletCoverage(
            outlet=name,
            first_published=min((r["published"] for r in rs if r["published"]), default=None),
            articles=len(rs),
            copies=sum(1 for r in rs if r["copy_of"] is not None),
        )
        for name, rs in per_outlet.items()
    ]
    outlets.sort(key=lambda o: (o.first_published is None, o.first_published or "", o.outlet))
    entity_counts: dict[str, Counter[str]] = defaultdict(Counter)
    entity_articles: dict[tuple[str, str], set[int]] = defaultdict(set)
    mention_rows = store.query(
        """SELECT e.label, e.canonical, e.article_id FROM entities e JOIN articles a ON a.id = e.article_id
           WHERE a.story_id = ?""",
        (story_id,),
    )
    people = _story_people((r["label"], r["canonical"]) for r in mention_rows)
    for r in mention_rows:
        name = (
            people.get(r["canonical"], r["canonical"]) if r["label"] == "PERSON" else r["canonical"]
        )
        entity_counts[r["label"]][name] += 1
        entity_articles[(r["label"], name)].add(int(r["article_id"]))
    entities = {
        label: [
            {"name": name, "mentions": n, "articles": len(entity_articles[(label, name)])}
            for name, n in sorted(
                counts.items(),
                key=lambda kv: (-len(entity_articles[(label, kv[0])]), -kv[1], kv[0]),
            )
        ]
        for label, counts in sorted(entity_counts.items())
    }
    date_rows: dict[str, dict[str, Any]] = {}
    for r in store.query(
        """SELECT t.value, t.text, t.article_id FROM timexes t JOIN articles a ON a.id = t.article_id
           WHERE a.story_id = ? ORDER BY t.value""",
        (story_id,),
    ):
        entry = date_rows.setdefault(
            r["value"], {"value": r["value"], "texts": [], "articles": set()}
        )
        if r["text"] not in entry["texts"]:
            entry["texts"].append(r["text"])
        entry["articles"].add(int(r["article_id"]))
    dates = [
        {"value": d["value"], "texts": d["texts"], "articles": len(d["articles"])}
        for d in date_rows.values()
    ]
    published = sorted(r["published"] for r in rows if r["published"])
    return StoryBrief(
        id=story_id,
        headline=_headline(rows),
        articles=[
            BriefArticle(
                id=int(r["id"]),
                external_id=r["external_id"],
                outlet=r["outlet"],
                title=r["title"],
                published=r["published"],
                url=r["url"],
                origin=r["origin"],
                copy_of=r["copy_of"],
            )
            for r in sorted(
                rows, key=lambda r: (r["published"] is None, r["published"] or "", r["id"])
            )
        ],
        outlets=outlets,
        independent_sources=_independent_sources(rows),
        entities=entities,
        dates=dates,
        first=published[0] if published else None,
        last=published[-1] if published else None,
    )


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
