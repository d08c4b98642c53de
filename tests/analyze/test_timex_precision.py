"""Phrases the fourth round of time-expression rules reads.

See docs/timex.md, "What the fourth round changed".
"""

from __future__ import annotations

from timex_checks import values


def test_the_week_alone_leaves_the_week_open() -> None:
    assert values("For the week, the harbour index fell 2%.") == [("the week", "2024-WXX")]
    assert values("It was the week's busiest session for the ferries.") == [
        ("the week", "2024-WXX")
    ]
    assert values("For the week, the harbour index fell 2%.", None) == [("the week", "XXXX-WXX")]
    # A week the words pin down keeps its number.
    assert values("The harbour index fell 2% this week.") == [("this week", "2024-W16")]
    assert values("The vote was held last week.") == [("last week", "2024-W15")]


def test_that_day_needs_a_day_named_before_it() -> None:
    # Generic: no day has been named for "that day" to point back to.
    assert values("When a storm warning comes, the ferries stay in port that day.") == []
    assert values("The dam burst on May 2, 2023. Rescuers arrived that day.") == [
        ("May 2, 2023", "2023-05-02"),
        ("that day", "2023-05-02"),
    ]


def test_recent_as_a_modifier_is_left_untagged() -> None:
    assert values("The recent sale of the ferry line lifted its shares.") == []
    assert values("A recent survey found more cyclists.") == []
    # The adverb, the vague period and "current" are still tagged.
    assert values("The council recently sold the depot.") == [("recently", "PAST_REF")]
    assert values("Rents have doubled in recent years.") == [("recent years", "PAST_REF")]
    assert values("The current drought has emptied the reservoir.") == [("current", "PRESENT_REF")]


def test_soon_is_future_ref_when_the_clause_looks_ahead() -> None:
    assert values("The mill will soon reopen.") == [("soon", "FUTURE_REF")]
    assert values("Inspectors may soon close the bridge.") == [("soon", "FUTURE_REF")]
    assert values("The co-op expects its sales to soon double.") == [("soon", "FUTURE_REF")]
    # Told in the past, "soon" orders events rather than pointing ahead of the writer.
    assert values("The driver was soon released by the police.") == []
    # "As soon as" and "soon after" are signals, not times.
    assert values("He left as soon as the rain stopped.") == []
    assert values("The ferry sank soon after the crossing began.") == []


def test_decades_ago_counts_back_in_years() -> None:
    assert values("The canal was dug a decade ago.") == [("a decade ago", "2014")]
    assert values("The mine closed two decades ago.") == [("two decades ago", "2004")]


def test_vague_units_joined_by_or_are_one_timex() -> None:
    assert values("The repairs may take weeks or months.") == [("weeks or months", "PXW")]
    assert values("Prices have risen in recent weeks and months.") == [
        ("recent weeks and months", "PXW")
    ]
