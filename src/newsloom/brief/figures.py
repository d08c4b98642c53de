"""Figures in a story's articles: what each measures, its value and the range its qualifier allows.

Quantities come from the analysis (`Analysis.quantities`); counts stated only as a change ("the
death toll has risen to 31", "the number of dockworkers on strike rose to 4,500") are read here
from the sentence, because a revision is exactly what fusion must not miss. Each figure keeps
the wording that makes it a revision, and whether it is only part of another figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from newsloom.brief.table import WORD, StoryTable, stem

# "about", "around", "some": the figure is rounded, so a value within this share of it agrees.
APPROX_SHARE = 0.1
# Quantities whose values differ by less than this share are the same figure (float noise).
SAME_VALUE_SHARE = 1e-6
# A figure's qualifier is read from the first this many characters of its text: the longest
# qualifier, "in excess of", is 12 characters.
QUALIFIER_REACH = 16
# What a casualty figure counts, whatever word the report uses for it.
CASUALTIES = {
    "killed": "killed", "dead": "killed", "died": "killed", "deaths": "killed",
    "death": "killed", "fatalities": "killed", "lives": "killed", "toll": "killed",
    "injured": "injured", "wounded": "injured", "hurt": "injured", "injuries": "injured",
    "treated": "injured", "hospitalised": "injured", "hospitalized": "injured",
    "missing": "missing", "displaced": "displaced", "homeless": "displaced",
    "evacuated": "evacuated", "arrested": "arrested", "detained": "arrested",
}  # fmt: skip
_LOWER_BOUND = ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than")
_UPPER_BOUND = ("up to", "less than", "fewer than", "under", "below", "at most", "no more than")
_APPROXIMATE = ("about", "around", "some", "roughly", "approximately", "nearly", "almost",
                "close to", "an estimated", "estimated")  # fmt: skip
# Kinds that count things: the quantity reader calls counted people "people" and other counted
# nouns "count" ("3,000 dockworkers" but "3,000 strikers"), so figures compare across both.
COUNT_KINDS = frozenset({"people", "count"})
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
_NUMBER = (
    r"(?P<num>\d[\d,]*(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
    r"(?:\s+(?P<scale>thousand|million|billion))?"
)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_QUALIFIER = r"(?P<qual>(?:at least|more than|over|nearly|almost|about|around|some|roughly)\s+)?"
_COUNTED_NOUN = (
    r"(?P<noun>death toll|toll|deaths|fatalities"
    r"|number of (?:people |those )?(?P<counted>[a-z]+(?:-[a-z]+)?))"
)
# Words without which neither count pattern can match: table.COUNT_WORDS, which each
# sentence is read for once.
# "the death toll has risen to 31", "the number of dockworkers on strike rose to 4,500"
_COUNT_ROSE = re.compile(
    r"\b" + _COUNTED_NOUN + r"\b[^;]{0,140}?\b(?P<verb>(?:has |had |have )?(?:now )?"
    r"(?:(?:risen|rose|rises|climbed|climbs|jumped|increased|grew"
    r"|(?:was |been )?revised(?: up| upward| down| downward)?|updated)\s+(?:to|at)"
    r"|reached|reaches|hit|topped|stands at|stood at))"
    r"\s+" + _QUALIFIER + _NUMBER + r"\b",
    re.IGNORECASE,
)
# "AFAD put the death toll from the quake at 31", "officials raised the toll to 31"
_COUNT_PUT = re.compile(
    r"\b(?P<verb>put|puts|raised|raises|revised|revises|updated|updates)\s+(?:the\s+)?"
    + _COUNTED_NOUN
    + r"\b[^;]{0,100}?\b(?:at|to)\s+"
    + _QUALIFIER
    + _NUMBER
    + r"\b",
    re.IGNORECASE,
)
# Where the phrase after a measured noun starts: "stretch | of the pipeline".
_TAIL = re.compile(r"\s(?:of|in|for|on)\s")
# Before a number: it counts part of another figure ("212 treated, of whom 37 ...").
_SUBSET_BEFORE = re.compile(
    r"\b(?:of whom|of which|of them|among them|among whom|including)\s*$", re.IGNORECASE
)
# Before a number: it is the figure being replaced ("the figure of at least 12").
_PREVIOUS_BEFORE = re.compile(
    r"\b(?:figure of|tally of|toll of|estimate of|previously|initially|earlier)\s*$",
    re.IGNORECASE,
)
# Around a number: "from 3.25% to 3.0%" names the old value first.
_FROM_BEFORE = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_TO_AFTER = re.compile(r"\s*to\b", re.IGNORECASE)
# Just before a figure: the wording of a revised figure ("has risen to 31", "now stands at").
# It must sit next to the figure: "raised $40 million" or "reached an agreement ... 12" are
# not revisions, and a revision word elsewhere in the sentence says nothing about this figure.
_REVISED_BEFORE = re.compile(
    r"\b(?:(?:rose|risen|rises|climbed|climbs|jumped|increased|grew|swelled|surged"
    r"|revised(?:\s+(?:up|upward|down|downward))?|updated|raised)\s+(?:to|at)"
    r"|reached|hit|topped|(?:now\s+)?stands\s+at|now\s+at)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QuantityMention:
    """An article's figure: what it measures, its value and the range its qualifier allows."""

    row: int
    doc: int
    kind: str
    unit: str | None
    value: float
    low: float
    high: float
    measure: str | None  # comparison key: casualty category or stem of the measured noun
    measure_text: str
    casualty: bool
    text: str
    comparable: bool  # False for parts of another figure ("of whom 37")
    polarity: int
    revised: str | None = None  # the wording that makes it a revised figure ("rose to"), if any


def quantity_mentions(table: StoryTable, doc: int) -> list[QuantityMention]:
    """The figures of one member, with the counts that only revision wording states."""
    member = table.members[doc]
    text = member.member.article.text
    out: list[QuantityMention] = []
    tolls: dict[int, list[QuantityMention]] = {}
    for sentence in table.sentences[member.first_row : member.first_row + len(member.starts)]:
        if not sentence.counts:
            continue
        found = _tolls(sentence.text, sentence.row, doc, sentence.polarity)
        if found:
            tolls[sentence.row] = found
    for quantity in member.member.analysis.quantities:
        row = table.row_at(doc, quantity.start)
        if row is None:
            continue
        sentence = table.sentences[row]
        before = text[max(sentence.start, quantity.start - 40) : quantity.start]
        after = text[quantity.end : quantity.end + 8]
        replaced = _FROM_BEFORE.search(before) and _TO_AFTER.match(after)
        if replaced or _PREVIOUS_BEFORE.search(before):
            continue  # the figure being replaced, not one this article states
        measure, casualty = _measure_key(quantity.measures, quantity.kind)
        counted = tolls.get(row, [])
        if any(t.measure == measure and _same_family(t, quantity.kind) for t in counted):
            # The toll reader holds this sentence's toll for this measure: either this very
            # figure, or the revised one, which makes this the old figure the sentence cites.
            continue
        low, high = _bounds(quantity.value, quantity.text)
        revised = _REVISED_BEFORE.search(before)
        out.append(
            QuantityMention(
                row=row,
                doc=doc,
                kind=quantity.kind,
                unit=quantity.unit,
                value=quantity.value,
                low=low,
                high=high,
                measure=measure,
                measure_text=(quantity.measures or quantity.kind).strip(),
                casualty=casualty,
                text=" ".join(quantity.text.split()),  # a sign word may end a wire's line
                comparable=not _SUBSET_BEFORE.search(before),
                polarity=sentence.polarity,
                revised=" ".join(revised.group().split()) if revised else None,
            )
        )
    for found in tolls.values():
        out.extend(found)
    return out


def _tolls(sentence: str, row: int, doc: int, polarity: int) -> list[QuantityMention]:
    """Counts stated as a change ("the toll rose to 31", "the number of X rose to N")."""
    out: list[QuantityMention] = []
    seen: set[tuple[str, float]] = set()
    for pattern in (_COUNT_ROSE, _COUNT_PUT):
        for match in pattern.finditer(sentence):
            counted = (match["counted"] or "").lower()
            words = (counted or match["noun"].lower()).split()
            category = next((CASUALTIES[w] for w in reversed(words) if w in CASUALTIES), None)
            if category is None and not counted:
                category = "killed"  # a bare "toll", "deaths", "fatalities"
            measure = category or stem(words[0])
            raw = match["num"].lower().replace(",", "")
            value = float(_NUMBER_WORDS.get(raw, 0) or raw)
            value *= _SCALES.get((match["scale"] or "").lower(), 1.0)
            if (measure, value) in seen:
                continue
            seen.add((measure, value))
            qualifier = (match["qual"] or "").strip()
            low, high = _bounds(value, f"{qualifier} {match['num']}".strip())
            # The figure as stated, not the wording around it: "put the death toll from the
            # quake at 31" states 31 (the wording that revises it is kept in `revised`).
            stated = match.start("qual" if qualifier else "num")
            out.append(
                QuantityMention(
                    row=row,
                    doc=doc,
                    kind="people" if category else "count",
                    unit="people" if category else None,
                    value=value,
                    low=low,
                    high=high,
                    measure=measure,
                    measure_text=category or counted,
                    casualty=category is not None,
                    text=" ".join(sentence[stated : match.end()].split()),
                    comparable=True,
                    polarity=polarity,
                    revised=_revision_verb(match["verb"]),
                )
            )
    return out


def _revision_verb(verb: str) -> str | None:
    """The verb of a count pattern when it says the count changed ("rose to", not "put")."""
    words = verb.lower().split()
    return None if words[0] in ("put", "puts", "stood") else " ".join(words)


def _measure_key(measures: str | None, kind: str) -> tuple[str | None, bool]:
    """(comparison key, is a casualty) for what a quantity measures. Only counts are
    casualties: a magnitude or a sum of money said of a "death toll" is not one."""
    if not measures:
        return None, False
    if kind in COUNT_KINDS:
        for word in (w.lower() for w in WORD.findall(measures)):
            if word in CASUALTIES:
                return CASUALTIES[word], True
    # "stretch of the pipeline" measures the stretch, "earthquake in the province" the
    # earthquake, "gas pipeline project" the project.
    head_part = _TAIL.split(measures.lower(), maxsplit=1)[0]
    content = [w for w in WORD.findall(head_part) if w.lower() not in STOP_WORDS]
    return (stem(content[-1]) if content else None), False


def figure_keys(
    mentions: Sequence[QuantityMention],
) -> dict[int, frozenset[tuple[str, str | None]]]:
    """For each sentence row, the figures it states as (value, casualty category) pairs."""
    found: dict[int, set[tuple[str, str | None]]] = {}
    for mention in mentions:
        category = mention.measure if mention.casualty else None
        found.setdefault(mention.row, set()).add((f"{mention.value:.6g}", category))
    return {row: frozenset(keys) for row, keys in found.items()}


def _same_family(mention: QuantityMention, kind: str) -> bool:
    """Whether a count read from revision wording and a quantity's kind count the same way."""
    return mention.kind == kind or (mention.kind in COUNT_KINDS and kind in COUNT_KINDS)


def family(kind: str, unit: str | None) -> tuple[str, str | None]:
    """The kind and unit figures are compared under: all counts of things are one family."""
    return ("count", None) if kind in COUNT_KINDS else (kind, unit)


def measure_stems(measure_text: str) -> frozenset[str]:
    """Stems of the content words of what a figure measures."""
    return frozenset(stem(w) for w in WORD.findall(measure_text) if w.lower() not in STOP_WORDS)


def _bounds(value: float, text: str) -> tuple[float, float]:
    """The range of values a figure's qualifier allows."""
    lower = " ".join(text.lower().split())[:QUALIFIER_REACH]
    if lower.startswith(_LOWER_BOUND):
        return value, math.inf
    if lower.startswith(_UPPER_BOUND):
        return -math.inf, value
    if lower.startswith(_APPROXIMATE):
        spread = abs(value) * APPROX_SHARE
        return value - spread, value + spread
    spread = abs(value) * SAME_VALUE_SHARE
    return value - spread, value + spread
