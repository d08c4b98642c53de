"""A pipeline component that ends a sentence at a paragraph break, before the parser runs.

spaCy's parser decides sentence boundaries, and it runs a headline into the dateline and lead
below it ("... U.N. warns of famine\\n\\nPORT SUDAN, June 18 - Sudan's army said ..."), so that
a word of the headline becomes an argument of the lead's verb. A blank line always ends a
sentence in news copy; the component marks the first word after one as a sentence start, and
the parser, which keeps boundaries set before it, segments the rest as ever. A wire dateline
("BEIRUT, Feb 15 - ") is held to the sentence it opens, which the parser, told a sentence starts
at "BEIRUT", would otherwise end there. Text and offsets are untouched: only
`Token.is_sent_start` is written.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from newsloom.analyze.events.dateline import find_datelines

PARAGRAPHS_PIPE = "newsloom_paragraphs"
# Two line breaks with only blanks between them (spaces, tabs, no-break spaces) make a
# paragraph break: a single line break is often a wrapped line inside a sentence.
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


@Language.component(PARAGRAPHS_PIPE)
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Mark the first word after each blank line as the start of a sentence."""
    text = doc.text
    last_end: int | None = None  # end offset of the last word seen
    for token in doc:
        if token.is_space:
            continue
        if last_end is not None and _PARAGRAPH_BREAK.search(text, last_end, token.idx):
            token.is_sent_start = True
        last_end = token.idx + len(token.text)
    _hold_datelines(doc)
    return doc


def _hold_datelines(doc: Doc) -> None:
    """Keep each dateline, and the first word after it, inside the sentence it opens."""
    datelines = find_datelines(doc.text)
    if not datelines:
        return
    for token in doc:
        for line in datelines:
            if line.start < token.idx <= line.end and not token.is_space:
                token.is_sent_start = False


def add_paragraph_pipe(nlp: Language) -> None:
    """Put the paragraph component before the parser (or first, with no parser)."""
    if PARAGRAPHS_PIPE in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS_PIPE, before="parser")
    else:
        nlp.add_pipe(PARAGRAPHS_PIPE, first=True)
