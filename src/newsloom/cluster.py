"""Online story assignment: each new article joins the best-matching story or starts one."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from newsloom.model import StoryAssignment

# Labels whose canonical names say who and where an event involves; shared ones
# are strong evidence that two reports cover the same event.
MATCH_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP"})
# Weight of the entity overlap (0..1) added to the embedding cosine (−1..1).
ENTITY_WEIGHT = 0.35
# A story and an article this many days apart start losing score ...
TIME_GRACE_DAYS = 3
# ... at this rate per further day, up to TIME_MAX_PENALTY: two events of one
# kind in different months should not merge however alike their wording.
TIME_PENALTY_PER_DAY = 0.02
TIME_MAX_PENALTY = 0.4
# An article joins its best story when the combined score reaches this value.
# Chosen on the ECB+ dev topics (B-cubed F1 0.863 mean of 3 shuffles, see
# docs/benchmarks.md) and checked on the demo corpus.
JOIN_THRESHOLD = 0.70
# Only the best few stories by cosine are scored in full.
CANDIDATES = 20


@dataclass
class StoryState:
    """What the assigner keeps about one story."""

    story_id: int
    size: int
    vector_sum: np.ndarray
    entities: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None


def entity_keys(entities: list[tuple[str, str]]) -> set[str]:
    """Normalised names of the matchable entities of an article.

    The label is left out of the key: the small spaCy model often calls one town
    a GPE in one report and a LOC or ORG in the next.
    """
    return {name.casefold() for name, label in entities if label in MATCH_LABELS}


class StoryAssigner:
    """Holds every story's centroid, entities and dates; scores new articles against them."""

    def __init__(self) -> None:
        self._stories: dict[int, StoryState] = {}
        self._ids: list[int] = []
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._row: dict[int, int] = {}
        self._entity_df: Counter[str] = Counter()
        self._articles = 0

    def __len__(self) -> int:
        return len(self._stories)

    def _idf(self, key: str) -> float:
        return math.log((1 + self._articles) / (1 + self._entity_df[key])) + 1.0

    def _entity_overlap(self, keys: set[str], story: StoryState) -> float:
        if not keys:
            return 0.0
        total = sum(self._idf(k) for k in keys)
        shared = sum(self._idf(k) for k in keys if k in story.entities)
        return shared / total

    @staticmethod
    def _time_penalty(day: date | None, story: StoryState) -> float:
        if day is None or story.first is None or story.last is None:
            return 0.0
        if story.first <= day <= story.last:
            return 0.0
        gap = (story.first - day).days if day < story.first else (day - story.last).days
        over = max(0, gap - TIME_GRACE_DAYS)
        return min(TIME_MAX_PENALTY, over * TIME_PENALTY_PER_DAY)

    def score(self, vector: np.ndarray, keys: set[str], day: date | None) -> list[tuple[float, int]]:
        """The best candidate stories as (score, story id), best first."""
        if not self._ids:
            return []
        sims = self._matrix[: len(self._ids)] @ vector
        top = np.argsort(-sims)[:CANDIDATES]
        scored = []
        for row in top:
            story = self._stories[self._ids[int(row)]]
            s = float(sims[row]) + ENTITY_WEIGHT * self._entity_overlap(keys, story)
            s -= self._time_penalty(day, story)
            scored.append((s, story.story_id))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return scored

    def assign(self, vector: np.ndarray, keys: set[str], day: date | None, new_id: int) -> StoryAssignment:
        """Join the best story over the threshold, or start story new_id."""
        scored = self.score(vector, keys, day)
        if scored and scored[0][0] >= JOIN_THRESHOLD:
            best_score, story_id = scored[0]
            self.add(story_id, vector, keys, day)
            return StoryAssignment(story_id=story_id, created=False, score=best_score)
        self.add(new_id, vector, keys, day)
        return StoryAssignment(story_id=new_id, created=True, score=scored[0][0] if scored else 0.0)

    def add(self, story_id: int, vector: np.ndarray, keys: set[str], day: date | None) -> None:
        """Add one article's vector, entities and date to a story (creating it if new)."""
        self._articles += 1
        for key in keys:
            self._entity_df[key] += 1
        story = self._stories.get(story_id)
        if story is None:
            story = StoryState(story_id=story_id, size=0, vector_sum=np.zeros_like(vector, dtype=np.float64))
            self._stories[story_id] = story
            self._append_row(story_id, vector.shape[0])
        story.size += 1
        story.vector_sum += vector
        story.entities.update(keys)
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)
        centroid = story.vector_sum / (np.linalg.norm(story.vector_sum) or 1.0)
        self._matrix[self._row[story_id]] = centroid.astype(np.float32)

    def _append_row(self, story_id: int, dim: int) -> None:
        if self._matrix.shape[1] != dim:
            self._matrix = np.zeros((max(64, len(self._ids) * 2), dim), dtype=np.float32)
        if len(self._ids) >= self._matrix.shape[0]:
            grown = np.zeros((self._matrix.shape[0] * 2, dim), dtype=np.float32)
            grown[: len(self._ids)] = self._matrix[: len(self._ids)]
            self._matrix = grown
        self._row[story_id] = len(self._ids)
        self._ids.append(story_id)

    def centroid(self, story_id: int) -> np.ndarray:
        """The story's current unit-length centroid."""
        return self._matrix[self._row[story_id]].copy()

    def dates(self, story_id: int) -> tuple[date | None, date | None]:
        """First and last publication date seen in the story."""
        story = self._stories[story_id]
        return story.first, story.last
