"""What `watch` follows: URLs, OPML subscription lists and text files of URLs; --every."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.cli.fetch import parse_every
from newsloom.errors import NewsloomError
from newsloom.ingest.fetch.sourcelist import read_sources


def test_opml_outlines_are_read_however_deeply_folded(tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="World">
      <outline text="Wire" type="rss" xmlUrl="https://wire.example/world.rss"/>
      <outline text="Region">
        <outline text="Coast" type="rss" xmlUrl="https://coast.example/feed.xml"/>
      </outline>
    </outline>
    <outline text="A folder with no feed"/>
    <outline text="Wire again" type="rss" xmlUrl="https://wire.example/world.rss"/>
    <outline text="Odd" type="rss" xmlUrl="gopher://old.example/feed"/>
  </body>
</opml>
""",
        encoding="utf-8",
    )
    found = read_sources([str(opml)])
    assert found.urls == ["https://wire.example/world.rss", "https://coast.example/feed.xml"]
    assert [s.code for s in found.skipped] == ["NL017"] and "#outline" in found.skipped[0].origin


def test_a_text_file_lists_one_url_a_line(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text(
        "# morning reading\nhttps://a.example/rss\n\n  http://b.example/atom.xml  \nnot a url\n",
        encoding="utf-8",
    )
    found = read_sources([str(listing), "https://c.example/feed"])
    assert found.urls == [
        "https://a.example/rss",
        "http://b.example/atom.xml",
        "https://c.example/feed",
    ]
    assert [(s.code, s.origin) for s in found.skipped] == [("NL017", f"{listing}:5")]


def test_a_missing_file_or_broken_opml_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(NewsloomError, match="no such file"):
        read_sources([str(tmp_path / "nope.opml")])
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body><outline xmlUrl='https://a.example/'>", encoding="utf-8")
    with pytest.raises(NewsloomError, match="not a readable OPML"):
        read_sources([str(broken)])


def test_opml_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("https://leak.example/", encoding="utf-8")
    opml = tmp_path / "xxe.opml"
    opml.write_text(
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<opml><body><outline xmlUrl="&x;"/></body></opml>',
        encoding="utf-8",
    )
    try:
        found = read_sources([str(opml)])
    except NewsloomError as refused:  # lxml refuses the reference outright: as good
        assert "leak.example" not in str(refused)
        return
    assert "https://leak.example/" not in found.urls


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("1h30m", 5400), ("90s", 90), ("1d", 86400), ("30d", 30 * 86400)],
)
def test_every_reads_durations(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize(
    "text", ["", "15", "fast", "10s", "5 minutes", "31d", "3000000d", "9" * 400 + "d"]
)
def test_every_refuses_what_is_unreadable_or_too_often(text: str) -> None:
    with pytest.raises(NewsloomError):
        parse_every(text)
