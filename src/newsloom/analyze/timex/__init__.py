"""Find time expressions and normalise them TIMEX3-style against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
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
from newsloom.analyze.timex.mention import CLOCK
from newsloom.analyze.timex.resolve import Resolver
from newsloom.analyze.timex.tense import clause_tense
from newsloom.model import Timex

# Between a clock time and a day named later, a sentence ends (a stop, then a capital or a
# new line) or the day is the reporting day ("sank at 6 pm, officials said on Friday").
_SENTENCE_END = re.compile(r"[.!?;][\"”’)]*\s+[\"“(]*[A-Z]|\n")
_SAYING = re.compile(r"(?i)\b(?:said|says|told|announced|reported|added|stated|confirmed)\b")
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d")


def find_timexes(text: str, published: date | None) -> list[Timex]:
    """Time expressions in the text with TIMEX3 types and values resolved against `published`."""
    resolver = Resolver(published)
    found: list[Timex] = []
    unanchored: list[int] = []  # clock times resolved without a day of their own
    for mention in find_mentions(text):
        resolved = resolver.resolve(mention, clause_tense(text, mention.start, mention.end))
        if resolved is None:
            continue
        if mention.kind == CLOCK and mention.anchor is None:
            unanchored.append(len(found))
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
    for index in unanchored:
        found[index] = _dated_later_in_sentence(text, found, index)
    return found


def _same_sentence(text: str, start: int, end: int) -> bool:
    return _SENTENCE_END.search(text, start, end) is None


def _dated_later_in_sentence(text: str, found: list[Timex], index: int) -> Timex:
    """A clock time on the day its sentence names after it ("at 6 pm (1500 GMT) on Friday").

    Only when the sentence names no day before the time (that day is the time's), and the
    later day is not the day something was said."""
    clock = found[index]
    for before in reversed(found[:index]):
        if not _same_sentence(text, before.end, clock.start):
            break
        if before.type == "DATE" and _DAY_VALUE.match(before.value):
            return clock
    for after in found[index + 1 :]:
        between = (clock.end, after.start)
        if not _same_sentence(text, *between) or _SAYING.search(text, *between):
            return clock
        if after.type == "DATE" and _DAY_VALUE.match(after.value):
            day, time = after.value[:10], clock.value.partition("T")[2]
            return replace(clock, value=f"{day}T{time}") if time else clock
    return clock


@dataclass(frozen=True)
class PublishedEstimate:
    """A publication date guessed from the text itself, with how sure the guess is and why."""

    value: str  # ISO date
    confidence: float  # 0..1: roughly the chance the guess is within a week of the truth
    basis: str  # what the guess rests on, in a few words

    def as_dict(self) -> dict[str, object]:
        """The estimate as `analyze --json` prints it and the store keeps it."""
        return {"value": self.value, "confidence": self.confidence, "basis": self.basis}


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
