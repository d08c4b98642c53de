"""The view models of the web pages: each page renders one, and its `.json` twin is its as_dict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsloom.api import Newsloom
from newsloom.brief.relations import QUAD_CLASSES, RelationSeries
from newsloom.errors import NotFoundError
from newsloom.store.events import StoredEvent, events_naming
from newsloom.store.stories import SearchHit
from newsloom.store.story_pages import (
    EntityMention,
    StoryFilter,
    StoryPage,
    entity_mention,
    entity_stories,
    story_page,
)

# Private-use characters around matched words in search snippets: unlike brackets, no article
# text contains them, so the page can mark exactly the matched words and escape everything else.
MATCH_OPEN, MATCH_CLOSE = "\ue000", "\ue001"
# Events an events page or an entity page lists at most (the JSON says how many there were).
EVENTS_SHOWN = 500
# Stories an entity page lists.
ENTITY_STORIES = 50


@dataclass(frozen=True)
class StoryListView:
    """The front page: one page of stories, the filter, and the outlets to filter by."""

    page: StoryPage
    outlets: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {**self.page.as_dict(), "outlets": list(self.outlets)}


def story_list_view(nl: Newsloom, f: StoryFilter) -> StoryListView:
    """The front page for a filter."""
    return StoryListView(nl.story_page(f), tuple(nl.outlets()))


@dataclass(frozen=True)
class SnippetPart:
    """A run of a search snippet: matched words or the text between them."""

    text: str
    matched: bool


@dataclass(frozen=True)
class SearchView:
    """The search page: the query, its hits with their snippets cut at the matched words."""

    query: str
    hits: tuple[SearchHit, ...]
    parts: tuple[tuple[SnippetPart, ...], ...]  # one per hit

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; each snippet marks matched words with [brackets], as the CLI."""
        return {
            "query": self.query,
            "hits": [
                {
                    **h.as_dict(),
                    "snippet": "".join(f"[{p.text}]" if p.matched else p.text for p in parts),
                    "snippet_parts": [{"text": p.text, "matched": p.matched} for p in parts],
                }
                for h, parts in zip(self.hits, self.parts, strict=True)
            ],
        }


def snippet_parts(snippet: str) -> tuple[SnippetPart, ...]:
    """A snippet with MATCH_OPEN/MATCH_CLOSE markers cut into plain and matched runs."""
    parts: list[SnippetPart] = []
    for i, chunk in enumerate(snippet.split(MATCH_OPEN)):
        if i == 0:
            if chunk:
                parts.append(SnippetPart(chunk, False))
            continue
        matched, _, rest = chunk.partition(MATCH_CLOSE)
        parts.append(SnippetPart(matched, True))
        if rest:
            parts.append(SnippetPart(rest, False))
    return tuple(parts)


def search_view(nl: Newsloom, query: str, *, limit: int) -> SearchView:
    """The search page for a query (an empty query has no hits)."""
    if not query.strip():
        return SearchView(query, (), ())
    hits = nl.search(query, limit=limit, marks=(MATCH_OPEN, MATCH_CLOSE))
    return SearchView(query, tuple(hits), tuple(snippet_parts(h.snippet) for h in hits))


@dataclass(frozen=True)
class EntityView:
    """An entity's page: how often it is named, its stories and the events it takes part in."""

    mention: EntityMention
    stories: StoryPage
    events: tuple[StoredEvent, ...]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "entity": self.mention.as_dict(),
            "stories": [s.as_dict() for s in self.stories.stories],
            "more_stories": self.stories.has_next,
            "events": [e.as_dict() for e in self.events],
        }


def entity_view(nl: Newsloom, name: str) -> EntityView:
    """The page of one canonical entity name; NotFoundError when no article names it."""
    with nl.reader() as store:
        story_ids = entity_stories(store, name)
        mention = entity_mention(store, name, story_ids)
        if not mention.articles:
            raise NotFoundError(f"no article names an entity {name!r}")
        stories = story_page(store, StoryFilter(entity=name, per_page=ENTITY_STORIES), story_ids)
        events = events_naming(store, name, limit=EVENTS_SHOWN)
    return EntityView(mention, stories, tuple(events))


@dataclass(frozen=True)
class EventsView:
    """The events page: the filters and the events found (at most EVENTS_SHOWN listed)."""

    actor: str | None
    event_type: str | None
    since: str | None
    until: str | None
    total: int
    events: tuple[StoredEvent, ...]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "filter": {
                "actor": self.actor,
                "type": self.event_type,
                "since": self.since,
                "until": self.until,
            },
            "total": self.total,
            "events": [e.as_dict() for e in self.events],
        }


def events_view(
    nl: Newsloom,
    *,
    actor: str | None,
    event_type: str | None,
    since: str | None,
    until: str | None,
) -> EventsView:
    """The events page for its filters."""
    total, found = nl.events_page(
        limit=EVENTS_SHOWN, actor=actor, event_type=event_type, since=since, until=until
    )
    return EventsView(actor, event_type, since, until, total, tuple(found))


# Geometry of the relations chart (SVG user units): plot area, margins, bar gap.
CHART_WIDTH, CHART_HEIGHT = 720, 280
CHART_LEFT, CHART_BOTTOM, CHART_TOP = 40, 40, 10
# Each period's slot: a margin on both sides (10% each), two bars, a gap between them.
SLOT_MARGIN, BAR_SHARE, BAR_GAP = 0.1, 0.38, 0.04


@dataclass(frozen=True)
class Bar:
    """One stacked piece of a bar of the relations chart."""

    x: float
    y: float
    width: float
    height: float
    quad: str
    count: int
    label: str


@dataclass(frozen=True)
class RelationsView:
    """The relations page: the series, and the bars and axis of its chart."""

    series: RelationSeries
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]  # x position and period label
    top: int  # the count at the top of the axis

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the series (the chart is drawn from it)."""
        return self.series.as_dict()


def relations_view(nl: Newsloom, a: str, b: str, *, by: str) -> RelationsView:
    """The relations page: two bars per period (a→b, b→a), stacked by quad class."""
    series = nl.relations(a, b, by=by)
    periods = series.periods
    totals = [sum(p.counts.values()) for p in series.points]
    top = max(totals, default=0) or 1
    plot_w = CHART_WIDTH - CHART_LEFT
    plot_h = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    slot = plot_w / max(len(periods), 1)
    bar_w = slot * BAR_SHARE
    bars: list[Bar] = []
    ticks: list[tuple[float, str]] = []
    for i, period in enumerate(periods):
        ticks.append((CHART_LEFT + slot * (i + 0.5), period))
        for side, source in enumerate((series.a, series.b)):
            point = series.point(period, source)
            if point is None:
                continue
            x = CHART_LEFT + slot * (i + SLOT_MARGIN) + side * (bar_w + slot * BAR_GAP)
            base = float(CHART_HEIGHT - CHART_BOTTOM)
            for quad in QUAD_CLASSES:
                n = point.counts.get(quad, 0)
                if not n:
                    continue
                h = plot_h * n / top
                base -= h
                label = f"{period} {point.source}→{point.target}: {n} {quad}"
                bars.append(Bar(x, base, bar_w, h, quad, n, label))
    return RelationsView(series, tuple(bars), tuple(ticks), top)
