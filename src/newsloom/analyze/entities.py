"""Named entities: spaCy NER plus newsloom's ruler, repaired, with canonical names, roles and countries."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence, TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsloom.analyze.entity_patterns import (
    BARE_INSTITUTION_ID,
    INSTITUTION_ID,
    POSSESSIVES,
    Titles,
    add_entity_ruler,
)
from newsloom.analyze.gazetteer import Gazetteer, Place, normalise_name
from newsloom.model import Entity, Span

# The spaCy labels that name actors, places and events; numbers, dates and
# money are handled by their own analysers.
KEPT_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Gazetteer kinds whose display name becomes the canonical name ("U.S." → "United States",
# "Bombay" → "Mumbai"); a region or city keeps the name as the text writes it.
CANONICAL_PLACE_KINDS = frozenset({"country", "alias", "city-alternate"})
# A PERSON or ORG span that is one of these in the gazetteer is a place the small model
# mislabelled ("Sistan-Balochistan" as PERSON); cities are left alone: too many are surnames.
RELABELLED_PLACE_KINDS = frozenset({"country", "alias", "region"})
# A name found after a title is at most this many capitalised tokens: longer runs are
# headline words ("President Raisi Set For Landmark Visit").
MAX_NAME_TOKENS = 3
# A PERSON span is widened over at most this many untagged capitalised tokens on its left:
# the small model often tags only the surname ("Ana [Costa]").
MAX_LEFT_WIDENING = 2
# Tokens that close an apposition after its title: "Ana Costa, Portugal's foreign minister, said".
_APPOSITION_END = frozenset({",", ".", ";", ":", ")", "—", "–", "\n", "said", "says"})
_NAME_PREFIX = re.compile(r"^(?:pro|anti|non)-", re.I)
_POSSESSIVE = re.compile(r"\s*[’']s?$")
_LEADING_THE = re.compile(r"^the\s+", re.I)

ENTITIES_EXTENSION = "newsloom_entities"
RESOLVER_NAME = "newsloom_entities"
if not Doc.has_extension(ENTITIES_EXTENSION):
    Doc.set_extension(ENTITIES_EXTENSION, default=None)

T = TypeVar("T")


@dataclass(frozen=True)
class EntityResources:
    """What entity extraction reads: the gazetteer and the titles table, loaded once."""

    gazetteer: Gazetteer
    titles: Titles

    @classmethod
    def load(cls) -> EntityResources:
        """The package's gazetteer and titles table (~2 s)."""
        return cls(Gazetteer.load(), Titles.load())


@dataclass
class _Mention:
    """A working copy of one entity span while labels, roles and names are settled."""

    start: int  # token offsets into the doc
    end: int
    label: str
    source: str = ""  # the ruler id: an institution, a bare institution, or "" for the NER
    name_start: int = -1  # where the name starts once a title inside the span is skipped
    role: str | None = None
    country: str | None = None
    institution: str | None = None
    place: Place | None = None
    canonical: str = ""


def surface_name(text: str) -> str:
    """The mention without possessive or leading article."""
    return _LEADING_THE.sub("", _POSSESSIVE.sub("", text.strip())).strip()


def _lower(token: Token) -> str:
    """A token as the titles table keys it: lowercased, curly possessive straightened."""
    return "'s" if token.text in ("’s", "'s") else token.lower_


def _table_at(doc: Doc, start: int, end: int, table: Mapping[tuple[str, ...], T], longest: int, from_end: bool) -> tuple[T, int] | None:
    """The longest table phrase starting at `start` (or ending at `end`), with its other edge."""
    for n in range(min(longest, end - start), 0, -1):
        lo, hi = (end - n, end) if from_end else (start, start + n)
        key = tuple(_lower(t) for t in doc[lo:hi])
        if key in table:
            return table[key], (lo if from_end else hi)
    return None


class EntityFinder:
    """Reads a parsed doc's entities: repairs labels, states roles and countries, names them."""

    def __init__(self, resources: EntityResources) -> None:
        self.gazetteer = resources.gazetteer
        self.titles = resources.titles
        self._longest = resources.titles.longest_title
        self._title_words = frozenset(w for key in resources.titles.person for w in key)

    def __call__(self, doc: Doc) -> tuple[Entity, ...]:
        mentions = [
            _Mention(e.start, e.end, e.label_, e.ent_id_, e.start)
            for e in doc.ents
            if e.label_ in KEPT_LABELS
        ]
        mentions = self._add_titled_names(doc, mentions)
        for m in mentions:
            self._read_place(doc, m)
        self._repair_labels(doc, mentions)
        by_end = {m.end: m for m in mentions}
        for m in mentions:
            if m.label == "ORG":
                self._read_org(doc, m, by_end)
        for m in mentions:
            if m.label == "PERSON":
                self._read_person(doc, m, by_end)
        mentions = _join_bare_institutions(doc, mentions)
        self._name_mentions(doc, mentions)
        return tuple(
            Entity(
                text=doc[m.start : m.end].text,
                start=doc[m.start].idx,
                end=doc[m.end - 1].idx + len(doc[m.end - 1].text),
                label=m.label,
                canonical=m.canonical,
                role=m.role,
                country=m.country,
            )
            for m in mentions
            if m.canonical
        )

    # -- finding and repairing spans ------------------------------------------------------

    def _person_title_at(self, doc: Doc, start: int, end: int, from_end: bool) -> tuple[str, int] | None:
        return _table_at(doc, start, end, self.titles.person, self._longest, from_end)

    def _add_titled_names(self, doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
        """Untagged capitalised names right after a capitalised title become PERSON mentions."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        added: list[_Mention] = []
        i = 0
        while i < len(doc):
            hit = None if i in covered or not doc[i].is_title else self._person_title_at(doc, i, len(doc), False)
            if hit is None:
                i += 1
                continue
            j = k = hit[1]
            while k < len(doc) and k - j < MAX_NAME_TOKENS and k not in covered and _is_name_token(doc[k]) and doc[k].lower_ not in self._title_words:
                k += 1
            if k > j and (k == len(doc) or not _is_name_token(doc[k])):
                if self.gazetteer.lookup(doc[j:k].text) is None:
                    added.append(_Mention(j, k, "PERSON", "", j))
                    covered.update(range(j, k))
            i = max(k, i + 1)
        return sorted([*mentions, *added], key=lambda m: m.start)

    def _read_place(self, doc: Doc, m: _Mention) -> None:
        """Gazetteer country for places and demonyms."""
        if m.label in PLACE_LABELS or m.label == "NORP":
            name = _NAME_PREFIX.sub("", surface_name(doc[m.start : m.end].text))
            m.place = self.gazetteer.lookup(name)
            m.country = m.place.country if m.place else None

    def _repair_labels(self, doc: Doc, mentions: list[_Mention]) -> None:
        """Fix the small model's usual mistakes, widening person names it cut short."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        surnames = {
            normalise_name(doc[m.end - 1].text)
            for m in mentions
            if m.label == "PERSON" and m.end - m.start > 1
        }
        by_end = {m.end: m for m in mentions}
        for m in mentions:
            name = surface_name(doc[m.start : m.end].text)
            place = self.gazetteer.lookup(name)
            is_country = place is not None and place.kind in ("country", "alias", "demonym")
            titled = self._stated_role_before(doc, m.start, by_end)[0] or self._apposition_after(doc, m.end, by_end)[0]
            if m.label != "PERSON" and not m.source and not is_country and (
                titled or normalise_name(name) in surnames
            ):
                # "Raisi’s visit" tagged GPE; "Costa, Portugal's foreign minister," tagged GPE.
                m.label, m.place, m.country = "PERSON", None, None
            elif m.label in ("PERSON", "ORG") and not m.source and not titled and place is not None:
                if place.kind == "demonym":
                    m.label, m.place, m.country = "NORP", place, place.country
                elif place.kind in RELABELLED_PLACE_KINDS and normalise_name(name) not in surnames:
                    m.label, m.place, m.country = "GPE", place, place.country
            if m.label == "PERSON":
                while m.start - 1 not in covered and m.start > 0 and m.name_start == m.start and self._widens(doc[m.start - 1]) and m.end - m.start < MAX_NAME_TOKENS + MAX_LEFT_WIDENING:
                    m.start -= 1
                    m.name_start = m.start
                    covered.add(m.start)

    def _widens(self, token: Token) -> bool:
        return _is_name_token(token) and token.lower_ not in self._title_words and token.lower_ not in self.titles.modifiers

    # -- roles and countries ----------------------------------------------------------------

    def _qualifier_before(self, doc: Doc, k: int, by_end: Mapping[int, _Mention]) -> str | None:
        """The country named just before token k: "Iran’s", "Pakistani", "Pakistan’s Foreign Office"."""
        if k > 0 and doc[k - 1].text in POSSESSIVES:
            owner = by_end.get(k - 1)
            if owner is not None and owner.label in PLACE_LABELS:
                return owner.country
        owner = by_end.get(k)
        if owner is not None and owner.label in ("NORP", "ORG"):
            return owner.country
        return None

    def _modifiers_before(self, doc: Doc, start: int, floor: int = 0) -> tuple[list[str], int]:
        """Modifier words ("former", "then-") just before a title, and where they start."""
        mods: list[str] = []
        while start > floor:
            prev = doc[start - 1]
            if prev.text == "-" and start - 1 > floor and doc[start - 2].lower_ in self.titles.modifiers:
                start -= 1
                continue
            if prev.lower_ not in self.titles.modifiers:
                break
            mods.insert(0, prev.lower_)
            start -= 1
        return mods, start

    def _stated_role_before(self, doc: Doc, start: int, by_end: Mapping[int, _Mention]) -> tuple[str | None, str | None]:
        """Role and country from a title before a name: "Iran’s President X", "Portugal's foreign minister, X"."""
        end = start
        comma = end > 0 and doc[end - 1].text == ","
        if comma:
            end -= 1
        hit = self._person_title_at(doc, 0, end, True)
        if hit is None or (hit[1] in by_end and by_end[hit[1]].label == "PERSON"):
            return None, None
        mods, title_start = self._modifiers_before(doc, hit[1])
        country = self._qualifier_before(doc, title_start, by_end)
        if comma and country is None:  # "met the president, Zardari said": no apposition
            return None, None
        return " ".join([*mods, hit[0]]), country

    def _apposition_after(self, doc: Doc, end: int, by_end: Mapping[int, _Mention]) -> tuple[str | None, str | None]:
        """Role and country from an apposition: "X, Portugal's foreign minister," or "X, the Iranian president"."""
        j = end
        if j >= len(doc) or doc[j].text != ",":
            return None, None
        j += 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        country = None
        starts = {m.start: m for m in by_end.values()}
        owner = starts.get(j)
        if owner is not None and owner.label in PLACE_LABELS and owner.end < len(doc) and doc[owner.end].text in POSSESSIVES:
            country, j = owner.country, owner.end + 1
        elif owner is not None and owner.label == "NORP":
            country, j = owner.country, owner.end
        mods: list[str] = []
        while j < len(doc) and doc[j].lower_ in self.titles.modifiers:
            mods.append(doc[j].lower_)
            j += 1
        hit = self._person_title_at(doc, j, len(doc), False)
        if hit is None:
            return None, None
        j = hit[1]
        if j + 1 < len(doc) and doc[j].lower_ == "of" and j + 1 in starts and starts[j + 1].label in PLACE_LABELS:
            country, j = starts[j + 1].country, starts[j + 1].end
        if j < len(doc) and doc[j].lower_ not in _APPOSITION_END:
            return None, None
        return " ".join([*mods, hit[0]]), country

    def _read_person(self, doc: Doc, m: _Mention, by_end: Mapping[int, _Mention]) -> None:
        """Role and country a person's context states; a title inside the span is split off."""
        inner = _table_at(doc, m.start, m.end, self.titles.person, self._longest, False)
        if inner is not None and inner[1] < m.end:
            m.role, m.name_start = inner[0], inner[1]
        for role, country in (self._stated_role_before(doc, m.start, by_end), self._apposition_after(doc, m.end, by_end)):
            m.role = m.role or role
            m.country = m.country or country
        if m.country is None and m.role is not None:
            m.country = self._qualifier_before(doc, m.start, by_end)

    def _read_org(self, doc: Doc, m: _Mention, by_end: Mapping[int, _Mention]) -> None:
        """Role, institution and country of an organisation from its own words or a qualifier before it."""
        hit = _table_at(doc, m.start, m.end, self.titles.org, self._longest, True)
        if hit is not None:
            inst, phrase_start = hit
            mods, qual_end = self._modifiers_before(doc, phrase_start, m.start)
            if qual_end > m.start and doc[qual_end - 1].text in POSSESSIVES:
                qual_end -= 1
            qualifier = surface_name(doc[m.start : qual_end].text) if qual_end > m.start else ""
            m.role = " ".join([*mods, inst.role])
            m.institution = inst.institution
            m.country = self.gazetteer.country_code(qualifier) if qualifier else self._qualifier_before(doc, m.start, by_end)
            if qualifier and m.country is None:  # "Hamas's military wing": not a state body
                m.institution = None
            elif m.country is None and inst.bare:
                m.source = BARE_INSTITUTION_ID
            elif m.country is None:
                m.institution = None
            if m.source == INSTITUTION_ID and m.country is None:
                m.source = ""
            return
        m.country = self._qualifier_before(doc, m.start, by_end) or self._country_in_org_name(doc, m)

    def _country_in_org_name(self, doc: Doc, m: _Mention) -> str | None:
        """A country an organisation's own name carries: "Pakistan Army", "Central Bank of Iran"."""
        first = self.gazetteer.lookup(doc[m.start].text)
        if first is not None and first.kind in ("country", "alias", "demonym") and m.end - m.start > 1:
            return first.country
        words = [t.lower_ for t in doc[m.start : m.end]]
        if "of" in words[1:]:
            tail = doc[m.start + len(words) - words[::-1].index("of") : m.end].text
            place = self.gazetteer.lookup(tail)
            if place is not None and place.kind in ("country", "alias"):
                return place.country
        return None

    # -- canonical names --------------------------------------------------------------------

    def _name_mentions(self, doc: Doc, mentions: list[_Mention]) -> None:
        """Canonical names: one per entity in the article, roles and countries shared among its mentions."""
        for m in mentions:
            if m.canonical:
                continue
            name = surface_name(doc[m.name_start : m.end].text)
            if m.label == "ORG" and m.institution and m.country:
                name = f"{self.gazetteer.country_name(m.country) or m.country} {m.institution}"
            elif m.place is not None and m.place.kind in CANONICAL_PLACE_KINDS and m.label in PLACE_LABELS:
                name = m.place.name
            m.canonical = name
        persons = resolve_names(m.canonical for m in mentions if m.label == "PERSON")
        for m in mentions:
            if m.label == "PERSON":
                m.canonical = persons.get(m.canonical, m.canonical)
        _share_attributes(mentions, ("PERSON", "ORG"))


def _is_name_token(token: Token) -> bool:
    """A capitalised proper-noun token that can be part of a person's name."""
    return token.tag_ == "NNP" and token.is_title and token.is_alpha


def _join_bare_institutions(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Bare institutions ("the foreign office") join the nearest qualified one; lone lowercase ones go."""
    anchors = [m for m in mentions if m.label == "ORG" and m.institution and m.country]
    kept: list[_Mention] = []
    for m in mentions:
        if m.source == BARE_INSTITUTION_ID:
            same = [a for a in anchors if a.institution == m.institution]
            before = [a for a in same if a.start < m.start]
            anchor = before[-1] if before else (same[0] if same else None)
            if anchor is not None:
                m.country = anchor.country
            elif doc[m.start : m.end].text.islower():
                continue  # "the foreign office" of no country the article names: too vague to keep
            else:
                m.institution = None  # "the Foreign Office" alone: kept under its own name
        kept.append(m)
    return kept


def _share_attributes(mentions: list[_Mention], labels: Iterable[str]) -> None:
    """Every mention of an entity gets the first role and country any of its mentions states."""
    wanted = set(labels)
    role: dict[str, str] = {}
    country: dict[str, str] = {}
    for m in mentions:
        if m.label in wanted:
            if m.role:
                role.setdefault(m.canonical, m.role)
            if m.country:
                country.setdefault(m.canonical, m.country)
    for m in mentions:
        if m.label in wanted:
            m.role = m.role or role.get(m.canonical)
            m.country = m.country or country.get(m.canonical)


def resolve_names(names: Iterable[str]) -> dict[str, str]:
    """Map person names to canonical ones: a name joins the one longer name it ends ("Raisi" → "Ebrahim Raisi")."""
    counts = Counter(n for n in names if n)
    keys = {n: normalise_name(n).split() for n in counts}
    mapping: dict[str, str] = {}
    for name, words in keys.items():
        longer = {
            normalise_name(other): other
            for other, other_words in keys.items()
            if len(other_words) > len(words) and other_words[-len(words):] == words
        }
        # Two different full names ending the same way ("Nawaz Sharif", "Shehbaz Sharif") leave
        # the short one alone: guessing would merge two people.
        full = _longest_unique(list(longer.values()))
        mapping[name] = full if full else name
    # Spelling variants of one name ("Hassan Rouhani", "Hasan Ruhani") take the most frequent.
    by_key: dict[str, list[str]] = {}
    for name in counts:
        by_key.setdefault(normalise_name(mapping[name]), []).append(mapping[name])
    best = {k: max(v, key=lambda n: (counts[n], len(n))) for k, v in by_key.items()}
    return {name: best[normalise_name(target)] for name, target in mapping.items()}


def _longest_unique(candidates: list[str]) -> str | None:
    """The longest candidate when all the others are parts of it, else None."""
    if not candidates:
        return None
    longest = max(candidates, key=lambda n: len(normalise_name(n).split()))
    top = normalise_name(longest).split()
    for other in candidates:
        words = normalise_name(other).split()
        if top[-len(words):] != words:
            return None
    return longest


def _story_person_names(articles: Sequence[Sequence[Entity]]) -> dict[str, str]:
    """One canonical name for each person across a story's articles."""
    return resolve_names(e.canonical for entities in articles for e in entities if e.label == "PERSON")


def resolve_across(articles: Sequence[Sequence[Entity]]) -> list[list[Entity]]:
    """A story's entities, article by article, with one canonical name per entity across the articles."""
    persons = _story_person_names(articles)
    spellings: dict[tuple[str, str], Counter[str]] = {}
    for entities in articles:
        for e in entities:
            if e.label != "PERSON":
                group = "place" if e.label in PLACE_LABELS else e.label
                spellings.setdefault((group, normalise_name(e.canonical)), Counter())[e.canonical] += 1
    others = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()}

    def canonical(e: Entity) -> str:
        if e.label == "PERSON":
            return persons.get(e.canonical, e.canonical)
        group = "place" if e.label in PLACE_LABELS else e.label
        return others[(group, normalise_name(e.canonical))]

    # An entity's country is a fact about it, so a mention whose own article does not state
    # it takes the one another article states; a role stays only where its text states it.
    country: dict[tuple[str, str], str] = {}
    for entities in articles:
        for e in entities:
            if e.country:
                country.setdefault((e.label, canonical(e)), e.country)
    return [
        [
            replace(e, canonical=canonical(e), country=e.country or country.get((e.label, canonical(e))))
            for e in entities
        ]
        for entities in articles
    ]


class EntityResolver:
    """The spaCy pipeline component that stores each doc's entities in `doc._.newsloom_entities`."""

    def __init__(self, resources: EntityResources) -> None:
        self.resources = resources
        self.find = EntityFinder(resources)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(ENTITIES_EXTENSION, self.find(doc))
        return doc


@Language.factory(RESOLVER_NAME)
def make_entity_resolver(nlp: Language, name: str) -> EntityResolver:
    """Factory for the entity resolver: loads the gazetteer and titles table once per pipeline."""
    return EntityResolver(EntityResources.load())


def add_entity_pipes(nlp: Language) -> None:
    """Add newsloom's entity ruler after spaCy's NER and the resolver at the end of the pipeline."""
    resolver = nlp.add_pipe(RESOLVER_NAME, last=True)
    add_entity_ruler(nlp, resolver.resources.titles)  # type: ignore[attr-defined]


def extract_entities(doc: Doc, resources: EntityResources | None = None) -> tuple[Entity, ...]:
    """Entity mentions of a parsed doc; loads the resources (~2 s) if the pipeline has no resolver."""
    found = doc._.get(ENTITIES_EXTENSION)
    if found is not None:
        return found  # type: ignore[no-any-return]
    return EntityFinder(resources or EntityResources.load())(doc)


def extract_sentences(doc: Doc) -> tuple[Span, ...]:
    """Sentence spans of a parsed document, blank-only sentences left out."""
    return tuple(
        Span(text=sent.text, start=sent.start_char, end=sent.end_char)
        for sent in doc.sents
        if sent.text.strip()
    )
