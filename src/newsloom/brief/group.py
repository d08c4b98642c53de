"""Grouping mentions into claims: the same fact from several articles becomes one claim.

Each kind is grouped by what makes two statements of it the same fact: a date by its days and
the words around it, a figure by its value and what it measures, a quote by its speaker and its
words, an event by its type and actors, and any other salient sentence by its meaning alone.
Groups grow from their first (earliest published) member, the leader, and a newcomer joins the
group whose leader it matches best; leaders, not every member, are compared, so a chain of
near-matches cannot drift from one fact to another.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsloom.brief.figures import QuantityMention, family, measure_stems
from newsloom.brief.mentions import DateMention, EventMention, QuoteMention, same_speaker
from newsloom.brief.table import Interval, StoryTable

# Sentences at least this close in MiniLM space state the same fact. Hand-labelled cross-outlet
# sentence pairs of the demo corpus and the seeds (docs/fusion.md): at 0.80 or more 29 of 29
# say the same thing, 0.76-0.80 10 of 11, 0.72-0.76 16 of 26, 0.65-0.72 about 44 of 62. A
# missed match leaves two single-source claims; a false one corroborates what nobody else
# said, so the bar sits where the labelled pairs stop being nearly all right.
STATEMENT_MATCH_SIMILARITY = 0.76
# A quote joins another by the same speaker at a lower bar: the speaker already narrows it to
# one person's statements. Same-speaker cross-outlet pairs in the demo corpus and the seeds:
# 8 of the 10 at 0.7 or more are one statement, and the figure guard removes one of the two
# that are not ("140 injured" / "212 treated"); from 0.6 to 0.7, 2 of 8 are.
QUOTE_MATCH_SIMILARITY = 0.7
# ... or when this share of the shorter quote's content words are in the longer one (the same
# direct quote, cut differently by two outlets): all 8 such demo pairs are one quote.
QUOTE_WORD_OVERLAP = 0.6
# Quotes shorter than this many content words are matched by meaning only.
MIN_QUOTE_WORDS = 3
# A quote longer than this is cut (with an ellipsis) in a claim's summary.
QUOTE_SHOWN_CHARS = 160
# Two mentions of the same days with a shared word around them date the same thing when their
# sentences are at least this close. Of the 98 such cross-outlet pairs in the demo corpus and
# the seeds, 68 score 0.45 or more and all but two of them date the same thing; of the 30
# below, about half do ("said on Thursday" / "since early Thursday" is one that does not).
DATE_GROUP_SIMILARITY = 0.45
# Figures of one value and kind whose measured nouns differ ("4,500 dockworkers" / "4,500
# workers") measure the same thing when their sentences are this close. In the demo corpus all
# 27 such cross-outlet pairs at 0.5 or more are one figure; of the 11 below, 3 are not ("a 3%
# target range" / "the rate cut to 3.0%", at 0.39-0.42).
QUANTITY_GROUP_SIMILARITY = 0.5
# Kinds whose value alone says which figure it is within one story: two different things of one
# story rarely cost exactly €2.3 billion or shake at exactly magnitude 6.4, while "12 people"
# or "60 buildings" may well count different things.
VALUE_IDENTIFIES_KINDS = frozenset({"money", "magnitude", "area", "mass"})
# Sentences are compared with all others this many at a time: a float matrix of a 200-article
# story (6,000 sentences) would take 144 MB, a block of 512 rows takes 12 MB.
NEIGHBOUR_BLOCK = 512
# A figure in a quote's words ("230", "1.5", "12,000").
_QUOTE_FIGURES = re.compile(r"\d+(?:[.,]\d+)*")
# Significant digits of a figure's value that make two figures the same value.
VALUE_DIGITS = 6


@dataclass
class Draft:
    """A claim before it has an id: its mentions and the sentence rows that support it."""

    kind: str
    key: str
    value: str | float | None
    summary: str
    mentions: list[Any]
    rows: list[int] = field(default_factory=list)
    quoted_doc: int | None = None  # for a quote: the member whose article holds the words shown

    def add(self, mention: Any) -> None:
        """Add a mention and its sentence row."""
        self.mentions.append(mention)
        if mention.row not in self.rows:
            self.rows.append(mention.row)

    @property
    def leader(self) -> Any:
        """The first mention: the earliest published statement of the fact."""
        return self.mentions[0]


def group_dates(table: StoryTable, mentions: Sequence[DateMention]) -> list[Draft]:
    """One draft per dated fact."""
    drafts: list[Draft] = []
    by_begin: dict[Any, list[Draft]] = defaultdict(list)
    anchors: dict[int, set[str]] = {}
    for mention in mentions:
        best, best_score = None, -1.0
        for draft in by_begin[mention.interval.begin]:
            leader: DateMention = draft.leader
            if not same_days(leader.interval, mention.interval):
                continue
            if leader.polarity != mention.polarity:
                continue
            shared = anchors[id(draft)] & mention.anchors or (
                mention.head is not None and mention.head == leader.head
            )
            if not shared:
                continue
            score = 1.0 if leader.row == mention.row else table.similarity(leader.row, mention.row)
            if score >= DATE_GROUP_SIMILARITY and score > best_score:
                best, best_score = draft, score
        if best is None:
            best = Draft("date", "", None, "", [])
            drafts.append(best)
            by_begin[mention.interval.begin].append(best)
            anchors[id(best)] = set()
        best.add(mention)
        anchors[id(best)] |= mention.anchors
    for draft in drafts:
        _describe_date(draft)
    return drafts


def same_days(a: Interval, b: Interval) -> bool:
    """Whether two datings name the same days: equal, or both precise and starting together."""
    return a == b or (a.precise and b.precise and a.begin == b.begin)


def _describe_date(draft: Draft) -> None:
    """Key, value and summary of a date draft: the widest range any outlet gives wins.

    The summary says what the date dates: the clause it belongs to in the first report that
    has one ("AFAD put the death toll at 31 by Wednesday"), else the words before the date."""
    leader: DateMention = draft.leader
    widest = max(draft.mentions, key=lambda m: (m.interval.end - m.interval.begin, -m.row))
    heads = Counter(m.phrase.split()[0].lower() for m in draft.mentions if m.head)
    draft.key = heads.most_common(1)[0][0] if heads else "date"
    draft.value = widest.interval.label
    statement = next((m.clause for m in draft.mentions if m.clause), leader.phrase)
    draft.summary = f"{statement} ({widest.interval.label})"


def group_quantities(table: StoryTable, mentions: Sequence[QuantityMention]) -> list[Draft]:
    """One draft per figure: same kind, unit and value, and the same thing measured."""
    drafts: list[Draft] = []
    buckets: dict[tuple[Any, ...], list[Draft]] = defaultdict(list)
    for mention in mentions:
        scope = table.sentences[mention.row].background_scope
        bucket = (
            *family(mention.kind, mention.unit),
            f"{mention.value:.{VALUE_DIGITS}g}",
            mention.polarity,
            scope,
        )
        joined = None
        for draft in buckets[bucket]:
            if _same_measure(table, draft.leader, mention):
                joined = draft
                break
        if joined is None:
            joined = Draft("quantity", "", mention.value, "", [])
            drafts.append(joined)
            buckets[bucket].append(joined)
        joined.add(mention)
    for draft in drafts:
        measures = Counter(m.measure_text for m in draft.mentions if m.measure)
        leader: QuantityMention = draft.leader
        measure = measures.most_common(1)[0][0] if measures else leader.measure_text
        unit = f", {leader.unit}" if leader.unit and leader.unit != leader.kind else ""
        draft.key = f"{measure} ({leader.kind}{unit})"
        draft.summary = f"{measure}: {leader.text}"
    return drafts


def _same_measure(table: StoryTable, a: QuantityMention, b: QuantityMention) -> bool:
    """Whether two figures of one value measure the same thing ("12 killed" ≠ "12 injured")."""
    if a.casualty or b.casualty:
        return a.measure == b.measure or a.measure is None or b.measure is None
    if a.kind in VALUE_IDENTIFIES_KINDS:
        return True
    if a.measure is None or b.measure is None or a.measure == b.measure:
        return True
    if measure_stems(a.measure_text) & measure_stems(b.measure_text):
        return True
    return a.row == b.row or table.similarity(a.row, b.row) >= QUANTITY_GROUP_SIMILARITY


def group_quotes(table: StoryTable, mentions: Sequence[QuoteMention]) -> list[Draft]:
    """One draft per statement of one speaker, matched by words or by meaning."""
    drafts: list[Draft] = []
    by_word: dict[str, list[Draft]] = defaultdict(list)
    # Each quote's figures, read once: a mention is compared with many drafts' leaders.
    figures = {id(m): _numbers(m) for m in mentions}
    for mention in mentions:
        candidates = {id(d): d for w in mention.speaker_words for d in by_word[w]}
        best, best_score = None, -1.0
        for draft in candidates.values():
            leader: QuoteMention = draft.leader
            if leader.polarity != mention.polarity:
                continue
            if not same_speaker(leader.speaker_words, mention.speaker_words):
                continue
            if (
                table.figures_differ(leader.row, mention.row)
                or figures[id(leader)] != figures[id(mention)]
            ):
                continue  # a statement with other figures is another statement
            score = _quote_score(table, leader, mention)
            if score > best_score:
                best, best_score = draft, score
        if best is None:
            best = Draft("quote", mention.speaker, mention.quote, "", [])
            drafts.append(best)
            for word in mention.speaker_words:
                by_word[word].append(best)
        best.add(mention)
    for draft in drafts:
        _describe_quote(table, draft)
    return drafts


def _numbers(mention: QuoteMention) -> list[str]:
    """The figures a quote states, in order ("230", "1.5")."""
    return _QUOTE_FIGURES.findall(mention.quote)


def _describe_quote(table: StoryTable, draft: Draft) -> None:
    """The statement's summary: the speaker's own quoted words where an article has them.

    Reported speech ("the ministry said the two sides agreed ...") is not the speaker's
    wording, so it is never put in quotation marks; a direct quote of the same statement in any
    article is shown instead, and credited to the outlet whose article holds those words."""
    leader: QuoteMention = draft.leader
    direct = [m for m in draft.mentions if m.direct]
    shown = leader
    if direct and not leader.direct:
        shown = max(direct, key=lambda m: _quote_score(table, leader, m))
    text = shown.quote if len(shown.quote) <= QUOTE_SHOWN_CHARS else _cut(shown.quote)
    draft.value = shown.quote
    if shown.direct:
        draft.summary = f"{shown.speaker}: “{text}”"
    else:
        draft.summary = f"{shown.speaker} (reported, not quoted): {text}"
    draft.quoted_doc = shown.doc if shown.direct else None


def _cut(quote: str) -> str:
    return quote[: QUOTE_SHOWN_CHARS - 3].rstrip() + "…"


def _quote_score(table: StoryTable, a: QuoteMention, b: QuoteMention) -> float:
    """How well two quotes of one speaker match; below zero when they do not."""
    if a.row == b.row:
        return 1.0
    shorter = min(len(a.words), len(b.words))
    if shorter >= MIN_QUOTE_WORDS and len(a.words & b.words) / shorter >= QUOTE_WORD_OVERLAP:
        return 1.0
    score = table.similarity(a.row, b.row)
    return score if score >= QUOTE_MATCH_SIMILARITY else -1.0


def group_events(mentions: Sequence[EventMention]) -> list[Draft]:
    """One draft per event: type, actors and polarity the same, days that can be the same."""
    drafts: list[Draft] = []
    by_key: dict[tuple[Any, ...], list[Draft]] = defaultdict(list)
    for mention in mentions:
        key = (mention.type, mention.source, mention.target, mention.polarity)
        joined = None
        for draft in by_key[key]:
            days = event_days(draft)
            # An undated mention ("Iran struck Pakistan") is the dated one of the same actors;
            # dated ones must name the same days, not just overlap ("mid-May" is not "14 May").
            if mention.interval is None or days is None or same_days(days, mention.interval):
                joined = draft
                break
        if joined is None:
            joined = Draft("event", "", None, "", [])
            drafts.append(joined)
            by_key[key].append(joined)
        joined.add(mention)
    for draft in drafts:
        _describe_event(draft, event_days(draft))
    return drafts


def event_days(draft: Draft) -> Interval | None:
    """The days of an event draft: those of its most precisely dated mention."""
    dated = [m.interval for m in draft.mentions if m.interval is not None]
    return min(dated, key=lambda i: (i.end - i.begin, i.begin)) if dated else None


def _describe_event(draft: Draft, days: Interval | None) -> None:
    """Key, value and summary of an event draft, dated by its most precise mention."""
    leader: EventMention = draft.leader
    event = leader.event
    who = event.source.canonical if event.source else "?"
    whom = f" {event.target.canonical}" if event.target else ""
    when = f" on {days.label}" if days else ""
    draft.key = f"{leader.type} {leader.source or '?'}→{leader.target or '?'}"
    draft.value = days.label if days else None
    draft.summary = f"{who} {leader.type}{whom}{when} ({event.status})"


def group_statements(table: StoryTable, covered: set[int]) -> list[Draft]:
    """Salient sentences no other claim covers, each joined by the sentences that say the same."""
    rows = [s.row for s in table.sentences if s.salient]
    leads = [i for i, row in enumerate(rows) if row not in covered]
    if not leads:
        return []
    # Only an uncovered sentence leads a statement; covered ones (a quote, a figure, a date
    # already speaks for them) join a statement as support when they say the same thing.
    similar = _similar(table.vectors[[rows[i] for i in leads]], table.vectors[rows])
    lead_number = {position: n for n, position in enumerate(leads)}
    is_leader = np.zeros(len(leads), dtype=bool)
    groups: dict[int, list[int]] = {}
    # Uncovered sentences first, in publication order: each joins the closest earlier leader
    # or leads; then the covered ones join whichever leader they match best.
    order = leads + [i for i, row in enumerate(rows) if row in covered]
    for position in order:
        row = rows[position]
        near = np.nonzero(similar[:, position] & is_leader)[0]
        best = _best_leader(table, [rows[leads[n]] for n in near], row) if len(near) else None
        if best is not None:
            groups[best].append(row)
        elif row not in covered:
            is_leader[lead_number[position]] = True
            groups[row] = [row]
    drafts: list[Draft] = []
    for leader_row, members in groups.items():
        sentence = table.sentences[leader_row]
        names = sorted(sentence.names)
        draft = Draft("statement", ", ".join(names[:3]), None, _shorten(sentence.text), [])
        draft.rows.extend(members)
        drafts.append(draft)
    return drafts


def _similar(leads: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Boolean (leads, others): at least STATEMENT_MATCH_SIMILARITY close, computed in blocks."""
    out = np.zeros((len(leads), len(others)), dtype=bool)
    for start in range(0, len(leads), NEIGHBOUR_BLOCK):
        block = leads[start : start + NEIGHBOUR_BLOCK]
        out[start : start + len(block)] = block @ others.T >= STATEMENT_MATCH_SIMILARITY
    return out


def _best_leader(table: StoryTable, leaders: Sequence[int], row: int) -> int | None:
    """The closest matching leader row that says nothing against the sentence."""
    me = table.sentences[row]
    best, best_score = None, -1.0
    for leader in leaders:
        if leader == row:
            continue
        other = table.sentences[leader]
        if other.polarity != me.polarity:
            continue
        # Paraphrases with different figures ("rose to 31" / "killed 12") are different facts.
        if table.figures_differ(me.row, other.row):
            continue
        score = table.similarity(me.row, other.row)
        if score > best_score:
            best, best_score = leader, score
    return best


def _shorten(text: str, limit: int = 220) -> str:
    """A sentence cut to about `limit` characters at a word boundary."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
