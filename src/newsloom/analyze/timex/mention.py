"""The record a time-expression rule produces: what the words say, before calendar arithmetic."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

# How a mention is turned into a TIMEX3 value (see timex_resolve):
FIXED = "fixed"  # the value needs no anchor: "P3D", "1990", "PRESENT_REF"
CALENDAR = "calendar"  # month and/or day, year given or inferred: "April 22", "January"
WEEKDAY = "weekday"  # "Monday", "last Friday"
DAY_OFFSET = "day_offset"  # "today", "yesterday", "tomorrow night"
RELATIVE = "relative"  # a unit shifted from the creation time: "last week", "next year"
AGO = "ago"  # "three years ago": the creation time minus an amount
ANAPHOR = "anaphor"  # shifted from the last date the text mentioned: "a year earlier", "that day"
QUARTER = "quarter"  # "the third quarter", "third-quarter", "Q3 2024"
HALF = "half"  # "the first half of 1990"
SEASON = "season"  # "last fall", "the summer of 1990"
HOLIDAY = "holiday"  # "Thanksgiving", "Christmas Day"
CLOCK = "clock"  # "3 p.m.", "noon Saturday"
DAY_SHIFT = "day_shift"  # a day next to a named one: "the day before last Tuesday" (anchor, amount)
AHEAD_REF = "ahead_ref"  # FUTURE_REF only in a clause that looks ahead: "will soon", not "was soon"
# "in five years": the creation time plus the amount when the clause looks ahead, else a duration
IN_TIME = "in_time"


@dataclass(frozen=True)
class Mention:
    """A matched time expression and the parts of its meaning the words state."""

    start: int
    end: int
    kind: str
    type: str = "DATE"
    value: str | None = None  # FIXED mentions: the final TIMEX3 value
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    unit: str | None = (
        None  # day, week, month, quarter, year, weekend, decade, open_week ("the week") ...
    )
    amount: int | None = None  # signed shift in units; None when vague ("years ago")
    shift: str | None = None  # last, next, this, previous, following
    part: str | None = None  # part of day (MO, AF, EV, NI), season (SU), quarter or half number
    hour: int | None = None
    minute: int | None = None
    anchor: Mention | None = None  # the day a clock time or range end belongs to
    until: Mention | None = None  # the end of a range, resolved with this mention's year/month
    holiday: str | None = None

    def but(self, **changes: Any) -> Mention:
        """A copy with the given fields replaced."""
        return replace(self, **changes)
