"""Guess whether the clause around a time expression speaks of the past or the future."""

from __future__ import annotations

import re

PAST = "PAST"
FUTURE = "FUTURE"

# How many words either side of the expression are read for tense cues: a clause in
# news prose rarely runs longer, and a cue further away usually belongs to another verb.
TENSE_WINDOW_WORDS = 12
# A cue after the expression counts as this many words further away than it is:
# "said Friday that it will ..." is about the saying, which comes first.
FOLLOWING_CUE_PENALTY = 1

_SENTENCE_END = re.compile(r"[.!?]['\"’”]*\s+(?=[A-Z\"'“‘`(])|\n\s*\n")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")

_FUTURE_WORDS = frozenset(
    """will 'll shall won't wo gonna upcoming scheduled expected plans planned planning
    intends intend aims hopes tomorrow next coming would""".split()
)
# Past-tense forms that do not end in -ed, the common ones in news reports.
_IRREGULAR_PAST = frozenset(
    """said was were had did went came told met took made gave began left held won lost fell
    rose sold bought struck found saw got led paid ran sent spent stood thought wrote spoke
    broke chose drove flew fought grew knew meant brought caught felt kept heard became
    began sank shot slid swore threw understood withdrew woke ago yesterday earlier last
    announced arrested killed""".split()
)
# Words ending in -ed that are not past tenses, or that look ahead ("scheduled").
_NOT_PAST_ED = frozenset(
    """need needed proceed proceeds speed bed red seed indeed hundred succeed exceed feed
    breed shed embed scheduled expected planned united based related limited concerned
    interested supposed alleged armed detailed advanced""".split()
)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end offsets of the sentence holding text[start:end]."""
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.start() + 1 if m else len(text)
    return left, right


def _cue(word: str, following: str) -> str | None:
    w = word.lower()
    if w in ("set", "due", "is", "are", "was") and following == "to":
        # "is set to visit", "are due to meet", "was to arrive": an appointment ahead.
        return FUTURE
    if w in _FUTURE_WORDS:
        return FUTURE
    if w in _IRREGULAR_PAST:
        return PAST
    if w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED:
        return PAST
    return None


def clause_tense(text: str, start: int, end: int) -> str | None:
    """PAST or FUTURE by the nearest tense cue in the sentence around text[start:end], or None."""
    left, right = _sentence_bounds(text, start, end)
    before = list(_WORD.finditer(text, left, start))[-TENSE_WINDOW_WORDS:]
    after = list(_WORD.finditer(text, end, right))[: TENSE_WINDOW_WORDS + 1]
    best: tuple[int, str] | None = None
    for i, m in enumerate(before):
        nxt = before[i + 1].group(0).lower() if i + 1 < len(before) else ""
        cue = _cue(m.group(0), nxt)
        if cue is not None:
            distance = len(before) - i
            if best is None or distance <= best[0]:
                best = (distance, cue)
    for i, m in enumerate(after[:TENSE_WINDOW_WORDS]):
        nxt = after[i + 1].group(0).lower() if i + 1 < len(after) else ""
        cue = _cue(m.group(0), nxt)
        if cue is not None:
            distance = i + 1 + FOLLOWING_CUE_PENALTY
            if best is None or distance < best[0]:
                best = (distance, cue)
            break
    return best[1] if best else None
