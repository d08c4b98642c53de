"""Rebuild articles and their analyses from the store, for the read side (briefs, events)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from newsloom.model import Analysis, Article, Entity, Quantity, Quote, Span, StoryMember, Timex
from newsloom.store.sqlite import Store, event_from_row


def _by_article(store: Store, table: str, ids: Sequence[int]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    marks = ",".join("?" * len(ids))
    for row in store.query(
        f"SELECT * FROM {table} WHERE article_id IN ({marks}) ORDER BY start", list(ids)
    ):
        grouped[int(row["article_id"])].append(row)
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
            f"""SELECT a.*, n.sentences AS sentence_offsets, n.embedding AS embedding
                FROM articles a LEFT JOIN analyses n ON n.article_id = a.id """
            f"WHERE a.id IN ({marks})",
            ids,
        )
    }
    entities = _by_article(store, "entities", ids)
    timexes = _by_article(store, "timexes", ids)
    quantities = _by_article(store, "quantities", ids)
    quotes = _by_article(store, "quotes", ids)
    events = _by_article(store, "events", ids)
    members = []
    for aid in ids:
        r = articles.get(aid)
        if r is None:
            continue
        text = r["text"]
        article = Article(
            text=text,
            origin=r["origin"],
            title=r["title"],
            outlet=r["outlet"],
            url=r["url"],
            published=r["published"],
            author=r["author"],
            language=r["language"],
            external_id=r["external_id"],
            extra=json.loads(r["extra"] or "{}"),
        )
        offsets = json.loads(r["sentence_offsets"]) if r["sentence_offsets"] else []
        analysis = Analysis(
            sentences=tuple(Span(text=text[s:e], start=s, end=e) for s, e in offsets),
            entities=tuple(
                Entity(
                    text=e["text"],
                    start=e["start"],
                    end=e["end"],
                    label=e["label"],
                    canonical=e["canonical"],
                    role=e["role"],
                    country=e["country"],
                )
                for e in entities.get(aid, [])
            ),
            timexes=tuple(
                Timex(
                    text=t["text"],
                    start=t["start"],
                    end=t["end"],
                    type=t["type"],
                    value=t["value"],
                    range_begin=t["range_begin"],
                    range_end=t["range_end"],
                )
                for t in timexes.get(aid, [])
            ),
            embedding=tuple(float(x) for x in np.frombuffer(r["embedding"], dtype=np.float32))
            if r["embedding"]
            else (),
            quantities=tuple(
                Quantity(
                    text=q["text"],
                    start=q["start"],
                    end=q["end"],
                    kind=q["kind"],
                    value=q["value"],
                    unit=q["unit"],
                    measures=q["measures"],
                )
                for q in quantities.get(aid, [])
            ),
            quotes=tuple(
                Quote(
                    text=q["text"],
                    start=q["start"],
                    end=q["end"],
                    quote=q["quote"],
                    speaker=q["speaker"],
                    direct=bool(q["direct"]),
                )
                for q in quotes.get(aid, [])
            ),
            events=tuple(event_from_row(ev) for ev in events.get(aid, [])),
        )
        estimate = json.loads(r["published_estimate"]) if r["published_estimate"] else None
        members.append(
            StoryMember(
                article_id=aid,
                article=article,
                analysis=analysis,
                copy_of=r["copy_of"],
                published_estimate=str(estimate["value"]) if estimate else None,
            )
        )
    return members


def story_article_ids(store: Store, story_id: int) -> list[int]:
    """The ids of a story's articles, in publication order (undated last)."""
    rows = store.query(
        """SELECT id FROM articles WHERE story_id = ?
           ORDER BY published IS NULL, published, id""",
        (story_id,),
    )
    return [int(r["id"]) for r in rows]
