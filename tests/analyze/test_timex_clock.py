"""Clock times: a 24-hour time after "at" is no year, and a time takes the day its sentence gives.

Regressions: a timeline entry "1900 (background): convene at 1900" (a clock time read as the
year 1900); "0600 hours" read as a stretch of 600 hours; "6 pm" pinned to the publication day
when the sentence named its day after it ("at 6 pm (1500 GMT) on Friday").
"""

from __future__ import annotations

from datetime import date

import pytest

from newsloom.analyze.timex import find_timexes

PUBLISHED = date(2024, 4, 21)  # a Sunday


def _values(text: str) -> dict[str, tuple[str, str]]:
    return {t.text: (t.type, t.value) for t in find_timexes(text, PUBLISHED)}


@pytest.mark.parametrize(
    ("text", "mention", "value"),
    [
        (
            "The two delegations will convene at 1900 on Tuesday.",
            "1900 on Tuesday",
            "2024-04-23T19:00",
        ),
        ("Rescue crews resumed the search at 0630.", "0630", "2024-04-21T06:30"),
        ("Troops must withdraw by 0600 hours.", "0600 hours", "2024-04-21T06:00"),
        ("The curfew starts at 2200 local time.", "2200 local time", "2024-04-21T22:00"),
    ],
)
def test_four_digit_clock_times_are_times(text: str, mention: str, value: str) -> None:
    found = _values(text)
    assert found.get(mention) == ("TIME", value), found
    assert not any(v[1] in ("1900", "0630", "0600", "2200") for v in found.values())


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Output is back at 1985 levels.", "1985"),
        ("The mill was built in 1900.", "1900"),
        ("Emissions must halve by 2030.", "2030"),
    ],
)
def test_years_stay_years(text: str, year: str) -> None:
    assert ("DATE", year) in _values(text).values()


def test_a_count_of_hours_stays_a_duration() -> None:
    assert _values("She logged 1900 hours of flight time.")["1900 hours"][0] == "DURATION"


@pytest.mark.parametrize(
    "text",
    [
        "Voting ended at 6 pm (1500 GMT) on Friday.",
        "The ferry capsized at 6 pm East Africa time on Friday.",
        "On Friday the ferry capsized at 6 pm.",
        "The council will meet on Friday at 6 pm.",
    ],
)
def test_a_clock_time_takes_the_day_its_sentence_names(text: str) -> None:
    found = _values(text)
    friday = next(v for t, v in found.items() if "Friday" in t)[1][:10]
    assert found["6 pm"] == ("TIME", f"{friday}T18:00"), found
    assert friday != PUBLISHED.isoformat()


def test_a_reporting_day_is_not_the_time_s_day() -> None:
    found = _values("The ferry capsized at 6 pm, officials said on Friday.")
    assert found["6 pm"] == ("TIME", "2024-04-21T18:00")
