"""The statement a date belongs to: the clause of the verb a time expression modifies.

A brief lists what each date in a story dates. The words around a date ("eastern Turkey early
on Tuesday") do not say what happened then; the clause the date belongs to does ("A magnitude
6.4 earthquake struck eastern Turkey before dawn on Tuesday"). The clause is read from the
parse while it is at hand (the store keeps no parse): from the time expression up its
dependency heads to the first verb, then that verb with its subject, auxiliaries, negation,
objects and complements, the phrase that holds the date, and its other prepositional phrases
as long as the statement stays short. Relative clauses, appositions, side clauses and
coordinated verbs are left out; a relative pronoun is replaced by the noun it stands for ("the
earthquake that struck ..." reads "the earthquake struck ..."), and a clause without a subject
of its own takes the one it shares ("is set to visit", "... and closed schools").

A wire dateline ("ROME (Wire) — ", "LONDON, March 3 (Reuters) - ") opens many leads, and the
parser makes its place the subject of the lead's verb: the dateline never enters a statement,
and a subject inside it gives way to the real one the parser hung beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from newsloom.analyze.clause_text import BRACKETS, clause_text
from newsloom.analyze.events.dateline import Dateline, find_datelines
from newsloom.analyze.quotes import speech_verb_forms
from newsloom.model import Timex

__all__ = ["MAX_CLAUSE_WORDS", "dated_clause", "with_clauses"]

# A statement longer than this many words is cut back: optional phrases go first (the farthest
# from the date first), then the modifiers of nouns.
# Twenty-five words is a long news sentence's main clause; a brief line longer than that is
# the sentence again, not a statement of what the date dates.
MAX_CLAUSE_WORDS = 25
# A statement shorter than this many words says no more than the date's own phrase does.
MIN_CLAUSE_WORDS = 3
# The types of time expression that date something (durations and sets date nothing).
DATED_TYPES = frozenset({"DATE", "TIME"})
# How many verbs up a chain of controlled verbs ("is set to start to ...") lends its subject.
MAX_CONTROL_DEPTH = 3
# ... and a clause inside a phrase ("ready to consider co-financing it") one level of its own.
NESTED_DEPTH = MAX_CONTROL_DEPTH - 1

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# Words that belong to the verb itself.
_VERB_PARTS = frozenset({"aux", "auxpass", "neg", "prt"})
# What the verb takes: objects and complements.
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd", "acomp"})
# Modifiers that make a noun phrase what it is ("the", "Turkey's", "6.4", "disaster").
_NOUN_PARTS = frozenset({
    "det", "predet", "amod", "compound", "nmod", "poss", "case", "nummod", "quantmod", "neg",
    "advmod", "npadvmod", "nounmod", "cc", "conj",
})  # fmt: skip
_RELATIVE_WORDS = frozenset({"WDT", "WP"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_NOUN_ENDS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Verbs that lean on the verb above them when they have no subject: controlled, adverbial.
_LEANING = frozenset({"xcomp", "advcl", "pcomp"})
_NON_FINITE = frozenset({"VB", "VBG", "VBN"})
# A noun in one of these places is an argument of its verb: a participle on it ("the deal
# announced on Monday") is part of that verb's statement.
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "dative", "oprd"})
_PERSONAL_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you"})

# Levels of what a statement keeps: essential words, the modifiers of its nouns, the verb's
# other phrases, the phrases of its nouns. Cutting drops phrases first, then modifiers.
_CORE, _MODIFIER, _VERB_PHRASE, _NOUN_PHRASE = 0, 1, 2, 3


def with_clauses(doc: Doc, timexes: Sequence[Timex]) -> tuple[Timex, ...]:
    """The time expressions with the statement each dates (`Timex.clause`) read from the parse."""
    datelines = find_datelines(doc.text)
    return tuple(
        replace(t, clause=dated_clause(doc, t.start, t.end, datelines))
        if t.type in DATED_TYPES
        else t
        for t in timexes
    )


def dated_clause(
    doc: Doc, start: int, end: int, datelines: Sequence[Dateline] | None = None
) -> str | None:
    """The clause a time expression at doc.text[start:end] belongs to, trimmed; None when it
    belongs to no verb (a headline, a list) or sits in a dateline."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    lines = list(find_datelines(doc.text) if datelines is None else datelines)
    if any(_in_dateline(t, lines) for t in span):
        return None  # the day a report was filed, not a statement of the report
    paths = _paths_to_verb(span)
    if not paths:
        return None
    # The statement of the verb furthest up that fits without cutting into its noun phrases;
    # when none does, the nearest verb's, cut to fit.
    for path in reversed(paths):
        builder = _Builder(span, lines)
        builder.clause(path)
        found = builder.text()
        if found is not None and not found.cut_nouns:
            return found.text
    builder = _Builder(span, lines)
    builder.clause(paths[0])
    found = builder.text()
    return found.text if found is not None else None


def _paths_to_verb(span: Span) -> list[list[Token]]:
    """The paths from the date's root up to the verb of its clause, the verb last: the path to
    the first verb above the date, then each longer one the clause leans on.

    The first verb above the date is its clause's verb, unless that verb lives on another's:
    a controlled, adverbial or infinitive verb ("is due to resume at 06:00", "was described as
    contained on Wednesday", "expect the deal to close in 2026") and a participle or infinitive
    on an argument of another verb ("the deal, announced on Monday, will create", "the third to
    affect the port this year") read as part of the verb above them."""
    path = _up_to_verb(span, [span.root], first=True)
    paths = []
    while path is not None:
        paths.append(path)
        if not _leans(path[-1]):
            break
        path = _up_to_verb(span, [*path, path[-1].head])
    return paths


def _leans(verb: Token) -> bool:
    """Whether a verb's statement is made by the verb above it (see `_path_to_verb`)."""
    if verb.head.i == verb.i:
        return False
    if has_subject(verb) and not (_non_finite(verb) and verb.dep_ in ("ccomp", "xcomp")):
        return False  # "expect the deal to close", "expected one further cut": small clauses
    if verb.dep_ in _LEANING or verb.dep_ == "ccomp":
        return verb.tag_ in _NON_FINITE
    return verb.dep_ in ("acl", "relcl") and verb.head.dep_ in _ARGUMENTS


def _non_finite(verb: Token) -> bool:
    """Whether a verb is an infinitive ("to close") or a participle with no auxiliary."""
    parts = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ == "to" for c in parts):
        return True
    return verb.tag_ in ("VBN", "VBG") and not parts


def has_subject(verb: Token) -> bool:
    """Whether a verb has a subject of its own."""
    return any(c.dep_ in _SUBJECTS for c in verb.children)


def _up_to_verb(span: Span, path: list[Token], first: bool = False) -> list[Token] | None:
    """The path extended up the heads to the first verb outside the date. From the date
    itself (`first`), a sentence the parser found no verb in ("Belgium's largest port ground
    to a halt on Monday", "ground" a noun) ends at its head noun, which stands for the clause."""
    token = path[-1]
    while not _is_verb(token) or token in span:
        if token.head.i == token.i:
            verbless = first and token.pos_ in ("NOUN", "PROPN") and token not in span
            return path if verbless else None
        token = token.head
        path.append(token)
    return path


def _is_verb(token: Token) -> bool:
    """Whether a token heads a clause: a verb, or "be" and its kin as a main verb."""
    if token.pos_ == "VERB":
        # "planned operations", "stayed closed": a verb form that modifies or completes another
        # "following the strikes": a verb form used as a preposition
        return token.dep_ not in ("amod", "compound", "acomp", "prep", "agent")
    return token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass")


def _in_dateline(token: Token, lines: Sequence[Dateline]) -> bool:
    return any(line.start <= token.idx < line.end for line in lines)


class _Statement(NamedTuple):
    """A statement's text, and whether it had to lose noun modifiers (or still runs long)."""

    text: str
    cut_nouns: bool


@dataclass
class _Builder:
    """Collects the words of one statement, each with its level and what it depends on."""

    span: Span
    datelines: list[Dateline]
    # token index -> (level, the optional phrases it belongs to)
    kept: dict[int, tuple[int, tuple[int, ...]]] = field(default_factory=dict)
    # token index -> where it is read: a relative pronoun's noun goes where the pronoun was
    order: dict[int, float] = field(default_factory=dict)
    on_path: set[int] = field(default_factory=set)
    # (first, last) token indices of reported clauses told before their speaker ("X has risen
    # to 31, the agency said"): a comma ends them
    told_first: list[tuple[int, int]] = field(default_factory=list)

    def keep(self, token: Token, level: int, chain: tuple[int, ...]) -> None:
        """Keep one word (the lowest level and shortest chain win when kept twice)."""
        if _in_dateline(token, self.datelines) or token.is_space:
            return
        old = self.kept.get(token.i)
        if old is None or (level, len(chain)) < (old[0], len(old[1])):
            self.kept[token.i] = (level, chain)

    # -- the clause -----------------------------------------------------------------------

    def clause(self, path: list[Token]) -> None:
        """The verb at the end of the path with its parts, the date and the path to it."""
        verb = path[-1]
        self.on_path = {t.i for t in path}
        self._date()
        for token in path[:-1]:
            self.keep(token, _CORE, ())
            if token.pos_ in ("VERB", "AUX"):
                self.verb(token, (), NESTED_DEPTH)  # a verb the date's clause leans on
            elif token.dep_ in ("prep", "agent") or token.pos_ == "ADP":
                self.phrase(token, _CORE, ())
            else:
                self.noun(token, _CORE, ())
        if not _is_verb(verb):
            self.noun(verb, _CORE, ())  # a sentence without a verb: its head noun
            return
        self.verb(verb, ())
        if not has_subject(verb):
            self._borrowed_subject(verb)

    def _date(self) -> None:
        """The date's own words, the brackets around it and a "when ..." clause on it."""
        for token in self.span:
            self.keep(token, _CORE, ())
            for child in token.children:
                if child.dep_ in ("relcl", "advcl") and child.left_edge.tag_ == "WRB":
                    self._when(child, ())  # "in January 2024 when both countries struck"
        doc = self.span.doc
        if self.span.start > 0 and self.span.end < len(doc):
            before, after = doc[self.span.start - 1], doc[self.span.end]
            if BRACKETS.get(before.text) == after.text:  # "at 04:17 local time (0117 GMT)"
                self.keep(before, _CORE, ())
                self.keep(after, _CORE, ())

    def verb(self, verb: Token, chain: tuple[int, ...], depth: int = 0) -> None:
        """A verb with what it takes; its other phrases optional."""
        self.keep(verb, _CORE, chain)
        subject = self._subject_of(verb)
        if subject is not None:
            self.subject(verb, subject, chain)
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i < verb.i:
                self.told_first.append((child.left_edge.i, child.right_edge.i))
            if child.i not in self.on_path:
                self._verb_child(verb, child, chain, depth)

    def _verb_child(self, verb: Token, child: Token, chain: tuple[int, ...], depth: int) -> None:
        """What a verb's dependent adds to its statement."""
        dep = child.dep_
        if dep in _VERB_PARTS:
            self.keep(child, _CORE, chain)
        elif dep in _OBJECTS:
            self._object(verb, child, chain)
        elif dep in ("xcomp", "ccomp") and depth < MAX_CONTROL_DEPTH:
            self.verb(child, chain, depth + 1)  # "agreed to buy", "said (that) ..."
        elif dep in ("prep", "agent") and child.lower_ != "according":
            # "according to X" says who says so, not what happened
            self.phrase(child, _VERB_PHRASE, (*chain, child.i))
        elif dep == "advmod" and _beside(child, verb) and not child.tag_.startswith("W"):
            self.keep(child, _MODIFIER, chain)  # "spent heavily", "partly contained"
        elif dep == "advcl" and child.i > verb.i and child.left_edge.tag_ == "WRB":
            self._when(child, chain)

    def _when(self, clause: Token, chain: tuple[int, ...]) -> None:
        """A "when ..." clause after the date or its verb, optional: it says what happened
        then ("escalated in January 2024 when both countries conducted air strikes")."""
        group = (*chain, clause.i)
        self.keep(clause.left_edge, _VERB_PHRASE, group)
        self.verb(clause, group, NESTED_DEPTH)
        for token in clause.subtree:
            if token.i in self.kept and self.kept[token.i][1] == group:
                self.kept[token.i] = (max(_VERB_PHRASE, self.kept[token.i][0]), group)

    def _subject_of(self, verb: Token) -> Token | None:
        """A verb's subject: the one nearest the verb, outside any dateline; a subject the
        parser hung on a dateline's place gives way to the real one beside it."""
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        real = [c for c in subjects if not _in_dateline(c, self.datelines)]
        if not real:
            real = [s for c in subjects for s in self._beside_dateline(c)]
        return max(real, key=lambda s: s.i, default=None) if real else None

    def subject(self, verb: Token, subject: Token, chain: tuple[int, ...]) -> None:
        """A subject; a relative pronoun stands for the noun the clause describes."""
        if subject.tag_ in _RELATIVE_WORDS and verb.dep_ == "relcl":
            if verb.head.pos_ in _NOMINAL:
                self.noun(verb.head, _CORE, chain, position=subject.i)
            else:
                self.keep(subject, _CORE, chain)  # "..., which spreads": no noun to stand for
            return
        self.noun(subject, _CORE, chain)
        first = subject.left_edge
        for other in verb.children:
            # "The magnitude | 6.4 quake struck": one subject split in two by the parser
            touching = other.right_edge.i + 1 == first.i
            if other.dep_ in _SUBJECTS and touching and other.right_edge.pos_ in _NOUN_ENDS:
                self.noun(other, _CORE, chain)
        if verb.dep_ == "relcl" and _runs_into(verb.head, subject):
            # "A magnitude 6.4 earthquake struck": the parser split one noun phrase into a
            # noun and a relative clause with the rest of the phrase as its subject.
            for token in self.span.doc[verb.head.left_edge.i : verb.head.i + 1]:
                self.keep(token, _CORE if token == verb.head else _MODIFIER, chain)
        if subject.lower_ in _PERSONAL_PRONOUNS and verb.dep_ == "ccomp":
            said = verb.head
            if said.lower_ in speech_verb_forms():
                self._frame(said, chain)  # "it had agreed ...": "it" is whoever said so

    def _frame(self, verb: Token, chain: tuple[int, ...], depth: int = 0) -> None:
        """A verb with its auxiliaries and its subject only; a verb without a subject that
        leans on another ("..., announcing it would ...") brings that verb's frame."""
        self.keep(verb, _CORE, chain)
        for child in verb.children:
            if child.dep_ in _VERB_PARTS:
                self.keep(child, _CORE, chain)
            elif child.dep_ == "advmod" and _beside(child, verb):
                self.keep(child, _MODIFIER, chain)
        subject = self._subject_of(verb)
        if subject is not None:
            self.noun(subject, _CORE, chain)
        elif verb.dep_ in _LEANING and _is_verb(verb.head) and depth < MAX_CONTROL_DEPTH:
            self._frame(verb.head, chain, depth + 1)

    def _object(self, verb: Token, child: Token, chain: tuple[int, ...]) -> None:
        """An object or complement; a relative pronoun object reads as its noun after the verb."""
        if child.tag_ in _RELATIVE_WORDS or (child.lower_ == "that" and child.dep_ == "dobj"):
            if verb.dep_ == "relcl" and verb.head.pos_ in _NOMINAL:
                self.noun(verb.head, _CORE, chain, position=verb.i + 0.5)
            return
        if child.pos_ == "ADP":  # "sent to creditors": a dative with its preposition
            self.phrase(child, _CORE, chain)
            return
        self.noun(child, _CORE, chain)

    def _beside_dateline(self, subject: Token) -> Iterable[Token]:
        """The subject the parser hung on a dateline's place ("ROME (Wire) — A wildfire ...":
        an apposition of ROME after the dateline)."""
        for child in subject.children:
            if child.dep_ in ("appos", "conj") and not _in_dateline(child, self.datelines):
                yield child

    def _borrowed_subject(self, verb: Token) -> None:
        """A verb without a subject of its own takes the one it shares: a participle the noun
        it describes ("a woman rescued on Wednesday"), a coordinated verb its first verb's, a
        controlled verb its controller's."""
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in _NOMINAL:
            self.noun(verb.head, _CORE, ())
            return
        current, depth = verb, 0
        while current.dep_ in ("xcomp", "conj") and depth < MAX_CONTROL_DEPTH:
            head = current.head
            if not _is_verb(head):
                return
            subject = self._subject_of(head)
            if subject is not None:
                self.subject(head, subject, ())
                return
            current, depth = head, depth + 1

    # -- phrases ---------------------------------------------------------------------------

    def noun(
        self, token: Token, level: int, chain: tuple[int, ...], position: float | None = None
    ) -> None:
        """A noun phrase: the noun, its modifiers, its phrases optional; no clauses."""
        self._noun(token, level, chain, position, 0)

    def _noun(
        self,
        token: Token,
        level: int,
        chain: tuple[int, ...],
        position: float | None,
        depth: int,
    ) -> None:
        self.keep(token, level, chain)
        if position is not None:
            self.order[token.i] = position + (token.i - token.head.i) / 1000 if depth else position
        modifier = max(level, _MODIFIER)
        for child in token.children:
            if child.i in self.on_path:
                continue
            dep = child.dep_
            place = None if position is None else position + (child.i - token.i) / 1000
            if dep == "amod" and position is None and _takes_phrase(child):
                # "delays due to sanctions": the adjective and its phrase come and go together
                group = (*chain, child.i)
                self._noun(child, max(level, _NOUN_PHRASE), group, None, depth + 1)
            elif dep in _NOUN_PARTS:
                self._noun(child, level if dep == "conj" else modifier, chain, place, depth + 1)
            elif dep == "appos" and child.left_edge.i == token.i + 1:
                # an apposition with no comma is one phrase split in two ("a magnitude 6.1
                # earthquake"), not an aside
                self._noun(child, level, chain, place, depth + 1)
            elif dep == "xcomp" and position is None and token.pos_ == "ADJ":
                self.verb(child, chain, NESTED_DEPTH)  # "ready to consider co-financing"
            elif dep in ("prep", "pcomp") and position is None:
                self.phrase(child, max(level, _NOUN_PHRASE), (*chain, child.i))
            elif dep == "relcl" and position is None and _split_phrase(token, child):
                self.verb(child, chain, NESTED_DEPTH)  # "after a magnitude | 6.4 quake hit"

    def phrase(self, prep: Token, level: int, chain: tuple[int, ...]) -> None:
        """A prepositional phrase: the preposition and its noun phrase (or clause)."""
        self.keep(prep, level, chain)
        for child in prep.children:
            if child.i in self.on_path:
                continue
            if child.dep_ == "pobj" and child.tag_ in _RELATIVE_WORDS:
                clause = prep.head
                if clause.dep_ == "relcl":  # "a section of track on which visitors may ride"
                    self.noun(clause.head, level, chain, position=child.i)
            elif child.dep_ == "pobj":
                self._noun(child, level, chain, None, 1)
            elif child.dep_ == "pcomp" and _is_verb(child):
                self.verb(child, chain, NESTED_DEPTH)
            elif child.dep_ in ("prep", "conj"):  # "along with ...", "from X and from Y"
                self.phrase(child, level, chain)
            elif child.dep_ == "cc":
                self.keep(child, level, chain)
            elif child.dep_ in ("pcomp", "advmod", "amod", "npadvmod", "quantmod"):
                self._noun(child, level, chain, None, 1)

    # -- the text --------------------------------------------------------------------------

    def text(self) -> _Statement | None:
        """The statement, cut to MAX_CLAUSE_WORDS, or None when it says too little."""
        kept = dict(self.kept)
        cut_nouns = False
        while _words(self.span.doc, kept) > MAX_CLAUSE_WORDS:
            drop = self._next_cut(kept)
            if drop is None:
                break
            cut_nouns = cut_nouns or not any(level >= _VERB_PHRASE for level, _ in kept.values())
            kept = drop
        words = _words(self.span.doc, kept)
        if words < MIN_CLAUSE_WORDS:
            return None
        text = clause_text(self.span.doc, kept, self.order, self.told_first)
        return _Statement(text, cut_nouns or words > MAX_CLAUSE_WORDS)

    def _next_cut(
        self, kept: dict[int, tuple[int, tuple[int, ...]]]
    ) -> dict[int, tuple[int, tuple[int, ...]]] | None:
        """What is kept after the next cut: the optional phrase farthest from the date (a
        noun's before a verb's at one distance), else all noun modifiers."""
        anchor = self.span.root.i
        phrases = {
            group: level
            for level, chain in kept.values()
            for group in chain
            if group in kept and kept[group][0] >= _VERB_PHRASE
        }
        if phrases:
            group = max(phrases, key=lambda g: (abs(g - anchor), phrases[g]))
            return {i: v for i, v in kept.items() if group not in v[1]}
        modifiers = [i for i, (level, _) in kept.items() if level >= _MODIFIER]
        if modifiers:
            return {i: v for i, v in kept.items() if v[0] < _MODIFIER}
        return None


def _beside(adverb: Token, verb: Token) -> bool:
    """Whether an adverb sits next to its verb (or its auxiliaries), alone or in a run of the
    verb's adverbs, as a verb's own manner or degree does ("has spent heavily", "as partly
    contained"), not at the head of the sentence ("However, ...")."""
    if adverb.n_lefts or adverb.n_rights:
        return False
    parts = [verb.i, *(c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg"))]
    low, high = min(parts), max(parts)
    adverbs = {
        c.i for c in verb.children if c.dep_ in ("advmod", "neg") and not (c.n_lefts or c.n_rights)
    }
    if adverb.i < low:
        between = range(adverb.i + 1, low)
    elif adverb.i > high:
        between = range(high + 1, adverb.i)
    else:
        return True
    return all(i in adverbs for i in between)


def _takes_phrase(adjective: Token) -> bool:
    """Whether an adjective governs a phrase of its own ("due to sanctions")."""
    return any(c.dep_ in ("prep", "pcomp") for c in adjective.children)


def _split_phrase(noun: Token, clause: Token) -> bool:
    """Whether a relative clause on a noun is the rest of the noun's own phrase (`_runs_into`)."""
    subject = next((c for c in clause.children if c.dep_ in _SUBJECTS), None)
    return subject is not None and _runs_into(noun, subject)


def _runs_into(noun: Token, subject: Token) -> bool:
    """Whether a relative clause's subject follows its noun with nothing between, and starts
    with a number, noun or adjective: one noun phrase the parser split ("a magnitude | 6.4
    earthquake struck"); a true relative clause without a pronoun has a determiner or a name
    there ("the deal | the company signed")."""
    first = subject.left_edge
    return first.i == noun.i + 1 and first.pos_ in ("NUM", "NOUN", "ADJ")


def _words(doc: Doc, kept: dict[int, tuple[int, tuple[int, ...]]]) -> int:
    return sum(1 for i in kept if not doc[i].is_punct)
