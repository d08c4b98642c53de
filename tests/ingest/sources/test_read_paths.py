"""Paths, folders and stdin: choosing the reader and reporting what cannot be read."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest

from newsloom.errors import NewsloomError, Reason
from newsloom.ingest.sources import STDIN_ORIGIN, read_bytes, read_paths, read_stream
from newsloom.ingest.sources.kinds import FEED, HTML, JSONL, TEXT, sniff_kind

TEXT_ARTICLE = (
    "Bridge Reopens After Repairs\n\n"
    "The old stone bridge over the Ems reopened to traffic on Monday.\n"
)
JSONL_ARTICLE = json.dumps(
    {"id": "n-1", "text": "Wind farm output hit a record in March, the grid operator said."}
)
HTML_ARTICLE = (
    "<!doctype html><html><head><title>Museum extends hours</title></head><body><article>"
    "<h1>Museum extends hours</h1><p>The city museum will stay open until nine in the evening on "
    "Thursdays from next month, its director announced, after a survey of visitors asked for later "
    "opening.</p></article></body></html>"
)
RSS_ARTICLE = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Radio</title><item>'
    "<title>Snow closes mountain pass</title><link>https://valley.example/pass</link>"
    "<description>The pass road was closed on Sunday after 40 centimetres of fresh snow."
    "</description>"
    "</item></channel></rss>"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_folder_is_walked_in_sorted_order_without_hidden_files_or_sidecars(tmp_path, split):
    write(tmp_path / "b_bridge.txt", TEXT_ARTICLE)
    write(tmp_path / "b_bridge.json", json.dumps({"outlet": "Ems Courier"}))
    write(tmp_path / "a_wind.jsonl", JSONL_ARTICLE + "\n")
    write(tmp_path / "c" / "museum.html", HTML_ARTICLE)
    write(tmp_path / "c" / "valley.rss", RSS_ARTICLE)
    write(tmp_path / "d_notes.md", "# notes for the editor\n")
    write(tmp_path / ".hidden.txt", TEXT_ARTICLE)
    write(tmp_path / ".cache" / "old.txt", TEXT_ARTICLE)
    shown = str(tmp_path)
    articles, skipped = split(read_paths([shown]))
    assert [article.origin for article in articles] == [
        os.path.join(shown, "a_wind.jsonl") + ":1",
        os.path.join(shown, "b_bridge.txt"),
        os.path.join(shown, "c", "museum.html"),
        os.path.join(shown, "c", "valley.rss") + "#https://valley.example/pass",
    ]
    assert articles[1].outlet == "Ems Courier"
    assert [(problem.origin, problem.code) for problem in skipped] == [
        (os.path.join(shown, "d_notes.md"), Reason.UNKNOWN_KIND.code)
    ]
    assert "'.md'" in skipped[0].message


def test_lone_json_beside_no_text_is_read_as_articles(tmp_path, split):
    write(tmp_path / "wind.json", JSONL_ARTICLE)
    [article], skipped = split(read_paths([tmp_path]))
    assert skipped == []
    assert article.external_id == "n-1"


def test_nonexistent_path(tmp_path, split):
    missing = str(tmp_path / "nowhere" / "story.txt")
    [], [problem] = split(read_paths([missing]))
    assert (problem.origin, problem.code) == (missing, Reason.NOT_FOUND.code)


def test_unknown_kind_and_binary_of_unknown_kind(tmp_path, split):
    pdf = write(tmp_path / "report.pdf", b"%PDF-1.7\n\x00\x01\x02")
    bare = write(tmp_path / "README", "read me")
    [], skipped = split(read_paths([pdf, bare]))
    assert [problem.code for problem in skipped] == [Reason.UNKNOWN_KIND.code] * 2
    assert "no extension" in skipped[1].message


def test_binary_file_of_a_known_kind(tmp_path, split):
    for name in ("photo.html", "photo.rss", "photo.jsonl", "photo.json"):
        write(tmp_path / name, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00")
    [], skipped = split(read_paths([tmp_path]))
    assert [problem.code for problem in skipped] == [Reason.BINARY.code] * 4


def test_one_bad_input_does_not_stop_the_rest(tmp_path, split):
    good = write(tmp_path / "bridge.txt", TEXT_ARTICLE)
    bad = write(tmp_path / "bad.txt", b"caf\xe9")
    articles, skipped = split(read_paths([bad, tmp_path / "missing.txt", good]))
    assert [article.origin for article in articles] == [str(good)]
    assert [problem.code for problem in skipped] == [Reason.UNDECODABLE.code, Reason.NOT_FOUND.code]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (JSONL_ARTICLE.encode(), JSONL),
        (b"\n\n  " + JSONL_ARTICLE.encode(), JSONL),
        (HTML_ARTICLE.encode(), HTML),
        (b"<html><body><p>Hi</p></body></html>", HTML),
        (RSS_ARTICLE.encode(), FEED),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', FEED),
        (TEXT_ARTICLE.encode(), TEXT),
        (b"<3 this town: a love letter", TEXT),
    ],
)
def test_stdin_kind_is_sniffed(data, kind):
    assert sniff_kind(data) == kind


def test_bytes_of_each_kind_become_articles(split):
    for data in (TEXT_ARTICLE, JSONL_ARTICLE, HTML_ARTICLE, RSS_ARTICLE):
        [article], skipped = split(read_bytes(data.encode(), STDIN_ORIGIN))
        assert skipped == []
        assert article.origin.startswith(STDIN_ORIGIN)
    [article], _ = split(read_bytes(JSONL_ARTICLE.encode(), STDIN_ORIGIN))
    assert article.origin == "<stdin>:1"


def test_gzip_bytes_are_read_as_jsonl(split):
    data = gzip.compress((JSONL_ARTICLE + "\n").encode())
    [article], skipped = split(read_bytes(data, STDIN_ORIGIN))
    assert skipped == []
    assert article.external_id == "n-1"
    assert article.origin == "<stdin>:1"


def test_stdin_dash(monkeypatch, split):
    stream = io.TextIOWrapper(io.BytesIO(TEXT_ARTICLE.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    [article], _ = split(read_paths(["-"], outlet="Ems Courier", published="2024-06-03"))
    assert article.origin == STDIN_ORIGIN
    assert article.title == "Bridge Reopens After Repairs"
    assert (article.outlet, article.published) == ("Ems Courier", "2024-06-03")


def test_stream_with_undecodable_text(split):
    [], [problem] = split(read_stream(io.BytesIO(b"caf\xe9 au lait")))
    assert (problem.origin, problem.code) == (STDIN_ORIGIN, Reason.UNDECODABLE.code)


def test_bad_published_given_by_the_caller_is_a_usage_error(tmp_path):
    with pytest.raises(NewsloomError, match="next Tuesday"):
        read_paths([tmp_path], published="next Tuesday")
