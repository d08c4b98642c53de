"""Quotes: direct and reported speech with speakers resolved to entities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsloom.analyze.entities import extract_entities
from newsloom.analyze.quotes import Paragraphs, find_quote_marks, find_quotes, speech_verb_forms
from newsloom.model import Entity, Quote


def spacy_entities(doc: Any) -> list[Entity]:
    """Entities straight from spaCy, canonical name = mention text (no resolution module)."""
    return [Entity(e.text, e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]


@pytest.fixture(scope="module")
def quotes_in(analyzer: Any) -> Any:
    """A function from text to its quotes, with offsets checked against the text."""

    def run(text: str, entities: list[Entity] | None = None) -> tuple[Quote, ...]:
        doc = analyzer.nlp(text)
        found = find_quotes(doc, spacy_entities(doc) if entities is None else entities)
        for q in found:
            assert text[q.start : q.end] == q.text
        return found

    return run


def quoting(found: tuple[Quote, ...], words: str) -> Quote:
    """The one quote whose quoted words contain the given words."""
    matches = [q for q in found if words in q.quote]
    assert len(matches) == 1, (words, found)
    return matches[0]


def test_speech_verbs_load() -> None:
    forms = speech_verb_forms()
    assert {"said", "told", "added", "warned", "described"} <= forms


def test_quote_marks_over_sentences_and_paragraphs() -> None:
    text = (
        'She said: "First part. Still first.\n\n"Second part.\n\n'
        '"Last part," she added.\nA "scare" word.'
    )
    marks = find_quote_marks(text)
    assert [m.words for m in marks] == [
        "First part. Still first.\nSecond part.\nLast part",
        "scare",
    ]
    assert text[marks[0].start] == '"' and text[marks[0].end - 1] == '"'


def test_hard_wrapped_lines_stay_in_one_paragraph() -> None:
    text = "The minister said the\ntalks went well.\n    Next paragraph."
    assert len(Paragraphs(text).spans) == 2


def test_after_attribution_with_person_pronoun(quotes_in: Any) -> None:
    text = 'Prime Minister Shehbaz Sharif toured Lahore. "We are ready to deepen trade," he said.'
    q = quoting(quotes_in(text), "deepen trade")
    assert (q.speaker, q.direct, q.quote) == (
        "Shehbaz Sharif",
        True,
        "We are ready to deepen trade",
    )
    assert q.text == '"We are ready to deepen trade," he said'


def test_inverted_attribution_and_continuation(quotes_in: Any) -> None:
    text = "“This is a first step,” said Ali Khan, a senior trade official. “We will do more.”"
    found = quotes_in(text)
    assert quoting(found, "first step").speaker == "Ali Khan"
    assert quoting(found, "do more").speaker == "Ali Khan"


def test_quote_spanning_sentences(quotes_in: Any) -> None:
    text = "Maria Lopez spoke at noon. “We came as friends. We leave as partners,” she said."
    q = quoting(quotes_in(text), "We came as friends")
    assert q.quote == "We came as friends. We leave as partners"
    assert q.speaker == "Maria Lopez"


def test_multi_paragraph_quote_keeps_its_speaker(quotes_in: Any) -> None:
    text = (
        "Ali Khan spoke to reporters.\n\n"
        "“The talks were hard,” Khan said. “We did not agree on everything.\n\n"
        "“But there is no alternative to dialogue.”\n"
    )
    q = quoting(quotes_in(text), "no alternative")
    assert q.quote == ("We did not agree on everything.\nBut there is no alternative to dialogue.")
    assert q.speaker == "Khan"


def test_whole_paragraph_quote_continues_previous_speaker(quotes_in: Any) -> None:
    text = (
        "“We tried,” Sara Malik told reporters.\n\n"
        "“Nobody can say we did not make a real effort.”\n"
    )
    assert quoting(quotes_in(text), "Nobody can say").speaker == "Sara Malik"


def test_before_attribution_and_document_speaker(quotes_in: Any) -> None:
    text = (
        "Japan's Defense Ministry said that “two missiles landed outside the zone.”\n"
        "“Further launches cannot be ruled out,” the statement added."
    )
    found = quotes_in(text)
    first = quoting(found, "two missiles")
    assert "Defense Ministry" in (first.speaker or "")
    assert quoting(found, "Further launches").speaker == first.speaker


def test_definite_description_resolves_to_earlier_organisation(quotes_in: Any) -> None:
    text = (
        "The Interior Ministry of Kenya opened an inquiry on Monday.\n"
        "“The inquiry will be independent,” the ministry said in a statement."
    )
    assert "Interior Ministry" in (quoting(quotes_in(text), "independent").speaker or "")


def test_acronym_resolves_to_full_name(quotes_in: Any) -> None:
    text = (
        "The Foreign Office issued a travel warning.\n"
        "The FO described “the situation as volatile and unpredictable.”"
    )
    assert quoting(quotes_in(text), "volatile").speaker == "Foreign Office"


def test_the_foreign_office_said_goes_to_the_named_office(analyzer: Any, quotes_in: Any) -> None:
    text = (
        "Pakistan's Foreign Office confirmed the talks on Sunday.\n"
        "“The talks will cover trade and energy,” the foreign office said."
    )
    entities = list(extract_entities(analyzer.nlp(text)))
    found = quotes_in(text, entities)
    assert quoting(found, "trade and energy").speaker == "Pakistan Foreign Office"


def test_title_before_a_name_matches_a_description(quotes_in: Any) -> None:
    text = "Kenya's President William Ruto landed in Nairobi.\n“We are home,” the president said."
    assert quoting(quotes_in(text), "We are home").speaker == "William Ruto"


def test_role_resolution_with_parser(quotes_in: Any) -> None:
    text = "Ms Ortega arrived in the capital. “We will rebuild,” the governor said."
    entity = Entity(
        "Ortega",
        text.index("Ortega"),
        text.index("Ortega") + 6,
        "PERSON",
        "Ana Ortega",
        role="governor",
    )
    assert quoting(quotes_in(text, [entity]), "rebuild").speaker == "Ana Ortega"


def test_reported_speech(quotes_in: Any) -> None:
    found = quotes_in("The Interior Ministry said 14 suspects had been detained in the raids.")
    q = quoting(found, "14 suspects")
    assert q.direct is False
    assert q.quote == "14 suspects had been detained in the raids"
    assert "Interior Ministry" in (q.speaker or "")


def test_according_to(quotes_in: Any) -> None:
    q = quoting(
        quotes_in("According to the United Nations, more than 3,000 families have fled."),
        "families",
    )
    assert (q.direct, q.quote) == (False, "more than 3,000 families have fled")
    assert "United Nations" in (q.speaker or "")


def test_unresolved_speaker_keeps_its_phrase(quotes_in: Any) -> None:
    q = quoting(quotes_in("“Prices will rise,” a senior trader said."), "Prices will rise")
    assert q.speaker == "a senior trader"


@pytest.mark.parametrize(
    "text",
    [
        "The band played “Yesterday” twice.",  # a title
        "The so-called “reform” changed nothing.",  # a scare quote
        "It was said that the talks went well.",  # no speaker
        "Officials said so.",  # no clause
    ],
)
def test_negatives(quotes_in: Any, text: str) -> None:
    assert quotes_in(text) == ()


def test_seed_foreign_office_quotes(analyzer: Any, seeds_dir: Path) -> None:
    text = next(seeds_dir.glob("003_*.txt")).read_text(encoding="utf-8")
    doc = analyzer.nlp(text)
    found = find_quotes(doc, spacy_entities(doc))
    for q in found:
        assert text[q.start : q.end] == q.text
    first = quoting(found, "This will be the first visit")
    # the whole quoted sentence, read from the seed itself: from the opening words to the closing
    # mark
    opening = text.index("This will be the first visit")
    closing = text.index("”", opening)
    assert first.quote == text[opening:closing].rstrip(",")
    assert first.direct and "Foreign Office" in (first.speaker or "")
    assert first.text.endswith("the foreign office said")
    added = quoting(found, "Discussions would also focus")
    assert "Foreign Office" in (added.speaker or "")
    assert "Foreign Office" in (quoting(found, "his upcoming trip").speaker or "")
    assert "Foreign Office" in (quoting(found, "President Raisi will be accompanied").speaker or "")


def test_a_dateline_is_never_the_speaker(quotes_in: Any) -> None:
    # Regression: the parser makes a dateline's place the subject of the lead's verb, and
    # "OSLO (Fjord Wire) — Nordic airline Skyfjord said ..." was attributed to "OSLO".
    text = (
        "OSLO (Fjord Wire) — Nordic airline Skyfjord said on Monday it had agreed to buy "
        "its regional rival for 90 million euros."
    )
    found = quoting(quotes_in(text), "agreed to buy")
    assert found.speaker is not None
    assert "OSLO" not in found.speaker.upper().split()
    assert "Skyfjord" in found.speaker


def test_a_dateline_is_not_part_of_the_reported_words(quotes_in: Any) -> None:
    text = (
        "VALPARAISO (Coast Wire) — A magnitude 5.9 earthquake shook the port city on Sunday "
        "evening, damaging two piers, local authorities said."
    )
    found = quoting(quotes_in(text), "earthquake shook")
    assert found.quote.startswith("A magnitude 5.9 earthquake")
    assert "VALPARAISO" not in found.quote and "Coast Wire" not in found.quote
    assert found.speaker is not None and "authorities" in found.speaker
