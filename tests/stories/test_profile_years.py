"""The latest year a text names, and when it is only a lower bound (issue 16: an unresolvable
year is unknown, never a conflict)."""

from __future__ import annotations

from datetime import date

import numpy as np

from newsloom.stories.profile import FEATURES, ArticleProfile, build_profile, pair_features

VECTOR = np.ones(4, dtype=np.float32) / 2


def _profile(text: str, timex_values: list[str], published: date | None = None) -> ArticleProfile:
    return build_profile(
        title=None,
        text=text,
        sentence_ends=[len(text)],
        entities=[],
        timex_values=timex_values,
        vector=VECTOR,
        published=published,
    )


def _years(a: ArticleProfile, b: ArticleProfile) -> tuple[float, float]:
    f = dict(zip(FEATURES, pair_features(a, b), strict=True))
    return f["same_latest_year"], f["different_latest_year"]


# An undated report that names 2013 for the pipeline deal and "this year" for the strikes.
UNDATED = _profile(
    "The pipeline was agreed in 2013; this year's strikes in January", ["2013", "XXXX", "XXXX-01"]
)
DATED_2024 = _profile("Strikes in January 2024 and a visit in April 2024", ["2024-01", "2024-04"])
CLOSED_2013 = _profile("The pipeline was agreed in 2013 and work began in 2014 or 2013", ["2013"])


def test_a_text_that_speaks_of_a_year_it_never_names_has_an_open_latest_year() -> None:
    assert UNDATED.latest_year == 2013 and UNDATED.year_open
    assert not DATED_2024.year_open and not CLOSED_2013.year_open
    # Weekdays place a day near the time of writing, not in a year: they leave it closed.
    assert not _profile("It happened on Monday, in 2019", ["XXXX-WXX-1", "2019"]).year_open
    # With no year named there is no latest year to be open.
    assert not _profile("It happened this year", ["XXXX"]).year_open


def test_an_open_earlier_year_is_no_conflict_but_a_closed_one_is() -> None:
    assert _years(UNDATED, DATED_2024) == (0.0, 0.0)
    assert _years(DATED_2024, UNDATED) == (0.0, 0.0)
    assert _years(CLOSED_2013, DATED_2024) == (0.0, 1.0)
    assert _years(UNDATED, CLOSED_2013) == (1.0, 0.0)


def test_the_open_flag_survives_both_stored_forms() -> None:
    for profile in (UNDATED, CLOSED_2013):
        from_bytes = ArticleProfile.from_stored(profile.to_bytes(), VECTOR, None)
        from_json = ArticleProfile.from_stored(profile.to_json(), VECTOR, None)
        assert from_bytes.year_open == from_json.year_open == profile.year_open
        assert from_bytes.latest_year == profile.latest_year
    # A profile stored before the flag existed (flags byte 1: a year, no open bit) reads closed.
    old = bytearray(UNDATED.to_bytes())
    old[1] = 1
    assert not ArticleProfile.from_stored(bytes(old), VECTOR, None).year_open
