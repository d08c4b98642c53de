"""Wire datelines ("BAMAKO, March 14 (Reuters) - "): where a report was filed and when."""

from __future__ import annotations

import re
from typing import NamedTuple

# A dateline opens the text or a paragraph: a place in capitals, an optional day ("March 14",
# "Sept 15", "14 March"), an optional agency in brackets, then a dash. The date in it is the
# day the report was filed, not the day of the event its first clause tells.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"(?:\A|\n\s*\n)\s*"
    r"(?P<place>[A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?"  # "ISLAMABAD, Pakistan" / "GOMA, Congo"
    rf"(?:,?\s*(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,\s*\d{{4}})?)?"
    r"(?:\s*\([A-Za-z .]{2,20}\))?"
    r"\s*(?:[-\u2013\u2014_]{1,2}|:)\s"
)
# Place words shorter than this are an acronym heading, not a city ("UN - ").
MIN_PLACE_CHARS = 3


class Dateline(NamedTuple):
    """A dateline's character span and the place it names, as written ("BAMAKO")."""

    start: int
    end: int
    place: str


def find_datelines(text: str) -> list[Dateline]:
    """The datelines that open the text or one of its paragraphs."""
    found = []
    for m in _DATELINE.finditer(text):
        place = m.group("place")
        if len(place.replace(".", "")) < MIN_PLACE_CHARS:
            continue
        found.append(Dateline(m.start("place"), m.end(), place))
    return found
