"""Publication dates normalised to ISO 8601 from ISO 8601 or RFC 822 text."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime


def normalise_published(value: str) -> str:
    """The ISO 8601 form of an ISO 8601 or RFC 822 date; ValueError when it is neither."""
    text = value.strip()
    try:
        # A bare date stays a date: inventing midnight would claim a precision the input lacks.
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        # Python 3.11 reads "T" or space separators, "Z" and numeric offsets; a naive value
        # stays naive rather than being pinned to a time zone nobody stated.
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        raise ValueError(f"{value!r} is not an ISO 8601 or RFC 822 date") from None


def utc_timestamp(moment: time.struct_time) -> str:
    """The ISO 8601 UTC datetime of a struct_time that is already in UTC (as feedparser gives)."""
    return datetime(*moment[:6], tzinfo=UTC).isoformat()
