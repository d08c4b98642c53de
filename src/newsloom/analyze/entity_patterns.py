"""The titles table, ruler patterns for what spaCy's NER misses, and reading title context."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsloom.analyze.gazetteer import Gazetteer, Place

# The id the ruler gives an institution named by its role ("Pakistan's foreign ministry");
# a bare one ("the foreign office") gets the second and is kept only when it joins a
# qualified one named in the same article.
INSTITUTION_ID = "newsloom-institution"
BARE_INSTITUTION_ID = "newsloom-institution-bare"
RULER_NAME = "newsloom_entity_ruler"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Tokens that close an apposition after its title: "Ana Costa, Portugal's foreign minister, said".
_APPOSITION_END = frozenset({",", ".", ";", ":", ")", "—", "–", "\n", "said", "says"})
# The possessive forms spaCy splits off a name: "Pakistan" + "’s".
POSSESSIVES = ("'s", "’s", "'", "’")

_ONTOLOGY = "ontology"
_POSSESSIVE = re.compile(r"\s*[’']s?$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)

T = TypeVar("T")


@dataclass(frozen=True)
class Institution:
    """A body named by its role: stated role, canonical body, whether a bare mention may join."""

    role: str
    institution: str
    bare: bool


@dataclass(frozen=True)
class Titles:
    """Person titles and institution roles, keyed by their lowercased token sequences."""

    person: dict[tuple[str, ...], str]
    org: dict[tuple[str, ...], Institution]
    modifiers: frozenset[str]
    honorifics: frozenset[str] = frozenset()  # "Mr", "Dr": dropped from names, no role

    @classmethod
    def load(cls) -> Titles:
        """The titles table from the package's ontology/titles.tsv."""
        text = resources.files("newsloom").joinpath(_ONTOLOGY, "titles.tsv").read_text("utf-8")
        person: dict[tuple[str, ...], str] = {}
        org: dict[tuple[str, ...], Institution] = {}
        modifiers: set[str] = set()
        honorifics: set[str] = set()
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
            elif kind == "honorific":
                honorifics.add(phrase)
            else:
                raise ValueError(f"titles.tsv: unknown kind {kind!r} in line {line!r}")
        return cls(person, org, frozenset(modifiers), frozenset(honorifics))

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
    return [{"LOWER": {"IN": ["'s", "’s"]}} if tok == "'s" else {"LOWER": tok} for tok in tokens]


def institution_patterns(titles: Titles) -> list[dict[str, Any]]:
    """Ruler patterns for institutions named by role, qualified by a country or bare."""
    modifiers: dict[str, Any] = {"LOWER": {"IN": sorted(titles.modifiers)}, "OP": "*"}
    possessive: dict[str, Any] = {"ORTH": {"IN": list(POSSESSIVES)}}
    patterns: list[dict[str, Any]] = []
    for tokens, inst in titles.org.items():
        phrase = _lower_tokens(tokens)
        patterns.append(
            {
                "label": "ORG",
                "id": INSTITUTION_ID,
                "pattern": [{"ENT_TYPE": "GPE", "OP": "+"}, possessive, modifiers, *phrase],
            }
        )
        patterns.append(
            {
                "label": "ORG",
                "id": INSTITUTION_ID,
                "pattern": [{"ENT_TYPE": "NORP"}, modifiers, *phrase],
            }
        )
        if inst.bare:
            patterns.append(
                {"label": "ORG", "id": BARE_INSTITUTION_ID, "pattern": [modifiers, *phrase]}
            )
    return patterns


def name_patterns() -> list[dict[str, Any]]:
    """The named-entity patterns of ontology/entity_patterns.jsonl (groups, fields, provinces)."""
    text = (
        resources.files("newsloom").joinpath(_ONTOLOGY, "entity_patterns.jsonl").read_text("utf-8")
    )
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def add_entity_ruler(nlp: Language, titles: Titles) -> None:
    """Add the ruler after the statistical NER: its matches replace the NER spans they overlap."""
    ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, after="ner", config={"overwrite_ents": True}
    )
    ruler.add_patterns([*name_patterns(), *institution_patterns(titles)])  # type: ignore[attr-defined]


@dataclass
class Mention:
    """A working copy of one entity span while labels, roles and names are settled."""

    start: int  # token offsets into the doc
    end: int
    label: str
    source: str = ""  # the ruler id: an institution, a bare institution, or "" for the NER
    name_start: int = -1  # where the name starts once a title inside the span is skipped
    role: str | None = None
    country: str | None = None
    institution: str | None = None
    place: Place | None = None
    canonical: str = ""


def title_key_token(token: Token) -> str:
    """A token as the titles table keys it: lowercased, curly possessive straightened."""
    return "'s" if token.text in ("’s", "'s") else token.lower_


def table_at(
    doc: Doc,
    start: int,
    end: int,
    table: Mapping[tuple[str, ...], T],
    longest: int,
    from_end: bool,
    blocked: frozenset[int] = frozenset(),
) -> tuple[T, int] | None:
    """The longest table phrase starting at `start` (or ending at `end`), with its other edge."""
    for n in range(min(longest, end - start), 0, -1):
        lo, hi = (end - n, end) if from_end else (start, start + n)
        if blocked and any(i in blocked for i in range(lo, hi)):
            continue  # a title never reaches into another entity ("[Foreign Office] spokesperson")
        key = tuple(title_key_token(t) for t in doc[lo:hi])
        if key in table:
            return table[key], (lo if from_end else hi)
    return None


class TitleContext:
    """Reads titles, their modifiers and country qualifiers around a span of a parsed doc."""

    def __init__(self, titles: Titles) -> None:
        self.titles = titles
        self.longest = titles.longest_title
        self.title_words = frozenset(w for key in titles.person for w in key)

    def person_title_at(
        self,
        doc: Doc,
        start: int,
        end: int,
        from_end: bool,
        by_end: Mapping[int, Mention] | None = None,
    ) -> tuple[str, int] | None:
        """The longest person title starting at `start` (or ending at `end`), outside entities."""
        spans = by_end.values() if by_end else ()
        blocked = frozenset(i for m in spans for i in range(m.start, m.end))
        return table_at(doc, start, end, self.titles.person, self.longest, from_end, blocked)

    def qualifier_before(self, doc: Doc, k: int, by_end: Mapping[int, Mention]) -> str | None:
        """The country named just before token k: "Iran’s", "Pakistani", "Pakistan’s FO"."""
        if k > 0 and doc[k - 1].text in POSSESSIVES:
            owner = by_end.get(k - 1)
            if owner is not None and owner.label in PLACE_LABELS:
                return owner.country
        owner = by_end.get(k)
        if owner is not None and owner.label in ("NORP", "ORG"):
            return owner.country
        return None

    def modifiers_before(self, doc: Doc, start: int, floor: int = 0) -> tuple[list[str], int]:
        """Modifier words ("former", "then-") just before a title, and where they start."""
        mods: list[str] = []
        while start > floor:
            prev = doc[start - 1]
            if (
                prev.text == "-"
                and start - 1 > floor
                and doc[start - 2].lower_ in self.titles.modifiers
            ):
                start -= 1
                continue
            if prev.lower_ not in self.titles.modifiers:
                break
            mods.insert(0, prev.lower_)
            start -= 1
        return mods, start

    def role_before(
        self, doc: Doc, start: int, by_end: Mapping[int, Mention]
    ) -> tuple[str | None, str | None]:
        """Role and country from a title before a name: "Iran’s President X", "its envoy, X"."""
        end = start
        comma = end > 0 and doc[end - 1].text == ","
        if comma:
            end -= 1
        hit = self.person_title_at(doc, 0, end, True, by_end)
        if hit is None or (hit[1] in by_end and by_end[hit[1]].label == "PERSON"):
            return None, None
        mods, title_start = self.modifiers_before(doc, hit[1])
        country = self.qualifier_before(doc, title_start, by_end)
        if comma and country is None:  # "met the president, Zardari said": no apposition
            return None, None
        return " ".join([*mods, hit[0]]), country

    def apposition_after(
        self, doc: Doc, end: int, by_end: Mapping[int, Mention]
    ) -> tuple[str | None, str | None]:
        """Role and country from an apposition: "X, Portugal's foreign minister," and the like."""
        j = end
        if j >= len(doc) or doc[j].text != ",":
            return None, None
        j += 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        country = None
        starts = {m.start: m for m in by_end.values()}
        owner = starts.get(j)
        if (
            owner is not None
            and owner.label in PLACE_LABELS
            and owner.end < len(doc)
            and doc[owner.end].text in POSSESSIVES
        ):
            country, j = owner.country, owner.end + 1
        elif owner is not None and owner.label == "NORP":
            country, j = owner.country, owner.end
        mods: list[str] = []
        while j < len(doc) and doc[j].lower_ in self.titles.modifiers:
            mods.append(doc[j].lower_)
            j += 1
        hit = self.person_title_at(doc, j, len(doc), False, by_end)
        if hit is None:
            return None, None
        j = hit[1]
        if (
            j + 1 < len(doc)
            and doc[j].lower_ == "of"
            and j + 1 in starts
            and starts[j + 1].label in PLACE_LABELS
        ):
            country, j = starts[j + 1].country, starts[j + 1].end
        if j < len(doc) and doc[j].lower_ not in _APPOSITION_END:
            return None, None
        return " ".join([*mods, hit[0]]), country


@dataclass(frozen=True)
class EntityResources:
    """What entity extraction reads: the gazetteer and the titles table, loaded once."""

    gazetteer: Gazetteer
    titles: Titles

    @classmethod
    def load(cls) -> EntityResources:
        """The package's gazetteer and titles table (~2 s)."""
        return cls(Gazetteer.load(), Titles.load())


def surface_name(text: str) -> str:
    """The mention without possessive or leading article."""
    return _LEADING_THE.sub("", _POSSESSIVE.sub("", text.strip())).strip()
