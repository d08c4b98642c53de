"""A brief's headline that follows the story: when a later report updates a figure the
headline states ("12 dead" → "31 dead"), the headline becomes a later report's title."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsloom.brief.records import FusedStory
from newsloom.model import StoryMember

__all__ = ["follow_updates"]


def follow_updates(headline: str, fused: FusedStory, members: Sequence[StoryMember]) -> str:
    """The headline, or the title of a report carrying the newer value when the headline
    states a value that a later report updated."""
    claims = {c.id: c for c in fused.claims}
    by_id = {m.article_id: m for m in members}
    for update in sorted(fused.updates, key=lambda u: u.when or "", reverse=True):
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
        # The latest report's title that states the new value, else the latest title at all.
        titled.sort(key=lambda m: m.article.published or "", reverse=True)
        stating = [m for m in titled if _states(m.article.title or "", new)]
        chosen = (stating or titled)[:1]
        if chosen:
            return (chosen[0].article.title or "").strip()
    return headline


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
