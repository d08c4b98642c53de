"""Which language an article is in: py3langid's guess, checked by word counts when it is unsure.

py3langid reads character n-grams, so text with few ordinary words (earnings tables such as
"Shr 27 cts vs 29 cts / Net 13,555,000 vs 14,635,000", price lists, headline-only items) gets
low-confidence guesses like Nigerian Pidgin ("pcm"), "no linguistic content" ("zxx") or Volapük
("vo"), and a non-English article is stored without analysis. When the guess is unsure, the
words decide: text whose words are nearly all English words (by wordfreq's English frequency
list) and more English than they are of the guessed language is English.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Below this many letters py3langid's guess is noise, so the language stays unknown.
MIN_LETTERS_FOR_LANGUAGE = 20
# A guess whose normalised probability reaches this is trusted as it is (py3langid gives whole
# articles in one language 0.99 and more; tables and fragments get far less).
CONFIDENT_GUESS = 0.95
# A word counts as English when wordfreq has seen it at least once per ten million English
# words (Zipf 2): abbreviations of the trade ("cts", "mln", "shrs") are in, gibberish is not.
ENGLISH_WORD_ZIPF = 2.0
# An unsure guess becomes English when at least this share of the words are English words.
ENGLISH_WORD_SHARE = 0.8
# The languages are judged on this much of the text: enough words for a share, bounded work.
LANGUAGE_SAMPLE_CHARS = 5000

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model with probabilities normalised to sum to one (loaded once)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _wordfreq_languages() -> frozenset[str]:
    from wordfreq import available_languages

    return frozenset(available_languages())


def word_share(words: list[str], language: str) -> float:
    """The share of the words that wordfreq knows as words of the language (0 for no words)."""
    from wordfreq import zipf_frequency

    if not words:
        return 0.0
    known = sum(zipf_frequency(w.lower(), language) >= ENGLISH_WORD_ZIPF for w in words)
    return known / len(words)


def _english_by_words(text: str, guess: str) -> bool:
    """Whether the words of an unsurely classified text say it is English."""
    words = _WORD.findall(text)
    english = word_share(words, "en")
    if english < ENGLISH_WORD_SHARE:
        return False
    if guess in _wordfreq_languages():
        return english > word_share(words, guess)
    return True  # a guess wordfreq has no words for ("pcm", "zxx", "vo") cannot outvote them


def detect_language(text: str) -> str | None:
    """ISO 639 code of the text's language, or None when too short to tell."""
    letters = sum(ch.isalpha() for ch in text[:2000])
    if letters < MIN_LETTERS_FOR_LANGUAGE:
        return None
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    guess, probability = _identifier().classify(sample)
    guess = str(guess)
    if guess != "en" and probability < CONFIDENT_GUESS and _english_by_words(sample, guess):
        return "en"
    return guess
