"""Event coding: who did what to whom, PLOVER-typed, per document and merged across a story."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from newsloom.analyze.entities.gazetteer import Gazetteer
from newsloom.analyze.events.coder import EventCoder
from newsloom.analyze.events.ontology import EventOntology
from newsloom.model import Entity, Event, Timex

__all__ = [
    "EventCoder",
    "EventOntology",
    "MergedEvent",
    "find_events",
    "merge_story_events",
]

# Statuses under which two reports can describe one event: a visit announced as planned
# and later reported as made is one visit; a denial or a negation is not the event itself.
MERGEABLE_STATUSES = frozenset({"happened", "planned", "hypothetical"})


def find_events(
    doc: Doc,
    entities: Sequence[Entity],
    timexes: Sequence[Timex],
    published: date | None,
    gazetteer: Gazetteer,
    ontology: EventOntology | None = None,
) -> tuple[Event, ...]:
    """PLOVER events of a parsed document; pass a loaded ontology when coding many documents."""
    coder = EventCoder(ontology if ontology is not None else EventOntology.load())
    return coder.code(doc, entities, timexes, published, gazetteer)


@dataclass(frozen=True)
class MergedEvent:
    """One event as a story's articles report it: the best report and who reported it."""

    event: Event  # the representative report: the most confident, dated, happened one
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]  # every outlet that reported it, copies included
    independent_outlets: int  # distinct outlets among articles that are not copies
    reports: int  # how many event records were merged


def merge_story_events(
    per_article: Sequence[tuple[str, str | None, bool, Sequence[Event]]],
    ontology: EventOntology | None = None,
) -> list[MergedEvent]:
    """Events of a story's articles, one per happening: same family, sides and compatible dates.

    Each tuple is (article id, outlet, is_copy, events); copies count in `outlets` but not in
    `independent_outlets`. Pass the loaded ontology to spare reading its files again.
    """
    types = (ontology if ontology is not None else EventOntology.load()).types
    families = {name: t.family for name, t in types.items()}
    groups: list[list[tuple[str, str | None, bool, Event]]] = []
    for article_id, outlet, is_copy, events in per_article:
        for event in events:
            if event.status not in MERGEABLE_STATUSES:
                groups.append([(article_id, outlet, is_copy, event)])
                continue
            group = next((g for g in groups if _same_event(g[0][3], event, families)), None)
            if group is None:
                groups.append([(article_id, outlet, is_copy, event)])
            else:
                group.append((article_id, outlet, is_copy, event))
    merged = []
    for group in groups:
        best = max(group, key=lambda r: _representative_rank(r[3]))[3]
        ids = tuple(dict.fromkeys(r[0] for r in group))
        outlets = tuple(dict.fromkeys(r[1] for r in group if r[1]))
        independent = len({r[1] or f"<unknown:{r[0]}>" for r in group if not r[2]})
        merged.append(MergedEvent(best, ids, outlets, independent, len(group)))
    merged.sort(key=lambda m: (-m.independent_outlets, -m.event.confidence))
    return merged


def _same_event(a: Event, b: Event, families: dict[str, str]) -> bool:
    """Whether two event records can be one happening."""
    if a.status not in MERGEABLE_STATUSES or b.status not in MERGEABLE_STATUSES:
        return False
    if families.get(a.type, a.type) != families.get(b.type, b.type):
        return False
    if _side(a.source) != _side(b.source) or _side(a.target) != _side(b.target):
        return False
    return dates_compatible(a.date, b.date)


def _side(actor: object) -> str | None:
    """What identifies a side across reports: its country code, else its canonical name."""
    if actor is None:
        return None
    code = getattr(actor, "code", None)
    return code or getattr(actor, "canonical", None)


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Whether two TIMEX3 dates can name one day: either unknown, or one contains the other."""
    if a is None or b is None:
        return True
    if "W" in a or "W" in b:
        return a == b or _week_of(a) == b or _week_of(b) == a
    return a.startswith(b) or b.startswith(a)


def _week_of(value: str) -> str | None:
    """The ISO week (YYYY-Www) of a day value, or None for a coarser value."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _representative_rank(event: Event) -> tuple[int, int, float]:
    """Happened before planned, dated before undated, then more confident."""
    return (int(event.status == "happened"), int(event.date is not None), event.confidence)
