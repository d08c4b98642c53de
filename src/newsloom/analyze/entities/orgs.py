"""Spans that are no names (table cells, lowercase words) and companies or media typed otherwise.

spaCy's small model reads earnings tables ("Shr 27 cts vs 29 cts") as names ("cts" ORG,
"Revs 291.8" PERSON, "Avg" PERSON), takes two-word company names for people ("Sealink Marine",
"Azam Marine") and newspaper names for places. The cues here are general ones: a table row is
mostly digits; a name has a capital letter and no decimal number; a corporate suffix or an
apposition ("X, a ferry company") marks a company; the head word of a newspaper's name ("Times",
"Tribune") marks a medium; and the mentions of one name in one article vote on its label.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc

from newsloom.analyze.entities.patterns import Mention
from newsloom.model import Entity

# A line whose non-space characters are at least this share digits is a table row, not prose:
# "Net 13,555,000 vs 14,635,000" is 60% digits, a sentence with a date or a figure under 10%.
TABLE_LINE_DIGIT_SHARE = 0.3
# A line that does not end like a sentence is a table row from this share of digits on:
# "Avg shrs 47.2 mln vs 47.1 mln" (26%), "Shr profit 57 cts vs profit 28 cts" (13%).
UNPUNCTUATED_LINE_DIGIT_SHARE = 0.1
_SENTENCE_END = '.!?"”’:)'
# Corporate-form suffixes (legal forms in English-language news): a name ending in one is a
# company's, and so is the same name written without it.
CORPORATE_SUFFIXES = frozenset(
    [
        "ltd",
        "ltd.",
        "limited",
        "inc",
        "inc.",
        "incorporated",
        "corp",
        "corp.",
        "corporation",
        "co",
        "co.",
        "plc",
        "llc",
        "llp",
        "lp",
        "gmbh",
        "ag",
        "sa",
        "s.a.",
        "nv",
        "n.v.",
        "bv",
        "b.v.",
        "spa",
        "s.p.a.",
        "ab",
        "asa",
        "oyj",
        "kk",
        "pty",
        "pte",
        "bhd",
        "tbk",
    ]
)
# Nouns an apposition or a premodifier uses for a company ("X, the company that ...",
# "the shipping firm X").
COMPANY_NOUNS = frozenset(
    [
        "company",
        "firm",
        "operator",
        "corporation",
        "conglomerate",
        "carrier",
        "airline",
        "insurer",
        "lender",
        "bank",
        "manufacturer",
        "maker",
        "retailer",
        "producer",
        "supplier",
        "group",
        "subsidiary",
        "startup",
        "start-up",
    ]
)
# Head words of newspaper, agency and broadcaster names ("Gulf Times", "Pakistan Today").
MEDIA_HEADS = frozenset(
    [
        "times",
        "post",
        "news",
        "herald",
        "tribune",
        "journal",
        "gazette",
        "chronicle",
        "observer",
        "express",
        "telegraph",
        "guardian",
        "mail",
        "standard",
        "today",
        "daily",
        "courier",
        "monitor",
        "citizen",
        "review",
        "star",
        "sun",
        "mirror",
        "inquirer",
        "dispatch",
        "bulletin",
        "recorder",
        "record",
        "press",
        "agency",
        "wire",
        "radio",
        "tv",
        "television",
    ]
)
# Common nouns that, right after a name, say it is a medium's ("Dawn newspaper reported").
MEDIA_NOUNS = frozenset(["newspaper", "daily", "weekly", "broadcaster", "tabloid", "magazine"])
# Tokens an apposition may put between its comma and the company noun ("a Zanzibar-based
# ferry company", "the state-owned shipping firm"): at most this many.
MAX_APPOSITION_WORDS = 6
_DECIMAL = re.compile(r"\d[.,]\d")
# Penn Treebank tags of adverbs and function words (prepositions, determiners, pronouns,
# conjunctions, modals, particles): a one-word span the tagger reads so is no name, whatever
# the entity recogniser made of its capitals.
_FUNCTION_TAGS = frozenset(
    [
        "RB",
        "RBR",
        "RBS",
        "RP",
        "IN",
        "DT",
        "PDT",
        "PRP",
        "PRP$",
        "WDT",
        "WP",
        "WP$",
        "WRB",
        "CC",
        "MD",
        "TO",
        "UH",
        "EX",
    ]
)
_FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def drop_non_names(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions that can be names: in prose (not a table row), with no decimal figure, with a
    capital letter where the text writes any (see `_uncased`), and not one adverb or function
    word."""
    text = doc.text
    cased = any(ch.isupper() for ch in text)
    kept = []
    for m in mentions:
        span = doc[m.start : m.end]
        if _DECIMAL.search(span.text):
            continue  # "Revs 291.8": a figure, not a name
        if cased and _uncased(m, span.text):
            continue
        if m.end - m.start == 1 and span[0].tag_ in _FUNCTION_TAGS:
            continue  # "rates cut AGAIN", "the strike is OVER": an adverb in capitals
        if _in_table_row(text, span.start_char):
            continue
        kept.append(m)
    return kept


def _uncased(m: Mention, span_text: str) -> bool:
    """A span the tagger took for a name with no capital letter in it ("cts" in "Qtly div eight
    cts vs seven cts prior", "dlrs"): English writes names capitalised, so in a text that uses
    capitals at all such a span is a common word or a unit. Mentions our own patterns add (an
    entity id: "the foreign office" and other bare institutions) are lowercase by design."""
    return not m.source and not any(ch.isupper() for ch in span_text)


def _in_table_row(text: str, offset: int) -> bool:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start : end if end >= 0 else len(text)]
    chars = [ch for ch in line if not ch.isspace()]
    if not chars:
        return False
    share = sum(ch.isdigit() for ch in chars) / len(chars)
    if chars[-1] not in _SENTENCE_END:
        return share >= UNPUNCTUATED_LINE_DIGIT_SHARE
    return share >= TABLE_LINE_DIGIT_SHARE


def _name_key(doc: Doc, m: Mention) -> str:
    """A mention's name without a leading "the" or a corporate suffix, lowercased."""
    words = [t.lower_ for t in doc[m.start : m.end]]
    if words and words[0] == "the":
        words = words[1:]
    while words and words[-1] in CORPORATE_SUFFIXES:
        words = words[:-1]
    return " ".join(words).rstrip(",")


def _has_suffix(doc: Doc, m: Mention) -> bool:
    return m.end - m.start > 1 and doc[m.end - 1].lower_ in CORPORATE_SUFFIXES


def _company_apposition(doc: Doc, m: Mention) -> bool:
    """ "X, the company that ..." / "X, a ferry firm" / "the shipping firm X"."""
    i = m.end
    if i < len(doc) and doc[i].text == ",":
        for k in range(i + 1, min(len(doc), i + 2 + MAX_APPOSITION_WORDS)):
            word = doc[k]
            if word.lower_ in COMPANY_NOUNS:
                return True
            if (word.is_punct and word.text not in "-–") or word.tag_ in _FINITE_VERB_TAGS:
                break  # the apposition ended ("a Zanzibar-based firm": hyphen and participle stay)
    before = doc[m.start - 1] if m.start > 0 else None
    return before is not None and before.lower_ in COMPANY_NOUNS


def _media_name(doc: Doc, m: Mention) -> bool:
    """ "Gulf Times", "Pakistan Today"; or a name followed by "newspaper" ("Dawn newspaper")."""
    last = doc[m.end - 1]
    if m.end - m.start > 1 and last.lower_ in MEDIA_HEADS and last.is_title:
        return True
    return m.end < len(doc) and doc[m.end].lower_ in MEDIA_NOUNS


def relabel_organisations(doc: Doc, mentions: list[Mention], titled_ids: set[int]) -> None:
    """Companies typed PERSON and media typed GPE or PERSON become ORG (see the module notes)."""
    votes: Counter[tuple[str, str]] = Counter()
    company: set[str] = set()
    for m in mentions:
        key = _name_key(doc, m)
        votes[key, m.label] += 1
        if _has_suffix(doc, m) or _company_apposition(doc, m):
            company.add(key)
    for m in mentions:
        if m.source or id(m) in titled_ids or m.label not in ("PERSON", "GPE", "ORG"):
            continue
        key = _name_key(doc, m)
        if (
            m.label == "PERSON"
            and (key in company or votes[key, "ORG"] > votes[key, "PERSON"])
            or m.label in ("GPE", "PERSON")
            and _media_name(doc, m)
        ):
            m.label, m.place, m.country = "ORG", None, None


def outlet_as_organisation(entities: tuple[Entity, ...], outlet: str | None) -> tuple[Entity, ...]:
    """The article's own outlet named in its text ("Dawn reported") is an ORG, spaCy aside."""
    if not outlet:
        return entities
    name = " ".join(outlet.lower().removeprefix("the ").split())
    return tuple(
        replace(e, label="ORG", country=None)
        if e.label != "ORG" and " ".join(e.canonical.lower().removeprefix("the ").split()) == name
        else e
        for e in entities
    )
