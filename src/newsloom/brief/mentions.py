"""Dated facts, quotes and events each article states, read so that one fact from two outlets meets.

A mention is one article's statement of one fact: a dated thing (the days, and the words that
say what is dated), a quote (speaker and words) or a coded event; figures are read in
`fuse_figures`. Mentions are grouped into claims by `fuse_group`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

from newsloom.brief.table import WORD, Interval, StoryTable, parse_interval, stem
from newsloom.model import Actor, Analysis, Event

# How many content words either side of a date are read as what the date is about: a clause
# (a month named a few words after the strikes it dates) rarely reaches further.
ANCHOR_REACH = 6
# How many words left of a date are searched for the word it dates ("summit in Lisbon on ...").
HEAD_REACH = 6

# Words that place a date in the day rather than saying what happened on it.
TIME_WORDS = frozenset({
    "dawn", "morning", "afternoon", "evening", "night", "midnight", "noon", "midday", "hours",
    "hour", "early", "late", "day", "days", "week", "weeks", "month", "months", "year", "years",
    "today", "tonight", "yesterday", "tomorrow", "local", "time", "gmt", "utc", "ago", "since",
    "until", "till", "before", "after", "during", "by", "earlier", "later", "start", "end", "mid",
})  # fmt: skip
# Just before a date: wording that moves it ("postponed to", "rescheduled for").
_MOVED_BEFORE = re.compile(
    r"\b(?:postponed|delayed|rescheduled|moved|pushed back|put back|brought forward"
    r"|now (?:set|scheduled|due|expected))\b(?:\s+[\w-]+){0,3}?\s+(?:to|for|until|on|till)\s+$",
    re.IGNORECASE,
)
# Titles that come and go with a name ("Ms Costa", "Ana Costa"): a speaker is known without them.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame"})


@dataclass(frozen=True)
class DateMention:
    """An article dating something: the days, and the words that say what is dated."""

    row: int
    doc: int
    interval: Interval
    head: str | None  # stem of the word the date attaches to ("summi")
    head_is_speech: bool  # "said on Tuesday": the date of a statement, not of the news
    anchors: frozenset[str]  # stems of content words around the date
    phrase: str  # "summit in Lisbon on Wednesday, 14 May"
    polarity: int
    revised: str | None = None  # the wording that moves the date ("postponed to"), if any
    # what the date dates, as a statement: the clause it belongs to (`Timex.clause`), if read
    clause: str | None = None
    words: str = ""  # the time expression as written ("early on Tuesday")


@dataclass(frozen=True)
class QuoteMention:
    """Words an article attributes to a speaker."""

    row: int
    doc: int
    speaker: str
    speaker_words: frozenset[str]
    quote: str
    words: frozenset[str]
    polarity: int
    direct: bool = True  # the speaker's own words, in quotation marks; else reported speech


@dataclass(frozen=True)
class EventMention:
    """A coded event: who did what to whom, when, and whether it happened or was denied."""

    row: int
    doc: int
    event: Event
    type: str
    source: str | None
    target: str | None
    polarity: int
    interval: Interval | None


class DateReading(NamedTuple):
    """One article dating something, before the article is placed in a story: what
    `DateMention` holds but the story's row numbers and the sentence's polarity."""

    sentence: int  # index among the article's sentences
    interval: Interval
    head: str | None
    head_is_speech: bool
    anchors: frozenset[str]
    phrase: str
    revised: str | None
    clause: str | None = None
    words: str = ""


def date_mentions(
    table: StoryTable, doc: int, kept: Sequence[DateReading] | None = None
) -> list[DateMention]:
    """The dated facts of one member (from its kept `read_dates` when given)."""
    member = table.members[doc]
    if kept is None:
        kept = read_dates(member.member.article.text, member.member.analysis, table.speech_verbs)
    out: list[DateMention] = []
    for found in kept:
        row = member.first_row + found.sentence
        out.append(
            DateMention(
                row=row,
                doc=doc,
                interval=found.interval,
                head=found.head,
                head_is_speech=found.head_is_speech,
                anchors=found.anchors,
                phrase=found.phrase,
                polarity=table.sentences[row].polarity,
                revised=found.revised,
                clause=found.clause,
                words=found.words,
            )
        )
    return out


def read_dates(text: str, analysis: Analysis, speech: frozenset[str]) -> list[DateReading]:
    """The dated facts of one analysed article; nothing in them depends on its story (entity
    mentions only block words by their offsets, which a story's names leave as they are)."""
    starts = [s.start for s in analysis.sentences]
    blocked = Blocked(
        [(e.start, e.end) for e in analysis.entities] + [(t.start, t.end) for t in analysis.timexes]
    )
    out: list[DateReading] = []
    for timex in analysis.timexes:
        if timex.type not in ("DATE", "TIME"):
            continue
        interval = parse_interval(timex.value, timex.range_begin, timex.range_end)
        index = _sentence_at(starts, timex.start)
        if interval is None or index is None:
            continue
        sentence = analysis.sentences[index]
        left = _words(text, sentence.start, timex.start, blocked)
        right = _words(text, timex.end, sentence.end, blocked)
        head_word, head_start = _head(left, speech)
        anchors = _anchors(list(reversed(left)), speech)
        anchors |= _anchors(right, speech)
        if head_start is None:
            lead = text[sentence.start : timex.start].split()[-HEAD_REACH:]
            phrase = " ".join([*lead, *timex.text.split()])
        else:
            phrase = " ".join(text[head_start : timex.end].split())
        phrase = _closed(phrase, text, timex.end)
        moved = _MOVED_BEFORE.search(text, max(sentence.start, timex.start - 60), timex.start)
        out.append(
            DateReading(
                sentence=index,
                interval=interval,
                head=stem(head_word) if head_word else None,
                head_is_speech=bool(head_word and head_word.lower() in speech),
                anchors=frozenset(anchors),
                phrase=phrase,
                revised=" ".join(moved.group().split()) if moved else None,
                clause=timex.clause,
                words=" ".join(timex.text.split()),
            )
        )
    return out


def _closed(phrase: str, text: str, end: int) -> str:
    """The phrase with the bracket it opened closed when the text closes it right after: a
    date read inside brackets ("at 04:17 local time (0117 GMT)") is not left dangling."""
    after = text[end : end + 3].lstrip()
    for opening, closing in ("()", "[]"):
        if phrase.count(opening) > phrase.count(closing) and after.startswith(closing):
            return phrase + closing
    return phrase


def _sentence_at(starts: Sequence[int], offset: int) -> int | None:
    """The index of the sentence holding the offset, as `StoryTable.row_at` finds its row."""
    index = bisect_right(starts, offset) - 1
    if index < 0:
        return None if not starts else 0
    return index


def _words(text: str, start: int, end: int, blocked: Blocked) -> list[tuple[str, int, bool]]:
    """(word, offset, free) for the words of text[start:end]; free: not in a name or date."""
    out = []
    for match in WORD.finditer(text, start, end):
        offset = match.start()
        out.append((match.group(), offset, not blocked.holds(offset)))
    return out


class Blocked:
    """Character spans (names, dates) that hold no content word, searchable by offset."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def holds(self, offset: int) -> bool:
        """Whether the offset lies inside one of the spans."""
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


def _content(word: str, free: bool, speech: frozenset[str]) -> bool:
    """Whether a word says what a date is about (not a name, date, time or function word)."""
    lower = word.lower()
    return free and lower not in STOP_WORDS and lower not in TIME_WORDS and lower not in speech


def _head(
    left: list[tuple[str, int, bool]], speech: frozenset[str]
) -> tuple[str | None, int | None]:
    """The nearest content word left of a date (speech verbs count: "said on Tuesday")."""
    for word, offset, free in list(reversed(left))[:HEAD_REACH]:
        lower = word.lower()
        if free and (lower in speech or _content(word, free, speech)):
            return word, offset
    return None, None


def _anchors(words: list[tuple[str, int, bool]], speech: frozenset[str]) -> set[str]:
    """Stems of the first ANCHOR_REACH content words in reading order away from the date."""
    found: list[str] = []
    for word, _, free in words:
        if _content(word, free, speech):
            found.append(stem(word))
            if len(found) == ANCHOR_REACH:
                break
    return set(found)


class QuoteReading(NamedTuple):
    """One quote of an article as fusion reads it, whoever the story says the speaker is."""

    sentence: int | None  # index among the article's sentences (None: the article has none)
    quote: str  # the words, whitespace collapsed
    words: frozenset[str]  # stems of their content words


def read_quotes(analysis: Analysis) -> list[QuoteReading]:
    """One reading per quote of an analysed article, in order."""
    starts = [s.start for s in analysis.sentences]
    return [
        QuoteReading(
            sentence=_sentence_at(starts, quote.start),
            quote=" ".join(quote.quote.split()),
            words=frozenset(
                stem(w) for w in WORD.findall(quote.quote) if w.lower() not in STOP_WORDS
            ),
        )
        for quote in analysis.quotes
    ]


def quote_mentions(
    table: StoryTable, doc: int, kept: Sequence[QuoteReading] | None = None
) -> list[QuoteMention]:
    """The attributed quotes and reported statements of one member (the words from its kept
    `read_quotes` when given; speakers as the story names them)."""
    member = table.members[doc]
    quotes = member.member.analysis.quotes
    if kept is None or len(kept) != len(quotes):
        kept = read_quotes(member.member.analysis)
    out: list[QuoteMention] = []
    for quote, found in zip(quotes, kept, strict=True):
        # A quote of only spaces collapses to "": `quote.quote.strip()` is empty just then.
        if found.sentence is None or not quote.speaker or not found.quote:
            continue
        speaker_words = speaker_key(quote.speaker)
        if not speaker_words:
            continue
        row = member.first_row + found.sentence
        out.append(
            QuoteMention(
                row=row,
                doc=doc,
                speaker=quote.speaker,
                speaker_words=speaker_words,
                quote=found.quote,
                words=found.words,
                polarity=table.sentences[row].polarity,
                direct=quote.direct,
            )
        )
    return out


def speaker_key(speaker: str) -> frozenset[str]:
    """The words that identify a speaker: lower case, honorifics and function words dropped."""
    words = [w.lower().removesuffix("'s").removesuffix("’s") for w in WORD.findall(speaker)]
    return frozenset(w for w in words if w not in _HONORIFICS and w not in STOP_WORDS)


def same_speaker(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two speaker keys name one speaker: equal, or one's words inside the other's."""
    return a == b or a <= b or b <= a


def event_mentions(table: StoryTable, doc: int) -> list[EventMention]:
    """The coded events of one member; hypothetical and generic ones state no event and are
    left out."""
    analysis = table.members[doc].member.analysis
    out: list[EventMention] = []
    for event in analysis.events:
        if event.status in ("hypothetical", "generic"):
            continue
        row = table.row_at(doc, event.start)
        if row is None:
            continue
        sentence = table.sentences[row]
        days = parse_interval(event.date) if event.date else None
        stated = [
            parse_interval(t.value, t.range_begin, t.range_end)
            for t in analysis.timexes
            if sentence.start <= t.start < sentence.end
        ]
        if days is not None and not any(s is not None and s.overlaps(days) for s in stated):
            # No date in the sentence says so: the coder fell back on the publication date,
            # which dates the report, not the event, and must not contradict other reports.
            days = None
        out.append(
            EventMention(
                row=row,
                doc=doc,
                event=event,
                type=event.type,
                source=_actor_key(event.source),
                target=_actor_key(event.target),
                polarity=-1 if event.status in ("denied", "negated") else 1,
                interval=days,
            )
        )
    return out


def _actor_key(actor: Actor | None) -> str | None:
    """An actor's country code, or its canonical name when it has none."""
    if actor is None:
        return None
    return actor.code or actor.canonical
