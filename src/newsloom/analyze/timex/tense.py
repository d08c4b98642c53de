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
    ["will", "'ll", "shall", "won't", "wo", "gonna", "upcoming", "scheduled", "tomorrow"]
)
# Words that look ahead when "to" or "for" follows: "is set to visit", "planned for March".
_FUTURE_BEFORE_TO = frozenset(
    [
        "set",
        "due",
        "is",
        "are",
        "was",
        "plans",
        "plan",
        "planned",
        "planning",
        "expects",
        "expect",
        "expected",
        "intends",
        "intend",
        "intended",
        "aims",
        "aim",
        "hopes",
        "hope",
        "going",
        "wants",
    ]
)
# Words of intent that look ahead only when "to" follows: "agreed to buy the unit in January",
# told in the past, is a purchase still to come ("voted for" is not).
_INTENT_BEFORE_TO = frozenset(
    [
        "agreed",
        "agree",
        "agrees",
        "agreement",
        "decided",
        "decide",
        "decides",
        "promised",
        "pledged",
        "vowed",
        "voted",
        "offered",
        "proposed",
        "threatened",
        "threatens",
        "ready",
        "likely",
        "prepared",
    ]
)
# Cues too weak to count from afar: "said they would look into Wednesday's ruling".
_WEAK_FUTURE_WORDS = frozenset({"would"})
# How near a weak cue must be to count, in words.
WEAK_CUE_WINDOW = 3
# Auxiliaries after which a participle says nothing about time ("will be paid", "is expected").
_PASSIVE_AUXILIARIES = frozenset({"be", "been", "being", "is", "are", "am", "'s"})
# Phrases right before a weekday or date that point ahead: "as early as Tuesday", "until noon".
_FUTURE_LEADS = re.compile(
    r"(?i)\b(?:as\s+(?:early|soon)\s+as|until|till|through|by|no\s+later\s+than)\s+(?:on\s+|at\s+)?$"
)
# "This year through August", "so far through June": a stretch of the current year up to a month
# already past, whatever "through" would otherwise say about the future.
_SO_FAR_LEADS = re.compile(
    r"(?i)\b(?:this\s+year|so\s+far(?:\s+this\s+year)?|year\s+to\s+date)\s+(?:through|until|till)\s+$"
)
_PAST_LEADS = re.compile(r"(?i)\b(?:up\s+until|since|ago)\s+$")
# Past-tense forms that do not end in -ed, the common ones in news reports.
_IRREGULAR_PAST = frozenset(
    [
        "said",
        "was",
        "were",
        "had",
        "did",
        "went",
        "came",
        "told",
        "met",
        "took",
        "made",
        "gave",
        "began",
        "left",
        "held",
        "won",
        "lost",
        "fell",
        "rose",
        "sold",
        "bought",
        "struck",
        "found",
        "saw",
        "got",
        "led",
        "paid",
        "ran",
        "sent",
        "spent",
        "stood",
        "thought",
        "wrote",
        "spoke",
        "broke",
        "chose",
        "drove",
        "flew",
        "fought",
        "grew",
        "knew",
        "meant",
        "brought",
        "caught",
        "felt",
        "kept",
        "heard",
        "became",
        "began",
        "sank",
        "shot",
        "slid",
        "swore",
        "threw",
        "understood",
        "withdrew",
        "woke",
        "ago",
        "yesterday",
        "earlier",
        "last",
        "announced",
        "arrested",
        "killed",
    ]
)
# Words ending in -ed that are not past tenses, or that look ahead ("scheduled").
_NOT_PAST_ED = frozenset(
    [
        "need",
        "needed",
        "proceed",
        "proceeds",
        "speed",
        "bed",
        "red",
        "seed",
        "indeed",
        "hundred",
        "succeed",
        "exceed",
        "feed",
        "breed",
        "shed",
        "embed",
        "scheduled",
        "expected",
        "planned",
        "united",
        "based",
        "related",
        "limited",
        "concerned",
        "interested",
        "supposed",
        "alleged",
        "armed",
        "detailed",
        "advanced",
    ]
)


# Verbs of saying after the expression and past a comma or quote, closing the sentence, belong
# to the attribution ("... in early March, an official said Wednesday."), not to the clause that
# holds the expression. "On Friday, the ministry said it would ..." is the saying's own day.
_REPORTING_VERBS = frozenset(
    ["said", "says", "say", "told", "added", "reported", "stated", "noted"]
)
_ATTRIBUTION_BREAK = re.compile(r"[,;:\"'`”’]|--")
# An attribution ends its sentence within this many words after the verb ("said on Wednesday").
ATTRIBUTION_TAIL_WORDS = 3


def _closing_attribution(text: str, end: int, verb: re.Match[str], sentence_end: int) -> bool:
    """Whether a saying verb after text[:end] is a trailing attribution, set off by punctuation."""
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
    after = _SENTENCE_END.search(text, end, end + SENTENCE_SCAN_CHARS)
    right = after.start() + 1 if after else min(len(text), end + SENTENCE_SCAN_CHARS)
    return left, right


def _cue(word: str, following: str, previous: str, before_previous: str = "") -> str | None:
    w = word.lower()
    looks_ahead = w in _FUTURE_WORDS or w in _FUTURE_BEFORE_TO or w in _INTENT_BEFORE_TO
    if "had" in (previous, before_previous) and looks_ahead:
        return PAST  # "had been due to expire Friday": a plan that lies in the past
    if w in _FUTURE_BEFORE_TO and (
        following == "to" or following == "for" and w not in ("is", "are", "was")
    ):
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
        if (
            previous in _DETERMINERS
            or previous == "still"
            or (before_previous in _DETERMINERS and previous.endswith("ly"))
        ):
            return None  # "the proposed sale", "a newly revised date": an adjective, no tense
        return PAST
    return None


# Words before a noun phrase: an -ed word right after one is an adjective ("the planned merger").
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "any",
        "some",
        "no",
        "each",
        "every",
    ]
)


def clause_tense(text: str, start: int, end: int) -> str | None:
    """PAST or FUTURE by the nearest tense cue in the sentence around text[start:end], or None."""
    left, right = _sentence_bounds(text, start, end)
    lead = text[max(left, start - 30) : start]
    # One word more than the window on each side, so the outermost word has a neighbour.
    before = [m.group(0).lower() for m in _WORD.finditer(text, left, start)][
        -TENSE_WINDOW_WORDS - 1 :
    ]
    after_matches = list(_WORD.finditer(text, end, right))[: TENSE_WINDOW_WORDS + 1]
    after = [m.group(0).lower() for m in after_matches]
    past_perfect = _PAST_PERFECT.intersection(before[-TENSE_WINDOW_WORDS:] + after)
    if _SO_FAR_LEADS.search(lead):
        return PAST  # "sales this year through August": the end of a stretch up to now
    if _FUTURE_LEADS.search(lead) and not past_perfect:
        return FUTURE  # "until Friday", "by Dec. 15" ... unless "had filed reports by Wednesday"
    if _PAST_LEADS.search(lead):
        return PAST
    best = _cue_before(before)
    for i in range(min(len(after), TENSE_WINDOW_WORDS)):
        distance = i + 1 + FOLLOWING_CUE_PENALTY
        if best is not None and distance >= best[0]:
            break
        if after[i] in _REPORTING_VERBS and _closing_attribution(
            text, end, after_matches[i], right
        ):
            continue  # "... in early March, an official said": the saying is not the event's tense
        cue = _scan(after, i, distance)
        if cue is not None:
            best = (distance, cue)
            break
    if best is None and _POSSESSIVE.match(text, end) and _WEEKDAY_NAME.search(text, start, end):
        return PAST  # "Thursday's closing price", "Tuesday's declaration": an event already told
    return best[1] if best else None


def _cue_before(before: list[str]) -> tuple[int, str] | None:
    """The nearest tense cue in the words before the expression, with its distance; or None."""
    for distance in range(1, min(len(before), TENSE_WINDOW_WORDS) + 1):
        i = len(before) - distance
        # Auxiliaries between a modal and the expression belong to its verb group: "would be
        # repaid in five years" has "would" as near as "would repay" does.
        auxiliaries = sum(w in _GROUP_AUXILIARIES for w in before[i + 1 :])
        cue = _scan(before, i, distance - auxiliaries)
        if cue is not None:
            return (distance, cue)
    return None


def _scan(words: list[str], i: int, distance: int) -> str | None:
    """The tense cue word i of a list gives, if any."""
    w = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    previous = words[i - 1] if i > 0 else ""
    before_previous = words[i - 2] if i > 1 else ""
    if w in _WEAK_FUTURE_WORDS:
        return FUTURE if distance <= WEAK_CUE_WINDOW else None
    if w in _PAST_AUXILIARIES and _looks_ahead_to(words, i + 1):
        return FUTURE  # "were planning to drive", "was set to meet": a plan, still to come
    return _cue(w, following, previous, before_previous)


# Words that may stand between a modal and its verb without leaving the verb group.
_GROUP_AUXILIARIES = frozenset({"be", "been", "have", "being"})
# Past auxiliaries that take the tense of the plan after them: "were planning to", "was due to".
_PAST_AUXILIARIES = frozenset({"was", "were"})


def _looks_ahead_to(words: list[str], i: int) -> bool:
    """Whether words[i] is a word of plan or intent with "to" right after it."""
    if i + 1 >= len(words) or words[i + 1] != "to":
        return False
    w = words[i]
    return (
        w in _FUTURE_BEFORE_TO
        or w in _INTENT_BEFORE_TO
        or w in ("planning", "preparing", "hoping", "scheduled")
    )
