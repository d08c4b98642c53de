"""Find explicit dates and weekday references and resolve them against the publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsloom.model import Timex

MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# Bare four-digit numbers count as years only in this range: older numbers in
# news are almost always counts, and later ones are not yet news.
MIN_YEAR, MAX_YEAR = 1900, 2099
# How many characters before a weekday are read for future-tense cues.
TENSE_WINDOW_CHARS = 80

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*(?:-|–|to)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?(?:,?\s+{_YEAR})?\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", re.I),
    re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I),
    re.compile(rf"\b(?:in|since|from|until|by|of|during|before|after)\s+{_YEAR}\b", re.I),
]
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+|next\s+|this\s+)?(?P<wd>" + "|".join(WEEKDAYS) + r")\b", re.I)
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|is|are)\s+(?:set|due|scheduled|expected|planned|to)\b|\bwill\b|\bnext\b|\bupcoming\b|\bto\s+\w+\s*$",
    re.I,
)


def _nearest_year(month: int, day: int, published: date) -> int:
    """The year that puts month/day closest to the publication date."""
    best = published.year
    best_gap = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            gap = abs((date(year, month, day) - published).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _date_value(year: int | None, month: int, day: int | None, published: date | None) -> str | None:
    """An ISO value (YYYY-MM-DD or YYYY-MM), with XXXX when the year cannot be known."""
    if day is not None and not 1 <= day <= 31:
        return None
    if year is None and published is not None:
        year = _nearest_year(month, day or 15, published)
    year_text = f"{year:04d}" if year is not None else "XXXX"
    if day is None:
        return f"{year_text}-{month:02d}"
    try:
        if year is not None:
            date(year, month, day)
    except ValueError:
        return None
    return f"{year_text}-{month:02d}-{day:02d}"


def _resolve_weekday(weekday: int, prefix: str, word: str, published: date) -> date:
    """The weekday's date: the coming one in future-tense context, else the last one."""
    if word.lower().startswith("next"):
        ahead = (weekday - published.weekday()) % 7 or 7
        return published + timedelta(days=ahead)
    if word.lower().startswith("last"):
        back = (published.weekday() - weekday) % 7 or 7
        return published - timedelta(days=back)
    if _FUTURE_CUE.search(prefix):
        ahead = (weekday - published.weekday()) % 7 or 7
        return published + timedelta(days=ahead)
    back = (published.weekday() - weekday) % 7
    return published - timedelta(days=back)


def find_timexes(text: str, published: date | None) -> list[Timex]:
    """Explicit dates and weekdays in the text, with ISO values where resolvable."""
    found: list[Timex] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            groups = m.groupdict()
            if groups.get("month") is None and groups.get("mnum") is None:
                # "in 2013": the span is the year alone, not the preposition.
                start = m.start("year")
            if not free(start, end):
                continue
            year = int(groups["year"]) if groups.get("year") else None
            if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
                continue
            if groups.get("mnum"):
                month: int | None = int(groups["mnum"])
            elif groups.get("month"):
                month = MONTHS[groups["month"].lower().rstrip(".")]
            else:
                month = None
            day = int(groups["day"]) if groups.get("day") else None
            if month is None:
                value: str | None = f"{year:04d}" if year is not None else None
            else:
                value = _date_value(year, month, day, published)
            if value is None:
                continue
            taken.append((start, end))
            found.append(Timex(text=text[start:end], start=start, end=end, type="DATE", value=value))
    for m in _WEEKDAY.finditer(text):
        start, end = m.span()
        if not free(start, end):
            continue
        weekday = WEEKDAYS.index(m.group("wd").lower())
        if published is None:
            value = f"XXXX-WXX-{weekday + 1}"
        else:
            prefix = text[max(0, start - TENSE_WINDOW_CHARS) : start]
            value = _resolve_weekday(weekday, prefix, m.group(0), published).isoformat()
        taken.append((start, end))
        found.append(Timex(text=m.group(0), start=start, end=end, type="DATE", value=value))
    return sorted(found, key=lambda t: t.start)


def parse_published(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication date or datetime."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
