"""Fuzz: over a thousand seeded hostile inputs mixed with good articles; no crash, no good loss."""

from __future__ import annotations

import gzip
import json
import os
import random
from collections.abc import Callable
from pathlib import Path

from newsloom.analyze.analyzer import Analyzer
from newsloom.ingest.clean import clean_article
from newsloom.ingest.dedup import Deduper
from newsloom.ingest.pipeline import ingest_paths
from newsloom.ingest.sources import kinds, read_bytes, read_paths
from newsloom.model import Article, Skipped
from newsloom.store.sqlite import Store

SEED = 20261207
HOSTILE_LINES = 1_200  # hostile JSONL records, mixed with good ones, across many files
GOOD_EVERY = 5  # one good article after every this many hostile records

WORDS = [
    "minister",
    "port",
    "talks",
    "border",
    "ceasefire",
    "election",
    "parliament",
    "harbour",
    "drought",
    "flood",
    "markets",
    "pipeline",
    "embassy",
    "troops",
    "aid",
    "convoy",
    "rescue",
    "inquiry",
    "budget",
    "strike",
    "refinery",
    "court",
    "verdict",
    "protest",
    "summit",
    "mayor",
    "senate",
    "tariff",
    "vaccine",
    "outbreak",
    "wildfire",
]
FIELDS = ("id", "outlet", "url", "author", "language", "title", "published")
EDGE_DATES = ("9999-12-31", "0001-01-01", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00Z")


def _good(rng: random.Random, number: int) -> dict[str, object]:
    words = " ".join(rng.choice(WORDS) for _ in range(40))
    return {"id": f"good-{number}", "text": f"Report {number}: the {words}.", "outlet": "Wire"}


def _deep(rng: random.Random) -> str:
    depth = rng.randint(1_000, 4_000)
    return '{"text": "deep", "x": ' + "[" * depth + "]" * depth + "}"


def _huge_int(rng: random.Random) -> str:
    return '{"text": "huge", "id": ' + "7" * rng.randint(4_301, 6_000) + "}"


def _surrogate(rng: random.Random) -> str:
    field = rng.choice((*FIELDS, "text", "extra"))
    half = rng.choice(("\\ud800", "\\udfff", "\\udbff", "\\udc00x"))
    if field == "text":
        return '{"text": "half ' + half + ' a character"}'
    if field == "extra":
        return '{"text": "an extra key", "k' + half + '": ["' + half + '"]}'
    return '{"text": "a bad field", "' + field + '": "v' + half + '"}'


def _edge_date(rng: random.Random) -> str:
    text = "It happened yesterday, and talks resume tomorrow and next week."
    return json.dumps({"text": text, "published": rng.choice(EDGE_DATES)})


def _bad_value(rng: random.Random) -> str:
    return rng.choice(
        (
            "[]",
            "null",
            "42",
            '"text"',
            '{"text": null}',
            '{"text": 7}',
            '{"text": ["a"]}',
            '{"title": "no text"}',
            '{"text": "\\u200b\\u200b"}',
            '{"text": "\\u200b\\ufeff\\u2060"}',
            '{"text": "   "}',
            '{"text": "x", "id": NaN}',
            '{"text": "x", "id": Infinity, "author": null}',
            '{"text": "x", "id": true}',
            '{"text": "x", "id": 1e400}',
            '{"text": "x", "published": "not a date"}',
            '{"text": "x", "published": "10000-01-01"}',
            '{"text": "x", "url": {"a": 1}}',
        )
    )


def _broken_bytes(rng: random.Random) -> bytes:
    choices: list[Callable[[], bytes]] = [
        lambda: bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))),
        lambda: b'{"text": "cut',
        lambda: b'{"text": "bad \xff\xfe utf8"}',
        lambda: b'{"text": "nul \x00 byte"}',
        lambda: b"\xef\xbb\xbf" + b'{"text": "bom mid-file"}',
        lambda: b'{"text": "' + b"\\" * rng.randint(1, 9) + b'"}',
    ]
    return rng.choice(choices)()


HOSTILE: list[Callable[[random.Random], str]] = [
    _deep,
    _huge_int,
    _surrogate,
    _edge_date,
    _bad_value,
]


def _hostile_line(rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return _broken_bytes(rng).replace(b"\n", b" ")
    return rng.choice(HOSTILE)(rng).encode("utf-8")


def _jsonl_files(rng: random.Random) -> tuple[list[tuple[bytes, str]], set[str]]:
    """JSONL content (plain, gzip, gzip with a broken tail), and the good ids it holds."""
    files: list[tuple[bytes, str]] = []
    good: set[str] = set()
    lines: list[bytes] = []
    for number in range(HOSTILE_LINES):
        lines.append(_hostile_line(rng))
        if number % GOOD_EVERY == 0:
            record = _good(rng, number)
            good.add(str(record["id"]))
            lines.append(json.dumps(record).encode())
        if len(lines) >= 60 or number == HOSTILE_LINES - 1:
            body = b"\n".join(lines) + b"\n"
            style = len(files) % 3
            if style == 0:
                files.append((body, kinds.JSONL))
            elif style == 1:
                files.append((gzip.compress(body), kinds.JSONL_GZ))
            else:  # intact records, then garbage: the records stand
                files.append((gzip.compress(body) + _broken_bytes(rng) + b"!", kinds.JSONL_GZ))
            lines = []
    return files, good


def _documents(rng: random.Random) -> list[tuple[bytes, str]]:
    """Whole hostile documents of the other kinds."""
    docs: list[tuple[bytes, str]] = []
    for _ in range(20):
        docs.append((_broken_bytes(rng), kinds.TEXT))
        docs.append(("\u200b\u200b\n\u2060".encode(), kinds.TEXT))
        docs.append((("[" * rng.randint(1_000, 3_000)).encode(), kinds.JSON))
        docs.append((b'{"text": "x", "id": ' + b"1" * 5_000 + b"}", kinds.JSON))
        year = rng.choice(("9999", "0001"))
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item>'
            f"<title>Edge</title><description>Filed {rng.random()} today.</description>"
            f"<pubDate>Fri, 31 Dec {year} 23:59:59 GMT</pubDate></item></channel></rss>"
        )
        docs.append((feed.encode(), kinds.FEED))
        docs.append((gzip.compress(b"{}\n" * rng.randint(200, 400)), kinds.JSONL_GZ))
        docs.append((b"", kinds.JSONL))
    return docs


def _read_all(rng: random.Random) -> tuple[list[Article], list[Skipped], set[str], int]:
    files, good = _jsonl_files(rng)
    docs = _documents(rng)
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for index, (data, kind) in enumerate(files + docs):
        for item in read_bytes(data, f"input{index}", kind):
            (skipped if isinstance(item, Skipped) else articles).append(item)
    return articles, skipped, good, HOSTILE_LINES + len(docs)


def test_a_thousand_hostile_inputs_cost_no_good_article() -> None:
    rng = random.Random(SEED)
    articles, skipped, good, hostile = _read_all(rng)
    assert hostile >= 1_000
    read_ids = {a.external_id for a in articles if a.external_id in good}
    assert read_ids == good
    assert all(s.code.startswith("NL") for s in skipped)
    deduper = Deduper()
    kept = set()
    for number, article in enumerate(articles):
        result = clean_article(article)
        if isinstance(result, Skipped):
            assert article.external_id not in good
            continue
        for value in vars(result.article).values():  # all of it can be keyed and stored
            if isinstance(value, str):
                value.encode("utf-8")
        dedup, signature = deduper.check(result.article.text)
        deduper.add(f"k{number}", dedup.content_hash, signature)
        kept.add(result.article.external_id)
    assert good <= kept


def test_hostile_folder_is_ingested_with_every_good_article(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    rng = random.Random(SEED + 1)
    folder = tmp_path / "in"
    folder.mkdir()
    lines, good = [], set()
    for number in range(40):
        lines.append(_hostile_line(rng))
        if number % 8 == 0:
            record = _good(rng, number)
            good.add(str(record["id"]))
            lines.append(json.dumps(record).encode())
    (folder / "mixed.JSONL").write_bytes(b"\n".join(lines))
    tail = _good(rng, 1_000)
    good.add(str(tail["id"]))
    (folder / "tail.jsonl.gz").write_bytes(gzip.compress(json.dumps(tail).encode()) + b"junk")
    (folder / "zw.txt").write_text("\u200b\u200b", encoding="utf-8")
    (folder / "empty.jsonl").write_bytes(b"")
    os.symlink("loop", folder / "loop")
    os.symlink("/etc/hostname", folder / "outside.txt")
    os.mkfifo(folder / "pipe.txt")
    db = tmp_path / "h.db"
    report = ingest_paths([folder], db, analyzer=analyzer)
    with Store(db) as store:
        stored = {r["external_id"] for r in store.query("SELECT external_id FROM articles")}
    assert good <= stored
    codes = {s.code for s in report.skipped}
    assert {"NL004", "NL005", "NL007", "NL013"} <= codes
    assert list(read_paths([folder]))  # and read again, nothing raises
