"""Resolve periods: quarters, halves, seasons, holidays, year-ago periods, and unit arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from newsloom.analyze.timex.calendar import (
    ENDED_REACH_DAYS,
    add_months,
    holiday_date,
    iso_week,
    pick_year,
    safe_date,
)
from newsloom.analyze.timex.lexicon import SEASON_START_MONTH
from newsloom.analyze.timex.mention import Mention
from newsloom.analyze.timex.tense import FUTURE, PAST


@dataclass
class Resolution:
    """A resolved mention: TIMEX3 type and value, and the range ends when it names a range."""

    type: str
    value: str
    range_begin: str | None = None
    range_end: str | None = None


@dataclass
class References:
    """What anaphoric expressions lean on: the last dates the text mentioned."""

    day: date | None = None  # the last day named or implied ("Friday", "Aug. 7")
    period: str | None = None  # the last month, quarter, half or year named in its own right
    latest: str | None = None  # the last date named in its own right, a day included
    quarter: str | None = (
        None  # the last quarter named in its own right: the one a results story is about
    )
    quarter_reported: bool = (
        False  # whether that quarter was named in the past tense (its results are out)
    )


_VALUE_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_VALUE_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_VALUE_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_VALUE_HALF = re.compile(r"^(\d{4})-H([12])$")
_VALUE_YEAR = re.compile(r"^(\d{4})$")
_VALUE_WEEK = re.compile(r"^(\d{4})-W(\d\d)$")


class PeriodResolver:
    """The resolver's part that works on periods; `Resolver` adds days, weekdays and anaphora."""

    def __init__(self, dct: date | None) -> None:
        self.dct = dct
        self.refs = References()

    def _unit_value(self, day: date, unit: str, amount: int) -> str | None:
        """The value of the unit holding a day, moved `amount` units (None off the calendar)."""
        if abs(amount) > MAX_SHIFT_UNITS:
            return None
        try:
            return self._shifted_unit(day, unit, amount)
        except (OverflowError, ValueError):
            return None  # "10,000 years ago": before the year 1, which ISO dates cannot say

    def _shifted_unit(self, day: date, unit: str, amount: int) -> str | None:
        """The value of a unit around a day, shifted; may overflow the calendar."""
        if unit in ("day", "night"):
            return (day + timedelta(days=amount)).isoformat()
        if unit == "week":
            return iso_week(day + timedelta(weeks=amount))
        if unit == "weekend":
            return iso_week(day + timedelta(weeks=amount)) + "-WE"
        if unit == "open_week":
            return f"{day.year:04d}-WXX"  # "the week": a week of that year, which one left open
        if unit == "month":
            y, mo = add_months(day.year, day.month, amount)
            return f"{y:04d}-{mo:02d}"
        if unit == "quarter":
            index = day.year * 4 + (day.month - 1) // 3 + amount
            return f"{index // 4:04d}-Q{index % 4 + 1}"
        if unit == "year":
            return f"{day.year + amount:04d}"
        if unit == "decade":
            return f"{day.year // 10 + amount:03d}"
        if unit == "century":
            return f"{day.year // 100 + amount:02d}"
        return None

    def _shift_value(self, value: str, unit: str, amount: int) -> str | None:
        """Shift a date value by an amount of a unit, keeping its granularity if it is coarser."""
        if day := _VALUE_DAY.match(value):
            d = date(int(day[1]), int(day[2]), int(day[3]))
            if unit == "year":
                return (
                    safe_date(d.year + amount, d.month, d.day)
                    or d.replace(day=28, year=d.year + amount)
                ).isoformat()
            if unit == "month":
                y, mo = add_months(d.year, d.month, amount)
                return f"{y:04d}-{mo:02d}"
            return self._unit_value(d, unit, amount)
        if (month_m := _VALUE_MONTH.match(value)) and unit in ("year", "month", "quarter"):
            months = {"year": 12, "month": 1, "quarter": 3}[unit] * amount
            y, mm = add_months(int(month_m[1]), int(month_m[2]), months)
            return f"{y:04d}-{mm:02d}"
        if (q := _VALUE_QUARTER.match(value)) and unit in ("year", "quarter"):
            index = int(q[1]) * 4 + int(q[2]) - 1 + (4 * amount if unit == "year" else amount)
            return f"{index // 4:04d}-Q{index % 4 + 1}"
        if (h := _VALUE_HALF.match(value)) and unit == "year":
            return f"{int(h[1]) + amount:04d}-H{h[2]}"
        if (year_m := _VALUE_YEAR.match(value)) and unit == "year":
            return f"{int(year_m[1]) + amount:04d}"
        if (w := _VALUE_WEEK.match(value)) and unit == "week":
            monday = date.fromisocalendar(int(w[1]), int(w[2]), 1) + timedelta(weeks=amount)
            return iso_week(monday)
        return None

    def _year_of_period(self, m: Mention, tense: str | None) -> Resolution:
        """The 1988 period: the quarter under discussion, in 1988 (or the year, without one).

        "The 1988 quarter" is a quarter even when none has been named: the latest reported one.
        """
        assert m.year is not None
        period = self.refs.period
        if period and (q := _VALUE_QUARTER.match(period)):
            return Resolution("DATE", f"{m.year:04d}-Q{q[2]}")
        if m.unit == "quarter" and self.dct is not None:
            # "The 1988 quarter" with no quarter named yet: the one results are out for.
            return Resolution("DATE", f"{m.year:04d}{self._latest_quarter()[4:]}")
        return Resolution("DATE", f"{m.year:04d}")

    def _weekend(self, m: Mention, tense: str | None) -> Resolution:
        """The weekend: the coming one in future-tense text, else the last one (or this one)."""
        dct = self.dct
        if dct is None:
            return Resolution("DATE", "XXXX-WXX-WE")
        saturday_or_sunday = dct.weekday() >= 5
        if tense == FUTURE:
            shift = 1 if saturday_or_sunday and dct.weekday() == 6 else 0
        else:
            shift = 0 if saturday_or_sunday else -1
        return Resolution("DATE", iso_week(dct + timedelta(weeks=shift)) + "-WE")

    def _year_before(self, m: Mention, tense: str | None) -> Resolution | None:
        """The year-ago quarter, year-earlier: the period last mentioned, a year before."""
        period = self.refs.period
        if period and self.dct and int(period[:4]) < self.dct.year:
            period = None  # "the 1988 period ... the year-ago results": a year before now, not 1987
        if (
            period
            and self.dct
            and (q := _VALUE_QUARTER.match(period))
            and f"{q[1]}-Q{q[2]}" > self._quarter_of(self.dct)
        ):
            period = None  # a quarter still to come is a forecast, not the period being compared
        if m.part is not None:
            base = int(period[:4]) if period else (self.dct.year if self.dct else None)
            return Resolution("DATE", f"{base - 1:04d}-Q{m.part}" if base else f"XXXX-Q{m.part}")
        if period and (m.unit != "quarter" or _VALUE_QUARTER.match(period)):
            value = self._shift_value(period, "year", -1)
            if value:
                return Resolution("DATE", value)
        if self.dct is None:
            return Resolution("DATE", "XXXX")
        if m.unit == "quarter":
            latest = self._latest_quarter()
            return Resolution("DATE", f"{int(latest[:4]) - 1:04d}{latest[4:]}")
        return Resolution("DATE", f"{self.dct.year - 1:04d}")

    @staticmethod
    def _quarter_of(day: date) -> str:
        """The quarter value a day falls in."""
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"

    def _latest_quarter(self) -> str:
        """The last quarter to have ended before the creation time (the one results are about)."""
        assert self.dct is not None
        value = self._unit_value(self.dct, "quarter", -1)
        assert value is not None
        return value

    def _quarter(self, m: Mention, tense: str | None) -> Resolution | None:
        """A quarter: named, the one a results story is about, or around the creation time."""
        dct = self.dct
        if m.part is None:
            return self._unnamed_quarter(m)
        q = int(m.part)
        if m.shift == "ended" and (period := self.refs.quarter):
            recent = dct is not None and int(period[:4]) >= dct.year - 1
            if int(period[:4]) == m.year or m.year is None and recent:
                return Resolution(
                    "DATE", period
                )  # "the fiscal first quarter ... the quarter ended Sept. 30"
        given = self._year_fixed(m, f"Q{q}")
        if given is not None:
            return given
        assert dct is not None  # without a creation time _year_fixed always answers
        by_end_day = self._quarter_by_end_day(m, q, dct)
        if by_end_day is not None:
            return by_end_day
        start = date(dct.year, 3 * q - 2, 1)
        year = dct.year if start <= dct else dct.year - 1
        if tense == FUTURE and (dct - date(year, 3 * q, 28)).days > QUARTER_REPORTING_DAYS:
            year += 1  # "will ... in the first quarter", said in October: next year's

        return Resolution("DATE", f"{year:04d}-Q{q}")

    def _unnamed_quarter(self, m: Mention) -> Resolution | None:
        """A quarter not named by number: the one reported on, or one from the creation time."""
        dct = self.dct
        if dct is None:
            return Resolution("DATE", "XXXX-QX")
        period = self.refs.quarter
        if m.shift in ("latest", "this") and period:
            reported = (
                m.shift == "this" or period <= self._latest_quarter() or self.refs.quarter_reported
            )
            if int(period[:4]) >= dct.year - 1 and reported:
                # "The quarter", "this quarter" in a results story: the one it reports on.
                return Resolution("DATE", period)
        if m.shift == "latest":
            return Resolution("DATE", self._latest_quarter())
        amount = {"last": -1, "this": 0, "current": 0, "next": 1}.get(m.shift or "this", 0)
        value = self._unit_value(dct, "quarter", amount)
        return Resolution("DATE", value) if value else None

    def _quarter_by_end_day(self, m: Mention, q: int, dct: date) -> Resolution | None:
        """Quarter q of the year its (past) end day falls in, when the words name that day."""
        if (end := m.anchor) is not None and end.month is not None and end.day is not None:
            # "The second quarter ended Nov. 30": the quarter of the year its (past) end day is in.
            month, day_num = end.month, end.day
            end_day = pick_year(
                dct, PAST, lambda y: safe_date(y, month, day_num), reach=ENDED_REACH_DAYS
            )
            if end_day is not None:
                return Resolution("DATE", f"{end_day.year:04d}-Q{q}")
        return None

    def _year_fixed(self, m: Mention, suffix: str) -> Resolution | None:
        """A quarter's or half's value when its year needs no guessing: stated ("Q1 2024"),
        unknowable (no creation time: XXXX), or counted from the creation time ("next year's
        first half"); None when the year must be inferred."""
        if m.year is not None:
            return Resolution("DATE", f"{m.year:04d}-{suffix}")
        if self.dct is None:
            return Resolution("DATE", f"XXXX-{suffix}")
        if m.amount is not None:
            return Resolution("DATE", f"{self.dct.year + m.amount:04d}-{suffix}")
        return None

    def _half(self, m: Mention, tense: str | None) -> Resolution:
        """A half year: H1 or H2 of the year given or implied."""
        h = int(m.part or 1)
        dct = self.dct
        given = self._year_fixed(m, f"H{h}")
        if given is not None:
            return given
        assert dct is not None  # without a creation time _year_fixed always answers
        start = date(dct.year, 1 if h == 1 else 7, 1)
        year = dct.year if start <= dct or tense == FUTURE else dct.year - 1
        return Resolution("DATE", f"{year:04d}-H{h}")

    def _season(self, m: Mention, tense: str | None) -> Resolution:
        """A season: of the year given, or the last, this or next one from the creation time."""
        code = m.part or "SU"
        dct = self.dct
        if m.year is not None:
            return Resolution("DATE", f"{m.year:04d}-{code}")
        if dct is None:
            return Resolution("DATE", f"XXXX-{code}")
        start_month = SEASON_START_MONTH[code]

        def start(year: int) -> date:
            return date(year, start_month, 1)

        def end(year: int) -> date:
            y, mo = add_months(year, start_month, 3)
            return date(y, mo, 1) - timedelta(days=1)

        # The season instance the creation time falls in or follows.
        current = dct.year if start(dct.year) <= dct else dct.year - 1
        if m.shift == "last":
            year = current if end(current) < dct else current - 1
        elif m.shift == "next":
            year = current + 1
        elif m.shift == "this":
            year = dct.year if code != "WI" or dct.month >= 3 else dct.year - 1
        elif tense == FUTURE:
            year = current if end(current) >= dct else current + 1
        elif tense == PAST:
            year = current
        else:
            year = dct.year
        return Resolution("DATE", f"{year:04d}-{code}")

    def _holiday(self, m: Mention, tense: str | None) -> Resolution:
        """A holiday: its day in the year given, or in the year the tense points to."""
        assert m.holiday is not None
        name = m.holiday
        if m.year is not None:
            return Resolution("DATE", holiday_date(name, m.year).isoformat())
        dct = self.dct
        if dct is None:
            return Resolution("DATE", "XXXX-XX-XX")
        if m.shift == "last":
            tense = PAST
        elif m.shift == "next":
            tense = FUTURE
        # A holiday is named without its year however far off it is: the tense decides alone.
        picked = pick_year(dct, tense, lambda y: holiday_date(name, y), reach=366)
        assert picked is not None
        return Resolution("DATE", picked.isoformat())


# Results for a quarter come out within about this many days of its end: a future-tense
# mention of a quarter that ended longer ago than this is about next year's.
QUARTER_REPORTING_DAYS = 100

# Shifts larger than this many units are not calendar dates a report resolves ("a million
# years ago"); they stay unresolved rather than overflow the calendar.
MAX_SHIFT_UNITS = 5000
