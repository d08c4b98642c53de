"""The summary's shared readings (one tokenisation, support measured for the pool only) give
what the separate ones give."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from newsloom.brief.summary_concepts import (
    concept_weights,
    concepts_and_stems,
    content_stems,
    sentence_concepts,
)
from newsloom.brief.summary_support import Groups, LazySupport, sentence_support

SENTENCES = [
    "The death toll rose to 31 on Tuesday, officials said.",
    "Officials said the death toll had risen to 31 after the strike.",
    "Ebrahim Raisi's helicopter came down in fog; rescuers reached it on Monday.",
    "It isn’t clear who planned the shipping route, the ministry said.",
    "KILLED: the planned strikes killed 12 and wounded dozens more.",
    "A a I o x.",
]


def test_one_reading_gives_the_concepts_and_the_stems() -> None:
    words: dict[str, tuple[str, bool, bool]] = {}
    for text in SENTENCES * 2:  # the second round reads every word from the memo
        pairs, stems = concepts_and_stems(text, words)
        assert pairs == sentence_concepts(text)
        assert stems == content_stems(text)
    assert concepts_and_stems("", words) == (frozenset(), frozenset())


def _weights_by_sentence(
    sentences: list[frozenset[str]], source_of: list[int], lead: list[bool], needed: int
) -> dict[str, float]:
    """The weights counted sentence by sentence, as the summariser first did (no bonus)."""
    users: dict[str, set[int]] = defaultdict(set)
    for concepts, source in zip(sentences, source_of, strict=True):
        for c in concepts:
            users[c].add(source)
    return {c: float(len(u)) for c, u in users.items() if len(u) >= needed}


def test_concept_weights_count_sources_in_first_seen_order() -> None:
    sentences = [sentence_concepts(t) for t in SENTENCES]
    source_of = [0, 1, 1, 2, 3, 0]
    lead = [False] * len(sentences)
    weights = concept_weights(sentences, source_of, lead, min_sources=2, lead_bonus=0.0)
    expected = _weights_by_sentence(sentences, source_of, lead, needed=2)
    assert weights == expected and list(weights) == list(expected)
    assert weights["death toll"] == 2.0


def test_lazy_support_equals_support_measured_for_all() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(40, 8)).astype(np.float32)
    vectors[20] = vectors[3]  # a sentence another outlet carries word for word
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    owner = np.repeat(np.arange(8), 5)
    groups = Groups(of_article=[0, 1, 2, 3, 4, 4, 5, 6], original=[True] * 8)
    eligible = rng.random(40) < 0.7
    eligible[3] = True
    full = sentence_support(vectors, owner, groups, eligible)
    lazy = LazySupport(vectors, owner, groups, eligible)
    asked = [3, 17, 3, 0, 39, 22]
    lazy.measure(asked[:3])
    lazy.measure(asked)  # the rows already measured are not measured again
    for k in asked:
        assert lazy.share[k] == full.share[k]
        assert lazy.articles[k] == full.articles[k]
        assert lazy.outlets[k] == full.outlets[k]
    assert lazy.articles[3] >= 2 and lazy.outlets[3] >= 2
