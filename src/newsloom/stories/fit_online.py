"""The online assigner run over a file's articles for the fit's reports: B-cubed scores of
shuffled and file orders, and the pair scorers it is run with (one fitted model, or per
article the model blind to its topic)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from statistics import mean
from typing import TYPE_CHECKING, Any

import numpy as np

from newsloom.evaluate.clustering import ClusterScores, score_clustering
from newsloom.stories.assigner import StoryAssigner
from newsloom.stories.fit_sources import tune_half
from newsloom.stories.profile import (
    SHIPPED_CENTROID,
    ArticleProfile,
    CentroidModel,
    Neighbourhood,
    pair_features,
)

if TYPE_CHECKING:
    from newsloom.stories.fit import PairModel


def bcubed_means(runs: list[ClusterScores]) -> dict[str, float]:
    """Mean B-cubed precision, recall and F1 over runs, rounded to four places."""
    return {
        k: round(mean(getattr(r, k) for r in runs), 4)
        for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1")
    }


def check_half(
    stories: tuple[list[ArticleProfile], list[str]],
) -> tuple[list[ArticleProfile], list[str]]:
    """The profiles and stories of a file's check half (`evaluate.split`)."""
    check = ~tune_half(stories[1])
    return (
        [p for p, keep in zip(stories[0], check, strict=True) if keep],
        [g for g, keep in zip(stories[1], check, strict=True) if keep],
    )


def timed_runs(
    profiles: list[ArticleProfile],
    gold: list[str],
    scorer: Callable[[ArticleProfile, ArticleProfile, Neighbourhood], float],
    centroid: CentroidModel | None,
) -> list[ClusterScores]:
    """B-cubed scores of the online assigner over the articles in the file's order."""
    order = np.arange(len(profiles))
    return [score_clustering(online_labels(profiles, order, scorer, centroid), gold)]


def model_scorer(
    model: PairModel,
) -> Callable[[ArticleProfile, ArticleProfile, Neighbourhood], float]:
    """A pair scorer for the assigner by one fitted model."""

    def scorer(a: ArticleProfile, b: ArticleProfile, near: Neighbourhood) -> float:
        """The pair's probability by the model."""
        return float(model.probability(pair_features(a, b, near)))

    return scorer


def held_out_scorer(
    profiles: list[ArticleProfile],
    topics: list[str],
    models: list[PairModel],
    fold_of: dict[Any, int],
) -> Callable[[ArticleProfile, ArticleProfile, Neighbourhood], float]:
    """A pair scorer for the assigner that judges each pair by the model blind to a's topic."""
    row_of = {id(p): i for i, p in enumerate(profiles)}

    def scorer(a: ArticleProfile, b: ArticleProfile, near: Neighbourhood) -> float:
        """The pair as the assigner judges it, by the model that never saw a's topic."""
        model = models[fold_of[topics[row_of[id(a)]]]]
        return float(model.probability(pair_features(a, b, near)))

    return scorer


def online_runs(
    profiles: list[ArticleProfile],
    gold: list[str],
    scorer: Callable[[ArticleProfile, ArticleProfile, Neighbourhood], float],
    args: argparse.Namespace,
    centroid: CentroidModel | None = SHIPPED_CENTROID,
) -> list[ClusterScores]:
    """B-cubed scores of the online assigner over --orders shuffled orders of the articles."""
    runs = []
    for run in range(args.orders):
        order = np.random.default_rng(args.seed + run).permutation(len(profiles))
        runs.append(score_clustering(online_labels(profiles, order, scorer, centroid), gold))
    return runs


def online_labels(
    profiles: list[ArticleProfile],
    order: np.ndarray,
    scorer: Callable[[ArticleProfile, ArticleProfile, Neighbourhood], float],
    centroid: CentroidModel | None = SHIPPED_CENTROID,
) -> list[int]:
    """Each article's story after assigning them in this order, then refining and merging."""
    n = len(profiles)
    assigner = StoryAssigner(scorer=scorer, centroid=centroid)
    label = [0] * n
    next_id = 1
    for i in order:
        assignment = assigner.assign(profiles[i], new_id=next_id)
        next_id += int(assignment.created)
        label[i] = assignment.story_id
    run_order = [int(i) for i in order]
    for position, story_id in assigner.refine(
        [(profiles[i], label[i]) for i in run_order], next_id
    ):
        label[run_order[position]] = story_id
    merges = dict((gone, kept) for kept, gone in assigner.merge_pass(set(label)))
    for i in range(n):
        while label[i] in merges:
            label[i] = merges[label[i]]
    return label
