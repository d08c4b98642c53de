"""Rules that find periods of the calendar year: quarters, halves, seasons and holidays."""

from __future__ import annotations

import re

from newsloom.analyze.timex.lexicon import SEASONS, spelled_year
from newsloom.analyze.timex.mention import (
    CALENDAR,
    DAY_SHIFT,
    FIXED,
    HALF,
    HOLIDAY,
    QUARTER,
    SEASON,
    Mention,
)
from newsloom.analyze.timex.rules import (
    _QUARTER_ORDINALS,
    TWO_DIGIT_YEAR_PIVOT,
    _group_int,
    month_number,
    month_re,
    rule,
    span,
    year_re,
)

# --- quarters, halves and seasons -------------------------------------------------------

QUARTER_ORDINAL_RE = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"


@rule(
    "quarter quarters",
    rf"(?i:(?P<det>the\s+|its\s+|this\s+|last\s+|next\s+|a\s+)?(?:(?P<rel>this|last|next)\s+year's\s+|(?P<y0>(?:19|20)\d\d)(?:'s)?\s+)?"
    rf"(?P<fiscal>fiscal[\s-]+)?{QUARTER_ORDINAL_RE}[\s-]+(?P<fiscal2>fiscal[\s-]+)?quarters?"
    rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y1>(?:19|20)\d\d)(?!\d)|\s+(?P<rel2>of\s+this|of\s+last|of\s+next|last|this|next)\s+year)?)",
)
def quarter(m: re.Match[str]) -> Mention | None:
    """A quarter by its number: the third quarter, third-quarter, last year's Q4.

    With its year: the 1988 second quarter, first quarter of 1990.
    """
    year = _group_int(m, "y0") or _group_int(m, "y1")
    rel = (m["rel"] or m["rel2"] or "").lower().split()[-1:]
    amount = {"last": -1, "this": 0, "next": 1}.get(rel[0]) if rel else None
    s, e = span(m)
    det = (m["det"] or "").strip().lower()
    hyphenated = m.string[m.end("q") : m.end("q") + 1] == "-"
    if det in ("its", "a") or (det and hyphenated and not (m["rel"] or m["y0"])):
        # "a third-quarter loss", "its fourth quarter": the determiner belongs to the noun after.
        s = m.end("det")
    typ = "SET" if m.group(0).lower().rstrip().endswith("quarters") and not m["det"] else "DATE"
    part = _QUARTER_ORDINALS[m["q"].lower()]
    if typ == "SET":
        return Mention(s, e, FIXED, type="SET", value=f"XXXX-Q{part}")
    anchor = None
    if (ended := _PERIOD_END.match(m.string, e)) and year is None and amount is None:
        # "The second quarter ended Oct. 31": the quarter of the year its end day falls in.
        anchor = Mention(
            ended.start("month"),
            ended.end(),
            CALENDAR,
            year=_group_int(ended, "year"),
            month=month_number(ended["month"]),
            day=int(ended["day"]),
            shift="ended",
        )
    # A fiscal quarter keeps its company's own calendar: it is never an aside to a calendar one.
    fiscal = "fiscal" if m["fiscal"] or m["fiscal2"] else None
    return Mention(
        s, e, QUARTER, year=year, amount=amount, part=str(part), anchor=anchor, shift=fiscal
    )


@rule(
    "quarter quarters",
    rf"(?i:{QUARTER_ORDINAL_RE}\s+(?:and|or)\s+(?:the\s+)?(?:first|second|third|fourth)[\s-]+(?:fiscal\s+)?(?P<noun>quarters?))\b",
)
def shared_quarter(m: re.Match[str]) -> Mention | None:
    """The second (and fourth quarters): an ordinal that shares the quarter named after it.

    Only the ordinal is this expression; the second quarter is the quarter rule's. Plural
    quarters without a year are a repeat (XXXX-Q2), as the quarter rule reads them.
    """
    part = _QUARTER_ORDINALS[m["q"].lower()]
    s, e = m.start("q"), m.end("q")
    if m["noun"].lower().endswith("s"):
        return Mention(s, e, FIXED, type="SET", value=f"XXXX-Q{part}")
    return Mention(s, e, QUARTER, part=str(part))


@rule("q", r"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s*(?:'|FY)?(?P<year>(?:19|20)\d\d|\d\d))?\b")
def quarter_code(m: re.Match[str]) -> Mention | None:
    """Q3, Q1 2024, 3Q 2023."""
    year = _group_int(m, "year")
    if year is not None and year < 100:
        year += 1900 if year >= TWO_DIGIT_YEAR_PIVOT else 2000
    s, e = span(m)
    return Mention(s, e, QUARTER, year=year, part=m["q"] or m["q2"])


@rule(
    "quarter period",
    r"(?i:(?P<det>the\s+|this\s+|its\s+|last\s+year's\s+)?(?P<which>latest|current|last|previous|past|prior|recent|most\s+recent|next|coming|same|comparable|corresponding"
    r"|year-ago|year-earlier|year\s+ago|year\s+earlier)?(?:\s+|-)?(?P<fiscal>fiscal\s+)?(?P<noun>quarter|period)"
    r"(?P<ago>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year|the\s+year\s+before))?)(?![\w-])",
)
def quarter_relative(m: re.Match[str]) -> Mention | None:
    """The quarter, the latest quarter, this quarter, last quarter, the year-ago quarter."""
    which = re.sub(r"\s+", " ", (m["which"] or "").lower())
    det = re.sub(r"\s+", " ", (m["det"] or "").strip().lower())
    if not det and not which:
        return None
    if m["noun"].lower() == "period" and not which:
        return None  # "the period" alone can be any stretch of time
    s, e = span(m)
    if "year" in which or m["ago"] or det == "last year's":
        return Mention(s, e, "year_before", unit="quarter")
    shift = _quarter_shift(which, det)
    if shift is not None:
        return Mention(s, e, QUARTER, shift=shift)
    if which in ("same", "comparable", "corresponding"):
        return None
    ended = _PERIOD_END.match(m.string, e)
    if ended and m["noun"].lower() == "quarter" and not which:
        return _quarter_ended(ended, s, e)
    return Mention(s, e, QUARTER, shift="latest")


def _quarter_shift(which: str, det: str) -> str | None:
    """The quarter a word before "quarter" points to: last, next, current or this; else None."""
    if which in ("last", "previous", "past", "prior"):
        return "last"
    if which in ("next", "coming"):
        return "next"
    if which in ("current",):
        return "current"
    if det == "this":
        return "this"
    return None


def _quarter_ended(ended: re.Match[str], s: int, e: int) -> Mention:
    """The calendar quarter that holds most of the three months up to the end day named."""
    # "The quarter ended July 31" is the three months up to that day: the calendar quarter
    # that holds most of them (May to July: the second), unless a quarter is already under
    # discussion (a fiscal quarter keeps its own name). The end day is a timex of its own.
    end_month, end_day = month_number(ended["month"]), int(ended["day"])
    middle = end_month - (1 if end_day >= HALF_MONTH_DAYS else 2)  # the middle month of the three
    year = int(ended["year"]) if ended["year"] else None
    if middle < 1:
        middle += 12
        year = year - 1 if year else None
    return Mention(s, e, QUARTER, year=year, part=str((middle - 1) // 3 + 1), shift="ended")


# A period that ends on a day late in its month counts that month as its last whole one.
HALF_MONTH_DAYS = 15
_PERIOD_END = re.compile(
    rf"\s+(?:ended|ending|that\s+ended)\s+{month_re('month')}\s+(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)(?:,\s+{year_re('year')})?"
)


@rule(
    "half quarters",
    r"(?i:(?P<det>the\s+|its\s+)?(?:(?P<rel>this|last|next)\s+year's\s+|(?P<y0>(?:19|20)\d\d)\s+)?"
    r"(?P<h>first|second|last|latter|1st|2nd)[\s-]+(?:half|(?<=first\s)two\s+quarters|(?<=last\s)two\s+quarters)(?:\s+of\s+(?P<y1>(?:19|20)\d\d)|\s+of\s+(?P<rel2>this|last|next)\s+year)?)"
    r"(?![\w-])",
)
def half_year(m: re.Match[str]) -> Mention | None:
    """The first half, second-half, the last half of 1989, the first two quarters of 1990.

    "The last half of 1989" is 1989-H2; "the first two quarters of 1990" is 1990-H1.
    """
    after = m.string[m.end() : m.end() + 30].lower()
    if re.match(
        r"\s+(?:of\s+(?:the\s+)?(?!year|fiscal|this|last|next|\d)|hour|century|inning|game|match)",
        after,
    ):
        return None  # "the first half of the game", "the second half of the century"
    s, e = span(m)
    year = _group_int(m, "y0") or _group_int(m, "y1")
    rel = (m["rel"] or m["rel2"] or "").lower()
    amount = {"last": -1, "this": 0, "next": 1}.get(rel)
    part = "1" if m["h"].lower() in ("first", "1st") else "2"
    return Mention(s, e, HALF, year=year, amount=amount, part=part)


@rule(
    "spring summer fall autumn winter",
    r"(?i:(?P<det>the\s+|this\s+past\s+|this\s+coming\s+|this\s+|last\s+|next\s+|past\s+|coming\s+|early\s+|late\s+|mid-?)?"
    r"(?P<edge>early\s+|late\s+|mid-?)?(?P<season>spring|summer|fall|autumn|winter))"
    rf"(?:(?:\s+of)?\s+{year_re('year')}|\s+(?P<spoken>(?i:of\s+)?(?:nineteen|eighteen)[\s-]+[a-z]+(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?))?(?!\w)",
)
def season(m: re.Match[str]) -> Mention | None:
    """Last fall, this summer, the winter of 1994, spring 2024."""
    word = m["season"].lower()
    det = (m["det"] or "").strip().lower().replace("-", "")
    year = _group_int(m, "year")
    if m["spoken"]:
        year = spelled_year(m["spoken"].lower().removeprefix("of ").strip())
        if year is None:
            return None
    if word == "fall" and not (det or year):
        return None  # "prices fall", "the fall in prices": a verb or a drop, not the season
    s, e = span(m)
    if word == "fall" and det == "the" and year is None:
        after = m.string[e : e + 12].lower()
        if re.match(r"\s+(?:in|of|from|to|was|has|had|is)\b", after):
            return None
    before = m.string[max(0, s - 12) : s].lower()
    if not (det or year) and not re.search(
        r"\b(?:in|during|this|last|next|by|until|since|over|through)\s+$", before
    ):
        return None  # "summer camp", "spring water": seasons only after a time preposition
    shift = {
        "thispast": "last",
        "last": "last",
        "past": "last",
        "next": "next",
        "coming": "next",
        "thiscoming": "next",
        "this": "this",
    }.get(det.replace(" ", ""))
    return Mention(s, e, SEASON, year=year, part=SEASONS[word], shift=shift)


# --- holidays ---------------------------------------------------------------------------

HOLIDAYS = {
    "christmas eve": "christmas_eve",
    "christmas day": "christmas",
    "christmas": "christmas",
    "new year's eve": "new_years_eve",
    "new year's day": "new_year",
    "new year's": "new_year",
    "thanksgiving day": "thanksgiving",
    "thanksgiving": "thanksgiving",
    "easter sunday": "easter",
    "easter": "easter",
    "good friday": "good_friday",
    "election day": "election_day",
    "independence day": "independence_day",
    "labor day": "labor_day",
    "memorial day": "memorial_day",
    "veterans day": "veterans_day",
    "halloween": "halloween",
    "valentine's day": "valentines",
    "boxing day": "boxing_day",
    "martin luther king day": "mlk_day",
}


@rule(
    "christmas year thanksgiving easter friday election independence labor memorial veterans "
    "halloween valentine boxing king",
    r"(?:(?P<shift>(?i:last|next|this))\s+)?(?P<name>Christmas(?:\s+(?:Day|Eve))?|New\s+Year's(?:\s+(?:Day|Eve))?"
    r"|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|Good\s+Friday|Election\s+Day|Independence\s+Day|Labor\s+Day"
    r"|Memorial\s+Day|Veterans'?\s+Day|Halloween|Valentine's\s+Day|Boxing\s+Day|Martin\s+Luther\s+King\s+Day)"
    rf"(?:,?\s+{year_re('year')})?(?!\s+(?:[A-Z]|week|season|holiday|party|parade|dinner|tree|card|gift))",
)
def holiday(m: re.Match[str]) -> Mention | None:
    """Thanksgiving Day, last Christmas, Election Day 1998, Easter."""
    name = re.sub(r"\s+", " ", m["name"].lower()).replace("veterans' day", "veterans day")
    s, e = span(m)
    shift = (m["shift"] or "").lower() or None
    return Mention(s, e, HOLIDAY, holiday=HOLIDAYS[name], year=_group_int(m, "year"), shift=shift)


@rule(
    "week",
    r"(?:(?P<shift>(?i:last|next|this))\s+)?(?P<name>Christmas|Thanksgiving|Easter)\s+(?i:week)(?![\w-])",
)
def holiday_week(m: re.Match[str]) -> Mention | None:
    """Easter week, Christmas week: the (ISO) week that holds the holiday."""
    s, e = span(m)
    shift = (m["shift"] or "").lower() or None
    day = Mention(
        m.start("name"), m.end("name"), HOLIDAY, holiday=HOLIDAYS[m["name"].lower()], shift=shift
    )
    return Mention(s, e, DAY_SHIFT, anchor=day, amount=0, unit="week")
