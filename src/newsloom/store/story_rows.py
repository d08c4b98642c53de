"""Story rows: each story's list-ready summary, kept on its `stories` row as its articles change.

The story list and the largest-story lookup read these columns through one index instead of
every article's text. Whatever moves an article between stories refreshes both stories' rows in
the same transaction, so a reader never sees a row that disagrees with the articles.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

# How many entities the story list shows per story.
TOP_ENTITIES = 5
# A headline made from the first sentence is cut to this many characters.
HEADLINE_CHARS = 120
# Stories summarised per query: keeps each IN (...) list far below SQLite's bound-parameter limit.
REFRESH_CHUNK = 500


@dataclass(frozen=True)
class StoryRow:
    """The list-ready summary of one story, as stored on its `stories` row."""

    id: int
    articles: int
    independent_sources: int
    first: str | None
    last: str | None
    headline: str
    outlets: list[str]
    top_entities: list[str]


def _empty(story_id: int) -> StoryRow:
    """The row of a story left without articles (merged away or emptied by a move)."""
    return StoryRow(story_id, 0, 0, None, None, "", [], [])


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), REFRESH_CHUNK):
        yield list(ids[start : start + REFRESH_CHUNK])


def _marks(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def _dated(row: sqlite3.Row) -> tuple[bool, str, int]:
    """Undated last, then by date, then in ingest order: the order a headline is chosen in."""
    return (row["published"] is None, row["published"] or "", int(row["id"]))


def _lead_line(text: str) -> str:
    """A headline from the text's first line, for a story none of whose articles has a title."""
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= HEADLINE_CHARS else first[: HEADLINE_CHARS - 1].rstrip() + "…"


def _headline(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> str:
    """The earliest article's title; else the first line of the earliest article's text."""
    dated = sorted(rows, key=_dated)
    for r in dated:
        if r["title"]:
            return str(r["title"])
    # Only a story with no title at all reads text, and then one article's.
    found = conn.execute("SELECT text FROM articles WHERE id=?", (dated[0]["id"],)).fetchone()
    return _lead_line(str(found[0])) if found else ""


def _independent_sources(rows: Iterable[sqlite3.Row]) -> int:
    """Distinct outlets among originals; an original with no outlet counts on its own."""
    return len({r["outlet"] or f"#article-{r['id']}" for r in rows if r["copy_of"] is None})


def _top_entities(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    """Each story's most reported entities, by the number of its articles naming them, with a
    person's names resolved story-wide."""
    # Imported here: it loads spaCy, which only writers (who analyse anyway) should pay for.
    from newsloom.analyze.entities import resolve_names
    from newsloom.model import is_listed_name

    # In ingest order, first mention first: resolve_names breaks ties by the order it sees names.
    by_story: dict[int, dict[tuple[str, str, int], None]] = defaultdict(dict)
    for r in conn.execute(
        f"""SELECT a.story_id, e.label, e.canonical, a.id FROM entities e
            JOIN articles a ON a.id = e.article_id
            WHERE a.story_id IN ({_marks(ids)}) ORDER BY a.id, e.rowid""",
        ids,
    ):
        if is_listed_name(str(r[2])):  # "cts", "the": no names to show
            by_story[int(r[0])][(str(r[1]), str(r[2]), int(r[3]))] = None
    top: dict[int, list[str]] = {}
    for sid, distinct in by_story.items():
        people = resolve_names(name for label, name, _ in distinct if label == "PERSON")
        articles: dict[str, set[int]] = defaultdict(set)
        for label, name, article_id in distinct:
            articles[people.get(name, name) if label == "PERSON" else name].add(article_id)
        ranked = sorted(articles.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        top[sid] = [name for name, _ in ranked[:TOP_ENTITIES]]
    return top


def summarise_stories(conn: sqlite3.Connection, story_ids: Iterable[int]) -> list[StoryRow]:
    """The summaries of these stories computed from their articles, by id (empty ones too)."""
    ids = sorted(set(story_ids))
    out: list[StoryRow] = []
    for chunk in _chunks(ids):
        grouped: dict[int, list[sqlite3.Row]] = defaultdict(list)
        for r in conn.execute(
            f"""SELECT id, story_id, outlet, title, published, copy_of FROM articles
                WHERE story_id IN ({_marks(chunk)}) ORDER BY id""",
            chunk,
        ):
            grouped[int(r["story_id"])].append(r)
        entities = _top_entities(conn, chunk)
        for sid in chunk:
            rows = grouped.get(sid)
            if not rows:
                out.append(_empty(sid))
                continue
            dates = sorted(r["published"] for r in rows if r["published"])
            out.append(
                StoryRow(
                    id=sid,
                    articles=len(rows),
                    independent_sources=_independent_sources(rows),
                    first=dates[0] if dates else None,
                    last=dates[-1] if dates else None,
                    headline=_headline(conn, rows),
                    outlets=sorted({r["outlet"] for r in rows if r["outlet"]}),
                    top_entities=entities.get(sid, []),
                )
            )
    return out


def write_story_rows(conn: sqlite3.Connection, rows: Iterable[StoryRow]) -> None:
    """Store these summaries on their stories' rows."""
    conn.executemany(
        """UPDATE stories SET article_count=?, independent_sources=?, first_published=?,
                  last_published=?, headline=?, outlets=?, top_entities=? WHERE id=?""",
        [
            (
                r.articles,
                r.independent_sources,
                r.first,
                r.last,
                r.headline,
                json.dumps(r.outlets, ensure_ascii=False),
                json.dumps(r.top_entities, ensure_ascii=False),
                r.id,
            )
            for r in rows
        ],
    )


def refresh_story_rows(conn: sqlite3.Connection, story_ids: Iterable[int]) -> None:
    """Recompute and store the summaries of these stories (inside the caller's transaction)."""
    write_story_rows(conn, summarise_stories(conn, story_ids))


def refresh_all_story_rows(conn: sqlite3.Connection) -> None:
    """Fill every story's summary: the data step of the migration that adds the columns."""
    ids = [int(r[0]) for r in conn.execute("SELECT id FROM stories ORDER BY id")]
    for chunk in _chunks(ids):
        refresh_story_rows(conn, chunk)
