"""Treebank-tokenised text is rejoined; ordinary prose is left alone."""

from __future__ import annotations

from newsloom.ingest.clean import clean_article
from newsloom.ingest.detokenize import detokenize, looks_tokenized
from newsloom.model import Article

TOKENISED = (
    "LITTLETON , Colo. ( AP ) -- The sheriff 's first estimate was wrong , and officials "
    "do n't know why . `` We counted twice , '' a spokesman said -LRB- in a statement -RRB- . "
    "Prices rose 5 % to $ 12 , the students ' union said ."
)


def test_tokenised_text_is_rejoined() -> None:
    assert looks_tokenized(TOKENISED)
    text = detokenize(TOKENISED)
    assert text.startswith("LITTLETON, Colo. (AP) -- The sheriff's first estimate was wrong,")
    assert "don't know why." in text
    assert "“We counted twice,” a spokesman said (in a statement)." in text
    assert "rose 5% to $12, the students' union said." in text
    assert " ," not in text and " ." not in text


def test_ordinary_prose_is_unchanged() -> None:
    prose = (
        'He said, "It is fine." Then - well - nothing happened. Mr. Smith (of AP) left at 5 p.m. '
        "The students' union met; prices rose 5%."
    )
    assert not looks_tokenized(prose)
    assert detokenize(prose) == prose


def test_cleaning_detokenises_text_and_title() -> None:
    article = Article(text=TOKENISED, origin="t", title="Sheriff 's count was off")
    result = clean_article(article)
    assert not isinstance(result, type(None))
    cleaned = result.article  # type: ignore[union-attr]
    assert "sheriff's first estimate" in cleaned.text
    # A title too short to judge alone keeps its tokens; the text decides for the text.
    assert cleaned.title is not None
