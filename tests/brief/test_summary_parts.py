"""The summariser's parts without a model: trimming, concepts and the two selectors."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from newsloom.brief.summary_concepts import (
    concept_weights,
    content_stems,
    sentence_concepts,
    stem,
    with_facts,
)
from newsloom.brief.summary_fill import fill_budget, stem_sources
from newsloom.brief.summary_select import (
    Selection,
    SummaryParams,
    select_concepts,
    select_submodular,
)
from newsloom.brief.summary_trim import compress_sentence, trim_sentence


@pytest.mark.parametrize(
    ("sentence", "trimmed"),
    [
        (
            "But the toll rose to 15, including the two gunmen, officials said on Tuesday.",
            "The toll rose to 15, including the two gunmen.",
        ),
        (
            "The six teams covered overlapping areas, said sheriff's spokesman Steve Davis.",
            "The six teams covered overlapping areas.",
        ),
        (
            "According to the police, the gunman (a 17-year-old) fled the scene in a car.",
            "The gunman fled the scene in a car.",
        ),
        (
            "Iran and Pakistan agreed to build the pipeline, the ministry said in a statement.",
            "Iran and Pakistan agreed to build the pipeline.",
        ),
    ],
)
def test_trim_cuts_what_a_summary_does_not_need(sentence: str, trimmed: str) -> None:
    assert trim_sentence(sentence) == trimmed


@pytest.mark.parametrize(
    "sentence",
    [
        # Reported speech is the content, not an attribution tail.
        "The company said it would cut 500 jobs in the next year.",
        # A quote's words stay, attribution and all.
        'Hasan Demir, a shepherd from the village, said the shaking lasted "maybe twenty '
        'seconds, but it felt like the whole mountain moved."',
        # Too little would be left.
        "The pipeline was approved, according to state media.",
        # A long bracket holds content.
        "The plan (which the council approved after three long public hearings last year) "
        "was dropped.",
    ],
)
def test_trim_keeps_content(sentence: str) -> None:
    assert trim_sentence(sentence) == sentence


def test_stems_and_concepts() -> None:
    assert stem("killed") == stem("killing") == stem("kills") == "kill"
    assert stem("officials") == "official" and stem("planned") == "plan"
    assert stem("countries") == "country" and stem("bus") == "bus"
    concepts = sentence_concepts("The death toll rose to 15 in the Columbine High massacre.")
    assert {"death toll", "toll rose", "columbine high", "high massacre"} <= concepts
    assert "in the" not in concepts and "the death" in concepts  # only stopword pairs go


def test_concept_weights_count_sources_and_drop_rare_ones() -> None:
    sentences = [
        frozenset({"death toll", "bakery owner"}),
        frozenset({"death toll"}),
        frozenset({"death toll", "toll rose"}),
        frozenset({"toll rose"}),
    ]
    weights = concept_weights(
        sentences, [0, 1, 2, 3], [True, False, False, False], min_sources=2, lead_bonus=1.0
    )
    # 3 sources + the lead bonus (1 per ten sources: 0.4 for four)
    assert weights == {"death toll": pytest.approx(3.4), "toll rose": 2.0}
    # Two sources: a concept either one uses still counts, at half the shared weight.
    two = concept_weights(sentences[:2], [0, 1], [False, False], min_sources=3, lead_bonus=0)
    assert two == {"death toll": 2, "bakery owner": 1}


def _selection(lengths: list[int], concepts: list[set[str]], seed: int = 0) -> Selection:
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(len(lengths), 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    names = sorted({c for cs in concepts for c in cs})
    weights = {c: float(1 + i % 4) for i, c in enumerate(names)}
    return Selection(
        lengths=np.array(lengths, dtype=float),
        concepts=[frozenset(c) for c in concepts],
        positions=np.arange(len(lengths)),
        vectors=vectors,
        weights=weights,
        prior=np.zeros(len(lengths)),
    )


def _value(sel: Selection, chosen: tuple[int, ...] | list[int]) -> float:
    covered = set().union(*(sel.concepts[k] for k in chosen)) if chosen else set()
    return sum(sel.weights[c] for c in covered)


def test_ilp_finds_the_best_cover_within_the_budget() -> None:
    rng = np.random.default_rng(7)
    pool = [f"c{i}" for i in range(14)]
    lengths = [int(x) for x in rng.integers(8, 30, size=10)]
    concepts = [set(rng.choice(pool, size=4, replace=False).tolist()) for _ in range(10)]
    sel = _selection(lengths, concepts)
    params = SummaryParams(redundancy=1.1)  # nothing counts as a paraphrase here
    chosen = select_concepts(sel, 60, params)
    assert sum(lengths[k] for k in chosen) <= 60
    best = max(
        _value(sel, subset)
        for r in range(len(lengths) + 1)
        for subset in combinations(range(len(lengths)), r)
        if sum(lengths[k] for k in subset) <= 60
    )
    assert _value(sel, chosen) == pytest.approx(best)


def test_ilp_never_takes_two_paraphrases() -> None:
    sel = _selection([10, 10, 10], [{"a", "b"}, {"a", "c"}, {"d"}])
    same = sel.vectors.copy()
    same[1] = same[0]
    sel = Selection(sel.lengths, sel.concepts, sel.positions, same, sel.weights, sel.prior)
    chosen = select_concepts(sel, 100, SummaryParams(redundancy=0.9))
    assert not {0, 1} <= set(chosen) and 2 in chosen


def test_submodular_stays_within_the_budget() -> None:
    sel = _selection([12, 20, 9, 15, 30], [{"a"}, {"b"}, {"c"}, {"a", "d"}, {"e"}])
    chosen = select_submodular(sel, sel.vectors, 40, SummaryParams(method="submodular"))
    assert chosen and sum(sel.lengths[k] for k in chosen) <= 40
    assert select_concepts(_selection([], []), 40, SummaryParams()) == []


@pytest.mark.parametrize(
    ("sentence", "compressed"),
    [
        (
            "On Monday, the council approved the new budget for the city schools.",
            "The council approved the new budget for the city schools.",
        ),
        (
            "The bridge, which opened in 2001, was closed on Tuesday after the inspection.",
            "The bridge, which opened in 2001, was closed after the inspection.",
        ),
        (
            "Officials said the gunman fled in a car last week after the shooting.",
            "The gunman fled in a car after the shooting.",
        ),
        (
            "Police said Hasan Demir died late Monday night in a hospital in Denver.",
            "Hasan Demir died in a hospital in Denver.",
        ),
    ],
)
def test_compression_leaves_out_relative_times_and_reporting_frames(
    sentence: str, compressed: str
) -> None:
    assert compress_sentence(trim_sentence(sentence)) == compressed


@pytest.mark.parametrize(
    "sentence",
    [
        # A date is content; only times relative to the report's day go.
        "Tensions escalated in January 2024 when both countries conducted air strikes.",
        # A preposition would be left hanging ("by.", "until.").
        "By Wednesday, the agency put the death toll from the quake at 31.",
        "The governor closed the schools across the province until Monday.",
        # "the next year" is not a report's "next year".
        "The company expects to cut 500 jobs in the next year across its plants.",
        # A pronoun after the frame would dangle: the frame stays.
        "The company said it would cut 500 jobs across its three plants.",
        # Too little would be left.
        "On Monday, the council met.",
        # A preposition before the time would be left hanging ("during.").
        "The ferry service was suspended in the region during Saturday.",
    ],
)
def test_compression_keeps_dates_and_dangling_clauses(sentence: str) -> None:
    assert compress_sentence(sentence) == sentence


def test_a_cut_never_ends_a_sentence_on_a_word_it_left_hanging() -> None:
    # The time goes with its "on early", never leaving "on early." behind.
    trimmed = trim_sentence(
        "The storm reached the old harbour, on early Friday morning, police said."
    )
    assert trimmed == "The storm reached the old harbour, on early Friday morning."
    assert compress_sentence(trimmed) == "The storm reached the old harbour."
    assert compress_sentence("The storm reached the harbour town of Kelby on early Friday.") == (
        "The storm reached the harbour town of Kelby."
    )
    # A time set off by a comma mid-sentence stays: its cut would leave the commas unpaired.
    kept = "The council, on Monday, approved the new budget for the city schools."
    assert compress_sentence(kept) == kept
    # A sentence that already ended on such a word may still be cut.
    assert compress_sentence("The inquiry into the bank's losses is still going on.") == (
        "The inquiry into the bank's losses is still going on."
    )
    assert compress_sentence("On Monday, the inquiry into the bank's losses was going on.") == (
        "The inquiry into the bank's losses was going on."
    )


def test_fill_spends_the_words_left_on_the_opening_of_new_content() -> None:
    shown = [
        "The bridge over the river collapsed on Tuesday and two cars fell into the water.",
        "The bridge over the river collapsed and two cars fell into the water below.",
        "Rescue crews pulled four people from the river and all of them survived the fall.",
        "The weather was mild.",
    ]
    vectors = np.eye(4)
    vectors[1] = vectors[0]  # a paraphrase of the chosen sentence: never the filler
    memo: dict[str, str] = {}
    stems = [content_stems(t, memo) for t in shown]
    df = stem_sources(stems, [0, 1, 1, 2])
    weights = {"rescue crew": 2.0, "river collapse": 3.0}
    fill = fill_budget(shown, [0], vectors, weights, df, 5, redundancy=0.75, memo=memo)
    assert fill is not None and fill.index == 2
    assert fill.text == "Rescue crews pulled four people…"
    assert len(fill.text.split()) == 5
    # No words left, or nothing new to say: no filler.
    assert fill_budget(shown, [0], vectors, weights, df, 0, redundancy=0.75, memo=memo) is None
    assert (
        fill_budget(shown[:2], [0], vectors[:2], weights, df, 5, redundancy=0.75, memo=memo) is None
    )


def test_facts_are_concepts_worth_a_share_of_the_best_sentence_counted_once() -> None:
    weights = {"death toll": 4.0, "toll rose": 2.0}
    concepts = [frozenset({"death toll", "toll rose"}), frozenset(), frozenset()]
    stating = [frozenset(), frozenset({"quantity:31.0"}), frozenset({"quantity:31.0"})]
    added, marked = with_facts(weights, concepts, stating, 0.5)
    # Half the best sentence's 6.0; both sentences stating the toll share one concept.
    assert [w for c, w in added.items() if c not in weights] == [3.0]
    assert marked[1] == marked[2] and len(marked[1]) == 1 and marked[0] == concepts[0]
