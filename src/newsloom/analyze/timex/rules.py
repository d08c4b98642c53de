"""Rules that find calendar expressions: dates, months, years, decades (periods: rules_periods)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newsloom.analyze.timex.lexicon import (
    FULL_MONTHS,
    FULL_WEEKDAYS,
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    ORDINAL_WORDS,
    SEASONS,
    WEEKDAY_NAMES,
    spelled_year,
)
from newsloom.analyze.timex.mention import (
    CALENDAR,
    FIXED,
    QUARTER,
    Mention,
)

Build = Callable[[re.Match[str]], "Mention | tuple[Mention, ...] | None"]


@dataclass(frozen=True)
class Rule:
    """A pattern, the words one of which every match contains, and the reader of a match."""

    name: str
    family: str  # the module that defines it: rule families run in FAMILY_ORDER
    triggers: frozenset[str]  # lower-case words, or #num, #year, #month, #weekday, #unit
    pattern: re.Pattern[str]
    build: Build


RULES: list[Rule] = []


def rule(triggers: str, pattern: str, flags: int = 0) -> Callable[[Build], Build]:
    """Register a rule; the pattern is compiled verbose and never starts inside a word."""

    def register(build: Build) -> Build:
        compiled = re.compile(r"(?<![\w])(?:" + pattern + ")", flags | re.X)
        family = build.__module__.rsplit(".", 1)[-1]
        RULES.append(Rule(build.__name__, family, frozenset(triggers.split()), compiled, build))
        return build

    return register


# Bare four-digit numbers count as years only from here on: older numbers in news are
# counts far more often, unless a preposition says otherwise ("in 1492").
MIN_BARE_YEAR = 1800
MIN_YEAR, MAX_YEAR = 1000, 2099
# Years before MIN_BARE_YEAR need one of these words right before them.
_YEAR_PREPOSITIONS = (
    "in",
    "since",
    "from",
    "by",
    "until",
    "of",
    "year",
    "before",
    "after",
    "around",
    "circa",
)


# A 24-hour clock time written as four digits ("0630", "1900"): hours 00-23, minutes 00-59.
_CLOCK_DIGITS = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
# Words that may follow a clock time after "at" ("convene at 1900 on Tuesday", "at 0630 local
# time"): a preposition, a conjunction, a zone or a day. A year after "at" is rare in news and
# is followed by the noun it qualifies ("at 1990 prices"), which no word here is.
_AFTER_CLOCK = re.compile(
    r"\s*(?:$|[,.;:)!?\n(]|(?i:on|in|at|and|or|to|for|from|until|till|before|after|when|with"
    r"|as|local|hours?|hrs|gmt|utc|today|tonight|tomorrow|yesterday|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)\b)"
)
# Words before a four-digit "hours" count that make it a clock time ("by 0600 hours").
_CLOCK_BEFORE = re.compile(r"(?i)\b(?:at|by|until|till|from|before|after|around|about)\s+$")


def is_clock_digits(digits: str) -> bool:
    """Whether a number reads as a 24-hour clock time (HHMM)."""
    return _CLOCK_DIGITS.fullmatch(digits) is not None


def clock_after_at(text: str, start: int, end: int) -> bool:
    """Whether the four digits at text[start:end] are a clock time: "at 1900", then no noun."""
    if not is_clock_digits(text[start:end]):
        return False
    if not re.search(r"(?i)\bat\s+$", text[max(0, start - 6) : start]):
        return False
    return _AFTER_CLOCK.match(text, end) is not None


def clock_before_hours(text: str, start: int, end: int) -> bool:
    """Whether a four-digit count of hours is a clock time: "by 0600 hours", "at 1900 hours"."""
    digits = text[start:end]
    if not is_clock_digits(digits):
        return False
    return (
        digits.startswith("0") or _CLOCK_BEFORE.search(text[max(0, start - 8) : start]) is not None
    )


def month_re(name: str) -> str:
    """A month name, or an abbreviation with its full stop or before a day number."""
    full = "|".join(FULL_MONTHS)
    abbr = "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))
    return rf"(?P<{name}>(?:{full})|(?:{abbr})(?:\.|(?=\s+\d)))"


def day_re(name: str) -> str:
    """A day of the month: 1-31 with an optional ordinal suffix, not part of a longer number."""
    return (
        rf"(?P<{name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
        r"(?![\d:,.]\d|\d|\s*(?:%|percent|p\.m|a\.m))"
    )


def year_re(name: str) -> str:
    """A four-digit year, not part of a longer number."""
    return rf"(?P<{name}>(?:1\d|20)\d\d)(?![\d])"


WEEKDAY_RE = rf"(?P<wd>{'|'.join(FULL_WEEKDAYS)})"
ORDINAL_DAY_RE = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
# Words before a month or year that narrow it without changing its TIMEX3 value.
EDGE_RE = (
    r"(?:(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of"
    r"|the\s+close\s+of|the\s+turn\s+of)(?:\s+|-))"
)
RANGE_DASH = r"\s*(?:-|–|—|to|through|until|till|thru)\s*"


def month_number(word: str) -> int:
    """1-12 for a month name or abbreviation."""
    return MONTH_NAMES[word.lower().rstrip(".")]


def weekday_number(word: str | None) -> int | None:
    """0-6 for a weekday name, None for None."""
    return WEEKDAY_NAMES[word.lower()] if word else None


def span(m: re.Match[str], group: str | int = 0) -> tuple[int, int]:
    """The offsets of a group of the match."""
    return m.span(group)


def _group_int(m: re.Match[str], name: str) -> int | None:
    text = m.groupdict().get(name)
    return int(text) if text else None


def _valid_year(year: int | None) -> bool:
    return year is None or MIN_YEAR <= year <= MAX_YEAR


# --- full and partial dates -------------------------------------------------------------


@rule(
    "#year",
    r"(?<![\d/.-])(?P<year>(?:1[89]|20)\d\d)-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])"
    r"(?:T(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?::[0-5]\d)?)?(?![\d])",
)
def iso_date(m: re.Match[str]) -> Mention | None:
    """2024-04-22, 2024-04-22T15:30."""
    s, e = span(m)
    if m.group("hour"):
        day = Mention(s, e, CALENDAR, year=int(m["year"]), month=int(m["mon"]), day=int(m["day"]))
        return Mention(
            s, e, "clock", type="TIME", hour=int(m["hour"]), minute=int(m["minute"]), anchor=day
        )
    return Mention(s, e, CALENDAR, year=int(m["year"]), month=int(m["mon"]), day=int(m["day"]))


@rule(
    "#num",
    r"(?<![\d/.])(?P<a>0?[1-9]|1[0-2]|[12]\d|3[01])/(?P<b>0?[1-9]|1[0-2]|[12]\d|3[01])/"
    r"(?P<year>(?:19|20)\d\d|\d\d)(?![\d/])",
)
def slash_date(m: re.Match[str]) -> Mention | None:
    """4/22/2024 (month first, as in US news) or 22/4/2024 if the first number can't be a month."""
    a, b = int(m["a"]), int(m["b"])
    month, day = (a, b) if a <= 12 else (b, a)
    if month > 12:
        return None
    year = int(m["year"])
    if year < 100:
        # Two-digit years: the twentieth century for 50-99, the twenty-first below that.
        year += 1900 if year >= TWO_DIGIT_YEAR_PIVOT else 2000
    s, e = span(m)
    return Mention(s, e, CALENDAR, year=year, month=month, day=day)


# Two-digit years at or above this are 19xx ("'98"), below it 20xx ("'24").
TWO_DIGIT_YEAR_PIVOT = 50


def _split_range(m: re.Match[str], first: Mention, until: Mention) -> tuple[Mention, ...]:
    """A range whose end names its month, as two mentions: "Aug. 26" (with the range), "Oct. 20"."""
    second = until.but(start=m.start("month2"), end=first.end)
    return (first.but(end=m.start("rng")), second)


def _range_end(m: re.Match[str], start: int, end: int) -> Mention | None:
    day2 = _group_int(m, "day2")
    if day2 is None:
        return None
    month2 = m.groupdict().get("month2")
    return Mention(
        start,
        end,
        CALENDAR,
        year=_group_int(m, "year2") or _group_int(m, "year"),
        month=month_number(month2) if month2 else None,
        day=day2,
    )


# A second day joined by "and" ("April 24 and 25") must end the phrase, so that a count after
# a date ("on May 4 and 25 people ...") is not read as a day.
AND_DAY_END = (
    r"(?=\s*(?:[,.;:)\"'”’]|$)|\s+(?:in|at|on|and|or|to|for|when|with|of|the|(?:1\d|20)\d\d)\b)"
)


_ENDED_BEFORE = re.compile(r"\bended\s+$")


@rule(
    "#month",
    rf"(?:{WEEKDAY_RE},?\s+(?:(?i:the)\s+)?)?{month_re('month')}\s+(?:(?i:the)\s+)?"
    rf"(?:{day_re('day')}|(?P<dayw>{ORDINAL_DAY_RE}))"
    rf"(?:(?P<rng>{RANGE_DASH}(?:{month_re('month2')}\s+)?{day_re('day2')})|(?P<and>\s+and\s+{day_re('day3')}{AND_DAY_END}))?"
    rf"(?:,?\s+{year_re('year')}|,?\s+'(?P<yy>\d\d)(?!\d))?",
)
def month_day(m: re.Match[str]) -> Mention | tuple[Mention, ...] | None:
    """April 22, Aug. 7, 1998, Friday, Oct. 23, April 22nd to 24th, May 3-5, 2024."""
    day = _group_int(m, "day") or (ORDINAL_WORDS[m["dayw"].lower()] if m["dayw"] else None)
    year = _group_int(m, "year")
    if m["yy"]:
        year = int(m["yy"]) + (1900 if int(m["yy"]) >= TWO_DIGIT_YEAR_PIVOT else 2000)
    if not _valid_year(year) or day is None:
        return None
    s, e = span(m)
    until = _range_end(m, *span(m, "rng")) if m["rng"] else None
    # "The quarter ended Sept. 30": the end of a period over by the time of writing.
    ended = "ended" if _ENDED_BEFORE.search(m.string, max(0, s - 12), s) else None
    first = Mention(
        s,
        e,
        CALENDAR,
        year=year,
        month=month_number(m["month"]),
        day=day,
        weekday=weekday_number(m["wd"]),
        until=until,
        shift=ended,
    )
    if until is not None and m["month2"]:
        # "Aug. 26 to Oct. 20" is two dates in TimeML; the first also carries the range.
        return _split_range(m, first, until)
    if m["and"]:
        # "April 24 and 25": two dates in TimeML, the second borrowing the month (and year).
        second = Mention(
            m.start("day3"), e, CALENDAR, year=year, month=first.month, day=int(m["day3"])
        )
        return (first.but(end=m.start("and")), second)
    return first


@rule(
    "#month",
    rf"(?:{WEEKDAY_RE},?\s+)?(?:(?i:the)\s+)?(?:{day_re('day')}(?P<rng>{RANGE_DASH}{day_re('day2')})?)"
    rf"(?:\s+(?i:of))?\s+{month_re('month')}(?:,?\s+{year_re('year')})?",
)
def day_month(m: re.Match[str]) -> Mention | None:
    """22 April 2024, the 3rd of March, Monday 22 April, 22-24 April."""
    year = _group_int(m, "year")
    if not _valid_year(year):
        return None
    s, e = span(m)
    until = None
    if m["rng"]:
        until = Mention(
            *span(m, "rng"), CALENDAR, year=year, month=month_number(m["month"]), day=int(m["day2"])
        )
    return Mention(
        s,
        e,
        CALENDAR,
        year=year,
        month=month_number(m["month"]),
        day=int(m["day"]),
        weekday=weekday_number(m["wd"]),
        until=until,
    )


@rule(
    "#month",
    rf"{EDGE_RE}?{month_re('month')}(?:\s*(?:-|–|to|through)\s*{month_re('month2')})?,?\s+(?:(?i:of)\s+)?{year_re('year')}",
)
def month_year(m: re.Match[str]) -> Mention | None:
    """January 2024, early March 1998, the end of June 1990, May-June 2024."""
    year = int(m["year"])
    if not _valid_year(year):
        return None
    s, e = span(m)
    until = None
    if m["month2"]:
        until = Mention(*span(m, "month2"), CALENDAR, year=year, month=month_number(m["month2"]))
    return Mention(s, e, CALENDAR, year=year, month=month_number(m["month"]), until=until)


# Month names that are also common words or names, read as months only with support.
_AMBIGUOUS_MONTHS = ("May", "March")
_MONTH_SUPPORT = re.compile(
    r"(?:\b(?i:in|since|by|until|till|during|before|after|from|to|through|of|last|next|this|early|late|mid|"
    r"end|beginning|start|each|every|between|and|or|past|coming)[\s-]+)$"
)


# "The May elections", "the March deadline": a month name between "the" and a common noun.
_MONTH_AS_MODIFIER = re.compile(r"(?:^|[^\w])(?i:the)\s+$")
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:of|and|or|to|on|in|was|were|is|are|has|had|have|will|would|said|says|began|ended)\b)[a-z]{3,}\b"
)


@rule(
    "#month",
    rf"(?P<edge>{EDGE_RE})?(?:(?P<shift>(?i:last|next|this\s+past|this\s+coming|this|past|coming))\s+)?"
    rf"{month_re('month')}(?:\s+(?P<rel>(?i:last|this|next))\s+(?i:year))?(?!\s*\d)(?!\w)",
)
def month_alone(m: re.Match[str]) -> Mention | None:
    """January, last April, early next month's ... , July last year."""
    name = m["month"]
    s, e = span(m)
    if name.rstrip(".") in MONTH_ABBREVIATIONS and not name.endswith("."):
        return None
    before = m.string[max(0, s - 20) : s]
    # "May" is a modal verb and a surname, "March" a verb and a noun: read them as
    # months only after a preposition or a word such as "early" or "last".
    if (
        name in _AMBIGUOUS_MONTHS
        and not (m["edge"] or m["shift"] or m["rel"])
        and not (
            _MONTH_SUPPORT.search(before)
            or (_MONTH_AS_MODIFIER.search(before) and _NOUN_AFTER.match(m.string, e))
        )
    ):
        return None
    if (
        not (m["edge"] or m["shift"])
        and re.search(r"\b(?!The\s)[A-Z][a-z]+\s+$", before)
        and not _MONTH_SUPPORT.search(before)
    ):
        # After a capitalised word the month is usually a name: "Theresa May", "Arthur Jun".
        return None
    shift = (m["shift"] or "").lower().split()[-1:] or [None]
    year_shift = {"last": -1, "this": 0, "next": 1}.get((m["rel"] or "").lower())
    return Mention(s, e, CALENDAR, month=month_number(name), shift=shift[0], amount=year_shift)


def _bare_year_ok(m: re.Match[str], year: int, check_after: bool = True) -> bool:
    s = m.start("year")
    before = m.string[max(0, s - 12) : s]
    after = m.string[m.end("year") : m.end("year") + 12]
    if re.search(
        r"[$£€#№]\s*$|[\d.,:/]$|(?i:no\.?|number|model|flight|route|room|page|pp?\.)\s*$", before
    ):
        return False
    if check_after and re.match(
        r"\s*(?:%|percent|[.,:/]\d|-\d|\d|(?i:people|tons|feet|meters|miles|km|kilograms))", after
    ):
        return False
    if clock_after_at(m.string, s, m.end("year")):
        return False  # "convene at 1900": a clock time (its own rule), not the year 1900
    if year < MIN_BARE_YEAR:
        words = before.lower().split()
        return bool(words) and words[-1] in _YEAR_PREPOSITIONS
    return True


# "1990-2010" is a span of years; a longer stretch is more likely two unrelated numbers.
YEAR_RANGE_MAX = 50


@rule(
    "#year",
    rf"(?<![\d$-]){year_re('year')}\s*(?:-|–|to|through)\s*(?P<year2>(?:1\d|20)?\d\d)(?![\d%])(?!'?s\b)",
)
def year_range(m: re.Match[str]) -> Mention | tuple[Mention, ...] | None:
    """1994-97, 1994-1997, 2020 to 2024: the first year, with the range."""
    year = int(m["year"])
    end_text = m["year2"]
    year2 = int(end_text) if len(end_text) == 4 else year // 100 * 100 + int(end_text)
    if (
        not _valid_year(year)
        or not year < year2 <= year + YEAR_RANGE_MAX
        or not _bare_year_ok(m, year, False)
    ):
        return None
    s, e = span(m)
    until = Mention(*span(m, "year2"), FIXED, value=f"{year2:04d}", year=year2)
    if len(end_text) == 4 and not re.match(r"\s*[-–]", m.string[m.end("year") : m.start("year2")]):
        # "from 1991 to 1997" is two dates in TimeML; "1994-97" is one expression.
        return (
            Mention(s, m.end("year"), FIXED, value=f"{year:04d}", year=year, until=until),
            until,
        )
    return Mention(s, e, FIXED, value=f"{year:04d}", year=year, until=until)


@rule(
    "#year",
    rf"(?:(?P<fiscal>(?i:fiscal)(?:\s+(?i:year))?\s+|FY\s?)|(?P<the>(?i:the\s+(?:calendar\s+|fiscal\s+)?year)\s+))?"
    rf"(?:(?P<edge>{EDGE_RE})|(?<![\w-])(?i:pre|post)-|(?<![\d$'’-])){year_re('year')}(?!\s*-\s*\d)(?!'?s\b)",
)
def bare_year(m: re.Match[str]) -> Mention | None:
    """In 2013, fiscal 1989, the year 2000, mid-1996, post-1959 (the year that bounds the time)."""
    year = int(m["year"])
    if not _valid_year(year) or not _bare_year_ok(m, year):
        return None
    s, e = span(m)
    if (
        s == m.start("year")
        and (name := _NAME_BEFORE.search(m.string, max(0, s - 30), s))
        and name["word"].lower() not in _TIME_NAMES
    ):
        return None  # "a studio called Vega 1990", "Windows 2000": a year closing a name
    return Mention(s, e, FIXED, value=f"{year:04d}", year=year)


# A capitalised word inside a sentence right before a year makes the year part of a name, unless
# the word is itself about time ("in March 1998" and "Christmas 1994" have their own rules).
_NAME_BEFORE = re.compile(r"[a-z,]\s+(?P<word>[A-Z][a-z]+)\s+$")
_TIME_NAMES = (
    frozenset(MONTH_NAMES)
    | frozenset(w.lower() for w in FULL_WEEKDAYS)
    | frozenset(SEASONS)
    | frozenset(
        ["fiscal", "christmas", "easter", "thanksgiving", "year", "years", "since", "in", "of"]
    )
)


# Ordinals that name a quarter ("the third quarter", "the 1988 fourth quarter").
_QUARTER_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "final": 4,
    "last": 4,
}


@rule(
    "#year",
    rf"(?i:the\s+){year_re('year')}\s+(?:(?P<q>first|second|third|fourth)[\s-]+)?(?P<noun>period|quarter|fiscal\s+year|nine\s+months|six\s+months)\b",
)
def year_period(m: re.Match[str]) -> Mention | None:
    """The 1988 period, the 1988 third quarter: a period of a named year, as results stories say."""
    year = int(m["year"])
    s, e = span(m)
    noun = m["noun"].lower()
    if m["q"]:
        return Mention(s, e, QUARTER, year=year, part=str(_QUARTER_ORDINALS[m["q"].lower()]))
    if noun.endswith("months"):
        return Mention(
            s, e, FIXED, type="DURATION", value="P9M" if noun.startswith("nine") else "P6M"
        )
    if noun == "quarter" or noun == "period":
        return Mention(s, e, "year_of_period", year=year, unit=noun)
    return Mention(s, e, FIXED, value=f"{year:04d}", year=year)


_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}


@rule(
    "#num", rf"(?:(?i:the)\s+)?(?P<edge>{EDGE_RE})?(?:(?P<full>(?:1\d|20)\d)0|'(?P<short>\d)0)'?s\b"
)
def decade(m: re.Match[str]) -> Mention | None:
    """The 1990s, the early 1980s, the '60s: TIMEX3 writes a decade as its first three digits."""
    if m["full"]:
        value = m["full"]
    else:
        value = ("19" if int(m["short"]) >= TWO_DIGIT_YEAR_PIVOT // 10 else "20") + m["short"]
    s, e = span(m)
    return Mention(s, e, FIXED, value=value)


@rule(
    "twenties thirties forties fifties sixties seventies eighties nineties",
    rf"(?i:the\s+)(?P<edge>{EDGE_RE})?(?P<word>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b",
)
def decade_word(m: re.Match[str]) -> Mention | None:
    """The nineties, the early seventies (in the twentieth century, as news uses them)."""
    s, e = span(m)
    return Mention(s, e, FIXED, value=f"19{_DECADE_WORDS[m['word'].lower()]}")


@rule(
    "century",
    r"(?i:the\s+)?(?P<edge>(?i:early|mid|late)[\s-]+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>[a-z]+(?:-[a-z]+)?))[\s-]+(?i:century)\b",
)
def century(m: re.Match[str]) -> Mention | None:
    """The 20th century -> 19, the eleventh century -> 10."""
    if m["n"]:
        n = int(m["n"])
    elif m["w"] and m["w"].lower() in ORDINAL_WORDS:
        n = ORDINAL_WORDS[m["w"].lower()]
    else:
        return None
    s, e = span(m)
    return Mention(s, e, FIXED, value=f"{n - 1:02d}")


@rule(
    "nineteen eighteen thousand",
    rf"(?:{month_re('month')},?\s+)?(?i:(?:the\s+year\s+)?(?P<words>(?:nineteen|eighteen)[\s-]+(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen)|two\s+thousand(?:\s+and)?(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten))?))\b",
)
def spoken_year(m: re.Match[str]) -> Mention | None:
    """Nineteen ninety-seven, the year two thousand: years as broadcast transcripts spell them."""
    year = spelled_year(m["words"])
    if year is None:
        return None
    if m["words"].lower().startswith("two thousand") and not m.group(0).lower().startswith(
        "the year"
    ):
        return None  # "two thousand" alone is far more often a count
    s, e = span(m)
    if m["month"]:
        # "January nineteen ninety-seven": the month of that year.
        return Mention(s, e, CALENDAR, year=year, month=month_number(m["month"]))
    return Mention(s, e, FIXED, value=str(year), year=year)
