"""Small readers of coded events shared by the event-coding tests."""

from __future__ import annotations

from collections.abc import Iterable

from newsloom.model import Event


def sides(event: Event) -> tuple[str | None, str | None]:
    """The event's source and target codes (None where a side is missing)."""
    return (
        event.source.code if event.source else None,
        event.target.code if event.target else None,
    )


def pairs(events: Iterable[Event]) -> set[tuple[str | None, str | None]]:
    """The (source, target) codes of the events."""
    return {sides(e) for e in events}


def by_trigger(events: Iterable[Event], word: str) -> list[Event]:
    """The events whose trigger starts with this word."""
    return [e for e in events if e.trigger.split()[0] == word]
