"""The cheap tests run before the summariser's costly patterns never change their answer."""

from __future__ import annotations

import random
import sys

import pytest

from newsloom.brief import summary_sentences as ss

# Sentences on both sides of each pattern, with the Unicode letters re.IGNORECASE reads as
# ASCII ones (dotted and dotless i, long s, the Kelvin sign) inside the trigger words.
SENTENCES = [
    "The minister said the talks would resume on Monday.",
    "Click here to read the full report.",
    "Please \u017fubscribe to our newsletter for updates.",
    "CLİCK HERE for the gallery.",
    "Call 555-123-4567 for tickets.",
    "Call 0800 123 456 for advice.",
    "The 2009 budget rose 12 percent, to 1,200 million dollars.",
    "Photo: a crowd outside the court.",
    "Read more at www.example.org today.",
    "Follow us on the network, @newsdesk.",
    "Terms of use apply to all subscribers.",
    "Copyright 2024 Example Media. All rights reserved.",
    "The jury heard from Dr. Smith and Capt.",
    "He was met by J.",
    "Supt.",
    "It was signed by Mr. Jones on Tuesday.",
    "Gov.\n",
    "Prices rose in Leeds St. Albans and York, Officials said.",
    "Cookie settings were updated: see below.",
    "Last updated 3 hours ago by the desk.",
    "A total of 34\u212a was recorded in the lab.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_fast_paths_agree_with_the_patterns(sentence: str) -> None:
    assert ss._chrome(sentence) == (ss._CHROME.search(sentence) is not None)
    assert ss._abbreviation_end(sentence) == (ss._ABBREVIATION_END.search(sentence) is not None)


def test_the_case_folds_are_every_non_ascii_letter_the_patterns_read_as_ascii() -> None:
    letter = ss.re.compile("[a-z]", ss.re.IGNORECASE)
    folded = {chr(c) for c in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    assert folded == {chr(c) for c in ss._ASCII_FOLDS}


def test_a_stamp_needs_a_digit() -> None:
    text = "Storm Hits Coast  December 7, 2009  Heavy rain fell across the whole coast overnight."
    assert ss._glued_stamp(text, 0, len(text))[0] is not None
    plain = "Storm hits coast as heavy rain fell across the whole coast overnight again."
    assert ss._glued_stamp(plain, 0, len(plain)) == (None, None)


def _endings(count: int, seed: int) -> list[str]:
    """Generated sentence endings: auxiliaries, negations, odd spacing, case and final marks."""
    rng = random.Random(seed)
    pieces = ["did", "not", "n't", "either", "too", "Should", "WAS", ".", "!", "\n", " ", "  ",
              "\t", "\u00a0", "x", "(", "-", "is", "\u017f"]  # fmt: skip
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(count)]


ELLIPTICAL = [
    "The villagers said they did not.",
    "Prices rose, and wages did too.",
    "Officials could not either!",
    "It was  not \n too.\n",
    "They wouldn't.",
    "The ministry said it had no comment.",
    *_endings(20_000, 7),
]


def test_the_elliptical_tail_search_agrees_with_the_whole_search() -> None:
    found = [ss._elliptical_end(s) for s in ELLIPTICAL]
    assert found == [ss._ELLIPTICAL_END.search(s) is not None for s in ELLIPTICAL]
    assert any(found) and not all(found)


FILLER = [
    "Overall, the talks went well.",
    "It remains to be seen whether the truce holds.",
    "Only time will tell.",
    "The outcome REMAİNS UNCERTAIN for now.",
    "The truce remained in place on Monday.",
    "In the end the court ruled for the city.",
    "The minister said the talks would resume on Monday.",
]


@pytest.mark.parametrize("sentence", FILLER)
def test_the_filler_gate_agrees_with_the_pattern(sentence: str) -> None:
    assert ss.is_filler(sentence) == (ss._FILLER.search(sentence) is not None)


def _headers(count: int, seed: int) -> list[str]:
    """Generated sentence openings: headlines, stamps of every shape, prepositions, months."""
    rng = random.Random(seed)
    pieces = ["Storm Hits Coast ", "December 7, 2009 ", "Dec. 7, 2009", " 11: 11 PM ET ",
              "2 / 3 / 2009 ", "Heavy rain fell across the whole coast overnight. ", "on ",
              "Posted ", "03. 31 BST ", "16 September 2013 ", "12 ", "May ", "mAR 3, 2001 ",
              "\u017fep 4, 2010 ", "| ", ", ", "at ", "Jan", "uary 5, 1999 "]  # fmt: skip
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) for _ in range(count)]


def test_the_stamps_tried_where_they_can_begin_are_the_stamps_finditer_finds() -> None:
    for text in _headers(5_000, 5):
        start, end = 0, len(text)
        limit = start + (end - start) // 2
        expected = []
        for match in ss._STAMP.finditer(text, start, end):
            if match.start() > limit:
                break
            expected.append(match.span())
        assert [m.span() for m in ss._stamps_from(text, start, end, limit)] == expected
