"""Turn mentions into TIMEX3 values: calendar arithmetic against the creation time and the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from newsloom.analyze.timex_calendar import add_months, holiday_date, iso_week, pick_year, safe_date
from newsloom.analyze.timex_lexicon import SEASON_START_MONTH
from newsloom.analyze.timex_mention import (
    AGO,
    ANAPHOR,
    CALENDAR,
    CLOCK,
    DAY_OFFSET,
    DAY_SHIFT,
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


class Resolver:
    """Resolves the mentions of one text in order, tracking the dates it has mentioned."""

    def __init__(self, dct: date | None) -> None:
        self.dct = dct
        self.refs = References()

    # -- helpers -----------------------------------------------------------------------

    def _anchor_day(self) -> date | None:
        """The day a clock time or day anaphor leans on: the last day named, else the creation day."""
        return self.refs.day or self.dct

    def _remember(self, mention: Mention, res: Resolution) -> None:
        """Keep what later anaphoric expressions may refer back to."""
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
            if not self._digression(value):
                self.refs.period = value
        if re.match(r"^\d{4}(?:-(?:\d\d(?:-\d\d)?|Q[1-4]|H[12]))?$", value):
            self.refs.latest = value

    def _digression(self, value: str) -> bool:
        """Whether a quarter is an aside beside the later quarter of the same year under discussion.

        "Third-quarter net rose ... After a flat second quarter ...": a results story reports on
        its latest quarter, and an earlier quarter of the same year is a comparison, not the topic.
        """
        current = self.refs.period
        if current is None or not (_VALUE_QUARTER.match(value) and _VALUE_QUARTER.match(current)):
            return False
        if self.dct is None or value[:4] != current[:4]:
            return False
        return value < current <= self._latest_quarter()

    # -- dispatch ----------------------------------------------------------------------

    def resolve(self, mention: Mention, tense: str | None) -> Resolution | None:
        """The TIMEX3 type and value of a mention, or None when it cannot be resolved."""
        handler = {
            FIXED: self._fixed, CALENDAR: self._calendar, WEEKDAY: self._weekday, DAY_OFFSET: self._day_offset,
            RELATIVE: self._relative, AGO: self._ago, ANAPHOR: self._anaphor, QUARTER: self._quarter,
            HALF: self._half, SEASON: self._season, HOLIDAY: self._holiday, CLOCK: self._clock,
            DAY_SHIFT: self._day_shift,
            "year_before": self._year_before, "weekend": self._weekend, "year_of_period": self._year_of_period,
        }[mention.kind]
        res = handler(mention, tense)
        if res is not None:
            self._remember(mention, res)
        return res

    def _fixed(self, m: Mention, tense: str | None) -> Resolution:
        """A value the rule already knew, with its range when it named one."""
        assert m.value is not None
        if m.until is not None and m.until.value is not None:
            return Resolution(m.type, m.value, m.value, m.until.value)
        return Resolution(m.type, m.value)

    def _calendar_value(self, m: Mention, tense: str | None, default_year: int | None = None) -> str | None:
        """YYYY-MM-DD or YYYY-MM for a month and day, the year given, defaulted or inferred."""
        dct = self.dct
        if m.month is None:
            return None
        if m.day is None:
            return self._month_value(m, tense, default_year)
        year = m.year or default_year
        if year is not None:
            return d.isoformat() if (d := safe_date(year, m.month, m.day)) else None
        if dct is None:
            return f"XXXX-{m.month:02d}-{m.day:02d}" if safe_date(2000, m.month, m.day) else None
        month, day_num = m.month, m.day

        def day_of(y: int) -> date | None:
            d = safe_date(y, month, day_num)
            if d is not None and m.weekday is not None and d.weekday() != m.weekday:
                return None
            return d

        picked = pick_year(dct, tense, day_of)
        if picked is None and m.weekday is not None:
            picked = pick_year(dct, tense, lambda y: safe_date(y, month, day_num))
        return picked.isoformat() if picked else None

    def _month_value(self, m: Mention, tense: str | None, default_year: int | None) -> str:
        """YYYY-MM for a month named alone: the year by its modifier, else by the tense."""
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
        """A calendar date, and the range it opens when it has an end."""
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
        """A weekday: the coming one when the clause looks ahead, the last one (or today) when back."""
        assert m.weekday is not None
        dct = self.dct
        # "Friday night" and "Friday morning" are the day: TimeBank annotators give them a
        # part-of-day suffix in fewer than half of their uses. "Friday evening" (and afternoon)
        # keeps it, as the TIMEX3 guidelines write it, and as the annotators nearly always do.
        suffix = f"T{m.part}" if m.part in SUFFIXED_PARTS_OF_DAY else ""
        typ = "TIME" if suffix else "DATE"
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
        """Today, yesterday, tomorrow, with the part of day when named."""
        suffix = f"T{m.part}" if m.part else ""
        typ = "TIME" if m.part else "DATE"
        if self.dct is None:
            return Resolution(typ, "XXXX-XX-XX" + suffix)
        return Resolution(typ, (self.dct + timedelta(days=m.amount or 0)).isoformat() + suffix)

    def _unit_value(self, day: date, unit: str, amount: int) -> str | None:
        """The value of the unit that contains a day, shifted by an amount of units (None off the calendar)."""
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
        """This week, last month, next year: units around the creation time."""
        assert m.unit is not None
        if self.dct is None:
            unspecified = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX",
                           "quarter": "XXXX-QX", "day": "XXXX-XX-XX", "decade": "XXX", "century": "XX"}
            return Resolution("DATE", unspecified.get(m.unit, "XXXX"))
        value = self._unit_value(self.dct, m.unit, m.amount or 0)
        return Resolution("DATE", value) if value else None

    def _ago(self, m: Mention, tense: str | None) -> Resolution | None:
        """Three years ago: the creation time less an amount, at the unit's granularity."""
        assert m.unit is not None
        if m.amount is None:
            return Resolution("DATE", "PAST_REF")  # "years ago": some time back
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
                return (safe_date(d.year + amount, d.month, d.day) or d.replace(day=28, year=d.year + amount)).isoformat()
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
        """That day, a year earlier: shifted from the last date the text named."""
        assert m.unit is not None
        amount = m.amount
        if amount is None:
            return Resolution("DATE", "PAST_REF")  # "some years earlier": some time back
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
            if _VALUE_DAY.match(latest) and m.shift == "by" and m.unit == "year":
                # "(Sept. 30 ...) a year earlier" moves that day back a year; it names no calendar year.
                value = self._shift_value(latest, m.unit, m.amount)
            elif (day := _VALUE_DAY.match(latest)) and m.unit in ("year", "month", "quarter"):
                # "May 22, 1995 ... the following year": the year of that day, shifted.
                value = self._unit_value(date(int(day[1]), int(day[2]), int(day[3])), m.unit, amount)
            elif (month := _VALUE_MONTH.match(latest)) and m.unit == "year":
                value = f"{int(month[1]) + amount:04d}"  # "June 1998 ... later that year": 1998
            else:
                value = self._shift_value(latest, m.unit, amount)
            if value is not None:
                return Resolution("DATE", value)
        if self.dct is None:
            return Resolution("DATE", "XXXX")
        value = self._unit_value(self.refs.day or self.dct, m.unit, amount)
        return Resolution("DATE", value) if value else None

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
        if period and self.dct and (q := _VALUE_QUARTER.match(period)) and f"{q[1]}-Q{q[2]}" > self._quarter_of(self.dct):
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
        if m.shift == "ended" and (period := self.refs.period) and _VALUE_QUARTER.match(period):
            recent = dct is not None and int(period[:4]) >= dct.year - 1
            if int(period[:4]) == m.year or m.year is None and recent:
                return Resolution("DATE", period)  # "the fiscal first quarter ... the quarter ended Sept. 30"
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
        """A half year: H1 or H2 of the year given or implied."""
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

    def _day_shift(self, m: Mention, tense: str | None) -> Resolution | None:
        """The day before or after a day the words name, or the week that holds it."""
        assert m.anchor is not None and m.amount is not None
        anchored = self.resolve(m.anchor, tense)
        if anchored is None:
            return None
        day = _VALUE_DAY.match(anchored.value)
        if day is None:
            return Resolution("DATE", "XXXX-WXX" if m.unit == "week" else "XXXX-XX-XX")
        shifted = date(int(day[1]), int(day[2]), int(day[3])) + timedelta(days=m.amount)
        return Resolution("DATE", iso_week(shifted) if m.unit == "week" else shifted.isoformat())

    def _clock(self, m: Mention, tense: str | None) -> Resolution:
        """A clock time on the day named with it, else the last day named, else the creation day."""
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


# Parts of day a weekday keeps as a value suffix ("Friday evening" -> 1989-10-27TEV).
SUFFIXED_PARTS_OF_DAY = frozenset({"EV", "AF"})

# Results for a quarter come out within about this many days of its end: a future-tense
# mention of a quarter that ended longer ago than this is about next year's.
QUARTER_REPORTING_DAYS = 100

# Shifts larger than this many units are not calendar dates a report resolves ("a million
# years ago"); they stay unresolved rather than overflow the calendar.
MAX_SHIFT_UNITS = 5000

# A month named without a year and without a tense cue is read as this year's when it is at
# most this many months after the creation month, else as last year's: news looks back more.
MONTH_AHEAD_DEFAULT = 2
