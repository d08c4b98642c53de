"""Load: four clients read pages while articles are posted; no error, nothing lost."""

from __future__ import annotations

import gzip
import json
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_corpus import TOKEN
from web_server import running

from newsloom.api import Newsloom
from newsloom.web.app import create_app

READERS = 4
# Articles posted, one request each, while the readers read.
POSTS = 6
# Each reader stops after this many requests, or when the posts are done and it has made
# at least MIN_READS: the test is bounded whatever the machine's speed.
MAX_READS = 400
MIN_READS = 10
PAGES = ("/", "/stories.json", "/search.json?q=Raisi", "/articles/1", "/stories/1.json", "/events")
# Seconds a single request may take before the client gives up (a brief is built once).
REQUEST_TIMEOUT_S = 120


def _reuters(data_dir: Path, n: int) -> list[dict[str, Any]]:
    path = data_dir / "reuters21578-articles.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path.name} not found under {data_dir}")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if len(record.get("text") or "") > 400:
                out.append(record)
            if len(out) == n:
                break
    return out


class LoadRun:
    """READERS clients reading PAGES in turn while one client posts the records."""

    def __init__(self, base: str, records: list[dict[str, Any]]) -> None:
        self.base = base
        self.records = records
        self.errors: list[str] = []
        self.reads = [0] * READERS
        self.reports: list[dict[str, Any]] = []
        self.posting_done = threading.Event()

    def _reading(self, k: int) -> bool:
        n = self.reads[k]
        return n < MAX_READS and not (self.posting_done.is_set() and n >= MIN_READS)

    def reader(self, k: int) -> None:
        with httpx.Client(base_url=self.base, timeout=REQUEST_TIMEOUT_S) as client:
            while self._reading(k):
                path = PAGES[(k + self.reads[k]) % len(PAGES)]
                try:
                    status = client.get(path).status_code
                except httpx.HTTPError as exc:
                    self.errors.append(f"GET {path}: {exc!r}")
                else:
                    if status != 200:
                        self.errors.append(f"GET {path}: {status}")
                self.reads[k] += 1

    def writer(self) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        client = httpx.Client(base_url=self.base, timeout=REQUEST_TIMEOUT_S, headers=headers)
        try:
            for record in self.records:
                answer = client.post("/api/articles", json=record)
                if answer.status_code != 200:
                    self.errors.append(f"POST: {answer.status_code} {answer.text[:200]}")
                else:
                    self.reports.append(answer.json())
        finally:
            client.close()
            self.posting_done.set()

    def run(self) -> None:
        threads = [threading.Thread(target=self.reader, args=(k,)) for k in range(READERS)]
        threads.append(threading.Thread(target=self.writer))
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def test_readers_and_a_writer_at_once(
    tmp_path: Path, seeds_db: Path, analyzer: Any, data_dir: Path
) -> None:
    db = tmp_path / "load.db"
    db.write_bytes(seeds_db.read_bytes())
    records = _reuters(data_dir, POSTS)
    nl = Newsloom(db, analyzer=analyzer)
    before = nl.counts()["articles"]
    app = create_app(str(db), token=TOKEN, newsloom=nl)
    with running(app) as base:
        load = LoadRun(base, records)
        load.run()
    assert load.errors == []
    assert all(n >= MIN_READS for n in load.reads), load.reads
    assert len(load.reports) == POSTS
    assert all(r["new"] == 1 and r["ok"] for r in load.reports)
    assert nl.counts()["articles"] == before + POSTS  # nothing lost
    for record in records:
        hits = nl.search(record["title"].split()[0] + " " + record["text"].split()[0], limit=50)
        assert any(h.title == record["title"] for h in hits), record["id"]
