"""What a new user met in the web app: local file paths in `origin`, empty dates in the story
list of an undated story."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from newsloom.api import Newsloom
from newsloom.web.origins import public_origin


def test_public_origin_keeps_file_names_and_web_addresses() -> None:
    assert public_origin("/home/ana/leaks/2025/report.txt") == "report.txt"
    assert public_origin("C:\\Users\\ana\\news\\report.html") == "report.html"
    assert public_origin("/srv/feeds/a.jsonl:17") == "a.jsonl:17"
    assert (
        public_origin("/srv/feeds/feed.rss#https://news.example/2025/03/12/quake")
        == "feed.rss#https://news.example/2025/03/12/quake"
    )
    assert public_origin("https://news.example/2025/03/12/quake") == (
        "https://news.example/2025/03/12/quake"
    )
    assert public_origin("<stdin>") == "<stdin>"
    assert public_origin("report.txt") == "report.txt"


def test_pages_and_json_show_no_folder_of_an_ingested_file(
    seeds_client: TestClient, seeds_dir: Path
) -> None:
    folder = str(seeds_dir)
    brief = seeds_client.get("/stories/1.json").json()
    origins = [a["origin"] for a in brief["articles"]]
    names = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert sorted(origins) == names
    for a in brief["articles"]:
        article = seeds_client.get(f"/articles/{a['id']}.json").json()
        assert article["origin"] in names
        page = seeds_client.get(f"/articles/{a['id']}").text
        assert folder not in page and article["origin"] in page
    assert folder not in seeds_client.get("/stories/1").text


def test_cli_and_python_api_keep_the_whole_path(seeds_db: Path, analyzer: Any) -> None:
    nl = Newsloom(seeds_db, analyzer=analyzer)
    assert all(Path(a.origin).is_absolute() for a in nl.brief(1).articles)


def test_story_list_of_an_undated_story_shows_its_estimate(
    tmp_path: Path, seeds_dir: Path, analyzer: Any, client_for: Any
) -> None:
    db = tmp_path / "undated.db"
    Newsloom(db, analyzer=analyzer).ingest(seeds_dir)  # no dates given: estimated from the text
    with client_for(db) as client:
        (story,) = client.get("/stories.json").json()["stories"]
        assert story["first"] is None and story["first_estimate"]
        page = client.get("/").text
        brief = client.get(f"/stories/{story['id']}").text
    assert f"~{story['first_estimate']}" in page
    assert f"~{story['first_estimate']} (estimated)" in brief
