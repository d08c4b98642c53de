"""A brief's headline that follows the story: when a later report updates a figure the
headline states ("12 dead" → "31 dead"), the headline becomes a later report's title."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, time

from newsloom.brief.dating import PUBLISHED, ReportDate, date_reports
from newsloom.brief.records import FusedStory, Update
from newsloom.model import StoryMember

__all__ = ["follow_updates"]


def follow_updates(
    headline: str,
    fused: FusedStory,
    members: Sequence[StoryMember],
    dates: Mapping[int, ReportDate] | None = None,
) -> str:
    """The headline, or the title of a report carrying the newer value when the headline
    states a value that a later report updated (`dates`: the members' `date_reports`)."""
    dates = dates if dates is not None else date_reports(members)
    claims = {c.id: c for c in fused.claims}
    by_id = {m.article_id: m for m in members}
    # Latest first, an estimated date by its day; an update with no date at all last.
    for update in sorted(fused.updates, key=_update_day, reverse=True):
        old, new = _value_text(update.earlier_value), _value_text(update.later_value)
        if not old or not _states(headline, old) or _states(headline, new):
            continue
        later = claims.get(update.later)
        if later is None:
            continue
        titled = [
            by_id[e.article_id]
            for e in later.support
            if e.article_id in by_id and (by_id[e.article_id].article.title or "").strip()
        ]
        # The latest report's title that states the new value, else the latest title at all;
        # a report with no date (given or estimated) only when no dated one has a title.
        titled.sort(key=lambda m: _latest_first(dates, m.article_id))
        stating = [m for m in titled if _states(m.article.title or "", new)]
        chosen = (stating or titled)[:1]
        if chosen:
            return (chosen[0].article.title or "").strip()
    return headline


def _update_day(update: Update) -> str:
    """The day an update came out (given or estimated), "" when unknown."""
    return (update.when or update.when_estimate or "")[:10]


def _latest_first(
    dates: Mapping[int, ReportDate], article_id: int
) -> tuple[bool, int, bool, float]:
    """Sort key: dated reports newest first (on one day, those dated before an estimate of
    it), then the undated ones."""
    when = dates.get(article_id)
    if when is None or when.published is None:
        return (True, 0, False, 0.0)
    day = when.published.date().toordinal()
    clock = when.published - datetime.combine(when.published.date(), time())
    return (False, -day, when.basis != PUBLISHED, -clock.total_seconds())


def _value_text(value: str | float | None) -> str:
    """A figure as a headline writes it: 31.0 → "31"."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def _states(text: str, value: str) -> bool:
    """Whether the text holds the value as a whole token ("31", not "310")."""
    return bool(value) and re.search(rf"(?<![\w.]){re.escape(value)}(?![\w])", text) is not None
