"""Filling a summary's word budget to the last word, the way a fixed-length task is scored.

The DUC and TAC summaries are N words long and their scorer cuts every summary to N words, so
a summary of whole sentences that stops a few words short leaves part of its length unused.
`fill_budget` spends those words on the opening of one more sentence: of the candidates not
yet chosen and no paraphrase of a chosen one, the one whose first words add the most content
the summary lacks (content words weighted by the number of sources using them, plus the
word-pair concepts). The cut sentence ends in "…", attached to its last word so that it costs
no word of the budget. A reader's summary (the brief, `newsloom summarize`) never does this:
only the fixed-length evaluation asks for it (`SummaryParams.fill`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from newsloom.brief.summary_concepts import content_stems, sentence_concepts

__all__ = ["Fill", "fill_budget", "stem_sources"]

# The mark that ends a cut sentence; attached to its last word, so it is not a word itself.
CUT_MARK = "…"


@dataclass(frozen=True)
class Fill:
    """The opening of one more candidate: its index in the pool and the words shown."""

    index: int
    text: str


def stem_sources(stems: Sequence[frozenset[str]], source_of: Sequence[int]) -> dict[str, int]:
    """How many sources use each content stem (its document frequency, copies folded)."""
    # Each source's stems once (united in C), then counted; listed in first-seen order.
    by_source: dict[int, set[str]] = defaultdict(set)
    for words, source in zip(stems, source_of, strict=True):
        by_source[source].update(words)
    users = Counter(chain.from_iterable(by_source.values()))
    return {w: users[w] for w in dict.fromkeys(chain.from_iterable(stems))}


def fill_budget(
    shown: Sequence[str],
    chosen: Sequence[int],
    vectors: np.ndarray,
    weights: dict[str, float],
    stem_df: dict[str, int],
    left: int,
    *,
    redundancy: float,
    memo: dict[str, str],
) -> Fill | None:
    """The best opening of `left` words among the unchosen candidates, or None."""
    if left < 1 or not shown:
        return None
    taken = set(chosen)
    have_stems: set[str] = set()
    have_concepts: set[str] = set()
    for k in chosen:
        have_stems |= content_stems(shown[k], memo)
        have_concepts |= sentence_concepts(shown[k], memo)
    best: tuple[float, int] | None = None
    best_text = ""
    for k, text in enumerate(shown):
        if k in taken or (
            chosen and float((vectors[list(chosen)] @ vectors[k]).max()) >= redundancy
        ):
            continue
        opening = " ".join(text.split()[:left])
        gain = float(sum(stem_df.get(w, 0) for w in content_stems(opening, memo) - have_stems))
        gain += sum(weights.get(c, 0.0) for c in sentence_concepts(opening, memo) - have_concepts)
        # Ties go to the earlier candidate (candidates come in report order, leads first).
        if best is None or gain > best[0]:
            best, best_text = (gain, k), opening
    if best is None or best[0] <= 0:
        return None
    full = " ".join(shown[best[1]].split())
    text = best_text if best_text == full else best_text.rstrip(",;:") + CUT_MARK
    return Fill(best[1], text)
