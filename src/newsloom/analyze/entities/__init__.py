"""Named entities from spaCy and newsloom's ruler, repaired, with names, roles and countries."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsloom.analyze.entities.ambiguous import settle_ambiguous_places
from newsloom.analyze.entities.gazetteer import Place, normalise_name
from newsloom.analyze.entities.orgs import drop_non_names, relabel_organisations
from newsloom.analyze.entities.patterns import (
    BARE_INSTITUTION_ID,
    INSTITUTION_ID,
    PLACE_LABELS,
    POSSESSIVES,
    EntityResources,
    Mention,
    TitleContext,
    add_entity_ruler,
    surface_name,
    table_at,
    titled_tokens,
)
from newsloom.model import Entity, Span

# The spaCy labels that name actors, places and events; numbers, dates and
# money are handled by their own analysers.
KEPT_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"})
# Gazetteer kinds whose display name becomes the canonical name ("U.S." → "United States",
# "Bombay" → "Mumbai"); a region or city keeps the name as the text writes it.
CANONICAL_PLACE_KINDS = frozenset({"country", "alias", "city-alternate"})
# A PERSON or ORG span that is one of these in the gazetteer is a place the small model
# mislabelled ("Sistan-Balochistan" as PERSON); cities are left alone: too many are surnames.
RELABELLED_PLACE_KINDS = frozenset({"country", "alias", "region"})
# A PERSON or ORG span naming a city this big is the city: few people or bodies are named
# "Glasgow" or "Rotterdam"; smaller cities are relabelled only after "in", "from" and the like.
RELABELLED_CITY_POPULATION = 500_000
_LOCATIVES = frozenset({"in", "at", "from", "near", "outside", "around", "into", "via", "to"})
# A name found after a title is at most this many capitalised tokens: longer runs are
# headline words ("President Raisi Set For Landmark Visit").
MAX_NAME_TOKENS = 3
# A PERSON span is widened over at most this many untagged capitalised tokens on its left:
# the small model often tags only the surname ("Ana [Costa]").
MAX_LEFT_WIDENING = 2
_NAME_PREFIX = re.compile(r"^(?:pro|anti|non)-", re.IGNORECASE)

ENTITIES_EXTENSION = "newsloom_entities"
RESOLVER_NAME = "newsloom_entities"
if not Doc.has_extension(ENTITIES_EXTENSION):
    Doc.set_extension(ENTITIES_EXTENSION, default=None)


class EntityFinder:
    """Reads a parsed doc's entities: repairs labels, states roles and countries, names them."""

    def __init__(self, resources: EntityResources) -> None:
        self.gazetteer = resources.gazetteer
        self.titles = resources.titles
        self.context = TitleContext(resources.titles)

    def __call__(self, doc: Doc) -> tuple[Entity, ...]:
        mentions = [
            Mention(e.start, e.end, e.label_, e.ent_id_, e.start)
            for e in doc.ents
            if e.label_ in KEPT_LABELS
        ]
        mentions = drop_non_names(doc, _trim_at_line_breaks(doc, mentions))
        mentions = self._drop_title_fragments(doc, mentions)
        mentions = self._add_titled_names(doc, mentions)
        for m in mentions:
            self._read_place(doc, m)
        self._repair_labels(doc, mentions)
        by_end = {m.end: m for m in mentions}
        self._place_countries_the_text_gives(doc, mentions, by_end)
        for m in mentions:
            if m.label == "ORG":
                self._read_org(doc, m, by_end)
        for m in mentions:
            if m.label == "PERSON":
                self._read_person(doc, m, by_end)
        mentions = _join_bare_institutions(doc, mentions)
        settle_ambiguous_places(doc, mentions, self.gazetteer)
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

    def _drop_title_fragments(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Drop NER spans that are words of a title before a name ("[Energy] Minister X")."""
        starts = {m.start for m in mentions}
        dropped: set[int] = set()
        for i in titled_tokens(doc):
            hit = self.context.person_title_at(doc, i, len(doc), False)
            if hit is None or hit[1] >= len(doc):
                continue
            after = doc[hit[1]]
            if hit[1] in starts or after.text == "," or _is_name_token(after):
                dropped.update(
                    id(m)
                    for m in mentions
                    if m.label == "ORG" and not m.source and i <= m.start and m.end <= hit[1]
                )
        return [m for m in mentions if id(m) not in dropped]

    def _add_titled_names(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Untagged capitalised names right after a capitalised title become PERSON mentions."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        added: list[Mention] = []
        i = 0
        for start in titled_tokens(doc):
            if start < i or start in covered:
                continue
            i = start
            hit = self.context.person_title_at(doc, i, len(doc), False)
            if hit is None:
                continue
            j = k = hit[1]
            while (
                k < len(doc)
                and k - j < MAX_NAME_TOKENS
                and k not in covered
                and _is_name_token(doc[k])
                and doc[k].lower_ not in self.context.title_words
            ):
                k += 1
            ends_name = k == len(doc) or not _is_name_token(doc[k])
            if k > j and ends_name and self.gazetteer.lookup(doc[j:k].text) is None:
                added.append(Mention(j, k, "PERSON", "", j))
                covered.update(range(j, k))
            i = max(k, i + 1)
        return sorted([*mentions, *added], key=lambda m: m.start)

    def _read_place(self, doc: Doc, m: Mention) -> None:
        """Gazetteer country for places and demonyms."""
        if m.label in PLACE_LABELS or m.label == "NORP":
            name = _NAME_PREFIX.sub("", surface_name(doc[m.start : m.end].text))
            m.place = self.gazetteer.lookup(name)
            m.country = m.place.country if m.place else None

    def _place_countries_the_text_gives(
        self, doc: Doc, mentions: list[Mention], by_end: Mapping[int, Mention]
    ) -> None:
        """A town the text puts in a country ("Tanzania's Pemba") is in that country, in
        every mention of it: the gazetteer knows one place of each name (the most populous),
        and the text's own word beats it."""
        placed: dict[str, str] = {}
        by_start = {m.start: m for m in mentions}
        for m in mentions:
            if m.label not in PLACE_LABELS or m.place is None or _is_country(m.place):
                continue
            country = self.context.qualifier_before(doc, m.start, by_end) or _country_after(
                doc, m.end, by_start
            )
            if country is not None and country != m.country:
                placed[m.place.name] = country
        for m in mentions:
            if m.place is not None and m.place.name in placed and not _is_country(m.place):
                m.country = placed[m.place.name]

    def _repair_labels(self, doc: Doc, mentions: list[Mention]) -> None:
        """Fix the small model's usual mistakes, widening person names it cut short."""
        titled_ids = self._relabel_by_title(doc, mentions)
        self._widen_persons(doc, mentions)
        self._relabel_by_name(doc, mentions, titled_ids)
        relabel_organisations(doc, mentions, titled_ids)

    def _relabel_by_title(self, doc: Doc, mentions: list[Mention]) -> set[int]:
        """Relabel names by whether a role or apposition titles them; the ids of titled ones."""
        by_end = {m.end: m for m in mentions}
        titled_ids: set[int] = set()
        for m in mentions:
            if m.source:
                continue
            name = surface_name(doc[m.start : m.end].text)
            place = self.gazetteer.lookup(name)
            titled = bool(
                self.context.role_before(doc, m.start, by_end)[0]
                or self.context.apposition_after(doc, m.end, by_end)[0]
            )
            if titled:
                titled_ids.add(id(m))
            if titled and m.label != "PERSON" and not _is_country(place):
                # "Costa, Portugal's foreign minister," tagged GPE.
                m.label, m.place, m.country = "PERSON", None, None
            elif not titled and m.label in ("PERSON", "ORG") and place is not None:
                # "Sistan-Balochistan" tagged PERSON; "Pakistani" tagged ORG.
                if place.kind == "demonym":
                    m.label, m.place, m.country = "NORP", place, place.country
                elif place.kind in RELABELLED_PLACE_KINDS:
                    m.label, m.place, m.country = "GPE", place, place.country
        return titled_ids

    def _relabel_by_name(self, doc: Doc, mentions: list[Mention], titled_ids: set[int]) -> None:
        """Relabel untitled names that repeat a person's surname or name a known city."""
        # Only now are the full names known whose surnames a lone mention may repeat.
        surnames = {
            normalise_name(doc[m.end - 1].text)
            for m in mentions
            if m.label == "PERSON" and m.end - m.start > 1
        }
        for m in mentions:
            if m.source:
                continue
            name = surface_name(doc[m.start : m.end].text)
            place = self.gazetteer.lookup(name)
            repeats_surname = normalise_name(name) in surnames
            if m.label != "PERSON" and repeats_surname and not _is_country(place):
                # "Raisi’s visit" tagged GPE when the article has named Ebrahim Raisi.
                m.label, m.place, m.country = "PERSON", None, None
            elif (
                m.label in ("PERSON", "ORG")
                and not repeats_surname
                and id(m) not in titled_ids
                and place is not None
                and place.kind in ("city", "city-alternate")
                and (
                    place.population >= RELABELLED_CITY_POPULATION
                    or (m.start > 0 and doc[m.start - 1].lower_ in _LOCATIVES)
                )
            ):
                # "Glasgow" tagged PERSON, "in Bergen" tagged ORG.
                m.label, m.place, m.country = "GPE", place, place.country

    def _widen_persons(self, doc: Doc, mentions: list[Mention]) -> None:
        """Widen PERSON spans left over untagged capitalised name tokens ("Ana [Costa]")."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        for m in mentions:
            if m.label != "PERSON":
                continue
            widened = 0
            while (
                widened < MAX_LEFT_WIDENING
                and m.start > 0
                and m.start - 1 not in covered
                and m.name_start == m.start
                and self._widens(doc[m.start - 1])
            ):
                m.start -= 1
                m.name_start = m.start
                covered.add(m.start)
                widened += 1

    def _widens(self, token: Token) -> bool:
        return (
            _is_name_token(token)
            and token.lower_ not in self.context.title_words
            and token.lower_ not in self.titles.modifiers
            and token.lower_ not in self.titles.honorifics
        )

    def _read_person(self, doc: Doc, m: Mention, by_end: Mapping[int, Mention]) -> None:
        """Role and country a person's context states; a title inside the span is split off."""
        inner = table_at(doc, m.start, m.end, self.titles.person, self.context.longest, False)
        if inner is not None and inner[1] < m.end:
            m.role, m.name_start = inner[0], inner[1]
        while m.name_start < m.end - 1 and doc[m.name_start].lower_ in self.titles.honorifics:
            m.name_start += 1  # "Mr Murgia" is Murgia
        for role, country in (
            self.context.role_before(doc, m.start, by_end),
            self.context.apposition_after(doc, m.end, by_end),
        ):
            m.role = m.role or role
            m.country = m.country or country
        if m.country is None and m.role is not None:
            m.country = self.context.qualifier_before(doc, m.start, by_end)

    def _read_org(self, doc: Doc, m: Mention, by_end: Mapping[int, Mention]) -> None:
        """Role, institution and country of an organisation, from its words or a qualifier."""
        hit = table_at(doc, m.start, m.end, self.titles.org, self.context.longest, True)
        if hit is not None:
            inst, phrase_start = hit
            mods, qual_end = self.context.modifiers_before(doc, phrase_start, m.start)
            if qual_end > m.start and doc[qual_end - 1].text in POSSESSIVES:
                qual_end -= 1
            qual_start = m.start + (doc[m.start].lower_ == "the")  # "the Foreign Office"
            qualifier = surface_name(doc[qual_start:qual_end].text) if qual_end > qual_start else ""
            m.role = " ".join([*mods, inst.role])
            m.institution = inst.institution
            m.institution_name = inst.display
            m.country = (
                self.gazetteer.country_code(qualifier)
                if qualifier
                else self.context.qualifier_before(doc, m.start, by_end)
            )
            if qualifier and m.country is None:  # "Hamas's military wing": not a state body
                m.institution = None
            elif m.country is None and inst.bare:
                m.source = BARE_INSTITUTION_ID
            elif m.country is None:
                m.institution = None
            if m.source == INSTITUTION_ID and m.country is None:
                m.source = ""
            return
        m.country = self.context.qualifier_before(
            doc, m.start, by_end
        ) or self._country_in_org_name(doc, m)

    def _country_in_org_name(self, doc: Doc, m: Mention) -> str | None:
        """A country an organisation's own name carries: "Pakistan Army", "Central Bank of Iran"."""
        first = self.gazetteer.lookup(doc[m.start].text)
        if (
            first is not None
            and first.kind in ("country", "alias", "demonym")
            and m.end - m.start > 1
        ):
            return first.country
        words = [t.lower_ for t in doc[m.start : m.end]]
        if "of" in words[1:]:
            tail = doc[m.start + len(words) - words[::-1].index("of") : m.end].text
            place = self.gazetteer.lookup(tail)
            if place is not None and place.kind in ("country", "alias"):
                return place.country
        return None

    # -- canonical names --------------------------------------------------------------------

    def _name_mentions(self, doc: Doc, mentions: list[Mention]) -> None:
        """Canonical names, one per entity in the article; its mentions share role and country."""
        for m in mentions:
            if m.canonical:
                continue
            name = surface_name(doc[m.name_start : m.end].text)
            if m.label == "ORG" and m.institution and m.country:
                body = m.institution_name or m.institution
                name = f"{self.gazetteer.country_name(m.country) or m.country} {body}"
            elif (
                m.place is not None
                and m.place.kind in CANONICAL_PLACE_KINDS
                and m.label in PLACE_LABELS
            ):
                name = m.place.name
            m.canonical = name
        persons = resolve_names(m.canonical for m in mentions if m.label == "PERSON")
        for m in mentions:
            if m.label == "PERSON":
                m.canonical = persons.get(m.canonical, m.canonical)
        _share_attributes(mentions, ("PERSON", "ORG"))


def _trim_at_line_breaks(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Spans cut at their first line break ("Shetland\n\nSubscribe"); empty ones dropped."""
    kept = []
    for m in mentions:
        end = next((i for i in range(m.start, m.end) if doc[i].is_space), m.end)
        if end > m.start:
            m.end = end
            kept.append(m)
    return kept


# How far after a place its apposition may say where it lies: "Pemba, an island of the
# Zanzibar archipelago in Tanzania".
APPOSITION_REACH = 14


def _country_after(doc: Doc, end: int, by_start: Mapping[int, Mention]) -> str | None:
    """The country an apposition right after a place puts it in ("X, a town in eastern
    Turkey"): the first "in" + country (one word may stand between) before the phrase ends."""
    # Only a noun-phrase apposition ("X, a town ...", "X, the port ..."): a relative clause
    # ("X, which trades with firms in Iran") says where something else is.
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in {"a", "an", "the"}:
        return None
    for k in range(end + 1, min(len(doc) - 1, end + APPOSITION_REACH)):
        if doc[k].text in {".", ";", ","} or doc[k].is_sent_start:
            return None
        if doc[k].lower_ != "in":
            continue
        for at in (k + 1, k + 2):
            owner = by_start.get(at)
            if owner is not None and _is_country(owner.place):
                return owner.country
    return None


def _is_country(place: Place | None) -> bool:
    """Whether a gazetteer hit names a whole country (or its people)."""
    return place is not None and place.kind in ("country", "alias", "demonym")


def _is_name_token(token: Token) -> bool:
    """A capitalised proper-noun token that can be part of a person's name."""
    return token.tag_ == "NNP" and token.is_title and token.is_alpha


def _join_bare_institutions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Bare institutions ("the foreign office") join the last qualified one; lone lowercase go."""
    anchors = [m for m in mentions if m.label == "ORG" and m.institution and m.country]
    kept: list[Mention] = []
    for m in mentions:
        if m.source == BARE_INSTITUTION_ID:
            # Only an earlier anchor: "the foreign office" before any country's is named is
            # as likely another country's.
            before = [a for a in anchors if a.institution == m.institution and a.start < m.start]
            anchor = before[-1] if before else None
            if anchor is not None:  # the body the article named: its name too
                m.country, m.institution_name = anchor.country, anchor.institution_name
            elif doc[m.start : m.end].text.islower():
                continue  # "the foreign office" of no country the article names: too vague to keep
            else:
                m.institution = None  # "the Foreign Office" alone: kept under its own name
        kept.append(m)
    return kept


def _share_attributes(mentions: list[Mention], labels: Iterable[str]) -> None:
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
    """Person names to canonical ones: a name joins the one longer name it ends ("Raisi")."""
    counts = Counter(n for n in names if n)
    keys = {n: normalise_name(n).split() for n in counts}
    mapping: dict[str, str] = {}
    for name, words in keys.items():
        longer = {
            normalise_name(other): other
            for other, other_words in keys.items()
            if len(other_words) > len(words) and other_words[-len(words) :] == words
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
        if top[-len(words) :] != words:
            return None
    return longest


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
    """Entity mentions of a parsed doc; loads resources (~2 s) if the pipeline has no resolver."""
    found = doc._.get(ENTITIES_EXTENSION)
    if found is not None:
        return found
    return EntityFinder(resources or EntityResources.load())(doc)


def extract_sentences(doc: Doc) -> tuple[Span, ...]:
    """Sentence spans of a parsed document, blank-only sentences left out."""
    return tuple(
        Span(text=sent.text, start=sent.start_char, end=sent.end_char)
        for sent in doc.sents
        if sent.text.strip()
    )
