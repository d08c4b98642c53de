"""Actors found by reference and by search: "both countries", "the country", whose a thing is."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsloom.analyze.entities.gazetteer import Gazetteer
from newsloom.analyze.events.ontology import EventOntology
from newsloom.model import Actor, Entity

# How far an owner is looked for inside a noun phrase ("the deputy chief of Israel's militia
# ally" is three levels deep); deeper phrases are more often about someone else.
MAX_OWNER_DEPTH = 3
# "both countries" and "the country" name the countries mentioned in this many sentences
# before (and the current one up to the phrase); further back the reader has moved on.
REFERENCE_SENTENCES = 3
# Sectors an actor may have without a country and still be worth asserting: a named or
# generic armed group is a side of a fight even when the text gives no country, while
# "officials" or "people" of no stated country say nothing about who acted.
SECTOR_ONLY_SECTORS = frozenset({"REB", "MIL", "IGO", "NGO"})
# Entity labels that name places, whose country is the actor's code.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
# Prepositions that put an event in a place ("troops along the border with Afghanistan").
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "inside", "within", "along", "outside"})
# Prepositions inside a noun phrase that name whose it is, most telling first.
_OWNER_PREPOSITIONS = ("by", "from", "of", "for", "against", "on", "to", "with", "between", "in")


@dataclass(frozen=True)
class ActorRef:
    """An actor found in the text, with the token it was read from and how it was found."""

    actor: Actor
    token: int  # index of the head token
    label: str | None  # entity label when read from an entity
    via: str  # "direct", "pronoun", "pair", "country-ref", "owner", "place", "ethnic", "uncoded"
    is_city: bool = False
    fallback_code: str | None = None  # the country to use when the event's place gives none


class ReferenceSearch:
    """Reference and owner search over a document's actors; ActorFinder supplies `actors`."""

    doc: Doc
    gazetteer: Gazetteer
    ontology: EventOntology
    entity_at: dict[int, Entity]
    country_mentions: list[tuple[int, str]]
    # The two countries of each bilateral event told so far, in order ("India vowed to punish
    # Pakistan" → IND, PAK): "both countries" later means the latest such pair.
    parties: list[tuple[str, str]]
    party_starts: list[int]  # where each pair's sentence starts (a character offset)

    def actors(self, token: Token, exclude: str | None = None) -> list[ActorRef]:
        """The actors a noun phrase's head names (ActorFinder's)."""
        raise NotImplementedError

    def lemma(self, token: Token) -> str:
        """The token's lemma as the ontology knows it."""
        return self.ontology.lemma(token.lemma_ or token.text)

    def phrase_text(self, head: Token) -> str:
        """The words of a noun phrase up to its head (ActorFinder's)."""
        raise NotImplementedError

    def pair(self, head: Token, exclude: str | None = None) -> list[ActorRef]:
        """The two countries "both countries", "the two nations" or "both sides" refer to;
        never `exclude`, the country of the one who speaks to them ("Moscow urged both sides")."""
        if not self.ontology.is_marker(self.lemma(head), "pair-head") or head.tag_ not in (
            "NNS",
            "NNPS",
        ):
            return []
        if not any(c.lower_ in ("both", "two") for c in head.children):
            return []
        mentions = self._mentions_before(head)
        # the latest two sides told; else the last two countries named
        told = [
            (list(p), at)
            for p, at in zip(self.parties, self.party_starts, strict=True)
            if exclude not in p
        ]
        codes: list[str] = told[-1][0] if told else []
        if not self.ontology.is_marker(self.lemma(head), "pair-sides"):
            # "the two countries" are the two a sentence last named together, when that
            # sentence comes after the latest told pair ("both sides" are always that pair)
            people = self.ontology.sector(self.lemma(head)) is not None
            named = self._named_together(
                # "the two leaders", "both armies": people, whom a venue names not
                [m for m in mentions if not (people and self._venue_mention(m[0]))],
                exclude,
            )
            if named is not None and (not told or named[1] > told[-1][1]):
                codes = named[0]
        for _, code in reversed(mentions if not codes else []):
            if code not in codes and code != exclude:
                codes.append(code)
            if len(codes) == 2:
                break
        if len(codes) < 2:
            return []
        refs = []
        sector = self.ontology.sector(self.lemma(head))  # "both armies" MIL, "both leaders" GOV
        for code in reversed(codes):
            name = self.gazetteer.country_name(code) or code
            refs.append(
                ActorRef(Actor(self.phrase_text(head), name, code, sector), head.i, "GPE", "pair")
            )
        return refs

    def _named_together(
        self, mentions: list[tuple[int, str]], exclude: str | None
    ) -> tuple[list[str], int] | None:
        """The last two countries the latest sentence naming two or more names, with where
        that sentence starts; None when no sentence in reach names two."""
        by_sentence: dict[int, list[str]] = {}
        for i, code in mentions:
            if code != exclude:
                by_sentence.setdefault(self.doc[i].sent.start_char, []).append(code)
        for start in sorted(by_sentence, reverse=True):
            distinct = list(dict.fromkeys(reversed(by_sentence[start])))
            if len(distinct) >= 2:
                return [distinct[1], distinct[0]], start
        return None

    def _venue_mention(self, i: int) -> bool:
        """Whether a country mention is a place an "in/at/near" phrase names ("a summit in
        Lithuania"): where people were, not whose they are."""
        t = self.doc[i]
        while t.dep_ in ("compound", "conj", "appos") and t.head.i != t.i:
            t = t.head
        return t.dep_ == "pobj" and t.head.lower_ in _PLACE_PREPOSITIONS

    def _country_reference(self, head: Token, exclude: str | None) -> ActorRef | None:
        """The country "the country" refers to: the last one named before, other than `exclude`."""
        if not self.ontology.is_marker(self.lemma(head), "country-ref") or head.tag_ != "NN":
            return None
        lefts = list(head.lefts)
        if not lefts or lefts[0].lower_ != "the":
            return None
        if any(
            m.dep_ not in ("amod", "compound") or not m.text.islower() or self._names_place(m)
            for m in lefts[1:]
        ):
            return None  # "the neighbouring country", "the landlocked nation"; not "the Afghan"
        # "the government" is the state's government; "the country" the state itself
        sector = self.ontology.sector(self.lemma(head))
        for _, code in reversed(self._mentions_before(head)):
            if code != exclude:
                name = self.gazetteer.country_name(code) or code
                return ActorRef(
                    Actor(self.phrase_text(head), name, code, sector),
                    head.i,
                    "GPE",
                    "country-ref",
                )
        return None

    def _names_place(self, token: Token) -> bool:
        """Whether a word is a place or demonym itself ("Afghan"): it names, not refers."""
        return token.i in self.entity_at or self.gazetteer.lookup(token.text) is not None

    def _mentions_before(self, head: Token) -> list[tuple[int, str]]:
        sents = list(self.doc.sents)
        index = next((n for n, s in enumerate(sents) if s.start <= head.i < s.end), 0)
        first = sents[max(0, index - REFERENCE_SENTENCES)].start
        return [(i, c) for i, c in self.country_mentions if first <= i < head.i]

    def owner(
        self, token: Token, exclude: str | None = None, depth: int = 0, venue: bool = True
    ) -> list[ActorRef]:
        """Whose a thing is: the actors its possessor, modifiers or "by/from/of" phrase name.

        An actor with a country wins over one without: "Esfahan Uranium Conversion Facilities
        in central Iran" is Iran's, though the facility is named too. With venue False, an
        "in" phrase on the token itself is where it happens, not whose it is ("resumed talks
        in Caracas").
        """
        direct = self.actors(token, exclude)
        if (
            any(r.actor.code or r.actor.sector in SECTOR_ONLY_SECTORS for r in direct)
            or depth >= MAX_OWNER_DEPTH
        ):
            return direct
        inner = self._owner_inside(token, exclude, depth, venue)
        return inner if any(r.actor.code for r in inner) else (direct or inner)

    def _owner_inside(
        self, token: Token, exclude: str | None, depth: int, venue: bool = True
    ) -> list[ActorRef]:
        """The owner a possessor, modifier or "by/of/from" phrase names; a country's first."""
        weak: list[ActorRef] = []
        for child in token.lefts:
            if child.dep_ in ("poss", *MODIFIER_DEPS):
                found = self.actors(child, exclude)
                if any(r.actor.code for r in found):
                    return [_via(r, "owner") for r in found]
                weak = weak or found
        preps = self._owner_prepositions(token)
        for word in _OWNER_PREPOSITIONS:
            if word in _PLACE_PREPOSITIONS and not venue:
                continue
            prep = preps.get(word)
            if prep is None:
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    # "a round of talks in Jeddah": still where the talks are held
                    found = self.owner(pobj, exclude, depth + 1, venue)
                    if any(r.actor.code for r in found):
                        return [_via(r, "owner") for r in found]
                    weak = weak or found
        return [_via(r, "owner") for r in weak]

    def _owner_prepositions(self, token: Token) -> dict[str, Token]:
        """The token's prepositions and agents by word, with the agents of a clause on it."""
        preps = {c.lower_: c for c in token.rights if c.dep_ in ("prep", "agent")}
        for clause in token.rights:
            if clause.dep_ == "acl" and not self.ontology.is_marker(self.lemma(clause), "mediate"):
                # "the march organised by teachers"; but "talks mediated by Qatar" are not
                # Qatar's: a mediator or host is a third party, never a side
                preps.update({c.lower_: c for c in clause.children if c.dep_ == "agent"})
        return preps

    def place_in(self, token: Token) -> list[ActorRef]:
        """The places an "in/at/near" phrase on the token names ("bombs in Kabul")."""
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPOSITIONS:
                for pobj in prep.children:
                    if pobj.dep_ != "pobj":
                        continue
                    found = self.actors(pobj) or self._places_under(pobj)
                    if found:
                        return [_via(r, "place") for r in found]
        return []

    def place_name(self, token: Token) -> str | None:
        """The name of the place an "in/at/near" phrase on the token names ("in Islamabad")."""
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPOSITIONS:
                for t in prep.subtree:
                    entity = self.entity_at.get(t.i)
                    if entity is not None and entity.label in PLACE_LABELS:
                        return entity.canonical
        return None

    def _places_under(self, token: Token) -> list[ActorRef]:
        """Places named inside a phrase ("the town of Cizre", "hideouts within Iran"), not
        inside a clause on it ("a letter signed in Los Angeles" was not written there)."""
        for t in token.subtree:
            if _in_clause(t, token):
                continue
            entity = self.entity_at.get(t.i)
            if entity is not None and entity.label in PLACE_LABELS and entity.country:
                return self.actors(self.doc[t.i])
        return []


# Dependencies that open a clause inside a noun phrase.
_CLAUSE_DEPS = frozenset({"acl", "relcl", "advcl", "ccomp", "xcomp"})


def _in_clause(t: Token, top: Token) -> bool:
    """Whether a token of the phrase under top sits inside a clause of that phrase."""
    while t.i != top.i and t.head.i != t.i:
        if t.dep_ in _CLAUSE_DEPS:
            return True
        t = t.head
    return False


def _via(ref: ActorRef, via: str) -> ActorRef:
    return ActorRef(ref.actor, ref.token, ref.label, via, ref.is_city, ref.fallback_code)
