"""Records shared by every stage of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping


@dataclass(frozen=True)
class Article:
    """One news report as read from a source, before and after cleaning."""

    text: str
    origin: str  # where it was read: "path", "path:line" or "<stdin>"
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as given or found
    author: str | None = None
    language: str | None = None
    external_id: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def with_changes(self, **changes: Any) -> Article:
        """A copy of this article with the given fields replaced."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Skipped:
    """An input that could not become an article, with the coded reason."""

    origin: str
    code: str
    message: str


@dataclass(frozen=True)
class Span:
    """A stretch of article text: offsets are into the cleaned text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A named entity mention with its spaCy label and a canonical name."""

    text: str
    start: int
    end: int
    label: str
    canonical: str


@dataclass(frozen=True)
class Timex:
    """An explicit date found in the text, resolved to an ISO value."""

    text: str
    start: int
    end: int
    type: str  # TIMEX3 type: DATE, TIME, DURATION, SET
    value: str


@dataclass(frozen=True)
class Analysis:
    """What the analysis stage found in one article."""

    sentences: tuple[Span, ...]
    entities: tuple[Entity, ...]
    timexes: tuple[Timex, ...]
    embedding: tuple[float, ...] = ()


@dataclass(frozen=True)
class DedupResult:
    """Whether an article is new, a copy of a stored one, or already stored."""

    content_hash: str
    copy_of: str | None = None  # article key of the original when a copy
    similarity: float = 1.0
    kind: str = "new"  # "new", "exact", "near"


@dataclass(frozen=True)
class StoryAssignment:
    """The story an article joined, and how sure the assigner was."""

    story_id: int
    created: bool
    score: float
