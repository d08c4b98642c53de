"""Evidence in a text about when it was written, and the day that fits it best."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from newsloom.analyze.timex_extract import find_mentions
from newsloom.analyze.timex_mention import CALENDAR, CLOCK, FIXED, WEEKDAY, Mention
from newsloom.analyze.timex_tense import FUTURE, PAST, clause_tense

# Cost per day between a candidate date of writing and a day the text names without a year
# ("Aug. 7"): writers leave the year out for days near the present, within weeks as a rule.
YEARLESS_COST_PER_DAY = 0.05
# Cost per day a weekday mention sits from the candidate: "said Friday" is most often the day
# of writing, "will visit Monday" most often the next day; a weekday is named only within a week.
WEEKDAY_COST_PER_DAY = 1.0
# Cost of a candidate that comes before a day the text reports as past (or after one it
# reports as coming): large, since the text cannot look back on what has not happened.
IMPOSSIBLE_COST = 100.0
# Cost per day after the last dated event the text looks back on: of two days that fit
# equally, the earlier one is likelier, as reports follow events closely.
LATENESS_COST_PER_DAY = 0.001
# A text naming a year in the past tense was written in that year or the next: the
# candidates cover both.
YEARS_AFTER_LAST_NAMED = 1


@dataclass
class Evidence:
    """What a text's time expressions say about its date of writing."""

    days_back: list[date] = field(default_factory=list)  # dated days it reports as past
    days_ahead: list[date] = field(default_factory=list)  # dated days it reports as coming
    months_back: list[tuple[int, int]] = field(default_factory=list)  # (year, month) in the past
    years_back: list[int] = field(default_factory=list)  # years named in the past tense
    yearless: list[tuple[int, int, str | None]] = field(default_factory=list)  # month, day, tense
    weekdays_back: list[int] = field(default_factory=list)
    weekdays_ahead: list[int] = field(default_factory=list)


def _full_date(m: Mention) -> date | None:
    if m.kind == CLOCK and m.anchor is not None:
        m = m.anchor
    if m.kind != CALENDAR or m.year is None or m.month is None or m.day is None:
        return None
    try:
        return date(m.year, m.month, m.day)
    except ValueError:
        return None


def gather_evidence(text: str) -> Evidence:
    """Sort the text's dates, months, years and weekdays by whether they lie behind or ahead of it."""
    evidence = Evidence()
    for m in find_mentions(text):
        tense = clause_tense(text, m.start, m.end)
        full = _full_date(m)
        if full is not None:
            (evidence.days_ahead if tense == FUTURE else evidence.days_back).append(full)
            if tense != FUTURE:
                evidence.years_back.append(full.year)
        elif m.kind == CALENDAR and m.month is not None and m.day is not None and m.year is None:
            evidence.yearless.append((m.month, m.day, tense))
        elif m.kind == CALENDAR and m.year is not None and m.month is not None and tense != FUTURE:
            evidence.months_back.append((m.year, m.month))
            evidence.years_back.append(m.year)
        elif m.kind == FIXED and m.type == "DATE" and m.year is not None and tense != FUTURE:
            evidence.years_back.append(m.year)
        elif m.kind == WEEKDAY and m.shift is None and m.weekday is not None:
            (evidence.weekdays_ahead if tense == FUTURE else evidence.weekdays_back).append(m.weekday)
    return evidence


def candidate_days(evidence: Evidence) -> list[date]:
    """Every day of the last year the text names in the past tense and of the year after it."""
    if not evidence.years_back:
        return []
    first = date(max(evidence.years_back), 1, 1)
    last = date(max(evidence.years_back) + YEARS_AFTER_LAST_NAMED, 12, 31)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _yearless_gap(day: date, month: int, day_of_month: int, tense: str | None) -> int | None:
    """Days between a candidate and the nearest fitting occurrence of a yearless date."""
    gaps = []
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            gap = (day - date(year, month, day_of_month)).days
        except ValueError:
            continue
        if tense == PAST and gap < 0 or tense == FUTURE and gap > 0:
            continue
        gaps.append(abs(gap))
    return min(gaps) if gaps else None


def day_cost(day: date, evidence: Evidence) -> float:
    """How badly a day fits as the date of writing: 0 is a perfect fit."""
    cost = 0.0
    cost += IMPOSSIBLE_COST * sum(day < d for d in evidence.days_back)
    cost += IMPOSSIBLE_COST * sum(day > d for d in evidence.days_ahead)
    cost += IMPOSSIBLE_COST * sum(day < date(y, m, 1) for y, m in evidence.months_back)
    for month, day_of_month, tense in evidence.yearless:
        gap = _yearless_gap(day, month, day_of_month, tense)
        cost += IMPOSSIBLE_COST if gap is None else YEARLESS_COST_PER_DAY * gap
    for weekday in evidence.weekdays_back:
        cost += WEEKDAY_COST_PER_DAY * ((day.weekday() - weekday) % 7)
    for weekday in evidence.weekdays_ahead:
        cost += WEEKDAY_COST_PER_DAY * ((weekday - day.weekday() - 1) % 7)
    if evidence.days_back:
        cost += LATENESS_COST_PER_DAY * max(0, (day - max(evidence.days_back)).days)
    return cost
