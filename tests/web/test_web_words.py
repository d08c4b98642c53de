"""What the pages say in words and numbers: counts in the right number, ids as ids."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def _text(page: str) -> str:
    """The page's words without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_counts_take_the_number_of_their_noun(seeds_client: TestClient) -> None:
    entity = _text(seeds_client.get("/entities/Ebrahim Raisi").text)
    # The seed reports are one story: "1 stories" was printed.
    assert "named in 2 articles of 1 story." in entity, entity
    brief = _text(seeds_client.get("/stories/1").text)
    assert "Story 1: 2 articles, 2 independent sources" in brief
    assert re.search(r"\b1 (stories|articles|hits|mentions|events)\b", brief) is None
    hits = _text(seeds_client.get("/search?q=Balochistan").text)
    assert "1 hit " in hits and "1 hits" not in hits


def test_relation_events_name_articles_by_their_integer_id(seeds_client: TestClient) -> None:
    series = seeds_client.get("/relations/IRN/PAK.json").json()
    events = [e for p in series["points"] for e in p["events"]]
    assert events
    ids = {a["id"] for a in seeds_client.get("/stories/1.json").json()["articles"]}
    # Every other record gives the article id as an integer; these gave it as a string.
    assert all(isinstance(e["article_id"], int) and e["article_id"] in ids for e in events)
