"""Calendar arithmetic for time expressions: ISO weeks, month shifts, holidays, yearless dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from newsloom.analyze.timex.tense import FUTURE, PAST

DayOf = Callable[[int], "date | None"]

# A month and day without a year go to the year before, of or after the creation time.
NEAREST_YEAR_CANDIDATES = (-1, 0, 1)
# The tense picks among those only within this many days of the creation time: writers add
# the year to a day further away, so "payable Dec. 1" beside a past verb is still this December.
TENSE_REACH_DAYS = 240
# A day a period "ended" on ("the year ended Feb. 28") is the last such day up to a year back.
ENDED_REACH_DAYS = 366
# Without a tense cue, a day ahead counts as this much further than a day behind: news
# reports the past far more than it announces, so "Oct. 23" in May is last October's.
FUTURE_DISTANCE_FACTOR = 1.3


def iso_week(d: date) -> str:
    """The TIMEX3 week value of a day: 2024-W17."""
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) a number of months away."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when there is no such day (February 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_days(day: date, days: int) -> date | None:
    """The day a number of days away, or None when that leaves the calendar (years 1 to 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month (n = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday_date(name: str, year: int) -> date:
    """The day a named holiday falls on in a year (United States dates where they differ)."""
    fixed = {
        "christmas": (12, 25),
        "christmas_eve": (12, 24),
        "new_year": (1, 1),
        "new_years_eve": (12, 31),
        "independence_day": (7, 4),
        "veterans_day": (11, 11),
        "halloween": (10, 31),
        "valentines": (2, 14),
        "boxing_day": (12, 26),
    }
    if name in fixed:
        return date(year, *fixed[name])
    if name == "easter":
        return easter(year)
    if name == "good_friday":
        return easter(year) - timedelta(days=2)
    if name == "thanksgiving":
        return nth_weekday(year, 11, 3, 4)
    if name == "election_day":
        return nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if name == "labor_day":
        return nth_weekday(year, 9, 0, 1)
    if name == "memorial_day":
        return nth_weekday(year, 5, 0, -1)
    if name == "mlk_day":
        return nth_weekday(year, 1, 0, 3)
    raise ValueError(name)


def pick_year(
    dct: date, tense: str | None, day_of: DayOf, reach: int = TENSE_REACH_DAYS
) -> date | None:
    """A yearless date's day: last by PAST, next by FUTURE (within reach), else the nearest."""
    candidates = [
        d for d in (day_of(dct.year + k) for k in NEAREST_YEAR_CANDIDATES) if d is not None
    ]
    if not candidates:
        return None
    if tense == PAST:
        past = [d for d in candidates if d <= dct and (dct - d).days <= reach]
        if past:
            return max(past)
    if tense == FUTURE:
        future = [d for d in candidates if d >= dct and (d - dct).days <= reach]
        if future:
            return min(future)
    return min(
        candidates,
        key=lambda d: (abs((d - dct).days) * (FUTURE_DISTANCE_FACTOR if d > dct else 1), d > dct),
    )
