"""Records shared by every stage of the pipeline."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np


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


# A decimal figure inside a span ("Revs 291.8"): no name has one.
_DECIMAL_FIGURE = re.compile(r"\d[.,]\d")


def is_listed_name(name: str) -> bool:
    """Whether an entity name belongs in a list shown to people (top entities, briefs).

    A lowercase span ("cts", "the") stays in the analysis, where the story model's features
    were fitted with it, but is not shown as a name: a name is written with a capital."""
    return any(ch.isupper() for ch in name) and not _DECIMAL_FIGURE.search(name)


@dataclass(frozen=True)
class Entity:
    """A named entity mention with its label, canonical name, stated role and country."""

    text: str
    start: int
    end: int
    label: str  # spaCy label, repaired: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT
    canonical: str
    role: str | None = None  # title or role the text states: "president", "foreign office"
    country: str | None = None  # ISO 3166 alpha-3 where the text or a gazetteer says


@dataclass(frozen=True)
class Timex:
    """A time expression, normalised to a TIMEX3 type and value."""

    text: str
    start: int
    end: int
    type: str  # TIMEX3 type: DATE, TIME, DURATION, SET
    value: str  # TIMEX3 value: 2024-04-22, 2024-W17, 2024-01, P3D, XXXX-WI ...
    range_begin: str | None = None  # for ranges ("April 22nd to 24th"): first day
    range_end: str | None = None  # ... and last day
    # what it dates: the clause of the verb it modifies, read from the parse ("A magnitude 6.4
    # earthquake struck eastern Turkey before dawn on Tuesday"); None for durations and sets,
    # a date no verb governs, and analyses made before clauses were read
    clause: str | None = None


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, normalised, and what it measures when the sentence says."""

    text: str
    start: int
    end: int
    kind: str  # money, distance, area, people, percent, count ...
    value: float
    unit: str | None  # ISO 4217 currency, "km", "km2", "%", "people" ...
    measures: str | None = None  # "killed", "injured", "pipeline cost" ...


@dataclass(frozen=True)
class Quote:
    """Direct or reported speech with its speaker resolved to an entity where possible."""

    text: str  # the whole quoting span, including the attribution
    start: int
    end: int
    quote: str  # the words attributed
    speaker: str | None  # canonical entity name, or the speaker phrase when unresolved
    direct: bool = True


@dataclass(frozen=True)
class Actor:
    """One side of an event: a canonical entity with its country and sector codes."""

    text: str
    canonical: str
    code: str | None  # ISO 3166 alpha-3 country code
    sector: str | None  # GOV, MIL, REB, BUS, MED, CVL, IGO, ...


@dataclass(frozen=True)
class Event:
    """Who did what to whom: a PLOVER-coded event with its evidence span."""

    text: str  # the evidence: the sentence or clause the event was read from
    start: int
    end: int
    type: str  # PLOVER event type: CONSULT, ASSAULT, THREATEN, ...
    mode: str | None
    cameo: str | None
    score: float  # -10 most conflictual .. +10 most cooperative
    quad_class: str  # verbal cooperation, material cooperation, verbal conflict, material conflict
    status: str  # happened, planned, hypothetical, denied, negated
    source: Actor | None
    target: Actor | None
    date: str | None = None  # TIMEX3-style value
    location: str | None = None
    trigger: str | None = None
    confidence: float = 0.5
    # why the date is what it is: "clause" (a time expression of the event's own clause),
    # "when-clause" (the clause its "when ..." clause hangs from), "purpose" (the errand it is
    # the purpose of); with no date, "vague" (the clause's time is not a day, month or year)
    # or "undated" (the clause states no time); None where no one said (older stores)
    date_basis: str | None = None


@dataclass(frozen=True)
class Analysis:
    """What the analysis stage found in one article."""

    sentences: tuple[Span, ...]
    entities: tuple[Entity, ...]
    timexes: tuple[Timex, ...]
    embedding: tuple[float, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    # Why the parse or an extractor raised on this article (everything above then empty but
    # the embedding), None when the analysis ran: one bad article must not cost its batch.
    failure: str | None = None


class ArticleStatus(StrEnum):
    """What ingest did with a stored article (the `articles.status` column)."""

    ANALYSED = "analysed"
    COPY = "copy"  # a copy of a stored report: kept, not analysed again
    NOT_ANALYSED = "not_analysed"  # in a language the pipeline does not read


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


@dataclass(frozen=True)
class StoryMember:
    """One stored article of a story with its analysis (empty when not analysed) and copy link."""

    article_id: int
    article: Article
    analysis: Analysis
    copy_of: int | None = None  # article id of the original when this is a syndicated copy
    # For an article given no publication date: the date guessed from its text, which its
    # dates were resolved against (None when it has a date, or no guess was sure enough)
    published_estimate: str | None = None

    @property
    def outlet(self) -> str:
        """The outlet's name, or a stand-in naming the article when the outlet is unknown."""
        # "(article 2)", not "(2)": beside counts such as "Iran (2)" a bare number reads as one.
        return self.article.outlet or f"unknown outlet (article {self.article_id})"

    @property
    def is_copy(self) -> bool:
        """Whether this article republishes another (it adds an outlet, not a source)."""
        return self.copy_of is not None


class SentenceEmbedder(Protocol):
    """Anything that turns texts into unit-length vectors, one row per text (as `Embedder` does)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), dim) of unit-length vectors."""
        ...
