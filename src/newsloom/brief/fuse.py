"""Story fusion: what every outlet agrees on, where they conflict, and what only one outlet claims.

`fuse_story` reads the analysed articles of one story and returns a `FusedStory`:

0. **Identity** (`fuse_identity`): each entity gets one name across the story ("Raisi" =
   "Ebrahim Raisi"; a country's "Foreign Office" = its "Ministry of Foreign Affairs"), in the
   entities, quote speakers and event actors fusion reads, and is listed once with its outlets.
1. **Claims.** Each article's facts are read as mentions (`fuse_mentions`): coded events, dated
   facts, figures with what they measure, attributed quotes; every other salient sentence is a
   statement. Mentions of the same fact from different articles are grouped into one claim
   (`fuse_group`), by normalised values where there are values and by sentence meaning (MiniLM
   vectors) where there are only words. A claim carried by two or more independent outlets is
   corroborated; a syndicated copy adds its outlet but not a source.
2. **Conflicts and updates** (`fuse_compare`): claims about the same thing that cannot both be
   true. A later report that says it revises, or a casualty toll that grew, is an update.
3. **Timeline and coverage** (`fuse_timeline`): dated claims in order, background marked and
   the story's own event flagged; per outlet its first report, exclusives and omissions.

Sentence vectors are the only costly input. Pass them in (`sentence_vectors`, one row per
`Analysis.sentences` entry, keyed by article id, as `embed_sentences` makes them) to skip the
embedder; whatever is missing is embedded in one batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from newsloom.brief.compare import (
    Comparison,
    compare_dates,
    compare_denials,
    compare_events,
    compare_quantities,
    make_facts,
)
from newsloom.brief.dating import ReportDate
from newsloom.brief.figures import QuantityMention, figure_keys, quantity_mentions
from newsloom.brief.group import (
    Draft,
    group_dates,
    group_events,
    group_quantities,
    group_quotes,
    group_statements,
)
from newsloom.brief.identity import resolve_members
from newsloom.brief.mentions import (
    DateMention,
    EventMention,
    QuoteMention,
    date_mentions,
    event_mentions,
    quote_mentions,
)
from newsloom.brief.readings import ArticleReadings
from newsloom.brief.records import (
    CORROBORATED,
    SINGLE_SOURCE,
    Claim,
    Conflict,
    ConflictSide,
    Evidence,
    FusedEntity,
    FusedStory,
    OutletCoverage,
    TimelineEntry,
    Update,
)
from newsloom.brief.repeats import mark_repeats
from newsloom.brief.table import StoryTable, build_table, embed_sentences
from newsloom.brief.timeline import build_coverage, build_timeline
from newsloom.model import SentenceEmbedder, StoryMember

__all__ = [
    "MIN_CORROBORATING_OUTLETS",
    "Claim",
    "Conflict",
    "ConflictSide",
    "Evidence",
    "FusedEntity",
    "FusedStory",
    "OutletCoverage",
    "SentenceEmbedder",
    "TimelineEntry",
    "Update",
    "embed_sentences",
    "fuse_story",
]

# A claim is corroborated when this many independent outlets carry it: two outlets that
# reported separately is the least that makes a fact more than one outlet's word.
MIN_CORROBORATING_OUTLETS = 2
# Claims are listed kind by kind, the most structured first.
_KIND_ORDER = ("event", "date", "quantity", "quote", "statement")


def fuse_story(
    members: Sequence[StoryMember],
    embedder: SentenceEmbedder | None,
    sentence_vectors: Mapping[int, np.ndarray] | None = None,
    readings: Mapping[int, ArticleReadings] | None = None,
    report_dates: Mapping[int, ReportDate] | None = None,
) -> FusedStory:
    """Claims, conflicts, updates, timeline and outlet coverage of one story's articles.

    `readings`, keyed by article id, holds the members' kept `read_article` readings: their
    sentence flags and dated facts are then taken from them instead of being read again.
    `report_dates`, keyed by article id, holds the members' `date_reports` when the caller has
    them.
    """
    if not members:
        return FusedStory((), (), (), (), (), (), (), 0)
    readings = readings or {}
    # One name per entity across the story first: speakers, actors and the names sentences
    # share are then compared as the same entity however each outlet named it.
    resolved = resolve_members(members)
    flags = {aid: r.flags for aid, r in readings.items()}
    words = {aid: r.words for aid, r in readings.items()}
    table = build_table(resolved.members, embedder, sentence_vectors, flags, words, report_dates)
    events: list[EventMention] = []
    dates: list[DateMention] = []
    figures: list[QuantityMention] = []
    quotes: list[QuoteMention] = []
    for doc, row in enumerate(table.members):
        kept = readings.get(row.member.article_id)
        events.extend(event_mentions(table, doc))
        dates.extend(date_mentions(table, doc, kept.dates if kept is not None else None))
        figures.extend(quantity_mentions(table, doc))
        quotes.extend(quote_mentions(table, doc, kept.quotes if kept is not None else None))
    table.figure_keys = figure_keys(figures)
    drafts = (
        group_events(events)
        + group_dates(table, dates)
        + group_quantities(table, figures)
        + group_quotes(table, quotes)
    )
    covered = {row for d in drafts if not _dates_a_statement(d) for row in d.rows}
    drafts += group_statements(table, covered)
    claims, drafts = _finalise(table, drafts)

    facts = make_facts(table, claims, drafts)
    by_kind = {kind: [f for f in facts if f.claim.kind == kind] for kind in _KIND_ORDER}
    comparison = Comparison(table)
    compare_events(comparison, by_kind["event"])
    compare_dates(comparison, by_kind["date"])
    compare_quantities(comparison, by_kind["quantity"])
    compare_denials(comparison, facts)

    superseded = {u.earlier: u.later for u in comparison.updates}
    claims = [
        replace(c, superseded_by=superseded[c.id]) if c.id in superseded else c for c in claims
    ]
    # A line another line already says is listed once (the claims all stay, for the timeline).
    claims = mark_repeats(claims, drafts)
    listed = [c for c in claims if c.repeats is None]
    facts = [replace(f, claim=c) for f, c in zip(facts, claims, strict=True)]
    return FusedStory(
        claims=tuple(claims),
        corroborated=tuple(c for c in listed if c.corroborated),
        single_source=tuple(c for c in listed if not c.corroborated),
        conflicts=tuple(comparison.conflicts),
        updates=tuple(comparison.updates),
        timeline=tuple(build_timeline(table, facts)),
        coverage=tuple(build_coverage(table, listed)),
        independent_outlets=len({m.outlet for m in table.members if not m.is_copy}),
        entities=resolved.entities(),
    )


def _dates_a_statement(draft: Draft) -> bool:
    """Whether a draft only dates a statement ("said on Tuesday"): it does not cover the news."""
    return draft.kind == "date" and all(m.head_is_speech for m in draft.mentions)


def _finalise(table: StoryTable, drafts: Sequence[Draft]) -> tuple[list[Claim], list[Draft]]:
    """Claims with ids and evidence, kind by kind, the most widely carried first."""
    ranked = []
    for draft in drafts:
        if not draft.rows:
            continue
        draft.rows.sort()
        outlets = {
            table.members[table.sentences[row].doc].outlet
            for row in draft.rows
            if not table.members[table.sentences[row].doc].is_copy
        }
        ranked.append(((_KIND_ORDER.index(draft.kind), -len(outlets), draft.rows[0]), draft))
    ranked.sort(key=lambda pair: pair[0])
    counters = dict.fromkeys(_KIND_ORDER, 0)
    claims: list[Claim] = []
    for _, draft in ranked:
        counters[draft.kind] += 1
        claims.append(_claim(table, draft, f"{draft.kind}-{counters[draft.kind]}"))
    return claims, [d for _, d in ranked]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence's span without the spaces and blank lines the parser leaves around it."""
    span = text[start:end]
    return start + len(span) - len(span.lstrip()), end - len(span) + len(span.rstrip())


def _claim(table: StoryTable, draft: Draft, claim_id: str) -> Claim:
    """A claim from a draft: evidence in publication order, outlets counted."""
    evidence: list[Evidence] = []
    first_reported = None
    for row in draft.rows:
        sentence = table.sentences[row]
        member = table.members[sentence.doc]
        text = member.member.article.text
        published = member.published_text
        if first_reported is None and member.published is not None and member.estimate is None:
            first_reported = published
        start, end = _trimmed(text, sentence.start, sentence.end)
        evidence.append(
            Evidence(
                article_id=member.member.article_id,
                outlet=member.outlet,
                is_copy=member.is_copy,
                sentence=text[start:end],
                start=start,
                end=end,
                published=published,
            )
        )
    independent = len({e.outlet for e in evidence if not e.is_copy})
    outlets = tuple(dict.fromkeys(e.outlet for e in evidence))
    summary = draft.summary
    if draft.quoted_doc is not None and len(outlets) > 1:
        # The words shown are one article's: say whose, the others may have paraphrased them.
        summary += f" (words as quoted by {table.members[draft.quoted_doc].outlet})"
    return Claim(
        id=claim_id,
        kind=draft.kind,
        summary=summary,
        key=draft.key,
        value=draft.value,
        support=tuple(evidence),
        independent_outlets=independent,
        status=CORROBORATED if independent >= MIN_CORROBORATING_OUTLETS else SINGLE_SOURCE,
        outlets=outlets,
        first_reported=first_reported,
    )
