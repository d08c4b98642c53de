"""Direct and reported speech, each attributed to a speaker resolved to an entity where possible.

Direct quotes are the words between double quote marks, straight or curly. A quote may run over
sentence boundaries, and over paragraphs where the writer leaves a paragraph open and starts the
next with a quote mark again, as English style has it. Reported speech is a speech verb with a
clause ("X said that ...", "..., X said") or "according to X". The attribution of a direct quote
is a speech verb just after the closing mark (", the foreign office said") or just before the
opening one ("X said that “...”"); a quote with neither continues the last speaker in the same
paragraph, or in the paragraph before when the whole paragraph is the quote.

The speaker is the subject of the speech verb, resolved against the entities in the text:
the entity the subject names; an acronym to the earlier organisation it abbreviates ("the FO");
"he"/"she" to the most recent person and "it" to the most recent organisation before the
quote; a definite description to the most recent entity whose canonical name, role or title
contains its words ("the foreign office" → "Pakistan's Foreign Office"); "the statement" and
other documents to the speaker of the previous quote. When nothing resolves, the speaker is
the subject's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Callable, Sequence

from spacy.tokens import Doc, Token

from newsloom.model import Entity, Quote

# An attribution is looked for this many tokens either side of the quote marks: ", Pakistan's
# Foreign Office spokeswoman Mumtaz Zahra Baloch told reporters" is ten.
MAX_ATTRIBUTION_GAP = 10
# A quote with no attribution at all is kept only when at least this long: shorter ones are scare
# quotes, nicknames and titles ("the so-called “deal”"), not speech.
MIN_UNATTRIBUTED_WORDS = 8
# A reported clause shorter than this is an object, not speech ("said so", "said nothing").
MIN_REPORTED_TOKENS = 4
# How many words before a person's name are read for a title ("Iran's foreign minister X").
TITLE_WINDOW_WORDS = 4
# Nouns for documents that speak for whoever issued them.
DOCUMENT_NOUNS = frozenset(
    {"statement", "communique", "communiqué", "release", "report", "letter", "post", "tweet",
     "message", "readout", "transcript", "declaration", "notice", "document", "note", "text"}
)
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_THING_PRONOUNS = frozenset({"it"})
_ORG_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OPENING = "“\""
_CLOSING = "”\""
_STOP_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "&"})
_SENTENCE_END = frozenset({".", "!", "?"})


@cache  # read once: the list is package data and never changes while running
def speech_verb_forms() -> frozenset[str]:
    """Every form of every speech verb in ontology/speech_verbs.txt, lower-cased."""
    text = files("newsloom").joinpath("ontology/speech_verbs.txt").read_text(encoding="utf-8")
    return frozenset(
        form.lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
        for form in line.split()
    )


@dataclass(frozen=True)
class QuoteMarks:
    """A quotation in the text: the offsets of its marks and the words inside."""

    start: int  # the opening mark
    end: int  # just past the closing mark, or the end of the paragraph when left open
    words: str  # the quoted words without the marks
    whole_paragraph: bool  # the quote is all its paragraph holds


def find_quote_marks(text: str) -> list[QuoteMarks]:
    """Quotations between double quote marks, joined over paragraphs left open."""
    found: list[QuoteMarks] = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    pending: tuple[int, list[str]] | None = None  # a quote left open at a paragraph's end
    for p_start, p_end in paragraphs:
        position = p_start
        body = text[p_start:p_end]
        lead = len(body) - len(body.lstrip())
        if pending is not None:
            if body[lead:lead + 1] in _OPENING:  # the quote goes on in this paragraph
                position = p_start + lead + 1
                opened, parts = pending
                pending = None
                closing = _find_closing(text, position, p_end)
                if closing is None:
                    parts.append(text[position:p_end])
                    pending = (opened, parts)
                    continue
                parts.append(text[position:closing])
                found.append(_marks(text, opened, closing + 1, parts))
                position = closing + 1
            else:
                opened, parts = pending
                found.append(_marks(text, opened, _trimmed_end(text, opened, parts), parts))
                pending = None
        while True:
            opening = _find_opening(text, position, p_end)
            if opening is None:
                break
            closing = _find_closing(text, opening + 1, p_end)
            if closing is None:
                pending = (opening, [text[opening + 1 : p_end]])
                break
            found.append(_marks(text, opening, closing + 1, [text[opening + 1 : closing]]))
            position = closing + 1
    if pending is not None:
        opened, parts = pending
        found.append(_marks(text, opened, _trimmed_end(text, opened, parts), parts))
    return found


def _find_opening(text: str, start: int, end: int) -> int | None:
    """The next opening mark: a curly one, or a straight one not glued to the word before."""
    for i in range(start, end):
        if text[i] == "“" or (text[i] == '"' and (i == 0 or not text[i - 1].isalnum())):
            return i
    return None


def _find_closing(text: str, start: int, end: int) -> int | None:
    """The next closing mark before the paragraph ends."""
    for i in range(start, end):
        if text[i] in _CLOSING:
            return i
    return None


def _trimmed_end(text: str, opened: int, parts: list[str]) -> int:
    """Where a quote left open ends: the end of its last paragraph's text."""
    last = parts[-1].rstrip()
    return text.index(last, opened) + len(last) if last else opened + 1


def _marks(text: str, start: int, end: int, parts: list[str]) -> QuoteMarks:
    """A QuoteMarks with its words tidied: outer spaces and the comma before an attribution go."""
    words = "\n\n".join(part.strip() for part in parts).strip().rstrip(",").strip()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    whole = not text[line_start:start].strip() and not text[end:line_end].strip(" .,")
    return QuoteMarks(start, end, words, whole)


@dataclass(frozen=True)
class _Attribution:
    """A speech verb with its subject, and the character range the attribution covers."""

    verb: Token
    subject: Token | None
    start: int
    end: int


def _is_speech_verb(token: Token) -> bool:
    """Whether a token is a verb of saying."""
    return token.lower_ in speech_verb_forms() and (token.pos_ == "VERB" or token.tag_.startswith("VB"))


def _subject_of(verb: Token) -> Token | None:
    """The speaker token of a speech verb: its subject, or the subject of the verb it joins."""
    for candidate in (verb, verb.head if verb.dep_ in ("conj", "advcl", "xcomp") else None):
        if candidate is None:
            continue
        subject = next((c for c in candidate.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None:
            return subject
    after = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None  # "said Raisi"
    if after is not None and after.pos_ in ("PROPN", "NOUN"):
        return after
    return None


def _attribution(verb: Token) -> _Attribution:
    """The attribution around a speech verb: the verb and its subject's phrase."""
    subject = _subject_of(verb)
    first = last = verb.i
    if subject is not None and (subject.head == verb or subject.i == verb.i + 1):
        first, last = min(first, subject.left_edge.i), max(last, subject.right_edge.i)
    doc = verb.doc
    return _Attribution(verb, subject, doc[first].idx, doc[last].idx + len(doc[last]))


def _according_to(token: Token) -> Token | None:
    """The speaker in "according to X", when token is "according"."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    return next((c for c in to.children if c.dep_ == "pobj"), None)


def _is_boundary(token: Token) -> bool:
    """Whether a token ends an attribution window: a line break or sentence-final mark."""
    return (token.is_space and "\n" in token.text) or token.text in _SENTENCE_END


def _window_attribution(doc: Doc, marks: QuoteMarks) -> _Attribution | None:
    """The attribution just after the closing mark, else just before the opening mark."""
    inside = doc.char_span(marks.start, marks.end, alignment_mode="expand")
    if inside is None:
        return None
    after = doc[inside.end : min(len(doc), inside.end + MAX_ATTRIBUTION_GAP)]
    for token in after:
        if token.text in _OPENING or _is_boundary(token):
            break
        found = _attribution_at(token)
        if found is not None:
            return found
    for i in range(inside.start - 1, max(-1, inside.start - 1 - MAX_ATTRIBUTION_GAP), -1):
        token = doc[i]
        if token.text in _CLOSING or _is_boundary(token):
            break
        found = _attribution_at(token)
        if found is not None:
            return found
    return None


def _attribution_at(token: Token) -> _Attribution | None:
    """An attribution anchored at this token: a speech verb or "according to X"."""
    if _is_speech_verb(token):
        return _attribution(token)
    speaker = _according_to(token)
    if speaker is not None:
        end = speaker.right_edge
        return _Attribution(token, speaker, token.idx, end.idx + len(end))
    return None


class _SpeakerResolver:
    """Resolves speaker tokens to entity names, remembering the previous quote's speaker."""

    def __init__(self, doc: Doc, entities: Sequence[Entity]) -> None:
        self.doc = doc
        self.entities = sorted(entities, key=lambda e: e.start)
        self.previous: str | None = None

    def resolve(self, subject: Token | None, before: int) -> str | None:
        """The speaker's canonical name, or its own words when nothing resolves."""
        if subject is None:
            return None
        named = self._entity_at(subject)
        if named is not None:
            return self._expand_acronym(named, before)
        lower = subject.lower_
        if lower in _PERSON_PRONOUNS:
            return self._latest(before, lambda e: e.label == "PERSON") or subject.text
        if lower in _THING_PRONOUNS:
            return self._latest(before, lambda e: e.label == "ORG") or subject.text
        if lower in DOCUMENT_NOUNS and self.previous is not None:
            return self.previous
        words = self._description(subject)
        for phrase in dict.fromkeys((words, subject.text)):  # the whole description, then its noun
            found = self._latest(before, lambda entity: self._describes(entity, phrase))
            if found is not None:
                return found
        return self._phrase_text(subject)

    def _entity_at(self, token: Token) -> Entity | None:
        """The entity whose mention covers a token."""
        for entity in self.entities:
            if entity.start <= token.idx < entity.end:
                return entity
        return None

    def _expand_acronym(self, entity: Entity, before: int) -> str:
        """An acronym's earlier full name ("FO" → "Foreign Office"), else the canonical name."""
        name = entity.canonical
        if not (name.isupper() and name.isalpha() and 2 <= len(name) <= 6):
            return name
        full = self._latest(before, lambda e: e.label in _ORG_LABELS and _initials(e.canonical) == name)
        return full or name

    def _latest(self, before: int, accept: Callable[[Entity], bool]) -> str | None:
        """The canonical name of the most recent entity before an offset that accept allows."""
        for entity in reversed(self.entities):
            if entity.start < before and accept(entity):
                return entity.canonical
        return None

    def _describes(self, entity: Entity, phrase: str) -> bool:
        """Whether a description ("foreign office") fits an entity's name, role or title."""
        if phrase.isupper():
            return entity.label in _ORG_LABELS and _initials(entity.canonical) == phrase
        phrase = phrase.lower()
        if entity.role and phrase in entity.role.lower():
            return True
        if entity.label in _ORG_LABELS:
            return phrase in entity.canonical.lower()
        if entity.label == "PERSON":
            line_start = self.doc.text.rfind("\n", 0, entity.start) + 1
            title = self.doc.text[line_start : entity.start].split()[-TITLE_WINDOW_WORDS:]
            return phrase in " ".join(title).lower()
        return False

    def _description(self, subject: Token) -> str:
        """The words of a definite description: its modifiers and head, without determiners."""
        words = [c for c in subject.lefts if c.dep_ in ("compound", "amod") and c.i >= subject.i - 3]
        return " ".join(t.text for t in [*words, subject])

    def _phrase_text(self, subject: Token) -> str:
        """The speaker phrase as written: the subject with its modifiers and of/for phrase."""
        doc = self.doc
        last = subject.i
        for child in subject.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "at"):
                last = child.right_edge.i
            break
        return doc[subject.left_edge.i : last + 1].text


def _initials(name: str) -> str:
    """The initials of a name's main words: "Pakistan's Foreign Office" → "FO"."""
    words = [w for w in name.split() if w.lower() not in _STOP_WORDS and not re.search(r"[’']s$", w)]
    return "".join(w[0] for w in words if w[0].isupper())


@dataclass(frozen=True)
class _Found:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    words: str
    subject: Token | None
    direct: bool
    inherit: bool = False  # no attribution: continues the previous speaker


def _direct_quotes(doc: Doc) -> tuple[list[_Found], set[int]]:
    """Direct quotes with their attributions, and the speech verbs they used."""
    found: list[_Found] = []
    used: set[int] = set()
    previous: QuoteMarks | None = None
    for marks in find_quote_marks(doc.text):
        attribution = _window_attribution(doc, marks)
        if attribution is not None:
            used.add(attribution.verb.i)
            start, end = min(marks.start, attribution.start), max(marks.end, attribution.end)
            found.append(_Found(start, end, marks.words, attribution.subject, True))
        elif previous is not None and found and _continues(doc.text, previous, marks):
            found.append(_Found(marks.start, marks.end, marks.words, None, True, inherit=True))
        elif len(marks.words.split()) >= MIN_UNATTRIBUTED_WORDS:
            found.append(_Found(marks.start, marks.end, marks.words, None, True))
        else:
            continue
        previous = marks
    return found, used


def _continues(text: str, previous: QuoteMarks, marks: QuoteMarks) -> bool:
    """Whether a quote with no attribution goes on from the previous quote's speaker."""
    lines = text[previous.end : marks.start].split("\n")
    if len(lines) == 1:
        return True  # the same paragraph: “A,” he said. “B.”
    # the next paragraph, when the whole paragraph is the quote
    return marks.whole_paragraph and all(not line.strip() for line in lines[1:])


def _reported_speech(doc: Doc, used: set[int], quoted: list[tuple[int, int]]) -> list[_Found]:
    """Reported speech: speech verbs with a clause, and "according to X"."""
    found: list[_Found] = []
    for token in doc:
        if token.i in used or any(s <= token.idx < e for s, e in quoted):
            continue
        if _is_speech_verb(token):
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            subject = _subject_of(token)
            passive = any(c.dep_ == "auxpass" for c in token.children)  # "it was said that"
            if clause is None or subject is None or passive:
                continue
            words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause)]
            words = [t for t in words if not t.is_space]
            while words and words[-1].is_punct:
                words.pop()
            if len(words) < MIN_REPORTED_TOKENS or any(t.text in _OPENING + _CLOSING for t in words):
                continue
            first = min(words[0].i, token.i, subject.left_edge.i)
            last = max(words[-1].i, token.i, subject.right_edge.i)
            start, end = doc[first].idx, doc[last].idx + len(doc[last])
            text = doc.text[words[0].idx : words[-1].idx + len(words[-1])]
            found.append(_Found(start, end, text, subject, False))
            quoted.append((start, end))
        elif (speaker := _according_to(token)) is not None:
            found.extend(_according(doc, token, speaker))
    return found


def _according(doc: Doc, token: Token, speaker: Token) -> list[_Found]:
    """The sentence around "according to X", without that phrase, attributed to X."""
    sentence = token.sent
    phrase = range(token.i, speaker.right_edge.i + 1)
    words = [t for t in sentence if t.i not in phrase and not t.is_space]
    if any(t.text in _OPENING + _CLOSING for t in words):
        return []
    while words and words[0].is_punct:
        words.pop(0)
    while words and words[-1].is_punct:
        words.pop()
    if len(words) < MIN_REPORTED_TOKENS:
        return []
    text = "".join(t.text_with_ws for t in words).strip().rstrip(",").strip()
    text = re.sub(r"\s+,", ",", text)
    first, last = min(words[0].i, token.i), max(words[-1].i, speaker.right_edge.i)
    return [_Found(doc[first].idx, doc[last].idx + len(doc[last]), text, speaker, False)]


def find_quotes(doc: Doc, entities: Sequence[Entity]) -> tuple[Quote, ...]:
    """Direct and reported quotes in a parsed document, in text order, with resolved speakers."""
    direct, used = _direct_quotes(doc)
    reported = _reported_speech(doc, used, [(f.start, f.end) for f in direct])
    resolver = _SpeakerResolver(doc, entities)
    quotes: list[Quote] = []
    for item in sorted([*direct, *reported], key=lambda f: f.start):
        if item.inherit:
            speaker = resolver.previous
        else:
            speaker = resolver.resolve(item.subject, item.start)
        if speaker is not None:
            resolver.previous = speaker
        text = doc.text[item.start : item.end]
        quotes.append(Quote(text, item.start, item.end, item.words, speaker, item.direct))
    return tuple(quotes)
