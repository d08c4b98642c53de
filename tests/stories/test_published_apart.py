"""Publication days as a pair feature (issue 16: publication time is a signal that travels).

Two reports of a daily series read alike word for word; what tells them apart is the day they
came out. The feature says only whether two dated reports came out on different days; the fit
decides what that is worth beside everything else the pair shares."""

from __future__ import annotations

from datetime import date

import numpy as np

from newsloom.stories.profile import (
    FEATURES,
    ArticleProfile,
    build_profile,
    pair_feature_rows,
    pair_features,
    pair_probability,
    published_apart,
    shortness,
)

# An invented daily notice of a central bank's money-market operation, as a wire runs it each
# morning: the same sentences, a different sum.
NOTICE = (
    "The Central Bank of Norland added {sum} billion crowns to the money market on {day} "
    "through overnight repurchase agreements, a bank spokesman said. Dealers had expected the "
    "bank to add reserves after tax payments drained the banking system."
)
VECTOR = np.ones(8, dtype=np.float32) / np.sqrt(8)


def _notice(total: str, day: str, published: date | None) -> ArticleProfile:
    text = NOTICE.format(sum=total, day=day)
    return build_profile(
        title="NORLAND CENTRAL BANK ADDS RESERVES",
        text=text,
        sentence_ends=[text.index(".") + 1, len(text)],
        entities=[("Central Bank of Norland", "ORG", 4)],
        timex_values=[],
        vector=VECTOR,
        published=published,
    )


MONDAY = _notice("1.5", "Monday", date(1987, 3, 2))
MONDAY_REPEAT = _notice("1.5", "Monday", date(1987, 3, 2))
TUESDAY = _notice("2.0", "Tuesday", date(1987, 3, 3))
UNDATED = _notice("2.0", "Tuesday", None)


def _feature(a: ArticleProfile, b: ArticleProfile) -> float:
    return float(dict(zip(FEATURES, pair_features(a, b), strict=True))["published_apart"])


def test_only_two_dated_reports_of_different_days_are_apart() -> None:
    assert published_apart(MONDAY, TUESDAY) == published_apart(TUESDAY, MONDAY) == 1.0
    assert published_apart(MONDAY, MONDAY_REPEAT) == 0.0
    # An undated report is not apart from anything: its day is unknown, not different.
    assert published_apart(MONDAY, UNDATED) == published_apart(UNDATED, TUESDAY) == 0.0
    assert _feature(MONDAY, TUESDAY) == 1.0 and _feature(MONDAY, UNDATED) == 0.0


def test_the_batched_rows_carry_the_feature_as_the_single_pairs_do() -> None:
    rows = pair_feature_rows(MONDAY, [MONDAY_REPEAT, TUESDAY, UNDATED])
    column = FEATURES.index("published_apart")
    assert rows[:, column].tolist() == [0.0, 1.0, 0.0]


def _headline(text: str, published: date | None) -> ArticleProfile:
    return build_profile(
        title=text,
        text=text,
        sentence_ends=[len(text)],
        entities=[],
        timex_values=[],
        vector=VECTOR,
        published=published,
    )


def _odds(p: float) -> float:
    return p / (1.0 - p)


def test_a_day_apart_weighs_against_two_headlines_and_not_against_two_reports() -> None:
    # Two headlines of a daily series, a day apart, then with the day unknown: the short-text
    # model reads another day as another story.
    first = _headline("Norland central bank adds reserves", date(1987, 3, 2))
    second = _headline("Norland central bank adds reserves again", date(1987, 3, 3))
    undated = _headline("Norland central bank adds reserves again", None)
    assert shortness(first) == shortness(second) == 1.0
    # Identical wording keeps even the dated pair likely; the day divides its odds many times.
    assert _odds(pair_probability(first, undated)) > 20 * _odds(pair_probability(first, second))
    # Full reports are left to the report model, which does not weigh the day: a developing
    # story's reports run over several days.
    assert shortness(MONDAY) == 0.0
    assert pair_probability(MONDAY, TUESDAY) == pair_probability(MONDAY, UNDATED)
