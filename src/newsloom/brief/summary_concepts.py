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
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, pairwise

from newsloom.brief.summary_sentences import STOP_WORDS

__all__ = [
    "WordMemo",
    "concept_weights",
    "concepts_and_stems",
    "content_stems",
    "covered_weight",
    "sentence_concepts",
    "stem",
    "tokens",
    "with_facts",
    "with_unigrams",
]

# Content words are concepts too (marked with this prefix, which no word pair can start
# with), weighted as word pairs are, by the sources using them, times `unigram_weight`.
UNIGRAM_MARK = "="
# Facts passed in by the brief become concepts under names no word pair can take.
FACT_MARK = "!"
# `lead_bonus` is what a lead adds per this many sources (the ten-report clusters it was
# chosen on): a concept in a lead counts as if a fixed share more of the sources used it.
LEAD_BONUS_SOURCES = 10
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
            if (
                suffix in ("ing", "ed")
                and len(root) > MIN_STEM
                and root[-1] == root[-2]
                and root[-1] not in "lsz"
            ):
                return root[:-1]  # "planned" -> "plan", "shipping" -> "ship"; not "killed"
            return root
    return word


def tokens(text: str) -> list[str]:
    """The text's words, lower-cased."""
    return [w.lower() for w in _WORD.findall(text)]


def content_stems(text: str, memo: dict[str, str] | None = None) -> frozenset[str]:
    """The stems of the text's content words (stopwords and single letters left out)."""
    memo = {} if memo is None else memo
    return frozenset(
        _stem_with(memo, w) for w in tokens(text) if w not in STOP_WORDS and len(w) > 1
    )


def sentence_concepts(text: str, memo: dict[str, str] | None = None) -> frozenset[str]:
    """The sentence's concepts: adjacent stemmed word pairs that are not both stopwords.

    `memo` maps words to stems already computed (a story's sentences share most words).
    """
    memo = {} if memo is None else memo
    words = tokens(text)
    stems = [_stem_with(memo, w) for w in words]
    stop = [w in STOP_WORDS or w.replace("’", "'") in STOP_WORDS for w in words]
    return frozenset(
        f"{a} {b}"
        for (a, b), (sa, sb) in zip(pairwise(stems), pairwise(stop), strict=True)
        if not (sa and sb) and len(a) + len(b) > 2
    )


# A word as matched (before lower-casing) -> its stem, whether it counts as a stopword in a
# word pair, and whether it is a content word: what a story's sentences need of each word,
# read once however often the word recurs.
WordMemo = dict[str, tuple[str, bool, bool]]


def concepts_and_stems(text: str, memo: WordMemo) -> tuple[frozenset[str], frozenset[str]]:
    """`sentence_concepts(text)` and `content_stems(text)` from one reading of the text."""
    found = []
    for raw in _WORD.findall(text):
        known = memo.get(raw)
        if known is None:
            word = raw.lower()
            known = memo[raw] = (
                stem(word),
                word in STOP_WORDS or word.replace("’", "'") in STOP_WORDS,
                word not in STOP_WORDS and len(word) > 1,
            )
        found.append(known)
    pairs = frozenset(
        f"{a[0]} {b[0]}"
        for a, b in pairwise(found)
        if not (a[1] and b[1]) and len(a[0]) + len(b[0]) > 2
    )
    return pairs, frozenset(known[0] for known in found if known[2])


def with_unigrams(pairs: frozenset[str], stems: frozenset[str]) -> frozenset[str]:
    """Word-pair concepts plus content-word concepts (marked with UNIGRAM_MARK)."""
    return pairs | {UNIGRAM_MARK + s for s in stems if len(s) > 1}


def _stem_with(memo: dict[str, str], word: str) -> str:
    """The word's stem, from the memo when it is there."""
    found = memo.get(word)
    if found is None:
        found = memo[word] = stem(word)
    return found


def concept_weights(
    sentences: Sequence[frozenset[str]],
    source_of: Sequence[int],
    lead: Sequence[bool],
    *,
    min_sources: int,
    lead_bonus: float,
    unigram_weight: float = 0.0,
) -> dict[str, float]:
    """Each concept's weight: the sources using it, plus `lead_bonus` per ten of the story's
    sources when it is in a lead, when at least `min_sources` sources use it (at most half the
    story's sources are asked for); a content word weighs `unigram_weight` times that (its
    document frequency, copies folded)."""
    # Concepts are counted once per source (the union of its sentences' concepts), in C.
    by_source: dict[int, set[str]] = {}
    for concepts, source in zip(sentences, source_of, strict=True):
        found = by_source.get(source)
        if found is None:
            by_source[source] = set(concepts)
        else:
            found.update(concepts)
    users = Counter(chain.from_iterable(by_source.values()))
    in_lead: set[str] = set().union(
        *(c for c, is_lead in zip(sentences, lead, strict=True) if is_lead)
    )
    # A small story cannot ask for many sources: at most half of them (at least one), so a
    # two-source story still weighs its single-source facts, at half the shared ones' weight.
    sources = len(by_source)
    needed = max(1, min(min_sources, sources // 2))
    # The lead bonus grows with the story: a concept's weight counts sources, so a fixed
    # bonus would swamp a two-source story and vanish in a two-hundred-source one.
    bonus = lead_bonus * sources / LEAD_BONUS_SOURCES
    weights = {}
    # In the order the concepts first occur, as the weights were always listed.
    for c in dict.fromkeys(chain.from_iterable(sentences)):
        u = users[c]
        if u < needed:
            continue
        weight = u + (bonus if c in in_lead else 0.0)
        if c.startswith(UNIGRAM_MARK):
            if unigram_weight <= 0:
                continue
            weight *= unigram_weight
        weights[c] = weight
    return weights


def covered_weight(concepts: Iterable[str], weights: dict[str, float]) -> float:
    """The total weight of the concepts."""
    return sum(weights.get(c, 0.0) for c in concepts)


def with_facts(
    weights: dict[str, float],
    concepts: Sequence[frozenset[str]],
    stating: Sequence[frozenset[str]],
    fact_weight: float,
) -> tuple[dict[str, float], list[frozenset[str]]]:
    """Concept weights and sets with each stated fact added as a concept of its own, worth
    `fact_weight` times the best sentence's concept weight (so a fact counts alike in a story
    of two reports and one of two hundred), covered once however many sentences state it."""
    worth = fact_weight * max((covered_weight(cs, weights) for cs in concepts), default=0.0)
    marked = [frozenset(FACT_MARK + f for f in names) for names in stating]
    facts = {f: worth for names in marked for f in names}
    return weights | facts, [cs | m for cs, m in zip(concepts, marked, strict=True)]
