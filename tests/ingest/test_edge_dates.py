"""Publication dates at the calendar's edge: kept; date arithmetic past them gives no value."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsloom.analyze.timex import find_timexes
from newsloom.analyze.timex.calendar import add_days
from newsloom.analyze.timex.estimate import Evidence, candidate_days
from newsloom.ingest.sources import read_paths
from newsloom.model import Article

TEXT = (
    "Officials met yesterday and will meet again tomorrow. On Monday they met; next Friday "
    "too. The day after Monday they left. Last week, next week and next year were named. "
    "At 5 p.m. today they spoke."
)
EDGES = [date(9999, 12, 31), date(9999, 12, 27), date(1, 1, 1), date(1, 1, 3)]


@pytest.mark.parametrize("published", EDGES, ids=str)
def test_timexes_against_edge_dates_do_not_raise(published: date) -> None:
    found = find_timexes(TEXT, published)
    assert found
    # "today" is the creation day itself, which the calendar holds.
    today = {t.text: t.value for t in find_timexes("It happened today.", published)}
    assert today["today"] == published.isoformat()
    # Nothing past the calendar is written: every day value parses as a date.
    for timex in found:
        if len(timex.value) >= 10 and timex.value[4] == "-" and timex.value[7] == "-":
            date.fromisoformat(timex.value[:10])


def test_day_offset_off_the_calendar_has_no_value() -> None:
    found = {t.text: t.value for t in find_timexes("It ends tomorrow.", date(9999, 12, 31))}
    assert "tomorrow" not in found
    found = {t.text: t.value for t in find_timexes("It began yesterday.", date(1, 1, 1))}
    assert "yesterday" not in found


def test_add_days_gives_none_off_the_calendar() -> None:
    assert add_days(date(9999, 12, 31), 1) is None
    assert add_days(date(1, 1, 1), -1) is None
    assert add_days(date(2024, 4, 21), 1) == date(2024, 4, 22)


@pytest.mark.parametrize("year", [1, 9999])
def test_candidate_days_stay_in_the_calendar(year: int) -> None:
    evidence = Evidence()
    evidence.years.append(year)
    days = candidate_days(evidence)
    assert days and all(d.year in (year - 1, year, year + 1) for d in days)


def test_edge_published_dates_are_kept_from_jsonl_and_sidecars(tmp_path: Path) -> None:
    records = [
        {"id": "late", "text": "A report from the end of time.", "published": "9999-12-31"},
        {"id": "early", "text": "A report from the start of time.", "published": "0001-01-01"},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    (tmp_path / "b.txt").write_text("A plain report with a sidecar date.", "utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"published": "9999-12-31T23:59:59"}), "utf-8")
    found = list(read_paths([tmp_path]))
    articles = [a for a in found if isinstance(a, Article)]
    assert [a.published for a in articles] == ["9999-12-31", "0001-01-01", "9999-12-31T23:59:59"]
    assert len(found) == 3  # nothing reported: a date in the calendar is a date


def test_edge_dates_are_analysed_without_raising(analyzer) -> None:  # type: ignore[no-untyped-def]
    articles = [
        Article(text=TEXT, origin="late", published="9999-12-31"),
        Article(text=TEXT, origin="early", published="0001-01-01T00:00:00"),
    ]
    analyses = analyzer.pipe(articles)
    assert len(analyses) == 2
    assert all(a.timexes for a in analyses)
