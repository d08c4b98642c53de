"""Rules for stretches and repeats of time and for vague references.

"Three years", "a year earlier", "every week", "now".
"""

from __future__ import annotations

import re

from newsloom.analyze.timex.lexicon import (
    MONTH_NAMES,
    PARTS_OF_DAY,
    SEASONS,
    TIME_UNITS,
    UNIT_CODES,
    UNIT_MULTIPLIERS,
    VAGUE_QUANTITIES,
    VAGUE_UNIT_CODES,
    WEEKDAY_NAMES,
    parse_quantity,
    unit_name,
)
from newsloom.analyze.timex.mention import (
    AGO,
    AHEAD_REF,
    ANAPHOR,
    FIXED,
    IN_TIME,
    RELATIVE,
    Mention,
)
from newsloom.analyze.timex.rules import clock_before_hours, rule, span

# --- durations, "ago" and anaphoric shifts ----------------------------------------------

NUM_RE = (
    r"(?P<num>\d+(?:[.,]\d+)?(?:\s+\d/\d)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|(?:a|one)\s+hundred|a\s+thousand|two\s+thousand|a\s+dozen|a\s+couple\s+of|a\s+couple|couple\s+of|a\s+few|a\s+number\s+of|several|few|many|some|a|an|another"
    r"|(?:one|a)\s+and\s+a\s+half)"
)
DURATION_UNIT_RE = (
    r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|centuries|century|millennia|millennium)"
)
# Words before a count that belong to the expression ("nearly three years", "the past two
# years"). "Within", "only", "just" and an "over" before "the" stay outside, as TimeBank has them.
DURATION_MOD_RE = (
    r"(?P<mod>(?:(?:about|around|approximately|roughly|nearly|almost|some|more\s+than|less\s+than|fewer\s+than|over(?!\s+the\b)|under|at\s+least|at\s+most"
    r"|up\s+to|well\s+over|upwards\s+of|no\s+more\s+than|no\s+less\s+than|the\s+past|the\s+last|the\s+next|the\s+first|the\s+final"
    r"|the\s+previous|the\s+coming|the\s+following|the\s+initial|the\s+remaining|the\s+other|the|past|last|next|first|final|previous|coming|another)\s+)+)"
)
DURATION_TAIL_RE = (
    r"(?P<tail>\s+(?:ago|earlier|later|before|after|from\s+now|hence|back|old|running"
    r"|in\s+a\s+row|straight))?"
)


_RATE_BEFORE = re.compile(
    r"(?i)(?:\d[\d,.]*\s*(?:%|percent|[a-z]+)?|times|twice|once|thrice|cents?|dollars?|shares?|barrels?|hours?|miles?|tons?|seats?|flights?)\s*$"
)


# A duration followed by these words is a rate ("24 hours a day"), not a stretch of time.
_RATE_AFTER = re.compile(
    r"(?i)\s+(?:a|an|per|each|every)\s+(?:day|night|week|month|year|shift|session)\b"
)
# "One day" after a modal is "some day": "will one day be".
_MODAL_BEFORE = re.compile(r"(?i)\b(?:will|would|could|may|might|shall|can)\s+$")


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
        smaller = {
            "Y": (12, "M"),
            "M": (30, "D"),
            "W": (7, "D"),
            "D": (24, "H"),
            "H": (60, "M"),
            "S": (1, "S"),
        }
        if unit in ("minute",):
            smaller["M"] = (60, "S")
        factor, code2 = smaller.get(code, (1, code))
        rest = round(fraction * factor)
        if unit == "day":
            return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
        head = f"{whole}{code}" if whole else ""
        return f"{prefix}{head}{rest}{code2}"
    return f"{prefix}{whole}{code}"


@rule(
    "#unit",
    rf"(?i:{DURATION_MOD_RE}?{NUM_RE}(?P<hyphen>[\s-]+|-)(?P<extra>(?:more|additional|full|straight|consecutive|trading|business|working|calendar|long)\s+)?"
    rf"{DURATION_UNIT_RE}(?P<half>\s+and\s+a\s+half)?(?P<or>\s+or\s+so)?){DURATION_TAIL_RE}(?![\w-]|-old)",
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
    if _not_a_stretch(m, unit, num_text, tail, mod):
        return None
    modal_before = _MODAL_BEFORE.search(m.string[max(0, s - 12) : s])
    if num_text == "one" and unit == "day" and not (mod or tail) and modal_before:
        return Mention(
            s, e, FIXED, value="FUTURE_REF"
        )  # "Islam will one day be ...": some day to come
    plural = (
        m["unit"].lower().endswith("s") or unit in ("century",) and m["unit"].lower() == "centuries"
    )
    counted, amount = _duration_count(num_text, plural)
    if not counted:
        return None
    amount, e, tail = _duration_extent(m, unit, amount, plural, e, tail)
    shifted = _shifted_duration(s, e, unit, amount, tail)
    if shifted is not None:
        return shifted
    if mod in ("the", "the first", "first") and unit == "year" and amount == 1:
        return None
    if mod == "the" and m["hyphen"] == "-":
        s = m.start("num")  # "the two-week trip": the determiner belongs to the noun after
    value = duration_value(amount, unit)
    if (
        not (mod or tail or m["extra"])
        and amount == int(amount or 0.5)
        and unit in _IN_TIME_UNITS
        and _IN_BEFORE.search(m.string, max(0, s - 4), s)
    ):
        # "will be repaid in five years": a date that far ahead; "the third storm in two weeks"
        # (told in the past) stays a stretch of time. The resolver reads the clause's tense.
        return Mention(
            s, e, IN_TIME, type="DURATION", value=value, unit=unit, amount=int(amount or 0)
        )
    return Mention(s, e, FIXED, type="DURATION", value=value)


def _not_a_stretch(m: re.Match[str], unit: str, num_text: str, tail: str, mod: str) -> bool:
    """Whether a count and unit are something else: an age, a title, a rate, a share, an ordinal."""
    s, e = span(m)
    if tail in ("old",) or re.match(r"[\s-]*(?:years?|months?)?[\s-]*old\b", m.string[e : e + 12]):
        return True  # ages are not time expressions
    if m["unit"][:1].isupper():
        return True  # "60 Minutes", "Four Weddings": a title, not a time
    if unit == "hour" and clock_before_hours(m.string, *span(m, "num")):
        return True  # "by 0600 hours": military time, a clock reading (the clock rule's)
    if (
        num_text in ("a", "an")
        and not mod
        and not tail
        and _RATE_BEFORE.search(m.string[max(0, s - 40) : s])
    ):
        return True  # "$2 million a year", "24 hours a day": a rate, which TimeBank leaves untagged
    if (
        unit == "quarter"
        and re.match(r"\s+of\b", m.string[e : e + 4])
        and num_text not in VAGUE_QUANTITIES
    ):
        # "a quarter of the vote", "three-quarters of its food" are shares; "several quarters of
        # falling sales" is time: nobody counts a vague number of fractions.
        return True
    if num_text in ("a", "another") and unit == "second" and not tail:
        return True  # "a second group": an ordinal, not a second of time
    # "24 hours a day": a rate, left untagged like "$2 million a year"
    return not tail and _RATE_AFTER.match(m.string, e) is not None


def _duration_count(num_text: str, plural: bool) -> tuple[bool, float | None]:
    """Whether the count fits its unit, and the amount it gives (None for a vague one)."""
    if num_text in ("a", "an", "one", "another") and plural:
        return False, None
    if num_text in ("some", "many") and not plural:
        return False, None
    if "," in num_text and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", num_text):
        return False, None  # "2,3 days" is two numbers
    if num_text in VAGUE_QUANTITIES or num_text in ("a number of",):
        return True, None
    if num_text == "another":
        return True, 1.0
    amount = parse_quantity(num_text.replace(",", ""))
    return amount is not None, amount


def _duration_extent(
    m: re.Match[str], unit: str, amount: float | None, plural: bool, e: int, tail: str
) -> tuple[float | None, int, str]:
    """The amount with "and a half" added, and the end and tail once a signal word is cut off."""
    if m["half"]:
        if amount is None or plural:
            # "two years and a half" is rare and "several days and a half" no count at all: the
            # expression ends with its unit.
            e = m.end("unit")
            tail = ""
        else:
            amount += 0.5  # "a minute and a half", "an hour and a half"
    if tail in ("before", "after", "back", "running", "in a row", "straight", "later") or (
        unit in TIME_UNITS and tail == "earlier"
    ):
        # "two days before the vote": the timex is "two days". "Later" is a signal outside the
        # span in TimeBank ("three days later" is "three days", a DURATION), unlike "earlier"
        # and "ago", which it keeps in ("a year earlier", "a year ago" are dates).
        e = (m.end("half") if m["half"] else m.end("unit")) + (len(m["or"]) if m["or"] else 0)
        tail = ""
    return amount, e, tail


def _shifted_duration(s: int, e: int, unit: str, amount: float | None, tail: str) -> Mention | None:
    """A date that far from now or from the last date ("five years ago", "a year earlier")."""
    if tail in ("ago", "back"):
        return Mention(
            s,
            e,
            AGO,
            unit=unit,
            amount=None if amount is None else -int(amount) if amount == int(amount) else None,
        )
    if tail in ("earlier", "from now", "hence"):
        sign = -1 if tail == "earlier" else 1
        anchor = AGO if tail in ("from now", "hence") else ANAPHOR
        signed = None if amount is None else sign * int(amount)
        return Mention(s, e, anchor, unit=unit, amount=signed, shift="by")
    return None


_IN_BEFORE = re.compile(r"(?i)\bin\s+$")
_IN_TIME_UNITS = frozenset({"day", "week", "month", "year"})


@rule(
    "while period",
    r"(?i:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bafter\s))(?i:a\s+(?:little\s+)?while"
    r"|a\s+(?:(?:fairly|very|relatively|rather|quite)\s+)?(?:long|lengthy|extended|short|brief|considerable)\s+period(?:\s+of\s+time)?)(?![\w-])",
)
def vague_stretch(m: re.Match[str]) -> Mention | None:
    """For a while, for a fairly lengthy period: a stretch of time of no stated unit (PXX)."""
    s, e = span(m)
    return Mention(s, e, FIXED, type="DURATION", value="PXX")


@rule("long", r"(?i:(?P<unit>hour|day|week|month|year|decade)(?P<plural>s)?-long)(?![\w-])")
def unit_long(m: re.Match[str]) -> Mention | None:
    """Day-long, decades-long: an adjective that states a stretch of time."""
    unit = unit_name(m["unit"])
    if unit is None:
        return None
    s, e = span(m)
    amount = None if m["plural"] else 1.0
    return Mention(s, e, FIXED, type="DURATION", value=duration_value(amount, unit))


_OF_A_DAY = re.compile(
    r"(?i)\s+of\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)"
)
# "Over the years", "in the decades that followed": a stretch of years nobody counts. Days and
# weeks ("in the days before the vote") are left alone: they mostly date an event, not a stretch.
_OVER_THE_YEARS = re.compile(r"(?i)\b(?:over|in|during|through|throughout)\s+(?P<the>the\s+)$")


@rule(
    "years months weeks days decades centuries hours minutes quarters",
    r"(?i:(?P<the>the\s+)?(?P<mod>past|last|next|coming|previous|recent|early|first|following|ensuing|intervening)\s+)?(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes|quarters)(?P<alt>\s+(?:or|and)\s+(?:years|months|weeks|days|decades|hours|minutes))?(?P<tail>\s+ago|\s+earlier|\s+later|\s+ahead)?(?![\w-])",
)
def vague_duration(m: re.Match[str]) -> Mention | None:
    """Years, the past few ... , recent weeks, months ago, the coming months."""
    unit = unit_name(m["unit"])
    if unit is None:
        return None
    s, e = span(m)
    mod = (m["mod"] or "").lower()
    if unit == "quarter" and not mod:
        return None  # bare "quarters" are rooms ("living quarters") more often than time
    if mod == "early" and unit == "hour" and _OF_A_DAY.match(m.string, e):
        return None  # "the early hours of Monday": a part of that day, which is tagged itself
    start = _uncounted_start(m, unit, mod)
    if start is None:
        return None  # counted ("two years") or a noun phrase the duration rule handles
    s = start
    tail = (m["tail"] or "").strip().lower()
    if tail == "ago":
        return Mention(s, e, AGO, unit=unit, amount=None)
    if tail:
        # "Weeks or months", "recent weeks and months" are one timex, valued by the first unit.
        e = m.end("alt") if m["alt"] else m.end("unit")
    if mod == "recent":
        if unit == "year":
            return Mention(s, e, FIXED, value="PAST_REF")
        return Mention(s, e, FIXED, type="DURATION", value=duration_value(None, unit))
    if mod in ("coming", "next", "following", "ensuing") and unit in ("month", "quarter", "year"):
        return Mention(s, e, FIXED, value="FUTURE_REF")
    return Mention(s, e, FIXED, type="DURATION", value=duration_value(None, unit))


def _uncounted_start(m: re.Match[str], unit: str, mod: str) -> int | None:
    """Where a stretch of no count starts ("over the years" takes "the"); None if counted."""
    s = m.start()
    before = m.string[max(0, s - 16) : s].lower()
    counted = _COUNTED_BEFORE.search(before)
    over_the = (
        _OVER_THE_YEARS.search(before)
        if unit in ("year", "decade", "century") and not mod
        else None
    )
    if over_the is not None:
        # "over the years", "in the years that followed": some years
        return m.start() - len(over_the["the"])
    if counted and not mod and (m["tail"] or "").strip().lower() != "ahead":
        return None
    return s


# A count or determiner right before a plural unit: "two years", "these days", "all-day".
_COUNTED_BEFORE = re.compile(
    r"(?:\d|\b(?:these|those|the|of|all|few|many|several|some|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|dozen|first|last|next)|[-'])\s*$"
)


@rule(
    "day night morning evening afternoon year month week",
    r"(?i:(?P<lead>the\s+|that\s+same\s+|that\s+|this\s+|the\s+same\s+|the\s+next\s+|the\s+following\s+|the\s+previous\s+|the\s+preceding\s+|a\s+|one\s+|earlier\s+|later\s+)"
    r"(?P<unit>day|night|morning|evening|afternoon|year|month|week)(?P<rest>\s+before(?:\s+that)?|\s+after(?:\s+that)?|\s+earlier|\s+later)?)(?![\w-])",
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
        return _a_unit_before(m, base, rest)
    if rest in ("before", "after") and re.match(r"\s+[\w$]", m.string[e : e + 3]):
        # "the day before the vote": "before" is a signal and "the day" the timex, a day from the
        # event, whose day is best taken as the last one named ("closed on March 3 ... the day
        # after the closure"). Set off by a comma it restates that day: "Sept. 12, the day before
        # the vote".
        if lead == "the":
            return _the_unit_from_event(m, base, part, rest)
        e = m.end("unit")
        rest = ""
    if lead in ("this",) or (lead == "the" and not rest):
        return None  # handled elsewhere, or too vague ("the day", "the year")
    if lead in ("earlier", "later"):
        return None
    return _anaphoric_unit(s, e, lead, rest, base, part)


def _a_unit_before(m: re.Match[str], base: str, rest: str) -> Mention | None:
    """A day earlier, a year before.: one unit back; "a day later" is left to the duration rule."""
    s, e = span(m)
    if rest == "earlier" or rest == "before" and not re.match(r"\s+[\w$]", m.string[e : e + 3]):
        return Mention(
            s, e, ANAPHOR, unit=base, amount=-1, shift="by"
        )  # "a day earlier", "a year before."
    return None  # "a day later", "a month after the vote": "a day", "a month" (duration rule)


def _the_unit_from_event(m: re.Match[str], base: str, part: str | None, rest: str) -> Mention:
    """The day before or after the event the text names ("the day after the closure")."""
    s = m.start()
    shift = 1 if rest == "after" else -1
    if re.search(r",\s*$", m.string[max(0, s - 3) : s]):
        shift = 0
    return Mention(
        s,
        m.end("unit"),
        ANAPHOR,
        type="TIME" if part else "DATE",
        unit=base,
        amount=shift,
        part=part,
        shift="event",
    )


def _anaphoric_unit(s: int, e: int, lead: str, rest: str, base: str, part: str | None) -> Mention:
    """That day, the next morning, the year before: a unit shifted from the last one named."""
    amount = {
        "that": 0,
        "that same": 0,
        "the same": 0,
        "the next": 1,
        "the following": 1,
        "the previous": -1,
        "the preceding": -1,
        "the": 0,
    }[lead]
    if rest.startswith("before") or rest == "earlier":
        amount = -1
    elif rest.startswith("after") or rest == "later":
        amount = 1
    if base in ("year", "month", "week") and lead in ("the next", "the following"):
        return Mention(s, e, ANAPHOR, unit=base, amount=1)
    # "That day" points back to a day the text named; with none named it is a generic day
    # ("you get a news item, you have strong redemptions that day") and is dropped on resolving.
    demonstrative = "that" if lead in ("that", "that same", "the same") else None
    return Mention(
        s,
        e,
        ANAPHOR,
        type="TIME" if part else "DATE",
        unit=base,
        amount=amount,
        part=part,
        shift=demonstrative,
    )


@rule(
    "earlier later",
    r"(?i:(?P<edge>earlier|later)\s+(?:that|the\s+same)\s+(?P<unit>day|year|month|week))\b",
)
def later_that(m: re.Match[str]) -> Mention | None:
    """Later that year, earlier that day."""
    s, e = span(m)
    return Mention(s, e, ANAPHOR, unit=m["unit"].lower(), amount=0)


@rule("then", r"(?<=\b[Uu]ntil\s)then\b|(?<=\b[Tt]ill\s)then\b|(?<=\b[Bb]y\s)then\b")
def until_then(m: re.Match[str]) -> Mention | None:
    """Until then, by then: the deadline just named ("expires on May 30. Until then, ...").

    "Then" alone is a step in a sequence, and "since then" a stretch TimeBank leaves untagged.
    """
    s, e = span(m)
    return Mention(s, e, ANAPHOR, unit="then", amount=0)


@rule(
    "earlier later",
    r"(?i:(?P<edge>earlier|later)\s+(?:in\s+)?the\s+(?P<unit>day|year|month|week))\b",
)
def later_in_the(m: re.Match[str]) -> Mention | None:
    """Later in the day, earlier in the year: the day or year of the creation time."""
    s, e = span(m)
    return Mention(s, e, RELATIVE, unit=m["unit"].lower(), amount=0)


# --- sets -------------------------------------------------------------------------------


@rule(
    "every each per",
    r"(?i:(?P<q>every|each|per)\s+(?P<other>other\s+)?(?P<unit>day|night|morning|evening|afternoon|week|weekend|month|quarter|year|hour|minute|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|spring|summer|fall|autumn|winter))(?!\w)",
)
def every(m: re.Match[str]) -> Mention | None:
    """Every week, each Thursday, every other day, each July, per year."""
    word = m["unit"].lower()
    s, e = span(m)
    n = 2 if m["other"] else 1
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
_SET_WORDS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "nightly": "P1D",
    "biweekly": "P2W",
    "biannually": "P6M",
}


@rule(
    "daily weekly monthly yearly hourly nightly biweekly",
    r"\b(?P<word>daily|weekly|monthly|yearly|hourly|nightly|biweekly)\b(?!\s+(?:newspaper|paper|[A-Z]))",
)
def set_adverb(m: re.Match[str]) -> Mention | None:
    """Daily, weekly, annually (lower case: "Daily" capitalised is usually a newspaper's name)."""
    s, e = span(m)
    return Mention(s, e, FIXED, type="SET", value=_SET_WORDS[m["word"]])


# --- references to now, the past and the future ---------------------------------------


@rule(
    "now currently nowadays present days time far recently lately past old future",
    r"(?i:(?P<present>now|currently|nowadays|at\s+present|these\s+days|at\s+this\s+time)"
    r"|(?P<past>recently|lately|the\s+past|in\s+the\s+past|the\s+old\s+days)"
    r"|(?P<future>the\s+(?:near\s+|foreseeable\s+|distant\s+|not-too-distant\s+|immediate\s+)?future|future\s+(?:years|quarters|months|generations)))(?![\w-])",
)
def reference_word(m: re.Match[str]) -> Mention | None:
    """Now, currently, recently, the past, the future."""
    s, e = span(m)
    text = m.group(0).lower()
    if text.startswith("in the past"):
        s += 3
    if m["present"]:
        return Mention(s, e, FIXED, value="PRESENT_REF")
    if m["past"]:
        return Mention(s, e, FIXED, value="PAST_REF")
    if re.match(r"\s+of\b", m.string[e : e + 4]):
        return None  # "the future of our peoples": their fate, not a time
    return Mention(s, e, FIXED, value="FUTURE_REF")


# "Recent" as a modifier ("the recent sale", "recent talks") is left untagged: TimeBank tags it
# PAST_REF in 6 of its 15 uses in the dev set, with nothing in the text to tell which, so
# tagging it costs more precision than it gains recall. "Recently" and "recent years" are kept.
@rule(
    "current",
    r"(?<![\w-])(?P<then>(?i:then)[\s-]+)?current(?![\w-])(?!\s+(?:account|accounts|affairs|events|flows?|liabilities|assets|ratio|yield|density|source)\b)(?!\s+(?:years|months|weeks|days|quarters)\b)",
)
def present_adjective(m: re.Match[str]) -> Mention | None:
    """Current as a modifier: "the current crisis" (PRESENT_REF), "then-current" (PAST_REF)."""
    s, e = span(m)
    return Mention(s, e, FIXED, value="PAST_REF" if m["then"] else "PRESENT_REF")


# --- soon -------------------------------------------------------------------------------

_SOON_NOT_TIME_BEFORE = re.compile(r"(?i)\b(?:as|how|too|so)\s+$")
# A modal or an infinitive "to" right before "soon" looks ahead whatever the clause's tense.
_SOON_AHEAD_BEFORE = re.compile(r"(?i)\b(?:will|would|could|may|might|shall|can|should|to)\s+$")
_SOON_NOT_TIME_AFTER = re.compile(r"(?i)\s+(?:after|afterwards?|before|thereafter|as)\b")


@rule("soon", r"(?i:soon)(?![\w-])")
def soon(m: re.Match[str]) -> Mention | None:
    """Soon, in a clause that looks ahead: FUTURE_REF ("will soon move", "expects to soon grow")."""
    s, e = span(m)
    if _SOON_NOT_TIME_BEFORE.search(m.string, max(0, s - 8), s) or _SOON_NOT_TIME_AFTER.match(
        m.string, e
    ):
        # "as soon as", "too soon", "soon after the vote": a signal or a degree, not a time
        return None
    if _SOON_AHEAD_BEFORE.search(m.string, max(0, s - 12), s):
        return Mention(
            s, e, FIXED, value="FUTURE_REF"
        )  # "may soon seek", "expects sales to soon grow"
    return Mention(s, e, AHEAD_REF, value="FUTURE_REF")
