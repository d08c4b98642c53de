"""Concepts for the summariser: stemmed content-word bigrams, weighted by how many sources use them.

Following Gillick and Favre's concept-coverage summariser, a *concept* is a pair of adjacent
stemmed words that are not both stopwords ("death toll", "toll rose", "ebrahim raisi"); a
concept's weight is the number of independent sources (outlets, with copies folded into their
original) whose text holds it. A concept only one or two sources use is colour or an angle,
not the story's facts, so it weighs nothing. A concept that appears in a report's lead gets
a bonus: news writing puts the main facts first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise

from newsloom.brief.summary_sentences import STOP_WORDS

__all__ = ["concept_weights", "sentence_concepts", "stem", "tokens"]

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
# Suffixes taken off, longest first, when the stem left has at least MIN_STEM letters; a
# light stemmer (no dictionary) so that "killed"/"killing"/"kills" and "officials"/"official"
# meet, which is all concept matching needs.
MIN_STEM = 3
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ies", "ied", "ed", "es", "s")
_KEEP_ENDINGS = ("ss", "us", "is")


def stem(word: str) -> str:
    """A light English stem of a lower-cased word."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word.endswith(_KEEP_ENDINGS) or len(word) <= MIN_STEM + 1:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            root = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return root + "y"
            if suffix in ("ing", "ed") and len(root) > MIN_STEM and root[-1] == root[-2]:
                return root[:-1]  # "planned" -> "plan", "shipping" -> "ship"
            return root
    return word


def tokens(text: str) -> list[str]:
    """The text's words, lower-cased."""
    return [w.lower() for w in _WORD.findall(text)]


def sentence_concepts(text: str) -> frozenset[str]:
    """The sentence's concepts: adjacent stemmed word pairs that are not both stopwords."""
    words = tokens(text)
    stems = [stem(w) for w in words]
    stop = [w in STOP_WORDS or w.replace("’", "'") in STOP_WORDS for w in words]
    return frozenset(
        f"{a} {b}"
        for (a, b), (sa, sb) in zip(pairwise(stems), pairwise(stop), strict=True)
        if not (sa and sb) and len(a) + len(b) > 2
    )


def concept_weights(
    sentences: Sequence[frozenset[str]],
    source_of: Sequence[int],
    lead: Sequence[bool],
    *,
    min_sources: int,
    lead_bonus: float,
) -> dict[str, float]:
    """Each concept's weight: the sources using it (plus `lead_bonus` when in a lead), when at
    least `min_sources` of them do (fewer when the story has fewer sources)."""
    users: dict[str, set[int]] = defaultdict(set)
    in_lead: set[str] = set()
    for concepts, source, is_lead in zip(sentences, source_of, lead, strict=True):
        for c in concepts:
            users[c].add(source)
        if is_lead:
            in_lead.update(concepts)
    needed = min(min_sources, len(set(source_of)))
    return {
        c: len(u) + (lead_bonus if c in in_lead else 0.0)
        for c, u in users.items()
        if len(u) >= needed
    }


def covered_weight(concepts: Iterable[str], weights: dict[str, float]) -> float:
    """The total weight of the concepts."""
    return sum(weights.get(c, 0.0) for c in concepts)
