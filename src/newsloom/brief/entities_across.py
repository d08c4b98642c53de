"""Story-level entity identity: one canonical entity for the mentions of all a story's articles.

Each article names its entities on its own (`entities.EntityFinder`): "Raisi" in one report,
"Ebrahim Raisi" in another; "Pakistan Foreign Office" here, "Pakistan Ministry of Foreign
Affairs" there. `resolve_story` joins them across the story:

- **people** by `resolve_names` over every article's person names: a short name joins the one
  longer name it ends ("Raisi" → "Ebrahim Raisi"), never when two full names end that way;
- **a lone surname** the small model labelled a place or body ("Raisi said" as GPE) joins the
  one person the story names in full with it, when no place goes by that name;
- **government bodies** by `BodyIdentity`: one body of one country under any of its usual names;
- **everything else** by its normalised name (spelling, accents, "the", possessives).

Each group gets one canonical name: a person's full name; otherwise the name most articles use
(then a name not in a dateline's capitals, then most mentions, then the longest). A mention
keeps its own text and the role its own text states; a country missing from a mention is taken
from the entity's other mentions. The story-level `StoryEntity` merges what all mentions
state: roles, country, names, articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from newsloom.analyze.entities import resolve_names
from newsloom.analyze.entities.gazetteer import normalise_name
from newsloom.analyze.entities.patterns import PLACE_LABELS
from newsloom.brief.entities_bodies import BodyIdentity, body_identity
from newsloom.model import Entity

# Labels whose names a quote's speaker or an event's actor is looked up under first: a name
# that is a person in one place and a place in another is most often the person speaking.
_SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "GPE")

# Labels a lone surname gets from the small model when its article never names the person in
# full ("Raisi said" as GPE). Such a mention is the person's when the story names exactly one
# person in full with that surname, with a role or a country somewhere, and the gazetteer knows
# no place by it (no country): the rule `EntityFinder` applies within one article, story-wide.
RELABELLED_LABELS = frozenset({"GPE", "LOC", "ORG", "NORP", "FAC"})

GroupKey = tuple[str, ...]


@dataclass(frozen=True)
class StoryEntity:
    """One entity of a story, merged over every mention in every article."""

    canonical: str
    label: str
    role: str | None  # the role its mentions state most often
    roles: tuple[str, ...]  # every stated role, most stated first
    country: str | None  # the country its mentions state most often
    names: tuple[str, ...]  # the articles' own canonical names for it, most used first
    mentions: int
    articles: tuple[int, ...]  # positions of the articles that name it


@dataclass(frozen=True)
class StoryIdentity:
    """A story's entities resolved across its articles, and each article's names mapped."""

    articles: tuple[tuple[Entity, ...], ...]  # the mentions, canonical names made story-wide
    entities: tuple[StoryEntity, ...]  # most articles first
    article_names: tuple[Mapping[str, str], ...]  # per article: its canonical name → story's
    story_names: Mapping[str, str]  # any article's canonical name → story's, where unambiguous

    def name(self, article: int, name: str) -> str:
        """The story's canonical name for a name an article uses (a speaker, an actor)."""
        found = self.article_names[article].get(name)
        if found is None:
            found = self.story_names.get(name)
        return found if found is not None else name


def _last_word(name: str) -> str:
    words = normalise_name(name).split()
    return words[-1] if words else ""


def _person_names(names: Sequence[str]) -> dict[str, str]:
    """`resolve_names` over a story, bucketed by last word: only names ending alike can join."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for name in names:
        buckets[_last_word(name)].append(name)
    resolved: dict[str, str] = {}
    for bucket in buckets.values():
        resolved.update(resolve_names(bucket))
    return resolved


def _people(articles: Sequence[Sequence[Entity]]) -> tuple[dict[str, str], frozenset[str]]:
    """Every person name's story-wide name, and the names that are surnames of a person named
    in full somewhere in the story though their own article took them for something else."""
    people = [e.canonical for a in articles for e in a if e.label == "PERSON"]
    persons = _person_names(people)
    # Only a person some mention gives a role or a country: a place the small model took for
    # a person ("Bosa Marina") must not pull in the places named like its last word.
    attested = {
        persons[e.canonical]
        for a in articles
        for e in a
        if e.label == "PERSON" and (e.role or e.country)
    }
    by_last: dict[str, list[str]] = defaultdict(list)
    for name in dict.fromkeys(people):
        by_last[_last_word(name)].append(name)
    surnames: set[str] = set()
    for name in {e.canonical for a in articles for e in a if _may_be_surname(e)}:
        # Each candidate is read against the people alone, so that it changes no person's name.
        same_end = by_last.get(_last_word(name))
        if not same_end:
            continue
        full = persons[name] if name in persons else resolve_names([*same_end, name])[name]
        if full != name and full in attested:
            surnames.add(name)
            persons[name] = full
    return persons, frozenset(surnames)


def _may_be_surname(e: Entity) -> bool:
    """A mention the small model may have mislabelled: a name of no known place or country."""
    return e.label in RELABELLED_LABELS and e.country is None and e.canonical[:1].isupper()


def _is_surname(e: Entity, surnames: frozenset[str]) -> bool:
    """ "Raisi told reporters" tagged GPE in a report that never gives his first name."""
    return _may_be_surname(e) and e.canonical in surnames


def _group_label(label: str) -> str:
    return "place" if label in PLACE_LABELS else label


def resolve_story(
    articles: Sequence[Sequence[Entity]], bodies: BodyIdentity | None = None
) -> StoryIdentity:
    """A story's entities, article by article, with one canonical entity per real entity."""
    groups = _MentionGroups(articles, bodies or body_identity())
    persons = groups.persons
    keys = [[groups.group(e) for e in entities] for entities in articles]
    members: dict[GroupKey, list[tuple[int, Entity]]] = defaultdict(list)
    for position, (entities, article_keys) in enumerate(zip(articles, keys, strict=True)):
        for e, key in zip(entities, article_keys, strict=True):
            members[key].append((position, e))
    story = _distinct({key: _story_entity(key, found, persons) for key, found in members.items()})

    resolved = tuple(
        tuple(
            _story_mention(e, key, story[key])
            for e, key in zip(entities, article_keys, strict=True)
        )
        for entities, article_keys in zip(articles, keys, strict=True)
    )
    return StoryIdentity(
        articles=resolved,
        entities=tuple(
            sorted(story.values(), key=lambda s: (-len(s.articles), -s.mentions, s.canonical))
        ),
        article_names=tuple(
            _name_map(
                (e.label, e.canonical, story[k].canonical) for e, k in zip(a, ks, strict=True)
            )
            for a, ks in zip(articles, keys, strict=True)
        ),
        story_names=_unambiguous(
            (e.canonical, story[k].canonical)
            for a, ks in zip(articles, keys, strict=True)
            for e, k in zip(a, ks, strict=True)
        ),
    )


def _story_mention(e: Entity, key: GroupKey, entity: StoryEntity) -> Entity:
    """A mention with its story entity's name (and label and country where it lacks them)."""
    label = "PERSON" if key[0] == "PERSON" else e.label
    country = e.country or entity.country
    if label == e.label and entity.canonical == e.canonical and country == e.country:
        return e  # most mentions already say it: no copy to make
    return replace(e, label=label, canonical=entity.canonical, country=country)


class _MentionGroups:
    """Which group of a story's mentions each mention joins: one group per real entity."""

    def __init__(self, articles: Sequence[Sequence[Entity]], bodies: BodyIdentity) -> None:
        self.bodies = bodies
        self.persons, self.surnames = _people(articles)
        self._body_keys: dict[tuple[str, str | None, str | None], tuple[str, str] | None] = {}
        # Names a body is known by, so that a mention of one of them with no country of its own
        # joins the body when only one body of one country goes by it.
        self.body_names: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for entities in articles:
            for e in entities:
                if (found := self.body_key(e)) is not None:
                    self.body_names[normalise_name(e.canonical)].add(found)

    def body_key(self, e: Entity) -> tuple[str, str] | None:
        """The government body a mention names, if any (asked once per name, role, country)."""
        cache_key = (e.canonical, e.role, e.country)
        if cache_key not in self._body_keys:
            self._body_keys[cache_key] = self.bodies.key(e)
        return self._body_keys[cache_key]

    def group(self, e: Entity) -> GroupKey:
        """The group a mention joins: a person's, a body's, else its label's and name's."""
        if e.label == "PERSON" or _is_surname(e, self.surnames):
            return ("PERSON", normalise_name(self.persons.get(e.canonical, e.canonical)))
        if e.label == "ORG":
            found = self.body_key(e)
            named = self.body_names.get(normalise_name(e.canonical), set())
            if found is None and len(named) == 1 and e.country in (None, next(iter(named))[0]):
                found = next(iter(named))
            if found is not None:
                return ("body", *found)
        return (_group_label(e.label), normalise_name(e.canonical))


def _story_entity(
    key: GroupKey, found: Sequence[tuple[int, Entity]], persons: Mapping[str, str]
) -> StoryEntity:
    """The merged entity of one group of mentions."""
    if len(found) == 1:
        return _single_entity(key, found[0], persons)
    name_articles: dict[str, set[int]] = defaultdict(set)
    name_mentions: Counter[str] = Counter()
    for position, e in found:
        name_articles[e.canonical].add(position)
        name_mentions[e.canonical] += 1
    # The name most articles use; a dateline's capitals ("OSLO") give way to the same name as
    # running text writes it; then the name most mentions use, then the longest.
    names = sorted(
        name_mentions,
        key=lambda n: (-len(name_articles[n]), n.isupper(), -name_mentions[n], -len(n.split()), n),
    )
    labels = Counter(e.label for _, e in found)
    label = "PERSON" if key[0] == "PERSON" else labels.most_common(1)[0][0]
    canonical = persons.get(names[0], names[0]) if key[0] == "PERSON" else names[0]
    roles = Counter(e.role for _, e in found if e.role)
    countries = Counter(e.country for _, e in found if e.country)
    country = key[1] if key[0] == "body" else _first_most_common(countries, found)
    return StoryEntity(
        canonical=canonical,
        label=label,
        role=roles.most_common(1)[0][0] if roles else None,
        roles=tuple(r for r, _ in roles.most_common()),
        country=country,
        names=tuple(names),
        mentions=len(found),
        articles=tuple(sorted({p for p, _ in found})),
    )


def _single_entity(
    key: GroupKey, found: tuple[int, Entity], persons: Mapping[str, str]
) -> StoryEntity:
    """The entity of a group of one mention (most of a story's groups): what `_story_entity`
    makes of it, without counting."""
    position, e = found
    person = key[0] == "PERSON"
    return StoryEntity(
        canonical=persons.get(e.canonical, e.canonical) if person else e.canonical,
        label="PERSON" if person else e.label,
        role=e.role or None,
        roles=(e.role,) if e.role else (),
        country=key[1] if key[0] == "body" else (e.country or None),
        names=(e.canonical,),
        mentions=1,
        articles=(position,),
    )


def _distinct(story: dict[GroupKey, StoryEntity]) -> dict[GroupKey, StoryEntity]:
    """Entities of different countries that would share a name keep their country in it:
    two countries' "Foreign Office" become "Foreign Office (GBR)" and "Foreign Office (PAK)"."""
    holders: dict[str, list[GroupKey]] = defaultdict(list)
    for key, entity in story.items():
        holders[entity.canonical].append(key)
    for keys in holders.values():
        if len({story[k].country for k in keys if story[k].country}) > 1:
            for key in keys:
                entity = story[key]
                if entity.country:
                    story[key] = replace(entity, canonical=f"{entity.canonical} ({entity.country})")
    return story


def _first_most_common(countries: Counter[str], found: Sequence[tuple[int, Entity]]) -> str | None:
    """The country stated most often; a tie goes to the one stated first."""
    if not countries:
        return None
    top = max(countries.values())
    return next(e.country for _, e in found if e.country and countries[e.country] == top)


def _name_map(triples: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """An article's canonical names → the story's, a speaker label's reading winning a clash."""
    by_name: dict[str, dict[str, str]] = defaultdict(dict)
    for label, name, story_name in triples:
        by_name[name].setdefault(label, story_name)
    out: dict[str, str] = {}
    for name, labels in by_name.items():
        preferred = next((labels[lb] for lb in _SPEAKER_LABELS if lb in labels), None)
        out[name] = preferred if preferred is not None else next(iter(labels.values()))
    return out


def _unambiguous(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Names that map to one story name wherever they occur."""
    targets: dict[str, set[str]] = defaultdict(set)
    for name, story_name in pairs:
        targets[name].add(story_name)
    return {name: next(iter(t)) for name, t in targets.items() if len(t) == 1}


def resolve_across(articles: Sequence[Sequence[Entity]]) -> list[list[Entity]]:
    """A story's entities, article by article, with one canonical name per entity across them."""
    return [list(entities) for entities in resolve_story(articles).articles]
