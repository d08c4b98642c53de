"""Articles as users have them, with no dates: one story for the seeds, dates estimated from the
text and shown as estimates, stories repaired by `recluster` (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsloom.brief.render import to_markdown
from newsloom.brief.report import build_brief
from newsloom.cli.app import app
from newsloom.ingest.pipeline import ingest_paths
from newsloom.ingest.recluster import recluster
from newsloom.store.sqlite import Store
from newsloom.store.stories import list_stories


def _estimates(store: Store) -> dict[str, dict[str, object] | None]:
    rows = store.query("SELECT origin, published, published_estimate FROM articles")
    assert all(r["published"] is None for r in rows)  # a guess is never stored as given
    return {
        Path(r["origin"]).name[:3]: json.loads(r["published_estimate"])
        if r["published_estimate"]
        else None
        for r in rows
    }


def test_seeds_with_no_options_make_one_story_with_estimated_dates(  # type: ignore[no-untyped-def]
    tmp_path: Path, seeds_dir: Path, analyzer
) -> None:
    db = tmp_path / "seeds.db"
    report = ingest_paths([seeds_dir], db, analyzer=analyzer)
    assert (report.new, report.stories_created) == (2, 1)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        assert story.articles == 2 and story.independent_sources == 2
        estimates = _estimates(store)
        brief = build_brief(store, story.id, analyzer.embedder)
    # 003 names "Sunday" and "April 22nd to 24th" of 2024: a day close by that fits its
    # weekday; 000 names only a weekday, "this year" and "January": no day to anchor on.
    assert estimates["000"] is None
    assert estimates["003"] is not None and estimates["003"]["value"] == "2024-04-21"
    visit = [t for t in brief.timeline if t.main]
    assert [(t.begin, t.end, t.estimated) for t in visit] == [("2024-04-22", "2024-04-24", True)]
    # "January 2024" names its year: its date rests on no estimate
    january = [t for t in brief.timeline if t.begin == "2024-01-01"]
    assert january and not any(t.estimated for t in january)
    listed = {a.id: a.published_estimate for a in brief.articles}
    assert sorted(v for v in listed.values() if v) == ["2024-04-21"]
    markdown = to_markdown(brief)
    assert "2024-04-22/2024-04-24 (estimated)" in markdown
    assert "2024-04-21 (estimated)" in markdown
    # No article carries a date, so the header gives the estimate, marked as one.
    assert (brief.first, brief.last) == (None, None)
    assert brief.span() == "~2024-04-21 (estimated)"


def test_a_given_date_replaces_the_estimate(tmp_path: Path, seeds_dir: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "seeds.db"
    ingest_paths([seeds_dir], db, analyzer=analyzer)
    again = ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    assert again.repaired == 2
    with Store(db, readonly=True) as store:
        rows = store.query("SELECT published, published_estimate FROM articles")
        (story,) = list_stories(store)
    assert {(r["published"], r["published_estimate"]) for r in rows} == {("2024-04-21", None)}
    assert story.articles == 2 and story.independent_sources == 2
    assert story.first is not None and story.first[:10] == "2024-04-21"


def test_recluster_keeps_surviving_ids_and_undoes_a_wrong_split(  # type: ignore[no-untyped-def]
    tmp_path: Path, seeds_dir: Path, analyzer
) -> None:
    db = tmp_path / "seeds.db"
    ingest_paths([seeds_dir], db, analyzer=analyzer)
    with Store(db) as store:
        # As an older scorer left it: the two reports of the visit in two stories.
        (second,) = [r["key"] for r in store.query("SELECT key FROM articles WHERE id = 2")]
        store.move_articles([(second, 7)])
        assert {s.id for s in list_stories(store)} == {1, 7}
        report = recluster(store)
        assert (report.articles, report.stories_before, report.stories_after) == (2, 2, 1)
        assert report.articles_moved == 1 and report.stories_emptied == 1
        (story,) = list_stories(store)
        assert story.id == 1 and story.articles == 2
        assert store.resolve_story(7) == 1  # the emptied id still opens the story
        assert recluster(store).articles_moved == 0  # a second run changes nothing


def test_recluster_command_reports_what_it_changed(
    tmp_path: Path, seeds_dir: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "seeds.db"
    ingest_paths([seeds_dir], db, analyzer=analyzer)
    result = CliRunner().invoke(app, ["recluster", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["articles"] == 2 and out["stories_after"] == 1 and out["articles_moved"] == 0
    missing = CliRunner().invoke(app, ["recluster", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "no store" in missing.output
