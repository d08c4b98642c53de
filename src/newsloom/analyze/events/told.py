"""What an article has told so far, so that "condemned the strikes" can name whose strikes."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from newsloom.analyze.events.clause import BACKGROUND, HAPPENED, PLANNED
from newsloom.analyze.events.ontology import EventOntology
from newsloom.analyze.events.refs import REFERENCE_SENTENCES, ActorRef
from newsloom.model import Event

# Determiners that make a noun point back at something told before ("the strikes", "this
# attack"); "a"/"an" and bare plurals introduce something new.
_BACK_DETERMINERS = frozenset({"the", "this", "these", "that", "those", "such"})
# Statuses of events a later noun may refer back to: ones the article asserts.
_TOLD_STATUSES = frozenset({HAPPENED, PLANNED, BACKGROUND})
# Quad classes an "operation" or "campaign" refers back to: something done, not said.
_MATERIAL = frozenset({"material conflict", "material cooperation"})


@dataclass
class ToldEvents:
    """The asserted events of one article so far, with their sentence and trigger lemma."""

    ontology: EventOntology
    told: list[tuple[int, str, Event]] = field(default_factory=list)

    def add(self, sentence: int, lemma: str, events: list[Event]) -> None:
        """Record a sentence's events, read from a trigger of this lemma."""
        self.told.extend((sentence, lemma, e) for e in events if e.status in _TOLD_STATUSES)

    def referred_sources(self, noun: Token, lemma: str, sentence: int) -> list[ActorRef]:
        """The doers of the event a definite event noun refers back to ("the strikes" after
        "the US and Britain carried out strikes"), from the nearest earlier sentence that has
        one; none when the noun names its own doer or is no event noun."""
        if not any(c.dep_ == "det" and c.lower_ in _BACK_DETERMINERS for c in noun.children):
            return []
        if any(c.dep_ in ("poss", "compound", "amod", "nmod") for c in noun.children):
            return []  # "Iran's strikes", "Israeli strikes": a doer of its own, or not simple
        is_event_noun = bool(self.ontology.rules(lemma, "noun"))
        if not is_event_noun and not self.ontology.is_marker(lemma, "event-ref"):
            return []
        # the same word names its event however far back ("the strikes" of the lead); a
        # general noun ("the operation") only what was told just before
        reach = sentence + 1 if is_event_noun else REFERENCE_SENTENCES + 1
        for back in range(sentence, sentence - reach, -1):
            found = [
                e
                for n, told_lemma, e in self.told
                if n == back and e.source is not None and self._fits(e, told_lemma, lemma)
            ]
            if found:
                sources = {e.source.canonical: e.source for e in found if e.source}
                return [ActorRef(a, -1, None, "event-ref") for a in sources.values()]
        return []

    def _fits(self, event: Event, told_lemma: str, lemma: str) -> bool:
        """Whether a told event is what the noun refers to: the same word ("strike" after
        "strikes"), or for a general noun ("the operation") a material act."""
        if told_lemma == lemma:
            return True
        return self.ontology.is_marker(lemma, "event-ref") and event.quad_class in _MATERIAL
