"""Turn mentions into TIMEX3 values: calendar arithmetic against the creation time and the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from newsloom.analyze.timex_lexicon import SEASON_START_MONTH
from newsloom.analyze.timex_mention import (
    AGO,
    ANAPHOR,
    CALENDAR,
    CLOCK,
    DAY_OFFSET,
    FIXED,
    HALF,
    HOLIDAY,
    QUARTER,
    RELATIVE,
    SEASON,
    WEEKDAY,
    Mention,
)
from newsloom.analyze.timex_tense import FUTURE, PAST

# A month and day without a year go to the year before, of or after the creation time.
NEAREST_YEAR_CANDIDATES = (-1, 0, 1)
# The tense picks among those only within this many days of the creation time: writers add
# the year to a day further away, so "payable Dec. 1" beside a past verb is still this December.
TENSE_REACH_DAYS = 240


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


_VALUE_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_VALUE_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_VALUE_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_VALUE_HALF = re.compile(r"^(\d{4})-H([12])$")
_VALUE_YEAR = re.compile(r"^(\d{4})$")
_VALUE_WEEK = re.compile(r"^(\d{4})-W(\d\d)$")


def iso_week(d: date) -> str:
    """The TIMEX3 week value of a day: 2024-W17."""
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """The (year, month) a number of months away."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
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


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday of a month (n = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday_date(name: str, year: int) -> date:
    """The day a named holiday falls on in a year (United States dates where they differ)."""
    fixed = {
        "christmas": (12, 25), "christmas_eve": (12, 24), "new_year": (1, 1), "new_years_eve": (12, 31),
        "independence_day": (7, 4), "veterans_day": (11, 11), "halloween": (10, 31), "valentines": (2, 14),
        "boxing_day": (12, 26),
    }
    if name in fixed:
        return date(year, *fixed[name])
    if name == "easter":
        return easter(year)
    if name == "good_friday":
        return easter(year) - timedelta(days=2)
    if name == "thanksgiving":
        return _nth_weekday(year, 11, 3, 4)
    if name == "election_day":
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if name == "labor_day":
        return _nth_weekday(year, 9, 0, 1)
    if name == "memorial_day":
        return _nth_weekday(year, 5, 0, -1)
    if name == "mlk_day":
        return _nth_weekday(year, 1, 0, 3)
    raise ValueError(name)


def _pick_year(dct: date, tense: str | None, day_of: "DayOf") -> date | None:
    """The day for a yearless date: the last one by PAST, the next by FUTURE, else the nearest."""
    candidates = [d for d in (day_of(dct.year + k) for k in NEAREST_YEAR_CANDIDATES) if d is not None]
    if not candidates:
        return None
    if tense == PAST:
        past = [d for d in candidates if d <= dct and (dct - d).days <= TENSE_REACH_DAYS]
        if past:
            return max(past)
    if tense == FUTURE:
        future = [d for d in candidates if d >= dct and (d - dct).days <= TENSE_REACH_DAYS]
        if future:
            return min(future)
    return min(candidates, key=lambda d: (abs((d - dct).days), d > dct))


from typing import Callable  # noqa: E402  (kept beside its only use)

DayOf = Callable[[int], "date | None"]


class Resolver:
    """Resolves the mentions of one text in order, tracking the dates it has mentioned."""

    def __init__(self, dct: date | None) -> None:
        self.dct = dct
        self.refs = References()

    # -- helpers -----------------------------------------------------------------------

    def _anchor_day(self) -> date | None:
        return self.refs.day or self.dct

    def _remember(self, mention: Mention, res: Resolution) -> None:
        value = res.value
        day = _VALUE_DAY.match(value)
        if day:
            self.refs.day = date(int(day[1]), int(day[2]), int(day[3]))
        if res.type == "DURATION" and res.value in ("P6M", "P9M") and self.dct is not None:
            # "The first nine months" is this year so far: "a year earlier" then means last year.
            self.refs.period = self.refs.latest = f"{self.dct.year:04d}"
        if res.type != "DATE":
            return
        if mention.kind in (WEEKDAY, DAY_OFFSET, ANAPHOR, AGO, "year_before", "year_of_period") or not value[:1].isdigit():
            # Days near the creation time are the reporting time, not the topic, and a shifted
            # period ("a year earlier") is a comparison: neither becomes what later words lean on.
            return
        if re.match(r"^\d{4}(?:-(?:\d\d|Q[1-4]|H[12]))?$", value):
            # Months, quarters, halves and years: the periods a results story compares. A day
            # is left out: "the year-ago period" beside "the quarter ended Aug. 26" is a quarter.
            self.refs.period = value
        if re.match(r"^\d{4}(?:-(?:\d\d(?:-\d\d)?|Q[1-4]|H[12]))?$", value):
            self.refs.latest = value

    # -- dispatch ----------------------------------------------------------------------

    def resolve(self, mention: Mention, tense: str | None) -> Resolution | None:
        """The TIMEX3 type and value of a mention, or None when it cannot be resolved."""
        handler = {
            FIXED: self._fixed, CALENDAR: self._calendar, WEEKDAY: self._weekday, DAY_OFFSET: self._day_offset,
            RELATIVE: self._relative, AGO: self._ago, ANAPHOR: self._anaphor, QUARTER: self._quarter,
            HALF: self._half, SEASON: self._season, HOLIDAY: self._holiday, CLOCK: self._clock,
            "year_before": self._year_before, "weekend": self._weekend, "year_of_period": self._year_of_period,
        }[mention.kind]
        res = handler(mention, tense)
        if res is not None:
            self._remember(mention, res)
        return res

    def _fixed(self, m: Mention, tense: str | None) -> Resolution:
        assert m.value is not None
        if m.until is not None and m.until.value is not None:
            return Resolution(m.type, m.value, m.value, m.until.value)
        return Resolution(m.type, m.value)

    def _calendar_value(self, m: Mention, tense: str | None, default_year: int | None = None) -> str | None:
        dct = self.dct
        if m.month is None:
            return None
        if m.day is None:
            return self._month_value(m, tense, default_year)
        year = m.year or default_year
        if year is not None:
            return d.isoformat() if (d := _safe_date(year, m.month, m.day)) else None
        if dct is None:
            return f"XXXX-{m.month:02d}-{m.day:02d}" if _safe_date(2000, m.month, m.day) else None
        month, day_num = m.month, m.day

        def day_of(y: int) -> date | None:
            d = _safe_date(y, month, day_num)
            if d is not None and m.weekday is not None and d.weekday() != m.weekday:
                return None
            return d

        picked = _pick_year(dct, tense, day_of)
        if picked is None and m.weekday is not None:
            picked = _pick_year(dct, tense, lambda y: _safe_date(y, month, day_num))
        return picked.isoformat() if picked else None

    def _month_value(self, m: Mention, tense: str | None, default_year: int | None) -> str:
        assert m.month is not None
        dct = self.dct
        year = m.year or default_year
        if year is None and dct is not None:
            if m.amount is not None:  # "July last year"
                year = dct.year + m.amount
            elif m.shift == "last":
                # "Last February" said in March is a year back: last month would be "last month".
                year = dct.year if m.month < dct.month - 1 else dct.year - 1
            elif m.shift == "next":
                year = dct.year if m.month > dct.month else dct.year + 1
            elif m.shift == "this":
                year = dct.year
            elif tense == FUTURE:
                year = dct.year if m.month >= dct.month else dct.year + 1
            elif tense == PAST:
                year = dct.year if m.month <= dct.month else dct.year - 1
            else:
                year = dct.year if m.month - dct.month <= MONTH_AHEAD_DEFAULT else dct.year - 1
        return f"{year:04d}-{m.month:02d}" if year is not None else f"XXXX-{m.month:02d}"

    def _calendar(self, m: Mention, tense: str | None) -> Resolution | None:
        value = self._calendar_value(m, tense)
        if value is None:
            return None
        if m.until is None:
            return Resolution("DATE", value)
        year = int(value[:4]) if value[:4].isdigit() else None
        until = m.until
        if until.month is None:
            until = until.but(month=m.month)
        end = self._calendar_value(until, tense, default_year=year)
        if end is None or (end[:1].isdigit() and end < value):
            if end is not None and year is not None and until.year is None and m.until.month is not None:
                end = self._calendar_value(until, tense, default_year=year + 1)  # "Dec. 30 to Jan. 2"
            if end is None or end < value:
                return Resolution("DATE", value)
        return Resolution("DATE", value, value, end)

    def _weekday(self, m: Mention, tense: str | None) -> Resolution:
        assert m.weekday is not None
        dct = self.dct
        # "Friday night" is the day: TimeBank annotators give it a part-of-day suffix in
        # fewer than half of its uses, and tag it DATE rather than TIME.
        suffix = ""
        typ = "DATE"
        if dct is None:
            return Resolution(typ, f"XXXX-WXX-{m.weekday + 1}{suffix}")
        ahead = (m.weekday - dct.weekday()) % 7
        back = (dct.weekday() - m.weekday) % 7
        if m.shift == "last":
            day = dct - timedelta(days=back or 7)
        elif m.shift == "next":
            day = dct + timedelta(days=ahead or 7)
        elif m.shift == "this":
            day = dct + timedelta(days=m.weekday - dct.weekday())
        elif tense == FUTURE:
            day = dct + timedelta(days=ahead)
        elif tense == PAST or back <= ahead:
            day = dct - timedelta(days=back)
        else:
            day = dct + timedelta(days=ahead)  # no tense cue: the nearer of the two
        return Resolution(typ, day.isoformat() + suffix)

    def _day_offset(self, m: Mention, tense: str | None) -> Resolution:
        suffix = f"T{m.part}" if m.part else ""
        typ = "TIME" if m.part else "DATE"
        if self.dct is None:
            return Resolution(typ, "XXXX-XX-XX" + suffix)
        return Resolution(typ, (self.dct + timedelta(days=m.amount or 0)).isoformat() + suffix)

    def _unit_value(self, day: date, unit: str, amount: int) -> str | None:
        """The value of the unit that contains a day, shifted by an amount of units."""
        if unit in ("day", "night"):
            return (day + timedelta(days=amount)).isoformat()
        if unit == "week":
            return iso_week(day + timedelta(weeks=amount))
        if unit == "weekend":
            return iso_week(day + timedelta(weeks=amount)) + "-WE"
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

    def _relative(self, m: Mention, tense: str | None) -> Resolution | None:
        assert m.unit is not None
        if self.dct is None:
            unspecified = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX",
                           "quarter": "XXXX-QX", "day": "XXXX-XX-XX", "decade": "XXX", "century": "XX"}
            return Resolution("DATE", unspecified.get(m.unit, "XXXX"))
        value = self._unit_value(self.dct, m.unit, m.amount or 0)
        return Resolution("DATE", value) if value else None

    def _ago(self, m: Mention, tense: str | None) -> Resolution | None:
        assert m.unit is not None
        if m.amount is None:
            return Resolution("DATE", "PAST_REF" if (m.amount is None) else "FUTURE_REF")
        if self.dct is None:
            return Resolution("DATE", "XXXX")
        dct = self.dct
        unit, amount = m.unit, m.amount
        if unit in ("second", "minute", "hour"):
            return Resolution("DATE", dct.isoformat())
        if unit == "year" and self.refs.period and _VALUE_QUARTER.match(self.refs.period):
            ref_year = int(self.refs.period[:4])
            if ref_year in (dct.year, dct.year - 1):
                # "a year ago" beside "the third quarter": the same quarter a year before.
                return Resolution("DATE", f"{ref_year + amount:04d}{self.refs.period[4:]}")
        if unit == "fortnight":
            unit, amount = "week", amount * 2
        value = self._unit_value(dct, unit, amount)
        return Resolution("DATE", value) if value else None

    def _shift_value(self, value: str, unit: str, amount: int) -> str | None:
        """Shift a date value by an amount of a unit, keeping its granularity where it is coarser."""
        if day := _VALUE_DAY.match(value):
            d = date(int(day[1]), int(day[2]), int(day[3]))
            if unit == "year":
                return (_safe_date(d.year + amount, d.month, d.day) or d.replace(day=28, year=d.year + amount)).isoformat()
            if unit == "month":
                y, mo = add_months(d.year, d.month, amount)
                return f"{y:04d}-{mo:02d}"
            return self._unit_value(d, unit, amount)
        if mo := _VALUE_MONTH.match(value):
            if unit in ("year", "month", "quarter"):
                months = {"year": 12, "month": 1, "quarter": 3}[unit] * amount
                y, mm = add_months(int(mo[1]), int(mo[2]), months)
                return f"{y:04d}-{mm:02d}"
        if q := _VALUE_QUARTER.match(value):
            if unit in ("year", "quarter"):
                index = int(q[1]) * 4 + int(q[2]) - 1 + (4 * amount if unit == "year" else amount)
                return f"{index // 4:04d}-Q{index % 4 + 1}"
        if h := _VALUE_HALF.match(value):
            if unit == "year":
                return f"{int(h[1]) + amount:04d}-H{h[2]}"
        if y := _VALUE_YEAR.match(value):
            if unit == "year":
                return f"{int(y[1]) + amount:04d}"
        if w := _VALUE_WEEK.match(value):
            if unit == "week":
                monday = date.fromisocalendar(int(w[1]), int(w[2]), 1) + timedelta(weeks=amount)
                return iso_week(monday)
        return None

    def _anaphor(self, m: Mention, tense: str | None) -> Resolution | None:
        assert m.unit is not None
        amount = m.amount
        if amount is None:
            return Resolution("DATE", "PAST_REF" if True else "")
        suffix = f"T{m.part}" if m.part else ""
        typ = "TIME" if m.part else "DATE"
        if m.unit in ("day", "weekday", "week", "weekend"):
            base = self._anchor_day()
            if base is None:
                return Resolution(typ, "XXXX-XX-XX" + suffix)
            if m.unit == "weekday":
                assert m.weekday is not None
                if amount > 0:
                    day = base + timedelta(days=(m.weekday - base.weekday()) % 7 or 7)
                else:
                    day = base - timedelta(days=(base.weekday() - m.weekday) % 7 or 7)
                return Resolution("DATE", day.isoformat())
            value = self._unit_value(base, m.unit, amount)
            return Resolution(typ, (value or "") + suffix) if value else None
        latest = self.refs.latest
        if latest is not None:
            if (day := _VALUE_DAY.match(latest)) and m.unit in ("year", "month", "quarter"):
                # "May 22, 1995 ... the following year": the year of that day, shifted.
                value = self._unit_value(date(int(day[1]), int(day[2]), int(day[3])), m.unit, amount)
            else:
                value = self._shift_value(latest, m.unit, amount)
            if value is not None:
                return Resolution("DATE", value)
        if self.dct is None:
            return Resolution("DATE", "XXXX")
        value = self._unit_value(self.refs.day or self.dct, m.unit, amount)
        return Resolution("DATE", value) if value else None

    def _year_of_period(self, m: Mention, tense: str | None) -> Resolution:
        """The 1988 period: the quarter under discussion, in 1988 (or the year, without one)."""
        assert m.year is not None
        period = self.refs.period
        if period and (q := _VALUE_QUARTER.match(period)):
            return Resolution("DATE", f"{m.year:04d}-Q{q[2]}")
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

    def _latest_quarter(self) -> str:
        """The last quarter to have ended before the creation time (the one results are about)."""
        assert self.dct is not None
        value = self._unit_value(self.dct, "quarter", -1)
        assert value is not None
        return value

    def _quarter(self, m: Mention, tense: str | None) -> Resolution | None:
        dct = self.dct
        if m.part is None:
            if dct is None:
                return Resolution("DATE", "XXXX-QX")
            period = self.refs.period
            if m.shift in ("latest", "this") and period and _VALUE_QUARTER.match(period):
                reported = m.shift == "this" or period <= self._latest_quarter()
                if int(period[:4]) >= dct.year - 1 and reported:
                    # "The quarter", "this quarter" in a results story: the one it reports on.
                    return Resolution("DATE", period)
            if m.shift == "latest":
                return Resolution("DATE", self._latest_quarter())
            amount = {"last": -1, "this": 0, "current": 0, "next": 1}.get(m.shift or "this", 0)
            value = self._unit_value(dct, "quarter", amount)
            return Resolution("DATE", value) if value else None
        q = int(m.part)
        if m.year is not None:
            return Resolution("DATE", f"{m.year:04d}-Q{q}")
        if dct is None:
            return Resolution("DATE", f"XXXX-Q{q}")
        if m.amount is not None:
            return Resolution("DATE", f"{dct.year + m.amount:04d}-Q{q}")
        start = date(dct.year, 3 * q - 2, 1)
        year = dct.year if start <= dct else dct.year - 1
        if tense == FUTURE and (dct - date(year, 3 * q, 28)).days > QUARTER_REPORTING_DAYS:
            year += 1  # "will ... in the first quarter", said in October: next year's

        return Resolution("DATE", f"{year:04d}-Q{q}")

    def _half(self, m: Mention, tense: str | None) -> Resolution:
        h = int(m.part or 1)
        dct = self.dct
        if m.year is not None:
            return Resolution("DATE", f"{m.year:04d}-H{h}")
        if dct is None:
            return Resolution("DATE", f"XXXX-H{h}")
        if m.amount is not None:
            return Resolution("DATE", f"{dct.year + m.amount:04d}-H{h}")
        start = date(dct.year, 1 if h == 1 else 7, 1)
        year = dct.year if start <= dct or tense == FUTURE else dct.year - 1
        return Resolution("DATE", f"{year:04d}-H{h}")

    def _season(self, m: Mention, tense: str | None) -> Resolution:
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
        picked = _pick_year(dct, tense, lambda y: holiday_date(name, y))
        assert picked is not None
        return Resolution("DATE", picked.isoformat())

    def _clock(self, m: Mention, tense: str | None) -> Resolution:
        assert m.hour is not None
        clock = f"T{m.hour:02d}:{m.minute or 0:02d}"
        if m.anchor is not None:
            anchored = self.resolve(m.anchor, tense)
            if anchored is not None:
                return Resolution("TIME", anchored.value[:10] + clock)
        day = self._anchor_day()
        if day is None:
            return Resolution("TIME", "XXXX-XX-XX" + clock)
        return Resolution("TIME", day.isoformat() + clock)


# Results for a quarter come out within about this many days of its end: a future-tense
# mention of a quarter that ended longer ago than this is about next year's.
QUARTER_REPORTING_DAYS = 100

# A month named without a year and without a tense cue is read as this year's when it is at
# most this many months after the creation month, else as last year's: news looks back more.
MONTH_AHEAD_DEFAULT = 2
