"""Event coding: who did what to whom, PLOVER-typed, per document (stories merge them as claims)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc

from newsloom.analyze.entities.gazetteer import Gazetteer
from newsloom.analyze.events.coder import EventCoder
from newsloom.analyze.events.ontology import EventOntology
from newsloom.model import Entity, Event, Timex

__all__ = [
    "EventCoder",
    "EventOntology",
    "find_events",
]


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
