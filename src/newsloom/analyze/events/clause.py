"""Where an event sits in its sentence: its status, its date, its place and its evidence span."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from newsloom.analyze.events.dateline import Dateline, find_datelines
from newsloom.analyze.events.ontology import EventOntology
from newsloom.model import Timex

HAPPENED = "happened"
PLANNED = "planned"
HYPOTHETICAL = "hypothetical"
DENIED = "denied"
NEGATED = "negated"
GENERIC = "generic"  # a habit or a general truth ("troops usually attack in spring")
BACKGROUND = "background"  # happened before the news, told in an "after/since ..." clause
STATUSES = (HAPPENED, PLANNED, HYPOTHETICAL, DENIED, NEGATED, GENERIC, BACKGROUND)
# Present-tense tags: with a word of habit they state what happens as a rule, not an event.
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})

# Timex values precise enough to date an event: a year, month, day or ISO week.
_DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?$")
# Dependencies that start a clause of its own: a date inside one belongs to that clause's verb.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl"})
# Links along which a verb's status passes down to the verb it governs ("is set to visit").
_CHAIN_DEPS = frozenset({"xcomp", "acomp"})
# Links up which a denial reaches its complement ("denied attacking", "denied that it attacked").
_DENIAL_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "dobj", "prep"})
# The bases of an event's date (Event.date_basis).
CLAUSE_BASIS = "clause"
WHEN_BASIS = "when-clause"
PURPOSE_BASIS = "purpose"
VAGUE_BASIS = "vague"
UNDATED_BASIS = "undated"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BE_FORMS = frozenset({"is", "are", "was", "were", "am", "be"})


@dataclass(frozen=True)
class Modality:
    """What the grammar around a trigger says about whether its event happened."""

    negated: bool = False
    denied: bool = False
    planned: bool = False
    hypothetical: bool = False
    generic: bool = False

    @property
    def status(self) -> str:
        """One status word: denial and negation first, then condition, habit, then plan."""
        if self.denied:
            return DENIED
        if self.negated:
            return NEGATED
        if self.hypothetical:
            return HYPOTHETICAL
        if self.generic:
            return GENERIC
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
        starts = [(offset, i) for i, offset in enumerate(doc.to_array(IDX).tolist())]
        # Each timex at the token its first character falls in; a dateline's day is when the
        # report was filed, not when its first clause's event happened, so it dates nothing.
        datelines = find_datelines(doc.text)
        self.datelines = datelines
        self.timex_at: dict[int, list[Timex]] = {}
        for timex in timexes:
            if any(d.start <= timex.start < d.end for d in datelines):
                continue
            i = _token_at(starts, timex.start)
            if i is not None:
                self.timex_at.setdefault(i, []).append(timex)

    def lemma(self, token: Token) -> str:
        """The token's lemma as the ontology knows it."""
        return self.ontology.lemma(token.lemma_ or token.text)

    # -- status -----------------------------------------------------------------------------

    def modality(self, anchor: Token, noun: Token | None = None, intent: bool = False) -> Modality:
        """Negation, denial, plan and condition read from the anchor verb and what governs it."""
        own = self._own_modality(anchor, noun, intent)
        top = self._chain(anchor)[-1]
        if top.dep_ == "advcl" and self._marked(top, "cond-mark"):
            # "would continue to target ships until Israel ended its offensive": the end of
            # the offensive is the condition of a plan, not something that happened
            head = self.modality(top.head)
            if head.planned or head.hypothetical:
                return Modality(own.negated, own.denied, own.planned, True, own.generic)
        if _is_purpose(top):
            # "set to visit Islamabad to meet Zardari": a purpose is as planned as its errand.
            head = self.modality(top.head)
            return Modality(
                own.negated or head.negated,
                own.denied or head.denied,
                own.planned or head.planned,
                own.hypothetical or head.hypothetical,
                own.generic or head.generic,
            )
        return own

    def _own_modality(self, anchor: Token, noun: Token | None, intent: bool) -> Modality:
        """The trigger's own modality, read from its chain of verbs, its noun and its clause."""
        chain = self._chain(anchor)
        reported = self._under_speech(chain[-1])
        planned_aux, hypothetical_aux = self._aux_modality(chain, reported)
        planned_verb, hypothetical_verb = self._verb_modality(chain)
        planned_noun, hypothetical_noun = self._noun_modality(anchor, noun)
        return Modality(
            self._chain_negated(chain, noun),
            self._chain_denied(chain),
            planned_aux or planned_verb or planned_noun,
            hypothetical_aux
            or hypothetical_verb
            or hypothetical_noun
            or self._conditional(anchor, chain[-1], intent),
            self._habitual(chain),
        )

    def _habitual(self, chain: list[Token]) -> bool:
        """Whether the clause states a habit: a present verb with a word of habit ("usually
        attack", "often threatens"), or a verb of habit above it ("used to", "tend to")."""
        for t in chain:
            words = {self.lemma(c) for c in t.children if c.dep_ in ("advmod", "npadvmod")}
            habit = any(self.ontology.is_marker(w, "habitual") for w in words)
            if habit and (t.tag_ in _PRESENT_TAGS or t is not chain[0]):
                return True
        return any(self.ontology.is_marker(self.lemma(t), "habitual") for t in chain[1:])

    def _chain_negated(self, chain: list[Token], noun: Token | None) -> bool:
        """Whether a verb of the chain is negated, the noun says "no", or a verb negates it."""
        negated = any(self._negates(t) for t in chain) or (
            noun is not None and any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)
        )
        return (
            negated
            or any(self.ontology.is_marker(self.lemma(t), "negate-verb") for t in chain[1:])
            or self._prevented(chain[-1])
            or (noun is not None and self._noun_under_negation(noun))
        )

    def _prevented(self, top: Token) -> bool:
        """Whether the clause is what a verb of prevention keeps from happening: "prevented the
        army from attacking", "stopped them from entering"."""
        if top.dep_ != "pcomp" or top.head.lower_ != "from":
            return False
        verb = top.head.head
        return self.ontology.is_marker(self.lemma(verb), "prevent")

    def _noun_under_negation(self, noun: Token) -> bool:
        """Whether a noun trigger is the object of a negated verb that does not assert it: "I do
        not recall any attacks", "there were no strikes"."""
        t = noun
        while t.dep_ in ("pobj", "prep") and t.head.i != t.i:
            t = t.head
        verb = t.head if t.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") else None
        if verb is None or verb.i == noun.i:
            return False
        # "the visit was postponed", "blocked the talks": kept from happening
        return self._negates(verb) or self.ontology.is_marker(self.lemma(verb), "prevent")

    def _chain_denied(self, chain: list[Token]) -> bool:
        """Whether a verb of the chain, or one governing its top, denies the event."""
        denied = any(self.ontology.is_marker(self.lemma(t), "deny") for t in chain[1:])
        return denied or self._denied(chain[-1])

    def _aux_modality(self, chain: list[Token], reported: bool) -> tuple[bool, bool]:
        """(planned, hypothetical) as the auxiliaries of the chain's verbs say."""
        planned = hypothetical = False
        for t in chain:
            if self._counterfactual(t):
                return False, True  # "would have attacked": it did not happen
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
        return planned, hypothetical

    def _counterfactual(self, verb: Token) -> bool:
        """Whether a verb is a counterfactual perfect: "would have attacked", "could have"."""
        auxes = [a.lower_ for a in verb.children if a.dep_ in ("aux", "auxpass")]
        return "have" in auxes and any(
            w == "would" or self.ontology.is_marker(w, "hypo-aux") for w in auxes
        )

    def _verb_modality(self, chain: list[Token]) -> tuple[bool, bool]:
        """(planned, hypothetical) as the verbs the trigger hangs from say."""
        planned = hypothetical = False
        for below, t in itertools.pairwise(chain):
            lemma = self.lemma(t)
            if self.ontology.is_marker(lemma, "plan") or (
                # "is expected to host", "are scheduled to meet": the participle of plan is a
                # word of its own in the markers ("the expected visit"), the same plan here
                below.dep_ == "xcomp" and self.ontology.is_marker(lemma, "plan-mod")
            ):
                planned = True
            if below.dep_ == "xcomp" and t.lower_ in _BE_FORMS:
                planned = True  # "is to visit"
            if self.ontology.is_marker(lemma, "hypo-verb"):
                hypothetical = True
        return planned, hypothetical or self._expected_of_other(chain[-1])

    def _expected_of_other(self, top: Token) -> bool:
        """Whether the clause is what someone expects or plans of another: "said it expected
        Belgrade to cooperate" is the EU's hope, not Serbia's act or plan."""
        if top.dep_ != "ccomp" or top.head.i == top.i:
            return False
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in top.children)
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in top.children)
        head = self.lemma(top.head)
        return (
            infinitive
            and own_subject
            and any(self.ontology.is_marker(head, k) for k in ("plan", "plan-mod", "hypo-verb"))
        )

    def _noun_modality(self, anchor: Token, noun: Token | None) -> tuple[bool, bool]:
        """(planned, hypothetical) as a noun trigger's verb and modifiers say."""
        if noun is None:
            return False, False
        # "set for a visit": the noun hangs from a verb of plan by "for"
        planned = noun.head.lower_ == "for" and self.ontology.is_marker(self.lemma(anchor), "plan")
        mods = {self.lemma(c) for c in noun.lefts}
        planned = planned or any(self.ontology.is_marker(m, "plan-mod") for m in mods)
        hypothetical = any(self.ontology.is_marker(m, "hypo-mod") for m in mods)
        return planned, hypothetical

    def _conditional(self, anchor: Token, top: Token, intent: bool) -> bool:
        """Whether a condition makes the event hypothetical."""
        # The event inside a condition ("if the ICO does agree") is hypothetical; a condition
        # attached to it ("could strike if ...") makes it so too, except for a threat or an
        # offer, which was made whatever its condition.
        if top.dep_ == "advcl" and self._marked(top, "hypo-mark"):
            return True
        return not intent and any(
            c.dep_ == "advcl" and self._marked(c, "hypo-mark") for c in anchor.children
        )

    def _chain(self, anchor: Token) -> list[Token]:
        """The anchor and the verbs it hangs from by "to"-complements, nearest first."""
        chain = [anchor]
        t = anchor
        while t.dep_ in _CHAIN_DEPS and t.head.i != t.i:
            t = t.head
            chain.append(t)
        return chain

    def _negates(self, token: Token) -> bool:
        doc = token.doc
        for child in token.children:
            if child.i + 1 < len(doc) and doc[child.i + 1].lower_ == "only":
                continue  # "not only to fight but to govern" negates nothing
            if child.dep_ == "neg" or self.ontology.is_marker(child.lower_, "negation"):
                return True
            if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
                return True
        return False

    def _denied(self, top: Token) -> bool:
        """Whether the clause is what a verb of denial governs ("denied attacking")."""
        t = top
        for _ in range(3):
            if t.dep_ not in _DENIAL_DEPS or t.head.i == t.i:
                return False
            t = t.head
            if t.pos_ == "VERB":
                return self.ontology.is_marker(self.lemma(t), "deny")
        return False

    def _under_speech(self, top: Token) -> bool:
        """Whether the clause is reported speech ("said it would ...")."""
        t = top
        while t.dep_ in ("ccomp", "conj") and t.head.i != t.i:
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
        return self.background_kind(anchor) is not None

    def background_kind(self, anchor: Token) -> str | None:
        """ "relative" for a relative clause (often news told in passing: "the US, which has
        warned Pakistan"), "earlier" for an "after/since/following ..." clause or phrase (an
        earlier event the news follows); None when the trigger is in neither."""
        t = anchor
        while t.head.i != t.i:
            if t.dep_ in ("relcl", "acl") and not self._when_clause(t):
                return "relative"
            if t.dep_ in ("advcl", "conj") and self._marked(t, "background"):
                return "earlier"  # the parser hangs some "after" clauses as conjuncts
            if t.dep_ in ("pobj", "pcomp") and self.ontology.is_marker(t.head.lower_, "background"):
                return "earlier"
            t = t.head
        return None

    # -- dates ------------------------------------------------------------------------------

    def event_date(self, anchor: Token, trigger: Token) -> tuple[str | None, str]:
        """(TIMEX3 date, its basis) of an event, from its own clause's time expressions only.

        The publication date is never an event's date: a report says when it was written,
        not when what it tells happened. With no date, the basis says why ("undated",
        "vague")."""
        clause = self.clause_tokens(anchor) | self.clause_tokens(trigger)
        value, vague = self._date_in(clause, trigger)
        if value is not None:
            return value, CLAUSE_BASIS
        if not vague:
            top = self._chain(anchor)[-1]
            if _is_purpose(top):
                value, basis = self.event_date(top.head, top.head)
                return value, PURPOSE_BASIS if value is not None else basis
            if self._when_clause(top):
                # "Tensions escalated in January when both countries conducted strikes."
                value, vague = self._date_in(self.clause_tokens(top.head), trigger)
                if value is not None:
                    return value, WHEN_BASIS
        return None, VAGUE_BASIS if vague else UNDATED_BASIS

    def _when_clause(self, top: Token) -> bool:
        """Whether a clause is a "when ..." clause: an adverbial one or one on a date noun."""
        if top.dep_ not in ("advcl", "relcl"):
            return False
        return any(
            c.dep_ in ("mark", "advmod") and self.ontology.is_marker(c.lower_, "when-mark")
            for c in top.children
        )

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


def _is_purpose(clause: Token) -> bool:
    """Whether a clause is an infinitive of purpose ("... to meet Zardari")."""
    return (
        clause.dep_ == "advcl"
        and clause.tag_ == "VB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    )


def evidence_span(
    sent: Span, trigger: Token, datelines: Sequence[Dateline] = ()
) -> tuple[int, int]:
    """Character offsets of the trigger's sentence, cut at blank lines and stripped of space.

    The parser sometimes runs a headline into the first sentence; a blank line always ends
    a sentence in the evidence. A sentence the parser split inside a dateline ("BELGRADE" |
    ", Sept 29 - Serbia denied ...") starts at the dateline.
    """
    text = sent.text
    offset = trigger.idx - sent.start_char
    start = max((m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, offset)), default=0)
    following = _PARAGRAPH_BREAK.search(text, offset)
    end = following.start() if following else len(text)
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    first = sent.start_char + start + lead
    last = sent.start_char + max(start + lead, end - trail)
    split = next((d.start for d in datelines if d.start < first < d.end), None)
    return (split if split is not None else first), last


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
