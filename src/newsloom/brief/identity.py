"""Story-level identity for fusion: every member's entities, speakers and actors named story-wide.

Each article names entities its own way ("Raisi", "President Raisi", "Ebrahim Raisi";
"Pakistan Foreign Office", "Pakistan Ministry of Foreign Affairs"). Before fusion compares
anything, `resolve_members` re-reads every member through `entities_across.resolve_story`:
entity mentions, quote speakers and event actors get the story's canonical name, so a quote the
Foreign Office gave one outlet and the Ministry of Foreign Affairs gave another has one
speaker, sentences share names across outlets, and the brief lists each entity once with
every outlet that names it (`FusedEntity`). Offsets and mention texts are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from newsloom.brief.dating import parse_published
from newsloom.brief.entities_across import StoryEntity, StoryIdentity, resolve_story
from newsloom.brief.entities_bodies import BodyIdentity
from newsloom.brief.records import FusedEntity
from newsloom.model import Actor, Analysis, Event, Quote, StoryMember


@dataclass(frozen=True)
class ResolvedStory:
    """A story's members with story-wide names, and the identity that named them."""

    members: tuple[StoryMember, ...]  # in the given order
    identity: StoryIdentity

    def entities(self) -> tuple[FusedEntity, ...]:
        """The story's entities with the articles and outlets that name them."""
        order = [_publication_order(m) for m in self.members]  # parsed once, not per entity
        return tuple(_fused_entity(self.members, order, e) for e in self.identity.entities)


def resolve_members(
    members: Sequence[StoryMember], bodies: BodyIdentity | None = None
) -> ResolvedStory:
    """The members with entities, quote speakers and event actors named story-wide."""
    identity = resolve_story([m.analysis.entities for m in members], bodies)
    resolved = tuple(
        replace(m, analysis=_renamed(m.analysis, identity, i)) for i, m in enumerate(members)
    )
    return ResolvedStory(resolved, identity)


def _renamed(analysis: Analysis, identity: StoryIdentity, article: int) -> Analysis:
    """One member's analysis with the story's names."""

    # A record whose name is already the story's is kept as it is (no copy to make).
    def quote(q: Quote) -> Quote:
        if not q.speaker:
            return q
        speaker = identity.name(article, q.speaker)
        return q if speaker == q.speaker else replace(q, speaker=speaker)

    def actor(a: Actor | None) -> Actor | None:
        if a is None:
            return None
        canonical = identity.name(article, a.canonical)
        return a if canonical == a.canonical else replace(a, canonical=canonical)

    def event(e: Event) -> Event:
        source, target = actor(e.source), actor(e.target)
        if source is e.source and target is e.target:
            return e
        return replace(e, source=source, target=target)

    return replace(
        analysis,
        entities=identity.articles[article],
        quotes=tuple(quote(q) for q in analysis.quotes),
        events=tuple(event(e) for e in analysis.events),
    )


def _fused_entity(
    members: Sequence[StoryMember],
    order: Sequence[tuple[bool, datetime]],
    entity: StoryEntity,
) -> FusedEntity:
    """A story entity with article ids and outlets, first reporter first (`order`: each
    member's `_publication_order`)."""
    naming = [members[i] for i in entity.articles]
    ordered = [members[i] for i in sorted(entity.articles, key=order.__getitem__)]
    return FusedEntity(
        name=entity.canonical,
        label=entity.label,
        role=entity.role,
        roles=entity.roles,
        country=entity.country,
        names=entity.names,
        mentions=entity.mentions,
        articles=tuple(m.article_id for m in ordered),
        outlets=tuple(dict.fromkeys(m.outlet for m in ordered)),
        independent_outlets=len({m.outlet for m in naming if not m.is_copy}),
    )


def _publication_order(member: StoryMember) -> tuple[bool, datetime]:
    """Earliest published first, undated last."""
    published, _ = parse_published(member.article.published)
    return published is None, published or datetime.min
