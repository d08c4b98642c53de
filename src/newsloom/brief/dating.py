"""When each report of a story came out: the date it gives, else an estimate, else undated.

A report without a publication date is placed by an estimate, never as if it were the oldest
or the newest: first the estimate kept with it at ingest (from its text alone, see
`newsloom.analyze.timex.estimate_published`); else, inside a story whose other reports are
dated, the day near those reports that best fits the days and weekdays its text names ("on
Friday", "Tuesday's earthquake"). A report with neither stays undated: it is compared with no
other for order, and lists place it after the dated ones, in the order it came.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from newsloom.analyze.timex.estimate import Evidence, day_cost, gather_evidence
from newsloom.model import StoryMember

__all__ = [
    "PUBLISHED",
    "STORY_ESTIMATE",
    "TEXT_ESTIMATE",
    "UNDATED",
    "ReportDate",
    "date_reports",
    "estimate_in_story",
    "parse_published",
]

# Where a report's date comes from.
PUBLISHED = "published"  # the date the report gives
TEXT_ESTIMATE = "text"  # estimated from its text alone when it was ingested
STORY_ESTIMATE = "story"  # estimated from its text, near the story's dated reports
UNDATED = "undated"

# An undated report of a dated story is placed at most this many days before the first or after
# the last dated report: reports of one story follow its events closely, and a weekday the text
# names is one of the past or coming seven days.
STORY_REACH_DAYS = 7
# Cost per day a candidate day lies outside the dated reports' window, in the units of
# `day_cost` (a weekday one day off costs 1): small, it only settles days that fit equally,
# such as the two Fridays a week apart that "on Friday" allows.
OUTSIDE_WINDOW_COST_PER_DAY = 0.05

_PUBLISHED_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ReportDate:
    """When one report came out, as far as the brief can tell, and on what that rests."""

    published: datetime | None  # naive UTC: the date it gives, or the day estimated
    day_only: bool  # only the day is known (always so for an estimate)
    basis: str  # PUBLISHED, TEXT_ESTIMATE, STORY_ESTIMATE or UNDATED

    @property
    def estimate(self) -> str | None:
        """The estimated day (ISO) when the date is an estimate, else None."""
        if self.published is None or self.basis == PUBLISHED:
            return None
        return self.published.date().isoformat()


def parse_published(value: str | None) -> tuple[datetime | None, bool]:
    """A publication time as naive UTC, and whether only the day is known."""
    if not value:
        return None, False
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None, False
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed, bool(_PUBLISHED_DAY.match(value.strip()))


def date_reports(members: Sequence[StoryMember]) -> dict[int, ReportDate]:
    """Each member's date by article id: given, estimated (kept or from the story), or none."""
    given = {m.article_id: parse_published(m.article.published) for m in members}
    days = [p.date() for p, _ in given.values() if p is not None]
    window = (min(days), max(days)) if days else None
    out: dict[int, ReportDate] = {}
    for m in members:
        published, day_only = given[m.article_id]
        if published is not None:
            out[m.article_id] = ReportDate(published, day_only, PUBLISHED)
            continue
        kept, _ = parse_published(m.published_estimate)
        if kept is not None:
            out[m.article_id] = ReportDate(_midnight(kept.date()), True, TEXT_ESTIMATE)
            continue
        guess = estimate_in_story(m.article.text, window) if window else None
        if guess is not None:
            out[m.article_id] = ReportDate(_midnight(guess), True, STORY_ESTIMATE)
        else:
            out[m.article_id] = ReportDate(None, False, UNDATED)
    return out


def estimate_in_story(text: str, window: tuple[date, date]) -> date | None:
    """The day near the story's dated reports (`window`: first and last) that best fits the
    days and weekdays the text names; None when it names none."""
    evidence = gather_evidence(text)
    if not _has_evidence(evidence):
        return None
    first = window[0] - timedelta(days=STORY_REACH_DAYS)
    span = (window[1] - window[0]).days + 2 * STORY_REACH_DAYS
    candidates = [first + timedelta(days=i) for i in range(span + 1)]
    return min(candidates, key=lambda d: (_cost(d, evidence, window), d.toordinal()))


def _has_evidence(evidence: Evidence) -> bool:
    """Whether the text names a day or a weekday: a year or a month alone places nothing."""
    return bool(
        evidence.days_back
        or evidence.days_ahead
        or evidence.yearless
        or evidence.weekdays_back
        or evidence.weekdays_ahead
    )


def _cost(day: date, evidence: Evidence, window: tuple[date, date]) -> float:
    """How badly a day fits the text, plus a little for each day outside the window."""
    outside = max(0, (window[0] - day).days, (day - window[1]).days)
    return day_cost(day, evidence) + OUTSIDE_WINDOW_COST_PER_DAY * outside


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)
