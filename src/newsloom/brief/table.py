"""Reading a story for fusion: one table of every member's sentences, with their vectors.

Fusion compares sentences across articles many times over, so each sentence is read once here:
its offsets, the entities and places it names, whether it denies, moves a date or totals,
whether it is salient enough to be a claim, and the background date it is scoped to, if any.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

import numpy as np

from newsloom.analyze.quotes import speech_verb_forms
from newsloom.brief.dating import PUBLISHED, ReportDate, date_reports, parse_published
from newsloom.ingest.clean import MAX_BOILERPLATE_WORDS, is_boilerplate
from newsloom.model import Analysis, SentenceEmbedder, StoryMember, Timex

# A sentence shorter than this is a headline scrap, a byline or a caption, not a statement.
MIN_SALIENT_WORDS = 6
# A date is background when it ends this many days before the story's first report: news
# reports arrive within a day or two of the event, and a week back is already "last week".
BACKGROUND_MARGIN_DAYS = 7
# Entity labels that name a place: figures given for different places measure different things.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Each cue below is a set of trigger words, looked up in the sentence's word set (cheap), and
# a pattern run only on sentences that hold a trigger (the patterns are the costly part).
#
# Denials are explicit verbs; "rejected"/"dismissed" only deny when their object is a claim.
# Plain negation ("did not say when") is left alone: it flips far more sentences than it
# contradicts, and a missed conflict costs less than an invented one.
_DENIAL_WORDS = frozenset({
    "deny", "denied", "denies", "denying", "refute", "refuted", "refutes", "refuting",
    "reject", "rejected", "rejects", "rejecting", "dismiss", "dismissed", "dismisses",
    "dismissing",
})  # fmt: skip
_DENIAL = re.compile(
    r"\b(?:den(?:y|ied|ies|ying)|refut(?:e|ed|es|ing)"
    r"|(?:reject|dismiss)(?:ed|s|es|ing)?\s+(?:the\s+|these\s+|those\s+)?"
    r"(?:claims?|reports?|allegations?|accusations?|suggestions?))\b",
    re.IGNORECASE,
)
# Wording that says a date replaces an earlier one (for coded events, whose dates have no
# position of their own; dated facts and figures read revision wording beside their value).
_DATE_REVISION_WORDS = frozenset({
    "postponed", "delayed", "rescheduled", "moved", "pushed", "put", "brought", "now",
})  # fmt: skip
_DATE_REVISION = re.compile(
    r"\b(?:postponed|delayed|rescheduled|moved|pushed back|put back|brought forward"
    r"|now (?:set|scheduled|due|expected))\b",
    re.IGNORECASE,
)
# Wording that makes a figure a total over a wider area than a figure given without it.
_AGGREGATE_WORDS = frozenset({
    "across", "total", "all", "nationwide", "countrywide", "overall", "altogether", "combined",
})  # fmt: skip
_AGGREGATE = re.compile(
    r"\b(?:across|in total|in all|nationwide|countrywide|overall|altogether|combined)\b",
    re.IGNORECASE,
)
# Words without which no casualty or head count can be stated ("death toll", "the number of").
COUNT_WORDS = frozenset({"toll", "deaths", "fatalities", "number"})
_WORDS = re.compile(r"[a-z]+")
# A word as fusion compares words: letters with inner apostrophes and hyphens ("Benjelloun's").
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Stems are word prefixes of this length: "escalated"/"escalations" and "strike"/"strikes"
# meet, while "project"/"protest" and "confirmed"/"conflict" stay apart.
STEM_CHARS = 5
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def stem(word: str) -> str:
    """A word's comparison key: lower case, possessive dropped, cut to STEM_CHARS."""
    word = word.lower().removesuffix("'s").removesuffix("’s")
    return word[:STEM_CHARS]


@dataclass(frozen=True)
class Interval:
    """The days a time expression covers, and how precise it is."""

    begin: date
    end: date
    grain: str  # "day", "range", "week", "month", "quarter", "half", "season", "year"
    label: str  # the value to show: "2024-04-22", "2024-04-22/2024-04-24", "2025-W20" ...

    def overlaps(self, other: Interval) -> bool:
        """Whether the two share at least one day."""
        return self.begin <= other.end and other.begin <= self.end

    @property
    def precise(self) -> bool:
        """Whether it names particular days, not a week, month or year."""
        return self.grain in ("day", "range")


@dataclass(frozen=True)
class MemberRow:
    """One member with what fusion needs about it beside its sentences."""

    position: int  # index in publication order
    member: StoryMember
    outlet: str
    is_copy: bool
    published: datetime | None  # naive UTC
    day_only: bool  # the publication time is a date without a time of day
    first_row: int
    starts: tuple[int, ...]  # start offsets of its sentences
    words: int  # words in its text
    # the estimated day (ISO) when `published` is an estimate, not a date the report gives
    estimate: str | None = None

    @property
    def published_text(self) -> str | None:
        """The publication time as the article gives it."""
        return self.member.article.published


@dataclass(frozen=True)
class SentenceRow:
    """One sentence of one member, read once."""

    row: int
    doc: int
    start: int
    end: int
    text: str  # whitespace collapsed
    names: frozenset[str]  # canonical names of the entities it mentions
    places: frozenset[str]
    polarity: int  # -1 when it denies something, else +1
    date_revision: bool
    aggregate: bool
    salient: bool
    figures: frozenset[str]
    background_scope: str | None  # a background date it mentions: its figures belong to then
    counts: bool  # it holds one of COUNT_WORDS

    @property
    def words(self) -> frozenset[str]:
        """Its lower-case words (read on each call: no brief step needs them any more)."""
        return frozenset(_WORDS.findall(self.text.lower()))


class SentenceFlags(NamedTuple):
    """What one sentence says of itself, whatever story it is in: kept per article."""

    polarity: int  # -1 when it denies something, else +1
    date_revision: bool
    aggregate: bool
    salient: bool
    figures: frozenset[str]
    counts: bool  # it holds a word a casualty or head count is stated with (COUNT_WORDS)


@dataclass
class StoryTable:
    """Every member's sentences in one table, with their unit vectors and the story's window."""

    members: list[MemberRow]
    sentences: list[SentenceRow]
    vectors: np.ndarray
    window_start: date | None
    window_end: date | None
    speech_verbs: frozenset[str]
    # (value, casualty category) of the figures each row states, filled in once they are read
    figure_keys: dict[int, frozenset[tuple[str, str | None]]] = field(default_factory=dict)

    def similarity(self, a: int, b: int) -> float:
        """Cosine of two sentence rows."""
        return float(self.vectors[a] @ self.vectors[b])

    def figures_differ(self, a: int, b: int) -> bool:
        """Whether two sentences both state figures and share none: then they are other facts."""
        if a == b:
            return False
        sa, sb = self.sentences[a], self.sentences[b]
        if sa.figures and sb.figures and not sa.figures & sb.figures:
            return True
        ka, kb = self.figure_keys.get(a), self.figure_keys.get(b)
        return bool(ka and kb and not ka & kb)

    def row_at(self, doc: int, offset: int) -> int | None:
        """The row of the sentence of member `doc` that holds this character offset."""
        member = self.members[doc]
        index = bisect_right(member.starts, offset) - 1
        if index < 0:
            return None if not member.starts else member.first_row
        return member.first_row + index

    def is_background(self, interval: Interval) -> bool:
        """Whether the interval ends well before the story's first report."""
        if self.window_start is None:
            return False
        return interval.end < self.window_start - timedelta(days=BACKGROUND_MARGIN_DAYS)


def collapse_spaces(text: str) -> str:
    """The text with each run of whitespace made one space, none at either end."""
    # str.split() splits at exactly the characters the pattern \s matches, and faster.
    return " ".join(text.split())


def sentence_texts(member: StoryMember) -> list[str]:
    """The member's sentences as embedded: whitespace collapsed, one per analysis sentence."""
    return [collapse_spaces(s.text) for s in member.analysis.sentences]


def embed_sentences(
    members: Sequence[StoryMember], embedder: SentenceEmbedder
) -> dict[int, np.ndarray]:
    """Sentence vectors for each member, keyed by article id, embedded in one batch."""
    texts: list[str] = []
    spans: list[tuple[int, int, int]] = []
    for member in members:
        own = sentence_texts(member)
        spans.append((member.article_id, len(texts), len(texts) + len(own)))
        texts.extend(own)
    vectors = embedder.embed(texts) if texts else np.zeros((0, 0), dtype=np.float32)
    return {aid: np.asarray(vectors[a:b], dtype=np.float32) for aid, a, b in spans}


def publication_order(when: ReportDate) -> tuple[bool, date, bool, datetime]:
    """Sort key of reports by publication: by day, an estimate after the reports dated that
    day (its time of day is unknown), then by time; undated reports last."""
    if when.published is None:
        return (True, date.min, False, datetime.min)
    return (False, when.published.date(), when.basis != PUBLISHED, when.published)


def published_order(a: MemberRow, b: MemberRow) -> int | None:
    """-1 when a came out before b, 1 when after, None when the order is not known."""
    if a.published is None or b.published is None:
        return None
    if a.day_only or b.day_only:
        if a.published.date() == b.published.date():
            return None
        return -1 if a.published.date() < b.published.date() else 1
    if a.published == b.published:
        return None
    return -1 if a.published < b.published else 1


_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
# TIMEX3 values by grain: a day (at the start of a longer value), week, month, quarter, half,
# season, year.
_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK_VALUE = re.compile(r"(\d{4})-W(\d{2})")
_MONTH_VALUE = re.compile(r"(\d{4})-(\d{2})")
_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])")
_HALF_VALUE = re.compile(r"(\d{4})-H([12])")
_SEASON_VALUE = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_YEAR_VALUE = re.compile(r"(\d{4})")


def parse_interval(
    value: str | None, range_begin: str | None = None, range_end: str | None = None
) -> Interval | None:
    """The days a TIMEX3 value covers; None for unresolved, relative or undated values."""
    if range_begin and range_end:
        begin, end = _day(range_begin), _day(range_end)
        if begin and end and begin <= end:
            grain = "day" if begin == end else "range"
            label = begin.isoformat() if begin == end else f"{begin}/{end}"
            return Interval(begin, end, grain, label)
    if not value:
        return None
    day = _day(value)
    if day is not None:
        return Interval(day, day, "day", day.isoformat())
    try:
        return _coarse_interval(value)
    except ValueError:  # a month 13 or week 54: a resolver slip, not a date
        return None


def _day(value: str) -> date | None:
    """The calendar day at the start of a value like 2024-04-22 or 2025-07-22TAF."""
    match = _DAY_VALUE.match(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _coarse_interval(value: str) -> Interval | None:
    """Weeks, months, quarters, halves, seasons and years."""
    if match := _WEEK_VALUE.fullmatch(value):
        begin = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        return Interval(begin, begin + timedelta(days=6), "week", value)
    if match := _MONTH_VALUE.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        return Interval(date(year, month, 1), _month_end(year, month), "month", value)
    if match := _QUARTER_VALUE.fullmatch(value):
        year, first = int(match[1]), 3 * int(match[2]) - 2
        return Interval(date(year, first, 1), _month_end(year, first + 2), "quarter", value)
    if match := _HALF_VALUE.fullmatch(value):
        year, first = int(match[1]), 6 * int(match[2]) - 5
        return Interval(date(year, first, 1), _month_end(year, first + 5), "half", value)
    if match := _SEASON_VALUE.fullmatch(value):
        year = int(match[1])
        first, last = _SEASONS[match[2]]
        end = _month_end(year + 1, last - 12) if last > 12 else _month_end(year, last)
        return Interval(date(year, first, 1), end, "season", value)
    if match := _YEAR_VALUE.fullmatch(value):
        year = int(match[1])
        return Interval(date(year, 1, 1), date(year, 12, 31), "year", value)
    return None


def _month_end(year: int, month: int) -> date:
    """The last day of a month."""
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def build_table(
    members: Sequence[StoryMember],
    embedder: SentenceEmbedder | None,
    sentence_vectors: Mapping[int, np.ndarray] | None,
    flags: Mapping[int, Sequence[SentenceFlags]] | None = None,
    word_counts: Mapping[int, int] | None = None,
    dates: Mapping[int, ReportDate] | None = None,
) -> StoryTable:
    """The sentence table of a story, members in publication order, vectors filled in.

    `dates`, keyed by article id, holds the members' `date_reports` when the caller has them.

    `flags` and `word_counts`, keyed by article id, hold a member's kept
    `read_sentence_flags` (one per sentence of its analysis) and `count_words` of its text;
    the others are read now.
    """
    report_dates = dates if dates is not None else date_reports(members)
    dated = []
    for member in members:
        when = report_dates.get(member.article_id)
        if when is None:
            when = ReportDate(*parse_published(member.article.published), PUBLISHED)
        dated.append((member, when))
    # Publication order, an undated report by its estimate; reports with neither last, in the
    # caller's order (the sort is stable).
    dated.sort(key=lambda item: publication_order(item[1]))
    # The publication window is that of the dates the reports give: an estimate places a
    # report among them, it does not stretch what counts as the story's own days.
    days = [
        w.published.date() for _, w in dated if w.published is not None and w.basis == PUBLISHED
    ]
    window_start, window_end = (min(days), max(days)) if days else (None, None)

    rows: list[MemberRow] = []
    first_row = 0
    word_counts = word_counts or {}
    for position, (member, when) in enumerate(dated):
        starts = tuple(s.start for s in member.analysis.sentences)
        words = word_counts.get(member.article_id)
        rows.append(
            MemberRow(
                position=position,
                member=member,
                outlet=member.outlet,
                is_copy=member.is_copy,
                published=when.published,
                day_only=when.day_only,
                first_row=first_row,
                starts=starts,
                words=count_words(member.article.text) if words is None else words,
                estimate=when.estimate,
            )
        )
        first_row += len(starts)
    table = StoryTable(
        members=rows,
        sentences=[],
        vectors=_vectors(rows, embedder, sentence_vectors),
        window_start=window_start,
        window_end=window_end,
        speech_verbs=speech_verb_forms(),
    )
    flags = flags or {}
    for row in rows:
        kept = flags.get(row.member.article_id)
        if kept is not None and len(kept) != len(row.starts):
            kept = None
        table.sentences.extend(_read_sentences(table, row, kept))
    return table


def _vectors(
    rows: Sequence[MemberRow],
    embedder: SentenceEmbedder | None,
    cache: Mapping[int, np.ndarray] | None,
) -> np.ndarray:
    """One unit vector per sentence row: from the cache where it fits, else embedded in a batch."""
    cache = cache or {}
    parts: list[np.ndarray | None] = []
    missing: list[str] = []
    for row in rows:
        given = cache.get(row.member.article_id)
        if given is not None and len(given) == len(row.starts):
            parts.append(np.asarray(given, dtype=np.float32))
        else:
            parts.append(None)
            missing.extend(sentence_texts(row.member))
    fresh: np.ndarray | None = None
    if missing:
        if embedder is None:
            raise ValueError("fuse_story needs an embedder for articles without sentence vectors")
        fresh = np.asarray(embedder.embed(missing), dtype=np.float32)
    dim = next((p.shape[1] for p in parts if p is not None and p.ndim == 2 and len(p)), 0)
    if fresh is not None and len(fresh):
        dim = fresh.shape[1]
    taken = 0
    blocks: list[np.ndarray] = []
    for row, part in zip(rows, parts, strict=True):
        if part is None:
            part = fresh[taken : taken + len(row.starts)] if fresh is not None else None
            taken += len(row.starts)
        blocks.append(part if part is not None and len(part) else np.zeros((0, dim), np.float32))
    return np.vstack(blocks) if blocks else np.zeros((0, dim), dtype=np.float32)


def count_words(text: str) -> int:
    """The words of a text, as coverage counts them (runs of non-space)."""
    return len(text.split())


def read_sentence_flags(analysis: Analysis) -> list[SentenceFlags]:
    """What each sentence of an analysed article says of itself (denial, revision, total,
    salience, figures): nothing in it depends on the story the article is in."""
    has_entity = _has_entity(analysis, [s.start for s in analysis.sentences])
    out = []
    for index, span in enumerate(analysis.sentences):
        text = collapse_spaces(span.text)
        words = frozenset(_WORDS.findall(text.lower()))
        out.append(_flags(text, words, has_entity[index]))
    return out


def _has_entity(analysis: Analysis, starts: Sequence[int]) -> list[bool]:
    """Per sentence, whether an entity mention begins in it."""
    count = len(analysis.sentences)
    found = [False] * count
    for entity in analysis.entities:
        index = bisect_right(starts, entity.start) - 1
        if 0 <= index < count:
            found[index] = True
    return found


def _flags(text: str, words: frozenset[str], has_entity: bool) -> SentenceFlags:
    """One sentence's flags, its text whitespace-collapsed and its lower-case words given."""
    return SentenceFlags(
        polarity=-1 if _cue(words, _DENIAL_WORDS, _DENIAL, text) else 1,
        date_revision=_cue(words, _DATE_REVISION_WORDS, _DATE_REVISION, text),
        aggregate=_cue(words, _AGGREGATE_WORDS, _AGGREGATE, text),
        salient=_salient(text, has_entity),
        figures=frozenset(f.replace(",", "") for f in _FIGURE.findall(text)),
        counts=not words.isdisjoint(COUNT_WORDS),
    )


def _read_sentences(
    table: StoryTable, row: MemberRow, kept: Sequence[SentenceFlags] | None
) -> list[SentenceRow]:
    """The sentence rows of one member, its flags read now unless kept ones are given."""
    analysis = row.member.analysis
    count = len(analysis.sentences)
    names: list[set[str]] = [set() for _ in range(count)]
    places: list[set[str]] = [set() for _ in range(count)]
    for entity in analysis.entities:
        index = bisect_right(row.starts, entity.start) - 1
        if 0 <= index < count:
            names[index].add(entity.canonical)
            if entity.label in PLACE_LABELS:
                places[index].add(entity.canonical)
    has_entity = _has_entity(analysis, row.starts) if kept is None else None
    scopes: list[str | None] = [None] * count
    for timex in analysis.timexes:
        index = bisect_right(row.starts, timex.start) - 1
        if 0 <= index < count and scopes[index] is None:
            scopes[index] = _background_value(table, timex)
    out: list[SentenceRow] = []
    for index, span in enumerate(analysis.sentences):
        text = collapse_spaces(span.text)
        if kept is not None:
            flags = kept[index]
        else:
            words = frozenset(_WORDS.findall(text.lower()))
            flags = _flags(text, words, bool(has_entity and has_entity[index]))
        out.append(
            SentenceRow(
                row=row.first_row + index,
                doc=row.position,
                start=span.start,
                end=span.end,
                text=text,
                names=frozenset(names[index]),
                places=frozenset(places[index]),
                polarity=flags.polarity,
                date_revision=flags.date_revision,
                aggregate=flags.aggregate,
                salient=flags.salient,
                figures=flags.figures,
                background_scope=scopes[index],
                counts=flags.counts,
            )
        )
    return out


def _salient(text: str, has_entity: bool) -> bool:
    """Whether a sentence (whitespace collapsed) may lead a statement of its own."""
    words = text.count(" ") + 1
    return (
        words >= MIN_SALIENT_WORDS
        and has_entity
        and not text.endswith("?")
        # A line longer than a boilerplate line is never one: no need to split it again.
        and (words > MAX_BOILERPLATE_WORDS or not is_boilerplate(text))
    )


def _cue(
    words: frozenset[str], triggers: frozenset[str], pattern: re.Pattern[str], text: str
) -> bool:
    """Whether the sentence holds the cue: a trigger word first, then the full pattern."""
    return not words.isdisjoint(triggers) and pattern.search(text) is not None


def _background_value(table: StoryTable, timex: Timex) -> str | None:
    """The timex's value when it is a background date, else None."""
    if timex.type not in ("DATE", "TIME"):
        return None
    interval = parse_interval(timex.value, timex.range_begin, timex.range_end)
    if interval is None or not table.is_background(interval):
        return None
    return interval.label
