"""Phrases the fifth round of time-expression rules reads.

See docs/timex.md, "What the fifth round changed". Every sentence here is invented for the test;
none comes from the evaluation data.
"""

from __future__ import annotations

from datetime import date

from timex_checks import values

from newsloom.analyze.timex.tense import FUTURE, PAST, clause_tense

AUTUMN = date(2023, 11, 2)  # a Thursday, when third-quarter and fiscal results come out


def tense_of(text: str, phrase: str) -> str | None:
    start = text.index(phrase)
    return clause_tense(text, start, start + len(phrase))


# --- quarters and periods in results stories ---------------------------------------------


def test_the_quarter_stays_the_one_under_discussion_after_a_month() -> None:
    text = (
        "Ferrowind earned $4 million in the fiscal first quarter. Earlier this month, it warned "
        "that margins would narrow in the quarter."
    )
    assert values(text, AUTUMN) == [
        ("the fiscal first quarter", "2023-Q1"),
        ("Earlier this month", "2023-11"),
        ("the quarter", "2023-Q1"),
    ]


def test_a_day_a_period_ended_on_is_the_last_such_day() -> None:
    # Past tense reaches only 240 days; a period that "ended" is over, however far back.
    assert values(
        "In the fiscal year ended Feb. 28, the chain sold $9 million of goods.", AUTUMN
    ) == [
        ("the fiscal year", "P1Y"),
        ("Feb. 28", "2023-02-28"),
    ]
    # Even a few days ahead of the creation time: it cannot have ended yet this year.
    assert values("In the second quarter ended Nov. 30, the mill lost $2 million.", AUTUMN) == [
        ("the second quarter", "2022-Q2"),
        ("Nov. 30", "2022-11-30"),
    ]


def test_that_quarter_points_back_to_the_last_quarter_named() -> None:
    text = (
        "In the second quarter ended Nov. 30, the mill lost $2 million. Sales in that quarter fell."
    )
    assert values(text, AUTUMN)[-1] == ("that quarter", "2022-Q2")


def test_a_fiscal_quarter_is_never_an_aside() -> None:
    # A story about third-quarter results turns to another company's fiscal second quarter:
    # that quarter, not the calendar third, is the one "the latest period" then means.
    text = (
        "Mills reported weaker third-quarter results. Separately, Grainco said it earned $8 "
        "million in its fiscal second quarter. The latest period also held a one-time gain."
    )
    assert values(text, AUTUMN)[-1] == ("The latest period", "2023-Q2")


def test_a_fiscal_quarter_reported_in_the_past_is_the_latest_period() -> None:
    # Results for a fiscal fourth quarter are out in November: "the latest period" is that quarter.
    text = (
        "Petco Foods said its fourth-quarter profit slipped. Revenue for the latest period rose 3%."
    )
    assert values(text, AUTUMN) == [("fourth-quarter", "2023-Q4"), ("the latest period", "2023-Q4")]
    # Forecast rather than reported, the latest period is the last quarter to have ended.
    text = (
        "Petco Foods expects its fourth-quarter profit to slip. Revenue for the latest period rose "
        "3%."
    )
    assert values(text, AUTUMN)[-1] == ("the latest period", "2023-Q3")


def test_an_ordinal_that_shares_the_quarter_after_it() -> None:
    assert values("The resort does most of its trade in the first and third quarters.", AUTUMN) == [
        ("first", "XXXX-Q1"),
        ("third quarters", "XXXX-Q3"),
    ]


def test_the_first_two_quarters_are_a_half() -> None:
    assert values("Losses should last through the first two quarters of 2024.", AUTUMN) == [
        ("the first two quarters of 2024", "2024-H1"),
    ]


def test_a_vague_number_of_quarters_is_time_not_a_share() -> None:
    assert values("The bakery grew again after several quarters of falling sales.", AUTUMN) == [
        ("several quarters", "PXQ"),
    ]
    # A counted fraction is a share, and bare "quarters" are rooms.
    assert values("The town imports three quarters of its grain.", AUTUMN) == []
    assert values("Inspectors searched the guards' quarters.", AUTUMN) == []
    assert values("Freight firms are wary of coming quarters.", AUTUMN) == [
        ("coming quarters", "FUTURE_REF")
    ]


def test_the_fiscal_year_names_the_current_one_unless_it_is_a_stretch() -> None:
    assert values("The strike will hurt profit for the fiscal year.", AUTUMN) == [
        ("the fiscal year", "2023")
    ]
    assert values("Orders should stay strong throughout the fiscal year.", AUTUMN) == [
        ("the fiscal year", "P1Y")
    ]


# --- tense ----------------------------------------------------------------------------------


def test_a_past_auxiliary_takes_the_tense_of_the_plan_after_it() -> None:
    text = "Cyclists rallied on Saturday and were planning to ride again on Monday."
    assert tense_of(text, "Monday") == FUTURE
    text = "Fans planned a parade on Saturday and were planning to gather again afterwards."
    assert tense_of(text, "Saturday") == FUTURE


def test_an_ed_word_after_a_determiner_is_an_adjective() -> None:
    assert tense_of("The bonus will arrive on a newly revised date in July.", "July") == FUTURE
    assert tense_of("The proposed merger in July needs a vote.", "July") is None
    assert tense_of("The board proposed a merger in July.", "July") == PAST


def test_a_stretch_of_this_year_up_to_a_month_is_past() -> None:
    # Said in November: "through July" ends a stretch already behind, not next August.
    assert values("Ticket sales this year through July were flat.", AUTUMN) == [
        ("this year", "2023"),
        ("July", "2023-07"),
    ]


def test_a_modal_reaches_over_its_auxiliaries() -> None:
    assert tense_of("The notes would be repaid in March.", "March") == FUTURE


# --- days, weeks and their anchors ----------------------------------------------------------


def test_the_day_after_an_event_is_a_day_from_the_last_day_named() -> None:
    text = "The bridge closed on March 3. Traffic jammed the roads the day after the closure."
    assert values(text) == [("March 3", "2024-03-03"), ("the day", "2024-03-04")]
    # Set off by a comma, it restates the day just named.
    assert values("The polls were calm on Sept. 12, the day before the vote.", AUTUMN) == [
        ("Sept. 12", "2023-09-12"),
        ("the day", "2023-09-12"),
    ]


def test_today_is_the_nth_day_of_something() -> None:
    assert values("It's the third day of the strike at the port.") == [
        ("the third day", "2024-04-21")
    ]
    assert values("Today is the ninth day of the siege.") == [
        ("Today", "2024-04-21"),
        ("the ninth day", "2024-04-21"),
    ]
    # Without "it is" or "today is" the ordinal day is a count, not a date.
    assert values("On the third day of the trial, a witness fainted.") == []


def test_until_then_is_the_date_just_named() -> None:
    assert values("The offer expires on May 30. Until then, holders may tender.") == [
        ("May 30", "2024-05-30"),
        ("then", "2024-05-30"),
    ]
    assert values("Until then, nobody had asked.") == []
    assert values("The club opened in 1962. Since then, it has grown.") == [("1962", "1962")]


def test_a_weekday_that_shares_a_plural_is_a_set() -> None:
    assert values("The night bus runs on Friday and Saturday nights in summer.")[:2] == [
        ("Friday", "XXXX-WXX-5TNI"),
        ("Saturday nights", "XXXX-WXX-6TNI"),
    ]
    assert values("The museum opens on Saturdays and Sundays.") == [
        ("Saturdays", "XXXX-WXX-6"),
        ("Sundays", "XXXX-WXX-7"),
    ]
    # A single weekday and a plain pair stay days.
    assert values("They met on Monday and Tuesday.") == [
        ("Monday", "2024-04-15"),
        ("Tuesday", "2024-04-16"),
    ]


def test_a_holiday_week_is_the_week_that_holds_it() -> None:
    assert values("Hotels filled up during Easter week.", date(2024, 4, 2)) == [
        ("Easter week", "2024-W13")
    ]
    assert values("Shops expect crowds in Christmas week.", date(2024, 12, 2)) == [
        ("Christmas week", "2024-W52")
    ]


def test_in_a_count_of_units_is_a_date_only_when_it_looks_ahead() -> None:
    assert values("The loan will be repaid in five years.") == [("five years", "2029")]
    assert values("It was the third storm in two weeks.") == [("two weeks", "P2W")]


# --- durations and references ---------------------------------------------------------------


def test_over_the_years_is_a_vague_stretch() -> None:
    assert values("Over the years, the orchard grew.") == [("the years", "PXY")]
    assert values("In the decades that followed, the port declined.") == [("the decades", "PXE")]
    # Days and weeks "before" an event date it rather than measure it: left alone.
    assert values("Neighbours heard noises in the days before the fire.") == []


def test_a_while_and_a_long_period_are_open_durations() -> None:
    assert values("The roads will stay closed for a while.") == [("a while", "PXX")]
    assert values("The crew may remain offshore for a rather long period.") == [
        ("a rather long period", "PXX")
    ]
    assert values("Wait a while.") == []


def test_then_current_is_a_past_present() -> None:
    assert values("Tenants paid the then current rent.") == [("then current", "PAST_REF")]
    assert values("Tenants pay the current rent.") == [("current", "PRESENT_REF")]


def test_an_age_of_the_world_is_not_a_day() -> None:
    assert values("The museum speaks to today's teenagers.") == []
    assert values("Savings matter in today's economy.") == []
    assert values("Many of today's phones run on it.") == []
    assert values("I would hire the leaders of tomorrow.") == []
    # The day itself keeps its date.
    assert values("Today's vote was close.") == [("Today", "2024-04-21")]
    assert values("The council meets by the end of tomorrow.") == [("tomorrow", "2024-04-22")]


def test_idioms_and_names_that_hold_time_words() -> None:
    assert values("The showdown felt like high noon.") == []
    assert values("He founded a studio called Vega 1990, which makes films.") == []
    assert values("The early hours of Monday were quiet.") == [("Monday", "2024-04-15")]
    # A year after a month or a holiday is still a date.
    assert values("The mill closed in March 1998.") == [("March 1998", "1998-03")]


def test_an_ambiguous_month_between_the_and_a_noun() -> None:
    assert values("The May elections will decide the council.", date(2024, 2, 10)) == [
        ("May", "2024-05")
    ]
    assert values("The March was long and cold.") == []
    assert values("The March of Dimes raised funds.") == []
