"""Find time expressions and normalise them TIMEX3-style against the publication date."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from newsloom.analyze.timex_estimate import (
    CONFIDENCE_FULL_DATE,
    CONFIDENCE_FULL_DATE_AND_WEEKDAY,
    CONFIDENCE_MONTH_ONLY,
    CONFIDENCE_YEARLESS_DATE,
    candidate_days,
    gather_evidence,
    score_day,
)
from newsloom.analyze.timex_extract import find_mentions
from newsloom.analyze.timex_resolve import Resolver
from newsloom.analyze.timex_tense import clause_tense
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
    confidence: float  # 0..1: roughly the chance the guess is within a day of the truth
    basis: str  # what the guess rests on, in a few words


def estimate_published(text: str) -> PublishedEstimate | None:
    """Estimate when a text was written from the dates and weekdays it mentions; None without evidence."""
    evidence = gather_evidence(text)
    days = candidate_days(evidence)
    if not days:
        if not evidence.months_back:
            return None
        year, month = max(evidence.months_back)
        end = date(year, month, calendar.monthrange(year, month)[1])
        return PublishedEstimate(
            end.isoformat(), CONFIDENCE_MONTH_ONLY,
            f"estimate: no day is named; written after {year:04d}-{month:02d}, the last month it looks back on",
        )
    best = max(days, key=lambda d: (score_day(d, evidence), -d.toordinal()))
    fits_weekdays = all((best.weekday() - w) % 7 <= 1 for w in evidence.weekdays_back) and all(
        (w - best.weekday()) % 7 <= 2 for w in evidence.weekdays_ahead
    )
    weekdays = len(evidence.weekdays_back) + len(evidence.weekdays_ahead)
    if evidence.kind != "full date":
        confidence = CONFIDENCE_YEARLESS_DATE
    elif weekdays and fits_weekdays:
        confidence = CONFIDENCE_FULL_DATE_AND_WEEKDAY
    else:
        confidence = CONFIDENCE_FULL_DATE
    parts = []
    if evidence.looked_back:
        parts.append(f"after {max(evidence.looked_back).isoformat()}")
    ahead = [d for d in evidence.looked_ahead if d >= best]
    if ahead:
        parts.append(f"before {min(ahead).isoformat()}")
    if weekdays:
        parts.append(f"{weekdays} weekday mention{'s' if weekdays > 1 else ''}")
    return PublishedEstimate(best.isoformat(), confidence, "estimate: " + ", ".join(parts))


def parse_published(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication date or datetime."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
