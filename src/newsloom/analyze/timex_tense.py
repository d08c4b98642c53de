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

_FUTURE_WORDS = frozenset("""will 'll shall won't wo gonna upcoming scheduled tomorrow""".split())
# Words that look ahead when "to" or "for" follows: "is set to visit", "planned for March".
_FUTURE_BEFORE_TO = frozenset(
    """set due is are was plans plan planned planning expects expect expected intends intend
    intended aims aim hopes hope going wants""".split()
)
# Words of intent that look ahead only when "to" follows: "agreed to buy the unit in January",
# told in the past, is a purchase still to come ("voted for" is not).
_INTENT_BEFORE_TO = frozenset(
    """agreed agree agrees agreement decided decide decides promised pledged vowed voted offered
    proposed threatened threatens ready likely prepared""".split()
)
# Cues too weak to count from afar: "said they would look into Wednesday's ruling".
_WEAK_FUTURE_WORDS = frozenset({"would"})
# How near a weak cue must be to count, in words.
WEAK_CUE_WINDOW = 3
# Auxiliaries after which a participle says nothing about time ("will be paid", "is expected").
_PASSIVE_AUXILIARIES = frozenset({"be", "been", "being", "is", "are", "am", "'s"})
# Phrases right before a weekday or date that point ahead: "as early as Tuesday", "until noon".
_FUTURE_LEADS = re.compile(r"(?i)\b(?:as\s+(?:early|soon)\s+as|until|till|through|by|no\s+later\s+than)\s+(?:on\s+|at\s+)?$")
_PAST_LEADS = re.compile(r"(?i)\b(?:up\s+until|since|ago)\s+$")
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


# Verbs of saying after the expression and past a comma or quote, closing the sentence, belong
# to the attribution ("... in early March, an official said Wednesday."), not to the clause that
# holds the expression. "On Friday, the ministry said it would ..." is the saying's own day.
_REPORTING_VERBS = frozenset("""said says say told added reported stated noted""".split())
_ATTRIBUTION_BREAK = re.compile(r"[,;:\"'`”’]|--")
# An attribution ends its sentence within this many words after the verb ("said on Wednesday").
ATTRIBUTION_TAIL_WORDS = 3


def _closing_attribution(text: str, end: int, verb: re.Match[str], sentence_end: int) -> bool:
    """Whether a verb of saying after text[:end] is a trailing attribution, set off by punctuation."""
    if not _ATTRIBUTION_BREAK.search(text, end, verb.start()):
        return False
    tail = _WORD.findall(text, verb.end(), sentence_end)
    return len(tail) <= ATTRIBUTION_TAIL_WORDS


# A possessive after a weekday ("Thursday's ruling") names something that has happened, unless
# a cue says otherwise ("will review Thursday's ruling"); "March's election" may be to come.
_POSSESSIVE = re.compile(r"['’]s\b")
_WEEKDAY_NAME = re.compile(r"(?i)(?:mon|tues|wednes|thurs|fri|satur|sun)day$")


# A deadline in a past-perfect clause is behind the writer: "had filed reports by Wednesday",
# "until Thursday, they had not called him a suspect".
_PAST_PERFECT = frozenset({"had", "hadn't"})


# Sentences are looked for this far either side: further text cannot hold a cue in the window.
SENTENCE_SCAN_CHARS = 400


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The start and end offsets of the sentence holding text[start:end], within reach."""
    left = max(0, start - SENTENCE_SCAN_CHARS)
    for m in _SENTENCE_END.finditer(text, left, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end, end + SENTENCE_SCAN_CHARS)
    right = m.start() + 1 if m else min(len(text), end + SENTENCE_SCAN_CHARS)
    return left, right


def _cue(word: str, following: str, previous: str, before_previous: str = "") -> str | None:
    w = word.lower()
    looks_ahead = w in _FUTURE_WORDS or w in _FUTURE_BEFORE_TO or w in _INTENT_BEFORE_TO
    if "had" in (previous, before_previous) and looks_ahead:
        return PAST  # "had been due to expire Friday": a plan that lies in the past
    if w in _FUTURE_BEFORE_TO and (following == "to" or following == "for" and w not in ("is", "are", "was")):
        return FUTURE
    if w in _INTENT_BEFORE_TO and following == "to":
        return FUTURE
    if w == "be" and previous == "to":
        return FUTURE  # "talks to be held on Monday"
    if w in _FUTURE_WORDS:
        return FUTURE
    if previous in _PASSIVE_AUXILIARIES:
        return None
    if w in _IRREGULAR_PAST:
        return PAST
    if w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED:
        return PAST
    return None


def clause_tense(text: str, start: int, end: int) -> str | None:
    """PAST or FUTURE by the nearest tense cue in the sentence around text[start:end], or None."""
    left, right = _sentence_bounds(text, start, end)
    lead = text[max(left, start - 30) : start]
    # One word more than the window on each side, so the outermost word has a neighbour.
    before = [m.group(0).lower() for m in _WORD.finditer(text, left, start)][-TENSE_WINDOW_WORDS - 1 :]
    after_matches = list(_WORD.finditer(text, end, right))[: TENSE_WINDOW_WORDS + 1]
    after = [m.group(0).lower() for m in after_matches]
    past_perfect = _PAST_PERFECT.intersection(before[-TENSE_WINDOW_WORDS:] + after)
    if _FUTURE_LEADS.search(lead) and not past_perfect:
        return FUTURE  # "until Friday", "by Dec. 15" ... unless "had filed reports by Wednesday"
    if _PAST_LEADS.search(lead):
        return PAST
    best: tuple[int, str] | None = None
    for distance in range(1, min(len(before), TENSE_WINDOW_WORDS) + 1):
        cue = _scan(before, len(before) - distance, distance)
        if cue is not None:
            best = (distance, cue)
            break
    for i in range(min(len(after), TENSE_WINDOW_WORDS)):
        distance = i + 1 + FOLLOWING_CUE_PENALTY
        if best is not None and distance >= best[0]:
            break
        if after[i] in _REPORTING_VERBS and _closing_attribution(text, end, after_matches[i], right):
            continue  # "... in early March, an official said": the saying is not the event's tense
        cue = _scan(after, i, distance)
        if cue is not None:
            best = (distance, cue)
            break
    if best is None and _POSSESSIVE.match(text, end) and _WEEKDAY_NAME.search(text, start, end):
        return PAST  # "Thursday's closing price", "Tuesday's declaration": an event already told
    return best[1] if best else None


def _scan(words: list[str], i: int, distance: int) -> str | None:
    """The tense cue word i of a list gives, if any."""
    w = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    previous = words[i - 1] if i > 0 else ""
    before_previous = words[i - 2] if i > 1 else ""
    if w in _WEAK_FUTURE_WORDS:
        return FUTURE if distance <= WEAK_CUE_WINDOW else None
    return _cue(w, following, previous, before_previous)
