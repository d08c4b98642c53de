"""Where an event sits in its sentence: its status, its date, its place and its evidence span."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span, Token

from newsloom.analyze.events_ontology import EventOntology
from newsloom.model import Timex

HAPPENED = "happened"
PLANNED = "planned"
HYPOTHETICAL = "hypothetical"
DENIED = "denied"
NEGATED = "negated"
STATUSES = (HAPPENED, PLANNED, HYPOTHETICAL, DENIED, NEGATED)

# Timex values precise enough to date an event: a year, month, day or ISO week.
_DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")
# Dependencies that start a clause of its own: a date inside one belongs to that clause's verb.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl"})
# Links along which a verb's status passes down to the verb it governs ("is set to visit").
_CHAIN_DEPS = frozenset({"xcomp", "acomp"})
# Links up which a denial reaches its complement ("denied attacking", "denied that it attacked").
_DENIAL_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "dobj", "prep"})
_PAST_TAGS = frozenset({"VBD", "VBN"})


@dataclass(frozen=True)
class Modality:
    """What the grammar around a trigger says about whether its event happened."""

    negated: bool = False
    denied: bool = False
    planned: bool = False
    hypothetical: bool = False

    @property
    def status(self) -> str:
        """One status word: denial and negation first, then condition, then plan."""
        if self.denied:
            return DENIED
        if self.negated:
            return NEGATED
        if self.hypothetical:
            return HYPOTHETICAL
        if self.planned:
            return PLANNED
        return HAPPENED


class ClauseReader:
    """Reads status, dates and places around triggers in one document."""

    def __init__(
        self,
        doc: Doc,
        timexes: Sequence[Timex],
        published: date | None,
        ontology: EventOntology,
    ) -> None:
        self.doc = doc
        self.published = published
        self.ontology = ontology
        starts = sorted((t.idx, t.i) for t in doc)
        # Each timex at the token its first character falls in.
        self.timex_at: dict[int, list[Timex]] = {}
        for timex in timexes:
            i = _token_at(starts, timex.start)
            if i is not None:
                self.timex_at.setdefault(i, []).append(timex)

    def lemma(self, token: Token) -> str:
        """The token's lemma as the ontology knows it."""
        return self.ontology.lemma(token.lemma_ or token.text)

    # -- status -----------------------------------------------------------------------------

    def modality(self, anchor: Token, noun: Token | None = None, intent: bool = False) -> Modality:
        """Negation, denial, plan and condition read from the anchor verb and what governs it."""
        chain = self._chain(anchor)
        negated = any(self._negates(t) for t in chain) or (
            noun is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)
        )
        negated = negated or any(
            self.ontology.is_marker(self.lemma(t), "negate-verb") for t in chain[1:]
        )
        denied = self._denied(chain[-1])
        reported = self._under_speech(chain[-1])
        planned = hypothetical = False
        for t in chain:
            for aux in t.children:
                if aux.dep_ not in ("aux", "auxpass"):
                    continue
                word = aux.lower_
                if self.ontology.is_marker(word, "plan-aux"):
                    planned = True
                elif word == "would":
                    planned, hypothetical = planned or reported, hypothetical or not reported
                elif self.ontology.is_marker(word, "hypo-aux"):
                    hypothetical = True
        for t in chain[1:]:
            lemma = self.lemma(t)
            if self.ontology.is_marker(lemma, "plan") or (lemma == "be" and t is not anchor):
                planned = True
            if self.ontology.is_marker(lemma, "hypo-verb"):
                hypothetical = True
        if self.ontology.is_marker(self.lemma(anchor), "plan") and noun is not None:
            planned = True  # "set for a visit"
        if noun is not None:
            mods = {self.lemma(c) for c in noun.lefts}
            planned = planned or any(self.ontology.is_marker(m, "plan-mod") for m in mods)
            hypothetical = hypothetical or any(self.ontology.is_marker(m, "hypo-mod") for m in mods)
        if not intent:
            # A condition on the event itself ("could strike if ...", "if Iran attacks");
            # a conditional threat or offer is still a threat or offer that was made.
            top = chain[-1]
            hypothetical = hypothetical or any(
                c.dep_ == "advcl" and self._marked(c, "hypo-mark") for c in anchor.children
            )
            hypothetical = hypothetical or (top.dep_ == "advcl" and self._marked(top, "hypo-mark"))
        return Modality(negated, denied, planned, hypothetical)

    def _chain(self, anchor: Token) -> list[Token]:
        """The anchor and the verbs it hangs from by "to"-complements, nearest first."""
        chain = [anchor]
        t = anchor
        while t.dep_ in _CHAIN_DEPS and t.head is not t:
            t = t.head
            chain.append(t)
        return chain

    def _negates(self, token: Token) -> bool:
        for child in token.children:
            if child.dep_ == "neg" or self.ontology.is_marker(child.lower_, "negation"):
                return True
            if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
                return True
        return False

    def _denied(self, top: Token) -> bool:
        """Whether the clause is what a verb of denial governs ("denied attacking")."""
        t = top
        for _ in range(3):
            if t.dep_ not in _DENIAL_DEPS or t.head is t:
                return False
            t = t.head
            if t.pos_ == "VERB":
                return self.ontology.is_marker(self.lemma(t), "deny")
        return False

    def _under_speech(self, top: Token) -> bool:
        """Whether the clause is reported speech ("said it would ...")."""
        t = top
        while t.dep_ in ("ccomp", "conj") and t.head is not t:
            t = t.head
            if self.ontology.is_marker(self.lemma(t), "speech"):
                return True
        return False

    def _marked(self, clause: Token, kind: str) -> bool:
        return any(
            c.dep_ == "mark" and self.ontology.is_marker(c.lower_, kind) for c in clause.children
        )

    def is_background(self, anchor: Token) -> bool:
        """Whether the trigger sits in a relative clause or an "after ..." clause: background."""
        t = anchor
        while t.head is not t:
            if t.dep_ in ("relcl", "acl"):
                return True
            if t.dep_ == "advcl" and self._marked(t, "background"):
                return True
            if t.dep_ in ("pobj", "pcomp") and self.ontology.is_marker(t.head.lower_, "background"):
                return True
            t = t.head
        return False

    # -- dates ------------------------------------------------------------------------------

    def event_date(self, anchor: Token, trigger: Token, modality: Modality) -> tuple[str | None, bool]:
        """(TIMEX3 date, whether it is only the publication date) for an event's clause."""
        clause = self.clause_tokens(anchor) | self.clause_tokens(trigger)
        value, vague = self._date_in(clause, trigger)
        if value is None and not vague:
            top = self._chain(anchor)[-1]
            if top.dep_ == "advcl" and self._marked(top, "when-mark"):
                # "Tensions escalated in January when both countries conducted strikes."
                value, vague = self._date_in(self.clause_tokens(top.head), trigger)
        if value is not None or vague:
            return value, False
        if (
            self.published is not None
            and modality.status == HAPPENED
            and self._past(anchor)
        ):
            return self.published.isoformat(), True
        return None, False

    def clause_tokens(self, head: Token) -> set[int]:
        """Token indices of a head's clause, its own sub-clauses left out."""
        kept: set[int] = set()
        stack = [head]
        while stack:
            t = stack.pop()
            kept.add(t.i)
            stack.extend(c for c in t.children if c.dep_ not in CLAUSE_DEPS)
        return kept

    def _date_in(self, clause: Iterable[int], trigger: Token) -> tuple[str | None, bool]:
        """The nearest precise date in the clause, and whether a vague one ("recent") was there."""
        best: tuple[int, str] | None = None
        vague = False
        for i in clause:
            for timex in self.timex_at.get(i, ()):
                if timex.type != "DATE":
                    continue
                value = timex.range_begin or timex.value
                if not _DATE_VALUE.match(value):
                    vague = True
                    continue
                distance = abs(i - trigger.i)
                if best is None or distance < best[0]:
                    best = (distance, value)
        return (best[1] if best else None), vague

    def _past(self, anchor: Token) -> bool:
        if anchor.tag_ == "VBD":
            return True
        return anchor.tag_ in _PAST_TAGS and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "had", "was", "were")
            for c in anchor.children
        )


def sentence_span(sent: Span) -> tuple[int, int]:
    """Character offsets of a sentence without its surrounding whitespace."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.end_char - (len(text) - len(text.rstrip()))
    return start, max(start, end)


def _token_at(starts: list[tuple[int, int]], char: int) -> int | None:
    """The token index a character offset falls in (starts sorted by offset)."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid][0] <= char:
            lo = mid + 1
        else:
            hi = mid
    return starts[lo - 1][1] if lo else None
