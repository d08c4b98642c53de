"""Phrases the third round of time-expression rules reads.

See docs/timex.md, "What the third round changed".
"""

from __future__ import annotations

from datetime import date

from timex_checks import PUB, values

from newsloom.analyze.timex import find_timexes


def test_and_a_half_after_the_unit_is_part_of_the_amount() -> None:
    assert values("The ferry crossing takes an hour and a half.") == [
        ("an hour and a half", "PT1H30M")
    ]
    assert values("She kept the shop for a year and a half.") == [("a year and a half", "P1Y6M")]
    assert values("A minute and a half later, the alarm rang.") == [
        ("A minute and a half", "PT1M30S")
    ]
    # With a plural unit the half is left out rather than guessed at.
    assert values("The works lasted two years and a half.") == [("two years", "P2Y")]


def test_that_same_day_leans_on_the_last_day_named() -> None:
    assert values(
        "The ballots were counted on March 3, 2023. The mayor resigned that same day."
    ) == [
        ("March 3, 2023", "2023-03-03"),
        ("that same day", "2023-03-03"),
    ]


def test_the_day_before_a_named_day_is_one_date() -> None:
    assert values("The day before last Tuesday's vote, the council met.") == [
        ("The day before last Tuesday", "2024-04-15")
    ]
    assert values("The bridge reopens the day after May 3.") == [
        ("the day after May 3", "2024-05-04")
    ]
    # Before an event rather than a day, "the day" stays the timex on its own.
    assert values("He flew home the day before the vote.") == [("the day", "2024-04-21")]


def test_the_week_of_a_day_is_that_days_week() -> None:
    assert values("A hearing is planned for the week of May 6.") == [
        ("the week of May 6", "2024-W19")
    ]
    assert values("A hearing is planned for the week of May 6.", None) == [
        ("the week of May 6", "XXXX-WXX")
    ]


def test_two_days_joined_by_and_are_two_dates() -> None:
    assert values("The summit meets on June 24 and 25 in Madrid.") == [
        ("June 24", "2024-06-24"),
        ("25", "2024-06-25"),
    ]
    assert values("Talks were held on June 3 and 4, 2023.") == [
        ("June 3", "2023-06-03"),
        ("4, 2023", "2023-06-04"),
    ]
    # A count after the date is not a second day.
    assert values("On May 4 and 25 others were hurt.") == [("May 4", "2024-05-04")]


def test_a_year_after_pre_or_post_is_that_year() -> None:
    assert values("The post-2008 rules tightened lending.") == [("post-2008", "2008")]
    assert values("Output is back at pre-1990 levels.") == [("pre-1990", "1990")]


def test_the_quarter_ended_on_a_day_is_the_calendar_quarter_holding_most_of_it() -> None:
    autumn = date(1989, 10, 30)
    assert values("In the quarter ended July 31, the retailer lost money.", autumn) == [
        ("the quarter", "1989-Q2"),
        ("July 31", "1989-07-31"),
    ]
    # A quarter already under discussion keeps its name: fiscal quarters are not calendar ones.
    assert values(
        "Its fiscal first quarter was weak. For the quarter ended Sept. 30, it lost $2 million.",
        autumn,
    ) == [
        ("fiscal first quarter", "1989-Q1"),
        ("the quarter", "1989-Q1"),
        ("Sept. 30", "1989-09-30"),
    ]


def test_fiscal_years_shift_like_years() -> None:
    autumn = date(1989, 10, 30)
    assert values("Sales fell last fiscal year.", autumn) == [("last fiscal year", "1988")]
    assert values("Sales rose in the latest fiscal year.", autumn) == [
        ("the latest fiscal year", "1988")
    ]
    assert values("It expects a profit in the current fiscal year.", autumn) == [
        ("the current fiscal year", "1989")
    ]


def test_a_year_earlier_than_a_named_day_is_that_day_a_year_back() -> None:
    autumn = date(1989, 10, 26)
    assert values(
        "For the six months ended Aug. 12, profit rose to $4 million from $3 million a year "
        "earlier.",
        autumn,
    ) == [
        ("the six months", "P6M"),
        ("Aug. 12", "1989-08-12"),
        ("a year earlier", "1988-08-12"),
    ]
    # "The following year" names a calendar year, not a day moved.
    assert values("The plant opened on May 22, 1995, and closed the following year.") == [
        ("May 22, 1995", "1995-05-22"),
        ("the following year", "1996"),
    ]


def test_the_year_quarter_is_a_quarter_even_before_one_is_named() -> None:
    assert values("The chain earned $2 million in the 1988 quarter.", date(1989, 10, 30)) == [
        ("the 1988 quarter", "1988-Q3")
    ]


def test_a_part_of_day_as_an_adverbial_belongs_to_the_last_day_named() -> None:
    assert [
        (t.text, t.type, t.value)
        for t in find_timexes("By mid-afternoon, the roads had reopened.", PUB)
    ] == [("mid-afternoon", "TIME", "2024-04-21TAF")]
    assert values("Traders sold on Friday. Buyers came back in the morning.") == [
        ("Friday", "2024-04-19"),
        ("the morning", "2024-04-19TMO"),
    ]
    # Not a time adverbial: left alone.
    assert values("She reads the morning papers.") == []
    assert values("The evening was quiet.") == []
