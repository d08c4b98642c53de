"""The names_contrast pair feature: shared names weighed by how rare they are nearby."""

from __future__ import annotations

import numpy as np

from newsloom.stories.profile import (
    FEATURES,
    ArticleProfile,
    Neighbourhood,
    build_profile,
    names_contrast,
    pair_features,
)


def _report(text: str, entities: list[tuple[str, str]]) -> ArticleProfile:
    found = [(name, label, text.index(name)) for name, label in entities]
    rng = np.random.default_rng(len(text))
    vector = rng.normal(size=8)
    return build_profile(
        title=None,
        text=text,
        sentence_ends=[len(text)],
        entities=found,
        timex_values=[],
        vector=vector / np.linalg.norm(vector),
        published=None,
    )


JAPAN = ("Japan", "GPE")
# Reports of different releases from one country, as a wire carries them on one morning.
RELEASES = [
    _report("Japan said consumer prices fell in January.", [JAPAN]),
    _report("Japan said unemployment rose to a record in January.", [JAPAN]),
    _report("Japan said its money supply grew in January.", [JAPAN]),
    _report("Japan said machinery orders slipped in December.", [JAPAN]),
    _report("Japan said housing starts rose in January.", [JAPAN]),
    _report("Japan said industrial output fell in January.", [JAPAN]),
]
# Two reports of one visit, which share the names that set it apart.
VISIT = [
    _report(
        "Nakasone met Reagan in Washington to discuss chips.",
        [("Nakasone", "PERSON"), ("Reagan", "PERSON"), ("Washington", "GPE")],
    ),
    _report(
        "Reagan told Nakasone in Washington that chip curbs would stay.",
        [("Reagan", "PERSON"), ("Nakasone", "PERSON"), ("Washington", "GPE")],
    ),
]


def test_a_name_every_neighbour_shares_counts_for_little() -> None:
    near = Neighbourhood(RELEASES + VISIT)
    cpi, jobs = RELEASES[0], RELEASES[1]
    # Alone, the country is all the two releases name: by their names they look one story.
    assert names_contrast(cpi, jobs, None) == 1.0
    # Among the country's other releases the shared country is common, while the visit's
    # names are rare there.
    assert near.name_weight("where", "japan") < near.name_weight("who", "nakasone")
    assert names_contrast(cpi, jobs, near) < 0.5 * names_contrast(VISIT[0], VISIT[1], near)


def test_an_unshared_name_lowers_the_share() -> None:
    bank = _report(
        "Japan said the Bank of Japan kept its discount rate.",
        [JAPAN, ("Bank of Japan", "ORG")],
    )
    near = Neighbourhood([*RELEASES, bank])
    assert names_contrast(RELEASES[0], bank, None) == 0.5
    assert names_contrast(RELEASES[0], bank, near) < names_contrast(RELEASES[0], RELEASES[1], near)


def test_names_contrast_is_a_pair_feature_and_symmetric() -> None:
    near = Neighbourhood(RELEASES + VISIT)
    column = FEATURES.index("names_contrast")
    for a in RELEASES + VISIT:
        for b in RELEASES + VISIT:
            value = pair_features(a, b, near)[column]
            assert value == names_contrast(b, a, near)
            assert 0.0 <= value <= 1.0
