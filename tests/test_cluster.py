"""Story assignment on real analysed text: pair scores, join-or-new, dates, the merge pass."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from newsloom import cluster
from newsloom.cluster import StoryAssigner, time_penalty
from newsloom.model import Article
from newsloom.story_profile import (
    ArticleProfile,
    pair_features,
    pair_probability,
    profile_from_analysis,
    sparse_cosine,
    weighted_terms,
    content_words,
)

# Two reports of one (invented) earthquake, and one of an earlier quake of the same kind
# elsewhere: the case the assigner must get right.
QUAKE_A = (
    "A magnitude 6.4 earthquake struck the Kermadec town of Port Alder on Tuesday, 14 March 2023, "
    "killing 17 people and leaving about 2,300 without shelter, the regional governor Mara Velsen said. "
    "Rescue crews from the capital dug through collapsed houses near the harbour overnight. "
    "Velsen said 140 people were treated in hospital and aftershocks kept residents outdoors."
)
QUAKE_B = (
    "Rescuers in Port Alder searched flattened homes on Wednesday after Tuesday's 6.4-magnitude quake, "
    "which the governor, Mara Velsen, said killed 17 people on 14 March 2023. "
    "About 2,300 residents spent the night in tents by the harbour. "
    "Aftershocks rattled the town as 140 injured people were treated at the main hospital."
)
QUAKE_OTHER = (
    "A magnitude 5.1 earthquake shook the inland city of Dorvik on 2 August 2019, injuring four people "
    "and cracking the walls of a school, the mayor Tomas Ekberg said. "
    "No deaths were reported and power was restored within hours. "
    "Ekberg said engineers would inspect the old bridge over the river before it reopened."
)


@pytest.fixture(scope="module")
def profiles(analyzer) -> dict[str, ArticleProfile]:  # type: ignore[no-untyped-def]
    texts = {"a": QUAKE_A, "b": QUAKE_B, "other": QUAKE_OTHER}
    articles = [Article(text=t, origin=name) for name, t in texts.items()]
    analyses = analyzer.pipe(articles)
    return {
        name: profile_from_analysis(None, art.text, an, None)
        for name, art, an in zip(texts, articles, analyses)
    }


def _dated(profile: ArticleProfile, day: date) -> ArticleProfile:
    return ArticleProfile(**{**profile.__dict__, "published": day})


def test_same_event_scores_over_the_join_threshold_and_the_sibling_below(profiles) -> None:  # type: ignore[no-untyped-def]
    same = pair_probability(profiles["a"], profiles["b"])
    sibling = pair_probability(profiles["a"], profiles["other"])
    assert same >= cluster.JOIN_THRESHOLD > sibling


def test_profile_keeps_who_where_year_and_numbers(profiles) -> None:  # type: ignore[no-untyped-def]
    a = profiles["a"]
    assert "mara velsen" in a.salient["who"]
    assert "port alder" in a.salient["where"]
    assert a.latest_year == 2023 and date(2023, 3, 14) in a.days
    assert {"6.4", "17", "2,300", "140"} <= set(a.numbers)
    assert profiles["other"].latest_year == 2019


def test_profile_survives_its_json_form(profiles) -> None:  # type: ignore[no-untyped-def]
    a = profiles["a"]
    back = ArticleProfile.from_json(a.to_json(), a.vector, a.published)
    np.testing.assert_allclose(pair_features(back, profiles["b"]), pair_features(a, profiles["b"]), atol=1e-3)


def test_sparse_cosine_matches_the_dense_dot_product() -> None:
    x = weighted_terms(content_words("harbour quake rescue harbour tents governor"))
    y = weighted_terms(content_words("quake tents school bridge harbour"))
    keys = sorted(set(x[0].tolist()) | set(y[0].tolist()))
    dense = [np.array([dict(zip(v[0].tolist(), v[1].tolist())).get(k, 0.0) for k in keys]) for v in (x, y)]
    assert sparse_cosine(x, y) == pytest.approx(float(dense[0] @ dense[1]), abs=1e-6)
    assert sparse_cosine(x, x) == pytest.approx(1.0, abs=1e-6)


def test_assigner_joins_the_same_event_and_opens_a_story_for_the_sibling(profiles) -> None:  # type: ignore[no-untyped-def]
    assigner = StoryAssigner()
    first = assigner.assign(profiles["a"], new_id=1)
    second = assigner.assign(profiles["b"], new_id=2)
    third = assigner.assign(profiles["other"], new_id=2)
    assert first.created and not second.created and second.story_id == 1
    assert third.created and third.story_id == 2 and len(assigner) == 2


def test_reports_months_apart_do_not_join(profiles) -> None:  # type: ignore[no-untyped-def]
    day = date(2023, 3, 15)
    assigner = StoryAssigner()
    assigner.assign(_dated(profiles["a"], day), new_id=1)
    late = assigner.assign(_dated(profiles["b"], day + timedelta(days=90)), new_id=2)
    assert late.created
    assert time_penalty(day + timedelta(days=90), day, day) == cluster.TIME_MAX_PENALTY
    assert time_penalty(day + timedelta(days=2), day, day) == 0.0


def test_merge_pass_keeps_the_older_id(profiles) -> None:  # type: ignore[no-untyped-def]
    assigner = StoryAssigner()
    assigner.add(7, profiles["a"])
    assigner.add(3, profiles["b"])
    assigner.add(9, profiles["other"])
    merges = assigner.merge_pass([7, 9])
    assert merges == [(3, 7)]
    assert 7 not in assigner and 3 in assigner and 9 in assigner
    assert {s for s, _ in assigner.index.search(profiles["a"].vector, 3)} == {3, 9}
