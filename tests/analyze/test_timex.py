"""Explicit dates and weekdays resolved against the publication date."""

from __future__ import annotations

from datetime import date

from newsloom.analyze.timex import find_timexes, parse_published

PUB = date(2024, 4, 21)  # a Sunday


def values(text: str, published: date | None = PUB) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in find_timexes(text, published)]


def test_future_weekday_is_the_coming_one() -> None:
    assert values("Raisi is set to visit Islamabad on Monday.") == [("on Monday", "2024-04-22")]


def test_past_weekday_is_the_last_one_or_same_day() -> None:
    assert values("The ministry confirmed on Sunday that the trip would go ahead.") == [("on Sunday", "2024-04-21")]
    assert values("Police said on Friday that two men were held.") == [("on Friday", "2024-04-19")]


def test_month_day_range_and_year_inference() -> None:
    found = values("He will visit from April 22nd to 24th.")
    assert found == [("April 22nd to 24th", "2024-04-22")]
    assert values("It closed on December 30.", date(2025, 1, 2)) == [("December 30", "2024-12-30")]


def test_full_dates_month_years_and_bare_years() -> None:
    text = "Talks began on 3 March 2023, stalled in January 2024 and the pipeline dates from 2013."
    assert values(text) == [("3 March 2023", "2023-03-03"), ("January 2024", "2024-01"), ("2013", "2013")]


def test_offsets_point_at_the_text() -> None:
    text = "Elections were held on 8 February 2024 across the country."
    (t,) = find_timexes(text, PUB)
    assert text[t.start : t.end] == t.text == "8 February 2024"


def test_unknown_publication_date_leaves_year_open() -> None:
    assert values("The summit opens on May 14.", None) == [("May 14", "XXXX-05-14")]


def test_impossible_dates_and_counts_are_not_dates() -> None:
    assert values("About 1500 people gathered on February 30.") == []


def test_parse_published() -> None:
    assert parse_published("2024-04-21T09:30:00Z") == PUB
    assert parse_published("not a date") is None
