"""The titles table and the entity-ruler patterns that add what spaCy's NER misses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.language import Language

# The id the ruler gives an institution named by its role ("Pakistan's foreign ministry");
# a bare one ("the foreign office") gets the second and is kept only when it joins a
# qualified one named in the same article.
INSTITUTION_ID = "newsloom-institution"
BARE_INSTITUTION_ID = "newsloom-institution-bare"
RULER_NAME = "newsloom_entity_ruler"
# The possessive forms spaCy splits off a name: "Pakistan" + "’s".
POSSESSIVES = ("'s", "’s", "'", "’")

_ONTOLOGY = "ontology"


@dataclass(frozen=True)
class Institution:
    """A body named by its role: the stated role, the canonical body, whether a bare mention may join."""

    role: str
    institution: str
    bare: bool


@dataclass(frozen=True)
class Titles:
    """Person titles and institution roles, keyed by their lowercased token sequences."""

    person: dict[tuple[str, ...], str]
    org: dict[tuple[str, ...], Institution]
    modifiers: frozenset[str]

    @classmethod
    def load(cls) -> Titles:
        """The titles table from the package's ontology/titles.tsv."""
        text = resources.files("newsloom").joinpath(_ONTOLOGY, "titles.tsv").read_text("utf-8")
        person: dict[tuple[str, ...], str] = {}
        org: dict[tuple[str, ...], Institution] = {}
        modifiers: set[str] = set()
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            fields = [f.strip() for f in line.split("\t")]
            phrase, kind = fields[0].lower(), fields[1]
            key = title_tokens(phrase)
            if kind == "person":
                person[key] = fields[2]
            elif kind == "org":
                org[key] = Institution(fields[2], fields[3], fields[4] == "y")
            elif kind == "modifier":
                modifiers.add(phrase)
            else:
                raise ValueError(f"titles.tsv: unknown kind {kind!r} in line {line!r}")
        return cls(person, org, frozenset(modifiers))

    @property
    def longest_title(self) -> int:
        """The most tokens any title or institution phrase has."""
        return max(len(k) for k in (*self.person, *self.org))


def title_tokens(phrase: str) -> tuple[str, ...]:
    """A title phrase as the lowercased tokens spaCy's English tokenizer gives it."""
    tokens: list[str] = []
    for word in phrase.lower().split():
        if word.endswith("'s") and len(word) > 2:
            tokens.extend((word[:-2], "'s"))
        elif "-" in word.strip("-") and not word.endswith("."):
            head, _, tail = word.partition("-")
            tokens.extend((head, "-", tail))
        else:
            tokens.append(word)
    return tuple(tokens)


def _lower_tokens(tokens: tuple[str, ...]) -> list[dict[str, Any]]:
    """Token patterns matching these lowercased tokens, the possessive in either apostrophe."""
    return [
        {"LOWER": {"IN": ["'s", "’s"]}} if tok == "'s" else {"LOWER": tok} for tok in tokens
    ]


def institution_patterns(titles: Titles) -> list[dict[str, Any]]:
    """Ruler patterns for institutions named by role, qualified by a country or bare."""
    modifiers: dict[str, Any] = {"LOWER": {"IN": sorted(titles.modifiers)}, "OP": "*"}
    possessive: dict[str, Any] = {"ORTH": {"IN": list(POSSESSIVES)}}
    patterns: list[dict[str, Any]] = []
    for tokens, inst in titles.org.items():
        phrase = _lower_tokens(tokens)
        patterns.append(
            {"label": "ORG", "id": INSTITUTION_ID,
             "pattern": [{"ENT_TYPE": "GPE", "OP": "+"}, possessive, modifiers, *phrase]}
        )
        patterns.append(
            {"label": "ORG", "id": INSTITUTION_ID, "pattern": [{"ENT_TYPE": "NORP"}, modifiers, *phrase]}
        )
        if inst.bare:
            patterns.append({"label": "ORG", "id": BARE_INSTITUTION_ID, "pattern": [modifiers, *phrase]})
    return patterns


def name_patterns() -> list[dict[str, Any]]:
    """The named-entity patterns of ontology/entity_patterns.jsonl (groups, fields, provinces)."""
    text = resources.files("newsloom").joinpath(_ONTOLOGY, "entity_patterns.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def add_entity_ruler(nlp: Language, titles: Titles) -> None:
    """Add the ruler after the statistical NER: its matches replace the NER spans they overlap."""
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, after="ner", config={"overwrite_ents": True}
    )
    ruler.add_patterns([*name_patterns(), *institution_patterns(titles)])  # type: ignore[attr-defined]
