"""People named by surname after their full mention, with the country they were introduced with.

Wire copy names a person in full once, with a country cue ("U.S. Secretary of State Antony
Blinken", "Kenya's president William Ruto"), then by surname ("Blinken"). A reader carries the
full mention's country and role over to the surname.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from newsloom.analyze.entities.gazetteer import normalise_name
from newsloom.analyze.events.refs import ActorRef
from newsloom.model import Entity

# Sectors of a title that makes a person a state's official ("foreign minister", "general").
TITLED_SECTORS = frozenset({"GOV", "MIL"})


class PersonNames:
    """Surname mentions read as the full mention; mixed into the actor finder."""

    doc: Doc
    full_person: dict[str, Entity]
    _introduced: dict[tuple[int, int], str | None]

    if TYPE_CHECKING:

        def _entity_actor(self, head: Token, entity: Entity) -> ActorRef | None: ...

        def _modifier_codes(self, head: Token, depth: int) -> list[str]: ...

        def _phrase_codes(self, head: Token) -> list[str]: ...

        def _sector_from_words(self, words: Iterable[str]) -> str | None: ...

        def actors(self, token: Token, exclude: str | None = None) -> list[ActorRef]: ...

    def _surname_actor(self, head: Token) -> ActorRef | None:
        """A capitalised word the recogniser missed that is the surname of a person named in
        full earlier in the article: that person."""
        if not head.text[:1].isupper() or head.pos_ not in ("PROPN", "NOUN"):
            return None
        full = self.full_person.get(normalise_name(head.text))
        if full is None or full.start >= head.idx:
            return None
        return self._entity_actor(head, full)

    def role_of(self, name: str) -> str | None:
        """The role the person of this canonical name was introduced with ("defence
        minister"): "Gallant" is the "Israeli Defence Minister Yoav Gallant" named before."""
        words = name.split()
        full = self.full_person.get(normalise_name(words[-1])) if words else None
        return full.role if full is not None and full.canonical == name else None

    def _full_mention(self, entity: Entity) -> Entity:
        """A person named by surname alone stands for the full mention of that surname in the
        article, country and role included; anyone else stands for themselves."""
        words = entity.canonical.split()
        if entity.label != "PERSON" or not words or entity.country:
            return entity
        full = self.full_person.get(normalise_name(words[-1]))
        if len(words) == 1:
            return full if full is not None else entity
        # a later "Kurti" the recogniser already named "Albin Kurti": the first full mention,
        # which carries the words that introduced him
        same = full is not None and full.canonical == entity.canonical
        return full if same and full is not None and full.start < entity.start else entity

    def _introduced_code(self, entity: Entity) -> str | None:
        """The country a person's full mention was introduced with ("U.S. Secretary of State
        Antony Blinken", "Kenya's president William Ruto"): a later "Blinken" keeps it."""
        key = (entity.start, entity.end)
        if key not in self._introduced:
            self._introduced[key] = None  # guards the lookup against asking itself
            span = self.doc.char_span(entity.start, entity.end, alignment_mode="expand")
            if span is not None and len(span):
                head = span[-1]
                codes = (
                    self._modifier_codes(head, 0)
                    or self._phrase_codes(head)
                    or self._topic_codes(head, entity)
                )
                self._introduced[key] = codes[0] if codes else None
        return self._introduced[key]

    def _topic_codes(self, head: Token, entity: Entity) -> list[str]:
        """For an official introduced by title alone ("Foreign Minister Wang Yi"), the country
        the sentence before, in the same paragraph, has as its subject: wire copy names the
        state, then its minister ("China urged restraint. Foreign Minister Wang Yi spoke ...")."""
        if self._sector_from_words((entity.role or "").split()) not in TITLED_SECTORS:
            return []
        sent = head.sent
        if sent.start == 0:
            return []
        before = self.doc[sent.start - 1].sent
        if any("\n\n" in t.text for t in self.doc[before.start : sent.start] if t.is_space):
            return []  # a new paragraph: the reader has moved on
        subjects = [t for t in before.root.children if t.dep_ == "nsubj"]
        codes = {
            r.actor.code
            for t in subjects
            for r in self.actors(t)
            if r.actor.code and r.label in ("GPE", "NORP")
        }
        return list(codes) if len(codes) == 1 else []
