"""Claims whose line another claim's line already says: kept, but listed once.

A dated claim is worded as the clause its date belongs to (`Timex.clause`), and that clause is
often what a quote of the same sentence says ("schools would stay closed until Monday", the
governor said) or little more than a figure of it ("Temperatures reached 41 degrees Celsius on
Tuesday"). Both lines would say the same thing. The claims stay as they are (a date still dates
the timeline, a figure is still compared), but one of the two is not listed
(`Claim.repeats` names the claim whose line says it):

- a quote or figure line that says all a date's clause says, from every sentence the date
  is read from, is listed, with the date added ("Kauri Bank (reported, not quoted): it would
  cut its floating rate by 0.25 points from Friday (2025-07-04)"), and the date's line is not;
- a quote that a date's clause says all of, from every sentence the quote is read from, is
  not listed: the date's line says it, and lists the quote's sentence among its evidence.

"Says all of" is read from content words: at least `SAME_WORDS_SHARE` of one line's content
words (stems, and figures) are in the other's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

from newsloom.brief.figures import QuantityMention
from newsloom.brief.group import Draft
from newsloom.brief.mentions import DateMention, QuoteMention
from newsloom.brief.records import Claim
from newsloom.brief.table import WORD, stem

__all__ = ["SAME_WORDS_SHARE", "mark_repeats", "says"]

# One line says what another says when this share of the other's content words are in it. A
# reported clause and the date's clause read from it differ by a word or two (the speaker, a
# verb the writer changed, an optional phrase cut from the clause): 0.75 lets three words of
# four through, and five of six, not four of six.
SAME_WORDS_SHARE = 0.75
# Lines with fewer content words than this say too little to be judged the same as another.
MIN_SAME_WORDS = 2
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def content_words(text: str) -> frozenset[str]:
    """The stems of a text's content words, and its figures (commas dropped)."""
    words = {stem(w) for w in WORD.findall(text) if w.lower() not in STOP_WORDS}
    words.update(f.replace(",", "") for f in _FIGURE.findall(text))
    return frozenset(words)


def says(line: frozenset[str], other: frozenset[str]) -> bool:
    """Whether a line's words say all the other line says (see SAME_WORDS_SHARE)."""
    if len(other) < MIN_SAME_WORDS:
        return False
    return len(line & other) >= SAME_WORDS_SHARE * len(other)


def mark_repeats(claims: Sequence[Claim], drafts: Sequence[Draft]) -> list[Claim]:
    """The claims with `repeats` set where another claim's line says the same (see above)."""
    lines: dict[str, _Line] = {}
    for claim, draft in zip(claims, drafts, strict=True):
        line = _line(claim, draft)
        if line is not None:
            lines[claim.id] = line
    found = _Repeats()
    dates = [c for c in claims if c.kind == "date" and c.id in lines]
    others = [c for c in claims if c.kind in ("quote", "quantity") and c.id in lines]
    for date in dates:
        for other in others:
            if found.compare(date, other, lines):
                break
    for i, date in enumerate(dates):
        for later in dates[i + 1 :]:
            # one clause read for two days ("postponed operations scheduled for Thursday and
            # Friday"): one line with both days
            same = set(lines[date.id].rows) == set(lines[later.id].rows)
            if (
                same
                and lines[date.id].says(lines[later.id])
                and lines[later.id].says(lines[date.id])
            ):
                found.hide(later, date)
    return [found.apply(c) for c in claims]


class _Repeats:
    """Which claim's line repeats which, and the dates a listed line gains from the others."""

    def __init__(self) -> None:
        self.repeats: dict[str, str] = {}
        self.gains: dict[str, list[str]] = defaultdict(list)

    def hide(self, claim: Claim, into: Claim) -> None:
        """List `into` and not `claim`; a date's day goes with it into the listed line."""
        if claim.id in self.repeats or into.id in self.repeats or claim.id in self.gains:
            return
        self.repeats[claim.id] = into.id
        if claim.kind == "date":
            self.gains[into.id].append(str(claim.value))

    def compare(self, date: Claim, other: Claim, lines: dict[str, _Line]) -> bool:
        """Hide whichever of a date and a quote or figure the other's line says; whether the
        date is now hidden."""
        if other.id in self.repeats:
            return False
        if lines[other.id].says(lines[date.id]):
            self.hide(date, other)
            return date.id in self.repeats
        if other.kind == "quote" and lines[date.id].says(lines[other.id]):
            self.hide(other, date)
        return False

    def apply(self, claim: Claim) -> Claim:
        """The claim with its `repeats`, or its line with the dates it gains."""
        if claim.id in self.repeats:
            return replace(claim, repeats=self.repeats[claim.id])
        days = self.gains.get(claim.id)
        if not days:
            return claim
        own = f" ({claim.value})"
        if claim.kind == "date" and claim.summary.endswith(own):
            # "... postponed (2025-10-02; 2025-10-03)"
            return replace(claim, summary=f"{claim.summary[:-1]}; {'; '.join(days)})")
        return replace(claim, summary=f"{claim.summary} ({'; '.join(days)})")


class _Words(NamedTuple):
    """The content words of a text, and those of the date in it (none for quotes, figures)."""

    words: frozenset[str]
    date: frozenset[str] = frozenset()

    @property
    def without_date(self) -> frozenset[str]:
        """The words but the date's: a line that says all of these and is listed gains the
        date."""
        return self.words - self.date


class _Line(NamedTuple):
    """What a claim's line says: the words of the text it shows, and of what its mention says
    in each sentence it is read from."""

    shown: _Words
    rows: dict[int, _Words]

    def says(self, other: _Line) -> bool:
        """Whether this line says all the other says but its date: its text the other's text,
        and in every sentence the other is read from, its mention there what the other's says."""
        if not says(self.shown.words, other.shown.without_date):
            return False
        return all(
            row in self.rows and says(self.rows[row].words, words.without_date)
            for row, words in other.rows.items()
        )


def _line(claim: Claim, draft: Draft) -> _Line | None:
    """The words of a date, quote or figure claim's line; None for other kinds, and for a date
    any of whose mentions has no clause (it cannot be judged)."""
    rows = _words_by_row(draft.mentions)
    if not rows:
        return None
    if claim.kind == "date":
        leader = next(m for m in draft.mentions if m.clause)  # as `_describe_date` shows it
        shown = _date_words(leader)
    elif claim.kind == "quote":
        shown = _Words(content_words(str(draft.value)))  # the words shown (`_describe_quote`)
    else:
        shown = _Words(content_words(draft.summary))
    return _Line(shown, rows)


def _date_words(mention: DateMention) -> _Words:
    """The words of a date mention's clause, and of its date."""
    return _Words(content_words(mention.clause or ""), content_words(mention.words))


def _words_by_row(mentions: Sequence[object]) -> dict[int, _Words]:
    """Per sentence row, the words of what the claim's mention there says: a date's clause, a
    quote's words, a figure with what it measures; empty when a date mention has no clause
    (the claim cannot be judged)."""
    out: dict[int, _Words] = {}
    for mention in mentions:
        if isinstance(mention, DateMention):
            if mention.clause is None:
                return {}
            words = _date_words(mention)
        elif isinstance(mention, QuoteMention):
            words = _Words(content_words(mention.quote))
        elif isinstance(mention, QuantityMention):
            words = _Words(content_words(f"{mention.measure_text} {mention.text}"))
        else:
            continue
        out.setdefault(mention.row, words)
    return out
