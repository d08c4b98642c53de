"""Direct and reported speech, each attributed to a speaker resolved to an entity where possible.

Direct quotes are the words between double quote marks, straight or curly. A quote may run over
sentence boundaries, and over paragraphs where the writer leaves a paragraph open and starts the
next with a quote mark again, as English style has it. Reported speech is a speech verb with a
clause ("X said that ...", "..., X said") or "according to X". The attribution of a direct quote
is a speech verb just after the closing mark (", the foreign office said") or just before the
opening one ("X said that “...”"); a quote with neither that opens a sentence continues the last
speaker in its paragraph, or in the paragraph before when the whole paragraph is the quote.

The speaker is the subject of the speech verb, resolved against the entities in the text: the
entity the subject names; an acronym to the earlier organisation it abbreviates ("the FO");
"he"/"she" to the most recent person and "it" to the most recent organisation before the quote;
a definite description to the most recent entity whose canonical name, role or title contains its
words ("the foreign office" → "Pakistan's Foreign Office"); "the statement" and other documents
to the speaker of the previous quote. When nothing resolves, the speaker is the subject's words.

Paragraphs end at a blank line, an indented line, or a line break after a sentence's end; other
line breaks are hard wrapping inside a paragraph (wire copy) and read as spaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from spacy.attrs import LOWER
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from newsloom.analyze.events.dateline import find_datelines
from newsloom.data import ontology_text
from newsloom.model import Entity, Quote

# An attribution is looked for this many tokens either side of the quote marks: ", Pakistan's
# Foreign Office spokeswoman Mumtaz Zahra Baloch told reporters" is ten.
MAX_ATTRIBUTION_GAP = 10
# A quote with no attribution at all is kept only when at least this long: shorter ones are scare
# quotes, nicknames and titles ("the so-called “deal”"), not speech.
MIN_UNATTRIBUTED_WORDS = 8
# A reported clause shorter than this is a fragment, not speech ("said so", "said yes").
MIN_REPORTED_TOKENS = 3
# How many words before a person's name are read for a title ("Iran's foreign minister X").
TITLE_WINDOW_WORDS = 4
# Nouns for documents that speak for whoever issued them.
DOCUMENT_NOUNS = frozenset({
    "statement", "communique", "communiqué", "release", "report", "letter", "post", "tweet",
    "message", "readout", "transcript", "declaration", "notice", "document", "note", "text",
})  # fmt: skip
# Entities that can speak; dates and numbers cannot.
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
_PERSON_PRONOUNS = frozenset({"he", "she"})
_THING_PRONOUNS = frozenset({"it"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OPENING = '“"'
_CLOSING = '”"'
_MARKS = _OPENING + _CLOSING
_STOP_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "&"})
_SENTENCE_END = frozenset({".", "!", "?"})


@cache  # read once: the list is package data and never changes while running
def speech_verb_forms() -> frozenset[str]:
    """Every form of every speech verb in ontology/speech_verbs.txt, lower-cased."""
    text = ontology_text("speech_verbs.txt")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return frozenset(form.lower() for line in lines for form in line.split())


class Paragraphs:
    """The paragraphs of a text, as character ranges, for finding the one around an offset."""

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int]] = []
        start = 0
        for newline in re.finditer(r"\n", text):
            if _is_paragraph_break(text, newline.start()):
                self._add(text, start, newline.start())
                start = newline.end()
        self._add(text, start, len(text))
        self._starts = [s for s, _ in self.spans]

    def _add(self, text: str, start: int, end: int) -> None:
        """Record a paragraph, trimmed of outer white space, unless it is blank."""
        body = text[start:end]
        if body.strip():
            lead = len(body) - len(body.lstrip())
            self.spans.append((start + lead, start + len(body.rstrip())))

    def around(self, offset: int) -> tuple[int, int]:
        """The paragraph an offset falls in (or the one before, in the white space after it)."""
        index = max(0, bisect_right(self._starts, offset) - 1)
        return self.spans[index] if self.spans else (0, 0)


def _is_paragraph_break(text: str, newline: int) -> bool:
    """Whether the line break at newline ends a paragraph rather than wrapping a line."""
    line = text[text.rfind("\n", 0, newline) + 1 : newline].rstrip()
    following = text[newline + 1 : newline + 2]
    return not line or following in ("", "\n", " ", "\t") or line[-1] in '.!?:”"’'


@dataclass(frozen=True)
class QuoteMarks:
    """A quotation in the text: the offsets of its marks and the words inside."""

    start: int  # the opening mark
    end: int  # just past the closing mark, or the end of the paragraph when left open
    words: str  # the quoted words without the marks, line wrapping undone
    whole_paragraph: bool  # the quote is all its paragraph holds


def find_quote_marks(text: str, paragraphs: Paragraphs | None = None) -> list[QuoteMarks]:
    """Quotations between double quote marks, joined over paragraphs left open."""
    paragraphs = paragraphs or Paragraphs(text)
    found: list[QuoteMarks] = []
    opened: int | None = None  # the opening mark of a quote left open at a paragraph's end
    parts: list[str] = []
    last_end = 0  # where the open quote's text so far ends
    for p_start, p_end in paragraphs.spans:
        position = p_start
        if opened is not None and text[p_start] in _OPENING:
            position = p_start + 1  # the open quote goes on in this paragraph
        elif opened is not None:  # it never closed: it ends with its last paragraph
            found.append(_marks(text, paragraphs, opened, last_end, parts))
            opened = None
        while position < p_end:
            if opened is None:
                opening = _find_opening(text, position, p_end)
                if opening is None:
                    break
                opened, parts, position = opening, [], opening + 1
            closing = text.find("”", position, p_end), text.find('"', position, p_end)
            ends = [c for c in closing if c >= 0]
            if not ends:
                parts.append(text[position:p_end])
                last_end = p_end
                break
            parts.append(text[position : min(ends)])
            found.append(_marks(text, paragraphs, opened, min(ends) + 1, parts))
            opened, position = None, min(ends) + 1
    if opened is not None:
        found.append(_marks(text, paragraphs, opened, last_end, parts))
    return found


def _find_opening(text: str, start: int, end: int) -> int | None:
    """The next opening mark: a curly one, or a straight one not glued to the word before."""
    for i in range(start, end):
        if text[i] == "“" or (text[i] == '"' and (i == 0 or not text[i - 1].isalnum())):
            return i
    return None


def _marks(text: str, paragraphs: Paragraphs, start: int, end: int, parts: list[str]) -> QuoteMarks:
    """A QuoteMarks with its words tidied: wrapping, outer spaces and a trailing comma go."""
    words = "\n".join(" ".join(part.split()) for part in parts).strip().rstrip(",").strip()
    first, last = paragraphs.around(start), paragraphs.around(max(start, end - 1))
    whole = start == first[0] and not text[end : last[1]].strip(" .,")
    return QuoteMarks(start, end, words, whole)


@dataclass(frozen=True)
class _Found:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    words: str
    subject: Token | None
    direct: bool
    inherit: bool = False  # no attribution: continues the previous speaker


class _Reader:
    """Finds attributions in one parsed document, never across a paragraph's edge."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each read: read it once
        self.paragraphs = Paragraphs(self.text)
        self.datelines = [(d.start, d.end) for d in find_datelines(self.text)]

    def in_dateline(self, token: Token) -> bool:
        """Whether a token lies in a wire dateline ("ROME (Wire) — "): never a speaker."""
        return any(start <= token.idx < end for start, end in self.datelines)

    def same_paragraph(self, token: Token, anchor: Token) -> bool:
        """Whether a token lies in the anchor's paragraph."""
        start, end = self.paragraphs.around(anchor.idx)
        return start <= token.idx < end

    def clipped(self, first: int, last: int, anchor: Token) -> tuple[int, int]:
        """Character offsets of tokens first..last, kept within the anchor's paragraph."""
        doc = self.doc
        while first < last and not self.same_paragraph(doc[first], anchor):
            first += 1
        while last > first and (not self.same_paragraph(doc[last], anchor) or doc[last].is_space):
            last -= 1
        return doc[first].idx, doc[last].idx + len(doc[last])

    def is_speech_verb(self, token: Token) -> bool:
        """Whether a token is a verb of saying."""
        if token.lower_ not in speech_verb_forms():
            return False
        if token.i > 0 and token.nbor(-1).text == "-":
            return False  # "so-called", "long-promised": part of a compound adjective
        return token.pos_ == "VERB" or token.tag_.startswith("VB")

    def subject_of(self, verb: Token) -> Token | None:
        """The speaker token of a speech verb: its subject, or the subject of the verb it joins."""
        for candidate in (verb, verb.head if verb.dep_ in ("conj", "advcl", "xcomp") else None):
            if candidate is None:
                continue
            subject = self._subject(candidate)
            if subject is not None and self.same_paragraph(subject, verb):
                return subject
            if subject is not None:  # a headline without a full stop ran into the parse
                return self._noun_before(verb)
        after = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None  # "said Raisi"
        if (
            after is not None
            and after.pos_ in ("PROPN", "NOUN")
            and self.same_paragraph(after, verb)
        ):
            return after
        return None

    def _subject(self, verb: Token) -> Token | None:
        """A verb's subject; one the parser took from a dateline ("OSLO (Wire) — Skerry Air
        said": OSLO as the subject, the airline hung on it) gives way to the verb's other
        subject, else to the name hung on the dateline's place after the dateline."""
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        real = [s for s in subjects if not self.in_dateline(s)]
        if not real:
            real = [
                c
                for s in subjects
                for c in s.children
                if c.dep_ in ("appos", "conj") and not self.in_dateline(c)
            ]
        return real[0] if real else None

    def _noun_before(self, verb: Token) -> Token | None:
        """The noun or pronoun just before a verb in its paragraph, past adverbs and auxiliaries."""
        for i in range(verb.i - 1, -1, -1):
            token = self.doc[i]
            if not self.same_paragraph(token, verb):
                return None
            if token.pos_ in ("NOUN", "PROPN", "PRON"):
                return token
            if token.pos_ not in ("ADV", "AUX", "PART"):
                return None
        return None

    def attribution_at(self, token: Token) -> tuple[Token | None, int, int] | None:
        """The speaker and range of an attribution at a speech verb or at "according"."""
        if self.is_speech_verb(token):
            subject = self.subject_of(token)
            if subject is None:
                return None
            first = last = token.i
            if subject.head == token or abs(subject.i - token.i) == 1:
                first, last = min(first, subject.left_edge.i), max(last, subject.right_edge.i)
            return (subject, *self.clipped(first, last, token))
        speaker = according_to(token)
        if speaker is not None:
            return (speaker, *self.clipped(token.i, speaker.right_edge.i, token))
        return None

    def window_attribution(self, marks: QuoteMarks) -> tuple[Token, Token | None, int, int] | None:
        """The attribution just after the closing mark, else just before the opening mark."""
        inside = self.doc.char_span(marks.start, marks.end, alignment_mode="expand")
        if inside is None:
            return None
        after = self.doc[inside.end : min(len(self.doc), inside.end + MAX_ATTRIBUTION_GAP)]
        before = reversed(self.doc[max(0, inside.start - MAX_ATTRIBUTION_GAP) : inside.start])
        for window, anchor, stop in ((after, inside[-1], _OPENING), (before, inside[0], _CLOSING)):
            for token in window:
                if (
                    token.text in stop
                    or token.text in _SENTENCE_END
                    or not self.same_paragraph(token, anchor)
                ):
                    break
                found = self.attribution_at(token)
                if found is not None:
                    return (token, *found)
        return None


def according_to(token: Token) -> Token | None:
    """The speaker in "according to X", when token is "according"."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None


class _SpeakerResolver:
    """Resolves speaker tokens to entity names, remembering the previous quote's speaker."""

    def __init__(self, reader: _Reader, entities: Sequence[Entity]) -> None:
        self.reader = reader
        self.entities = sorted(
            (e for e in entities if e.label in SPEAKER_LABELS), key=lambda e: e.start
        )
        self.previous: str | None = None

    def resolve(self, subject: Token | None, before: int) -> str | None:
        """The speaker's canonical name, or its own words when nothing resolves."""
        if subject is None:
            return None
        named = next((e for e in self.entities if e.start <= subject.idx < e.end), None)
        if named is not None and named.text[:1].islower():  # "the foreign office": a description
            return self._latest_described(before, named.text, skip=named) or named.canonical
        if named is not None:
            return self._expand_acronym(named, before)
        lower = subject.lower_
        if lower in _PERSON_PRONOUNS:
            return self._latest(before, lambda e: e.label == "PERSON") or subject.text
        if lower in _THING_PRONOUNS:
            return self._latest(before, lambda e: e.label == "ORG") or subject.text
        if lower in DOCUMENT_NOUNS and self.previous is not None:
            return self.previous
        modifiers = [c for c in subject.lefts if c.dep_ in ("compound", "amod")]
        description = " ".join(t.text for t in [*modifiers, subject])
        for phrase in dict.fromkeys((description, subject.text)):  # the description, then its noun
            found = self._latest_described(before, phrase)
            if found is not None:
                return found
        return self._phrase_text(subject)

    def _latest_described(self, before: int, phrase: str, skip: Entity | None = None) -> str | None:
        """The most recent entity before an offset that a description fits, other than skip."""
        return self._latest(before, lambda e: e is not skip and self._describes(e, phrase))

    def _expand_acronym(self, entity: Entity, before: int) -> str:
        """An acronym's earlier full name ("FO" → "Foreign Office"), else the canonical name."""
        name = entity.canonical
        if not (name.isupper() and name.isalpha() and 2 <= len(name) <= 6):
            return name
        full = self._latest(
            before, lambda e: e.label in _ORG_LABELS and _initials(e.canonical) == name
        )
        return full or name

    def _latest(self, before: int, accept: Callable[[Entity], bool]) -> str | None:
        """The canonical name of the most recent entity before an offset that accept allows."""
        for entity in reversed(self.entities):
            if entity.start < before and accept(entity):
                return entity.canonical
        return None

    def _describes(self, entity: Entity, phrase: str) -> bool:
        """Whether a description ("foreign office") fits an entity's name, role or title."""
        if phrase.isupper() and len(phrase) > 1:
            return entity.label in _ORG_LABELS and _initials(entity.canonical) == phrase
        pattern = re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE)
        if entity.role and pattern.search(entity.role):
            return True
        if entity.label in _ORG_LABELS:
            return bool(pattern.search(entity.canonical))
        if entity.label == "PERSON":  # a title just before the name: "Iran's foreign minister X"
            before = re.split(
                r"[.!?\n]", self.reader.text[max(0, entity.start - 80) : entity.start]
            )[-1]
            return bool(pattern.search(" ".join(before.split()[-TITLE_WINDOW_WORDS:])))
        return False

    def _phrase_text(self, subject: Token) -> str:
        """The speaker phrase as written: the subject with its modifiers and of/for phrase."""
        last = subject.i
        for child in subject.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "at"):
                last = child.right_edge.i
            break
        start, end = self.reader.clipped(subject.left_edge.i, last, subject)
        return " ".join(self.reader.text[start:end].split())


def _initials(name: str) -> str:
    """The initials of a name's main words: "Pakistan's Foreign Office" → "FO"."""
    words = [
        w for w in name.split() if w.lower() not in _STOP_WORDS and not re.search(r"[’']s$", w)
    ]
    return "".join(w[0] for w in words if w[0].isupper())


def _direct_quotes(reader: _Reader) -> tuple[list[_Found], set[int]]:
    """Direct quotes with their attributions, and the speech verbs they used."""
    found: list[_Found] = []
    used: set[int] = set()
    previous: QuoteMarks | None = None
    text = reader.text
    for marks in find_quote_marks(text, reader.paragraphs):
        attribution = reader.window_attribution(marks)
        if attribution is not None:
            verb, subject, a_start, a_end = attribution
            used.add(verb.i)
            start, end = min(marks.start, a_start), max(marks.end, a_end)
            found.append(_Found(start, end, marks.words, subject, True))
        elif (
            previous is not None
            and _opens_sentence(text, marks)
            and _continues(reader, previous, marks)
        ):
            found.append(_Found(marks.start, marks.end, marks.words, None, True, inherit=True))
        elif len(marks.words.split()) >= MIN_UNATTRIBUTED_WORDS:
            found.append(_Found(marks.start, marks.end, marks.words, None, True))
        else:
            continue
        previous = marks
    return found, used


def _opens_sentence(text: str, marks: QuoteMarks) -> bool:
    """Whether a quote starts a sentence of its own, as speech does and scare quotes do not."""
    before = text[max(0, marks.start - 40) : marks.start].rstrip()
    return not before or before[-1] in ".!?:\n" + _CLOSING


def _continues(reader: _Reader, previous: QuoteMarks, marks: QuoteMarks) -> bool:
    """Whether a quote with no attribution goes on from the previous quote's speaker."""
    here = reader.paragraphs.around(marks.start)
    if reader.paragraphs.around(previous.start) == here:
        return True  # the same paragraph: “A,” he said. “B.”
    spans = reader.paragraphs.spans
    index = spans.index(here)
    # the next paragraph, when the whole paragraph is the quote
    return (
        marks.whole_paragraph
        and index > 0
        and spans[index - 1] == reader.paragraphs.around(previous.end - 1)
    )


def _reported_speech(
    reader: _Reader, used: set[int], quoted: list[tuple[int, int]]
) -> list[_Found]:
    """Reported speech: speech verbs with a clause, and "according to X"."""
    found: list[_Found] = []
    doc = reader.doc
    for token in _speech_candidates(doc):
        if token.i in used or any(s <= token.idx < e for s, e in quoted):
            continue
        if reader.is_speech_verb(token):
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            subject = reader.subject_of(token)
            passive = any(c.dep_ == "auxpass" for c in token.children)  # "it was said that"
            if clause is None or subject is None or passive:
                continue
            words = [
                t
                for t in clause.subtree
                if not (t.dep_ == "mark" and t.head == clause) and not reader.in_dateline(t)
            ]
            words = _trimmed([t for t in words if reader.same_paragraph(t, token)])
            if len(words) < MIN_REPORTED_TOKENS or any(t.text in _MARKS for t in words):
                continue
            first = min(words[0].i, token.i, subject.left_edge.i)
            last = max(words[-1].i, token.i, subject.right_edge.i)
            start, end = reader.clipped(first, last, token)
            said = " ".join(reader.text[words[0].idx : words[-1].idx + len(words[-1])].split())
            found.append(_Found(start, end, said, subject, False))
            quoted.append((start, end))
        elif (speaker := according_to(token)) is not None:
            found.extend(_according(reader, token, speaker))
    return found


@cache  # the hashes of constant words
def _candidate_hashes() -> np.ndarray:
    """spaCy's hashes of the speech verb forms and of "according"."""
    strings = StringStore()
    words = {*speech_verb_forms(), "according"}
    return np.array(sorted(strings.add(w) for w in words), dtype=np.uint64)


def _speech_candidates(doc: Doc) -> Iterator[Token]:
    """The tokens that may be a speech verb or "according", in order: one array pass finds them."""
    lowers = doc.to_array(LOWER)
    for i in np.flatnonzero(np.isin(lowers, _candidate_hashes())):
        yield doc[int(i)]


def _trimmed(words: list[Token]) -> list[Token]:
    """Tokens without white space and without punctuation at either end."""
    words = [t for t in words if not t.is_space]
    while words and words[0].is_punct:
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    return words


def _according(reader: _Reader, token: Token, speaker: Token) -> list[_Found]:
    """The sentence around "according to X", without that phrase, attributed to X."""
    phrase = range(token.i, speaker.right_edge.i + 1)
    words = _trimmed(
        [
            t
            for t in token.sent
            if t.i not in phrase and reader.same_paragraph(t, token) and not reader.in_dateline(t)
        ]
    )
    if len(words) < MIN_REPORTED_TOKENS or any(t.text in _MARKS for t in words):
        return []
    said = " ".join("".join(t.text_with_ws for t in words).split())
    said = re.sub(r" ,", ",", said).rstrip(",")
    start, end = reader.clipped(
        min(words[0].i, token.i), max(words[-1].i, speaker.right_edge.i), token
    )
    return [_Found(start, end, said, speaker, False)]


def find_quotes(doc: Doc, entities: Sequence[Entity]) -> tuple[Quote, ...]:
    """Direct and reported quotes in a parsed document, in text order, with resolved speakers."""
    reader = _Reader(doc)
    direct, used = _direct_quotes(reader)
    reported = _reported_speech(reader, used, [(f.start, f.end) for f in direct])
    resolver = _SpeakerResolver(reader, entities)
    quotes: list[Quote] = []
    for item in sorted([*direct, *reported], key=lambda f: f.start):
        speaker = resolver.previous if item.inherit else resolver.resolve(item.subject, item.start)
        if speaker is not None:
            resolver.previous = speaker
        text = reader.text[item.start : item.end]
        quotes.append(Quote(text, item.start, item.end, item.words, speaker, item.direct))
    return tuple(quotes)
