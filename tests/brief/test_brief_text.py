"""The brief's text as a reader sees it: evidence without stray blank lines, closed brackets,
a header that says when a story is undated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsloom.api import Newsloom
from newsloom.brief.render import count, to_markdown

QUAKE = {
    "id": "q-1",
    "outlet": "Ridge Wire",
    "published": "2025-03-11T06:05:00+00:00",
    "title": "Strong quake shakes the eastern highlands",
    "text": (
        "A magnitude 6.2 earthquake shook the eastern highlands before dawn on Tuesday, "
        "killing at least nine people, the disaster agency said.\n\n"
        "The quake hit at 04:17 local time (0117 GMT) at a depth of 12 kilometres.\n\n"
        "Schools across the province will stay closed until Monday, the governor said.\n\n"
    ),
}
UNDATED = {
    "id": "u-1",
    "outlet": "Hill Courier",
    "title": "Village choir wins regional prize",
    "text": (
        "The village choir of Morden took first prize at the regional singing contest, "
        "beating eleven other choirs with a programme of old harvest songs.\n\n"
        "Its conductor said the singers had rehearsed twice a week for a year.\n\n"
    ),
}


def _open(tmp_path: Path, analyzer: Any, records: list[dict[str, str]]) -> Newsloom:
    nl = Newsloom(tmp_path / "brief.db", analyzer=analyzer)
    report = nl.ingest(records)
    assert report.new == len(records), report.as_dict()
    return nl


def test_evidence_is_the_sentence_without_the_blank_lines_after_it(
    tmp_path: Path, analyzer: Any
) -> None:
    nl = _open(tmp_path, analyzer, [QUAKE])
    (story,) = nl.stories()
    brief = nl.brief(story.id)
    support = [e for c in brief.claims for e in c.support]
    assert support
    text = nl.article(support[0].article_id).text
    for e in support:
        # The parser's spans end in "\n\n": the Markdown showed them as `said. ”`.
        assert e.sentence == e.sentence.strip() and e.sentence
        assert text[e.start : e.end] == e.sentence
    assert " ”" not in to_markdown(brief)


def test_a_date_read_inside_brackets_keeps_them_closed(tmp_path: Path, analyzer: Any) -> None:
    nl = _open(tmp_path, analyzer, [QUAKE])
    (story,) = nl.stories()
    dated = [c.summary for c in nl.brief(story.id).claims if c.kind == "date"]
    gmt = [s for s in dated if "GMT" in s]
    assert gmt, dated
    # It read "hit at 04:17 local time (0117 GMT (2025-03-11)".
    assert all(s.count("(") == s.count(")") for s in dated), dated


def test_a_story_nothing_dates_says_undated_in_its_header(tmp_path: Path, analyzer: Any) -> None:
    nl = _open(tmp_path, analyzer, [UNDATED])
    (story,) = nl.stories()
    brief = nl.brief(story.id)
    assert brief.span() == "undated"
    # One article, one source: "1 articles, 1 independent sources, ? – ?" it said.
    assert f"Story {story.id}: 1 article, 1 independent source, undated." in to_markdown(brief)


def test_count_puts_the_noun_in_the_number() -> None:
    assert count(1, "article") == "1 article"
    assert count(0, "article") == "0 articles"
    assert count(3, "story", "stories") == "3 stories"
