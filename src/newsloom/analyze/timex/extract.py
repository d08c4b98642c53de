"""Run the time-expression rules over a text and settle overlaps between their matches."""

from __future__ import annotations

import re

from newsloom.analyze.timex import (  # noqa: F401  (each module registers its rules on import)
    rules_duration,
    rules_periods,
    rules_relative,
)
from newsloom.analyze.timex.lexicon import MONTH_NAMES, WEEKDAY_NAMES
from newsloom.analyze.timex.mention import Mention
from newsloom.analyze.timex.rules import RULES, Rule

# When two matches overlap with equal claims, the earlier rule wins: calendar dates first,
# then periods (quarters, halves, seasons), durations, and dates relative to the article's.
# The order is this list, not the order in which the modules happen to be imported.
FAMILY_ORDER = ("rules", "rules_periods", "rules_duration", "rules_relative")
ORDERED_RULES: tuple[Rule, ...] = tuple(sorted(RULES, key=lambda r: FAMILY_ORDER.index(r.family)))

# Rules run only near their trigger words. A match reaches at most this far before its
# trigger ("at least the past two years") and after it ("April 22nd to 24th, 2024").
TRIGGER_REACH_BEFORE = 60
TRIGGER_REACH_AFTER = 80

_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_MONTH_WORDS = frozenset(MONTH_NAMES)
_WEEKDAY_WORDS = frozenset(name for name in WEEKDAY_NAMES if len(name) > 3)
_UNIT_WORDS = frozenset(
    w + s
    for w in (
        "second",
        "minute",
        "hour",
        "day",
        "week",
        "fortnight",
        "month",
        "quarter",
        "year",
        "decade",
    )
    for s in ("", "s")
) | {"century", "centuries", "millennium", "millennia"}


def _token_keys(token: str) -> tuple[str, ...]:
    """The trigger keys a token answers to: itself, lower-cased, and its classes."""
    if token.isdigit():
        if len(token) == 4 and 1000 <= int(token) <= 2099:
            return ("#num", "#year")
        return ("#num",)
    word = token.lower()
    keys = [word]
    if word in _MONTH_WORDS:
        keys.append("#month")
    if word in _WEEKDAY_WORDS or word.endswith("s") and word[:-1] in _WEEKDAY_WORDS:
        keys.append("#weekday")  # "Saturdays" too: a repeat the weekday rule reads as a set
    if word in _UNIT_WORDS:
        keys.append("#unit")
    return tuple(keys)


def _rule_windows(text: str) -> dict[int, list[tuple[int, int]]]:
    """For each rule, the merged stretches of text around its trigger words."""
    by_key: dict[str, list[int]] = {}
    for index, r in enumerate(ORDERED_RULES):
        for key in r.triggers:
            by_key.setdefault(key, []).append(index)
    windows: dict[int, list[tuple[int, int]]] = {}
    for token in _TOKEN.finditer(text):
        for key in _token_keys(token.group(0)):
            for index in by_key.get(key, ()):
                start = max(0, token.start() - TRIGGER_REACH_BEFORE)
                end = min(len(text), token.end() + TRIGGER_REACH_AFTER)
                spans = windows.setdefault(index, [])
                if spans and start <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
    return windows


def find_mentions(text: str) -> list[Mention]:
    """Every rule's matches, overlaps settled for the longer span (then the earlier rule)."""
    candidates: list[tuple[int, Mention]] = []
    seen: set[tuple[int, int, int]] = set()
    for index, spans in _rule_windows(text).items():
        r = ORDERED_RULES[index]
        for start, end in spans:
            for m in r.pattern.finditer(text, start, end):
                if (index, m.start(), m.end()) in seen:
                    continue
                seen.add((index, m.start(), m.end()))
                built = r.build(m)
                for mention in built if isinstance(built, tuple) else (built,):
                    if mention is not None and mention.end > mention.start:
                        candidates.append((index, mention))
    candidates.sort(key=lambda c: (-(c[1].end - c[1].start), c[0], c[1].start))
    taken: list[Mention] = []
    for _, mention in candidates:
        if all(mention.end <= t.start or mention.start >= t.end for t in taken):
            taken.append(mention)
    return sorted(taken, key=lambda t: t.start)
