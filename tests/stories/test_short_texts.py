"""Short texts (headlines): how short an article is, the centroid model and its fit."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from newsloom.evaluate.split import TUNE, half_of
from newsloom.model import Article
from newsloom.stories.assigner import JOIN_THRESHOLD, StoryAssigner, StoryState, _story_value
from newsloom.stories.fit_sources import centroid_fit, random_pairs
from newsloom.stories.profile import (
    SHIPPED_CENTROID,
    ArticleProfile,
    CentroidModel,
    profile_from_analysis,
    shortness,
)

# Headlines of one invented event, worded as different outlets word them: few words recur
# from one headline to the next.
FERRY = [
    "Ferry capsizes on Lake Orlen, dozens missing",
    "Rescue divers search Lake Orlen after passenger boat overturns",
    "Orlen ferry disaster: survivors describe sudden storm",
    "Death toll rises to 23 in Lake Orlen boat sinking",
    "Operator of sunken Orlen ferry had failed safety checks, officials say",
    "Families wait on the shore as search for missing ferry passengers goes on",
]
# A longer title of the same event: a short text, but not quite a headline.
LONG_TITLE = "Lake Orlen ferry survivors say crew ignored storm warning before boat left pier"
# Headlines of another event of the same days.
RATES = [
    "Central bank of Velmark raises interest rates by half a point",
    "Velmark rate hike surprises markets as inflation climbs",
    "Velmark bank governor defends rate increase before parliament",
]
REPORT = (
    "A magnitude 6.4 earthquake struck the coastal town of Port Alder on Tuesday, killing 17 "
    "people and leaving about 2,300 without shelter, the regional governor said. Rescue crews "
    "dug through collapsed houses near the harbour overnight while aftershocks kept residents "
    "outdoors, and 140 people were treated in hospital."
)


@pytest.fixture(scope="module")
def headlines(analyzer) -> dict[str, list[ArticleProfile]]:  # type: ignore[no-untyped-def]
    groups = {"ferry": FERRY, "rates": RATES, "report": [REPORT], "long": [LONG_TITLE]}
    out = {}
    for name, texts in groups.items():
        articles = [Article(text=t, origin=f"{name}-{i}") for i, t in enumerate(texts)]
        out[name] = [
            profile_from_analysis(None, a.text, an, None)
            for a, an in zip(articles, analyzer.pipe(articles), strict=True)
        ]
    return out


def test_a_headline_is_short_and_a_report_is_not(headlines) -> None:  # type: ignore[no-untyped-def]
    assert all(shortness(p) == 1.0 for p in headlines["ferry"] + headlines["rates"])
    assert shortness(headlines["report"][0]) == 0.0


def test_headlines_of_one_event_gather_and_another_event_stays_apart(headlines) -> None:  # type: ignore[no-untyped-def]
    assigner = StoryAssigner()
    stories = [
        assigner.assign(p, new_id=100 + i).story_id for i, p in enumerate(headlines["ferry"])
    ]
    rates = [assigner.assign(p, new_id=200 + i).story_id for i, p in enumerate(headlines["rates"])]
    # The ferry's headlines end in one story (after the merge pass, as ingest runs it)...
    merged = dict((gone, kept) for kept, gone in assigner.merge_pass(set(stories + rates)))
    final = [merged.get(s, s) for s in stories]
    assert len(set(final)) == 1
    # ... which takes none of the rate decision's.
    assert not set(final) & {merged.get(s, s) for s in rates}


def test_the_centroid_lifts_a_short_article_its_pairs_leave_short(headlines) -> None:  # type: ignore[no-untyped-def]
    ferry = headlines["ferry"]
    story = StoryState(story_id=1)
    for p in ferry[:-1]:
        story.add(p)
    newcomer = ferry[-1]
    # Its pairs alone: the mean of its best three is what they give.
    pairs = [0.1, 0.2, 0.3]
    without = _story_value(newcomer, story, pairs, None)
    with_centroid = _story_value(newcomer, story, pairs, SHIPPED_CENTROID)
    assert without == pytest.approx(0.2)
    cosine = float(story.centroid() @ newcomer.vector)
    assert with_centroid == pytest.approx(max(0.2, SHIPPED_CENTROID.probability(cosine)))
    # A report is not short: the centroid never speaks for it.
    report = headlines["report"][0]
    assert _story_value(report, story, pairs, SHIPPED_CENTROID) == pytest.approx(0.2)


def test_an_article_is_not_its_own_evidence(headlines) -> None:  # type: ignore[no-untyped-def]
    alone = headlines["ferry"][0]
    story = StoryState(story_id=1)
    story.add(alone)
    # Counted in its story (as when refining), the article leaves nothing to compare with.
    assert _story_value(alone, story, [], SHIPPED_CENTROID, own=True) == 0.0
    # Compared with a copy of itself it would be certain.
    assert _story_value(alone, story, [], SHIPPED_CENTROID) > JOIN_THRESHOLD


def test_the_centroid_curve_rises_with_the_cosine() -> None:
    model = CentroidModel(slope=15.0, midpoint=0.5)
    assert model.probability(0.5) == pytest.approx(0.5)
    assert model.probability(0.2) < 0.05 < 0.95 < model.probability(0.8)
    assert model.probability(-40.0) >= 0.0  # no overflow far out


def _tune_names(count: int) -> list[str]:
    return list(
        itertools.islice((n for n in map(str, itertools.count()) if half_of(n) == TUNE), count)
    )


def test_centroid_fit_finds_where_stories_part(headlines) -> None:  # type: ignore[no-untyped-def]
    # Two stories in the tune half, their headlines interleaved as a stream brings them.
    ferry_name, rates_name = _tune_names(2)
    stream = list(
        itertools.chain.from_iterable(
            itertools.zip_longest(
                [(p, ferry_name) for p in headlines["ferry"]],
                [(p, rates_name) for p in headlines["rates"]],
            )
        )
    )
    stream = [item for item in stream if item is not None]
    model = centroid_fit([p for p, _ in stream], [g for _, g in stream])
    assert model.slope > 0
    # Own stories' cosines lie above the midpoint on the whole, the other's below.
    vectors = {
        g: np.stack([p.vector for p, h in stream if h == g]) for g in (ferry_name, rates_name)
    }
    ferry_centroid = vectors[ferry_name].mean(axis=0)
    ferry_centroid /= np.linalg.norm(ferry_centroid)
    own = float(np.mean(vectors[ferry_name] @ ferry_centroid))
    other = float(np.mean(vectors[rates_name] @ ferry_centroid))
    assert other < model.midpoint < own


def test_random_pairs_cross_stories_and_are_bounded() -> None:
    gold = ["a"] * 4 + ["b"] * 3 + ["c"] * 8
    left, right = random_pairs(gold, seed=3)
    assert len(left) == len(right) > 0
    assert all(gold[i] != gold[j] and i < j for i, j in zip(left, right, strict=True))
    assert len(set(zip(left.tolist(), right.tolist(), strict=True))) == len(left)
    assert len(left) <= 5 * len(gold)
    again = random_pairs(gold, seed=3)
    assert np.array_equal(again[0], left) and np.array_equal(again[1], right)


def test_the_fits_file_order_run_scores_two_events_of_headlines(headlines) -> None:  # type: ignore[no-untyped-def]
    from newsloom.stories.fit_online import bcubed_means, check_half, timed_runs
    from newsloom.stories.profile import pair_probability

    profiles = headlines["ferry"] + headlines["rates"]
    gold = ["ferry"] * len(headlines["ferry"]) + ["rates"] * len(headlines["rates"])
    scores = bcubed_means(timed_runs(profiles, gold, pair_probability, SHIPPED_CENTROID))
    # The two events never share a story; each gathers at least in part.
    assert scores["bcubed_precision"] == 1.0
    assert 0.4 < scores["bcubed_recall"] <= 1.0
    kept, kept_gold = check_half((profiles, gold))
    assert len(kept) == len(kept_gold) == sum(half_of(g) != TUNE for g in gold)


def test_halves_of_a_headline_story_merge_by_their_centroids(headlines) -> None:  # type: ignore[no-untyped-def]
    # One event's headlines held as two stories, another event's as a third. With a pair model
    # that never joins anything, only the centroids can merge: they join the halves and leave
    # the other event alone.
    from newsloom.stories.assigner import HEADLINE_MERGE_COSINE

    assigner = StoryAssigner(scorer=lambda a, b, near: 0.0)
    ferry, rates = headlines["ferry"], headlines["rates"]
    for story_id, group in ((1, ferry[:3]), (2, ferry[3:]), (3, rates)):
        for profile in group:
            assigner.add(story_id, profile)

    def centroid(group: list[ArticleProfile]) -> np.ndarray:
        total = np.sum([p.vector for p in group], axis=0)
        return total / np.linalg.norm(total)

    assert float(centroid(ferry[:3]) @ centroid(ferry[3:])) >= HEADLINE_MERGE_COSINE
    assert float(centroid(ferry) @ centroid(rates)) < HEADLINE_MERGE_COSINE
    merges = assigner.merge_pass([1, 2, 3])
    assert merges == [(1, 2)]


def test_a_longer_title_does_not_keep_headline_halves_apart_but_a_report_does(headlines) -> None:  # type: ignore[no-untyped-def]
    # The second half of the ferry's headlines takes a longer title of the same event: the
    # story is still one of headlines and the halves merge by their centroids. With a full
    # report among its exemplars instead, it is not, and they stay apart (the pair model here
    # joins nothing).
    ferry, long_title, report = headlines["ferry"], headlines["long"][0], headlines["report"][0]
    assert 0.0 < shortness(long_title) < 1.0
    for extra, merged in ((long_title, [(1, 2)]), (report, [])):
        assigner = StoryAssigner(scorer=lambda a, b, near: 0.0)
        for story_id, group in ((1, ferry[:3]), (2, [*ferry[3:], extra])):
            for profile in group:
                assigner.add(story_id, profile)
        assert assigner.merge_pass([1, 2]) == merged, extra
