"""Named entities from spaCy, with canonical names resolved within an article."""

from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Doc

from newsloom.model import Entity, Span

# The spaCy labels that name actors, places and events; numbers, dates and
# money are handled by their own analysers.
KEPT_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "EVENT"})
# Titles spaCy sometimes folds into a PERSON span; the canonical name drops them.
_TITLES = re.compile(
    r"^(?:(?:president|prime minister|foreign minister|minister|chancellor|king|queen|prince|"
    r"senator|governor|mayor|general|gen\.|dr\.?|mr\.?|mrs\.?|ms\.?|sir|pope|judge|chief|"
    r"secretary|ambassador|spokesman|spokeswoman|spokesperson)\s+)+",
    re.I,
)
_POSSESSIVE = re.compile(r"[’']s?$")
_LEADING_THE = re.compile(r"^the\s+", re.I)
# A few spellings of the same country that news text uses interchangeably.
ALIASES = {
    "us": "United States", "u.s.": "United States", "u.s.a.": "United States", "usa": "United States",
    "america": "United States", "the united states": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "the united kingdom": "United Kingdom",
    "uae": "United Arab Emirates", "eu": "European Union", "un": "United Nations",
}


def surface_name(text: str, label: str) -> str:
    """The mention without possessive, leading article or personal title."""
    name = _POSSESSIVE.sub("", text.strip())
    alias = ALIASES.get(name.lower())
    if alias:
        return alias
    name = _LEADING_THE.sub("", name)
    if label == "PERSON":
        name = _TITLES.sub("", name)
    return ALIASES.get(name.lower(), name).strip()


def resolve_names(mentions: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Map (name, label) to a canonical name: a short person name joins the longer one it ends."""
    names = {(name, label) for name, label in mentions if name}
    persons = sorted({n for n, lab in names if lab == "PERSON"}, key=len, reverse=True)
    canonical: dict[tuple[str, str], str] = {}
    for name, label in names:
        target = name
        if label == "PERSON" and " " not in name:
            for longer in persons:
                if longer != name and longer.split()[-1] == name:
                    target = longer
                    break
        canonical[(name, label)] = target
    return canonical


def repair_labels(mentions: list[tuple[str, str]]) -> list[str]:
    """Labels with one repair: a place or group named like a known person's surname is that person."""
    surnames = {name.split()[-1] for name, label in mentions if label == "PERSON" and " " in name}
    return [
        "PERSON" if label in {"GPE", "LOC", "ORG", "NORP"} and name in surnames else label
        for name, label in mentions
    ]


def extract_entities(doc: Doc) -> tuple[Entity, ...]:
    """Kept entity mentions of a parsed document, each with its canonical name."""
    kept = [ent for ent in doc.ents if ent.label_ in KEPT_LABELS]
    names = [surface_name(ent.text, ent.label_) for ent in kept]
    labels = repair_labels(list(zip(names, (ent.label_ for ent in kept))))
    canonical = resolve_names(zip(names, labels))
    return tuple(
        Entity(
            text=ent.text,
            start=ent.start_char,
            end=ent.end_char,
            label=label,
            canonical=canonical[(name, label)],
        )
        for ent, name, label in zip(kept, names, labels)
        if name
    )


def extract_sentences(doc: Doc) -> tuple[Span, ...]:
    """Sentence spans of a parsed document, blank-only sentences left out."""
    return tuple(
        Span(text=sent.text, start=sent.start_char, end=sent.end_char)
        for sent in doc.sents
        if sent.text.strip()
    )
