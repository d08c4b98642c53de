"""The Python API: newsloom.open(path) and the records the CLI and web app share."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import newsloom
from newsloom.api import Newsloom
from newsloom.brief.model import StoryBrief
from newsloom.cli.app import app
from newsloom.errors import NewsloomError, NotFoundError
from newsloom.model import Article

RECORD = {
    "id": "tramway-1",
    "outlet": "Northwind Wire",
    "published": "2025-04-04",
    "url": "https://example.org/tramway",
    "title": "Glasgow tramway museum reopens",
    "text": "The Glasgow tramway museum reopened on Saturday after a two-year refit, its director "
    "said, with six restored trams now on show to visitors.",
}


@pytest.fixture(scope="module")
def api_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, analyzer: Any) -> Path:
    db = tmp_path_factory.mktemp("api") / "api.db"
    nl = newsloom.open(db, analyzer=analyzer)
    assert nl.counts()["articles"] == 0 and nl.stories() == []  # a new store reads as empty
    report = nl.ingest(seeds_dir, published="2024-04-21")
    assert report.new == 2 and report.as_dict()["new"] == 2
    mixed = nl.ingest([RECORD, {"title": "no text here"}])
    assert mixed.new == 1 and [s.code for s in mixed.skipped] and not mixed.ok
    article = Article(
        text="Antwerp dock workers ended a three-day strike on Friday, the union ACV said.",
        origin="python",
        outlet="Harbour Courier",
        published="2025-06-17",
    )
    assert nl.ingest(article).new == 1
    return db


def test_open_returns_the_store_object(api_db: Path) -> None:
    nl = newsloom.open(api_db)
    assert isinstance(nl, newsloom.Newsloom) and nl.path == str(api_db)
    assert nl.counts()["articles"] == 4


def test_stories_are_the_cli_records(api_db: Path) -> None:
    nl = newsloom.open(api_db)
    stories = nl.stories()
    cli = CliRunner().invoke(app, ["stories", "--db", str(api_db), "--json"])
    assert json.loads(cli.stdout) == [s.as_dict() for s in stories]
    (visit,) = nl.stories(entity="Ebrahim Raisi")
    assert visit.articles == 2 and nl.story(visit.id) == visit
    assert [s.id for s in nl.stories(outlet="Northwind Wire")] != [visit.id]
    assert nl.stories(since="2030") == []
    with pytest.raises(NewsloomError):
        nl.stories(since="2025-13")


def test_brief_without_an_embedder_loads_the_default(api_db: Path) -> None:
    nl = newsloom.open(api_db)  # no embedder, no analyzer: loaded on first use
    (visit,) = nl.stories(entity="Ebrahim Raisi")
    brief = nl.brief(visit.id)
    assert isinstance(brief, StoryBrief) and brief.corroborated
    assert nl.brief(visit.id) is brief  # cached until the store changes
    cli = CliRunner().invoke(app, ["story", str(visit.id), "--db", str(api_db), "--json"])
    assert json.loads(cli.stdout) == json.loads(json.dumps(brief.as_dict()))
    with pytest.raises(NotFoundError):
        nl.brief(9999)


def test_search_article_events_relations(api_db: Path) -> None:
    nl = newsloom.open(api_db)
    (hit,) = nl.search("tramway")
    assert hit.title == RECORD["title"] and "[tramway]" in hit.snippet.lower()
    article = nl.article(hit.article_id)
    assert article.url == RECORD["url"] and article.text == RECORD["text"]
    assert "".join(s.text for s in article.segments) == article.text
    events = nl.events(actor="Iran")
    assert events and all("IRN" in (e.event.source.code, e.event.target.code) for e in events)
    series = nl.relations("IRN", "PAK")
    assert series.points and series.as_dict()["a"] == "IRN"
    for record in (hit, article, events[0], series):
        json.dumps(record.as_dict())  # every record is JSON-ready
    with pytest.raises(NotFoundError):
        nl.article(9999)
    with pytest.raises(NewsloomError):
        nl.events(event_type="NOT_A_TYPE")


def test_an_id_past_what_sqlite_holds_is_missing_not_a_crash(api_db: Path) -> None:
    nl = newsloom.open(api_db)
    huge = 2**63  # one past the largest SQLite integer: a query with it raises OverflowError
    with pytest.raises(NotFoundError, match=f"no article with id {huge}"):
        nl.article(huge)
    with pytest.raises(NotFoundError, match=f"no story with id {huge}"):
        nl.brief(huge)
    assert nl.story(huge) is None and nl.story(-huge - 1) is None
    assert nl.resolve_story(huge) == huge


def test_a_merged_story_id_reads_as_the_story_it_went_into(
    api_db: Path, tmp_path: Path, analyzer: Any
) -> None:
    from newsloom.store.sqlite import Store

    db = tmp_path / "merged.db"
    db.write_bytes(api_db.read_bytes())
    nl = Newsloom(db, analyzer=analyzer)
    kept, gone = (s.id for s in nl.stories()[:2])
    with Store(db) as store:
        store.merge_stories([(kept, gone)])
    assert nl.resolve_story(gone) == kept
    assert nl.brief(gone).id == kept and nl.story(gone) == nl.story(kept)


def test_import_newsloom_stays_light() -> None:
    heavy = ("newsloom.api", "fastapi", "spacy", "numpy")
    code = f"import sys, newsloom; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    with pytest.raises(AttributeError):
        _ = newsloom.no_such_thing  # type: ignore[attr-defined]
