"""The sides of an event: actors read from the parse, entities, gazetteer and sector words."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from newsloom.analyze.entities.gazetteer import Gazetteer, normalise_name
from newsloom.analyze.events.dateline import find_datelines
from newsloom.analyze.events.forces import FORCE_SECTOR, ForceCountries
from newsloom.analyze.events.ontology import EventOntology, NamedActor
from newsloom.analyze.events.people import PersonNames
from newsloom.analyze.events.refs import (
    MAX_OWNER_DEPTH,
    MODIFIER_DEPS,
    PLACE_LABELS,
    SECTOR_ONLY_SECTORS,
    ActorRef,
    ReferenceSearch,
)
from newsloom.model import Actor, Entity, Event

# Gazetteer kinds that name a whole country (or its people).
COUNTRY_KINDS = frozenset({"country", "alias", "demonym"})
# Gazetteer kinds of a city: a city as the subject of a political act is its government
# ("Beirut rejected ...").
CITY_KINDS = frozenset({"city", "city-alternate"})
_RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
_PERSONAL_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her"})
# Conflict types a third party often directs at each side ("urged both sides"): they do not
# make the two a pair.
_CALLS = frozenset({"DEMAND"})
# Participles that with a country before them say whose a thing is ("British-owned",
# "Belize-flagged"); "Iranian-backed" or "Saudi-led" are another's, not the country's own.
_OWNED_WORDS = frozenset({"owned", "flagged", "registered", "operated"})
_OWNER_DEPS = frozenset({"npadvmod", "compound", "nmod", "amod"})
# Prepositions that attach an actor's country to a generic head ("forces in Guinea").
_COUNTRY_PREPOSITIONS = frozenset({"of", "in", "from"})


class ActorFinder(PersonNames, ReferenceSearch):
    """Reads actors from one parsed document; built once per document."""

    def __init__(
        self,
        doc: Doc,
        entities: Sequence[Entity],
        gazetteer: Gazetteer,
        ontology: EventOntology,
        published: date | None = None,
    ) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.ontology = ontology
        self.published = published
        self.entity_at: dict[int, Entity] = {}
        self.parties: list[tuple[str, str]] = []
        self.party_starts: list[int] = []
        # A person's full mention by the last word of the name: a later "Erdogan" or "Mr
        # Erdogan" is the "Recep Tayyip Erdogan" named before, with his country and role.
        self.full_person: dict[str, Entity] = {}
        # The country each person's mention was introduced with, by its character span.
        self._introduced: dict[tuple[int, int], str | None] = {}
        for entity in entities:
            words = entity.canonical.split()
            if entity.label == "PERSON" and len(words) > 1:
                self.full_person.setdefault(normalise_name(words[-1]), entity)
        starts = {offset: i for i, offset in enumerate(doc.to_array(IDX).tolist())}
        for entity in entities:
            first = starts.get(entity.start)
            if first is None:
                continue
            i = first
            while i < len(doc) and doc[i].idx < entity.end:
                self.entity_at[i] = entity
                i += 1
        datelines = find_datelines(doc.text)
        # a dateline's words name where the report was filed, never an actor
        self.dateline_tokens = {t.i for d in datelines for t in doc if d.start <= t.idx < d.end}
        for i in self.dateline_tokens:
            self.entity_at.pop(i, None)
        self.country_mentions = self._country_mentions()
        # Every country the article names in any way, and the one its dateline files it from:
        # a dictionary namesake of a country the article never names is someone else.
        self.dateline_code = (
            gazetteer.country_code(datelines[0].place.title()) if datelines else None
        )
        self.article_codes = {e.country for e in entities if e.country} | (
            {self.dateline_code} if self.dateline_code else set()
        )
        self.forces = ForceCountries(self)

    def _country_mentions(self) -> list[tuple[int, str]]:
        """Country mentions in text order, for "both countries" and "the country"."""
        mentions: list[tuple[int, str]] = []
        seen_entities: set[int] = set()
        for i in sorted(self.entity_at):
            entity = self.entity_at[i]
            if id(entity) in seen_entities or entity.country is None:
                continue
            seen_entities.add(id(entity))
            if entity.label in ("PERSON", "ORG"):
                # "Pakistan's Foreign Office said ... the country": a body or person names its
                # country
                mentions.append((i, entity.country))
                continue
            place = (
                self.gazetteer.lookup(entity.text)
                if entity.label in (*PLACE_LABELS, "NORP")
                else None
            )
            if place is not None and place.kind in COUNTRY_KINDS and not self._negated_demonym(i):
                mentions.append((i, entity.country))
        return mentions

    def lemma(self, token: Token) -> str:
        """The token's lemma as the ontology knows it."""
        return self.ontology.lemma(token.lemma_ or token.text)

    def note_parties(self, events: Iterable[Event]) -> None:
        """Remember the two sides of each told conflict or mutual event between two countries
        (not a third country's call to one of them)."""
        pairs = [
            (
                e.source.code,
                e.target.code,
                e.quad_class.endswith("conflict") and e.type not in _CALLS,
                e.start,
            )
            for e in events
            if e.source and e.target and e.source.code and e.target.code
        ]
        told = {(a, b) for a, b, _, _ in pairs}
        for a, b, conflict, start in pairs:
            if a != b and (conflict or (b, a) in told):
                self.parties.append((a, b))
                self.party_starts.append(start)

    # -- the actors a token names ----------------------------------------------------------

    def actors(self, token: Token, exclude: str | None = None) -> list[ActorRef]:
        """The actors a noun phrase's head names, one per conjunct ("Jordan and Britain")."""
        found: list[ActorRef] = []
        for head in (token, *token.conjuncts):
            if head.i < token.i:
                continue  # a conjunct before this one is its own phrase's head
            found.extend(self._head_actors(head, exclude))
        return _unique(found)

    def _head_actors(self, head: Token, exclude: str | None) -> list[ActorRef]:
        """The actors one head names, by the first reading that applies, else generic ones."""
        if head.i in self.dateline_tokens:
            # the parser made the dateline the subject: the name it hung on it is the actor
            # ("NIAMEY, May 3 - Minister X met ...")
            # (or on the dateline's day: "WASHINGTON, Feb 4 - The United States and Britain")
            return [
                r
                for c in head.subtree
                if c.dep_ in ("appos", "conj")
                and c.i not in self.dateline_tokens
                and c.head.i in self.dateline_tokens
                for r in self.actors(c, exclude)
            ]
        found = self._referring_actors(head, exclude)
        if found is not None:
            return found
        entity = self.entity_at.get(head.i)
        if entity is not None:
            found = self._named_entity_actors(head, entity)
            if found is not None:
                return found
            # a people of no country ("Iraqi Kurds"): the modifiers may say whose
        surname = self._surname_actor(head)
        if surname is not None:
            return [surname]
        if head.pos_ == "PROPN":
            named = self._proper_name_actor(head)
            if named is not None:
                return [named]
        found = self._container_actors(head)
        if found is not None:
            return found
        return self._generic_actors(head)

    def _referring_actors(self, head: Token, exclude: str | None) -> list[ActorRef] | None:
        """What a pronoun, a pair ("both sides") or a country reference refers to; else None."""
        lower = head.lower_
        if lower in _RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            return self.actors(head.head.head)
        if head.pos_ == "PRON" or lower in _PERSONAL_PRONOUNS:
            return []
        pair = self.pair(head, exclude)
        if pair:
            return pair
        referred = self._country_reference(head, exclude)
        if referred is not None:
            return [referred]
        return None

    def _named_entity_actors(self, head: Token, entity: Entity) -> list[ActorRef] | None:
        """The actors an entity at the head names; None for a people of no country."""
        if entity.label == "NORP" and self._ethnic(head):
            return self._ethnic_actors(head)
        ref = self._entity_actor(head, entity)
        if ref is not None:
            return [ref]
        appos = self._apposition(head)
        if appos:
            return appos
        if entity.label != "NORP" or entity.country:
            return []
        return None

    def _proper_name_actor(self, head: Token) -> ActorRef | None:
        """A known body or a country named by a proper noun the recogniser left unlabelled."""
        named = self.ontology.named_actor(head.text, self.published)
        if named is not None:
            actor = Actor(head.text, head.text, named.code, named.sector)
            return ActorRef(actor, head.i, "ORG", "direct")
        return self._unlabelled_country(head)

    def _container_actors(self, head: Token) -> list[ActorRef] | None:
        """The people of "thousands of Nigerians", "a group of refugees"; None if not such."""
        if self.ontology.is_marker(self.lemma(head), "container") or head.pos_ == "NUM":
            for prep in head.rights:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    return [r for p in prep.children if p.dep_ == "pobj" for r in self.actors(p)]
        return None

    def _unlabelled_country(self, head: Token) -> ActorRef | None:
        """A country name the entity recogniser missed ("Uzbekistan opened ...")."""
        start = head.i
        while (
            start > head.sent.start
            and self.doc[start - 1].dep_ == "compound"
            and self.doc[start - 1].head.i == head.i
        ):
            start -= 1
        name = self.doc[start : head.i + 1].text
        place = self.gazetteer.lookup(name)
        if place is None or place.kind not in ("country", "alias"):
            return None
        return ActorRef(Actor(name, place.name, place.country, None), head.i, "GPE", "direct")

    def _entity_actor(self, head: Token, entity: Entity) -> ActorRef | None:
        """The actor an entity names, its sector from its role, name or the sector words."""
        entity = self._full_mention(entity)
        named = (
            self.ontology.named_actor(entity.canonical, self.published)
            or self.ontology.named_actor(entity.text, self.published)
            or self._acronym_actor(head)
        )
        text = self.phrase_text(head)
        envoy = self._body_envoy(head, entity, text)
        if envoy is not None:
            return envoy
        if named is not None:
            code, sector = self._named_code_sector(entity, named)
            return ActorRef(
                Actor(text, entity.canonical, code, sector), head.i, entity.label, "direct"
            )
        if entity.label in PLACE_LABELS or entity.label == "NORP":
            return self._place_actor(head, entity, text)
        code = entity.country
        sector = (
            self._sector_from_words((entity.role or "").split())
            or self._sector_from_words(self._name_head_words(entity))
            or self._modifier_sector(head)  # "the rebel Lord's Resistance Army"
        )
        if code is None and entity.label == "ORG" and " of " in entity.text:
            # "the Port Authority of Mombasa": a body named after its place
            place = self.gazetteer.lookup(entity.text.rsplit(" of ", 1)[1])
            code = place.country if place is not None else None
        if code is None:
            codes = self._modifier_codes(head, 0) or self._phrase_codes(head)
            code = codes[0] if codes else None
        if code is None and entity.label == "PERSON":
            code = self._introduced_code(entity)
        if code is None:
            body = self._named_modifier(head)  # "NATO Secretary-General Jens Stoltenberg"
            if body is not None:
                code, sector = body.code, body.sector if body.sector in ("IGO", "NGO") else sector
        return ActorRef(Actor(text, entity.canonical, code, sector), head.i, entity.label, "direct")

    def _place_actor(self, head: Token, entity: Entity, text: str) -> ActorRef | None:
        """The country a place or demonym names, acting ("Beirut rejected ..." is a city)."""
        if self._negated_demonym(head.i) or entity.country is None:
            return None
        place = self.gazetteer.lookup(entity.text)
        is_city = place is not None and place.kind in CITY_KINDS
        sector = self._sector_from_words(entity.text.lower().split())
        actor = Actor(text, entity.canonical, entity.country, sector)
        return ActorRef(actor, head.i, entity.label, "direct", is_city)

    def _body_envoy(self, head: Token, entity: Entity, text: str) -> ActorRef | None:
        """A person titled by an international body ("EU envoy Miroslav Lajcak") acts for the
        body, whatever his own country; None for anyone else."""
        body = self._named_modifier(head) if entity.label == "PERSON" else None
        if body is None or body.sector not in ("IGO", "NGO"):
            return None
        return ActorRef(
            Actor(text, entity.canonical, None, body.sector), head.i, "PERSON", "direct"
        )

    def _acronym_actor(self, head: Token) -> NamedActor | None:
        """A body the dictionaries know by the acronym the text gives after its name: "the
        National Liberation Army (ELN)" is the ELN."""
        for c in head.rights:
            if c.dep_ == "appos" and c.text.isupper() and len(c.text) > 1:
                return self.ontology.named_actor(c.text, self.published)
        return None

    def _named_code_sector(
        self, entity: Entity, named: NamedActor
    ) -> tuple[str | None, str | None]:
        """Country and sector of an entity the dictionaries know, the article's word first."""
        code = named.code or (entity.country if named.sector not in ("IGO", "NGO") else None)
        sector = named.sector or self._sector_from_words((entity.role or "").split())
        if entity.label != "PERSON" or not named.code:
            return code, sector
        if entity.country and entity.country != named.code:
            # what the article says of a person ("Mali's foreign minister X") beats a
            # namesake in the dictionary
            return entity.country, self._sector_from_words((entity.role or "").split())
        if self.dateline_code and named.code not in self.article_codes:
            # a namesake of a country the article never names, in a report filed from
            # another: wire copy names local officials without their country ("BAMAKO - ...
            # Foreign Minister Abdoulaye Diop", a Senegalese minister's namesake)
            return self.dateline_code, sector
        return code, sector

    def _apposition(self, head: Token) -> list[ActorRef]:
        """What an apposition says a name is ("Kenzo Oshima, the UN relief coordinator,")."""
        for child in head.rights:
            if child.dep_ == "appos":
                found = [
                    r
                    for r in self.actors(child)
                    if r.actor.code or r.actor.sector in SECTOR_ONLY_SECTORS
                ]
                if found:
                    return found
        return []

    def _ethnic(self, head: Token) -> bool:
        """Whether a people is named as an ethnic group ("ethnic Albanians"), not a country."""
        return any(self.ontology.is_marker(c.lower_, "ethnic") for c in head.lefts)

    def _ethnic_actors(self, head: Token) -> list[ActorRef]:
        """An ethnic group, coded by the place the phrase gives it ("in south Serbia"), if any."""
        codes: list[str] = []
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "from"):
                for pobj in prep.children:
                    codes.extend(r.actor.code for r in self.actors(pobj) if r.actor.code)
        code = codes[0] if codes else None
        entity = self.entity_at.get(head.i)
        actor = Actor(self.phrase_text(head), self.phrase_text(head), code, "CVL")
        # with no place of its own, the group keeps its demonym's country until the event's
        # place gives a better one (see EventCoder._placed)
        fallback = entity.country if entity is not None else None
        return [
            ActorRef(
                actor,
                head.i,
                "NORP",
                "ethnic" if code is None else "direct",
                fallback_code=fallback,
            )
        ]

    def _generic_actors(self, head: Token) -> list[ActorRef]:
        """Actors a common noun names with its modifiers: "Israeli troops", "rebels in Darfur"."""
        if head.pos_ not in ("NOUN", "PROPN") or self.ontology.rules(self.lemma(head), "noun"):
            return []  # "Iranian strikes" is an event, not an actor
        if self._mass_noun(head):
            return []  # "agreed not to use force": force as a means, not a force of troops
        sector = self.np_sector(head)
        codes = self._modifier_codes(head, 0)
        named = self._named_modifier(head)
        if named is not None and named.sector in ("IGO", "NGO"):
            sector, codes = named.sector, []  # "UN peacekeepers", "Red Cross officials"
        elif named is not None:
            sector = named.sector if sector is None or named.sector == "REB" else sector
            codes = [named.code] if named.code else codes
        if not codes and sector == FORCE_SECTOR and named is None:
            # "the army", "troops": the force of the country the article gives them
            home = self.forces.bare_force_code(head)
            codes = [home] if home else []
        if not codes:
            if sector is None:
                return []
            actor = Actor(self.phrase_text(head), self.phrase_text(head), None, sector)
            # people or authorities of no stated country are kept, marked, for the event's
            # place to code ("protesters blocked roads in Dhaka"); on their own they are
            # not an event's side
            via = "direct" if sector in SECTOR_ONLY_SECTORS else "uncoded"
            return [ActorRef(actor, head.i, None, via)]
        refs = []
        for code in codes:
            name = self.gazetteer.country_name(code) or code
            canonical = f"{name} {self.lemma(head)}"
            refs.append(
                ActorRef(
                    Actor(self.phrase_text(head), canonical, code, sector), head.i, None, "direct"
                )
            )
        return refs

    def _mass_noun(self, head: Token) -> bool:
        """Whether a sector word stands bare as a mass noun ("use force", "by force"): singular,
        lowercase, with no determiner, possessor, number or modifier."""
        return (
            self.ontology.is_marker(self.lemma(head), "mass-noun")
            and head.tag_ == "NN"
            and head.text.islower()
            and not any(c.dep_ in ("det", "poss", "nummod", *MODIFIER_DEPS) for c in head.children)
        )

    def sector_of_name(self, entity: Entity) -> str | None:
        """The sector a body's name gives it ("Pakistan Army" MIL)."""
        return self._sector_from_words(self._name_head_words(entity))

    def left_codes(self, head: Token) -> list[str]:
        """Country codes the head's possessor and modifiers give ("Sudan's army")."""
        return self._left_modifier_codes(head)

    def np_sector(self, head: Token) -> str | None:
        """The sector a noun phrase's words give: "security forces" COP, "Israeli army" MIL."""
        head_lemma = self.lemma(head)
        modifiers = [c for c in head.lefts if c.dep_ in MODIFIER_DEPS]
        for m in modifiers:
            phrase = self.ontology.sector(f"{m.lower_} {head_lemma}") or self.ontology.sector(
                f"{self.lemma(m)} {head_lemma}"
            )
            if phrase:
                return phrase
        return self.ontology.sector(head_lemma) or next(
            (s for m in modifiers if (s := self.ontology.sector(self.lemma(m)))), None
        )

    def _modifier_sector(self, head: Token) -> str | None:
        """The sector a word before a name gives it, outside the name itself."""
        entity = self.entity_at.get(head.i)
        for m in head.lefts:
            if m.dep_ in MODIFIER_DEPS and (
                entity is None or self.entity_at.get(m.i) is not entity
            ):
                sector = self.ontology.sector(self.lemma(m))
                if sector:
                    return sector
        return None

    def _sector_from_words(self, words: Iterable[str]) -> str | None:
        """The first sector a role's or name's words give, read from the last word back."""
        listed = [w.lower() for w in words]
        for a, b in itertools.pairwise(listed):
            if (sector := self.ontology.sector(f"{a} {b}")) is not None:
                return sector
        return next((s for w in reversed(listed) if (s := self.ontology.sector(w))), None)

    def _modifier_codes(self, head: Token, depth: int) -> list[str]:
        """Country codes a head's modifiers, possessor or "of/in/from" phrase give."""
        codes = self._left_modifier_codes(head)
        if not codes and depth < MAX_OWNER_DEPTH and self.np_sector(head) is not None:
            # "troops stationed in Chad" are Chad's; "a letter signed in Los Angeles" is no
            # one's: only people and bodies take a country from where a participle puts them
            codes = self._participle_codes(head)
        if not codes and depth < MAX_OWNER_DEPTH:
            codes = self._prepositional_codes(head, depth)
        return list(dict.fromkeys(codes))

    def _left_modifier_codes(self, head: Token) -> list[str]:
        """Country codes the head's possessor and modifiers (and their conjuncts) give."""
        codes: list[str] = []
        for child in head.lefts:
            if child.dep_ == "poss":
                codes.extend(r.actor.code for r in self.actors(child) if r.actor.code)
            elif child.dep_ in MODIFIER_DEPS:
                for part in (child, *child.conjuncts):
                    codes.extend(self._modifier_country(part))
        return codes

    def _modifier_country(self, part: Token) -> list[str]:
        """The country one modifier word names, as a list of none or one code."""
        if part.lower_ in _OWNED_WORDS:
            # "a British-owned ship", "the Belize-flagged Rubymar": whose the thing is
            return [
                c for g in part.children if g.dep_ in _OWNER_DEPS for c in self._modifier_country(g)
            ][:1]
        entity = self.entity_at.get(part.i)
        if self._negated_demonym(part.i) or part.i in self.dateline_tokens:
            return []
        if entity is not None and entity.country and entity.label in (*PLACE_LABELS, "NORP", "ORG"):
            return [entity.country]
        if (entity is None or not entity.country) and part.pos_ in ("ADJ", "PROPN"):
            # a demonym or country the entity recogniser missed ("Ghanaian")
            place = self.gazetteer.lookup(part.text)
            if place is not None and place.kind in COUNTRY_KINDS:
                return [place.country]
        return []

    def _participle_codes(self, head: Token) -> list[str]:
        """Country codes a past participle after the head gives ("troops stationed in Chad")."""
        codes: list[str] = []
        for clause in head.rights:
            if clause.dep_ == "acl" and clause.tag_ == "VBN":
                for prep in clause.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("with", "in", "to"):
                        for pobj in prep.children:
                            codes.extend(r.actor.code for r in self.actors(pobj) if r.actor.code)
        return codes

    def _prepositional_codes(self, head: Token, depth: int) -> list[str]:
        """Country codes an "of/in/from" phrase after the head gives."""
        codes: list[str] = []
        for prep in head.rights:
            if prep.dep_ != "prep" or prep.lower_ not in _COUNTRY_PREPOSITIONS:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                codes.extend(self._object_codes(pobj, depth))
                if head.tag_ in ("NNS", "NNPS"):
                    # "the presidents of Venezuela and Guyana": one for each country
                    for part in pobj.conjuncts:
                        codes.extend(self._object_codes(part, depth))
        return codes

    def _object_codes(self, pobj: Token, depth: int) -> list[str]:
        """Country codes a preposition's object gives: its own, a known body's, or its owner's."""
        entity = self.entity_at.get(pobj.i)
        named = (
            self.ontology.named_actor(entity.canonical, self.published)
            if entity is not None
            else None
        )
        if entity is not None and entity.country:
            return [entity.country]
        if named is not None and named.code:
            return [named.code]  # "activists from the Fatah Party"
        pair = [r.actor.code for r in self.pair(pobj) if r.actor.code]
        if pair:
            return pair  # "officials from both countries", "ministers of the two countries"
        # "dockers of the Port Authority of Mombasa"
        return self._modifier_codes(pobj, depth + 1)

    def _phrase_codes(self, head: Token) -> list[str]:
        """Countries named anywhere before the head in its phrase ("U.S. Secretary of State X")."""
        codes = []
        for t in self._left_words(head):
            entity = self.entity_at.get(t.i)
            if (
                entity is not None
                and entity is not self.entity_at.get(head.i)
                and entity.country
                and entity.label in (*PLACE_LABELS, "NORP")
                and not self._negated_demonym(t.i)
            ):
                codes.append(entity.country)
        return list(dict.fromkeys(codes))

    def _left_words(self, head: Token) -> list[Token]:
        """The tokens of the head's left modifiers, nested ones included."""
        return [
            t
            for child in head.lefts
            if child.dep_ in (*MODIFIER_DEPS, "poss")
            for t in child.subtree
        ]

    def _named_modifier(self, head: Token) -> NamedActor | None:
        """A known body named before the head: "UN peacekeepers", "the Hizbollah group"."""
        for child in self._left_words(head):
            entity = self.entity_at.get(child.i)
            if entity is not None and entity is self.entity_at.get(head.i):
                continue
            names = [child.text] if entity is None else [entity.canonical, entity.text, child.text]
            for name in names:
                named = self.ontology.named_actor(name, self.published)
                if named is not None:
                    return named
        return None

    def _negated_demonym(self, i: int) -> bool:
        """Whether the token follows "anti-" or "pro-": "anti-Iranian" names Iran's opponents."""
        token = self.doc[i]
        entity = self.entity_at.get(i)
        for prefix in self.ontology.markers("demonym-neg"):
            if token.lower_.startswith(f"{prefix}-") or token.lower_ == prefix:
                return True
            if entity is not None and entity.text.lower().startswith(f"{prefix}-"):
                return True
        return (
            i >= 2
            and self.doc[i - 1].text == "-"
            and self.ontology.is_marker(self.doc[i - 2].lower_, "demonym-neg")
        )

    def _name_head_words(self, entity: Entity) -> list[str]:
        """The words of a name that say what kind of body it is: its last word, or the word
        before "of" ("Pakistan Army", "Ministry of Defence"); "General Binding Corp" is no army."""
        words = [self.ontology.lemma(w) for w in entity.text.split()]
        if "of" in words[1:]:
            return [words[words.index("of") - 1]]
        return words[-1:]

    def phrase_text(self, head: Token) -> str:
        """A noun phrase's words up to its head: "Pakistan's departing caretaker government"."""
        start = head.i
        for child in head.lefts:
            if child.dep_ in ("det", "predet") and child.lower_ in ("the", "a", "an"):
                continue
            start = min(start, child.left_edge.i)
        end = head.i + 1
        while (
            end < len(self.doc)
            and self.entity_at.get(end) is not None
            and self.entity_at.get(end) is self.entity_at.get(head.i)
        ):
            end += 1
        while start < head.i and (self.doc[start].is_punct or start in self.dateline_tokens):
            start += 1  # "BEIRUT, Feb 15 - Israel's army": the dateline is no part of it
        return self.doc[start:end].text


def _unique(refs: list[ActorRef]) -> list[ActorRef]:
    seen: set[tuple[str | None, str]] = set()
    kept = []
    for ref in refs:
        key = (ref.actor.code, ref.actor.canonical)
        if key not in seen:
            seen.add(key)
            kept.append(ref)
    return kept
