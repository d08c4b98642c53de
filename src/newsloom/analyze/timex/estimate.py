"""Evidence in a text about when it was written, and the day that fits it best."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from newsloom.analyze.timex.extract import find_mentions
from newsloom.analyze.timex.mention import CALENDAR, CLOCK, FIXED, WEEKDAY, Mention
from newsloom.analyze.timex.tense import FUTURE, PAST, clause_tense

# Cost per day between a candidate date of writing and a day the text names without a year
# ("Aug. 7"): writers leave the year out for days near the present, within weeks as a rule.
YEARLESS_COST_PER_DAY = 0.05
# Cost per day a weekday mention sits from the candidate: "said Friday" is most often the day
# of writing, "will visit Monday" most often the next day; a weekday is named only within a week.
WEEKDAY_COST_PER_DAY = 1.0
# Cost per day a candidate lies on the wrong side of a day the text names: before a day it
# reports as past, after one it reports as coming. Not infinite: the tense is only a guess.
WRONG_SIDE_COST_PER_DAY = 0.2
# Cost per day after the last dated event the text looks back on: of two days that fit
# equally, the earlier one is likelier, as reports follow events closely.
LATENESS_COST_PER_DAY = 0.001
# The year of writing is taken to be the latest year the text names outside a future-tense
# clause (on a Reuters-21578 sample this beat the most frequent year, 28% to 24% right; most
# texts never name their own year); the candidates run this many days either side of it.
DAYS_AROUND_YEAR = 45


@dataclass
class Evidence:
    """What a text's time expressions say about its date of writing."""

    days_back: list[date] = field(default_factory=list)  # dated days it reports as past
    days_ahead: list[date] = field(default_factory=list)  # dated days it reports as coming
    months_back: list[tuple[int, int]] = field(default_factory=list)  # (year, month) in the past
    years: list[int] = field(default_factory=list)  # years named outside future-tense clauses
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
    """Sort the text's dates, months, years and weekdays by whether they lie behind or ahead."""
    evidence = Evidence()
    for m in find_mentions(text):
        tense = clause_tense(text, m.start, m.end)
        full = _full_date(m)
        if full is not None:
            (evidence.days_ahead if tense == FUTURE else evidence.days_back).append(full)
            if tense != FUTURE:
                evidence.years.append(full.year)
        elif m.kind == CALENDAR and m.month is not None and m.day is not None and m.year is None:
            evidence.yearless.append((m.month, m.day, tense))
        elif m.kind == CALENDAR and m.year is not None and m.month is not None and tense != FUTURE:
            evidence.months_back.append((m.year, m.month))
            evidence.years.append(m.year)
        elif m.kind == FIXED and m.type == "DATE" and m.year is not None and tense != FUTURE:
            evidence.years.append(m.year)
        elif m.kind == WEEKDAY and m.shift is None and m.weekday is not None:
            (evidence.weekdays_ahead if tense == FUTURE else evidence.weekdays_back).append(
                m.weekday
            )
    return evidence


def likely_year(evidence: Evidence) -> int | None:
    """The latest year the text names outside future-tense clauses."""
    return max(evidence.years) if evidence.years else None


def candidate_days(evidence: Evidence) -> list[date]:
    """The days around the likely year of writing."""
    year = likely_year(evidence)
    if year is None:
        return []
    # Clipped to the calendar: a year named as 1 or 9999 has no days before or after it.
    first = date(year, 1, 1) - timedelta(days=min(DAYS_AROUND_YEAR, _days_after_min(year)))
    last = date(year, 12, 31) + timedelta(days=min(DAYS_AROUND_YEAR, _days_before_max(year)))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _days_after_min(year: int) -> int:
    """Days between the first day of the calendar and 1 January of the year."""
    return (date(year, 1, 1) - date.min).days


def _days_before_max(year: int) -> int:
    """Days between 31 December of the year and the last day of the calendar."""
    return (date.max - date(year, 12, 31)).days


def _yearless_cost(day: date, month: int, day_of_month: int, tense: str | None) -> float:
    """How far a candidate sits from the nearest occurrence of a yearless date, weighed by tense."""
    best = float("inf")
    for year in (day.year - 1, day.year, day.year + 1):
        try:
            gap = (day - date(year, month, day_of_month)).days
        except ValueError:
            continue
        if tense == FUTURE:
            gap += 1  # a day still to come is at least tomorrow: on the day, it would be "today"
        wrong_side = tense == PAST and gap < 0 or tense == FUTURE and gap > 0
        per_day = WRONG_SIDE_COST_PER_DAY if wrong_side else YEARLESS_COST_PER_DAY
        best = min(best, per_day * abs(gap))
    return best


def day_cost(day: date, evidence: Evidence) -> float:
    """How badly a day fits as the date of writing: 0 is a perfect fit."""
    cost = 0.0
    cost += WRONG_SIDE_COST_PER_DAY * sum(max(0, (d - day).days) for d in evidence.days_back)
    cost += WRONG_SIDE_COST_PER_DAY * sum(max(0, (day - d).days + 1) for d in evidence.days_ahead)
    cost += WRONG_SIDE_COST_PER_DAY * sum(
        max(0, (date(y, m, 1) - day).days) for y, m in evidence.months_back
    )
    for month, day_of_month, tense in evidence.yearless:
        cost += _yearless_cost(day, month, day_of_month, tense)
    for weekday in evidence.weekdays_back:
        cost += WEEKDAY_COST_PER_DAY * ((day.weekday() - weekday) % 7)
    for weekday in evidence.weekdays_ahead:
        cost += WEEKDAY_COST_PER_DAY * ((weekday - day.weekday() - 1) % 7)
    if evidence.days_back:
        cost += LATENESS_COST_PER_DAY * max(0, (day - max(evidence.days_back)).days)
    return cost


def nearest_named_gap(day: date, evidence: Evidence) -> int | None:
    """Days from a candidate to the nearest day the text names, with or without its year."""
    gaps = [abs((day - d).days) for d in evidence.days_back + evidence.days_ahead]
    for month, day_of_month, _ in evidence.yearless:
        for year in (day.year - 1, day.year, day.year + 1):
            try:
                gaps.append(abs((day - date(year, month, day_of_month)).days))
            except ValueError:
                continue
    return min(gaps) if gaps else None


def weekdays_fit(day: date, evidence: Evidence) -> bool:
    """Whether the text's weekday mentions all fall within a day of where a candidate puts them."""
    if not (evidence.weekdays_back or evidence.weekdays_ahead):
        return False
    return all((day.weekday() - w) % 7 <= 1 for w in evidence.weekdays_back) and all(
        (w - day.weekday() - 1) % 7 <= 1 for w in evidence.weekdays_ahead
    )
