"""People named by surname after their full mention, with the country they were introduced with.

Wire copy names a person in full once, with a country cue ("U.S. Secretary of State Antony
Blinken", "Kenya's president William Ruto"), then by surname ("Blinken"). A reader carries the
full mention's country and role over to the surname.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from newsloom.analyze.entities.gazetteer import normalise_name
from newsloom.analyze.events.refs import ActorRef
from newsloom.model import Entity


class PersonNames:
    """Surname mentions read as the full mention; mixed into the actor finder."""

    doc: Doc
    full_person: dict[str, Entity]
    _introduced: dict[tuple[int, int], str | None]

    if TYPE_CHECKING:

        def _entity_actor(self, head: Token, entity: Entity) -> ActorRef | None: ...

        def _modifier_codes(self, head: Token, depth: int) -> list[str]: ...

        def _phrase_codes(self, head: Token) -> list[str]: ...

    def _surname_actor(self, head: Token) -> ActorRef | None:
        """A capitalised word the recogniser missed that is the surname of a person named in
        full earlier in the article: that person."""
        if not head.text[:1].isupper() or head.pos_ not in ("PROPN", "NOUN"):
            return None
        full = self.full_person.get(normalise_name(head.text))
        if full is None or full.start >= head.idx:
            return None
        return self._entity_actor(head, full)

    def _full_mention(self, entity: Entity) -> Entity:
        """A person named by surname alone stands for the full mention of that surname in the
        article, country and role included; anyone else stands for themselves."""
        words = entity.canonical.split()
        if entity.label != "PERSON" or len(words) != 1 or entity.country:
            return entity
        full = self.full_person.get(normalise_name(words[0]))
        return full if full is not None else entity

    def _introduced_code(self, entity: Entity) -> str | None:
        """The country a person's full mention was introduced with ("U.S. Secretary of State
        Antony Blinken", "Kenya's president William Ruto"): a later "Blinken" keeps it."""
        key = (entity.start, entity.end)
        if key not in self._introduced:
            self._introduced[key] = None  # guards the lookup against asking itself
            span = self.doc.char_span(entity.start, entity.end, alignment_mode="expand")
            if span is not None and len(span):
                head = span[-1]
                codes = self._modifier_codes(head, 0) or self._phrase_codes(head)
                self._introduced[key] = codes[0] if codes else None
        return self._introduced[key]
