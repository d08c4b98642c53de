"""Choosing a summary's sentences: concept coverage solved exactly, or a submodular objective.

Two selectors over the same candidates, both under a word budget:

- `select_concepts` (the default): Gillick and Favre's integer linear program. Choose sentences
  (y) and concepts (z) to maximise the weight of the concepts covered plus a prior for lead
  sentences, with the total length within the budget, a concept counted only when a chosen
  sentence holds it, and no two near-paraphrases (cosine over MiniLM vectors) both chosen.
  Solved by HiGHS through `scipy.optimize.milp`; a greedy cover is the fall-back should the
  solver stop without an answer.
- `select_submodular`: Lin and Bilmes's coverage-plus-diversity function over sentence
  embeddings, maximised greedily with cost scaling (a known approximation bound).

The cross-validation in `newsloom.evaluate.summaries_cv` compares them and picks parameters.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

__all__ = ["Selection", "SummaryParams", "select_concepts", "select_submodular"]

# HiGHS stops after this long and returns the best summary found so far; clusters of ten
# reports solve in a few hundredths of a second, so only a pathological input reaches it.
SOLVER_SECONDS = 2.0
# Submodular partitions: one cluster of sentences per this many candidates.
SENTENCES_PER_PARTITION = 5


@dataclass(frozen=True)
class SummaryParams:
    """The summariser's settings; the defaults are the cross-validated choice (docs/summaries.md).

    Every value here was chosen by 5-fold cross-validation on summaries-dev (clusters split by
    a hash of their id); see `newsloom.evaluate.summaries_cv` for the grid.
    """

    method: str = "ilp"  # "ilp" (concept coverage) or "submodular"
    min_sources: int = 3  # a concept counts when this many independent sources use it
    # Added to the weight of a concept found in a report's lead, per ten of the story's sources.
    lead_bonus: float = 2.0
    lead_sentences: int = 3  # the sentences of a report that count as its lead
    position_weight: float = 1.5  # lead-sentence prior, in units of the largest concept weight
    redundancy: float = 0.75  # two sentences at least this close are never both chosen
    trim: bool = True  # cut attributions, asides and opening connectives
    # Offer each sentence compressed too (no time relative to the report's day, no opening
    # "X said" frame); the selection takes whichever form covers more for its words.
    compress: bool = True
    # Weight of a content word per sentence using it (0: word pairs alone, as Gillick-Favre).
    unigram_weight: float = 0.0
    # Bonus for a sentence that other outlets carry in other words (its MiniLM support share),
    # in units of the largest concept weight: corroboration that shared word pairs miss.
    corroboration: float = 1.0
    # Cost of each word, in units of the largest concept weight: a sentence must cover more
    # than its length costs, so a summary with nothing new left to say stops short.
    word_cost: float = 0.0
    # Bonus for a sentence stating a fact found by other means (the brief's figures and
    # dates), in units of the best candidate's concept weight; only the brief passes facts.
    fact_weight: float = 0.0
    # Spend the words whole sentences leave over on the opening of one more sentence, cut
    # where the budget ends (the fixed-length evaluation's form; a reader's summary never).
    fill: bool = False
    # Submodular only: coverage saturation, weight of diversity, length exponent of the cost.
    saturation: float = 0.25
    diversity: float = 6.0
    cost_exponent: float = 0.3


@dataclass(frozen=True)
class Selection:
    """What a selector sees of each candidate, in candidate order."""

    lengths: np.ndarray  # words
    concepts: Sequence[frozenset[str]]
    positions: np.ndarray  # index among its report's sentences
    vectors: np.ndarray  # unit MiniLM vectors
    weights: dict[str, float]  # concept weights (concepts of all sentences, not only these)
    prior: np.ndarray  # per candidate, a bonus (>= 0) or penalty added to its objective


def select_concepts(sel: Selection, budget: int, params: SummaryParams) -> list[int]:
    """Maximum-weight concept coverage within the budget, exactly, by integer programming."""
    n = len(sel.lengths)
    if n == 0:
        return []
    names = sorted({c for cs in sel.concepts for c in cs if sel.weights.get(c, 0.0) > 0})
    index = {c: i for i, c in enumerate(names)}
    m = len(names)
    # Variables: y_0..y_{n-1} (sentences, binary), then z_0..z_{m-1} (concepts, in [0, 1]:
    # maximising drives each z to 1 exactly when a chosen sentence covers it).
    objective = -np.concatenate([sel.prior, [sel.weights[c] for c in names]])
    rows, cols, vals = [], [], []
    for k, cs in enumerate(sel.concepts):
        for c in cs:
            if c in index:
                rows.append(index[c])
                cols.append(k)
                vals.append(-1.0)
    rows.extend(range(m))
    cols.extend(range(n, n + m))
    vals.extend([1.0] * m)
    cover = coo_matrix((vals, (rows, cols)), shape=(m, n + m))
    constraints = [
        LinearConstraint(np.concatenate([sel.lengths, np.zeros(m)])[None, :], -np.inf, budget),
        LinearConstraint(cover, -np.inf, 0.0),
    ]
    pairs = _redundant_pairs(sel, params.redundancy)
    if len(pairs):
        r = len(pairs)
        clash = coo_matrix(
            (np.ones(2 * r), (np.repeat(np.arange(r), 2), pairs.ravel())), shape=(r, n + m)
        )
        constraints.append(LinearConstraint(clash, -np.inf, 1.0))
    integrality = np.concatenate([np.ones(n), np.zeros(m)])
    with _quiet_stdout():
        result = milp(
            objective,
            constraints=constraints,
            integrality=integrality,
            bounds=Bounds(0, 1),
            options={"time_limit": SOLVER_SECONDS},
        )
    if result.x is None:
        return _greedy_cover(sel, budget, pairs)
    return [k for k in range(n) if result.x[k] > 0.5]


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence file descriptor 1 while HiGHS runs.

    The HiGHS build in scipy prints a stray "transformNewIntegerFeasibleSolution" line from C++
    whatever its log settings (ERGO-Code/HiGHS#2783), which would corrupt `--json` output.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _redundant_pairs(sel: Selection, threshold: float) -> np.ndarray:
    """Index pairs (i < j) of candidates at least `threshold` apart in cosine."""
    if len(sel.vectors) < 2:
        return np.zeros((0, 2), dtype=int)
    sims = np.triu(sel.vectors @ sel.vectors.T, k=1)
    i, j = np.nonzero(sims >= threshold)
    return np.stack([i, j], axis=1)


def _greedy_cover(sel: Selection, budget: int, pairs: np.ndarray) -> list[int]:
    """Greedy concept cover by gain per word: the fall-back when the solver gives nothing."""
    clashes: dict[int, set[int]] = {}
    for i, j in pairs.tolist():
        clashes.setdefault(i, set()).add(j)
        clashes.setdefault(j, set()).add(i)
    chosen: list[int] = []
    covered: set[str] = set()
    used = 0
    while True:
        best, best_gain = -1, 0.0
        for k in range(len(sel.lengths)):
            if k in chosen or used + sel.lengths[k] > budget or clashes.get(k, set()) & set(chosen):
                continue
            gain = sum(sel.weights.get(c, 0.0) for c in sel.concepts[k] - covered) + sel.prior[k]
            gain /= max(1.0, float(sel.lengths[k]))
            if gain > best_gain:
                best, best_gain = k, gain
        if best < 0:
            return chosen
        chosen.append(best)
        covered |= sel.concepts[best]
        used += int(sel.lengths[best])


def select_submodular(
    sel: Selection, support: np.ndarray, budget: int, params: SummaryParams
) -> list[int]:
    """Coverage of every sentence of the cluster plus diversity over partitions, greedily.

    `support` holds the unit vectors of all the cluster's sentences (what must be covered).
    """
    n = len(sel.lengths)
    if n == 0:
        return []
    similarity = np.clip(support @ sel.vectors.T, 0.0, None)  # (all sentences, candidates)
    ceiling = params.saturation * similarity.sum(axis=1)
    reward = similarity.mean(axis=0) + np.clip(sel.prior, 0.0, None) / max(1.0, len(support))
    partition = _partitions(sel.vectors, max(1, n // SENTENCES_PER_PARTITION))
    cover = np.zeros(len(support))
    part_mass = np.zeros(int(partition.max()) + 1)
    chosen: list[int] = []
    used = 0
    value = 0.0
    while True:
        best, best_gain, best_value = -1, 0.0, value
        for k in range(n):
            if k in chosen or used + sel.lengths[k] > budget:
                continue
            new_mass = part_mass.copy()
            new_mass[partition[k]] += reward[k]
            candidate_value = float(
                np.minimum(cover + similarity[:, k], ceiling).sum()
                + params.diversity * np.sqrt(new_mass).sum()
            )
            gain = (candidate_value - value) / float(sel.lengths[k]) ** params.cost_exponent
            if gain > best_gain:
                best, best_gain, best_value = k, gain, candidate_value
        if best < 0:
            return chosen
        chosen.append(best)
        cover += similarity[:, best]
        part_mass[partition[best]] += reward[best]
        used += int(sel.lengths[best])
        value = best_value


def _partitions(vectors: np.ndarray, k: int) -> np.ndarray:
    """A k-means partition of the candidates (deterministic seeding)."""
    if k <= 1 or len(vectors) <= k:
        return np.arange(len(vectors)) if len(vectors) <= k else np.zeros(len(vectors), int)
    from sklearn.cluster import KMeans

    return np.asarray(KMeans(n_clusters=k, n_init=1, random_state=0).fit_predict(vectors))
