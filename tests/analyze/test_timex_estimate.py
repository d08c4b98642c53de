"""Publication dates estimated from the text when the source gives none."""

from __future__ import annotations

from pathlib import Path

from newsloom.analyze.timex import PublishedEstimate, estimate_published


def test_seed_report_is_dated_to_the_sunday_before_the_visit(seeds_dir: Path) -> None:
    # "confirmed on Sunday that ... will visit the country from April 22nd to 24th", and the
    # elections "in February 2024": the Sunday before April 22, 2024.
    text = (seeds_dir / "003_16bc9fc2a5d0ae0a.txt").read_text(encoding="utf-8")
    estimate = estimate_published(text)
    assert estimate is not None
    assert estimate.value == "2024-04-21"
    assert 0 < estimate.confidence < 0.5  # an estimate, and it says so
    assert "estimated" in estimate.basis and "2024" in estimate.basis


def test_seed_report_without_its_year_gives_no_estimate(seeds_dir: Path) -> None:
    # Only "2013" (a past project) and yearless months: nothing places the report in a year.
    text = (seeds_dir / "000_57041a99e59c577c.txt").read_text(encoding="utf-8")
    assert estimate_published(text) is None


def test_a_dated_event_and_a_later_weekday() -> None:
    text = (
        "The talks ended on Friday, March 8, 2024. Officials said on Saturday that a deal was near."
    )
    estimate = estimate_published(text)
    assert isinstance(estimate, PublishedEstimate)
    assert estimate.value == "2024-03-09"  # the day after Friday, March 8
    assert estimate.confidence > 0.05  # a named day close by and a weekday that fits


def test_future_day_bounds_the_date_from_above() -> None:
    text = (
        "Elections were held in January 2023. The new cabinet will be sworn in on Tuesday, Feb. 14."
    )
    estimate = estimate_published(text)
    assert estimate is not None
    assert "2023-02-08" <= estimate.value <= "2023-02-13"


def test_no_evidence_no_estimate() -> None:
    assert estimate_published("Nothing here names a day.") is None
    assert estimate_published("It was founded in 1990 and grew every year.") is None
