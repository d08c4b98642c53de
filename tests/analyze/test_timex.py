"""Time expressions found and normalised TIMEX3-style against the publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from timex_checks import PUB, typed, values

from newsloom.analyze.timex import find_timexes, parse_published

# --- the seed reports (DCT 2024-04-21) ---------------------------------------------------


def test_seed_visit_on_monday_is_the_coming_monday(seeds_dir: Path) -> None:
    text = (seeds_dir / "000_57041a99e59c577c.txt").read_text(encoding="utf-8")
    found = {(t.text, t.value) for t in find_timexes(text, PUB)}
    assert ("Monday", "2024-04-22") in found  # "is set to visit Islamabad on Monday"
    assert ("January", "2024-01") in found  # "missile strikes in January", told in the past tense
    assert ("2013", "2013") in found  # "initiated in 2013"
    assert ("this year", "2024") in found


def test_seed_confirmed_on_sunday_and_the_visit_range(seeds_dir: Path) -> None:
    text = (seeds_dir / "003_16bc9fc2a5d0ae0a.txt").read_text(encoding="utf-8")
    found = {t.text: t for t in find_timexes(text, PUB)}
    assert found["Sunday"].value == "2024-04-21"  # "confirmed on Sunday": that very day
    visit = found["April 22nd to 24th"]
    assert (visit.value, visit.range_begin, visit.range_end) == (
        "2024-04-22",
        "2024-04-22",
        "2024-04-24",
    )
    assert found["February 2024"].value == "2024-02"
    assert found["January 2024"].value == "2024-01"
    for t in found.values():
        assert text[t.start : t.end] == t.text


# --- weekdays and days ------------------------------------------------------------------


def test_future_weekday_is_the_coming_one() -> None:
    assert values("Raisi is set to visit Lahore on Monday.") == [("Monday", "2024-04-22")]
    assert values("The court will rule on Thursday.") == [("Thursday", "2024-04-25")]


def test_past_weekday_is_the_last_one_or_same_day() -> None:
    assert values("The ministry confirmed on Sunday that the trip would go ahead.") == [
        ("Sunday", "2024-04-21")
    ]
    assert values("Police said on Friday that two men were held.") == [("Friday", "2024-04-19")]
    assert values("Talks collapsed last Tuesday.") == [("last Tuesday", "2024-04-16")]


def test_weekday_without_tense_cue_is_the_nearer_one() -> None:
    # Published on a Friday, a bare "Monday" is three days ahead rather than four back.
    assert values("Her first stop Monday morning, then Karachi.", date(2024, 4, 19)) == [
        ("Monday morning", "2024-04-22")
    ]


def test_today_yesterday_tomorrow_tonight() -> None:
    assert typed("Prices rose yesterday and today; the vote is tomorrow, results tonight.") == [
        ("yesterday", "DATE", "2024-04-20"),
        ("today", "DATE", "2024-04-21"),
        ("tomorrow", "DATE", "2024-04-22"),
        ("tonight", "TIME", "2024-04-21TNI"),
    ]


# --- calendar dates ---------------------------------------------------------------------


def test_full_dates_in_common_formats() -> None:
    text = "Officials met on 22 April 2024, on 2024-04-19, on 4/15/2024 and on Aug. 7, 1998."
    assert values(text) == [
        ("22 April 2024", "2024-04-22"),
        ("2024-04-19", "2024-04-19"),
        ("4/15/2024", "2024-04-15"),
        ("Aug. 7, 1998", "1998-08-07"),
    ]


def test_month_day_range_and_year_inference() -> None:
    found = find_timexes("He will visit from April 22nd to 24th.", PUB)
    assert [(t.text, t.value, t.range_begin, t.range_end) for t in found] == [
        ("April 22nd to 24th", "2024-04-22", "2024-04-22", "2024-04-24")
    ]
    assert values("It closed on December 30.", date(2025, 1, 2)) == [("December 30", "2024-12-30")]
    # A payment date that would lie most of a year back is this year's, whatever the verbs say.
    assert values("The board declared a dividend, payable Dec. 1.", date(1989, 10, 27)) == [
        ("Dec. 1", "1989-12-01")
    ]


def test_range_over_two_months_is_two_timexes_with_the_range_on_the_first() -> None:
    found = find_timexes("The offer ran from Aug. 26 to Oct. 20.", date(1989, 10, 30))
    assert [(t.text, t.value, t.range_begin, t.range_end) for t in found] == [
        ("Aug. 26", "1989-08-26", "1989-08-26", "1989-10-20"),
        ("Oct. 20", "1989-10-20", None, None),
    ]


def test_months_follow_the_tense() -> None:
    assert values("The strikes in January killed nine people.") == [("January", "2024-01")]
    assert values("The committee will meet in January.") == [("January", "2025-01")]
    assert values("Turnout was low in January 2024 and February 2024.") == [
        ("January 2024", "2024-01"),
        ("February 2024", "2024-02"),
    ]
    assert values("Prices peaked last February.", date(1998, 3, 1)) == [
        ("last February", "1997-02")
    ]


def test_years_decades_centuries() -> None:
    text = (
        "The pipeline dates from 2013; the treaty from the 1990s; the fort from the 18th century."
    )
    assert values(text) == [("2013", "2013"), ("the 1990s", "199"), ("the 18th century", "17")]
    assert values("Unemployment rose over 2019-21.") == [("2019-21", "2019")]


def test_counts_and_impossible_dates_are_not_dates() -> None:
    assert values("About 1500 people gathered on February 30.") == []
    assert values("The fund grew 2000% and paid $1990 in fees.") == []


def test_may_as_a_name_or_verb_is_not_a_month() -> None:
    assert values("Theresa May said prices may rise. Protesters will march in May.") == [
        ("May", "2024-05")
    ]


# --- relative expressions ---------------------------------------------------------------


def test_this_last_next_units() -> None:
    text = (
        "Exports rose this year and fell last year; the plant reopens next month, and sales fell "
        "last week."
    )
    assert values(text) == [
        ("this year", "2024"),
        ("last year", "2023"),
        ("next month", "2024-05"),
        ("last week", "2024-W15"),
    ]


def test_ago_and_later() -> None:
    text = "The strike began three weeks ago; talks on March 3 failed and two days earlier stalled."
    assert values(text) == [
        ("three weeks ago", "2024-W13"),
        ("March 3", "2024-03-03"),
        ("two days earlier", "2024-03-01"),
    ]
    # "Later" is a signal outside the span, as TimeBank has it: the timex is the stretch of time.
    assert typed("Talks failed on March 3 and resumed two days later.") == [
        ("March 3", "DATE", "2024-03-03"),
        ("two days", "DURATION", "P2D"),
    ]
    assert values("Ten years ago the mine closed.") == [("Ten years ago", "2014")]


def test_quarters_halves_and_seasons() -> None:
    text = (
        "Third-quarter profit beat the first quarter of 2023, Q1 2024 and the first half of 2023."
    )
    assert values(text) == [
        ("Third-quarter", "2023-Q3"),
        ("the first quarter of 2023", "2023-Q1"),
        ("Q1 2024", "2024-Q1"),
        ("the first half of 2023", "2023-H1"),
    ]
    assert values("The ceasefire has held since last summer.") == [("last summer", "2023-SU")]
    assert values(
        "Results improved in the quarter, up from a year earlier.", date(1989, 10, 26)
    ) == [
        ("the quarter", "1989-Q3"),
        ("a year earlier", "1988-Q3"),
    ]


def test_references_to_present_past_and_future() -> None:
    assert typed("Shares are now cheaper than they were recently; the future looks bright.") == [
        ("now", "DATE", "PRESENT_REF"),
        ("recently", "DATE", "PAST_REF"),
        ("the future", "DATE", "FUTURE_REF"),
    ]


def test_durations_and_sets() -> None:
    text = (
        "The firm lost money for the past three years; the strike lasted 5 1/2 hours and it "
        "reports every week."
    )
    assert typed(text) == [
        ("the past three years", "DURATION", "P3Y"),
        ("5 1/2 hours", "DURATION", "PT5H30M"),
        ("every week", "SET", "P1W"),
    ]
    assert typed("A 10-year bond, a 52-year-old man, and daily briefings.") == [
        ("10-year", "DURATION", "P10Y"),
        ("daily", "SET", "P1D"),
    ]


def test_clock_times_take_their_day() -> None:
    assert typed("The talks resume at 3 p.m. on Tuesday.") == [
        ("3 p.m. on Tuesday", "TIME", "2024-04-23T15:00")
    ]
    assert typed("Polls closed at 8 p.m. Sunday.") == [
        ("8 p.m. Sunday", "TIME", "2024-04-21T20:00")
    ]


def test_holidays() -> None:
    assert values("Last Thanksgiving was quiet.") == [("Last Thanksgiving", "2023-11-23")]
    assert values("Shops will close on Christmas Day.") == [("Christmas Day", "2024-12-25")]


# --- offsets and unknown publication dates ----------------------------------------------


def test_offsets_point_at_the_text() -> None:
    text = "Elections were held on 8 February 2024 and, two weeks later, results came on Friday."
    found = find_timexes(text, PUB)
    assert [t.text for t in found] == ["8 February 2024", "two weeks", "Friday"]
    for t in found:
        assert text[t.start : t.end] == t.text


def test_unknown_publication_date_leaves_what_it_cannot_know_open() -> None:
    assert values("The summit opens on May 14 and closes on Friday; last year was calm.", None) == [
        ("May 14", "XXXX-05-14"),
        ("Friday", "XXXX-WXX-5"),
        ("last year", "XXXX"),
    ]


def test_parse_published() -> None:
    assert parse_published("2024-04-21T09:30:00Z") == PUB
    assert parse_published("not a date") is None
    assert parse_published(None) is None


@pytest.mark.parametrize("text", ["", "No dates at all here.", "It cost 2,013 dollars."])
def test_text_without_time_expressions(text: str) -> None:
    assert find_timexes(text, PUB) == []
