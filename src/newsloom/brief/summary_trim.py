"""Trimming a sentence to what a summary needs: no attribution tail, no aside, no "But".

A summary sentence is read without its neighbours and inside a tight word budget, so the
parts that serve the report but not the summary go: a closing attribution ("…, officials said
on Tuesday."), an opening "According to X," a short parenthetical aside, a leading
conjunction or discourse adverb ("But", "However,", "Meanwhile,"), a closing gloss on what
the fact means (", marking a significant step in …"). Each cut is made only when
what is left is still a sentence of its own (capitalised, long enough, full stop kept).
"""

from __future__ import annotations

import re

__all__ = ["compress_sentence", "trim_sentence"]

# What is left after a cut must keep at least this many words, or the cut is not made.
MIN_TRIMMED_WORDS = 6
# Parenthetical asides of at most this many words go ("(about 3 miles)", "(AP)"); longer
# brackets usually hold content.
MAX_ASIDE_WORDS = 8

_SAY = (
    r"(?:said|says|say|told\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}|told\s+reporters|reported"
    r"|reports|announced|added|stated|noted|confirmed|explained)"
)
# Day and time words that may follow the attribution verb: "said on Tuesday", "said late Monday".
_WHEN = (
    r"(?:\s+(?:on|late|early|this|last)?\s*"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight"
    r"|morning|afternoon|evening|night|week|month)){0,3}"
)
# "in a statement", "to reporters", "on condition of anonymity" after the attribution verb.
_SETTING = r"(?:\s+(?:in|on|at|to|during|from|via)\s+[^,;.\"“”]{1,40}?)?"
# The closing attribution, in three shapes, none holding a quotation mark (a quote's words are
# content): ", officials said on Tuesday." / ", said John Smith, a spokesman." /
# ", according to the police."
_SUBJECT_SAYS = rf"[^,;\"“”]{{1,60}}?\s+{_SAY}{_WHEN}{_SETTING}"
_SAYS_NAME = (
    r"(?:said|says)\s+(?:[a-z][\w'’-]*\s+){0,2}(?:[A-Z][\w.'’-]*\s?){1,4}"
    r"(?:,\s+(?:a|an|the)\s[^,;\"“”]{1,60})?"
)
_ACCORDING = r"according\s+to\s+[^,;\"“”]{1,80}?"
_TRAILING_ATTRIBUTION = re.compile(rf",\s+(?:{_SUBJECT_SAYS}|{_SAYS_NAME}|{_ACCORDING})\s*([.!])$")
# A closing gloss on what the fact means: ", marking a significant step in ..." — the
# writer's comment, not the news.
_TRAILING_GLOSS = re.compile(
    r",\s+(?:marking|underscoring|highlighting|signalling|signaling|reflecting|demonstrating"
    r"|illustrating|showcasing|emphasi[sz]ing|symboli[sz]ing)\b[^;\"“”]*?([.!])$"
)
# "According to the police, ..." at the start.
_LEADING_ACCORDING = re.compile(r"^According\s+to\s+[^,]{1,80},\s+")
# "But ...", "And ...", "However, ...", "Meanwhile, ..." at the start.
_LEADING_CONNECTIVE = re.compile(
    r"^(?:And|But|Yet|So|Also|However|Meanwhile|Moreover|Furthermore|Nevertheless|Still"
    r"|In addition|At the same time|Separately|Earlier|Instead|Additionally"
    r"|In an?(?: \w+)? development),?\s+"
)
# A parenthetical aside: "(AP)", "(about 5 miles)", "(pictured)".
_ASIDE = re.compile(r"\s*\(([^()]*)\)")


def trim_sentence(sentence: str) -> str:
    """The sentence without an attribution tail, an opening connective or short asides."""
    text = " ".join(sentence.split())
    if "(" in text:  # every aside opens with one: most sentences need no substitution
        text = _cut(text, _ASIDE.sub(_drop_short_aside, text))
    text = _cut(text, _LEADING_ACCORDING.sub("", text))
    text = _cut(text, _LEADING_CONNECTIVE.sub("", text))
    text = _cut(text, _TRAILING_ATTRIBUTION.sub(r"\1", text))
    text = _cut(text, _TRAILING_GLOSS.sub(r"\1", text))
    return text


def _last_word(text: str) -> str:
    """The text's last word, lower-cased, without closing punctuation."""
    return text.rsplit(None, 1)[-1].rstrip(".!\"”'").lower()


def _drop_short_aside(match: re.Match[str]) -> str:
    """Nothing for a short aside, the match itself for a long one."""
    return "" if len(match.group(1).split()) <= MAX_ASIDE_WORDS else match.group(0)


def _cut(before: str, after: str) -> str:
    """`after`, recapitalised, when it is still a sentence of its own; else `before`."""
    after = after.strip()
    if after == before:
        return before
    if len(after.split()) < MIN_TRIMMED_WORDS or not after[:1].isalnum():
        return before
    if after[-1:] not in ".!\"”'":
        return before
    last = _last_word(after)
    if last in _HANGING_END and last != _last_word(before):
        return before
    return after[0].upper() + after[1:]


# Compression: cuts that drop words a reader of the summary can spare but which may carry
# some content, so they are offered to the selection beside the trimmed sentence rather than
# made outright (`compress_sentence`).
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# A relative time expression: "on Tuesday", "late Monday night", "last week", "earlier this
# month"; the words a report needs to be placed in its week, a summary of it rarely. Dates
# ("in January 2024") are content and stay.
_TIME = (
    rf"(?:on\s+)?(?:(?:late|early)\s+)?{_DAY}(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:last|this|earlier\s+this|later\s+this|early\s+this|late\s+last)\s+"
    r"(?:week|month|year|weekend|morning|afternoon|evening)"
    r"|(?:yesterday|today|tonight)"
)
# A leading adverbial of time, up to its comma: "On Monday, ", "Earlier this week, ".
_LEADING_TIME = re.compile(rf"^(?:{_TIME})(?:\s+(?:morning|afternoon|evening|night))?,\s+", re.I)
# A time expression inside the sentence, after a word: "... met on Tuesday in Geneva"; not
# after a preposition or a determiner that would be left hanging ("by Wednesday", "until
# Monday", "the next year").
_HANGING = ("by", "until", "till", "since", "from", "to", "through", "before", "after", "of")
# A cut never leaves one of these as the sentence's last word ("reached Harbin on.") unless it
# was the last word before ("was going on."): the words it introduced are gone.
_HANGING_END = frozenset(
    (*_HANGING, "on", "in", "at", "for", "with", "into", "during", "till", "the", "a", "an")
) | {"and", "or", "but", "than", "as"}
_NOT_AFTER = "".join(
    rf"(?<!\b{w})"
    for w in (*_HANGING, "on", "in", "during", "early", "late", "for", "at", "and", "or", "the")
)
# ... or set off by a comma at the sentence's end: "... reached the city, on early Friday."
_INNER_TIME = re.compile(
    rf"(?<=[a-z]){_NOT_AFTER}\s+(?:{_TIME})\b(?=[\s,.])|(?<=[a-z]),\s+(?:{_TIME})(?=[.!]$)",
    re.IGNORECASE,
)
# A reporting frame whose clause stands alone: "Officials said the bridge..." -> "The bridge...".
_LEADING_FRAME = re.compile(
    r"^[A-Z][^,;\"“”]{1,50}?\s+(?:said|say|says|reported|announced|confirmed)"
    r"(?:\s+(?:on\s+)?" + _DAY + r")?\s+(?:that\s+)?(?=(?:the|a|an|[A-Z][\w'’-]*)\b)"
)


def compress_sentence(trimmed: str) -> str:
    """A trimmed sentence (`trim_sentence`) further shortened: times relative to the report's
    day ("on Tuesday", "last week") and an opening reporting frame ("Officials said")."""
    text = trimmed
    text = _cut(text, _LEADING_TIME.sub("", text))
    text = _cut(text, _LEADING_FRAME.sub("", text))
    text = _cut(text, _INNER_TIME.sub("", text))
    return text
