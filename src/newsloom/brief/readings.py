"""Per-article readings: what a brief reads of each article, read once and kept in the store.

A brief of a 200-article story spent most of its time reading each article's sentences the
same way every time: the summariser's candidate sentences, their concepts, stems and trimmed
forms; the fusion table's flags of each sentence (denial, revision, total, salience, figures);
the dated facts. None of that depends on the story an article is in, so ingest reads it once
(`read_article`) and the store keeps it (`newsloom.store.readings`); a brief takes the kept
readings and reads only the articles without them.

Readings are a cache, never a source: each is stored with `readings_version()`, a digest of
the code and word lists it was read with, and with the shape of the analysis it was read from
(text length and the number of sentences, entities, time expressions and quotes). A reading
made by other code, or from another analysis of the article, is not used: the article is
read again, so a brief is the same with or without them.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

import spacy

from newsloom import __version__
from newsloom.analyze.quotes import speech_verb_forms
from newsloom.brief.mentions import DateReading, QuoteReading, read_dates, read_quotes
from newsloom.brief.summary_candidates import (
    CandidateFields,
    SummaryReading,
    TrimmedForm,
    read_summary,
)
from newsloom.brief.table import Interval, SentenceFlags, count_words, read_sentence_flags
from newsloom.data import ontology_text
from newsloom.model import Analysis, Article

__all__ = [
    "ArticleReadings",
    "decode_readings",
    "encode_readings",
    "read_article",
    "readings_version",
]

# Bumped when the stored layout changes (the code digest covers what the readings hold).
READINGS_FORMAT = 2
# The modules whose code decides what a reading holds: a change to any of them makes the
# readings kept by the old code unused (and read again), so a brief never depends on them.
_READING_MODULES = (
    "newsloom.brief.readings",
    "newsloom.brief.summary_candidates",
    "newsloom.brief.summary_sentences",
    "newsloom.brief.summary_trim",
    "newsloom.brief.summary_concepts",
    "newsloom.brief.table",
    "newsloom.brief.mentions",
    "newsloom.ingest.clean",
    "newsloom.analyze.quotes",
)
# Joins a stored set of words: no word, stem or word pair the readings hold has one.
SEPARATOR = "|"
# zlib level of the stored readings: the concepts repeat the article's words, so they shrink
# to about a fifth; a higher level gains little and costs ingest time.
_COMPRESSION = 6


@dataclass(frozen=True)
class ArticleReadings:
    """What a brief reads of one analysed article, whatever story it is in."""

    shape: tuple[int, ...]  # `analysis_shape` of what it was read from
    words: int  # words in the text (`count_words`)
    summary: SummaryReading
    flags: tuple[SentenceFlags, ...]  # one per sentence of the analysis
    dates: tuple[DateReading, ...]
    quotes: tuple[QuoteReading, ...]  # one per quote of the analysis


def analysis_shape(article: Article, analysis: Analysis) -> tuple[int, ...]:
    """Text length and counts of what the readings are read from: a cheap check that a kept
    reading belongs to the analysis at hand."""
    return (
        len(article.text),
        len(analysis.sentences),
        len(analysis.entities),
        len(analysis.timexes),
        len(analysis.quotes),
    )


def read_article(article: Article, analysis: Analysis) -> ArticleReadings:
    """Read one analysed article as a brief reads it."""
    return ArticleReadings(
        shape=analysis_shape(article, analysis),
        words=count_words(article.text),
        summary=read_summary(article.text, analysis),
        flags=tuple(read_sentence_flags(analysis)),
        dates=tuple(read_dates(article.text, analysis, speech_verb_forms())),
        quotes=tuple(read_quotes(analysis)),
    )


@cache
def readings_version() -> str:
    """A digest of the code and word lists readings are made with (read once per process)."""
    digest = hashlib.sha256(f"{READINGS_FORMAT} {__version__} {spacy.__version__}".encode())
    for name in _READING_MODULES:
        source = import_module(name).__file__
        # Without its source (an installed bytecode-only build) the version string stands in.
        if source is not None and Path(source).is_file():
            digest.update(Path(source).read_bytes())
    digest.update(ontology_text("speech_verbs.txt").encode())
    return digest.hexdigest()[:16]


def encode_readings(readings: ArticleReadings) -> bytes:
    """The stored form: compact JSON, compressed; candidate texts are left out (re-read from
    the article text by their offsets)."""
    summary = readings.summary
    payload = {
        "shape": list(readings.shape),
        "words": readings.words,
        "candidates": [
            [
                c.position,
                c.start,
                c.end,
                c.words,
                c.eligible,
                c.header,
                _pack(k),
                _pack(s),
                _form(f, c.text),
            ]
            for c, k, s, f in zip(
                summary.candidates, summary.concepts, summary.stems, summary.forms, strict=True
            )
        ],
        "flags": [
            [
                f.polarity,
                f.date_revision,
                f.aggregate,
                f.salient,
                _pack(f.figures),
                f.counts,
            ]
            for f in readings.flags
        ],
        "quotes": [[q.sentence, q.quote, _pack(q.words)] for q in readings.quotes],
        "dates": [
            [
                d.sentence,
                d.interval.begin.isoformat(),
                d.interval.end.isoformat(),
                d.interval.grain,
                d.interval.label,
                d.head,
                d.head_is_speech,
                _pack(d.anchors),
                d.phrase,
                d.revised,
                d.clause,
                d.words,
            ]
            for d in readings.dates
        ],
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), _COMPRESSION)


_EMPTY: frozenset[str] = frozenset()


def _pack(words: frozenset[str]) -> str | list[str]:
    """A set of words as stored: joined by SEPARATOR (one JSON string decodes far faster
    than a list of them), or a list should a word be empty or hold the separator."""
    if "" in words or any(SEPARATOR in w for w in words):
        return sorted(words)
    return SEPARATOR.join(sorted(words))


def _unpack(stored: str | list[str]) -> frozenset[str]:
    """A stored set of words read back (see `_pack`)."""
    if isinstance(stored, str):
        return frozenset(stored.split(SEPARATOR)) if stored else _EMPTY
    return frozenset(stored)


def _form(form: TrimmedForm | None, sentence: str) -> Any:
    """A trimmed form as stored: null (not eligible), 1 (filler), 0 (trimming cut nothing), or
    [text, concepts, stems]."""
    if form is None:
        return None
    if form.filler:
        return 1
    if form.text == sentence:
        return 0
    return [form.text, _pack(form.concepts), _pack(form.stems)]


def decode_readings(blob: bytes, article: Article, analysis: Analysis) -> ArticleReadings | None:
    """Stored readings read back for this article and analysis; None when they do not fit it
    or cannot be read (the caller reads the article again)."""
    try:
        payload = json.loads(zlib.decompress(blob))
        if tuple(payload["shape"]) != analysis_shape(article, analysis):
            return None
        return ArticleReadings(
            shape=tuple(payload["shape"]),
            words=int(payload["words"]),
            summary=_summary(payload["candidates"], article.text),
            flags=tuple(
                SentenceFlags(p, r, a, s, _unpack(f), c) for p, r, a, s, f, c in payload["flags"]
            ),
            dates=tuple(_date(d) for d in payload["dates"]),
            quotes=tuple(QuoteReading(i, q, _unpack(w)) for i, q, w in payload["quotes"]),
        )
    except (ValueError, TypeError, KeyError, zlib.error):
        # A damaged or foreign reading is a missed cache entry, not an error: read again.
        return None


def _summary(rows: list[list[Any]], text: str) -> SummaryReading:
    """The summariser's reading from its stored rows and the article text."""
    candidates, concepts, stems, forms = [], [], [], []
    for position, start, end, words, eligible, header, pairs, content, form in rows:
        sentence = " ".join(text[start:end].split())
        candidates.append(CandidateFields(position, start, end, sentence, words, eligible, header))
        concepts.append(_unpack(pairs))
        stems.append(_unpack(content))
        forms.append(_trimmed(form, sentence))
    return SummaryReading(tuple(candidates), tuple(concepts), tuple(stems), tuple(forms))


def _trimmed(form: Any, sentence: str) -> TrimmedForm | None:
    """A stored trimmed form read back (see `_form`)."""
    if form is None:
        return None
    if form == 1:
        return TrimmedForm(True, "", _EMPTY, _EMPTY)
    if form == 0:
        return TrimmedForm(False, sentence, _EMPTY, _EMPTY)
    trimmed, pairs, content = form
    return TrimmedForm(False, trimmed, _unpack(pairs), _unpack(content))


def _date(row: list[Any]) -> DateReading:
    """A stored dated fact read back."""
    sentence, begin, end, grain, label, head, speech, anchors, phrase, revised, clause, words = row
    interval = Interval(date.fromisoformat(begin), date.fromisoformat(end), grain, label)
    return DateReading(
        sentence, interval, head, speech, _unpack(anchors), phrase, revised, clause, words
    )
