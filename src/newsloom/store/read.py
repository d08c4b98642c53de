"""Rebuild articles and their analyses from the store, for the read side (briefs, events)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from newsloom.model import Analysis, Article, Entity, Quantity, Quote, Span, StoryMember, Timex
from newsloom.store.sqlite import Store, event_from_row

# The columns each record is rebuilt from, in the order of its dataclass's fields: rows are
# passed to the record positionally. A 387-article story has ~4,000 entity rows, and reading
# each of their columns by name took longer than the query.
_ENTITY_COLUMNS = "text, start, end, label, canonical, role, country"
_TIMEX_COLUMNS = "text, start, end, type, value, range_begin, range_end, clause"
_QUANTITY_COLUMNS = "text, start, end, kind, value, unit, measures"
_QUOTE_COLUMNS = "text, start, end, quote, speaker, direct"
_ARTICLE_COLUMNS = """a.id, a.text, a.origin, a.title, a.outlet, a.url, a.published, a.author,
    a.language, a.external_id, a.extra, a.copy_of, a.published_estimate,
    n.sentences AS sentence_offsets, n.embedding AS embedding"""


def _by_article(store: Store, table: str, columns: str, ids: Sequence[int]) -> dict[int, list[Any]]:
    """A per-article table's rows for these articles, grouped by article, each in start order;
    the article id is the first column of each row."""
    grouped: dict[int, list[Any]] = defaultdict(list)
    marks = ",".join("?" * len(ids))
    for row in store.query(
        f"SELECT article_id, {columns} FROM {table} WHERE article_id IN ({marks}) ORDER BY start",
        list(ids),
    ):
        grouped[row[0]].append(row)
    return grouped


def load_members(store: Store, article_ids: Sequence[int]) -> list[StoryMember]:
    """Articles and analyses for the given ids, in the given order."""
    if not article_ids:
        return []
    ids = list(article_ids)
    marks = ",".join("?" * len(ids))
    articles = {
        int(r["id"]): r
        for r in store.query(
            f"""SELECT {_ARTICLE_COLUMNS}
                FROM articles a LEFT JOIN analyses n ON n.article_id = a.id """
            f"WHERE a.id IN ({marks})",
            ids,
        )
    }
    entities = _by_article(store, "entities", _ENTITY_COLUMNS, ids)
    timexes = _by_article(store, "timexes", _TIMEX_COLUMNS, ids)
    quantities = _by_article(store, "quantities", _QUANTITY_COLUMNS, ids)
    quotes = _by_article(store, "quotes", _QUOTE_COLUMNS, ids)
    events = _by_article(store, "events", "*", ids)
    members = []
    for aid in ids:
        r = articles.get(aid)
        if r is None:
            continue
        analysis = Analysis(
            sentences=_sentences(r["text"], r["sentence_offsets"]),
            entities=tuple(Entity(*e[1:]) for e in entities.get(aid, ())),
            timexes=tuple(Timex(*t[1:]) for t in timexes.get(aid, ())),
            embedding=_embedding(r["embedding"]),
            quantities=tuple(Quantity(*q[1:]) for q in quantities.get(aid, ())),
            quotes=tuple(
                Quote(q[1], q[2], q[3], q[4], q[5], bool(q[6])) for q in quotes.get(aid, ())
            ),
            events=tuple(event_from_row(ev) for ev in events.get(aid, ())),
        )
        estimate = json.loads(r["published_estimate"]) if r["published_estimate"] else None
        members.append(
            StoryMember(
                article_id=aid,
                article=_article(r),
                analysis=analysis,
                copy_of=r["copy_of"],
                published_estimate=str(estimate["value"]) if estimate else None,
            )
        )
    return members


def _article(r: Any) -> Article:
    """The article of an articles row."""
    extra = r["extra"]
    return Article(
        text=r["text"],
        origin=r["origin"],
        title=r["title"],
        outlet=r["outlet"],
        url=r["url"],
        published=r["published"],
        author=r["author"],
        language=r["language"],
        external_id=r["external_id"],
        # most articles carry no extra fields: skip parsing the empty object
        extra={} if not extra or extra == "{}" else json.loads(extra),
    )


def _sentences(text: str, offsets: str | None) -> tuple[Span, ...]:
    """The sentence spans stored as a JSON list of [start, end] offsets."""
    if not offsets:
        return ()
    return tuple(Span(text[s:e], s, e) for s, e in json.loads(offsets))


def _embedding(blob: bytes | None) -> tuple[float, ...]:
    """The article vector stored as float32 bytes, as a tuple of floats."""
    # tolist() gives the same Python floats as converting each element, in one C loop
    return tuple(np.frombuffer(blob, dtype=np.float32).tolist()) if blob else ()


def story_article_ids(store: Store, story_id: int) -> list[int]:
    """The ids of a story's articles, in publication order (undated last)."""
    rows = store.query(
        """SELECT id FROM articles WHERE story_id = ?
           ORDER BY published IS NULL, published, id""",
        (story_id,),
    )
    return [int(r["id"]) for r in rows]
