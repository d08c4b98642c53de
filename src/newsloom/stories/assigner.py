"""Online story assignment: each new article joins the best-matching story or starts one.

Rank, then decide (as in Priberam's streaming clustering): the story index returns the
stories whose centroids lie nearest the article's embedding; each candidate is scored by how
likely the article reports the same event as the story's most similar exemplar articles
(`story_profile.pair_probability`, a logistic model over embedding, words, entities, years,
dates and numbers), less a penalty when their publication dates lie apart. All candidates are
judged in one neighbourhood (the article and the candidates' exemplars nearest it), so the
words they all share count less than the words that set one story apart. The best story
over JOIN_THRESHOLD takes the article. Stories that turn out to cover one event are merged
afterwards (`merge_pass`): the older id stays, the other is recorded as merged into it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newsloom.model import StoryAssignment
from newsloom.stories.index import StoryIndex
from newsloom.stories.profile import (
    NEIGHBOURS,
    SHIPPED_CENTROID,
    ArticleProfile,
    CentroidModel,
    Neighbourhood,
    pair_probabilities,
    pair_probability,
    shortness,
)

# An article joins its best story when the story's score reaches this probability. Chosen on
# the ECB+ dev topics with held-out-topic cross-validation (docs/clustering.md): with the pair
# model fitted at cross-topic weight 0.03 with Reuters hard negatives, join/merge bars of
# 0.55/0.5 give 0.930, 0.5/0.35 0.942 and 0.45/0.35 0.947 on cached held-out pair
# probabilities (8 orders; 0.45 beats 0.5 in 7 of them), while the full run of
# newsloom.stories.fit gives 0.943 for both; on the seen topics 0.959 against 0.957.
# On the first 1,000 Reuters-21578 articles 0.45 and 0.5 put as many pairs of different
# companies' notices in one story (1,895 and 1,894; session 6's model at 0.55/0.5: 3,423).
JOIN_THRESHOLD = 0.45
# A story's score is the mean pair probability of its this many most similar exemplars:
# one lookalike is not enough, while the whole story would drown a new angle in old ones.
TOP_PAIRS = 3
# Candidate stories scored in full, taken from the index by centroid cosine. On the ECB+ dev
# topics 5 candidates score as well as 10 (held-out B-cubed F1 0.8825 against 0.8827); 6 keeps
# a margin for denser streams while bounding the stories read back from the store per article.
CANDIDATES = 6
# Candidates whose centroid is less similar than this to the article are not scored (nor read
# back from the store): in 3,231 joins over five orders of the ECB+ dev articles, none joined a
# story whose centroid was under 0.37 from it (docs/clustering.md).
CANDIDATE_MIN_COSINE = 0.3
# Exemplars of a candidate given the full pair model: those nearest the article by embedding
# (the model's heaviest feature), a few more than TOP_PAIRS so the others can outrank them.
SCORED_EXEMPLARS = 5
# Exemplar articles kept per story: its first ones (what it was about) and its latest ones
# (where it is going). Bounds memory and scoring time for stories of thousands of articles.
FIRST_EXEMPLARS = 8
LATEST_EXEMPLARS = 8
# Two stories merge when the mean pair probability over their exemplar pairs reaches this.
MERGE_THRESHOLD = 0.35
# Only neighbours whose centroids are at least this similar are weighed for a merge. Judged in
# a merge's surroundings (one story's exemplars and its neighbours'), a report of another story
# correlates negatively with the first story's reports, and the short-text model, fitted where
# such values are rare, reads that as likeness: headline stories of unrelated companies merged
# at centroid cosines of 0.41-0.50. At 0.5 rather than 0.4: tune halves in 3 shuffled orders,
# headlines 0.857 -> 0.863, wire stories 0.941 -> 0.944; ECB+ in-sample 0.939 -> 0.937
# (docs/decisions/clustering.md, session 13).
MERGE_MIN_COSINE = 0.5
# Exemplars per story compared in a merge (spread over the story): bounds the pairs per
# comparison at MERGE_EXEMPLARS² however large the stories.
MERGE_EXEMPLARS = 8
# Two stories of headlines (`_headlines`: see HEADLINE_SHARE) merge when their centroids are
# at least this similar, whatever their pairs say: a headline shares few words with any other,
# so the halves of a big headline story can read as strangers pair by pair while their mean
# embeddings, which average-link clustering compares, all but coincide. On the headlines' tune
# half in time order 0.833 -> 0.877 (precision unchanged from 0.6 up, lower under it); the
# check half was unchanged (no pair of its stories qualified). Reports never qualify.
HEADLINE_MERGE_COSINE = 0.65
# A story counts as one of headlines for that when its exemplars' mean shortness reaches this
# and none is a report. Asking every exemplar to be a headline (shortness 1) let one title of
# 12 content words keep two halves of a 160-headline story apart at a centroid cosine of 0.80.
# On the headlines' tune half, time order 0.877 -> 0.898, 3 shuffled orders 0.906 -> 0.907
# (0.8 gave the same); the wire stories' tune half unchanged (session 14).
HEADLINE_SHARE = 0.9
# The refine pass at the end of an ingest run moves an article to another candidate story
# when that story, judged with the whole run in view, scores at least this much more than the
# article's own story (without it) and reaches JOIN_THRESHOLD. On held-out ECB+ dev topics
# margins 0, 0.05 and 0.1 gave the same B-cubed F1 within 0.004; a margin keeps articles from
# swinging between two near-equal stories.
REFINE_MARGIN = 0.05
# Passes over the run's articles: the second moves about a tenth as many as the first.
REFINE_ROUNDS = 2
# A story holding articles of the run is split in two when its members fall into two groups
# whose mean pair probability is under SPLIT_THRESHOLD (two stories the merge pass would keep
# apart). Only stories of SPLIT_MIN to SPLIT_MAX members (exemplars and run articles) are
# tried: fewer cannot show two groups, more would cost SPLIT_MAX² pair scores each.
SPLIT_MIN = 4
SPLIT_MAX = 48
# The split bar: MERGE_THRESHOLD, so the merge pass does not join again what was split (held
# out on ECB+ dev, 0.3, 0.4 and 0.5 give 0.921, 0.924 and 0.927 at join 0.6).
SPLIT_THRESHOLD = MERGE_THRESHOLD
# A story and an article this many days apart start losing score ...
TIME_GRACE_DAYS = 3
# ... at this rate per further day, up to TIME_MAX_PENALTY: two events of one
# kind in different months should not merge however alike their wording, so the full penalty
# keeps even a certain pair (probability 1) under JOIN_THRESHOLD and MERGE_THRESHOLD.
TIME_PENALTY_PER_DAY = 0.02
TIME_MAX_PENALTY = 0.7

# Scores a pair of articles judged within a neighbourhood of nearby articles.
PairScorer = Callable[[ArticleProfile, ArticleProfile, Neighbourhood], float]
# Gives the profiles of a story's articles in ingest order, for a story not held in memory.
StoryLoader = Callable[[int], Sequence[ArticleProfile]]


# What an unloaded story holds instead of its vector sum and exemplars: shared, immutable.
_NO_VECTOR = np.zeros(0, dtype=np.float32)
_NO_VECTOR.flags.writeable = False
_NO_EXEMPLARS: tuple[ArticleProfile, ...] = ()


@dataclass(slots=True)
class StoryState:
    """What the assigner keeps about one story (a few hundred bytes while not loaded)."""

    story_id: int
    size: int = 0
    vector_sum: np.ndarray = field(default_factory=lambda: _NO_VECTOR)
    first_exemplars: list[ArticleProfile] | tuple[ArticleProfile, ...] = _NO_EXEMPLARS
    latest_exemplars: list[ArticleProfile] | tuple[ArticleProfile, ...] = _NO_EXEMPLARS
    first: date | None = None
    last: date | None = None
    # False while only size and dates are held (a dormant story): its vector sum and
    # exemplars are read back from the store when it next becomes a candidate.
    loaded: bool = True

    @property
    def exemplars(self) -> list[ArticleProfile]:
        """The profiles the story is compared by."""
        return [*self.first_exemplars, *self.latest_exemplars]

    def centroid(self) -> np.ndarray:
        """Unit-length mean of the story's article vectors."""
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum

    def add(self, profile: ArticleProfile) -> None:
        """Count one more article in the story."""
        if self.size == 0:
            self.vector_sum = np.zeros_like(profile.vector, dtype=np.float32)
            self.first_exemplars, self.latest_exemplars = [], []
        assert isinstance(self.first_exemplars, list) and isinstance(self.latest_exemplars, list)
        self.size += 1
        self.vector_sum += profile.vector
        if len(self.first_exemplars) < FIRST_EXEMPLARS:
            self.first_exemplars.append(profile)
        else:
            self.latest_exemplars.append(profile)
            del self.latest_exemplars[:-LATEST_EXEMPLARS]
        self.extend_dates(profile.published, profile.published)

    def remove(self, profile: ArticleProfile) -> None:
        """Count one article out of the story.

        Its dates stay as they were, a bound rather than exact (the other members' dates are
        not all in memory); `load` makes them exact again from the store's view of the story.
        """
        self.size -= 1
        self.vector_sum = self.vector_sum - profile.vector
        self.first_exemplars = [p for p in self.first_exemplars if not _same_article(p, profile)]
        self.latest_exemplars = [p for p in self.latest_exemplars if not _same_article(p, profile)]

    def load(self, profiles: Sequence[ArticleProfile]) -> None:
        """Become a loaded story made of these articles (the store's view of it), its size and
        dates recounted from them: dates widened by an article that has since moved away shrink
        back."""
        self.size, self.loaded = 0, True
        self.first = self.last = None
        for profile in profiles:
            self.add(profile)

    def unload(self) -> None:
        """Drop the vector sum and exemplars, keeping size and dates."""
        self.vector_sum = _NO_VECTOR
        self.first_exemplars = self.latest_exemplars = _NO_EXEMPLARS
        self.loaded = False

    def absorb(self, other: StoryState) -> None:
        """Take in every article of another story."""
        self.size += other.size
        self.vector_sum = self.vector_sum + other.vector_sum
        pool = self.exemplars + other.exemplars
        self.first_exemplars = pool[:FIRST_EXEMPLARS]
        self.latest_exemplars = pool[FIRST_EXEMPLARS:][-LATEST_EXEMPLARS:]
        self.extend_dates(other.first, other.last)

    def extend_dates(self, first: date | None, last: date | None) -> None:
        if first is not None:
            self.first = first if self.first is None else min(self.first, first)
        if last is not None:
            self.last = last if self.last is None else max(self.last, last)


def _headlines(story: StoryState) -> bool:
    """Whether the story is one of headlines: its exemplars' mean `shortness` reaches
    HEADLINE_SHARE and none of them is a report (`shortness` 0)."""
    values = [shortness(p) for p in story.exemplars]
    return bool(values) and min(values) > 0.0 and sum(values) / len(values) >= HEADLINE_SHARE


def _same_article(a: ArticleProfile, b: ArticleProfile) -> bool:
    """One article, whether the same object or read back from the store (same vector)."""
    return a is b or np.array_equal(a.vector, b.vector)


def _spread(items: list[ArticleProfile]) -> list[ArticleProfile]:
    """At most MERGE_EXEMPLARS of the items, evenly spread from first to last."""
    if len(items) <= MERGE_EXEMPLARS:
        return items
    step = (len(items) - 1) / (MERGE_EXEMPLARS - 1)
    return [items[round(i * step)] for i in range(MERGE_EXEMPLARS)]


def neighbourhood(
    profile: ArticleProfile, others: Sequence[ArticleProfile], cosines: np.ndarray | None = None
) -> Neighbourhood:
    """The article and the NEIGHBOURS - 1 of others nearest it by embedding (cosines: the
    article's cosine with each of others, when already known)."""
    return Neighbourhood([profile, *_nearest(others, profile.vector, NEIGHBOURS - 1, cosines)])


def _nearest(
    items: Sequence[ArticleProfile], vector: np.ndarray, k: int, cosines: np.ndarray | None = None
) -> list[ArticleProfile]:
    """The k items nearest the vector by embedding, nearest first (all of them when no more than k;
    cosines: each item's cosine with the vector, when already known)."""
    if len(items) <= k:
        return list(items)
    if cosines is None:
        cosines = np.stack([p.vector for p in items]) @ vector
    return [items[int(i)] for i in np.argsort(-cosines, kind="stable")[:k]]


def _distinct(
    profiles: Iterable[ArticleProfile], exclude: Iterable[ArticleProfile] = ()
) -> list[ArticleProfile]:
    """Each article once, in order, leaving out those of exclude. Articles are told apart by
    vector: a story read back from the store holds new objects for the same articles."""
    seen = {p.vector.tobytes() for p in exclude}
    out = []
    for p in profiles:
        key = p.vector.tobytes()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _scored_members(
    profile: ArticleProfile, members: Sequence[ArticleProfile], cosines: np.ndarray | None = None
) -> Sequence[ArticleProfile]:
    """The SCORED_EXEMPLARS of members nearest the article by embedding, nearest first (all of
    them, in their order, when no more; cosines: the article's cosine with each, when known)."""
    if len(members) <= SCORED_EXEMPLARS:
        return members
    if cosines is None:
        cosines = np.stack([ex.vector for ex in members]) @ profile.vector
    nearest = np.argsort(-cosines, kind="stable")[:SCORED_EXEMPLARS]
    return [members[int(i)] for i in nearest]


def _story_value(
    profile: ArticleProfile,
    story: StoryState,
    probs: Sequence[float],
    centroid: CentroidModel | None,
    own: bool = False,
) -> float:
    """Mean of the TOP_PAIRS highest pair probabilities, less the article's time penalty.

    A headline (`shortness` 1) may instead join by its cosine with the story's centroid
    (without the article itself when the story is its own): the better of the two counts.
    Headlines of one story share few words pair by pair; what they have in common shows in
    their mean. Texts a little longer are left to their pairs: the centroid model was fitted on
    headlines (99 % of them at full shortness), and the texts between are mostly routine
    notices, which read alike whichever company they name (on the first 1,000 Reuters-21578
    articles, letting them join by centroid in the measure of their shortness put 24 more
    pairs of different companies' notices in one story).
    """
    top = sorted(probs, reverse=True)[:TOP_PAIRS]
    score = sum(top) / len(top) if top else 0.0
    if centroid is not None and shortness(profile) >= 1.0 and story.size > (1 if own else 0):
        total = story.vector_sum - profile.vector if own else story.vector_sum
        norm = float(np.linalg.norm(total))
        if norm > 0.0:
            score = max(score, centroid.probability(float(total @ profile.vector) / norm))
    return score - time_penalty(profile.published, story.first, story.last)


def time_penalty(day: date | None, first: date | None, last: date | None) -> float:
    """Score lost by an article dated day against a story spanning first..last."""
    if day is None or first is None or last is None or first <= day <= last:
        return 0.0
    gap = (first - day).days if day < first else (day - last).days
    return min(TIME_MAX_PENALTY, max(0, gap - TIME_GRACE_DAYS) * TIME_PENALTY_PER_DAY)


def story_gap_penalty(a: StoryState, b: StoryState) -> float:
    """Score lost by two stories whose date spans lie apart."""
    if a.first is None or b.first is None or a.last is None or b.last is None:
        return 0.0
    return max(time_penalty(b.first, a.first, a.last), time_penalty(b.last, a.first, a.last))


@dataclass
class _RunPlacement:
    """Where each article of a run stands while refining, and the run's articles per story."""

    run: Sequence[tuple[ArticleProfile, int]]
    story_of: list[int]  # the story each article of the run is in now
    in_story: dict[int, list[int]]  # the run's positions in each story

    @classmethod
    def of(cls, run: Sequence[tuple[ArticleProfile, int]]) -> _RunPlacement:
        """The run as assigned: each article in the story it was given."""
        story_of = [story_id for _, story_id in run]
        in_story: dict[int, list[int]] = {}
        for i, story_id in enumerate(story_of):
            in_story.setdefault(story_id, []).append(i)
        return cls(run, story_of, in_story)


class StoryAssigner:
    """Holds every story's centroid (in a `StoryIndex`), exemplars and dates.

    With max_active set, only that many recently active stories keep their exemplars and
    vector sums in memory; `trim` unloads the rest, and `loader` reads one back from the store
    when it becomes a candidate again. Memory then grows with active stories, not all stories.
    """

    def __init__(
        self,
        index: StoryIndex | None = None,
        scorer: PairScorer = pair_probability,
        *,
        max_active: int | None = None,
        loader: StoryLoader | None = None,
        centroid: CentroidModel | None = SHIPPED_CENTROID,
    ) -> None:
        if max_active is not None and loader is None:
            raise ValueError("max_active needs a loader to read unloaded stories back")
        self.index = index or StoryIndex()
        self.scorer = scorer
        # How a short article's cosine with a story's centroid counts (`_story_value`); None:
        # not at all, pairs alone decide.
        self.centroid = centroid
        self.max_active = max_active
        self.loader = loader
        self._stories: dict[int, StoryState] = {}
        # Loaded stories, least recently used first.
        self._recent: OrderedDict[int, None] = OrderedDict()
        # Pairs of articles scored so far (for benchmarks and diagnostics).
        self.pairs_scored = 0

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._stories

    @property
    def loaded(self) -> int:
        """Stories whose exemplars are in memory."""
        return len(self._recent)

    def restore(self, story_id: int, published: date | None) -> None:
        """Count one stored article into a story without loading it (rebuilding from a store)."""
        if self.loader is None:
            raise ValueError("restore needs a loader to read the story back later")
        story = self._stories.get(story_id)
        if story is None:
            story = self._stories[story_id] = StoryState(story_id=story_id, loaded=False)
        if story.loaded:
            raise ValueError(f"story {story_id} is loaded: add its articles instead")
        story.size += 1
        story.extend_dates(published, published)

    def _ready(self, story: StoryState) -> StoryState:
        """The story, loaded from the store if it was not, and marked as just used."""
        if not story.loaded:
            assert self.loader is not None
            story.load(self.loader(story.story_id))
        self._recent[story.story_id] = None
        self._recent.move_to_end(story.story_id)
        return story

    def trim(self) -> int:
        """Unload the least recently used stories past max_active; returns how many."""
        dropped = 0
        while self.max_active is not None and len(self._recent) > self.max_active:
            story_id, _ = self._recent.popitem(last=False)
            self._stories[story_id].unload()
            dropped += 1
        return dropped

    def pair_scores(
        self, profile: ArticleProfile, others: Sequence[ArticleProfile], near: Neighbourhood
    ) -> list[float]:
        """The scorer's probability for the article paired with each of others, in order.

        The default scorer is computed for all pairs at once (`pair_probabilities`, the same
        numbers to ~1e-16); any other is called pair by pair.
        """
        self.pairs_scored += len(others)
        if self.scorer is pair_probability:
            scores: list[float] = pair_probabilities(profile, others, near).tolist()
            return scores
        return [self.scorer(profile, other, near) for other in others]

    def story_score(
        self,
        profile: ArticleProfile,
        story: StoryState,
        near: Neighbourhood,
        members: Sequence[ArticleProfile] | None = None,
        cosines: np.ndarray | None = None,
        own: bool = False,
    ) -> float:
        """Mean pair probability of the TOP_PAIRS best members, less the time penalty
        (`_story_value`).

        The pairs are judged in the neighbourhood near. members are the story's articles to
        compare with (by default its exemplars); cosines, the article's embedding cosine with
        each of them, when already known; own, whether the article is counted in the story.
        """
        scored = _scored_members(profile, story.exemplars if members is None else members, cosines)
        probs = self.pair_scores(profile, scored, near)
        return _story_value(profile, story, probs, self.centroid, own)

    def score(self, profile: ArticleProfile) -> list[tuple[float, int]]:
        """The candidate stories as (score, story id), best first."""
        if not self._stories:
            return []
        candidates = []
        for story_id, cosine in self.index.search(profile.vector, CANDIDATES):
            story = self._stories.get(story_id)
            if story is not None and cosine >= CANDIDATE_MIN_COSINE:
                candidates.append(self._ready(story))
        if not candidates:
            return []
        # Every candidate is judged in the same neighbourhood: the article and the nearest
        # exemplars of all candidates, so what the candidates share weighs less than what
        # sets one apart.
        pool = [ex for story in candidates for ex in story.exemplars]
        cosines = np.stack([ex.vector for ex in pool]) @ profile.vector
        near = neighbourhood(profile, pool, cosines)
        # Every candidate's scored exemplars in one batch of pairs (one numpy pass, not six).
        groups, at = [], 0
        for story in candidates:
            size = len(story.first_exemplars) + len(story.latest_exemplars)
            groups.append(_scored_members(profile, pool[at : at + size], cosines[at : at + size]))
            at += size
        probs = self.pair_scores(profile, [ex for group in groups for ex in group], near)
        scored, at = [], 0
        for story, group in zip(candidates, groups, strict=True):
            scored.append(
                (
                    _story_value(profile, story, probs[at : at + len(group)], self.centroid),
                    story.story_id,
                )
            )
            at += len(group)
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return scored

    def assign(self, profile: ArticleProfile, new_id: int) -> StoryAssignment:
        """Join the best story over the threshold, or start story new_id."""
        scored = self.score(profile)
        if scored and scored[0][0] >= JOIN_THRESHOLD:
            best_score, story_id = scored[0]
            self.add(story_id, profile)
            return StoryAssignment(story_id=story_id, created=False, score=best_score)
        self.add(new_id, profile)
        return StoryAssignment(story_id=new_id, created=True, score=scored[0][0] if scored else 0.0)

    def add(self, story_id: int, profile: ArticleProfile, *, update_index: bool = True) -> None:
        """Add one article to a story (creating it if new)."""
        story = self._stories.get(story_id)
        if story is None:
            story = self._stories[story_id] = StoryState(story_id=story_id)
        self._ready(story).add(profile)
        if update_index:
            self.index.upsert(story_id, story.centroid())

    def withdraw(self, story_id: int, profile: ArticleProfile) -> bool:
        """Take one stored article out of its story (to place it again); True when that left
        the story empty, and so gone."""
        story = self._stories.get(story_id)
        if story is None:
            return False
        self._ready(story).remove(profile)
        if story.size > 0:
            self.index.upsert(story_id, story.centroid())
            return False
        del self._stories[story_id]
        self._recent.pop(story_id, None)
        self.index.remove(story_id)
        return True

    def index_all(self) -> None:
        """Put every story's centroid in the index at once (after a rebuild from the store)."""
        ids = sorted(s for s, story in self._stories.items() if story.loaded)
        if ids:
            self.index.upsert_many(ids, np.stack([self._stories[s].centroid() for s in ids]))

    def refine(
        self, run: Sequence[tuple[ArticleProfile, int]], next_id: int
    ) -> list[tuple[int, int]]:
        """Reconsider where the articles of a run went, now that all of the run is known.

        run holds (profile, story id) for each article assigned in the run, in order. When an
        article was placed, the reports that came after it were not there to be compared with.
        First, a story whose members now fall into two groups that the merge pass would keep
        apart is split: the group made of the run's articles only (the later one, when both
        are) becomes a new story, numbered from next_id on. Then each article is judged again
        against its own story (without it) and the other candidate stories, their exemplars
        and the run's articles in them making up the neighbourhood; it moves when another
        story scores at least JOIN_THRESHOLD and REFINE_MARGIN more than its own. A story left
        empty is dropped. Returns (position in run, story id) for each article that ended in
        another story than it started.
        """
        placed = _RunPlacement.of(run)
        self._split_run_stories(placed, next_id)
        for _ in range(REFINE_ROUNDS):
            if not self._refine_round(placed):
                break
        return [(i, s) for i, s in enumerate(placed.story_of) if s != run[i][1]]

    def _move_in_run(self, placed: _RunPlacement, i: int, target: int) -> None:
        """Move the run's article i into the target story, and note where it now is."""
        self._move(placed.run[i][0], placed.story_of[i], target)
        placed.in_story[placed.story_of[i]].remove(i)
        placed.in_story.setdefault(target, []).append(i)
        placed.story_of[i] = target

    def _split_run_stories(self, placed: _RunPlacement, next_id: int) -> None:
        """Split off the run's articles that a story's other members would keep apart."""
        for story_id in sorted(placed.in_story):
            if story_id in self._stories:
                arrived = [placed.run[i][0] for i in placed.in_story[story_id]]
                leaving = self._split(story_id, arrived)
                if leaving:
                    for k in [placed.in_story[story_id][k] for k in leaving]:
                        self._move_in_run(placed, k, next_id)
                    next_id += 1

    def _refine_round(self, placed: _RunPlacement) -> int:
        """Judge each article of the run again, moving it where it fits better; how many moved."""
        moved = 0
        for i, (profile, _) in enumerate(placed.run):
            best = self._better_story(placed, i, profile)
            if best is not None:
                self._move_in_run(placed, i, best)
                moved += 1
        return moved

    def _better_story(self, placed: _RunPlacement, i: int, profile: ArticleProfile) -> int | None:
        """The candidate story the run's article i should move to, or None to stay."""
        own = placed.story_of[i]
        ids = [own] + [
            s
            for s, cosine in self.index.search(profile.vector, CANDIDATES)
            if s != own and s in self._stories and cosine >= CANDIDATE_MIN_COSINE
        ]
        groups = {s: self._run_members(placed, s, profile) for s in ids}
        near = neighbourhood(profile, [p for group in groups.values() for p in group])
        scores = {
            s: self.story_score(profile, self._stories[s], near, members=g, own=s == own)
            for s, g in groups.items()
        }
        best = max(ids, key=lambda s: (scores[s], s == own))
        if (
            best == own
            or scores[best] < JOIN_THRESHOLD
            or scores[best] < scores[own] + REFINE_MARGIN
        ):
            return None
        return best

    def _run_members(
        self, placed: _RunPlacement, story_id: int, without: ArticleProfile
    ) -> list[ArticleProfile]:
        """The story's exemplars and the run's articles in it, without this article."""
        story = self._ready(self._stories[story_id])
        return _distinct(
            [*story.exemplars, *(placed.run[j][0] for j in placed.in_story.get(story_id, ()))],
            [without],
        )

    def _split(self, story_id: int, arrived: Sequence[ArticleProfile]) -> list[int]:
        """Which of the run's articles in a story should leave it as a story of their own.

        The story's members (its exemplars and the run's articles in it) are grouped in two by
        average-link on their pair probabilities; when the groups' mean pair probability is
        under SPLIT_THRESHOLD and one group holds only articles of the run (the later group,
        when both do), their positions in arrived are returned.
        """
        story = self._ready(self._stories[story_id])
        older = _distinct(story.exemplars, arrived)
        items = [*older, *arrived]
        if not SPLIT_MIN <= len(items) <= SPLIT_MAX:
            return []
        near = self.surroundings(story.centroid(), items)
        n = len(items)
        probs = np.ones((n, n))
        for a in range(n - 1):
            probs[a, a + 1 :] = probs[a + 1 :, a] = self.pair_scores(items[a], items[a + 1 :], near)
        tree = linkage(squareform(1.0 - probs, checks=False), method="average")
        group = fcluster(tree, 2, criterion="maxclust")
        if (
            len(set(group.tolist())) < 2
            or probs[np.ix_(group == 1, group == 2)].mean() >= SPLIT_THRESHOLD
        ):
            return []
        held = {int(g) for g in group[: len(older)]}
        if len(held) == 2:
            return []
        # The group without older articles leaves; among run articles only, the later group.
        leaving = 2 if held == {1} else 1 if held == {2} else 3 - int(group[0])
        return [k for k in range(len(arrived)) if group[len(older) + k] == leaving]

    def _move(self, profile: ArticleProfile, source: int, target: int) -> None:
        """Move one article from one story to another (made if new), keeping the index current."""
        story = self._stories[source]
        story.remove(profile)
        self.add(target, profile)
        if story.size <= 0:
            del self._stories[source]
            self._recent.pop(source, None)
            self.index.remove(source)
        else:
            self.index.upsert(source, story.centroid())

    def surroundings(self, vector: np.ndarray, members: Sequence[ArticleProfile]) -> Neighbourhood:
        """The neighbourhood of a group of articles: the NEIGHBOURS nearest the vector among
        them and the exemplars of the stories nearest it. Drawn from the group alone, a
        neighbourhood of one event would fade the very words its reports share."""
        pool = list(members)
        for story_id, cosine in self.index.search(vector, CANDIDATES):
            story = self._stories.get(story_id)
            if story is not None and cosine >= CANDIDATE_MIN_COSINE:
                pool.extend(self._ready(story).exemplars)
        return Neighbourhood(_nearest(_distinct(pool), vector, NEIGHBOURS))

    def merge_score(self, a: StoryState, b: StoryState, near: Neighbourhood) -> float:
        """Mean pair probability over pairs of their exemplars, judged in the neighbourhood
        near, less the dates' penalty."""
        mine, theirs = _spread(a.exemplars), _spread(b.exemplars)
        probs = [p for x in mine for p in self.pair_scores(x, theirs, near)]
        return sum(probs) / len(probs) - story_gap_penalty(a, b) if probs else 0.0

    def merge_pass(self, story_ids: Iterable[int]) -> list[tuple[int, int]]:
        """Merge the given stories with any neighbour that covers the same event.

        Returns (kept id, merged id) pairs in the order done; the older (smaller) id is kept.
        """
        merges: list[tuple[int, int]] = []
        queue = sorted(set(story_ids))
        while queue:
            story_id = queue.pop(0)
            story = self._stories.get(story_id)
            if story is None:
                continue
            self._ready(story)
            best: tuple[float, int] | None = None
            near = self.surroundings(story.centroid(), _spread(story.exemplars))
            headlines = _headlines(story)
            for other_id, cosine in self.index.search(story.centroid(), CANDIDATES + 1):
                other = self._stories.get(other_id)
                if other_id == story_id or other is None or cosine < MERGE_MIN_COSINE:
                    continue
                value = self.merge_score(story, self._ready(other), near)
                if cosine >= HEADLINE_MERGE_COSINE and headlines and _headlines(other):
                    value = max(value, MERGE_THRESHOLD)
                if value >= MERGE_THRESHOLD and (best is None or value > best[0]):
                    best = (value, other_id)
            if best is None:
                continue
            kept, gone = min(story_id, best[1]), max(story_id, best[1])
            self._stories[kept].absorb(self._stories.pop(gone))
            self._recent.pop(gone, None)
            self.index.remove(gone)
            self.index.upsert(kept, self._stories[kept].centroid())
            merges.append((kept, gone))
            queue = [s for s in queue if s != gone]
            queue.insert(0, kept)  # the grown story may now reach further
        return merges
