"""Rules for expressions read against a reference time: weekdays, "last week", "two days ago", clock times."""

from __future__ import annotations

import re

from newsloom.analyze.timex_lexicon import (
    ORDINAL_WORDS,
    PARTS_OF_DAY,
    TIME_UNITS,
    UNIT_CODES,
    UNIT_MULTIPLIERS,
    VAGUE_QUANTITIES,
    VAGUE_UNIT_CODES,
    parse_quantity,
    unit_name,
)
from newsloom.analyze.timex_mention import (
    AGO,
    ANAPHOR,
    CALENDAR,
    CLOCK,
    DAY_OFFSET,
    FIXED,
    RELATIVE,
    WEEKDAY,
    Mention,
)
from newsloom.analyze.timex_rules import (
    WEEKDAY_RE,
    day_re,
    month_number,
    month_re,
    rule,
    span,
    weekday_number,
)

PART_RE = r"(?P<part>morning|afternoon|evening|night|overnight)"
_SHIFTS = {"last": "last", "past": "last", "previous": "last", "next": "next", "coming": "next",
           "this": "this", "current": "this", "following": "next"}


# --- days and weekdays ------------------------------------------------------------------

_DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


@rule("today yesterday tomorrow tonight", 
    r"(?i:(?P<edge>(?:early|late|earlier|later|mid|mid-afternoon|midday)\s+)?"
    r"(?:(?P<dbefore>the\s+day\s+before\s+yesterday)|(?P<dafter>the\s+day\s+after\s+tomorrow)|(?P<word>today|yesterday|tomorrow|tonight))"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?)"
)
def day_word(m: re.Match[str]) -> Mention | None:
    """Today, yesterday, tomorrow morning, late yesterday, tonight."""
    s, e = span(m)
    if m["dbefore"]:
        return Mention(s, e, DAY_OFFSET, amount=-2)
    if m["dafter"]:
        return Mention(s, e, DAY_OFFSET, amount=2)
    word = m["word"].lower()
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else None
    edge = (m["edge"] or "").strip().lower()
    if edge == "mid-afternoon":
        part = "AF"
    if word == "tonight":
        part = "NI"
    return Mention(s, e, DAY_OFFSET, type="TIME" if part else "DATE", amount=_DAY_WORDS[word], part=part)


@rule("morning afternoon evening night", r"(?i:(?:this|(?P<last>last))\s+(?P<part>morning|afternoon|evening|night))\b")
def this_part_of_day(m: re.Match[str]) -> Mention | None:
    """This morning, this evening, last night."""
    s, e = span(m)
    part = PARTS_OF_DAY[m["part"].lower()]
    amount = -1 if m["last"] and part in ("NI", "EV") else 0
    if m["last"] and part not in ("NI", "EV"):
        return None
    return Mention(s, e, DAY_OFFSET, type="TIME", amount=amount, part=part)


@rule("#weekday", 
    r"(?:(?P<shift>(?i:last|next|this\s+coming|this\s+past|this|coming|past|the\s+previous|the\s+following|the\s+next))\s+|"
    r"(?P<edge>(?i:early|late|earlier|later|mid-?afternoon|midday|until|through))\s+)?"
    rf"{WEEKDAY_RE}(?!\s*,?\s*(?:{month_re('m')}|\d))(?P<plural>s)?"
    rf"(?:\s+{PART_RE}(?P<pplural>s)?)?(?!\w)"
)
def weekday(m: re.Match[str]) -> Mention | None:
    """Monday, last Friday, this coming Sunday, Friday morning, Tuesday nights (a set)."""
    s, e = span(m)
    wd = weekday_number(m["wd"])
    assert wd is not None
    part = PARTS_OF_DAY[m["part"].lower()] if m["part"] else None
    edge = (m["edge"] or "").lower()
    if edge in ("until", "through"):
        s = m.start("wd")
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
    return Mention(s, e, WEEKDAY, type="TIME" if part else "DATE", weekday=wd, shift=shift, part=part)


# --- clock times ------------------------------------------------------------------------

ZONE_RE = r"(?:\s+(?:\(?(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST)\)?|local\s+time|(?:Eastern|Central|Pacific|Mountain)\s+(?:time|Standard\s+Time|Daylight\s+Time)))?"
DAY_ANCHOR_RE = (
    rf"(?:,?\s+(?:(?i:on)\s+)?(?:(?P<awd>{'|'.join(('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'))})"
    rf"|(?P<aword>(?i:today|yesterday|tomorrow))|{month_re('amonth')}\s+{day_re('aday')}))?"
)
_WORD_HOURS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def _day_anchor(m: re.Match[str]) -> Mention | None:
    if m["awd"]:
        return Mention(*span(m, "awd"), WEEKDAY, weekday=weekday_number(m["awd"]))
    if m["aword"]:
        return Mention(*span(m, "aword"), DAY_OFFSET, amount={"today": 0, "yesterday": -1, "tomorrow": 1}[m["aword"].lower()])
    if m["amonth"]:
        return Mention(*span(m, "amonth"), CALENDAR, month=month_number(m["amonth"]), day=int(m["aday"]))
    return None


@rule("m am pm", 
    r"(?:(?i:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
    r"(?<![\d:.$])(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am\b|pm\b))"
    + ZONE_RE + DAY_ANCHOR_RE
)
def clock_ampm(m: re.Match[str]) -> Mention | None:
    """3 p.m., 10:35 a.m. EDT, 10 p.m. Wednesday, 5 p.m. EST Nov. 9."""
    hour = int(m["hour"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    s, e = span(m)
    return Mention(s, e, CLOCK, type="TIME", hour=hour, minute=int(m["minute"] or 0), anchor=_day_anchor(m))


@rule("gmt utc est edt cst cdt mst mdt pst pdt bst cet cest hours hour hrs", r"(?<![\d:.$])(?P<hour>[01]?\d|2[0-3])[:.]?(?P<minute>[0-5]\d)\s*(?P<zone>GMT|UTC|[ECMP][SD]T|BST|CET|CEST|hours?\b|hrs\b)" + DAY_ANCHOR_RE)
def clock_24h(m: re.Match[str]) -> Mention | None:
    """14:30 GMT, 0800 GMT, 1500 hours."""
    s, e = span(m)
    return Mention(s, e, CLOCK, type="TIME", hour=int(m["hour"]), minute=int(m["minute"]), anchor=_day_anchor(m))


@rule("noon midnight midday", r"(?P<word>(?i:noon|midnight|midday))" + DAY_ANCHOR_RE)
def noon(m: re.Match[str]) -> Mention | None:
    """Noon, midnight Friday, noon Saturday."""
    s, e = span(m)
    word = m["word"].lower()
    if m["word"][0].isupper() and not re.search(r"(?:^|[.!?]['\"”’]*\s+|\n)$", m.string[max(0, s - 4) : s]):
        return None  # "High Noon": a title
    hour = 24 if word == "midnight" else 12
    return Mention(s, e, CLOCK, type="TIME", hour=hour, minute=0, anchor=_day_anchor(m))


@rule("morning afternoon evening", 
    r"(?i:(?P<hour>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+o'clock)?"
    r"\s+in\s+the\s+(?P<part>morning|afternoon|evening))\b"
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


@rule("weekend week month year quarter decade century", 
    r"(?i:(?P<edge>(?:early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|the\s+rest\s+of)"
    r"(?:\s+|-))?(?:(?P<in>in\s+|of\s+)?(?P<shift>this\s+past|this\s+coming|this|last|next|the\s+past|the\s+last|the\s+previous|the\s+next"
    r"|the\s+coming|the\s+current|the\s+following|the\s+same|that|past|coming|current|previous)[\s-]+)" + UNIT_RE
    + r"(?P<poss>'s)?)(?![\w-])"
)
def relative_unit(m: re.Match[str]) -> Mention | None:
    """This week, last month, next year, earlier this month, the end of this week, the following year."""
    unit = m["unit"].lower()
    shift_words = re.sub(r"\s+", " ", m["shift"].lower()).split()
    key = shift_words[-1]
    s = m.start("edge") if m["edge"] else m.start("shift")
    e = m.end("unit")
    if key in ("following", "same") or key == "that":
        amount = {"following": 1, "same": 0, "that": 0}[key]
        return Mention(s, e, ANAPHOR, unit=unit, amount=amount)
    if shift_words[0] == "the" and key == "previous":
        return Mention(s, e, ANAPHOR, unit=unit, amount=-1)
    if shift_words[0] == "the" and key in ("past", "last", "next", "coming") and unit in ("decade", "century"):
        # "the past decade" is a stretch of ten years up to now, not the 1980s.
        years = 10 if unit == "decade" else 100
        return Mention(s, e, FIXED, type="DURATION", value=f"P{years}Y")
    if len(shift_words) == 2 and shift_words[0] == "this":
        amount = -1 if key == "past" else 1
        if unit in ("week", "month", "year", "quarter"):
            amount = 0  # "this past week" is the current week in news usage
    else:
        amount = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[key]
    return Mention(s, e, RELATIVE, unit=unit, amount=amount)


@rule(
    "year quarter month",
    r"(?i:(?P<the>the\s+)?(?:(?P<which>comparable|corresponding|same)\s+)?(?P<word>year|quarter|month)[\s-](?P<kind>end|ago|earlier)\b"
    r"(?:\s+(?P<noun>period|quarter|(?:first|second|third|fourth)[\s-]+quarter|(?:six|nine)\s+months|fiscal\s+year|year|month))?)"
    r"|(?i:the\s+year's\s+end|year's\s+end)",
)
def year_end(m: re.Match[str]) -> Mention | None:
    """Year-end, year end, the year's end, year-earlier, the year-ago period, the year-ago third quarter."""
    text = m.group(0).lower()
    s, e = span(m)
    if (m["kind"] or "end").lower() == "end":
        word = (m["word"] or "year").lower()
        return Mention(s, e, RELATIVE, unit=word, amount=0)
    noun = re.sub(r"[\s-]+", " ", (m["noun"] or "").lower())
    if not noun and m["the"]:
        s = m.start("word")  # "the year-ago results": only the adjective is the time
    if noun.endswith("months"):
        return Mention(s, e, FIXED, type="DURATION", value=f"P{9 if noun.startswith('nine') else 6}M")
    if noun.endswith("quarter") and noun != "quarter":
        from newsloom.analyze.timex_mention import QUARTER

        q = {"first": 1, "second": 2, "third": 3, "fourth": 4}[noun.split()[0]]
        return Mention(s, e, "year_before", unit="quarter", part=str(q))
    unit = {"period": None, "quarter": "quarter", "fiscal year": "year", "year": "year", "month": "month"}.get(noun)
    return Mention(s, e, "year_before", unit=unit)


@rule("year", r"(?i:(?P<the>the\s+)(?P<which>full|whole|entire|current|fiscal|calendar)\s+(?P<fiscal>fiscal\s+|calendar\s+)?year)(?![\w-]|\s+(?:\d|ago|earlier|end))")
def the_full_year(m: re.Match[str]) -> Mention | None:
    """The full year, the current fiscal year: the year of the creation time."""
    s, e = span(m)
    which = m["which"].lower()
    if which in ("fiscal", "calendar") and not m["fiscal"]:
        return Mention(s, e, FIXED, type="DURATION", value="P1Y")
    return Mention(s, e, RELATIVE, unit="year", amount=0)


@rule("year week weekend", r"(?i:the\s+(?P<unit>year|week|weekend))(?P<poss>'s)?(?![\w-])(?P<after>\s+(?:ended|ending|ends|to\s+date)\b)?")
def the_unit(m: re.Match[str]) -> Mention | None:
    """The year (results), the week, the weekend: the one around the creation time."""
    unit = m["unit"].lower()
    s, e = m.start(), m.end("unit")
    before = m.string[max(0, s - 25) : s].lower()
    if re.search(r"\b(?:of|in|during|for|through|over|throughout|ahead\s+of|since|by|at|to|into)\s+$", before) is None:
        if not m["poss"]:
            return None  # "the year" as a subject or object is seldom a date
    if unit == "year":
        if m["after"]:
            return Mention(s, e, FIXED, type="DURATION", value="P1Y")  # "the year ended Sept. 30"
        return Mention(s, e, RELATIVE, unit="year", amount=0)
    if unit == "week":
        return Mention(s, e, RELATIVE, unit="week", amount=0)
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


# --- durations, "ago" and anaphoric shifts ----------------------------------------------

NUM_RE = (
    r"(?P<num>\d+(?:[.,]\d+)?(?:\s+\d/\d)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|(?:a|one)\s+hundred|a\s+thousand|two\s+thousand|a\s+dozen|a\s+couple\s+of|a\s+couple|couple\s+of|a\s+few|a\s+number\s+of|several|few|many|some|a|an|another"
    r"|(?:one|a)\s+and\s+a\s+half)"
)
DURATION_UNIT_RE = r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|centuries|century|millennia|millennium)"
# Words before a count that belong to the expression ("nearly three years", "the past two
# years"). "Within", "only", "just" and an "over" before "the" stay outside, as TimeBank has them.
DURATION_MOD_RE = (
    r"(?P<mod>(?:(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|fewer\s+than|over(?!\s+the\b)|under|at\s+least|at\s+most"
    r"|up\s+to|well\s+over|upwards\s+of|no\s+more\s+than|no\s+less\s+than|the\s+past|the\s+last|the\s+next|the\s+first|the\s+final"
    r"|the\s+previous|the\s+coming|the\s+following|the\s+initial|the\s+remaining|the\s+other|the|past|last|next|first|final|previous|coming|another)\s+)+)"
)
DURATION_TAIL_RE = r"(?P<tail>\s+(?:ago|earlier|later|before|after|from\s+now|hence|back|old|running|in\s+a\s+row|straight))?"


_RATE_BEFORE = re.compile(
    r"(?i)(?:\d[\d,.]*\s*(?:%|percent|[a-z]+)?|times|twice|once|thrice|cents?|dollars?|shares?|barrels?|hours?|miles?|tons?|seats?|flights?)\s*$"
)


def duration_value(amount: float | None, unit: str) -> str:
    """The TIMEX3 duration for an amount of a unit: P3D, PT2H, P2Y6M, PXY."""
    time = unit in TIME_UNITS
    prefix = "PT" if time else "P"
    if amount is None:
        return f"{prefix}X{VAGUE_UNIT_CODES.get(unit, UNIT_CODES[unit])}"
    amount *= UNIT_MULTIPLIERS.get(unit, 1)
    code = UNIT_CODES[unit]
    whole = int(amount)
    fraction = amount - whole
    if fraction:
        # Say the rest in the next smaller unit, as TimeBank does: 2 1/2 years -> P2Y6M.
        smaller = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "H"), "H": (60, "M"), "S": (1, "S")}
        if unit in ("minute",):
            smaller["M"] = (60, "S")
        factor, code2 = smaller.get(code, (1, code))
        rest = round(fraction * factor)
        if unit == "day":
            return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
        head = f"{whole}{code}" if whole else ""
        return f"{prefix}{head}{rest}{code2}"
    return f"{prefix}{whole}{code}"


@rule("#unit", 
    rf"(?i:{DURATION_MOD_RE}?{NUM_RE}(?P<hyphen>[\s-]+|-)(?P<extra>(?:more|additional|full|straight|consecutive|trading|business|working|calendar|long)\s+)?"
    rf"{DURATION_UNIT_RE}(?P<or>\s+or\s+so)?){DURATION_TAIL_RE}(?![\w-]|-old)"
)
def duration(m: re.Match[str]) -> Mention | None:
    """Three days, the past two years, 10-year, at least 30 days, 2 1/2 hours, five years ago."""
    unit = unit_name(m["unit"])
    if unit is None:
        return None
    num_text = m["num"].lower()
    s, e = span(m)
    tail = (m["tail"] or "").strip().lower()
    mod = re.sub(r"\s+", " ", (m["mod"] or "").strip().lower())
    if tail in ("old",) or re.match(r"[\s-]*(?:years?|months?)?[\s-]*old\b", m.string[e : e + 12]):
        return None  # ages are not time expressions
    if m["unit"][:1].isupper():
        return None  # "60 Minutes", "Four Weddings": a title, not a time
    if num_text in ("a", "an") and not mod and not tail and _RATE_BEFORE.search(m.string[max(0, s - 40) : s]):
        return None  # "$2 million a year", "24 hours a day": a rate, which TimeBank leaves untagged
    if unit == "quarter" and re.match(r"\s+of\b", m.string[e : e + 4]):
        return None  # "a quarter of the vote", "three-quarters of its food"
    if num_text in ("a", "another") and unit == "second" and not tail:
        return None  # "a second group": an ordinal, not a second of time
    plural = m["unit"].lower().endswith("s") or unit in ("century",) and m["unit"].lower() == "centuries"
    if num_text in ("a", "an", "one", "another") and plural:
        return None
    if num_text in ("some", "many") and not plural:
        return None
    if "," in num_text and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", num_text):
        return None  # "2,3 days" is two numbers
    amount: float | None
    if num_text in VAGUE_QUANTITIES or num_text in ("a number of",):
        amount = None
    elif num_text == "another":
        amount = 1.0
    else:
        amount = parse_quantity(num_text.replace(",", ""))
        if amount is None:
            return None
    if tail in ("before", "after", "back", "running", "in a row", "straight") or (
        unit in TIME_UNITS and tail in ("earlier", "later")
    ):
        # "two days before the vote": the timex is "two days"; "an hour later" is a duration.
        e = m.end("unit") + (len(m["or"]) if m["or"] else 0)
        tail = ""
    if tail in ("ago", "back"):
        return Mention(s, e, AGO, unit=unit, amount=None if amount is None else -int(amount) if amount == int(amount) else None)
    if tail in ("earlier", "later", "from now", "hence"):
        sign = -1 if tail == "earlier" else 1
        anchor = AGO if tail in ("from now", "hence") else ANAPHOR
        signed = None if amount is None else sign * int(amount)
        return Mention(s, e, anchor, unit=unit, amount=signed)
    if mod in ("the", "the first", "first") and unit == "year" and amount == 1:
        return None
    if mod == "the" and m["hyphen"] == "-":
        s = m.start("num")  # "the two-week trip": the determiner belongs to the noun after
    return Mention(s, e, FIXED, type="DURATION", value=duration_value(amount, unit))


@rule("years months weeks days decades centuries hours minutes", r"(?i:(?P<the>the\s+)?(?P<mod>past|last|next|coming|previous|recent|early|first|following|ensuing|intervening)\s+)?(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes)(?P<tail>\s+ago|\s+earlier|\s+later|\s+ahead)?(?![\w-])")
def vague_duration(m: re.Match[str]) -> Mention | None:
    """Years, the past few ... , recent weeks, months ago, the coming months."""
    unit = unit_name(m["unit"])
    if unit is None:
        return None
    s, e = span(m)
    mod = (m["mod"] or "").lower()
    before = m.string[max(0, s - 16) : s].lower()
    counted = re.search(r"(?:\d|\b(?:these|those|the|of|all|few|many|several|some|two|three|four|five|ten|dozen|first|last|next)|[-'])\s*$", before)
    if counted and not mod and not (m["tail"] or "").strip().lower() == "ahead":
        return None  # counted ("two years") or a noun phrase the duration rule handles
    tail = (m["tail"] or "").strip().lower()
    if tail == "ago":
        return Mention(s, e, AGO, unit=unit, amount=None)
    if tail:
        e = m.end("unit")
    if mod == "recent":
        if unit == "year":
            return Mention(s, e, FIXED, value="PAST_REF")
        return Mention(s, e, FIXED, type="DURATION", value=duration_value(None, unit))
    if mod in ("coming", "next", "following", "ensuing") and unit in ("month", "quarter", "year"):
        return Mention(s, e, FIXED, value="FUTURE_REF")
    return Mention(s, e, FIXED, type="DURATION", value=duration_value(None, unit))


@rule("day night morning evening afternoon year month week", 
    r"(?i:(?P<lead>the\s+|that\s+|this\s+|the\s+same\s+|the\s+next\s+|the\s+following\s+|the\s+previous\s+|the\s+preceding\s+|a\s+|one\s+|earlier\s+|later\s+)"
    r"(?P<unit>day|night|morning|evening|afternoon|year|month|week)(?P<rest>\s+before(?:\s+that)?|\s+after(?:\s+that)?|\s+earlier|\s+later)?)(?![\w-])"
)
def anaphoric_day(m: re.Match[str]) -> Mention | None:
    """That day, the next day, the following morning, the day before, a day later, that year."""
    lead = re.sub(r"\s+", " ", m["lead"].strip().lower())
    unit = m["unit"].lower()
    rest = (m["rest"] or "").strip().lower()
    s, e = span(m)
    part = PARTS_OF_DAY.get(unit)
    base = "day" if part else unit
    if lead in ("a", "one"):
        if rest in ("earlier", "later", "before", "after"):
            amount = -1 if rest in ("earlier", "before") else 1
            return Mention(s, e, ANAPHOR, unit=base, amount=amount)
        return None
    if rest in ("before", "after") and re.match(r"\s+[\w$]", m.string[e : e + 3]):
        # "the day before the vote": "before" is a signal and "the day" the timex.
        e = m.end("unit")
        rest = ""
        if lead == "the":
            return Mention(s, e, ANAPHOR, type="TIME" if part else "DATE", unit=base, amount=0, part=part)
    if lead in ("this",) or (lead == "the" and not rest):
        return None  # handled elsewhere, or too vague ("the day", "the year")
    if lead in ("earlier", "later"):
        return None
    amount = {"that": 0, "the same": 0, "the next": 1, "the following": 1, "the previous": -1,
              "the preceding": -1, "the": 0}[lead]
    if rest.startswith("before") or rest == "earlier":
        amount = -1
    elif rest.startswith("after") or rest == "later":
        amount = 1
    if base in ("year", "month", "week") and lead in ("the next", "the following"):
        return Mention(s, e, ANAPHOR, unit=base, amount=1)
    return Mention(s, e, ANAPHOR, type="TIME" if part else "DATE", unit=base, amount=amount, part=part)


@rule("earlier later", r"(?i:(?P<edge>earlier|later)\s+(?:that|the\s+same)\s+(?P<unit>day|year|month|week))\b")
def later_that(m: re.Match[str]) -> Mention | None:
    """Later that year, earlier that day."""
    s, e = span(m)
    return Mention(s, e, ANAPHOR, unit=m["unit"].lower(), amount=0)


@rule("earlier later", r"(?i:(?P<edge>earlier|later)\s+(?:in\s+)?the\s+(?P<unit>day|year|month|week))\b")
def later_in_the(m: re.Match[str]) -> Mention | None:
    """Later in the day, earlier in the year: the day or year of the creation time."""
    s, e = span(m)
    return Mention(s, e, RELATIVE, unit=m["unit"].lower(), amount=0)


# --- sets -------------------------------------------------------------------------------


@rule("every each per", 
    r"(?i:(?P<q>every|each|per)\s+(?P<other>other\s+)?(?P<unit>day|night|morning|evening|afternoon|week|weekend|month|quarter|year|hour|minute|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|spring|summer|fall|autumn|winter))(?!\w)"
)
def every(m: re.Match[str]) -> Mention | None:
    """Every week, each Thursday, every other day, each July, per year."""
    word = m["unit"].lower()
    s, e = span(m)
    n = 2 if m["other"] else 1
    from newsloom.analyze.timex_lexicon import MONTH_NAMES, SEASONS, WEEKDAY_NAMES

    if word in WEEKDAY_NAMES:
        return Mention(s, e, FIXED, type="SET", value=f"XXXX-WXX-{WEEKDAY_NAMES[word] + 1}")
    if word in MONTH_NAMES:
        return Mention(s, e, FIXED, type="SET", value=f"XXXX-{MONTH_NAMES[word]:02d}")
    if word in SEASONS:
        return Mention(s, e, FIXED, type="SET", value=f"XXXX-{SEASONS[word]}")
    if word in PARTS_OF_DAY:
        return Mention(s, e, FIXED, type="SET", value=f"XXXX-XX-XXT{PARTS_OF_DAY[word]}")
    unit = unit_name(word)
    assert unit is not None
    return Mention(s, e, FIXED, type="SET", value=duration_value(float(n), unit))


# "Annually" is left out: TimeBank annotators tag it in a third of its uses.
_SET_WORDS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y",
              "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "biannually": "P6M"}


@rule("daily weekly monthly yearly hourly nightly biweekly", r"\b(?P<word>daily|weekly|monthly|yearly|hourly|nightly|biweekly)\b(?!\s+(?:newspaper|paper|[A-Z]))")
def set_adverb(m: re.Match[str]) -> Mention | None:
    """Daily, weekly, annually (lower case: "Daily" capitalised is usually a newspaper's name)."""
    s, e = span(m)
    return Mention(s, e, FIXED, type="SET", value=_SET_WORDS[m["word"]])


# --- references to now, the past and the future ---------------------------------------


@rule("now currently nowadays present days time far recently lately past old future", 
    r"(?i:(?P<present>now|currently|nowadays|at\s+present|these\s+days|at\s+this\s+time)"
    r"|(?P<past>recently|lately|the\s+past|in\s+the\s+past|the\s+old\s+days)"
    r"|(?P<future>the\s+(?:near\s+|foreseeable\s+|distant\s+|not-too-distant\s+|immediate\s+)?future|future\s+(?:years|quarters|months|generations)))(?![\w-])"
)
def reference_word(m: re.Match[str]) -> Mention | None:
    """Now, currently, recently, the past, the future."""
    s, e = span(m)
    text = m.group(0).lower()
    if text.startswith("in the past"):
        s += 3
    if m["present"]:
        if text == "now" and re.match(r"\s+that\b", m.string[e : e + 6]) and False:
            return None
        return Mention(s, e, FIXED, value="PRESENT_REF")
    if m["past"]:
        return Mention(s, e, FIXED, value="PAST_REF")
    return Mention(s, e, FIXED, value="FUTURE_REF")


@rule("current recent", r"(?<![\w-])(?P<word>current|recent)(?![\w-])(?!\s+(?:account|accounts|affairs|events|flows?|liabilities|assets|ratio|yield|density|source)\b)(?!\s+(?:years|months|weeks|days|quarters)\b)")
def present_adjective(m: re.Match[str]) -> Mention | None:
    """Current (PRESENT_REF), recent (PAST_REF) as modifiers: "the current crisis", "recent talks"."""
    s, e = span(m)
    return Mention(s, e, FIXED, value="PRESENT_REF" if m["word"] == "current" else "PAST_REF")


ORDINAL_RE = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
