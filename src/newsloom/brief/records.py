"""The records story fusion returns: claims with their evidence, conflicts, updates, timeline."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Claim",
    "ClaimKind",
    "Conflict",
    "ConflictSide",
    "Evidence",
    "FusedEntity",
    "FusedStory",
    "OutletCoverage",
    "TimelineEntry",
    "Update",
]

ClaimKind = str  # "event", "date", "quantity", "quote", "statement"
CORROBORATED = "corroborated"
SINGLE_SOURCE = "single-source"


@dataclass(frozen=True)
class Evidence:
    """The sentence of one article that supports a claim, with offsets into the article text."""

    article_id: int
    outlet: str
    is_copy: bool
    sentence: str
    start: int
    end: int
    published: str | None = None


@dataclass(frozen=True)
class Claim:
    """One fact of the story, normalised so that the same fact from several outlets meets."""

    id: str
    kind: ClaimKind
    summary: str
    key: str  # what the claim is about: a measure, a speaker, an event, the thing dated
    value: str | float | None  # the figure, the date, the quoted words ... where there is one
    support: tuple[Evidence, ...]
    independent_outlets: int
    status: str  # "corroborated" (two or more independent outlets) or "single-source"
    outlets: tuple[str, ...]  # every outlet carrying it, copies included, first reporter first
    first_reported: str | None = None  # earliest publication time among the supporting articles
    superseded_by: str | None = None  # id of the claim an update replaced this one with
    # id of the claim whose line already says what this one says (`brief/repeats.py`): this
    # one is kept (its date is on the timeline, its figure compared) but not listed again
    repeats: str | None = None

    @property
    def corroborated(self) -> bool:
        """Whether at least two independent outlets carry this claim."""
        return self.status == CORROBORATED


@dataclass(frozen=True)
class ConflictSide:
    """One side of a conflict: the claim, its value and the outlets that carry it."""

    claim_id: str
    value: str | float | None
    summary: str
    outlets: tuple[str, ...]
    first_reported: str | None


@dataclass(frozen=True)
class Conflict:
    """Two claims about the same thing that cannot both be true, side by side."""

    id: str
    kind: str  # "date", "figure", "actor", "status"
    key: str
    summary: str
    sides: tuple[ConflictSide, ConflictSide]


@dataclass(frozen=True)
class Update:
    """A later report that supersedes an earlier figure or date: not a conflict."""

    id: str
    key: str
    earlier: str  # claim id
    later: str  # claim id
    earlier_value: str | float | None
    later_value: str | float | None
    change: str  # "12 → 31 (killed)"
    when: str | None  # first publication of the later claim
    reason: str  # the revision wording found, or why the order was inferred
    earlier_outlets: tuple[str, ...]
    later_outlets: tuple[str, ...]
    # when no report of the later claim gives a date: the day its first report is estimated
    # to have come out (`when` stays None: an estimate is never shown as a date given)
    when_estimate: str | None = None


@dataclass(frozen=True)
class TimelineEntry:
    """A dated event or fact of the story, with the outlets that date it."""

    date: str  # TIMEX3-style value, or "begin/end" for a range
    begin: str  # ISO day
    end: str  # ISO day
    summary: str
    claim_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    independent_outlets: int
    background: bool  # well before the story's own publication window
    main: bool  # the story's own event
    # the date rests on an estimated publication date: its articles give none, and no sentence
    # behind it names the year (an "April 22nd" resolved against the guessed day of writing)
    estimated: bool = False


@dataclass(frozen=True)
class OutletCoverage:
    """What one outlet contributed: when it first reported, how much, what only it said."""

    outlet: str
    first_report: str | None
    articles: int
    copies: int  # of its articles, how many republish another outlet's report
    words: int
    exclusives: tuple[str, ...]  # single-source claims only this outlet carries
    omissions: tuple[str, ...]  # corroborated claims most other outlets carry and it does not
    # when none of its reports gives a date: the estimated day of its first one
    first_report_estimate: str | None = None


@dataclass(frozen=True)
class FusedEntity:
    """One entity of the story under one name, however each outlet named it (`fuse_identity`)."""

    name: str  # the story's canonical name
    label: str  # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT
    role: str | None  # the role its mentions state most often
    roles: tuple[str, ...]  # every role a mention states, most stated first
    country: str | None  # ISO 3166 alpha-3
    names: tuple[str, ...]  # the articles' own canonical names for it, most used first
    mentions: int
    articles: tuple[int, ...]  # article ids naming it
    outlets: tuple[str, ...]  # outlets naming it, first reporter first
    independent_outlets: int


@dataclass(frozen=True)
class FusedStory:
    """What every outlet agrees on, where they conflict, and what only one outlet claims."""

    claims: tuple[Claim, ...]  # every claim, those another claim's line repeats included
    corroborated: tuple[Claim, ...]  # the listed ones (no `repeats`) two or more outlets carry
    single_source: tuple[Claim, ...]  # ... and those only one independent outlet carries
    conflicts: tuple[Conflict, ...]
    updates: tuple[Update, ...]
    timeline: tuple[TimelineEntry, ...]
    coverage: tuple[OutletCoverage, ...]
    independent_outlets: int
    entities: tuple[FusedEntity, ...] = ()  # one per real entity, most widely named first

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; KeyError when there is none."""
        for claim in self.claims:
            if claim.id == claim_id:
                return claim
        raise KeyError(claim_id)
