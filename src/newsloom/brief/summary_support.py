"""Who carries each sentence: outlet groups (copies fold into their original), the MiniLM
support of other outlets for each candidate sentence, and the story's centre."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsloom.model import Article

__all__ = [
    "Groups",
    "LazySupport",
    "Support",
    "cluster_centroid",
    "outlet_groups",
    "sentence_support",
]

# Another report "contains" a sentence when one of its sentences is at least this close.
# Measured with the int8 MiniLM: reworded reports of one fact score 0.57-0.7, different facts
# of one story 0.0-0.4. Used for the support counts shown beside each summary sentence.
SUPPORT_SIMILARITY = 0.6
# Between this and SUPPORT_SIMILARITY a report gives partial support, so nothing jumps at one cut.
SUPPORT_FLOOR = 0.45
# An article copies an earlier one when this share of its sentences has a near-exact twin there.
COPY_SENTENCE_SHARE = 0.8
# "Near-exact twin": cosine of re-punctuated or lightly edited copies of one sentence.
COPY_SIMILARITY = 0.95


@dataclass(frozen=True)
class Groups:
    """Independent-outlet group of each article, and whether the article is an original."""

    of_article: list[int]
    original: list[bool]

    @property
    def count(self) -> int:
        """How many independent outlets the cluster has."""
        return len(set(self.of_article))


@dataclass(frozen=True)
class Support:
    """Per candidate: soft share of other outlets that carry it, and hard counts for display."""

    share: np.ndarray
    articles: np.ndarray
    outlets: np.ndarray


def outlet_groups(
    articles: Sequence[Article],
    vectors: np.ndarray,
    owner: np.ndarray,
    independent: Sequence[bool] | None,
) -> Groups:
    """Group articles by independent outlet: same outlet name, or a copy of an earlier article."""
    group: list[int] = []
    original: list[bool] = []
    by_outlet: dict[str, int] = {}
    for i, article in enumerate(articles):
        # Undeclared copies are found by their sentences; declared ones join their closest
        # source. A declared original needs no search (a large story's brief stays fast).
        if independent is not None and independent[i]:
            source, is_copy = None, False
        else:
            source, share = _closest_earlier(i, vectors, owner)
            is_copy = share >= COPY_SENTENCE_SHARE if independent is None else True
        outlet = (article.outlet or "").strip().lower()
        if is_copy and source is not None:
            group.append(group[source])
        else:
            group.append(by_outlet.setdefault(outlet, i) if outlet else i)
        original.append(not (is_copy and source is not None))
    return Groups(of_article=group, original=original)


def _closest_earlier(i: int, vectors: np.ndarray, owner: np.ndarray) -> tuple[int | None, float]:
    """The earlier article with near-exact twins of most of article i's sentences; that share."""
    mine = vectors[owner == i]
    best: tuple[int | None, float] = (None, -1.0)
    for j in range(i):
        theirs = vectors[owner == j]
        if len(mine) and len(theirs):
            share = float(((mine @ theirs.T).max(axis=1) >= COPY_SIMILARITY).mean())
            if share > best[1]:
                best = (j, share)
    return best


def cluster_centroid(vectors: np.ndarray, owner: np.ndarray, groups: Groups) -> np.ndarray:
    """Mean of the originals' mean sentence vectors, so long reports and copies do not dominate."""
    means = [
        vectors[owner == i].mean(axis=0)
        for i, is_original in enumerate(groups.original)
        if is_original and (owner == i).any()
    ] or [vectors.mean(axis=0)]
    centroid: np.ndarray = np.mean(means, axis=0)
    unit: np.ndarray = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
    return unit


def sentence_support(
    vectors: np.ndarray,
    owner: np.ndarray,
    groups: Groups,
    eligible: np.ndarray,
    rows: np.ndarray | None = None,
) -> Support:
    """How strongly each other outlet carries each sentence that may stand in the summary
    (the others get none: only the chosen sentences' support is shown or used).

    `rows`, when given, names the candidates to measure (the result holds those, in that
    order): each row's support reads only its own similarities, so a summary measures only
    the candidates its pool keeps.
    """
    rows = np.arange(len(vectors)) if rows is None else np.asarray(rows, dtype=np.intp)
    n_articles, n_groups = len(groups.of_article), max(groups.of_article) + 1
    best = np.full((len(rows), n_articles), -1.0, dtype=np.float32)
    # Candidates come article by article: each article's best match is one reduction.
    present, starts = np.unique(owner, return_index=True)
    measured = eligible[rows]
    if measured.any():
        similarity = vectors[rows[measured]] @ vectors.T
        best[np.flatnonzero(measured)[:, None], present[None, :]] = np.maximum.reduceat(
            similarity, starts, axis=1
        )
    places = np.arange(len(rows))
    best[places, owner[rows]] = 1.0  # a sentence's own article carries it
    ramp = np.clip((best - SUPPORT_FLOOR) / (SUPPORT_SIMILARITY - SUPPORT_FLOOR), 0.0, 1.0)
    group_of = np.array(groups.of_article)
    by_group = _max_by_group(ramp, group_of, n_groups)
    supported = _max_by_group((best >= SUPPORT_SIMILARITY).astype(np.float32), group_of, n_groups)
    own_group = group_of[owner[rows]]
    by_group[places, own_group] = 0.0  # corroboration comes from other outlets only
    return Support(
        share=by_group.sum(axis=1) / max(1, groups.count - 1),
        articles=(best >= SUPPORT_SIMILARITY).sum(axis=1),
        outlets=(supported > 0).sum(axis=1),
    )


class LazySupport:
    """The support of a story's candidates, measured for a candidate the first time it is
    asked for (a summary uses only its pool's: a tenth of a large story's candidates)."""

    def __init__(
        self, vectors: np.ndarray, owner: np.ndarray, groups: Groups, eligible: np.ndarray
    ) -> None:
        self._vectors, self._owner, self._groups, self._eligible = vectors, owner, groups, eligible
        n = len(vectors)
        self.share = np.zeros(n, dtype=np.float32)
        self.articles = np.zeros(n, dtype=np.intp)
        self.outlets = np.zeros(n, dtype=np.intp)
        self._known = np.zeros(n, dtype=bool)

    def measure(self, candidates: Sequence[int]) -> None:
        """Measure the support of those of the candidates not measured yet, in one batch."""
        wanted = np.asarray(candidates, dtype=np.intp)
        missing = np.unique(wanted[~self._known[wanted]]) if len(wanted) else wanted
        if not len(missing):
            return
        found = sentence_support(
            self._vectors, self._owner, self._groups, self._eligible, rows=missing
        )
        self.share[missing] = found.share
        self.articles[missing] = found.articles
        self.outlets[missing] = found.outlets
        self._known[missing] = True


def _max_by_group(values: np.ndarray, group_of: np.ndarray, n_groups: int) -> np.ndarray:
    """Column-wise maximum of `values` (rows x articles) over the articles of each group."""
    order = np.argsort(group_of, kind="stable")
    present, starts = np.unique(group_of[order], return_index=True)
    out = np.zeros((len(values), n_groups), dtype=np.float32)
    out[:, present] = np.maximum.reduceat(values[:, order], starts, axis=1)
    return out
