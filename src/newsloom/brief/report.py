"""Building a story's brief from the store: fused claims, conflicts, updates, summary, timeline."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import numpy as np

from newsloom.brief.boilerplate import house_line_spans, without_spans
from newsloom.brief.dating import ReportDate, date_reports
from newsloom.brief.fuse import embed_sentences, fuse_story
from newsloom.brief.headline import follow_updates
from newsloom.brief.model import BriefArticle, DateMention, StoryBrief
from newsloom.brief.readings import ArticleReadings
from newsloom.brief.records import CORROBORATED, Claim
from newsloom.brief.stored_readings import article_readings
from newsloom.brief.summary import SummaryParams, summarize_articles
from newsloom.brief.summary_candidates import SummaryReading
from newsloom.errors import NewsloomError
from newsloom.model import SentenceEmbedder, StoryMember, Timex
from newsloom.store.read import load_members, story_article_ids
from newsloom.store.sqlite import Store
from newsloom.store.stories import story_summary
from newsloom.store.vectors import load_sentence_vectors, save_sentence_vectors

# Word budget of the brief's summary.
SUMMARY_WORDS = 100
# The brief's summariser: the cross-validated one, but each word must earn its place (a
# sentence must cover at least this much concept weight per word, in units of the largest
# weight), so a story with little to say gets a short summary, never one padded with
# background or filler. ROUGE rewards filling the budget; a reader does not.
BRIEF_WORD_COST = 0.05
# A sentence stating a figure or a date the fusion found (single-source ones included: the
# brief marks them so) is preferred by this much, in units of the largest concept weight:
# a brief's summary is its facts (what, how many, when), not the reports' framing.
BRIEF_FACT_WEIGHT = 0.5
# Claims whose sentences count as facts for the summary: every figure and date, and the
# events that two or more outlets report (one outlet's events are often its background).
FACT_KINDS = frozenset({"quantity", "date"})
# Compression is for a fixed-length score: a reader of the brief keeps "on Tuesday" and who
# said it ("Pakistan's Foreign Office confirmed on Sunday that ...").
BRIEF_SUMMARY = replace(
    SummaryParams(), word_cost=BRIEF_WORD_COST, fact_weight=BRIEF_FACT_WEIGHT, compress=False
)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector for the block (where it was running)."""
    # A brief allocates hundreds of thousands of small records that all stay alive until it is
    # done; the collector, counting allocations, ran full passes over them again and again (a
    # quarter of a 200-article story's brief). What the brief leaves behind is collected after.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def build_brief(
    store: Store, story_id: int, embedder: SentenceEmbedder, *, words: int = SUMMARY_WORDS
) -> StoryBrief:
    """Build a story's brief: fuse its articles' facts and summarise it."""
    with collector_paused():
        return _build_brief(store, story_id, embedder, words)


def _build_brief(store: Store, story_id: int, embedder: SentenceEmbedder, words: int) -> StoryBrief:
    """The brief, built with the collector paused."""
    row = story_summary(store, story_id)
    if row is None:
        raise NewsloomError(f"no story with id {story_id}")
    every = _members(store, story_id)
    members = [m for m in every if m.analysis.sentences]
    # Fusion and the summary read the same sentences: their vectors come from the store, and
    # only articles stored before vectors were kept are embedded (once, for both).
    vectors = _sentence_vectors(store, members, embedder)
    # So do their readings: kept ones are taken, the others read in fusion and the summary.
    readings = article_readings(store, members)
    # When each report came out: its date, else an estimate (kept, or near the story's dates).
    dates = date_reports(every)
    fused = fuse_story(
        members, embedder, sentence_vectors=vectors, readings=readings, report_dates=dates
    )
    summary = summarize_articles(
        [m.article for m in members],
        [m.analysis for m in members],
        embedder,
        words=words,
        independent=[m.copy_of is None for m in members],
        sentence_vectors=[vectors.get(m.article_id) for m in members],
        readings=[_summary_reading(readings.get(m.article_id)) for m in members],
        params=BRIEF_SUMMARY,
        facts=_fact_spans(fused.claims, members),
    )
    return StoryBrief(
        id=story_id,
        # The summary's headline is the story's (the most central title, the latest of equals,
        # so it follows an update); the stored row's is its first article's.
        headline=follow_updates(summary.headline or row.headline, fused, members, dates),
        first=row.first,
        last=row.last,
        independent_sources=row.independent_sources,
        articles=tuple(_brief_article(m, dates.get(m.article_id)) for m in every),
        summary=summary,
        claims=fused.claims,
        corroborated=fused.corroborated,
        single_source=fused.single_source,
        conflicts=fused.conflicts,
        updates=fused.updates,
        timeline=fused.timeline,
        coverage=fused.coverage,
        entities=fused.entities,
        dates=_dates(every),
    )


def _members(store: Store, story_id: int) -> list[StoryMember]:
    """The story's members, with nothing read from their outlets' house lines
    (`newsloom.brief.boilerplate`)."""
    every = load_members(store, story_article_ids(store, story_id))
    spans = house_line_spans(store, every, story_id)
    return [without_spans(m, spans[m.article_id]) if m.article_id in spans else m for m in every]


def _sentence_vectors(
    store: Store, members: Sequence[StoryMember], embedder: SentenceEmbedder
) -> dict[int, np.ndarray]:
    """Each member's sentence vectors: stored ones, the rest embedded now and, when the store
    is writable, kept for the next brief (stores from before vectors were kept fill lazily)."""
    stored = load_sentence_vectors(store, {m.article_id: m.analysis.sentences for m in members})
    missing = [m for m in members if m.article_id not in stored]
    if not missing:
        return stored
    fresh = embed_sentences(missing, embedder)
    if not store.readonly:
        save_sentence_vectors(
            store, {m.article_id: (m.analysis.sentences, fresh[m.article_id]) for m in missing}
        )
    return {**stored, **fresh}


def _summary_reading(readings: ArticleReadings | None) -> SummaryReading | None:
    """The summariser's part of an article's readings, if it has any."""
    return readings.summary if readings is not None else None


def _fact_spans(
    claims: Sequence[Claim], members: Sequence[StoryMember]
) -> list[list[tuple[int, int, str]]]:
    """Per member, the sentence spans that state a figure, a date or a corroborated event."""
    index = {m.article_id: i for i, m in enumerate(members)}
    spans: list[list[tuple[int, int, str]]] = [[] for _ in members]
    for claim in claims:
        corroborated_event = claim.kind == "event" and claim.status == CORROBORATED
        if claim.superseded_by or not (claim.kind in FACT_KINDS or corroborated_event):
            continue
        # A fact is its kind and value: claims of one value (74 aircraft, 74 planes; the
        # strike ends at 06:00 on Wednesday, work resumes then) are one fact, told once.
        name = claim.id if claim.value is None else f"{claim.kind}:{claim.value}"
        for e in claim.support:
            if e.article_id in index:
                spans[index[e.article_id]].append((e.start, e.end, name))
    return spans


def _brief_article(member: StoryMember, when: ReportDate | None) -> BriefArticle:
    """The listing of one member: its metadata and copy link, without its text."""
    a = member.article
    estimate = when.estimate if when is not None else member.published_estimate
    return BriefArticle(
        id=member.article_id,
        external_id=a.external_id,
        outlet=a.outlet,
        title=a.title,
        published=a.published,
        url=a.url,
        origin=a.origin,
        copy_of=member.copy_of,
        published_estimate=estimate,
        estimate_basis=when.basis if when is not None and estimate else None,
    )


def _date_value(timex: Timex) -> str:
    """A timex's value as the brief lists it: a range ("April 22nd to 24th") as its ISO 8601
    interval, 2024-04-22/2024-04-24, as the timeline gives it, not as its first day alone."""
    if timex.range_begin and timex.range_end and timex.range_begin != timex.range_end:
        return f"{timex.range_begin}/{timex.range_end}"
    return timex.value


def _dates(members: Sequence[StoryMember]) -> tuple[DateMention, ...]:
    """Every date value the articles mention, in value order, with its wordings as first seen."""
    mentions = sorted(
        (_date_value(t), m.article_id, t.start, t.text) for m in members for t in m.analysis.timexes
    )
    texts: dict[str, list[str]] = {}
    articles: dict[str, set[int]] = defaultdict(set)
    for value, article_id, _, text in mentions:
        seen = texts.setdefault(value, [])
        if text not in seen:
            seen.append(text)
        articles[value].add(article_id)
    return tuple(DateMention(v, tuple(ts), len(articles[v])) for v, ts in texts.items())


def story_claims(store: Store, story_id: int, embedder: SentenceEmbedder) -> list[Claim]:
    """A story's fused claims, without the rest of its brief (no summary)."""
    every = _members(store, story_id)
    members = [m for m in every if m.analysis.sentences]
    vectors = embed_sentences(members, embedder)
    return list(fuse_story(members, embedder, sentence_vectors=vectors).claims)
