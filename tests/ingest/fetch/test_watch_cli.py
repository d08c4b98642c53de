"""`newsloom watch` and `newsloom fetch` end to end against the local site, into a store."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from fetch_site import ARTICLES, CHROME_PHRASES, Site, article_page
from typer.testing import CliRunner

from newsloom.cli.app import app
from newsloom.store.lock import writer_lock
from newsloom.store.sqlite import Store

runner = CliRunner()


@pytest.fixture(autouse=True)
def _shared_analyzer(monkeypatch: pytest.MonkeyPatch, analyzer) -> None:  # type: ignore[no-untyped-def]
    """Every command here uses the session's loaded analyzer instead of loading its own."""
    monkeypatch.setattr("newsloom.ingest.fetch.follow.Analyzer.load", lambda: analyzer)


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with Store(db, readonly=True) as store:
        return [tuple(r) for r in store.query(sql)]


def test_watch_once_stores_the_feed_pages_main_text_then_nothing_new(
    news_site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    feed = news_site.url("/feed.xml")
    args = ["watch", feed, "--once", "--allow-private", "--rate", "100", "--db", str(db)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "3 new" in first.output
    stored = rows(db, "SELECT url, title, text, outlet FROM articles ORDER BY url")
    assert len(stored) == 3
    for url, title, text, outlet in stored:
        slug = str(url).rsplit("/", 1)[1]
        assert title == ARTICLES[slug][0] and outlet == "The Coastal Gazette"
        assert all(p in str(text) for p in ARTICLES[slug][3])
        assert not any(phrase in str(text) for phrase in CHROME_PHRASES)
    assert rows(db, "SELECT url, kind, etag, error_count FROM sources") == [
        (feed, "feed", '"feed-v1"', 0)
    ]
    assert len(rows(db, "SELECT url FROM article_urls")) == 3
    pages = {p: n for p, n in news_site.hits.items() if p.startswith("/news/")}
    assert pages == {f"/news/{slug}": 1 for slug in ARTICLES}

    # The same feed again, from an OPML subscription list: a 304, no page asked, nothing new.
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>'
        f'<outline text="Coast"><outline type="rss" text="Gazette" xmlUrl="{feed}"/></outline>'
        "</body></opml>",
        encoding="utf-8",
    )
    second = runner.invoke(app, ["watch", str(opml), *args[2:]])
    assert second.exit_code == 0, second.output
    assert "1 polled (1 not modified)" in second.output and "0 new" in second.output
    assert "/feed.xml" in news_site.conditional
    assert {p: n for p, n in news_site.hits.items() if p.startswith("/news/")} == pages
    assert len(rows(db, "SELECT id FROM articles")) == 3


def test_without_allow_private_nothing_is_stored_and_it_says_why(
    news_site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "refused.db"
    result = runner.invoke(app, ["watch", news_site.url("/feed.xml"), "--once", "--db", str(db)])
    assert result.exit_code == 1
    assert "NL020" in result.output and "--allow-private" in result.output
    assert "loopback" in result.output
    assert rows(db, "SELECT id FROM articles") == []
    assert sum(news_site.hits.values()) == 0
    ((errors, last_error),) = rows(db, "SELECT error_count, last_error FROM sources")
    assert errors == 1 and str(last_error).startswith("NL020")


def test_a_changed_page_updates_its_article(news_site: Site, tmp_path: Path) -> None:
    db = tmp_path / "update.db"
    url = news_site.url("/news/library-reopens")
    args = ["fetch", url, "--allow-private", "--rate", "100", "--json", "--db", str(db)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    (event, summary) = [json.loads(line) for line in first.stdout.splitlines()]
    assert event["type"] == "article" and event["status"] == "new" and event["url"] == url
    assert summary["type"] == "round" and summary["new"] == 1
    ((article_id, story_id),) = rows(db, "SELECT id, story_id FROM articles")

    correction = "A correction: the restoration cost 6.4 million euros, not 6.2 million."
    page = article_page("library-reopens").replace(
        '</p>\n      <div class="share">',
        f'</p>\n      <p>{correction}</p>\n      <div class="share">',
    )
    news_site.add("/news/library-reopens", page)
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    (event, summary) = [json.loads(line) for line in again.stdout.splitlines()]
    assert event["status"] == "updated" and event["article_id"] == article_id
    assert summary["updated"] == 1 and summary["new"] == 0
    ((text,),) = rows(db, "SELECT text FROM articles")
    assert correction in str(text)
    ((same_id, new_story),) = rows(db, "SELECT id, story_id FROM articles")
    assert same_id == article_id  # one article, updated in place, placed again
    with Store(db, readonly=True) as store:
        assert store.resolve_story(int(story_id)) == new_story  # its old story id still opens
    assert rows(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'correction'") == [
        (article_id,)
    ]
    third = runner.invoke(app, args)  # the same text once more: unchanged
    assert json.loads(third.stdout.splitlines()[-1])["unchanged"] == 1


def test_a_failed_page_is_tried_on_the_next_polls_though_the_feed_is_unchanged(
    news_site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "retry.db"
    feed = news_site.url("/feed.xml")  # served with an ETag: unchanged, it answers 304
    args = ["watch", feed, "--once", "--allow-private", "--rate", "100", "--db", str(db)]
    page = news_site.routes.pop("/news/rail-strike")  # the page is down (404) for a poll
    first = runner.invoke(app, args)
    assert first.exit_code == 0 and "NL024" in first.output, first.output
    # The entry is kept (its summary): a warning, not an input skipped.
    assert "0 skipped, 1 kept with a warning" in " ".join(first.output.split())
    assert news_site.hits["/news/rail-strike"] == 1
    ((teaser,),) = rows(db, "SELECT text FROM articles WHERE url LIKE '%rail-strike'")
    assert len(str(teaser)) < 120  # the entry's summary, kept for now

    news_site.routes["/news/rail-strike"] = page  # back up
    second = runner.invoke(app, args)
    assert second.exit_code == 0 and "1 updated" in second.output, second.output
    assert news_site.hits["/news/rail-strike"] == 2
    ((text,),) = rows(db, "SELECT text FROM articles WHERE url LIKE '%rail-strike'")
    assert "turnout of 71 percent" in str(text)  # the page's full text now

    # Read at last, the feed is asked conditionally again: a 304, no page asked.
    third = runner.invoke(app, args)
    assert "1 polled (1 not modified)" in third.output, third.output
    assert news_site.hits["/news/rail-strike"] == 2


def test_a_page_that_stays_down_is_tried_three_times_in_all(
    news_site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "dead.db"
    feed = news_site.url("/feed.xml")
    args = ["watch", feed, "--once", "--allow-private", "--rate", "100", "--db", str(db)]
    news_site.routes.pop("/news/rail-strike")
    for _ in range(4):
        assert runner.invoke(app, args).exit_code == 0
    assert news_site.hits["/news/rail-strike"] == 3
    assert news_site.hits["/feed.xml"] == 4 and news_site.conditional.count("/feed.xml") == 1
    assert len(rows(db, "SELECT id FROM articles")) == 3


KILLED_WATCH = """
import os, signal, sys
from newsloom.store import sqlite as s
original = s.Store.write_articles
calls = {"n": 0}
def dying(self, records, new_ids):
    calls["n"] += 1
    if calls["n"] == 2:
        # die inside the second batch's transaction, after some rows are written
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO stories(id, created_at, updated_at) VALUES (9999, 'x', 'x')")
        os.kill(os.getpid(), signal.SIGKILL)
    return original(self, records, new_ids)
s.Store.write_articles = dying
import newsloom.ingest.pipeline as p
p.BATCH_SIZE = 1
from newsloom.cli.app import main
sys.argv = ["newsloom", "watch", sys.argv[1], "--once", "--allow-private", "--rate", "100",
            "--db", sys.argv[2]]
main()
"""


def test_killed_watch_loses_nothing_committed_and_resumes_without_duplicates(
    news_site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "killed.db"
    feed = news_site.url("/feed.xml")
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_WATCH, feed, str(db)], capture_output=True, timeout=600
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    committed = rows(db, "SELECT url FROM articles")
    assert len(committed) == 1  # exactly the first batch
    assert rows(db, "SELECT url FROM article_urls") == committed  # and its URL remembered
    assert rows(db, "SELECT etag FROM sources") == [(None,)]  # the feed was not finished
    assert not rows(db, "SELECT id FROM stories WHERE id = 9999")
    hits_before = dict(news_site.hits)

    result = runner.invoke(
        app, ["watch", feed, "--once", "--allow-private", "--rate", "100", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    urls = [u for (u,) in rows(db, "SELECT url FROM articles")]
    assert sorted(urls) == sorted(news_site.url(f"/news/{slug}") for slug in ARTICLES)
    assert len(rows(db, "SELECT url FROM article_urls")) == 3
    done = str(committed[0][0]).replace(news_site.base, "")
    assert news_site.hits[done] == hits_before[done]  # the committed page is not fetched again
    assert rows(db, "SELECT etag FROM sources") == [('"feed-v1"',)]


def test_a_fetch_waits_for_the_writer_lock(news_site: Site, tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    Store(db).close()
    url = news_site.url("/news/rail-strike")
    with writer_lock(str(db)):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from newsloom.cli.app import main; main()",
                "fetch",
                url,
                "--allow-private",
                "--db",
                str(db),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "waiting for another newsloom run" in line
        assert rows(db, "SELECT id FROM articles") == []
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert rows(db, "SELECT url FROM articles") == [(url,)]


def test_a_stop_asked_during_a_fetch_ends_its_retries(site: Site, tmp_path: Path) -> None:
    # The watch's stop (its Ctrl-C) reaches the fetcher: a failing page is not asked again.
    from newsloom.ingest.fetch.follow import Follower
    from newsloom.ingest.fetch.policy import FetchPolicy

    url = site.add("/down", "down for maintenance", status=503)
    policy = FetchPolicy(rate=1000.0, backoff=5.0, allow_private=True)
    follower = Follower(str(tmp_path / "stopped.db"), policy)
    follower.stop = lambda: site.hits["/down"] >= 1  # as the CLI sets it, after construction
    try:
        report = follower.fetch([url])
    finally:
        follower.close()
    assert site.hits["/down"] == 1
    assert [s.code for s in report.ingest.skipped] == ["NL019"] and report.stopped


def test_ctrl_c_ends_a_watch_cleanly(news_site: Site, tmp_path: Path) -> None:
    db = tmp_path / "watched.db"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from newsloom.cli.app import main; main()",
            "watch",
            news_site.url("/feed.xml"),
            "--every",
            "1m",
            "--allow-private",
            "--rate",
            "100",
            "--db",
            str(db),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the first round, then it waits for the next
    assert line.startswith("round 1: 1 polled"), line
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "stopping after the current batch" in err and "Traceback" not in err
    assert len(rows(db, "SELECT id FROM articles")) == 3
