"""Safety of the web app: the write token, hostile article text escaped, query time limits."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_corpus import HOSTILE_URL, SCRIPT, TOKEN

from newsloom.store.readonly import QueryTimeout, ReadStore

NEW_ARTICLE = {
    "id": "posted-1",
    "outlet": "Northwind Wire",
    "published": "2025-04-04",
    "title": "Glasgow tramway museum reopens",
    "text": "The Glasgow tramway museum reopened on Saturday after a two-year refit, its director "
    "said, with six restored trams now on show to visitors.",
}
# Control characters no page may carry (tab and newline are text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _post(client: TestClient, body: Any, token: str | None, **headers: str) -> Any:
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    content = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/api/articles", content=content, headers=headers)


def test_writes_without_a_configured_token_are_refused(seeds_db: Path, client_for: Any) -> None:
    with client_for(seeds_db, token=None) as client:
        for token in (None, "", TOKEN):
            answer = _post(client, NEW_ARTICLE, token)
            assert answer.status_code == 403, answer.text
            assert "writes are disabled" in answer.json()["error"]


def test_writes_need_the_right_bearer_token(
    tmp_path: Path, seeds_db: Path, client_for: Any
) -> None:
    db = tmp_path / "writes.db"
    db.write_bytes(seeds_db.read_bytes())
    with client_for(db) as client:
        before = client.get("/stories.json").json()["stories"]
        for token in (None, "wrong", TOKEN + "x", TOKEN[:-1]):
            answer = _post(client, NEW_ARTICLE, token)
            assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
            # A wrong token is told apart from a missing header: the header was sent.
            said = answer.json()["error"]
            assert ("wrong token" in said) == (token is not None), said
        assert client.get("/stories.json").json()["stories"] == before  # nothing written
        answer = client.post(
            "/api/articles", json=NEW_ARTICLE, headers={"Authorization": f"Basic {TOKEN}"}
        )
        assert answer.status_code == 401
        report = _post(client, NEW_ARTICLE, TOKEN).json()
        assert report["new"] == 1 and report["ok"] and report["stories_created"] == 1
        found = client.get("/search.json?q=tramway").json()["hits"]
        assert [h["title"] for h in found] == [NEW_ARTICLE["title"]]
        again = _post(client, NEW_ARTICLE, TOKEN).json()
        assert again["new"] == 0 and again["unchanged"] == 1


def test_jsonl_and_lists_are_ingested_and_bad_records_reported(
    tmp_path: Path, client_for: Any
) -> None:
    db = tmp_path / "jsonl.db"
    records = [
        {
            **NEW_ARTICLE,
            "id": f"a{i}",
            "outlet": f"Outlet {i}",
            "text": NEW_ARTICLE["text"] + f" {i}",
        }
        for i in range(3)
    ]
    with client_for(db) as client:
        lines = "\n".join(json.dumps(r) for r in records[:2]) + "\n{broken\n"
        report = _post(client, lines, TOKEN, **{"Content-Type": "application/x-ndjson"}).json()
        assert report["read"] >= 2 and report["new"] + report["duplicates"] == 2
        assert [s["code"] for s in report["skipped"]] and not report["ok"]
        assert all(s["origin"].startswith("POST /api/articles") for s in report["skipped"])
        listed = _post(client, [records[2], {"title": "no text"}], TOKEN).json()
        assert listed["new"] + listed["duplicates"] == 1 and len(listed["skipped"]) == 1
        empty = _post(client, "   ", TOKEN)
        assert empty.status_code == 400
        assert client.get("/stories.json").json()["stories"]


def test_hostile_text_is_escaped_on_every_page(hostile_client: TestClient) -> None:
    stories = hostile_client.get("/stories.json").json()["stories"]
    assert stories
    paths = ["/", "/search?q=strike", "/search?q=script", "/events", "/docs"]
    for s in stories:
        paths.append(f"/stories/{s['id']}")
        paths += [f"/entities/{e}" for e in s["top_entities"]]
    ids = [int(r) for r in re.findall(r'href="/articles/(\d+)"', hostile_client.get(paths[1]).text)]
    paths += [f"/articles/{i}" for i in sorted(set(ids))]
    assert len(paths) > 7
    for path in paths:
        page = hostile_client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        text = page.text
        for raw in ("<script>alert", "<img src=x", "<iframe", "<b>Wire</b>"):
            assert raw not in text, (path, raw)
        # Every link goes to the app itself or to a web address: never javascript: or data:.
        # (The one exception is the layout's own empty icon, `data:,`: no favicon request.)
        for href in re.findall(r'(?:href|src|action)="([^"]*)"', text):
            if href == "data:,":
                continue
            assert href.startswith(("/", "?", "#", "http://", "https://")), (path, href)
        assert not _CONTROL.search(text), (path, _CONTROL.search(text))
    # The escaped words are there to read, and the URL is shown but never linked.
    article = hostile_client.get(f"/articles/{min(ids)}").text
    brief = hostile_client.get(f"/stories/{stories[0]['id']}").text
    assert "&lt;script&gt;" in brief and "[/b]" in brief
    assert "not a web address" in article or 'href="https://example.org/port"' in article


def test_hostile_text_keeps_its_characters_in_json(hostile_client: TestClient) -> None:
    stories = hostile_client.get("/stories.json").json()["stories"]
    brief = hostile_client.get(f"/stories/{stories[0]['id']}.json").json()
    titles = {a["title"] for a in brief["articles"]}
    assert any(SCRIPT in (t or "") for t in titles)  # kept as data, escaped only in HTML
    urls = {a["url"] for a in brief["articles"]}
    assert HOSTILE_URL in urls  # the data as stored: JSON is not markup
    found = hostile_client.get("/search.json?q=alert").json()["hits"]
    assert found and any(SCRIPT.split("'")[0] in (h["title"] or "") for h in found)


def test_security_headers_on_every_response(hostile_client: TestClient) -> None:
    for path in ("/", "/stories.json", "/nowhere", "/static/newsloom.css", "/openapi.json"):
        headers = hostile_client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_a_runaway_query_is_stopped(seeds_db: Path) -> None:
    # A recursive count to 10^9 would run for minutes: the limit interrupts it.
    runaway = """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1e9)
                 SELECT COUNT(*) FROM n"""
    with ReadStore(seeds_db, query_ms=20) as store:
        with pytest.raises(QueryTimeout):
            store.query(runaway)
        assert store.query("SELECT COUNT(*) AS n FROM articles")[0]["n"] == 2  # still usable
    with ReadStore(seeds_db) as store, pytest.raises(sqlite3.OperationalError):
        store.conn.execute("DELETE FROM articles")  # read-only: writes are refused
