"""Conflicts and updates: claims about one thing that disagree, and which replace the others.

Two claims disagree only when everything says they are about the same thing: the same measure
of the same place and time, the same dated thing in sentences that read alike, the same event
between the same actors. A disagreement is an update when the later report says it revises
("rose to", "revised", "postponed") or when it is a casualty toll that grew; otherwise it is a
conflict. Whenever that cannot be settled, nothing is said: a missed conflict costs a reader
less than an invented one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsloom.brief.figures import QuantityMention, family
from newsloom.brief.group import Draft, event_days
from newsloom.brief.mentions import DateMention, EventMention
from newsloom.brief.records import Claim, Conflict, ConflictSide, Update
from newsloom.brief.table import MemberRow, StoryTable, published_order

# Two datings of the same word conflict only when their sentences are at least this close. In
# the demo corpus and the seeds, five cross-outlet pairs date the same head word to different
# days: the planted summit contradiction scores 0.67, the four unrelated pairs ("the 2010
# earthquake" / "the earthquake on Sunday", "points from Friday" / "to 3.0% on Wednesday")
# 0.18-0.43.
DATE_CONFLICT_SIMILARITY = 0.6
# Two different figures for one measure are about the same thing (so may conflict, or update
# one another without a casualty toll's default) only when their sentences are at least this
# close: "3,000 strikers marched through Lyon" against "5,000 strikers ..." scores 0.93, the
# demo's 12/31 death-toll sentences 0.56-0.76; on 200 unrelated Reuters reports, where every
# pair is a false one, this bar removes most pairs the other guards leave.
FIGURE_PAIR_SIMILARITY = 0.6
# Events that differ only in who acted conflict only when their sentences are paraphrases;
# both sides of a tit-for-tat exchange are true, and they are told in different sentences.
ACTOR_CONFLICT_SIMILARITY = 0.8
# A denial conflicts with an affirmation this close to it. MiniLM barely registers negation:
# "the ministry confirmed that police arrested X" and "... denied that police arrested X"
# score 0.89, the denial against the bare "police arrested X" 0.84; a denial against another
# fact of the same story ("the company denied job cuts" / "... would open a plant") 0.2-0.5.
# Reworded pairs fall to ~0.75 and are missed: a missed conflict is the cheaper error.
STATUS_CONFLICT_SIMILARITY = 0.8

_REVISION_WORD = re.compile(
    r"\b(?:postponed|delayed|rescheduled|moved to|pushed back|put back|brought forward"
    r"|now (?:set|scheduled|due|expected))\b",
    re.IGNORECASE,
)
# Two claims are compared through at most this many of their sentences each: enough to find
# the pair that shows they are about the same thing, without a 200 x 200 loop per pair.
MAX_COMPARED_ROWS = 24
# A figure more than this many times another is a different thing, not the same one
# misstated or revised (casualty tolls excepted: they can grow tenfold in a few days).
MAX_FIGURE_RATIO = 10.0
# ... and ratios are taken against at least this, so that 0.5 and 6 are not "12 times apart".
MIN_FIGURE = 1.0
# Casualty counts of people in a state now, not a running total: the missing are found, the
# evacuated go home. A later report's figure replaces an earlier one whichever way it moved,
# and without dates to order them nothing says which came first.
CURRENT_COUNTS = frozenset({"missing", "displaced", "evacuated"})
# Which claim speaks for a sentence in a status conflict: what it says, before its parts.
_KIND_PRIORITY = {"quote": 0, "statement": 1, "event": 2, "date": 3, "quantity": 4}


@dataclass
class Fact:
    """A claim with the draft it came from and where it was first reported."""

    claim: Claim
    draft: Draft
    first: MemberRow
    outlets: frozenset[str]


def make_facts(table: StoryTable, claims: Sequence[Claim], drafts: Sequence[Draft]) -> list[Fact]:
    """Pair each claim with its draft and its first report."""
    facts = []
    for claim, draft in zip(claims, drafts, strict=True):
        docs = sorted({table.sentences[row].doc for row in draft.rows})
        facts.append(Fact(claim, draft, table.members[docs[0]], frozenset(claim.outlets)))
    return facts


class Comparison:
    """Collects conflicts and updates with running ids, never the same pair twice."""

    def __init__(self, table: StoryTable) -> None:
        self.table = table
        self.conflicts: list[Conflict] = []
        self.updates: list[Update] = []
        self._pairs: set[frozenset[str]] = set()
        # The sentence rows behind each recorded conflict: one contradiction between the same
        # sentences is reported once, even when an event claim and a statement claim both see it.
        self._row_pairs: list[tuple[frozenset[int], frozenset[int]]] = []

    def _seen_sentences(self, a: Fact, b: Fact) -> bool:
        rows_a, rows_b = frozenset(a.draft.rows), frozenset(b.draft.rows)
        for x, y in self._row_pairs:
            if (x & rows_a and y & rows_b) or (x & rows_b and y & rows_a):
                return True
        self._row_pairs.append((rows_a, rows_b))
        return False

    def conflict(self, kind: str, key: str, a: Fact, b: Fact, values: tuple[Any, Any]) -> None:
        """Record a conflict, earlier-reported side first."""
        pair = frozenset((a.claim.id, b.claim.id))
        if pair in self._pairs:
            return
        self._pairs.add(pair)
        if kind == "status" and self._seen_sentences(a, b):
            return
        if published_order(a.first, b.first) == 1:
            a, b, values = b, a, (values[1], values[0])
        sides = (_side(a, values[0]), _side(b, values[1]))
        summary = (
            f"{key}: {_show(values[0])} ({', '.join(sides[0].outlets)}) vs "
            f"{_show(values[1])} ({', '.join(sides[1].outlets)})"
        )
        self.conflicts.append(
            Conflict(f"conflict-{len(self.conflicts) + 1}", kind, key, summary, sides)
        )

    def update(self, key: str, earlier: Fact, later: Fact, reason: str) -> None:
        """Record that the later claim supersedes the earlier one."""
        pair = frozenset((earlier.claim.id, later.claim.id))
        if pair in self._pairs:
            return
        self._pairs.add(pair)
        was, now = earlier.claim.value, later.claim.value
        self.updates.append(
            Update(
                id=f"update-{len(self.updates) + 1}",
                key=key,
                earlier=earlier.claim.id,
                later=later.claim.id,
                earlier_value=was,
                later_value=now,
                change=f"{_show(was)} → {_show(now)} ({key})",
                when=later.claim.first_reported,
                reason=reason,
                earlier_outlets=earlier.claim.outlets,
                later_outlets=later.claim.outlets,
                when_estimate=None if later.claim.first_reported else later.first.estimate,
            )
        )


def _side(fact: Fact, value: Any) -> ConflictSide:
    """One side of a conflict."""
    claim = fact.claim
    return ConflictSide(claim.id, value, claim.summary, claim.outlets, claim.first_reported)


def _show(value: Any) -> str:
    """A value as a reader would write it: 31, not 31.0."""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return str(value)


def compare_dates(comparison: Comparison, facts: Sequence[Fact]) -> None:
    """Different days for the same dated thing: a conflict, or an update when it says it moved."""
    table = comparison.table
    by_head: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        leader: DateMention = fact.draft.leader
        if leader.head and not leader.head_is_speech and leader.polarity > 0:
            by_head[leader.head].append(fact)
    for group in by_head.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                x: DateMention = a.draft.leader
                y: DateMention = b.draft.leader
                if "year" in (x.interval.grain, y.interval.grain):
                    continue  # "this year" against a day says nothing either way
                if x.interval.overlaps(y.interval) or a.outlets & b.outlets:
                    continue
                if _closest_rows(table, a.draft.rows, b.draft.rows) < DATE_CONFLICT_SIMILARITY:
                    continue
                key = f"date of {a.claim.key}"
                moved = _revised_later(a, b, _date_moved(a), _date_moved(b))
                if moved is not None:
                    earlier, later, reason = moved
                    comparison.update(key, earlier, later, reason)
                else:
                    comparison.conflict("date", key, a, b, (a.claim.value, b.claim.value))


def _date_moved(fact: Fact) -> str | None:
    """The wording that moves the date in any mention of a date claim."""
    return next((m.revised for m in fact.draft.mentions if m.revised), None)


def compare_quantities(comparison: Comparison, facts: Sequence[Fact]) -> None:
    """Different figures for one measure of one place and time: an update or a conflict."""
    table = comparison.table
    kept: list[tuple[Fact, Fact, str, str]] = []
    for group in _facts_by_measure(table, facts).values():
        for i, (a, xs) in enumerate(group):
            for b, ys in group[i + 1 :]:
                found = _compare_figures(table, a, xs, b, ys)
                if found is None:
                    continue
                verdict, first, second, reason = found
                key = f"{a.claim.key}"
                if verdict == "update":
                    kept.append((first, second, key, reason))
                else:
                    comparison.conflict("figure", key, a, b, (a.claim.value, b.claim.value))
    for earlier, later, key, reason in _direct_updates(kept):
        comparison.update(key, earlier, later, reason)


def _facts_by_measure(
    table: StoryTable, facts: Sequence[Fact]
) -> dict[tuple[Any, ...], list[tuple[Fact, list[QuantityMention]]]]:
    """Each fact's comparable figures, grouped by unit family, measure and background scope."""
    by_measure: dict[tuple[Any, ...], list[tuple[Fact, list[QuantityMention]]]] = defaultdict(list)
    for fact in facts:
        own: dict[tuple[Any, ...], list[QuantityMention]] = defaultdict(list)
        for mention in fact.draft.mentions:
            if mention.comparable and mention.measure and mention.polarity > 0:
                scope = table.sentences[mention.row].background_scope
                own[(*family(mention.kind, mention.unit), mention.measure, scope)].append(mention)
        for key, mentions in own.items():
            by_measure[key].append((fact, mentions))
    return by_measure


def _compare_figures(
    table: StoryTable,
    a: Fact,
    xs: Sequence[QuantityMention],
    b: Fact,
    ys: Sequence[QuantityMention],
) -> tuple[str, Fact, Fact, str] | None:
    """("update", earlier, later, reason), ("conflict", a, b, "") or None when unrelated."""
    pair = _closest_comparable(table, xs, ys)
    if pair is None:
        return None
    x, y, similarity, shared_name = pair
    if x.value == y.value:
        return None
    small, large = sorted((abs(x.value), abs(y.value)))
    if not x.casualty and large > MAX_FIGURE_RATIO * max(small, MIN_FIGURE):
        return None  # ten times the other: a different thing, not the same one misstated
    ra = next((m.revised for m in xs if m.revised), None)
    rb = next((m.revised for m in ys if m.revised), None)
    ordered = _revised_later(a, b, ra, rb)
    disjoint = x.high < y.low or y.high < x.low
    if ordered is None and x.casualty and disjoint:
        # Without revision wording only figures that cannot both hold are put in order:
        # "more than 200 hurt" and "212 injured" agree, whichever came first.
        ordered = _casualty_order(a, b, x, y)
    if ordered is not None:
        earlier, later, reason = ordered
        was, now = (x, y) if earlier is a else (y, x)
        if now.low <= was.value <= now.high:
            return None  # the later figure still allows the earlier one ("more than 200" / 212)
        if not x.casualty and similarity < FIGURE_PAIR_SIMILARITY:
            return None  # "rose to" in a sentence about something else
        return "update", earlier, later, reason
    if (
        disjoint
        and shared_name
        and not a.outlets & b.outlets
        and similarity >= FIGURE_PAIR_SIMILARITY
    ):
        return "conflict", a, b, ""
    return None


def _casualty_order(
    a: Fact, b: Fact, x: QuantityMention, y: QuantityMention
) -> tuple[Fact, Fact, str] | None:
    """(earlier, later, reason) for two casualty tolls: the larger one is the later, or None."""
    order = published_order(a.first, b.first)
    if x.measure in CURRENT_COUNTS:
        if order is None:
            return None
        earlier, later = (a, b) if order == -1 else (b, a)
        return (earlier, later, f"a later report gives a new count of the {x.measure}")
    bigger, smaller = (a, b) if x.value > y.value else (b, a)
    if order is None:
        return (smaller, bigger, "casualty tolls only rise: the larger figure is the later")
    if (order == -1) == (bigger is b):
        return (smaller, bigger, "a later report gives a larger casualty toll")
    return None


def _closest_comparable(
    table: StoryTable, xs: Sequence[QuantityMention], ys: Sequence[QuantityMention]
) -> tuple[QuantityMention, QuantityMention, float, bool] | None:
    """The closest pair of figures from different articles about the same place and total."""
    best = None
    for x in xs[:MAX_COMPARED_ROWS]:
        for y in ys[:MAX_COMPARED_ROWS]:
            if x.doc == y.doc:
                continue
            sx, sy = table.sentences[x.row], table.sentences[y.row]
            if sx.places and sy.places and not sx.places & sy.places:
                continue  # "12 dead in Kemah" and "31 across Erzincan" count different places
            shared_name = bool(sx.names & sy.names)
            if sx.names and sy.names and not shared_name:
                continue  # different companies, people or places: different things
            if sx.aggregate != sy.aggregate:
                continue  # a total against a part
            score = table.similarity(x.row, y.row)
            if best is None or (shared_name, score) > (best[3], best[2]):
                best = (x, y, score, shared_name)
    return best


def _direct_updates(
    found: Sequence[tuple[Fact, Fact, str, str]],
) -> list[tuple[Fact, Fact, str, str]]:
    """Updates without those a chain already says (12 → 20 → 31 drops 12 → 31)."""
    steps = {(earlier.claim.id, later.claim.id) for earlier, later, _, _ in found}
    after: dict[str, set[str]] = defaultdict(set)
    for earlier_id, later_id in steps:
        after[earlier_id].add(later_id)
    return [
        (earlier, later, key, reason)
        for earlier, later, key, reason in found
        if not any(
            (m, later.claim.id) in steps for m in after[earlier.claim.id] if m != later.claim.id
        )
    ]


def _revised_later(
    a: Fact, b: Fact, ra: str | None, rb: str | None
) -> tuple[Fact, Fact, str] | None:
    """(earlier, later, reason) when one side words itself as a revision and is not the older."""
    order = published_order(a.first, b.first)
    if ra and not rb and order != -1:
        return b, a, f"revision wording: “{ra}”"
    if rb and not ra and order != 1:
        return a, b, f"revision wording: “{rb}”"
    if ra and rb and order == -1:
        return a, b, f"revision wording: “{rb}”"
    if ra and rb and order == 1:
        return b, a, f"revision wording: “{ra}”"
    return None


def _sentence_revision(table: StoryTable, rows: Iterable[int]) -> str | None:
    """The date-moving words of the first supporting sentence that has them."""
    for row in rows:
        if table.sentences[row].date_revision:
            match = _REVISION_WORD.search(table.sentences[row].text)
            return match.group() if match else "moved"
    return None


def _closest_rows(table: StoryTable, rows_a: Sequence[int], rows_b: Sequence[int]) -> float:
    """The highest cosine between sentences of two claims that name something in common."""
    best = -1.0
    rows_a, rows_b = list(rows_a)[:MAX_COMPARED_ROWS], list(rows_b)[:MAX_COMPARED_ROWS]
    scores = table.vectors[rows_a] @ table.vectors[rows_b].T
    for i, a in enumerate(rows_a):
        names = table.sentences[a].names
        for j, b in enumerate(rows_b):
            if scores[i, j] > best and names & table.sentences[b].names:
                best = float(scores[i, j])
    return best


def compare_events(comparison: Comparison, facts: Sequence[Fact]) -> None:
    """Coded events: denied against happened, different days, different actors."""
    by_actors: dict[tuple[Any, ...], list[Fact]] = defaultdict(list)
    by_target: dict[tuple[Any, ...], list[Fact]] = defaultdict(list)
    coded: dict[int, set[tuple[Any, ...]]] = defaultdict(set)  # doc -> (type, source, target)
    for fact in facts:
        leader: EventMention = fact.draft.leader
        by_actors[(leader.type, leader.source, leader.target)].append(fact)
        if leader.target and leader.source and leader.polarity > 0:
            by_target[(leader.type, leader.target)].append(fact)
        for mention in fact.draft.mentions:
            coded[mention.doc].add((mention.type, mention.source, mention.target))
    for group in by_actors.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                _compare_same_actors(comparison, a, b)
    for group in by_target.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                _compare_actors(comparison, a, b, coded)


def _compare_actors(
    comparison: Comparison, a: Fact, b: Fact, coded: dict[int, set[tuple[Any, ...]]]
) -> None:
    """Two events of one type against one target that differ in who acted."""
    x: EventMention = a.draft.leader
    y: EventMention = b.draft.leader
    if x.source == y.source or a.outlets & b.outlets:
        return
    days_x, days_y = event_days(a.draft), event_days(b.draft)
    if days_x is None or days_y is None or not days_x.overlaps(days_y):
        return
    # Joint actors ("Portugal and Morocco will meet") are coded once per actor: when an article
    # of either side also has the other side's actor, the two accounts do not exclude each other.
    for fact, other in ((a, y), (b, x)):
        docs = {m.doc for m in fact.draft.mentions}
        if any((other.type, other.source, other.target) in coded[d] for d in docs):
            return
    if _closest_rows(comparison.table, a.draft.rows, b.draft.rows) < ACTOR_CONFLICT_SIMILARITY:
        return
    who = (
        x.event.source.canonical if x.event.source else x.source,
        y.event.source.canonical if y.event.source else y.source,
    )
    comparison.conflict("actor", f"who: {x.type} against {x.target}", a, b, who)


def _compare_same_actors(comparison: Comparison, a: Fact, b: Fact) -> None:
    """Two events with the same type and actors."""
    table = comparison.table
    x: EventMention = a.draft.leader
    y: EventMention = b.draft.leader
    if a.outlets & b.outlets:
        return
    key = a.claim.key
    days_x, days_y = event_days(a.draft), event_days(b.draft)
    if x.polarity != y.polarity:
        if days_x is None or days_y is None or days_x.overlaps(days_y):
            comparison.conflict("status", key, a, b, (x.event.status, y.event.status))
        return
    if x.polarity < 0 or days_x is None or days_y is None or days_x.overlaps(days_y):
        return
    if "year" in (days_x.grain, days_y.grain):
        return
    moved = _revised_later(
        a, b, _sentence_revision(table, a.draft.rows), _sentence_revision(table, b.draft.rows)
    )
    if moved is not None:
        comparison.update(f"date of {key}", moved[0], moved[1], moved[2])
    else:
        comparison.conflict("date", f"date of {key}", a, b, (a.claim.value, b.claim.value))


def compare_denials(comparison: Comparison, facts: Sequence[Fact]) -> None:
    """A sentence that denies what another outlet's sentence affirms, in nearly the same words."""
    table = comparison.table
    denials = [s.row for s in table.sentences if s.polarity < 0 and s.salient]
    if not denials:
        return
    owner = _claim_of_row(facts)
    scores = table.vectors[denials] @ table.vectors.T
    for i, row in enumerate(denials):
        denial = table.sentences[row]
        for other in np.nonzero(scores[i] >= STATUS_CONFLICT_SIMILARITY)[0].tolist():
            affirmed = table.sentences[other]
            if affirmed.polarity < 0 or not affirmed.salient:
                continue
            if table.members[affirmed.doc].outlet == table.members[denial.doc].outlet:
                continue
            if not denial.names & affirmed.names:
                continue
            a, b = owner.get(other), owner.get(row)
            if a is None or b is None or a is b or a.outlets & b.outlets:
                continue
            comparison.conflict("status", a.claim.key or b.claim.key, a, b, ("affirmed", "denied"))


def _claim_of_row(facts: Sequence[Fact]) -> dict[int, Fact]:
    """For each sentence row, the claim that best speaks for it."""
    owner: dict[int, Fact] = {}
    for fact in sorted(facts, key=lambda f: -_KIND_PRIORITY.get(f.claim.kind, 9)):
        for row in fact.draft.rows:
            owner[row] = fact
    return owner
