"""Find time expressions and normalise them TIMEX3-style against the publication date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newsloom.analyze.timex.estimate import (
    candidate_days,
    day_cost,
    gather_evidence,
    likely_year,
    nearest_named_gap,
    weekdays_fit,
)
from newsloom.analyze.timex.extract import find_mentions
from newsloom.analyze.timex.resolve import Resolver
from newsloom.analyze.timex.tense import clause_tense
from newsloom.model import Timex


def find_timexes(text: str, published: date | None) -> list[Timex]:
    """Time expressions in the text with TIMEX3 types and values resolved against `published`."""
    resolver = Resolver(published)
    found: list[Timex] = []
    for mention in find_mentions(text):
        resolved = resolver.resolve(mention, clause_tense(text, mention.start, mention.end))
        if resolved is None:
            continue
        found.append(
            Timex(
                text=text[mention.start : mention.end],
                start=mention.start,
                end=mention.end,
                type=resolved.type,
                value=resolved.value,
                range_begin=resolved.range_begin,
                range_end=resolved.range_end,
            )
        )
    return found


@dataclass(frozen=True)
class PublishedEstimate:
    """A publication date guessed from the text itself, with how sure the guess is and why."""

    value: str  # ISO date
    confidence: float  # 0..1: roughly the chance the guess is within a week of the truth
    basis: str  # what the guess rests on, in a few words


# Confidence by the evidence an estimate rests on: about the share of estimates with that
# evidence that land within a week of the true date on a Reuters-21578 sample (docs/timex.md).
# It is low because newswire seldom names its own year: the day is often right, the year not.
CONFIDENCE_NAMED_DAY_AND_WEEKDAYS = 0.1  # a named day close by, and every weekday fits
CONFIDENCE_NAMED_DAY = 0.05  # a named day close by
CONFIDENCE_LOOSE = 0.01  # the named days are far from the best candidate
# A named day this close to the estimate counts as anchoring it.
NAMED_DAY_REACH_DAYS = 14


def estimate_published(text: str) -> PublishedEstimate | None:
    """When a text was written, guessed from the dates and weekdays it names; None without evidence.

    Only a day named without its year ("Aug. 7") or with it ("Aug. 7, 1998") can pin the date;
    years and months alone say too little, and weekdays only place a day within its week.
    """
    evidence = gather_evidence(text)
    if not (evidence.yearless or evidence.days_back or evidence.days_ahead):
        return None
    days = candidate_days(evidence)
    if not days:
        return None
    best = min(days, key=lambda d: (day_cost(d, evidence), d.toordinal()))
    weekdays = len(evidence.weekdays_back) + len(evidence.weekdays_ahead)
    gap = nearest_named_gap(best, evidence)
    anchored = gap is not None and gap <= NAMED_DAY_REACH_DAYS
    if anchored and weekdays_fit(best, evidence):
        confidence = CONFIDENCE_NAMED_DAY_AND_WEEKDAYS
    elif anchored:
        confidence = CONFIDENCE_NAMED_DAY
    else:
        confidence = CONFIDENCE_LOOSE
    parts = [f"{len(evidence.yearless)} day(s) named without a year"] if evidence.yearless else []
    if evidence.days_back:
        parts.append(f"after {max(evidence.days_back).isoformat()}")
    if evidence.days_ahead:
        parts.append(f"before {min(evidence.days_ahead).isoformat()}")
    if weekdays:
        parts.append(f"{weekdays} weekday mention(s)")
    parts.append(f"year {likely_year(evidence)}, the latest named")
    return PublishedEstimate(
        best.isoformat(), confidence, "estimated from the text: " + "; ".join(parts)
    )


def parse_published(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication date or datetime."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
