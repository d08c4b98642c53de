"""One stored article as a reader sees it: metadata, cleaned text and what analysis marked in it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from newsloom.model import Entity, Event, Quantity, Quote, StoryMember, Timex
from newsloom.store.read import load_members
from newsloom.store.sqlite import Store
from newsloom.store.story_pages import article_place

# What a highlighted span is, in the order overlapping spans win: a quote or an event clause
# holds names and figures inside it, so the long spans are laid down first and the short ones
# nest within them; a span that crosses an accepted one's edge is left unmarked (still listed).
MARK_KINDS = ("quote", "event", "entity", "date", "quantity")


@dataclass(frozen=True)
class Mark:
    """A highlighted span of the article text: what it is and a short label."""

    kind: str
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Segment:
    """A piece of the text: plain (mark None) or marked, with the marked pieces nested inside."""

    text: str
    mark: Mark | None = None
    children: tuple[Segment, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ArticleView:
    """Everything the article page shows, from the store; `segments` lay out the marked text."""

    id: int
    story_id: int | None
    copy_of: int | None
    status: str
    ingested_at: str
    external_id: str | None
    outlet: str | None
    title: str | None
    url: str | None
    published: str | None
    author: str | None
    language: str | None
    origin: str
    text: str
    entities: tuple[Entity, ...]
    dates: tuple[Timex, ...]
    quantities: tuple[Quantity, ...]
    quotes: tuple[Quote, ...]
    events: tuple[Event, ...]
    segments: tuple[Segment, ...]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (without the layout segments: the spans carry the offsets)."""
        out = asdict(self)
        del out["segments"]
        return out


def _marks(member: StoryMember) -> list[Mark]:
    """Every span analysis found, as marks (the order of MARK_KINDS decides overlaps)."""
    a = member.analysis
    marks = [
        Mark("quote", q.start, q.end, f"quote of {q.speaker or 'unknown speaker'}")
        for q in a.quotes
    ]
    marks += [Mark("event", e.start, e.end, f"{e.type} ({e.status})") for e in a.events]
    marks += [Mark("entity", e.start, e.end, f"{e.label}: {e.canonical}") for e in a.entities]
    marks += [Mark("date", t.start, t.end, f"{t.type}: {t.value}") for t in a.timexes]
    marks += [Mark("quantity", q.start, q.end, f"{q.kind}: {q.value:g}") for q in a.quantities]
    return marks


def _accepted(marks: Iterable[Mark], length: int) -> list[Mark]:
    """The marks that nest with or stay clear of every mark accepted before them."""
    kept: list[Mark] = []
    for m in sorted(marks, key=lambda m: (MARK_KINDS.index(m.kind), m.start, -m.end)):
        if not 0 <= m.start < m.end <= length:
            continue
        crosses = any(
            (m.start < k.start < m.end < k.end)
            or (k.start < m.start < k.end < m.end)
            or (m.start, m.end) == (k.start, k.end)
            for k in kept
        )
        if not crosses:
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, -m.end))


def segments(
    text: str, marks: Sequence[Mark], start: int = 0, end: int | None = None
) -> tuple[Segment, ...]:
    """The text between start and end cut into plain and (nested) marked segments."""
    end = len(text) if end is None else end
    out: list[Segment] = []
    at = start
    i = 0
    while i < len(marks):
        m = marks[i]
        # The marks inside this one follow it in (start, -end) order until one starts past it.
        j = i + 1
        while j < len(marks) and marks[j].start < m.end:
            j += 1
        if m.start > at:
            out.append(Segment(text[at : m.start]))
        out.append(
            Segment(text[m.start : m.end], m, segments(text, marks[i + 1 : j], m.start, m.end))
        )
        at = m.end
        i = j
    if at < end:
        out.append(Segment(text[at:end]))
    return tuple(out)


def article_view(store: Store, article_id: int) -> ArticleView | None:
    """The article page's view of one stored article, or None when there is no such article."""
    place = article_place(store, article_id)
    members = load_members(store, [article_id]) if place else []
    if place is None or not members:
        return None
    member = members[0]
    art, an = member.article, member.analysis
    return ArticleView(
        id=article_id,
        story_id=place.story_id,
        copy_of=place.copy_of,
        status=place.status,
        ingested_at=place.ingested_at,
        external_id=art.external_id,
        outlet=art.outlet,
        title=art.title,
        url=art.url,
        published=art.published,
        author=art.author,
        language=art.language,
        origin=art.origin,
        text=art.text,
        entities=an.entities,
        dates=an.timexes,
        quantities=an.quantities,
        quotes=an.quotes,
        events=an.events,
        segments=segments(art.text, _accepted(_marks(member), len(art.text))),
    )
