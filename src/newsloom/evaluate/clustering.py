"""Clustering scores: B-cubed, pairwise F1 and the adjusted Rand index."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from math import comb


@dataclass(frozen=True)
class ClusterScores:
    """Precision, recall and F1 by B-cubed and by pairs, plus ARI."""

    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    ari: float
    clusters: int
    gold_clusters: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_clustering(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> ClusterScores:
    """Score a predicted cluster label per item against the gold label per item."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    n = len(gold)
    if n == 0:
        raise ValueError("nothing to score")
    joint = Counter(zip(predicted, gold, strict=True))
    pred_sizes = Counter(predicted)
    gold_sizes = Counter(gold)
    # B-cubed: for each item, the share of its predicted cluster that shares its gold
    # label (precision) and the share of its gold cluster it was grouped with (recall).
    precision = sum(c * c / pred_sizes[p] for (p, _g), c in joint.items()) / n
    recall = sum(c * c / gold_sizes[g] for (_p, g), c in joint.items()) / n
    same_both = sum(comb(c, 2) for c in joint.values())
    same_pred = sum(comb(c, 2) for c in pred_sizes.values())
    same_gold = sum(comb(c, 2) for c in gold_sizes.values())
    pp = same_both / same_pred if same_pred else 1.0
    pr = same_both / same_gold if same_gold else 1.0
    expected = same_pred * same_gold / comb(n, 2) if n > 1 else 0.0
    max_index = (same_pred + same_gold) / 2
    ari = (same_both - expected) / (max_index - expected) if max_index != expected else 1.0
    return ClusterScores(
        bcubed_precision=precision,
        bcubed_recall=recall,
        bcubed_f1=_f1(precision, recall),
        pairwise_precision=pp,
        pairwise_recall=pr,
        pairwise_f1=_f1(pp, pr),
        ari=ari,
        clusters=len(pred_sizes),
        gold_clusters=len(gold_sizes),
    )
