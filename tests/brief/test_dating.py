"""An undated report inside a dated story is placed by an estimate, marked as one, never as if
it were the oldest or the newest report (first-use defect: a "missing" count ran 3 → 9
because an undated later report was taken for the first)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.brief.dating import STORY_ESTIMATE, estimate_in_story
from newsloom.brief.render import to_markdown
from newsloom.brief.report import build_brief
from newsloom.cli.app import app
from newsloom.data import demo_folder
from newsloom.ingest.pipeline import ingest_items, ingest_paths
from newsloom.model import Article
from newsloom.store.sqlite import Store
from newsloom.store.stories import list_stories

# Three reports of one earthquake, written for this test: two dated, the last undated; its
# text names only weekdays ("on Friday", "Tuesday's earthquake").
WIRE = """An earthquake of magnitude 6.0 struck Erzincan province in eastern Turkey on Tuesday, \
killing 12 people and injuring dozens, the disaster agency AFAD said.

Nine people are missing in the town of Kemah, where several buildings collapsed, AFAD said in a \
statement.

Rescue teams from neighbouring provinces were sent to Kemah overnight, Interior Minister Ali \
Yerlikaya said."""
COURIER = """The death toll from Tuesday's magnitude 6.0 earthquake in Erzincan province has \
risen to 20, Turkey's disaster agency AFAD said on Wednesday.

Six people are still missing in the town of Kemah, where rescuers worked through the night in \
the rubble of collapsed buildings, AFAD said.

Interior Minister Ali Yerlikaya said rescue teams from neighbouring provinces had reached Kemah."""
LANTERN = """Rescuers in the eastern Turkish town of Kemah ended their search on Friday after \
pulling the last survivors from the rubble of Tuesday's magnitude 6.0 earthquake in Erzincan \
province.

The death toll has risen to 31, the disaster agency AFAD said on Friday. Three people are still \
missing in Kemah, AFAD said.

Interior Minister Ali Yerlikaya thanked rescue teams from neighbouring provinces."""
WINDOW = (date(2025, 3, 11), date(2025, 3, 12))  # Tuesday and Wednesday


def _articles(lantern_first: bool = False) -> list[Article]:
    wire = Article(
        WIRE, "wire.txt", "Quake in eastern Turkey kills 12", "Wire", None, "2025-03-11T08:00:00Z"
    )
    courier = Article(
        COURIER, "courier.txt", "Turkey quake toll rises to 20", "Courier", None, "2025-03-12"
    )
    lantern = Article(LANTERN, "lantern.txt", "Kemah rescue ends", "Lantern")
    return [lantern, wire, courier] if lantern_first else [wire, courier, lantern]


def test_estimate_in_story_fits_the_weekdays_near_the_dated_reports() -> None:
    # "on Friday" (said twice) and "Tuesday's": the Friday after the dated Tuesday/Wednesday.
    assert estimate_in_story(LANTERN, WINDOW) == date(2025, 3, 14)
    # A weekday still to come ("will resume on Monday") puts the report on a day before one:
    # the Sunday nearest the dated reports (two days before them, not four after).
    assert estimate_in_story("Talks will resume on Monday, officials said.", WINDOW) == date(
        2025, 3, 9
    )


def test_estimate_in_story_needs_a_day_or_weekday() -> None:
    text = "Officials say construction would not begin before 2027, and talks are due next week."
    assert estimate_in_story(text, WINDOW) is None


@pytest.mark.parametrize("lantern_first", [False, True])
def test_undated_report_is_placed_by_its_estimate(  # type: ignore[no-untyped-def]
    tmp_path: Path, analyzer, lantern_first: bool
) -> None:
    db = tmp_path / "quake.db"
    ingest_items(_articles(lantern_first), db, analyzer=analyzer)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        brief = build_brief(store, story.id, analyzer.embedder)
    lantern = next(a for a in brief.articles if a.outlet == "Lantern")
    # never given a date: estimated from its weekdays near the story's dates, marked as such
    assert lantern.published is None
    assert (lantern.published_estimate, lantern.estimate_basis) == ("2025-03-14", STORY_ESTIMATE)
    changes = {u.change for u in brief.updates}
    # the counts of the missing follow the reports' order, the undated one last (by estimate)
    assert "9 → 6 (missing (people))" in changes
    assert "6 → 3 (missing (people))" in changes
    assert not any(c.startswith(("3 → ", "6 → 9")) for c in changes)
    later = [u for u in brief.updates if u.later_outlets == ("Lantern",)]
    assert later and all(u.when is None and u.when_estimate == "2025-03-14" for u in later)
    coverage = {c.outlet: c for c in brief.coverage}
    assert coverage["Lantern"].first_report is None
    assert coverage["Lantern"].first_report_estimate == "2025-03-14"
    assert coverage["Courier"].first_report == "2025-03-12"
    # the story's own dates stay those the reports give
    assert (brief.first or "")[:10] == "2025-03-11" and (brief.last or "")[:10] == "2025-03-12"
    markdown = to_markdown(brief)
    assert "~2025-03-14 (estimated)" in markdown
    assert "later report ~2025-03-14, estimated" in markdown


def test_undated_report_without_any_day_is_listed_as_undated(  # type: ignore[no-untyped-def]
    tmp_path: Path, analyzer
) -> None:
    undated = Article(
        "Rescuers in Kemah said the search for survivors of the Erzincan earthquake had ended. "
        "Three people are still missing, the disaster agency AFAD said.",
        "undated.txt",
        "Search ends in Kemah",
        "Lantern",
    )
    db = tmp_path / "quake.db"
    ingest_items([*_articles()[:2], undated], db, analyzer=analyzer)
    with Store(db, readonly=True) as store:
        (story,) = [s for s in list_stories(store) if s.articles == 3]
        brief = build_brief(store, story.id, analyzer.embedder)
    entry = next(a for a in brief.articles if a.outlet == "Lantern")
    assert (entry.published, entry.published_estimate, entry.estimate_basis) == (None, None, None)
    # with nothing to order it by, no update runs from or to it on the strength of order
    assert not any("Lantern" in u.earlier_outlets + u.later_outlets for u in brief.updates)
    assert "undated" in to_markdown(brief)


def test_demo_undated_report_in_a_dated_story(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    """The demo's undated Maule analysis ("struck near Curicó on Sunday") is placed on the
    Sunday of its story's dated reports, marked as an estimate; the story keeps its dates."""
    folder = demo_folder() / "copperline-review"
    wire = demo_folder() / "northwind-wire"
    paths = [folder / "maule-quake-wine-cellars.txt"]
    paths += sorted(wire.glob("*chile*.txt"))
    db = tmp_path / "demo.db"
    ingest_paths(paths, db, analyzer=analyzer)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        brief = build_brief(store, story.id, analyzer.embedder)
    undated = next(a for a in brief.articles if a.outlet == "Copperline Review")
    assert undated.published is None and undated.estimate_basis == STORY_ESTIMATE
    assert undated.published_estimate == (brief.first or "")[:10]


def test_story_list_shows_estimates_of_undated_stories(  # type: ignore[no-untyped-def]
    tmp_path: Path, seeds_dir: Path, analyzer
) -> None:
    db = tmp_path / "seeds.db"
    ingest_paths([seeds_dir], db, analyzer=analyzer)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        brief = build_brief(store, story.id, analyzer.embedder)
    # the list says what the brief's header says, and never as a date given
    assert (story.first, story.last) == (None, None)
    assert brief.span() == f"~{story.first_estimate} (estimated)"
    assert story.span_text("first") == f"~{story.first_estimate}"
    runner = CliRunner()
    listed = json.loads(runner.invoke(app, ["stories", "--db", str(db), "--json"]).output)
    assert listed[0]["first"] is None and listed[0]["first_estimate"] == story.first_estimate
    table = runner.invoke(app, ["stories", "--db", str(db)], env={"COLUMNS": "200"}).output
    assert f"~{story.first_estimate}" in table
