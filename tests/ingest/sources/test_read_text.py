"""Plain-text articles: headlines, sidecars, and the bytes that are refused."""

from __future__ import annotations

import json
from pathlib import Path

from newsloom.errors import Reason
from newsloom.ingest.sources import read_paths
from newsloom.ingest.sources.text import looks_like_headline, read_text

HEADLINED = """Harbour Cranes Back in Service After Week-Long Strike

Dock workers in the port of Vellmar returned to work on Thursday after union leaders accepted a \
pay offer of 6 percent over two years.

About 40 container ships had been waiting at anchor outside the harbour, the port authority said.
"""

NO_HEADLINE = """Dock workers in the port of Vellmar returned to work on Thursday after union \
leaders accepted a pay offer of 6 percent over two years, ending a strike that had left about 40 \
container ships waiting at anchor.
The port authority said it expected the backlog to clear by the end of next week.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_headline_followed_by_blank_line_becomes_the_title(tmp_path, split):
    path = write(tmp_path, "strike.txt", HEADLINED)
    articles, skipped = split(read_paths([path]))
    assert skipped == []
    [article] = articles
    assert article.title == "Harbour Cranes Back in Service After Week-Long Strike"
    assert article.text.startswith("Dock workers in the port of Vellmar returned")
    assert article.text.endswith("the port authority said.")
    assert article.origin == str(path)


def test_long_first_sentence_is_body_not_title(tmp_path, split):
    articles, _ = split(read_paths([write(tmp_path, "strike.txt", NO_HEADLINE)]))
    [article] = articles
    assert article.title is None
    assert article.text.startswith("Dock workers in the port of Vellmar")
    assert "backlog to clear" in article.text


def test_headline_style_line_without_blank_line_is_a_title():
    lines = [
        "CENTRAL BANK HOLDS RATES STEADY",
        "The central bank left its main rate at 4.5 percent on Wednesday.",
    ]
    [article] = read_text("\n".join(lines).encode(), "rates.txt")
    assert article.title == "CENTRAL BANK HOLDS RATES STEADY"
    assert article.text == lines[1]


def test_plain_short_sentence_without_blank_line_is_not_a_title():
    data = (
        b"The bank held its rate\nat 4.5 percent on Wednesday, as most economists had expected.\n"
    )
    [article] = read_text(data, "rates.txt")
    assert article.title is None
    assert article.text.startswith("The bank held its rate\nat 4.5 percent")


def test_headline_rules():
    assert looks_like_headline("Flood Waters Recede in the North", followed_by_blank=False)
    assert looks_like_headline("Will the ceasefire hold?", followed_by_blank=True)
    assert not looks_like_headline("The ceasefire held overnight.", followed_by_blank=True)
    assert not looks_like_headline("By Anna Lindqvist", followed_by_blank=True)
    assert not looks_like_headline("LONDON", followed_by_blank=True)
    assert not looks_like_headline(" ".join(["word"] * 25), followed_by_blank=True)


def test_single_line_file_is_all_text():
    [article] = read_text(b"Ministers met again on Friday without reaching a deal\n", "one.txt")
    assert article.title is None
    assert article.text == "Ministers met again on Friday without reaching a deal"


def test_crlf_and_bom_are_tolerated():
    data = "\ufeffRail Fares Rise in January\r\n\r\nTickets will cost 3 percent more.\r\n".encode()
    [article] = read_text(data, "fares.txt")
    assert article.title == "Rail Fares Rise in January"
    assert article.text == "Tickets will cost 3 percent more."


def test_sidecar_metadata_fills_the_article(tmp_path, split):
    path = write(tmp_path, "strike.txt", HEADLINED)
    sidecar = {
        "outlet": "Vellmar Evening Post",
        "url": "https://post.example/port-strike-ends",
        "published": "Thu, 14 Mar 2024 17:05:00 +0100",
        "author": "Jonas Brandt",
        "section": "Business",
        "tags": ["ports", "labour"],
    }
    write(tmp_path, "strike.json", json.dumps(sidecar))
    articles, skipped = split(read_paths([path], outlet="Ignored Daily", published="2024-01-01"))
    assert skipped == []
    [article] = articles
    assert article.outlet == "Vellmar Evening Post"  # the sidecar wins over the command line
    assert article.url == "https://post.example/port-strike-ends"
    assert article.published == "2024-03-14T17:05:00+01:00"
    assert article.author == "Jonas Brandt"
    assert article.title == "Harbour Cranes Back in Service After Week-Long Strike"
    assert article.extra == {"section": "Business", "tags": ["ports", "labour"]}


def test_sidecar_title_wins_and_its_headline_line_is_dropped(tmp_path, split):
    path = write(tmp_path, "strike.txt", HEADLINED)
    write(tmp_path, "strike.json", json.dumps({"title": "Port strike ends"}))
    [article], _ = split(read_paths([path]))
    assert article.title == "Port strike ends"
    assert article.text.startswith("Dock workers")


def test_command_line_values_fill_in_without_sidecar(tmp_path, split):
    path = write(tmp_path, "strike.txt", HEADLINED)
    [article], _ = split(read_paths([path], outlet="Harbour Radio", published="2024-03-14"))
    assert article.outlet == "Harbour Radio"
    assert article.published == "2024-03-14"


def test_broken_sidecar_still_reads_the_article(tmp_path, split):
    path = write(tmp_path, "strike.txt", HEADLINED)
    sidecar = write(tmp_path, "strike.json", '{"outlet": "Vellmar Evening Post",')
    articles, skipped = split(read_paths([path], outlet="Harbour Radio"))
    [article] = articles
    assert article.title == "Harbour Cranes Back in Service After Week-Long Strike"
    assert article.outlet == "Harbour Radio"
    [problem] = skipped
    assert problem.code == Reason.BAD_METADATA.code
    assert problem.origin == str(sidecar)
    assert "broken JSON" in problem.message


def test_sidecar_with_bad_date_keeps_the_rest(tmp_path, split):
    path = write(tmp_path, "strike.txt", HEADLINED)
    write(
        tmp_path,
        "strike.json",
        json.dumps({"outlet": "Vellmar Evening Post", "published": "last Thursday"}),
    )
    [article], [problem] = split(read_paths([path]))
    assert article.outlet == "Vellmar Evening Post"
    assert article.published is None
    assert problem.code == Reason.BAD_METADATA.code
    assert "last Thursday" in problem.message


def test_sidecar_that_is_not_an_object(tmp_path, split):
    path = write(tmp_path, "strike.txt", HEADLINED)
    write(tmp_path, "strike.json", '["Vellmar Evening Post"]')
    [article], [problem] = split(read_paths([path]))
    assert article.outlet is None
    assert problem.code == Reason.BAD_METADATA.code


def test_binary_file_is_refused(tmp_path, split):
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    [], [problem] = split(read_paths([path]))
    assert problem.code == Reason.BINARY.code
    assert problem.origin == str(path)


def test_undecodable_bytes_report_the_offset(tmp_path, split):
    path = write(tmp_path, "menu.txt", b"caf\xe9 prices rose again this spring")
    [], [problem] = split(read_paths([path]))
    assert problem.code == Reason.UNDECODABLE.code
    assert "0xe9" in problem.message
    assert "offset 3" in problem.message


def test_utf16_is_named_not_called_binary():
    [problem] = read_text("Rates held".encode("utf-16"), "utf16.txt")
    assert problem.code == Reason.UNDECODABLE.code
    assert "UTF-16" in problem.message


def test_whitespace_only_and_empty_files_are_empty(tmp_path, split):
    blank = write(tmp_path, "blank.txt", " \n\t\n   \n")
    empty = write(tmp_path, "empty.txt", b"")
    [], skipped = split(read_paths([blank, empty]))
    assert [problem.code for problem in skipped] == [Reason.EMPTY.code, Reason.EMPTY.code]
    assert [problem.origin for problem in skipped] == [str(blank), str(empty)]
