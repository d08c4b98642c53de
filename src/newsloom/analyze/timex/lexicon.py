"""Word tables for time expressions: months, weekdays, numbers, units, seasons, parts of day."""

from __future__ import annotations

import re

MONTH_NAMES: dict[str, int] = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
FULL_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Abbreviations are read only with their full stop, or directly before a day number:
# "Mar" or "Jun" on their own are names and words far more often than months.
MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)

WEEKDAY_NAMES: dict[str, int] = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
FULL_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
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
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "one hundred": 100,
    "a thousand": 1000,
    "two thousand": 2000,
    "a dozen": 12,
    "dozen": 12,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
}
# Quantities a reader cannot count: TIMEX3 writes them as X ("a few days" -> PXD).
VAGUE_QUANTITIES = ("a few", "few", "several", "many", "some", "a number of", "numerous")

ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty-second": 22,
    "twenty-third": 23,
    "twenty-fourth": 24,
    "twenty-fifth": 25,
    "twenty-sixth": 26,
    "twenty-seventh": 27,
    "twenty-eighth": 28,
    "twenty-ninth": 29,
    "thirtieth": 30,
    "thirty-first": 31,
}

# TIMEX3 duration letters; decades, centuries and millennia are written in years by
# TimeBank annotators more often than with their own letters, so they are years here.
UNIT_CODES: dict[str, str] = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "week": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "Y",
    "century": "Y",
    "millennium": "Y",
    "fortnight": "W",
    "weekend": "WE",
}
UNIT_MULTIPLIERS: dict[str, int] = {
    "decade": 10,
    "century": 100,
    "millennium": 1000,
    "fortnight": 2,
}
# Letters for "several decades", "centuries": a count nobody states has no multiplier.
VAGUE_UNIT_CODES: dict[str, str] = {"decade": "E", "century": "C", "millennium": "L"}
TIME_UNITS = frozenset({"second", "minute", "hour"})

SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
# Month each season starts in (northern hemisphere, as in the news the data comes from).
SEASON_START_MONTH: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "midday": "MI",
    "noon": "MI",
}

_NUMBER_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?", re.I)


def unit_name(word: str) -> str | None:
    """The singular unit for "days", "year", "centuries", "months'" ... or None."""
    w = word.lower().rstrip("'").removesuffix("'s")
    if w in ("centuries",):
        return "century"
    if w in ("millennia", "millenniums"):
        return "millennium"
    if w.endswith("s") and w[:-1] in UNIT_CODES:
        w = w[:-1]
    return w if w in UNIT_CODES else None


def parse_quantity(text: str) -> float | None:
    """The number a quantity phrase states ("two", "2 1/2", "twenty-five", "a"), None if vague."""
    t = " ".join(text.lower().replace("-", " ").split())
    if not t:
        return None
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(\d)/(\d))?", t.replace(",", ""))
    if m:
        value = float(m.group(1))
        if m.group(2):
            value += int(m.group(2)) / int(m.group(3))
        return value
    half = re.fullmatch(r"(.+?)\s+(?:and\s+)?a\s+half", t)
    if half:
        whole = parse_quantity(half.group(1))
        return whole + 0.5 if whole is not None else None
    total = 0
    for token in _NUMBER_TOKEN.findall(t):
        if token == "and":
            continue
        if token not in NUMBER_WORDS:
            return None
        value_word = NUMBER_WORDS[token]
        if value_word == 100 and total:
            total *= 100
        else:
            total += value_word
    return float(total) if total else None


def spelled_year(text: str) -> int | None:
    """A year said in words, as in broadcast transcripts: "nineteen ninety-seven" -> 1997."""
    words = text.lower().replace("-", " ").split()
    if len(words) >= 2 and words[0] in ("nineteen", "eighteen"):
        century = NUMBER_WORDS[words[0]] * 100
        rest = parse_quantity(" ".join(words[1:]))
        if rest is not None and 10 <= rest < 100:
            return century + int(rest)
    if words[:2] == ["two", "thousand"]:
        rest = parse_quantity(" ".join(words[2:]).removeprefix("and ")) if len(words) > 2 else 0.0
        if rest is not None and rest < 100:
            return 2000 + int(rest)
    return None
