"""What the time-expression tests share: a publication date and the (text, value) readout.

Imported by the test_timex*.py modules beside it (pytest puts this folder on the path).
"""

from __future__ import annotations

from datetime import date

from newsloom.analyze.timex import find_timexes

PUB = date(2024, 4, 21)  # a Sunday, the day both seed reports came out


def values(text: str, published: date | None = PUB) -> list[tuple[str, str]]:
    """Each time expression found in text as (text, TIMEX3 value)."""
    return [(t.text, t.value) for t in find_timexes(text, published)]


def typed(text: str, published: date | None = PUB) -> list[tuple[str, str, str]]:
    """Each time expression found in text as (text, TIMEX3 type, value)."""
    return [(t.text, t.type, t.value) for t in find_timexes(text, published)]
