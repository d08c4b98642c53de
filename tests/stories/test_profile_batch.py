"""Batched pair scoring equals pair-by-pair scoring; profiles survive their stored forms."""

from __future__ import annotations

import re
import zlib
from datetime import date

import numpy as np
import pytest

from newsloom.stories import assigner as cluster
from newsloom.stories.assigner import StoryAssigner
from newsloom.stories.profile import (
    FEATURES,
    MIN_CORRELATED,
    ArticleProfile,
    Neighbourhood,
    build_profile,
    content_words,
    lead_conflict,
    pair_feature_rows,
    pair_features,
    pair_probabilities,
    pair_probability,
)

# Invented reports: two of one warehouse fire, one of a fire of the same kind elsewhere, two of
# a ferry strike, one of a council vote, and a short notice. Each gives its title, text, named
# entities (canonical name, label) and the dates and years a tagger would read in it.
REPORTS = [
    {
        "title": "Fire guts Calverton grain warehouse",
        "text": (
            "A fire destroyed a grain warehouse in Calverton early on Monday, 6 May 2024, and sent "
            "smoke over the river port, fire chief Odile Marchetti said. About 40 firefighters "
            "fought the blaze for six hours. Marchetti said 1,200 tonnes of wheat were lost and "
            "that two workers were treated for smoke. The Harlow Grain Cooperative owns the site."
        ),
        "entities": [
            ("Calverton", "GPE"),
            ("Odile Marchetti", "PERSON"),
            ("Marchetti", "PERSON"),
            ("Harlow Grain Cooperative", "ORG"),
        ],
        "timex": ["2024-05-06"],
        "published": date(2024, 5, 6),
    },
    {
        "title": "Calverton warehouse fire: wheat lost, two treated",
        "text": (
            "Firefighters in Calverton spent Monday morning putting out a blaze at a grain "
            "warehouse owned by the Harlow Grain Cooperative, fire chief Odile Marchetti said on "
            "6 May 2024. Some 1,200 tonnes of wheat burned and two workers needed treatment for "
            "smoke. The cause is not yet known, Marchetti said."
        ),
        "entities": [
            ("Calverton", "GPE"),
            ("Harlow Grain Cooperative", "ORG"),
            ("Odile Marchetti", "PERSON"),
            ("Marchetti", "PERSON"),
        ],
        "timex": ["2024-05-06"],
        "published": date(2024, 5, 6),
    },
    {
        "title": "Warehouse blaze in Marrow Point",
        "text": (
            "A blaze tore through a timber warehouse in Marrow Point on Friday, 19 April 2024, "
            "fire chief Benedikt Oyelaran said. Nobody was hurt, but 300 tonnes of sawn timber "
            "were lost. Oyelaran said 25 firefighters kept the flames from a fuel depot nearby. "
            "The Tasman Timber Company said it would rebuild."
        ),
        "entities": [
            ("Marrow Point", "GPE"),
            ("Benedikt Oyelaran", "PERSON"),
            ("Oyelaran", "PERSON"),
            ("Tasman Timber Company", "ORG"),
        ],
        "timex": ["2024-04-19"],
        "published": date(2024, 4, 19),
    },
    {
        "title": "Ferry crews strike in Oskarsund",
        "text": (
            "Ferry crews in Oskarsund walked out on Tuesday over pay, leaving 8,000 commuters "
            "without a crossing, union leader Priya Vasquez-Holm said. The strike by the Coastal "
            "Seafarers Union is set to last 48 hours. Vasquez-Holm said talks with the Oskarsund "
            "Ferry Board broke down after an offer of 2.5 percent."
        ),
        "entities": [
            ("Oskarsund", "GPE"),
            ("Priya Vasquez-Holm", "PERSON"),
            ("Vasquez-Holm", "PERSON"),
            ("Coastal Seafarers Union", "ORG"),
            ("Oskarsund Ferry Board", "ORG"),
        ],
        "timex": ["2024-05-07", "2024"],
        "published": date(2024, 5, 7),
    },
    {
        "title": "Oskarsund commuters stranded as ferries stop",
        "text": (
            "Commuters in Oskarsund queued for buses on Tuesday as a 48-hour strike halted the "
            "ferries. The Coastal Seafarers Union, led by Priya Vasquez-Holm, rejected a 2.5 "
            "percent pay offer from the Oskarsund Ferry Board. About 8,000 people a day use the "
            "crossing."
        ),
        "entities": [
            ("Oskarsund", "GPE"),
            ("Coastal Seafarers Union", "ORG"),
            ("Priya Vasquez-Holm", "PERSON"),
            ("Oskarsund Ferry Board", "ORG"),
        ],
        "timex": ["2024-05-07"],
        "published": date(2024, 5, 8),
    },
    {
        "title": "Vell council approves harbour plan",
        "text": (
            "The Vell provincial council voted 31 to 12 on Thursday to approve a harbour expansion "
            "costing 140 million crowns, council leader Renée Åberg said. The plan adds two berths "
            "for cargo ships by 2027. Åberg said work on the sea wall would start in the autumn."
        ),
        "entities": [("Vell", "GPE"), ("Renée Åberg", "PERSON"), ("Åberg", "PERSON")],
        "timex": ["2024-05-09", "2027"],
        "published": date(2024, 5, 9),
    },
    {
        "title": None,
        "text": "It was so.",  # nothing but stop words: empty word vectors
        "entities": [],
        "timex": [],
        "published": None,
    },
]


def _embedding(text: str, dim: int = 384) -> np.ndarray:
    """A stand-in embedding: a fixed random direction per word, summed and made unit length, so
    reports sharing words point alike."""
    total = np.zeros(dim)
    for word, count in content_words(text).items():
        total += count * np.random.default_rng(zlib.crc32(word.encode("utf-8"))).standard_normal(
            dim
        )
    total += np.random.default_rng(len(text)).standard_normal(dim) * 0.1  # no two texts alike
    return (total / np.linalg.norm(total)).astype(np.float32)


def _profile(report: dict) -> ArticleProfile:  # type: ignore[type-arg]
    text = report["text"]
    entities = [
        (name, label, m.start())
        for name, label in report["entities"]
        for m in re.finditer(re.escape(name), text)
    ]
    return build_profile(
        title=report["title"],
        text=text,
        sentence_ends=[m.end() for m in re.finditer(r"[.!?](?=\s|$)", text)],
        entities=entities,
        timex_values=report["timex"],
        vector=_embedding((report["title"] or "") + " " + text),
        published=report["published"],
    )


@pytest.fixture(scope="module")
def profiles() -> list[ArticleProfile]:
    return [_profile(r) for r in REPORTS]


def _neighbourhoods(profiles: list[ArticleProfile]) -> list[Neighbourhood | None]:
    # With and without the neighbour correlation (it needs MIN_CORRELATED articles), and none.
    return [Neighbourhood(profiles), Neighbourhood(profiles[: MIN_CORRELATED - 1]), None]


def test_profiles_exercise_every_kind_of_feature(profiles) -> None:  # type: ignore[no-untyped-def]
    near = Neighbourhood(profiles)
    rows = np.vstack([pair_feature_rows(a, profiles, near) for a in profiles])
    quiet = [name for name, column in zip(FEATURES, rows.T, strict=True) if not np.any(column)]
    # Every feature takes a value somewhere, so the comparisons below test each of them.
    assert quiet == []
    assert not len(profiles[-1].terms[0]) and not len(profiles[-1].lead[0])


def test_batched_features_equal_pair_by_pair(profiles) -> None:  # type: ignore[no-untyped-def]
    for near in _neighbourhoods(profiles):
        for a in profiles:
            batch = pair_feature_rows(a, profiles, near)
            single = np.stack([pair_features(a, b, near) for b in profiles])
            np.testing.assert_allclose(batch, single, rtol=0, atol=1e-12)
            # A row does not depend on the rest of the batch.
            for i in range(len(profiles)):
                np.testing.assert_allclose(
                    pair_feature_rows(a, profiles[i : i + 1], near),
                    batch[i : i + 1],
                    rtol=0,
                    atol=1e-12,
                )


def test_batched_probabilities_equal_pair_by_pair(profiles) -> None:  # type: ignore[no-untyped-def]
    seen_gated = False
    for near in _neighbourhoods(profiles):
        for a in profiles:
            batch = pair_probabilities(a, profiles, near)
            single = [pair_probability(a, b, near) for b in profiles]
            np.testing.assert_allclose(batch, single, rtol=0, atol=1e-9)
            seen_gated |= bool(np.any(batch > 0.5))
    assert seen_gated  # pairs of one event reach the second model's gate
    assert pair_probabilities(profiles[0], [], Neighbourhood(profiles)).shape == (0,)


def test_the_same_event_outscores_its_sibling_in_a_batch(profiles) -> None:  # type: ignore[no-untyped-def]
    near = Neighbourhood(profiles)
    same, sibling, strike = pair_probabilities(profiles[0], profiles[1:4], near)
    assert same > cluster.JOIN_THRESHOLD > max(sibling, strike)


def test_assigner_scores_alike_with_the_default_and_a_per_pair_scorer(profiles) -> None:  # type: ignore[no-untyped-def]
    def per_pair(a: ArticleProfile, b: ArticleProfile, near: Neighbourhood) -> float:
        return pair_probability(a, b, near)

    batched, single = StoryAssigner(), StoryAssigner(scorer=per_pair)
    order = [0, 3, 2, 5, 1, 4, 6]
    for new_id, i in enumerate(order, start=1):
        x, y = batched.score(profiles[i]), single.score(profiles[i])
        assert [s for _, s in x] == [s for _, s in y]
        np.testing.assert_allclose([v for v, _ in x], [v for v, _ in y], rtol=0, atol=1e-9)
        assert (
            batched.assign(profiles[i], new_id).story_id
            == single.assign(profiles[i], new_id).story_id
        )
    assert batched.pairs_scored == single.pairs_scored > 0
    assert len(batched) == 5  # the two fires, the two strikes, the vote, the notice: one story each


def _with_names(first: str, named: set[str]) -> ArticleProfile:
    empty = (np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32))
    return ArticleProfile(
        vector=np.ones(4, dtype=np.float32) / 2,
        terms=empty,
        lead=empty,
        salient={g: frozenset() for g in ("who", "where", "org")},
        named={"who": frozenset(named), "where": frozenset(), "org": frozenset()},
        latest_year=None,
        days=frozenset(),
        numbers=frozenset(),
        leading={"who": first},
    )


def test_lead_conflicts_in_a_batch_follow_lead_conflict() -> None:
    # Leads naming someone the other names in full, by surname, within a longer name, or never.
    people = [
        _with_names("ada quist", {"ada quist", "bo lind"}),
        _with_names("bo lind", {"bo lind", "quist"}),
        _with_names("lind", {"lind"}),
        _with_names("carl dahl", {"carl dahl", "mona quist"}),
        _with_names("eva ek", {"eva ek", "dr carl dahl"}),
        _with_names("dahl", {"dahl", "ek"}),
        _with_names("mona quist", {"mona quist"}),
    ]
    column = FEATURES.index("who_lead_conflict")
    expected = [[lead_conflict(a, b, "who") for b in people] for a in people]
    got = [pair_feature_rows(a, people)[:, column].tolist() for a in people]
    assert got == expected
    assert 0 < sum(map(sum, expected)) < len(people) ** 2 - len(people)  # both outcomes occur


def _fields(p: ArticleProfile) -> tuple:  # type: ignore[type-arg]
    arrays = [np.asarray(x) for x in (p.vector, *p.terms, *p.lead)]
    return (
        [(x.dtype.str, x.tolist()) for x in arrays],
        p.salient,
        p.named,
        p.latest_year,
        p.days,
        p.numbers,
        p.published,
        p.leading,
    )


def test_a_profile_reads_back_the_same_from_either_stored_form(profiles) -> None:  # type: ignore[no-untyped-def]
    for p in profiles:
        stored = p.to_bytes()
        back = ArticleProfile.from_stored(stored, p.vector, p.published)
        assert _fields(back) == _fields(
            ArticleProfile.from_stored(p.to_json(), p.vector, p.published)
        )
        assert back.to_bytes() == stored
        # Weights are kept to 4 decimals, as the JSON form keeps them; the rest exactly.
        np.testing.assert_allclose(back.terms[1], p.terms[1], atol=5e-5)
        assert _fields(back)[1:] == _fields(p)[1:]
        assert _fields(
            ArticleProfile.from_stored(back.to_bytes(), back.vector, back.published)
        ) == _fields(back)
    assert (
        "renée åberg"
        in ArticleProfile.from_stored(profiles[5].to_bytes(), profiles[5].vector, None).salient[
            "who"
        ]
    )


def test_profiles_stored_as_json_by_earlier_versions_still_read() -> None:
    # As stored before the binary form (and, without "f", before leads' first names were kept).
    old = (
        '{"t":[[17,4000000000],[0.6,0.8]],"l":[[17],[1.0]],'
        '"s":{"who":["ada quist"],"where":[],"org":[]},'
        '"n":{"who":["ada quist","bo lind"],"where":["vell"],"org":[]},'
        '"y":2023,"d":["2023-03-14"],"u":["17"]}'
    )
    vector = np.ones(4, dtype=np.float32) / 2
    p = ArticleProfile.from_stored(old, vector, date(2023, 3, 15))
    assert p.terms[0].tolist() == [17, 4000000000] and p.terms[1].dtype == np.float32
    assert p.named["where"] == frozenset({"vell"}) and p.salient["org"] == frozenset()
    assert p.latest_year == 2023 and p.days == frozenset({date(2023, 3, 14)}) and p.leading == {}
    again = ArticleProfile.from_stored(p.to_bytes(), vector, date(2023, 3, 15))
    assert _fields(again) == _fields(p)


def test_a_lazily_stored_profile_decodes_on_first_use_into_the_same_profile(profiles) -> None:  # type: ignore[no-untyped-def]
    for p in profiles:
        for stored in (p.to_bytes(), p.to_json()):
            lazy = ArticleProfile.stored_lazily(stored, p.vector, p.published)
            # Its vector and date are there at once; nothing else is decoded yet ...
            assert sorted(vars(lazy)) == ["_stored", "published", "vector"]
            assert lazy.published == p.published and np.array_equal(lazy.vector, p.vector)
            assert "_stored" in vars(lazy)
            # ... until a field is looked at: then all are, once, as from_stored decodes them.
            assert lazy.named == p.named
            assert "_stored" not in vars(lazy)
            assert _fields(lazy) == _fields(
                ArticleProfile.from_stored(stored, p.vector, p.published)
            )
    with pytest.raises(AttributeError, match="no_such_field"):
        ArticleProfile.stored_lazily(profiles[0].to_bytes(), profiles[0].vector, None).no_such_field  # noqa: B018


def test_lazily_stored_profiles_score_as_decoded_ones(profiles) -> None:  # type: ignore[no-untyped-def]
    lazy = [ArticleProfile.stored_lazily(p.to_bytes(), p.vector, p.published) for p in profiles]
    decoded = [ArticleProfile.from_stored(p.to_bytes(), p.vector, p.published) for p in profiles]
    near_lazy, near_decoded = Neighbourhood(lazy), Neighbourhood(decoded)
    np.testing.assert_array_equal(
        pair_probabilities(lazy[0], lazy[1:], near_lazy),
        pair_probabilities(decoded[0], decoded[1:], near_decoded),
    )


def test_an_unknown_stored_version_is_refused(profiles) -> None:  # type: ignore[no-untyped-def]
    stored = bytearray(profiles[0].to_bytes())
    stored[0] = 99
    with pytest.raises(ValueError, match="version 99"):
        ArticleProfile.from_stored(bytes(stored), profiles[0].vector, None)
    # Read lazily, it is refused when first used, and again on every later use.
    lazy = ArticleProfile.stored_lazily(bytes(stored), profiles[0].vector, None)
    for _ in range(2):
        with pytest.raises(ValueError, match="version 99"):
            lazy.terms  # noqa: B018
