"""Building a story's brief from the store: fused claims, conflicts, updates, summary, timeline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from newsloom.brief.fuse import embed_sentences, fuse_story
from newsloom.brief.identity import resolve_members
from newsloom.brief.model import BriefArticle, DateMention, StoryBrief
from newsloom.brief.records import Claim
from newsloom.brief.summary import summarize_articles
from newsloom.errors import NewsloomError
from newsloom.model import SentenceEmbedder, StoryMember
from newsloom.store.read import load_members, story_article_ids
from newsloom.store.sqlite import Store
from newsloom.store.stories import story_summary

# Word budget of the brief's summary.
SUMMARY_WORDS = 100


def build_brief(
    store: Store, story_id: int, embedder: SentenceEmbedder, *, words: int = SUMMARY_WORDS
) -> StoryBrief:
    """Build a story's brief: fuse its articles' facts and summarise it."""
    row = story_summary(store, story_id)
    if row is None:
        raise NewsloomError(f"no story with id {story_id}")
    every = load_members(store, story_article_ids(store, story_id))
    members = [m for m in every if m.analysis.sentences]
    # Fusion and the summary read the same sentences: embed them once, in one batch, for both.
    vectors = embed_sentences(members, embedder)
    fused = fuse_story(members, embedder, sentence_vectors=vectors)
    # The summary weighs entities by how many outlets name them: by their story-wide names too
    # (fusion resolves its own copy; resolving is cheap next to embedding).
    members = list(resolve_members(members).members)
    summary = summarize_articles(
        [m.article for m in members],
        [m.analysis for m in members],
        embedder,
        words=words,
        independent=[m.copy_of is None for m in members],
        sentence_vectors=[vectors.get(m.article_id) for m in members],
    )
    return StoryBrief(
        id=story_id,
        headline=row.headline,
        first=row.first,
        last=row.last,
        independent_sources=row.independent_sources,
        articles=tuple(_brief_article(m) for m in every),
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


def _brief_article(member: StoryMember) -> BriefArticle:
    """The listing of one member: its metadata and copy link, without its text."""
    a = member.article
    return BriefArticle(
        id=member.article_id,
        external_id=a.external_id,
        outlet=a.outlet,
        title=a.title,
        published=a.published,
        url=a.url,
        origin=a.origin,
        copy_of=member.copy_of,
    )


def _dates(members: Sequence[StoryMember]) -> tuple[DateMention, ...]:
    """Every date value the articles mention, in value order, with its wordings as first seen."""
    mentions = sorted(
        (t.value, m.article_id, t.start, t.text) for m in members for t in m.analysis.timexes
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
    every = load_members(store, story_article_ids(store, story_id))
    members = [m for m in every if m.analysis.sentences]
    vectors = embed_sentences(members, embedder)
    return list(fuse_story(members, embedder, sentence_vectors=vectors).claims)
