"""Fixtures shared by the event-coding tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from newsloom.analyze.entities import extract_entities
from newsloom.analyze.events import EventCoder, EventOntology
from newsloom.analyze.timex import find_timexes
from newsloom.model import Event

# Codes a text's events, published on the given day unless another (or None) is passed.
Code = Callable[..., tuple[Event, ...]]


@pytest.fixture(scope="session")
def event_coder(analyzer: Any) -> Callable[[date | None], Code]:
    """Makes a function from text to its events for a default publication date; every event's
    evidence is checked against the text, and its score and confidence against their ranges."""
    coder = EventCoder(EventOntology.load())
    gazetteer = analyzer.nlp.get_pipe("newsloom_entities").resources.gazetteer

    def for_day(default: date | None) -> Code:
        def run(text: str, published: date | None = default) -> tuple[Event, ...]:
            doc = analyzer.nlp(text)
            timexes = find_timexes(text, published)
            events = coder.code(doc, extract_entities(doc), timexes, published, gazetteer)
            for e in events:
                assert text[e.start : e.end] == e.text
                assert -10 <= e.score <= 10 and 0 < e.confidence <= 1
            return events

        return run

    return for_day
