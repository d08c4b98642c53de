"""The sides of an event: actors read from the parse, the entities, the gazetteer and sector words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsloom.analyze.events_ontology import EventOntology
from newsloom.analyze.gazetteer import Gazetteer
from newsloom.model import Actor, Entity

# Sectors an actor may have without a country and still be worth asserting: a named or
# generic armed group is a side of a fight even when the text gives no country, while
# "officials" or "people" of no stated country say nothing about who acted.
SECTOR_ONLY_SECTORS = frozenset({"REB", "MIL", "IGO", "NGO"})
# How far an owner is looked for inside a noun phrase ("the deputy chief of Israel's militia
# ally" is three levels deep); deeper phrases are more often about someone else.
MAX_OWNER_DEPTH = 3
# "both countries" and "the country" name the countries mentioned in this many sentences
# before (and the current one up to the phrase); further back the reader has moved on.
REFERENCE_SENTENCES = 3
# Entity labels that name places, whose country is the actor's code.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Gazetteer kinds that name a whole country (or its people).
COUNTRY_KINDS = frozenset({"country", "alias", "demonym"})
# Gazetteer kinds of a city: a city as the subject of a political act is its government
# ("Beirut rejected ...").
CITY_KINDS = frozenset({"city", "city-alternate"})
_RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom"})
_PERSONAL_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
# Prepositions inside a noun phrase that name whose it is, most telling first.
_OWNER_PREPOSITIONS = ("by", "from", "of", "for", "against", "on", "to", "with", "in")
# Prepositions that attach an actor's country to a generic head ("forces in Guinea").
_COUNTRY_PREPOSITIONS = frozenset({"of", "in", "from"})


@dataclass(frozen=True)
class ActorRef:
    """An actor found in the text, with the token it was read from and how it was found."""

    actor: Actor
    token: int  # index of the head token
    label: str | None  # entity label when read from an entity
    via: str  # "direct", "pronoun", "pair", "country-ref", "owner", "place"
    is_city: bool = False


class ActorFinder:
    """Reads actors from one parsed document; built once per document."""

    def __init__(
        self,
        doc: Doc,
        entities: Sequence[Entity],
        gazetteer: Gazetteer,
        ontology: EventOntology,
    ) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.ontology = ontology
        self.entity_at: dict[int, Entity] = {}
        starts = {t.idx: t.i for t in doc}
        for entity in entities:
            first = starts.get(entity.start)
            if first is None:
                continue
            i = first
            while i < len(doc) and doc[i].idx < entity.end:
                self.entity_at[i] = entity
                i += 1
        # Country mentions in text order, for "both countries" and "the country".
        self.country_mentions: list[tuple[int, str]] = []
        seen_entities: set[int] = set()
        for i in sorted(self.entity_at):
            entity = self.entity_at[i]
            if id(entity) in seen_entities or entity.country is None:
                continue
            seen_entities.add(id(entity))
            place = gazetteer.lookup(entity.text) if entity.label in (*PLACE_LABELS, "NORP") else None
            if place is not None and place.kind in COUNTRY_KINDS and not self._negated_demonym(i):
                self.country_mentions.append((i, entity.country))

    def lemma(self, token: Token) -> str:
        """The token's lemma as the ontology knows it."""
        return self.ontology.lemma(token.lemma_ or token.text)

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
        lower = head.lower_
        if lower in _RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            return self.actors(head.head.head)
        if head.pos_ == "PRON" or lower in _PERSONAL_PRONOUNS:
            return []
        pair = self.pair(head)
        if pair:
            return pair
        referred = self._country_reference(head, exclude)
        if referred is not None:
            return [referred]
        entity = self.entity_at.get(head.i)
        if entity is not None:
            ref = self._entity_actor(head, entity)
            return [ref] if ref is not None else []
        named = self.ontology.named_actor(head.text) if head.pos_ == "PROPN" else None
        if named is not None:
            actor = Actor(head.text, head.text, named.code, named.sector)
            return [ActorRef(actor, head.i, "ORG", "direct")]
        return self._generic_actors(head)

    def _entity_actor(self, head: Token, entity: Entity) -> ActorRef | None:
        """The actor an entity names, its sector from its role, name or the sector words."""
        named = self.ontology.named_actor(entity.canonical) or self.ontology.named_actor(
            entity.text
        )
        text = self.phrase_text(head)
        if named is not None:
            code = named.code or (entity.country if named.sector not in ("IGO", "NGO") else None)
            return ActorRef(Actor(text, entity.canonical, code, named.sector), head.i, entity.label, "direct")
        code = entity.country
        is_city = False
        if entity.label in PLACE_LABELS or entity.label == "NORP":
            if self._negated_demonym(head.i):
                return None
            place = self.gazetteer.lookup(entity.text)
            is_city = place is not None and place.kind in CITY_KINDS
            if code is None:
                return None
            sector = self._sector_from_words(entity.text.lower().split())
            return ActorRef(Actor(text, entity.canonical, code, sector), head.i, entity.label, "direct", is_city)
        words = (entity.role or "").split() + [self.lemma(t) for t in self._entity_tokens(head)]
        sector = self._sector_from_words(words)
        if code is None:
            codes = self._modifier_codes(head, 0)
            code = codes[0] if codes else None
        return ActorRef(Actor(text, entity.canonical, code, sector), head.i, entity.label, "direct")

    def _generic_actors(self, head: Token) -> list[ActorRef]:
        """Actors a common noun names with its modifiers: "Israeli troops", "rebels in Darfur"."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return []
        sector = self.np_sector(head)
        codes = self._modifier_codes(head, 0)
        igo = self._igo_modifier(head)
        if igo:
            sector, codes = "IGO", []
        if not codes:
            if sector is None or sector not in SECTOR_ONLY_SECTORS:
                return []
            actor = Actor(self.phrase_text(head), self.phrase_text(head), None, sector)
            return [ActorRef(actor, head.i, None, "direct")]
        refs = []
        for code in codes:
            name = self.gazetteer.country_name(code) or code
            canonical = f"{name} {self.lemma(head)}"
            refs.append(ActorRef(Actor(self.phrase_text(head), canonical, code, sector), head.i, None, "direct"))
        return refs

    def np_sector(self, head: Token) -> str | None:
        """The sector a noun phrase's words give: "security forces" COP, "Israeli army" MIL."""
        head_lemma = self.lemma(head)
        modifiers = [c for c in head.lefts if c.dep_ in _MODIFIER_DEPS]
        for m in modifiers:
            phrase = self.ontology.sector(f"{m.lower_} {head_lemma}") or self.ontology.sector(
                f"{self.lemma(m)} {head_lemma}"
            )
            if phrase:
                return phrase
        return self.ontology.sector(head_lemma) or next(
            (s for m in modifiers if (s := self.ontology.sector(self.lemma(m)))), None
        )

    def _sector_from_words(self, words: Iterable[str]) -> str | None:
        """The first sector a role's or name's words give, read from the last word back."""
        listed = [w.lower() for w in words]
        for a, b in zip(listed, listed[1:]):
            if (sector := self.ontology.sector(f"{a} {b}")) is not None:
                return sector
        return next((s for w in reversed(listed) if (s := self.ontology.sector(w))), None)

    def _modifier_codes(self, head: Token, depth: int) -> list[str]:
        """Country codes a head's modifiers, possessor or "of/in/from" phrase give."""
        codes: list[str] = []
        for child in head.lefts:
            if child.dep_ == "poss":
                codes.extend(r.actor.code for r in self.actors(child) if r.actor.code)
            elif child.dep_ in _MODIFIER_DEPS:
                for part in (child, *child.conjuncts):
                    entity = self.entity_at.get(part.i)
                    if (
                        entity is not None
                        and entity.country
                        and entity.label in (*PLACE_LABELS, "NORP")
                        and not self._negated_demonym(part.i)
                    ):
                        codes.append(entity.country)
        if not codes and depth < MAX_OWNER_DEPTH:
            for prep in head.rights:
                if prep.dep_ != "prep" or prep.lower_ not in _COUNTRY_PREPOSITIONS:
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    entity = self.entity_at.get(pobj.i)
                    if entity is not None and entity.country:
                        codes.append(entity.country)
                    elif entity is None:
                        codes.extend(self._modifier_codes(pobj, depth + 1))
        return list(dict.fromkeys(codes))

    def _igo_modifier(self, head: Token) -> bool:
        """Whether an international body's name modifies the head ("UN peacekeepers")."""
        for child in head.lefts:
            if child.dep_ in _MODIFIER_DEPS:
                named = self.ontology.named_actor(child.text)
                if named is not None and named.sector == "IGO":
                    return True
        return False

    def _negated_demonym(self, i: int) -> bool:
        """Whether the token follows "anti-" or "pro-": "anti-Iranian" names Iran's opponents."""
        token = self.doc[i]
        if any(token.lower_.startswith(f"{p}-") for p in self.ontology.markers("demonym-neg")):
            return True
        return (
            i >= 2
            and self.doc[i - 1].text == "-"
            and self.ontology.is_marker(self.doc[i - 2].lower_, "demonym-neg")
        )

    def _entity_tokens(self, head: Token) -> list[Token]:
        entity = self.entity_at[head.i]
        return [t for t in head.sent if self.entity_at.get(t.i) is entity]

    def phrase_text(self, head: Token) -> str:
        """The words of a noun phrase up to its head: "Pakistan's departing caretaker government"."""
        start = head.i
        for child in head.lefts:
            if child.dep_ in ("det", "predet") and child.lower_ in ("the", "a", "an"):
                continue
            start = min(start, child.left_edge.i)
        end = head.i + 1
        while end < len(self.doc) and self.entity_at.get(end) is not None and self.entity_at.get(end) is self.entity_at.get(head.i):
            end += 1
        while start < head.i and self.doc[start].is_punct:
            start += 1
        return self.doc[start:end].text

    # -- references: pronouns, "both countries", "the country" -----------------------------

    def pair(self, head: Token) -> list[ActorRef]:
        """The two countries "both countries", "the two nations" or "both sides" refer to."""
        if not self.ontology.is_marker(self.lemma(head), "pair-head") or head.tag_ not in ("NNS", "NNPS"):
            return []
        if not any(c.lower_ in ("both", "two") for c in head.children):
            return []
        codes: list[str] = []
        for i, code in reversed(self._mentions_before(head)):
            if code not in codes:
                codes.append(code)
            if len(codes) == 2:
                break
        if len(codes) < 2:
            return []
        refs = []
        for code in reversed(codes):
            name = self.gazetteer.country_name(code) or code
            refs.append(ActorRef(Actor(self.phrase_text(head), name, code, None), head.i, "GPE", "pair"))
        return refs

    def _country_reference(self, head: Token, exclude: str | None) -> ActorRef | None:
        """The country "the country" refers to: the last one named before, other than `exclude`."""
        if not self.ontology.is_marker(self.lemma(head), "country-ref") or head.tag_ != "NN":
            return None
        lefts = list(head.lefts)
        if len(lefts) != 1 or lefts[0].lower_ != "the":
            return None
        for _, code in reversed(self._mentions_before(head)):
            if code != exclude:
                name = self.gazetteer.country_name(code) or code
                return ActorRef(Actor(self.phrase_text(head), name, code, None), head.i, "GPE", "country-ref")
        return None

    def _mentions_before(self, head: Token) -> list[tuple[int, str]]:
        sents = list(self.doc.sents)
        index = next((n for n, s in enumerate(sents) if s.start <= head.i < s.end), 0)
        first = sents[max(0, index - REFERENCE_SENTENCES)].start
        return [(i, c) for i, c in self.country_mentions if first <= i < head.i]

    def owner(self, token: Token, depth: int = 0) -> list[ActorRef]:
        """Whose a thing is: the actors its possessor, modifiers or "by/from/of" phrase name."""
        direct = self.actors(token)
        if direct:
            return direct
        if depth >= MAX_OWNER_DEPTH:
            return []
        for child in token.lefts:
            if child.dep_ in ("poss", *_MODIFIER_DEPS):
                found = self.actors(child)
                if found:
                    return [_via(r, "owner") for r in found]
        preps = {c.lower_: c for c in token.rights if c.dep_ in ("prep", "agent")}
        for word in _OWNER_PREPOSITIONS:
            prep = preps.get(word)
            if prep is None:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found = self.owner(pobj, depth + 1)
                    if found:
                        return [_via(r, "owner") for r in found]
        return []

    def place_in(self, token: Token) -> list[ActorRef]:
        """The places an "in/at/near" phrase on the token names ("bombs in Kabul")."""
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "near", "inside", "within"):
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    found = self.actors(pobj) or self._places_under(pobj)
                    if found:
                        return [_via(r, "place") for r in found]
        return []

    def _places_under(self, token: Token) -> list[ActorRef]:
        """Places named inside a phrase ("the town of Cizre", "hideouts within Iran")."""
        for t in token.subtree:
            entity = self.entity_at.get(t.i)
            if entity is not None and entity.label in PLACE_LABELS and entity.country:
                return self.actors(self.doc[t.i])
        return []


def _via(ref: ActorRef, via: str) -> ActorRef:
    return ActorRef(ref.actor, ref.token, ref.label, via, ref.is_city)


def _unique(refs: list[ActorRef]) -> list[ActorRef]:
    seen: set[tuple[str | None, str]] = set()
    kept = []
    for ref in refs:
        key = (ref.actor.code, ref.actor.canonical)
        if key not in seen:
            seen.add(key)
            kept.append(ref)
    return kept
