"""TimeML conventions for spans, tense and anchors that the timex rules follow (docs/timex.md)."""

from __future__ import annotations

from datetime import date

from timex_checks import typed, values

RESULTS_DAY = date(1989, 10, 26)  # a Thursday in a quarterly-results season


# --- tense ------------------------------------------------------------------------------


def test_an_intention_to_act_looks_ahead_even_when_told_in_the_past() -> None:
    # "agreed to buy ... in March": the buying is to come, whatever tense the agreeing is in.
    assert values("The bank agreed to buy the insurer in March.", RESULTS_DAY) == [
        ("March", "1990-03")
    ]
    assert values("The board decided to close the plant in January.", RESULTS_DAY) == [
        ("January", "1990-01")
    ]
    assert values("The plant closed in January.", RESULTS_DAY) == [("January", "1989-01")]
    # Only before "to": "voted for" is a vote already cast.
    assert values("The council voted for the plan on Tuesday.") == [("Tuesday", "2024-04-16")]


def test_a_trailing_attribution_does_not_set_the_tense() -> None:
    # The accession lies ahead; "an official said" only reports it.
    assert values(
        "The alliance will admit them in early March, an official said.", date(1999, 2, 10)
    ) == [("early March", "1999-03")]
    assert values("Members admit them in early March, an official said.", date(1999, 2, 10)) == [
        ("early March", "1999-03")
    ]
    # A fronted day is the saying's own: the ministry spoke last Friday about what it will do.
    assert values("On Friday, the ministry said it will reopen the border.") == [
        ("Friday", "2024-04-19")
    ]


def test_a_possessive_weekday_names_something_already_done() -> None:
    # Monday 1989-10-30: "Thursday's closing price" is last Thursday's, though next Thursday is
    # nearer.
    assert values("The premium is 24% over Thursday's closing price.", date(1989, 10, 30)) == [
        ("Thursday", "1989-10-26")
    ]
    assert values("Analysts will study Thursday's figures.", date(1989, 10, 30)) == [
        ("Thursday", "1989-11-02")
    ]


def test_a_deadline_in_a_past_perfect_clause_is_behind_the_writer() -> None:
    # Friday 1999-05-07.
    assert values("Until Thursday, they had not called him a suspect.", date(1999, 5, 7)) == [
        ("Thursday", "1999-05-06")
    ]
    assert values("The offer is open until Thursday.", date(1999, 5, 7)) == [
        ("Thursday", "1999-05-13")
    ]


# --- spans ------------------------------------------------------------------------------


def test_later_and_after_stay_outside_the_span_of_a_stretch_of_time() -> None:
    assert typed("A few days later, the company announced a loss.") == [
        ("A few days", "DURATION", "PXD")
    ]
    assert typed("The move comes a month after the airline cut flights.") == [
        ("a month", "DURATION", "P1M")
    ]
    assert typed("A service was held one year after he was killed.") == [
        ("one year", "DURATION", "P1Y")
    ]
    # "Earlier" and "ago" stay in: these are dates.
    assert values("Net rose to $5 million from $4 million a year earlier.", RESULTS_DAY) == [
        ("a year earlier", "1988")
    ]


def test_a_modifier_before_a_weekday_stays_outside_its_span() -> None:
    assert values("Earlier Friday, lawyers filed a motion.", date(2000, 1, 7)) == [
        ("Friday", "2000-01-07")
    ]
    assert values("Late Monday, officials said travel was approved.", date(2000, 4, 3)) == [
        ("Monday", "2000-04-03")
    ]
    # A month keeps it: "late November" is the span TimeBank tags.
    assert values("He was rescued in late November.", date(2000, 1, 7)) == [
        ("late November", "1999-11")
    ]


def test_a_month_with_a_spoken_year_is_one_date() -> None:
    assert values("January nineteen ninety-seven. A bomb at a clinic.", date(1998, 2, 27)) == [
        ("January nineteen ninety-seven", "1997-01")
    ]


# --- values -----------------------------------------------------------------------------


def test_an_evening_or_afternoon_keeps_its_part_of_day() -> None:
    assert typed("A woman was killed Thursday evening.", date(1998, 2, 12)) == [
        ("Thursday evening", "TIME", "1998-02-12TEV")
    ]
    assert typed("The vote is due Tuesday afternoon.") == [
        ("Tuesday afternoon", "TIME", "2024-04-23TAF")
    ]
    # A night or a morning is the day: TimeBank adds the suffix in under half of those.
    assert typed("Rebels attacked Friday night.") == [("Friday night", "DATE", "2024-04-19")]


def test_the_quarter_under_discussion_outlasts_an_aside_about_an_earlier_one() -> None:
    text = (
        "Kimberly-Clark posted a 20% gain in third-quarter net income. After a flat second "
        "quarter, the company cited consumer sales. Charges were taken in the year-earlier period."
    )
    assert values(text, date(1989, 11, 1)) == [
        ("third-quarter", "1989-Q3"),
        ("second quarter", "1989-Q2"),
        ("the year-earlier period", "1988-Q3"),
    ]


def test_last_years_quarter_is_the_year_ago_quarter() -> None:
    assert values(
        "Sales rose in the third quarter. Sales for last year's quarter were $3 million.",
        date(1989, 11, 1),
    ) == [
        ("the third quarter", "1989-Q3"),
        ("last year's quarter", "1988-Q3"),
    ]


def test_long_compounds_are_durations() -> None:
    assert typed("They emerged from a day-long meeting after a decades-long feud.") == [
        ("day-long", "DURATION", "P1D"),
        ("decades-long", "DURATION", "PXE"),
    ]


def test_one_day_after_a_modal_is_some_day_to_come() -> None:
    assert typed("Islam will one day be the second largest religion.") == [
        ("one day", "DATE", "FUTURE_REF")
    ]
    assert typed("The action followed by one day an announcement.") == [
        ("one day", "DURATION", "P1D")
    ]


# --- what is not tagged -----------------------------------------------------------------


def test_rates_are_not_stretches_of_time() -> None:
    assert values("An officer must be stationed there 24 hours a day.") == []
    assert values("Staff work eight hours per shift.") == []


def test_the_future_of_something_is_its_fate_not_a_time() -> None:
    assert values("That is important to the future of our peoples.") == []
    assert values("Investors are worried about the future.") == [("the future", "FUTURE_REF")]
