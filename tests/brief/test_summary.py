"""The extractive summariser on hand-written reports and on the real seed reports."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from newsloom.brief.fuse import embed_sentences
from newsloom.brief.summary import (
    Summary,
    summarize_articles,
    summarize_paths,
)
from newsloom.brief.summary_select import SummaryParams
from newsloom.brief.summary_sentences import hard_wrapped as _hard_wrapped
from newsloom.brief.summary_sentences import shorten_to_headline as _shorten
from newsloom.brief.summary_sentences import trim_span as _trim
from newsloom.model import Analysis, Article, Span, StoryMember

# Four reports of one (invented) bridge collapse. That the bridge passed an inspection in March
# is told by three of them in different words; the bakery aside appears in one report only.
BRIDGE = [
    (
        "Eldham Gazette",
        "A road bridge over the River Tamsin in Eldham collapsed on Tuesday morning, sending two "
        "cars into the water. Rescue crews pulled four people from the river and all of them "
        "survived. The local bakery owner, who sells rye bread to tourists, said she once sang in "
        "a jazz band.",
    ),
    (
        "County Herald",
        "Four people were rescued after the Tamsin bridge in Eldham gave way on Tuesday and two "
        "cars fell into the river. County engineers had inspected the bridge in March and found it "
        "safe for traffic. Police have closed the main road through the town centre until further "
        "notice.",
    ),
    (
        "Valley Radio",
        "The Eldham bridge collapse on Tuesday left two cars in the River Tamsin, but all four "
        "occupants were saved by rescuers. The span had passed a safety inspection by county "
        "engineers only in March. Residents said the bridge had shaken for weeks whenever lorries "
        "crossed it.",
    ),
    (
        "Northern Times",
        "Two cars plunged into the River Tamsin when a bridge in Eldham collapsed on Tuesday, and "
        "rescue teams saved all four people inside. An inspection carried out by the county in "
        "March had declared the structure safe. The council has promised an independent "
        "investigation into the collapse.",
    ),
]


def _reports(rows: list[tuple[str, str]]) -> list[Article]:
    return [
        Article(text=text, origin=f"report-{i}", outlet=outlet)
        for i, (outlet, text) in enumerate(rows)
    ]


def _summarise(analyzer, articles: list[Article], **options) -> Summary:  # type: ignore[no-untyped-def]
    return summarize_articles(articles, analyzer.pipe(articles), analyzer.embedder, **options)


def _trimmed_from(shown: str, span: str) -> bool:
    """Whether the shown sentence is the span with some of its words left out."""
    words = iter(re.findall(r"\w+", span.lower()))
    return all(any(w == v for v in words) for w in re.findall(r"\w+", shown.lower()))


@pytest.mark.parametrize("words", [15, 30, 60, 100])
def test_word_limit_and_whole_sentences(analyzer, words: int) -> None:  # type: ignore[no-untyped-def]
    articles = _reports(BRIDGE)
    summary = _summarise(analyzer, articles, words=words)
    assert len(summary.text.split()) <= words
    assert summary.text == " ".join(s.text for s in summary.sentences)
    for sentence in summary.sentences:
        # Whole sentences (at most trimmed of attribution and asides), traceable to their
        # offsets in the article they came from.
        source = articles[sentence.article].text
        assert _trimmed_from(sentence.text, source[sentence.start : sentence.end])
        assert sentence.text.endswith((".", "!", '"', "”"))
        assert sentence.text[0].isupper()
    if words >= 30:
        assert summary.sentences, "a 30-word budget holds at least one of these sentences"
    assert summary.headline and summary.articles == 4 and summary.words == words


@pytest.mark.parametrize("words", [45, 100])
def test_corroborated_fact_is_kept_and_one_off_aside_is_not(analyzer, words: int) -> None:  # type: ignore[no-untyped-def]
    summary = _summarise(analyzer, _reports(BRIDGE), words=words)
    text = summary.text.lower()
    assert "inspect" in text, summary.text
    # Even with budget to spare the aside stays out: the summary is shorter rather than padded.
    assert "bakery" not in text and "jazz" not in text, summary.text
    # The collapse itself is in every report; the summary says so.
    assert max(s.outlets for s in summary.sentences) >= 3


def test_syndicated_copy_gives_no_repeats_and_no_extra_outlet(analyzer) -> None:  # type: ignore[no-untyped-def]
    rows = BRIDGE + [("Wire Reprint", BRIDGE[1][1])]  # the Herald's report re-run word for word
    articles = _reports(rows)
    summary = _summarise(analyzer, articles, words=100)
    texts = [s.text for s in summary.sentences]
    assert len(texts) == len(set(texts)) >= 3
    vectors = analyzer.embedder.embed(texts)
    for i, j in itertools.combinations(range(len(texts)), 2):
        assert float(vectors[i] @ vectors[j]) < SummaryParams().redundancy, (texts[i], texts[j])
    # The reprint is one outlet's words twice: never a fifth independent outlet.
    assert all(s.outlets <= 4 for s in summary.sentences)
    declared = _summarise(analyzer, articles, words=100, independent=[True] * 4 + [False])
    assert all(s.outlets <= 4 for s in declared.sentences)


def test_single_article_and_bad_arguments(analyzer) -> None:  # type: ignore[no-untyped-def]
    one = _reports(BRIDGE[:1])
    summary = _summarise(analyzer, one, words=40)
    assert summary.sentences and all(s.article == 0 and s.outlets == 1 for s in summary.sentences)
    with pytest.raises(ValueError):
        summarize_articles(one, [], analyzer.embedder)
    with pytest.raises(ValueError):
        summarize_articles(one, analyzer.pipe(one), analyzer.embedder, independent=[True, False])
    empty = summarize_articles(
        one, [Analysis(sentences=(), entities=(), timexes=())], analyzer.embedder
    )
    assert empty.text == "" and empty.sentences == []


def test_precomputed_sentence_vectors_give_the_same_summary(analyzer) -> None:  # type: ignore[no-untyped-def]
    articles = _reports(BRIDGE)
    analyses = analyzer.pipe(articles)
    members = [
        StoryMember(i, a, an) for i, (a, an) in enumerate(zip(articles, analyses, strict=True))
    ]
    vectors = embed_sentences(members, analyzer.embedder)
    asked: list[str] = []

    class Recording:
        def embed(self, texts):  # type: ignore[no-untyped-def]
            asked.extend(texts)
            return analyzer.embedder.embed(texts)

    plain = summarize_articles(articles, analyses, analyzer.embedder, words=60)
    blocks = [vectors[m.article_id] for m in members]
    reused = summarize_articles(articles, analyses, Recording(), words=60, sentence_vectors=blocks)
    assert (reused.headline, reused.text) == (plain.headline, plain.text)
    assert asked == []  # untitled reports with nothing to trim: every vector came from the blocks
    # An article without a block has its sentences embedded here, and only those.
    partial = summarize_articles(
        articles, analyses, Recording(), words=60, sentence_vectors=[None, *blocks[1:]]
    )
    assert partial.text == plain.text and asked and all(t in articles[0].text for t in asked)
    with pytest.raises(ValueError):
        summarize_articles(articles, analyses, analyzer.embedder, sentence_vectors=blocks[:2])


def test_seed_reports_summary_mentions_the_visit(seeds_dir: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    summary = summarize_paths([seeds_dir], analyzer, words=100)
    text = summary.text.lower()
    assert summary.articles == 2
    assert len(summary.text.split()) <= 100
    assert "raisi" in text and "visit" in text and "pakistan" in text, summary.text
    assert "brought to you by" not in text
    assert not re.match(r"(?i)(overall|in conclusion|ultimately)\b", summary.sentences[-1].text)
    assert "raisi" in summary.headline.lower()
    payload = summary.as_dict()
    assert payload["sentences"][0]["text"] == summary.sentences[0].text


def _trimmed(text: str) -> str:
    start, end, _header = _trim(text, Span(text=text, start=0, end=len(text)))
    return text[start:end]


def test_trim_drops_datelines_and_glued_headers_but_keeps_wrapped_prose() -> None:
    assert _trimmed("WASHINGTON (AP) _ The Senate approved the budget plan on Tuesday.").startswith(
        "The Senate"
    )
    assert _trimmed("LONDON (Reuters) - The Bank of England held rates on Thursday.").startswith(
        "The Bank"
    )
    # The wire's underscore dash after a place in title case, as raw newswire sets it.
    assert _trimmed("Little Rock, Ark. _ The governor signed the bill on Friday.").startswith(
        "The governor"
    )
    # An underscore dash inside a sentence is punctuation, not a dateline.
    assert _trimmed("Actor Tom Rowe returned to the stage _ in a comedy.").startswith("Actor")
    glued = (
        "Escaped inmate found after six days in hiding 7: 15 a. m. Dec. 7, 2009 A man who slipped "
        "away from guards during a court transfer was found Monday in a barn near Amarillo."
    )
    assert _trimmed(glued).startswith("A man who slipped")
    _s, _e, header = _trim(glued, Span(glued, 0, len(glued)))
    assert header == "Escaped inmate found after six days in hiding"
    headed = (
        "Raisi Set for Landmark Visit to Pakistan\n\nThe president will visit Pakistan from Monday "
        "to Wednesday."
    )
    assert _trimmed(headed).startswith("The president")
    wrapped = (
        "The Senate voted on Tuesday to approve the\nbudget plan after a long debate in the "
        "chamber."
    )
    assert _trimmed(wrapped) == wrapped
    # A date that belongs to the sentence stays in it.
    dated = "Reid checked herself in on Tuesday, December 9, 2008, her publicist told reporters."
    assert _trimmed(dated) == dated


def test_shorten_makes_headline_sized_text() -> None:
    long_lead = (
        "Bettie Page, the pin-up model whose photographs titillated and outraged Americans in "
        "the 1950s, has died, her agent said."
    )
    assert _shorten(long_lead) == "Bettie Page has died"
    cut = _shorten(
        "The Indian navy captured 23 pirates who threatened a merchant vessel in the lawless "
        "waters of the Gulf of Aden on Saturday."
    )
    assert 4 <= len(cut.split()) <= 14 and not re.search(r"[.,;:]$", cut)


def test_hard_wrapped_wire_copy_keeps_its_first_line() -> None:
    # Regression: a wrapped first line with capitalised names looked like a headline.
    text = (
        "Standard Oil Co and BP North America\nInc said they plan to form a venture to manage the\n"
        "money market borrowing and investment activities of both\n"
        "companies, the firms said today.\n"
        "BP North America is a subsidiary of British Petroleum Co\nPlc, which owns a 55 pct stake."
    )
    assert _hard_wrapped(text)
    sentence_end = text.index("today.") + len("today.")
    start, end, header = _trim(text, Span(text[:sentence_end], 0, sentence_end), wrapped=True)
    assert (start, header) == (0, None)


def test_facts_found_elsewhere_are_preferred_and_counted_once(analyzer) -> None:  # type: ignore[no-untyped-def]
    articles = _reports(BRIDGE)
    analyses = analyzer.pipe(articles)
    # The Herald's lead tells the collapse as the others do; marked as stating a fact found
    # elsewhere, it is the one told.
    lead = articles[1].text[: articles[1].text.index("river.") + len("river.")]
    facts: list[list[tuple[int, int, str]]] = [[], [(0, len(lead), "collapse")], [], []]
    plain = summarize_articles(articles, analyses, analyzer.embedder, words=45)
    assert "gave way" not in plain.text, plain.text
    preferred = summarize_articles(
        articles,
        analyses,
        analyzer.embedder,
        words=45,
        params=SummaryParams(fact_weight=1.0),
        facts=facts,
    )
    assert "gave way" in preferred.text, preferred.text
    with pytest.raises(ValueError):
        summarize_articles(articles, analyses, analyzer.embedder, facts=facts[:2])


def test_fill_cuts_one_more_sentence_at_the_budget(analyzer) -> None:  # type: ignore[no-untyped-def]
    articles = _reports(BRIDGE)
    analyses = analyzer.pipe(articles)
    whole = summarize_articles(articles, analyses, analyzer.embedder, words=40)
    filled = summarize_articles(
        articles, analyses, analyzer.embedder, words=40, params=SummaryParams(fill=True)
    )
    assert len(whole.text.split()) < 40 == len(filled.text.split()), filled.text
    assert [s.text for s in filled.sentences[:-1]] == [s.text for s in whole.sentences]
    last = filled.sentences[-1]
    assert last.text.endswith("…")
    source = articles[last.article].text[last.start : last.end]
    assert _trimmed_from(last.text.rstrip("…"), source)
