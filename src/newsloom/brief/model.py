"""The one brief model: what a story's brief shows, in every rendering (JSON, terminal, files)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from newsloom.brief.records import (
    Claim,
    Conflict,
    FusedEntity,
    OutletCoverage,
    TimelineEntry,
    Update,
)
from newsloom.brief.summary import Summary
from newsloom.model import is_listed_name


@dataclass(frozen=True)
class BriefArticle:
    """One article of a story as its brief lists it."""

    id: int
    external_id: str | None
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    origin: str
    copy_of: int | None  # article id of the report this one republishes
    # an undated article's publication date as guessed from its text (shown as estimated)
    published_estimate: str | None = None
    # what the guess rests on: "text" (its text alone, kept at ingest) or "story" (its text,
    # placed near the dates the story's other reports give)
    estimate_basis: str | None = None


@dataclass(frozen=True)
class DateMention:
    """A date the story's articles mention: its value, the words used, and how many articles."""

    value: str
    texts: tuple[str, ...]
    articles: int


@dataclass(frozen=True)
class StoryBrief:
    """Everything the brief shows about one story, derived from the store on request."""

    id: int
    headline: str
    first: str | None  # earliest publication date of its articles
    last: str | None
    independent_sources: int  # distinct outlets among original (not copied) reports
    articles: tuple[BriefArticle, ...]
    summary: Summary
    claims: tuple[Claim, ...]
    corroborated: tuple[Claim, ...]
    single_source: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...]
    updates: tuple[Update, ...]
    timeline: tuple[TimelineEntry, ...]
    coverage: tuple[OutletCoverage, ...]
    entities: tuple[FusedEntity, ...]  # one per real entity, most widely named first
    dates: tuple[DateMention, ...]

    def entities_by_label(self) -> dict[str, list[dict[str, Any]]]:
        """The entities grouped by label, most widely named first, with article counts and ids."""
        return entities_by_label(self.entities)

    def span(self) -> str:
        """The story's dates as a brief's header shows them: its first and last publication
        days; when no article carries a date, the days estimated from their texts, marked as
        estimates ("~2024-04-21 (estimated)"); one day when first and last fall on it;
        "undated" when nothing dates it, "?" for an end that is unknown."""
        if self.first or self.last:
            first, last = (self.first or "?")[:10], (self.last or "?")[:10]
            return first if first == last else f"{first} – {last}"
        guesses = sorted(a.published_estimate[:10] for a in self.articles if a.published_estimate)
        # (estimates from the story's dates exist only where some report is dated: not here)
        if not guesses:
            return "undated"
        if guesses[0] == guesses[-1]:
            return f"~{guesses[0]} (estimated)"
        return f"~{guesses[0]} – ~{guesses[-1]} (estimated)"

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; corroborated and single_source list claim ids, not whole claims."""
        return {
            "id": self.id,
            "headline": self.headline,
            "first": self.first,
            "last": self.last,
            "independent_sources": self.independent_sources,
            "articles": [asdict(a) for a in self.articles],
            "summary": self.summary.as_dict(),
            "claims": [asdict(c) for c in self.claims],
            "corroborated": [c.id for c in self.corroborated],
            "single_source": [c.id for c in self.single_source],
            "conflicts": [asdict(c) for c in self.conflicts],
            "updates": [asdict(u) for u in self.updates],
            "timeline": [asdict(t) for t in self.timeline],
            "coverage": [asdict(o) for o in self.coverage],
            "entities": self.entities_by_label(),
            "dates": [asdict(d) for d in self.dates],
        }


def entities_by_label(entities: Sequence[FusedEntity]) -> dict[str, list[dict[str, Any]]]:
    """One entry per story entity, by label, most widely named first."""
    grouped: dict[str, list[FusedEntity]] = defaultdict(list)
    for e in entities:
        if is_listed_name(e.name):
            grouped[e.label].append(e)
    return {
        label: [
            {**asdict(e), "articles": len(e.articles), "article_ids": list(e.articles)}
            for e in sorted(items, key=lambda e: (-len(e.articles), -e.mentions, e.name))
        ]
        for label, items in sorted(grouped.items())
    }
