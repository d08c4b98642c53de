"""Dated claims read as statements, are corroborated as before, and are listed once.

Regression: a dated claim was shown as the words just before its date ("eastern Turkey early on
Tuesday (2025-03-11)", "By Wednesday (2025-03-12)"), which says nothing of what happened; and a
wire dateline ("ROME (Wire) — ") was read as a speaker. The reports below are written for the
test: three outlets on one ferry grounding.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsloom.brief.fuse import Claim, FusedStory, fuse_story
from newsloom.model import Article, StoryMember

REPORTS = (
    (
        "Harbour Gazette",
        "2025-11-04T08:00",
        "Ferry aground off Kvitsoy",
        "STAVANGER (Coast Wire) — A passenger ferry ran aground near the island of Kvitsoy on "
        "Monday, the coastguard said.\n\n"
        "All 140 passengers were taken ashore by lifeboats.\n\n"
        "The operator said the route would stay closed until Friday.",
    ),
    (
        "Fjord Times",
        "2025-11-04T10:00",
        "Passengers stranded as ferry hits rocks",
        "The passenger ferry ran aground near Kvitsoy early on Monday, leaving 140 passengers "
        "stranded for hours.\n\n"
        "The operator closed the route until Friday.",
    ),
    (
        "Daily Ledger",
        "2025-11-04T12:00",
        "Stranded ferry to be towed",
        "Salvage crews reached the stranded ferry near Kvitsoy on Tuesday.\n\n"
        "“The ship will be towed to Bergen on Wednesday,” said Ingrid Lunde, a spokeswoman for "
        "the operator.",
    ),
)


@pytest.fixture(scope="module")
def ferry(analyzer: Any) -> FusedStory:
    """The three reports fused as one story, each its own outlet."""
    articles = [
        Article(text=text, origin=f"ferry-{i}", title=title, outlet=outlet, published=published)
        for i, (outlet, published, title, text) in enumerate(REPORTS)
    ]
    analyses = analyzer.pipe(articles)
    members = [
        StoryMember(i + 1, article, analysis)
        for i, (article, analysis) in enumerate(zip(articles, analyses, strict=True))
    ]
    return fuse_story(members, analyzer.embedder)


def _dated(story: FusedStory, words: str) -> Claim:
    """The one date claim whose summary holds these words."""
    found = [c for c in story.claims if c.kind == "date" and words in c.summary]
    assert len(found) == 1, [c.summary for c in story.claims if c.kind == "date"]
    return found[0]


def test_a_dated_claim_says_what_happened_and_keeps_its_date(ferry: FusedStory) -> None:
    grounding = _dated(ferry, "ran aground")
    # before: "island of Kvitsoy on Monday (2025-11-03)"
    assert grounding.summary.startswith("A passenger ferry ran aground near")
    assert grounding.summary.endswith("on Monday (2025-11-03)")
    assert grounding.value == "2025-11-03"


def test_two_outlets_stating_one_dated_event_still_corroborate_it(ferry: FusedStory) -> None:
    grounding = _dated(ferry, "ran aground")
    assert grounding.status == "corroborated"
    assert set(grounding.outlets) == {"Harbour Gazette", "Fjord Times"}
    closed = _dated(ferry, "until Friday")
    assert closed.status == "corroborated" and closed.independent_outlets == 2
    assert closed in ferry.corroborated


def test_a_dateline_is_neither_speaker_nor_statement(ferry: FusedStory) -> None:
    lines = [c.summary for c in ferry.claims] + [t.summary for t in ferry.timeline]
    assert not any("STAVANGER" in line or "Coast Wire" in line for line in lines), lines
    speakers = {c.key.lower() for c in ferry.claims if c.kind == "quote"}
    assert "stavanger" not in speakers


def test_a_quote_the_dated_line_already_says_is_not_listed_again(ferry: FusedStory) -> None:
    closed = _dated(ferry, "until Friday")
    operator = [c for c in ferry.claims if c.kind == "quote" and "route would stay" in c.summary]
    assert len(operator) == 1
    # kept, and pointing at the line that says it, but listed once
    assert operator[0].repeats == closed.id
    listed = {c.id for c in (*ferry.corroborated, *ferry.single_source)}
    assert operator[0].id not in listed and closed.id in listed


def test_a_quoted_date_is_one_line_the_quote_with_its_date(ferry: FusedStory) -> None:
    quote = next(c for c in ferry.claims if c.kind == "quote" and "towed to Bergen" in c.summary)
    towed = _dated(ferry, "towed to Bergen")
    assert towed.repeats == quote.id and quote.repeats is None
    assert quote.summary.startswith("Ingrid Lunde: “The ship will be towed")
    assert quote.summary.endswith(f"({towed.value})")  # the quote's line gains the date
    assert quote in ferry.single_source and towed not in ferry.single_source
    # the date still dates the timeline
    assert any(towed.id in entry.claim_ids for entry in ferry.timeline)


def test_every_claim_listed_is_listed_once(ferry: FusedStory) -> None:
    listed = [c.summary for c in (*ferry.corroborated, *ferry.single_source)]
    assert len(listed) == len(set(listed))
    assert {c.id for c in ferry.claims if c.repeats is None} == {
        c.id for c in (*ferry.corroborated, *ferry.single_source)
    }
