"""Rules read against a reference time: weekdays, "last week", "two days ago", clock times."""

from __future__ import annotations

import re

from newsloom.analyze.timex.lexicon import FULL_WEEKDAYS, PARTS_OF_DAY
from newsloom.analyze.timex.mention import (
    ANAPHOR,
    CALENDAR,
    CLOCK,
    DAY_OFFSET,
    DAY_SHIFT,
    FIXED,
    RELATIVE,
    WEEKDAY,
    Mention,
)
from newsloom.analyze.timex.rules import (
    ORDINAL_DAY_RE,
    WEEKDAY_RE,
    clock_after_at,
    day_re,
    month_number,
    month_re,
    rule,
    span,
    weekday_number,
)

PART_RE = r"(?P<part>morning|afternoon|evening|night|overnight)"
_SHIFTS = {
    "last": "last",
    "past": "last",
    "previous": "last",
    "next": "next",
    "coming": "next",
    "this": "this",
    "current": "this",
    "following": "next",
}


# --- days and weekdays ------------------------------------------------------------------

_DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


@rule(
    "today yesterday tomorrow tonight",
    r"(?i:(?P<edge>(?:early|late|earlier|later|mid|mid-afternoon|midday)\s+)?"
    r"(?:(?P<dbefore>the\s+day\s+before\s+yesterday)|(?P<dafter>the\s+day\s+after\s+tomorrow)|(?P<word>today|yesterday|tomorrow|tonight))"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?)",
)
def day_word(m: re.Match[str]) -> Mention | None:
    """Today, yesterday, tomorrow morning, late yesterday, tonight."""
    s, e = span(m)
    if m["dbefore"]:
        return Mention(s, e, DAY_OFFSET, amount=-2)
    if m["dafter"]:
        return Mention(s, e, DAY_OFFSET, amount=2)
    word = m["word"].lower()
    if not (m["edge"] or m["part"]) and _generic_era(m.string, s, e, word):
        return None
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else None
    edge = (m["edge"] or "").strip().lower()
    if edge == "mid-afternoon":
        part = "AF"
    if word == "tonight":
        part = "NI"
    return Mention(
        s, e, DAY_OFFSET, type="TIME" if part else "DATE", amount=_DAY_WORDS[word], part=part
    )


# "Today's teenagers", "in today's economy", "many of today's phones", "the leaders of tomorrow"
# speak
# of the present or coming age, not of a day: TimeBank leaves them untagged.
_ERA_NOUNS = (
    r"world|youth|society|generation|generations|children|kids|young|teenagers|people|consumers|economy"
    r"|standards|dollars|prices|technology|market|markets|culture|families|women|men|students|workers"
)
_ERA_AFTER = re.compile(rf"(?i)['’]s\s+(?:[a-z]+\s+)?(?:{_ERA_NOUNS})\b")
_ERA_BEFORE = re.compile(r"(?i)\b(?:(?:many|most|some|all|much)\s+of|the\s+[a-z]+\s+of)\s+$")


def _generic_era(text: str, start: int, end: int, word: str) -> bool:
    """Whether "today's ..." or "... of tomorrow" names an age rather than a day."""
    if word not in ("today", "tomorrow"):
        return False
    before = text[max(0, start - 24) : start]
    if word == "tomorrow":
        noun = re.search(r"(?i)\bthe\s+([a-z]+)\s+of\s+$", before)
        return (
            noun is not None
            and noun[1].lower() not in _DAY_PART_NOUNS
            and not _POSSESSIVE_AHEAD.match(text, end)
        )
    if not _POSSESSIVE_AHEAD.match(text, end):
        return False
    return bool(_ERA_AFTER.match(text, end) or _ERA_BEFORE.search(before))


_POSSESSIVE_AHEAD = re.compile(r"['’]s\b")
# "The end of tomorrow", "the morning of today" are parts of the day itself.
_DAY_PART_NOUNS = frozenset(
    [
        "end",
        "start",
        "beginning",
        "close",
        "middle",
        "rest",
        "morning",
        "afternoon",
        "evening",
        "night",
        "course",
    ]
)


@rule(
    "morning afternoon evening night",
    r"(?i:(?:this|(?P<last>last))\s+(?P<part>morning|afternoon|evening|night))\b",
)
def this_part_of_day(m: re.Match[str]) -> Mention | None:
    """This morning, this evening, last night."""
    s, e = span(m)
    part = PARTS_OF_DAY[m["part"].lower()]
    amount = -1 if m["last"] and part in ("NI", "EV") else 0
    if m["last"] and part not in ("NI", "EV"):
        return None
    return Mention(s, e, DAY_OFFSET, type="TIME", amount=amount, part=part)


@rule(
    "#weekday",
    r"(?:(?P<shift>(?i:last|next|this\s+coming|this\s+past|this|coming|past|the\s+previous|the\s+following|the\s+next))\s+|"
    r"(?P<edge>(?i:early|late|earlier|later|mid-?afternoon|midday|until|through))\s+)?"
    rf"{WEEKDAY_RE}(?!\s*,?\s*(?:{month_re('m')}|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month_re('m2')}))(?P<plural>s)?"
    rf"(?:\s+{PART_RE}(?P<pplural>s)?)?(?!\w)",
)
def weekday(m: re.Match[str]) -> Mention | None:
    """Monday, last Friday, this coming Sunday, Friday morning, Tuesday nights (a set)."""
    s, e = span(m)
    wd = weekday_number(m["wd"])
    assert wd is not None
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else None
    edge = (m["edge"] or "").lower()
    if edge in ("until", "through", "early", "late", "earlier", "later"):
        # "Until Friday" holds a signal; "earlier Friday", "late Monday" a modifier that TimeBank
        # leaves outside a weekday's span in three uses out of four (unlike "late November").
        s = m.start("wd")
    if not (m["plural"] or m["pplural"] or m["part"]) and (
        shared := _SHARED_PLURAL.match(m.string, e)
    ):
        # "on Friday and Saturday nights": the first weekday shares the plural, a repeat as well.
        part = PARTS_OF_DAY[shared["part"].lower()] if shared["part"] else None
        return Mention(
            s, e, FIXED, type="SET", value=f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else "")
        )
    if m["plural"] or m["pplural"]:
        value = f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else "")
        return Mention(s, e, FIXED, type="SET", value=value)
    shift_words = (m["shift"] or "").lower().split()
    shift = _SHIFTS.get(shift_words[-1]) if shift_words else None
    if shift_words[:1] == ["this"] and len(shift_words) == 2:
        shift = "last" if shift_words[1] == "past" else "next"
    if shift_words[:2] == ["the", "following"]:
        return Mention(s, e, ANAPHOR, unit="weekday", weekday=wd, amount=1)
    if shift_words[:2] == ["the", "previous"]:
        return Mention(s, e, ANAPHOR, unit="weekday", weekday=wd, amount=-1)
    return Mention(
        s, e, WEEKDAY, type="TIME" if part else "DATE", weekday=wd, shift=shift, part=part
    )


# A weekday joined to a plural one ("Friday and Saturday nights", "Saturdays and Sundays").
_SHARED_PLURAL = re.compile(
    rf"\s+(?:and|or)\s+(?:{'|'.join(FULL_WEEKDAYS)})(?:s|(?=\s+(?:morning|afternoon|evening|night)s\b))"
    rf"(?:\s+{PART_RE}s?)?(?!\w)"
)


@rule(
    "day",
    r"(?i:the\s+day\s+(?P<dir>before|after)\s+)(?:(?P<shift>(?i:last|next|this))\s+)?"
    rf"(?:{WEEKDAY_RE}|(?P<word>(?i:yesterday|tomorrow))|{month_re('month')}\s+{day_re('day')})(?![\w-])",
)
def day_next_to(m: re.Match[str]) -> Mention | None:
    """The day before last Tuesday, the day after May 3: one day from a day the words name.

    TimeML tags the whole phrase as one date, as it does "the day before yesterday".
    """
    s, e = span(m)
    if m["wd"]:
        shift = _SHIFTS.get((m["shift"] or "").lower())
        anchor = Mention(m.start("wd"), e, WEEKDAY, weekday=weekday_number(m["wd"]), shift=shift)
    elif m["shift"]:
        return None  # "the day before last yesterday" is no phrase
    elif m["word"]:
        anchor = Mention(m.start("word"), e, DAY_OFFSET, amount=_DAY_WORDS[m["word"].lower()])
    else:
        anchor = Mention(
            m.start("month"), e, CALENDAR, month=month_number(m["month"]), day=int(m["day"])
        )
    return Mention(s, e, DAY_SHIFT, anchor=anchor, amount=-1 if m["dir"].lower() == "before" else 1)


@rule(
    "day",
    rf"(?i:(?:today\s+is|it\s+is|it's|this\s+is)\s+)(?P<the>(?i:the)\s+)?(?P<nth>(?i:{ORDINAL_DAY_RE})|\d{{1,3}}(?:st|nd|rd|th))\s+(?i:day)(?![\w-])",
)
def nth_day_today(m: re.Match[str]) -> Mention | None:
    """It's the third day of the strike, today is the ninth day of the siege: today."""
    s = m.start("the") if m["the"] else m.start("nth")
    return Mention(s, m.end(), DAY_OFFSET, amount=0)


@rule(
    "week",
    rf"(?i:the\s+week\s+of\s+){month_re('month')}\s+{day_re('day')}(?:,?\s+(?P<year>(?:1\d|20)\d\d))?(?![\w-])",
)
def week_of(m: re.Match[str]) -> Mention | None:
    """The week of March 6: the (ISO) week that holds the day."""
    s, e = span(m)
    year = int(m["year"]) if m["year"] else None
    anchor = Mention(
        m.start("month"), e, CALENDAR, year=year, month=month_number(m["month"]), day=int(m["day"])
    )
    return Mention(s, e, DAY_SHIFT, anchor=anchor, amount=0, unit="week")


@rule(
    "morning afternoon evening",
    r"(?i:(?:(?P<edge>early|late|mid)[- ]?|the\s+)(?P<part>morning|afternoon|evening))(?![\w-])",
)
def part_of_day(m: re.Match[str]) -> Mention | None:
    """By mid-afternoon, in the morning: that part of the last day named, or of the creation day."""
    s, e = span(m)
    if not re.search(r"\b(?i:by|at|in|until|since|during|from)\s+$", m.string[max(0, s - 8) : s]):
        return None  # only as a time adverbial: "a late-afternoon rally", "the evening was quiet"
    if re.match(r"\s+(?:of|hours|papers?|news|show|edition|session)\b", m.string[e : e + 12], re.I):
        return None  # "in the morning of May 3" (the day's own rule), "the morning papers"
    return Mention(
        s, e, ANAPHOR, type="TIME", unit="day", amount=0, part=PARTS_OF_DAY[m["part"].lower()]
    )


# --- clock times ------------------------------------------------------------------------

ZONE_RE = (
    r"(?:\s+(?:\(?(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST)\)?|local\s+time"
    r"|(?:Eastern|Central|Pacific|Mountain)\s+(?:time|Standard\s+Time|Daylight\s+Time)))?"
)
DAY_ANCHOR_RE = (
    r"(?:,?\s+(?:(?i:on)\s+)?(?:(?P<awd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    rf"|(?P<aword>(?i:today|yesterday|tomorrow))|{month_re('amonth')}\s+{day_re('aday')}))?"
)
_WORD_HOURS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


def _day_anchor(m: re.Match[str]) -> Mention | None:
    if m["awd"]:
        return Mention(*span(m, "awd"), WEEKDAY, weekday=weekday_number(m["awd"]))
    if m["aword"]:
        return Mention(
            *span(m, "aword"),
            DAY_OFFSET,
            amount={"today": 0, "yesterday": -1, "tomorrow": 1}[m["aword"].lower()],
        )
    if m["amonth"]:
        return Mention(
            *span(m, "amonth"), CALENDAR, month=month_number(m["amonth"]), day=int(m["aday"])
        )
    return None


@rule(
    "m am pm",
    r"(?:(?i:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
    r"(?<![\d:.$])(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am\b|pm\b))"
    + ZONE_RE
    + DAY_ANCHOR_RE,
)
def clock_ampm(m: re.Match[str]) -> Mention | None:
    """3 p.m., 10:35 a.m. EDT, 10 p.m. Wednesday, 5 p.m. EST Nov. 9."""
    hour = int(m["hour"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    s, e = span(m)
    return Mention(
        s, e, CLOCK, type="TIME", hour=hour, minute=int(m["minute"] or 0), anchor=_day_anchor(m)
    )


@rule(
    "gmt utc est edt cst cdt mst mdt pst pdt bst cet cest hours hour hrs",
    r"(?<![\d:.$])(?P<hour>[01]?\d|2[0-3])[:.]?(?P<minute>[0-5]\d)\s*(?P<zone>GMT|UTC|[ECMP][SD]T|BST|CET|CEST|hours?\b|hrs\b)"
    + DAY_ANCHOR_RE,
)
def clock_24h(m: re.Match[str]) -> Mention | None:
    """14:30 GMT, 0800 GMT, 1500 hours."""
    s, e = span(m)
    return Mention(
        s,
        e,
        CLOCK,
        type="TIME",
        hour=int(m["hour"]),
        minute=int(m["minute"]),
        anchor=_day_anchor(m),
    )


@rule(
    "at",
    r"(?i:at)\s+(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)(?![\d,.%-]\d)" + ZONE_RE + DAY_ANCHOR_RE,
)
def clock_at(m: re.Match[str]) -> Mention | None:
    """At 1900, at 0630 on Friday: a 24-hour clock time with no zone (see clock_after_at)."""
    if not clock_after_at(m.string, m.start("hour"), m.end("minute")):
        return None
    return Mention(
        m.start("hour"),
        m.end(),
        CLOCK,
        type="TIME",
        hour=int(m["hour"]),
        minute=int(m["minute"]),
        anchor=_day_anchor(m),
    )


@rule("noon midnight midday", r"(?P<word>(?i:noon|midnight|midday))" + DAY_ANCHOR_RE)
def noon(m: re.Match[str]) -> Mention | None:
    """Noon, midnight Friday, noon Saturday."""
    s, e = span(m)
    word = m["word"].lower()
    if m["word"][0].isupper() and not re.search(
        r"(?:^|[.!?]['\"”’]*\s+|\n)$", m.string[max(0, s - 4) : s]
    ):
        return None  # "High Noon": a title
    if re.search(r"(?i)\bhigh\s+$", m.string[max(0, s - 6) : s]):
        return None  # "it was high noon for the talks": the idiom for a moment of decision
    hour = 24 if word == "midnight" else 12
    return Mention(s, e, CLOCK, type="TIME", hour=hour, minute=0, anchor=_day_anchor(m))


@rule(
    "morning afternoon evening",
    r"(?i:(?P<hour>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+o'clock)?"
    r"\s+in\s+the\s+(?P<part>morning|afternoon|evening))\b",
)
def clock_in_the_morning(m: re.Match[str]) -> Mention | None:
    """4 in the morning, eight o'clock in the evening."""
    text = m["hour"].lower()
    hour = int(text) if text.isdigit() else _WORD_HOURS[text]
    if not 1 <= hour <= 12:
        return None
    if m["part"].lower() != "morning":
        hour = hour % 12 + 12
    s, e = span(m)
    return Mention(s, e, CLOCK, type="TIME", hour=hour % 24, minute=0)


# --- units shifted from the creation time -----------------------------------------------

UNIT_RE = r"(?P<unit>weekend|week|month|year|quarter|decade|century)"


@rule(
    "weekend week month year quarter decade century",
    r"(?i:(?P<edge>(?:early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of)"
    r"(?:\s+|-))?(?:(?P<in>in\s+|of\s+)?(?P<shift>this\s+past|this\s+coming|this|last|next|the\s+past|the\s+last|the\s+previous|the\s+next"
    r"|the\s+coming|the\s+current|the\s+latest|the\s+following|the\s+same|that|past|coming|current|previous)[\s-]+)"
    r"(?P<fiscal>fiscal\s+)?" + UNIT_RE + r"(?P<poss>'s)?)(?![\w-])",
)
def relative_unit(m: re.Match[str]) -> Mention | None:
    """A unit relative to the creation time: this week, last month, next year, the following year.

    Also its parts: earlier this month, the end of this week.
    """
    unit = m["unit"].lower()
    if m["unit"][0].isupper():
        return None  # "This Week", a programme's name: units are lower case in running text
    shift_words = re.sub(r"\s+", " ", m["shift"].lower()).split()
    key = shift_words[-1]
    s = m.start("edge") if m["edge"] else m.start("shift")
    e = m.end("unit")
    if key in ("following", "same") or key == "that":
        amount = {"following": 1, "same": 0, "that": 0}[key]
        return Mention(s, e, ANAPHOR, unit=unit, amount=amount)
    if shift_words[0] == "the" and key == "previous":
        return Mention(s, e, ANAPHOR, unit=unit, amount=-1)
    if (
        shift_words[0] == "the"
        and key in ("past", "last", "next", "coming")
        and unit in ("decade", "century")
    ):
        # "the past decade" is a stretch of ten years up to now, not the 1980s.
        years = 10 if unit == "decade" else 100
        return Mention(s, e, FIXED, type="DURATION", value=f"P{years}Y")
    if len(shift_words) == 2 and shift_words[0] == "this":
        amount = -1 if key == "past" else 1
        if unit in ("week", "month", "year", "quarter"):
            amount = 0  # "this past week" is the current week in news usage
    else:
        if key == "latest" and unit != "year":
            return None  # "the latest week" says too little; "the latest quarter" has its own rule
        # "The latest (fiscal) year" is the last one complete: a year back, like "last year".
        amount = {
            "this": 0,
            "current": 0,
            "last": -1,
            "past": -1,
            "previous": -1,
            "next": 1,
            "coming": 1,
            "latest": -1,
        }[key]
    return Mention(s, e, RELATIVE, unit=unit, amount=amount)


@rule(
    "year quarter month",
    r"(?i:(?P<the>the\s+)?(?:(?P<which>comparable|corresponding|same)\s+)?(?P<word>year|quarter|month)[\s-](?P<kind>end|ago|earlier)\b"
    r"(?:\s+(?P<noun>period|quarter|(?:first|second|third|fourth)[\s-]+quarter|(?:six|nine)\s+months|fiscal\s+year|year|month))?)"
    r"|(?i:the\s+year's\s+end|year's\s+end)",
)
def year_end(m: re.Match[str]) -> Mention | None:
    """Year-end, year end, the year's end, year-earlier, the year-ago period or third quarter."""
    s, e = span(m)
    if (m["kind"] or "end").lower() == "end":
        word = (m["word"] or "year").lower()
        return Mention(s, e, RELATIVE, unit=word, amount=0)
    noun = re.sub(r"[\s-]+", " ", (m["noun"] or "").lower())
    if not noun and m["the"]:
        s = m.start("word")  # "the year-ago results": only the adjective is the time
    if noun.endswith("months"):
        return Mention(
            s, e, FIXED, type="DURATION", value=f"P{9 if noun.startswith('nine') else 6}M"
        )
    if noun.endswith("quarter") and noun != "quarter":
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4}[noun.split()[0]]
        return Mention(s, e, "year_before", unit="quarter", part=str(q))
    unit = {
        "period": None,
        "quarter": "quarter",
        "fiscal year": "year",
        "year": "year",
        "month": "month",
    }.get(noun)
    return Mention(s, e, "year_before", unit=unit)


@rule(
    "year",
    r"(?i:(?P<the>the\s+)(?P<which>full|whole|entire|current|fiscal|calendar)\s+(?P<fiscal>fiscal\s+|calendar\s+)?year)(?![\w-]|\s+(?:\d|ago\b|earlier\b|end\b))",
)
def the_full_year(m: re.Match[str]) -> Mention | None:
    """The full year, the current fiscal year: the year of the creation time."""
    s, e = span(m)
    which = m["which"].lower()
    # "The fiscal year ended Feb. 28", "throughout the fiscal year": a stretch of a year;
    # "profit for the fiscal year" names the current one, as "for the year" does.
    if (
        which in ("fiscal", "calendar")
        and not m["fiscal"]
        and (
            re.match(r"\s+(?:ended|ending|that\s+ended)\b", m.string[e : e + 20])
            or re.search(
                r"\b(?:throughout|over|during|within|in)\s+$", m.string[max(0, s - 12) : s]
            )
        )
    ):
        return Mention(s, e, FIXED, type="DURATION", value="P1Y")
    return Mention(s, e, RELATIVE, unit="year", amount=0)


@rule(
    "year week weekend",
    r"(?i:the\s+(?P<unit>year|week|weekend))(?P<poss>'s)?(?![\w-])(?P<after>\s+(?:ended|ending|ends|to\s+date)\b)?",
)
def the_unit(m: re.Match[str]) -> Mention | None:
    """The year (results), the week, the weekend: the one around the creation time."""
    unit = m["unit"].lower()
    s, e = m.start(), m.end("unit")
    before = m.string[max(0, s - 25) : s].lower()
    if (
        re.search(
            r"\b(?:of|in|during|for|through|over|throughout|ahead\s+of|since|by|at|to|into)\s+$",
            before,
        )
        is None
        and not m["poss"]
    ):
        return None  # "the year" as a subject or object is seldom a date
    if unit == "year":
        if m["after"]:
            return Mention(s, e, FIXED, type="DURATION", value="P1Y")  # "the year ended Sept. 30"
        return Mention(s, e, RELATIVE, unit="year", amount=0)
    if unit == "week":
        # "For the week, the index fell", "the week's most active session": which week is left to
        # the reader, and TimeBank writes the year with the week open (1989-WXX), as in all four
        # uses in the dev set. "This/last/next week" name their week and keep it.
        return Mention(s, e, RELATIVE, unit="open_week", amount=0)
    return Mention(s, e, "weekend")


@rule(
    "end beginning start middle close rest",
    r"(?i:the\s+(?P<edge>end|beginning|start|middle|close|rest)\s+of\s+the\s+(?P<unit>year|month|week|quarter|decade|century))(?![\w-])",
)
def end_of_the(m: re.Match[str]) -> Mention | None:
    """The end of the year, the beginning of the month: the one around the creation time."""
    s, e = span(m)
    return Mention(s, e, RELATIVE, unit=m["unit"].lower(), amount=0)


@rule(
    "term date possible",
    r"(?i:the\s+(?:near|short|long|medium)\s+term|a\s+later\s+date|as\s+soon\s+as\s+possible)(?![\w-])",
)
def future_phrase(m: re.Match[str]) -> Mention | None:
    """The near term, a later date, as soon as possible: FUTURE_REF."""
    s, e = span(m)
    return Mention(s, e, FIXED, value="FUTURE_REF")
