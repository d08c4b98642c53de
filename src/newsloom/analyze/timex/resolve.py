"""Turn mentions into TIMEX3 values: calendar arithmetic against the creation time and the text."""

from __future__ import annotations

import re
from datetime import date

from newsloom.analyze.timex.calendar import (
    ENDED_REACH_DAYS,
    add_days,
    iso_week,
    pick_year,
    safe_date,
)
from newsloom.analyze.timex.mention import (
    AGO,
    AHEAD_REF,
    ANAPHOR,
    CALENDAR,
    CLOCK,
    DAY_OFFSET,
    DAY_SHIFT,
    FIXED,
    HALF,
    HOLIDAY,
    IN_TIME,
    QUARTER,
    RELATIVE,
    SEASON,
    WEEKDAY,
    Mention,
)
from newsloom.analyze.timex.resolve_periods import (
    _VALUE_DAY,
    _VALUE_MONTH,
    _VALUE_QUARTER,
    PeriodResolver,
    Resolution,
)
from newsloom.analyze.timex.tense import FUTURE, PAST


class Resolver(PeriodResolver):
    """Resolves the mentions of one text in order, tracking the dates it has mentioned."""

    # -- helpers -----------------------------------------------------------------------

    def _anchor_day(self) -> date | None:
        """The day a clock time or a day anaphor uses: the last day named, else the creation day."""
        return self.refs.day or self.dct

    def _remember(self, mention: Mention, res: Resolution, tense: str | None = None) -> None:
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
        if (
            mention.kind in (WEEKDAY, DAY_OFFSET, ANAPHOR, AGO, "year_before", "year_of_period")
            or not value[:1].isdigit()
        ):
            # Days near the creation time are the reporting time, not the topic, and a shifted
            # period ("a year earlier") is a comparison: neither becomes what later words lean on.
            return
        # Months, quarters, halves and years: the periods a results story compares. A day
        # is left out: "the year-ago period" beside "the quarter ended Aug. 26" is a quarter.
        if re.match(r"^\d{4}(?:-(?:\d\d|Q[1-4]|H[12]))?$", value) and (
            mention.shift == "fiscal" or not self._digression(value)
        ):
            self.refs.period = value
            if _VALUE_QUARTER.match(value):
                self.refs.quarter = value
                # "The grocer said its fourth-quarter profit slipped": results already out, so a
                # fiscal quarter later than the last calendar one is still the one reported.
                self.refs.quarter_reported = tense == PAST
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
            FIXED: self._fixed,
            CALENDAR: self._calendar,
            WEEKDAY: self._weekday,
            DAY_OFFSET: self._day_offset,
            RELATIVE: self._relative,
            AGO: self._ago,
            ANAPHOR: self._anaphor,
            QUARTER: self._quarter,
            HALF: self._half,
            SEASON: self._season,
            HOLIDAY: self._holiday,
            CLOCK: self._clock,
            DAY_SHIFT: self._day_shift,
            "year_before": self._year_before,
            "weekend": self._weekend,
            "year_of_period": self._year_of_period,
            AHEAD_REF: self._ahead_ref,
            IN_TIME: self._in_time,
        }[mention.kind]
        try:
            res = handler(mention, tense)
            if res is not None:
                self._remember(mention, res, tense)
        except (OverflowError, ValueError):
            # Arithmetic that leaves the calendar (a creation time of 9999-12-31 and "tomorrow",
            # or 0001-01-01 and "last year") names no day ISO 8601 can write: no value.
            return None
        return res

    def _ahead_ref(self, m: Mention, tense: str | None) -> Resolution | None:
        """FUTURE_REF when the clause looks ahead, else none ("was soon released" is a sequence)."""
        return Resolution("DATE", "FUTURE_REF") if tense == FUTURE else None

    def _in_time(self, m: Mention, tense: str | None) -> Resolution | None:
        """In five years: that far after the creation time if looking ahead, else a duration."""
        assert m.value is not None and m.unit is not None and m.amount is not None
        if tense != FUTURE or self.dct is None:
            return Resolution("DURATION", m.value)
        value = self._unit_value(self.dct, m.unit, m.amount)
        return Resolution("DATE", value) if value else Resolution("DURATION", m.value)

    def _fixed(self, m: Mention, tense: str | None) -> Resolution:
        """A value the rule already knew, with its range when it named one."""
        assert m.value is not None
        if m.until is not None and m.until.value is not None:
            return Resolution(m.type, m.value, m.value, m.until.value)
        return Resolution(m.type, m.value)

    def _calendar_value(
        self, m: Mention, tense: str | None, default_year: int | None = None
    ) -> str | None:
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

        if m.shift == "ended":
            # "The fiscal year ended Feb. 28": a period already over, so the last such day however
            # far back within the year; the tense alone reaches only TENSE_REACH_DAYS.
            picked = pick_year(dct, PAST, day_of, reach=ENDED_REACH_DAYS)
        else:
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
            if (
                end is not None
                and year is not None
                and until.year is None
                and m.until.month is not None
            ):
                end = self._calendar_value(
                    until, tense, default_year=year + 1
                )  # "Dec. 30 to Jan. 2"
            if end is None or end < value:
                return Resolution("DATE", value)
        return Resolution("DATE", value, value, end)

    def _weekday(self, m: Mention, tense: str | None) -> Resolution | None:
        """A weekday: the coming one if the clause looks ahead, the last one (or today) if back."""
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
            day = add_days(dct, -(back or 7))
        elif m.shift == "next":
            day = add_days(dct, ahead or 7)
        elif m.shift == "this":
            day = add_days(dct, m.weekday - dct.weekday())
        elif tense == FUTURE:
            day = add_days(dct, ahead)
        elif tense == PAST or back <= ahead:
            day = add_days(dct, -back)
        else:
            day = add_days(dct, ahead)  # no tense cue: the nearer of the two
        return Resolution(typ, day.isoformat() + suffix) if day is not None else None

    def _day_offset(self, m: Mention, tense: str | None) -> Resolution | None:
        """Today, yesterday, tomorrow, with the part of day when named (None off the calendar)."""
        suffix = f"T{m.part}" if m.part else ""
        typ = "TIME" if m.part else "DATE"
        if self.dct is None:
            return Resolution(typ, "XXXX-XX-XX" + suffix)
        day = add_days(self.dct, m.amount or 0)
        return Resolution(typ, day.isoformat() + suffix) if day is not None else None

    def _relative(self, m: Mention, tense: str | None) -> Resolution | None:
        """This week, last month, next year: units around the creation time."""
        assert m.unit is not None
        if self.dct is None:
            unspecified = {
                "week": "XXXX-WXX",
                "open_week": "XXXX-WXX",
                "weekend": "XXXX-WXX-WE",
                "month": "XXXX-XX",
                "year": "XXXX",
                "quarter": "XXXX-QX",
                "day": "XXXX-XX-XX",
                "decade": "XXX",
                "century": "XX",
            }
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
        elif unit == "decade":
            # "A decade ago" said in 1999 is 1989, ten years back, not the 1980s as a whole.
            unit, amount = "year", amount * 10
        value = self._unit_value(dct, unit, amount)
        return Resolution("DATE", value) if value else None

    def _anaphor(self, m: Mention, tense: str | None) -> Resolution | None:
        """That day, a year earlier: shifted from the last date the text named."""
        assert m.unit is not None
        amount = m.amount
        if m.unit == "then":
            # "Until then": the date last named in its own right; with none, no date to give.
            latest = self.refs.latest or (self.refs.day.isoformat() if self.refs.day else None)
            return Resolution("DATE", latest) if latest else None
        if amount is None:
            return Resolution("DATE", "PAST_REF")  # "some years earlier": some time back
        if m.unit in ("day", "weekday", "week", "weekend"):
            return self._anaphoric_day(m, amount)
        value = self._shifted_latest(m, m.unit, amount)
        if value is not None:
            return Resolution("DATE", value)
        if self.dct is None:
            return Resolution("DATE", "XXXX")
        value = self._unit_value(self.refs.day or self.dct, m.unit, amount)
        return Resolution("DATE", value) if value else None

    def _anaphoric_day(self, m: Mention, amount: int) -> Resolution | None:
        """That day, the next morning, the week before: shifted from the last day named."""
        assert m.unit is not None
        suffix = f"T{m.part}" if m.part else ""
        typ = "TIME" if m.part else "DATE"
        if m.shift == "that" and self.refs.day is None:
            return None  # "that day" with no day named before it: a generic day, no date
        if m.shift == "event" and self.refs.day is None:
            amount = 0  # "the day before the vote" with no day named: the event's day is unknown
        base = self._anchor_day()
        if base is None:
            return Resolution(typ, "XXXX-XX-XX" + suffix)
        if m.unit == "weekday":
            assert m.weekday is not None
            if amount > 0:
                day = add_days(base, (m.weekday - base.weekday()) % 7 or 7)
            else:
                day = add_days(base, -((base.weekday() - m.weekday) % 7 or 7))
            return Resolution("DATE", day.isoformat()) if day is not None else None
        value = self._unit_value(base, m.unit, amount)
        return Resolution(typ, (value or "") + suffix) if value else None

    def _shifted_latest(self, m: Mention, unit: str, amount: int) -> str | None:
        """The last date (or quarter) named, shifted by the mention; None if none was named."""
        latest = self.refs.latest
        if unit == "quarter" and self.refs.quarter is not None:
            # "that quarter", "the following quarter": from the last quarter named
            latest = self.refs.quarter
        if latest is None:
            return None
        if _VALUE_DAY.match(latest) and m.shift == "by" and unit == "year":
            # "(Sept. 30 ...) a year earlier" moves that day back a year; it names no calendar
            # year.
            return self._shift_value(latest, unit, amount)
        if (day := _VALUE_DAY.match(latest)) and unit in ("year", "month", "quarter"):
            # "May 22, 1995 ... the following year": the year of that day, shifted.
            return self._unit_value(date(int(day[1]), int(day[2]), int(day[3])), unit, amount)
        if (month := _VALUE_MONTH.match(latest)) and unit == "year":
            return f"{int(month[1]) + amount:04d}"  # "June 1998 ... later that year": 1998
        return self._shift_value(latest, unit, amount)

    def _day_shift(self, m: Mention, tense: str | None) -> Resolution | None:
        """The day before or after a day the words name, or the week that holds it."""
        assert m.anchor is not None and m.amount is not None
        anchored = self.resolve(m.anchor, tense)
        if anchored is None:
            return None
        day = _VALUE_DAY.match(anchored.value)
        if day is None:
            return Resolution("DATE", "XXXX-WXX" if m.unit == "week" else "XXXX-XX-XX")
        shifted = add_days(date(int(day[1]), int(day[2]), int(day[3])), m.amount)
        if shifted is None:
            return None
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

# A month named without a year and without a tense cue is read as this year's when it is at
# most this many months after the creation month, else as last year's: news looks back more.
MONTH_AHEAD_DEFAULT = 2
