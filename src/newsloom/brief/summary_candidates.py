"""What the summariser reads of one article: its candidate sentences, their concepts and forms.

Everything here depends on one article's text and analysis alone, never on the story it is in,
so it can be read once per article and kept (`newsloom.brief.readings`): a brief then only
combines its members' readings. `read_summary` is that reading; the summariser computes the
same thing on the fly for articles that have none kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from newsloom.brief.summary_concepts import WordMemo, concepts_and_stems
from newsloom.brief.summary_sentences import (
    hard_wrapped,
    inside_quotation,
    is_eligible,
    is_filler,
    trim_span,
)
from newsloom.brief.summary_trim import trim_sentence
from newsloom.model import Analysis

__all__ = [
    "MAX_CANDIDATE_POSITION",
    "MAX_SENTENCES_PER_ARTICLE",
    "MIN_SUPPORT_WORDS",
    "CandidateFields",
    "SummaryReading",
    "TrimmedForm",
    "candidate_fields",
    "read_summary",
    "trimmed_form",
]

# Sentences shorter still than MIN_SENTENCE_WORDS are not even embedded: they neither stand in
# a summary nor show what others carry.
MIN_SUPPORT_WORDS = 4
# Sentences read per article: the facts are near the top, and a long feature must stay cheap.
MAX_SENTENCES_PER_ARTICLE = 60
# Only a report's first sentences may stand in a summary (later ones still show what the
# report carries): the inverted pyramid, and a programme that stays small.
MAX_CANDIDATE_POSITION = 25


class CandidateFields(NamedTuple):
    """One candidate sentence of an article, before it is placed in a story."""

    position: int  # index among its article's sentences
    start: int  # the trimmed span's offsets in the article text
    end: int
    text: str  # whitespace collapsed
    words: int
    eligible: bool  # False: may support others but is never put in a summary
    header: str | None  # a headline found glued before the sentence, if any


class TrimmedForm(NamedTuple):
    """What the summary's pool reads of an eligible candidate: whether it is filler, and its
    text with attribution tails and asides trimmed, with that text's concepts and stems."""

    filler: bool
    text: str  # the trimmed text ("" for filler, which is never shown)
    concepts: frozenset[str]
    stems: frozenset[str]


@dataclass(frozen=True)
class SummaryReading:
    """The summariser's reading of one article: candidates with their concepts, stems and
    trimmed forms (None for a candidate that is not eligible), in sentence order."""

    candidates: tuple[CandidateFields, ...]
    concepts: tuple[frozenset[str], ...]
    stems: tuple[frozenset[str], ...]
    forms: tuple[TrimmedForm | None, ...]


def candidate_fields(text: str, analysis: Analysis) -> list[CandidateFields]:
    """The article's sentences, trimmed of datelines and glued headers, that may count."""
    quoted = [(q.start, q.end) for q in analysis.quotes if q.direct]
    wrapped = hard_wrapped(text)
    out = []
    for position, span in enumerate(analysis.sentences[:MAX_SENTENCES_PER_ARTICLE]):
        start, end, header = trim_span(text, span, wrapped)
        words = text[start:end].split()
        if len(words) < MIN_SUPPORT_WORDS:
            continue
        # Hard-wrapped text keeps its line breaks inside sentences; the summary reads them as
        # spaces.
        sentence = " ".join(words)
        eligible = (
            position < MAX_CANDIDATE_POSITION
            and is_eligible(sentence, start, end, quoted)
            and not inside_quotation(text, start)
            and not _split_figure(text, start, end)
        )
        out.append(CandidateFields(position, start, end, sentence, len(words), eligible, header))
    return out


def trimmed_form(sentence: str, memo: WordMemo) -> TrimmedForm:
    """The pool's reading of an eligible sentence (whitespace collapsed)."""
    if is_filler(sentence):
        return TrimmedForm(True, "", frozenset(), frozenset())
    trimmed = trim_sentence(sentence)
    if trimmed == sentence:
        return TrimmedForm(False, trimmed, frozenset(), frozenset())
    concepts, stems = concepts_and_stems(trimmed, memo)
    return TrimmedForm(False, trimmed, concepts, stems)


def read_summary(text: str, analysis: Analysis, memo: WordMemo | None = None) -> SummaryReading:
    """Everything the summariser reads of one article, read once."""
    memo = {} if memo is None else memo
    candidates = candidate_fields(text, analysis)
    read = [concepts_and_stems(c.text, memo) for c in candidates]
    return SummaryReading(
        candidates=tuple(candidates),
        concepts=tuple(concepts for concepts, _ in read),
        stems=tuple(stems for _, stems in read),
        forms=tuple(trimmed_form(c.text, memo) if c.eligible else None for c in candidates),
    )


def _split_figure(text: str, start: int, end: int) -> bool:
    """Whether the parser split the sentence off inside a figure ("cost $7." + "5 billion"):
    neither half stands alone."""
    cut_before = start > 1 and text[start - 1] == "." and text[start - 2].isdigit()
    cut_after = end > 1 and text[end - 1] == "." and text[end - 2].isdigit()
    return (cut_before and text[start : start + 1].isdigit()) or (
        cut_after and text[end : end + 1].isdigit()
    )
