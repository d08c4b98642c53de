"""The titles table, ruler patterns for what spaCy's NER misses, and reading title context."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Token

from newsloom.analyze.entities.gazetteer import Gazetteer, Place
from newsloom.data import ontology_rows, ontology_text

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

_POSSESSIVE = re.compile(r"\s*[’']s?$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)

T = TypeVar("T")


@dataclass(frozen=True)
class Institution:
    """A body named by its role: stated role, canonical body, whether a bare mention may join,
    and the name the canonical name gives it after its country (the body's, unless the table
    says how the text's phrase calls it: "Foreign Office")."""

    role: str
    institution: str
    bare: bool
    name: str = ""

    @property
    def display(self) -> str:
        """The body's name in a canonical name: "Foreign Office", "Ministry of Defence"."""
        return self.name or self.institution


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
        person: dict[tuple[str, ...], str] = {}
        org: dict[tuple[str, ...], Institution] = {}
        modifiers: set[str] = set()
        honorifics: set[str] = set()
        for fields in ontology_rows("titles.tsv"):
            phrase, kind = fields[0].lower(), fields[1]
            key = title_tokens(phrase)
            if kind == "person":
                person[key] = fields[2]
            elif kind == "org":
                name = fields[5] if len(fields) > 5 else ""
                org[key] = Institution(fields[2], fields[3], fields[4] == "y", name)
            elif kind == "modifier":
                modifiers.add(phrase)
            elif kind == "honorific":
                honorifics.add(phrase)
            else:
                raise ValueError(f"titles.tsv: unknown kind {kind!r} in row {fields!r}")
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
    text = ontology_text("entity_patterns.jsonl")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class InstitutionRuler(EntityRuler):
    """spaCy's entity ruler, with the institution patterns matched by a phrase lookup.

    `institution_patterns` as token patterns cost the Matcher a state per pattern at every
    token (~150 patterns); here one PhraseMatcher finds the role phrases and the optional
    modifiers, possessive country or demonym before each are read off the tokens to its left.
    The matches are the ones those token patterns give, under the same match ids, so the
    ruler's choice between overlapping matches is unchanged.
    """

    def add_institutions(self, titles: Titles) -> None:
        """Match the titles table's institutions, as `institution_patterns(titles)` would."""
        self._modifiers = titles.modifiers
        self._phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._bare: dict[int, bool] = {}
        for tokens, inst in titles.org.items():
            variants = {
                tuple("’s" if t == "'s" and curly else t for t in tokens) for curly in (0, 1)
            }
            name = "newsloom-institution:" + " ".join(tokens)
            self._phrases.add(name, [Doc(self.nlp.vocab, words=list(v)) for v in sorted(variants)])
            self._bare[self.nlp.vocab.strings[name]] = inst.bare
        self._keys = {}
        for ent_id in (INSTITUTION_ID, BARE_INSTITUTION_ID):
            key = self.matcher._normalize_key(self._create_label("ORG", ent_id))
            self._ent_ids[key] = ("ORG", ent_id)
            self._keys[ent_id] = key

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """EntityRuler.match with the institution matches added before the overlap sort."""
        self._require_patterns()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            matches = [*self.matcher(doc), *self.phrase_matcher(doc)]
        matches.extend(self._institution_matches(doc))
        final = {(m_id, start, end) for m_id, start, end in matches if start != end}
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def _institution_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every way the institution patterns match the doc."""
        if not getattr(self, "_keys", None):
            return []
        qualified, bare = self._keys[INSTITUTION_ID], self._keys[BARE_INSTITUTION_ID]
        found: list[tuple[int, int, int]] = []
        for key, phrase_start, end in self._phrases(doc):
            start = phrase_start  # each start of the modifier run before the phrase
            while True:
                if self._bare[key]:
                    found.append((bare, start, end))
                if start > 0:
                    before = doc[start - 1]
                    if before.ent_type_ == "NORP":
                        found.append((qualified, start - 1, end))
                    if before.text in POSSESSIVES:
                        owner = start - 2
                        while owner >= 0 and doc[owner].ent_type_ == "GPE":
                            found.append((qualified, owner, end))
                            owner -= 1
                if start == 0 or doc[start - 1].lower_ not in self._modifiers:
                    break
                start -= 1
        return found


@Language.factory(
    RULER_NAME,
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    default_config={"overwrite_ents": True},
)
def make_institution_ruler(nlp: Language, name: str, overwrite_ents: bool) -> InstitutionRuler:
    """Factory for newsloom's entity ruler; add its patterns with `add_entity_ruler`."""
    return InstitutionRuler(nlp, name, overwrite_ents=overwrite_ents)


def add_entity_ruler(nlp: Language, titles: Titles) -> None:
    """Add the ruler after the statistical NER: its matches replace the NER spans they overlap."""
    ruler = nlp.add_pipe(RULER_NAME, name=RULER_NAME, after="ner")
    ruler.add_patterns(name_patterns())  # type: ignore[attr-defined]
    ruler.add_institutions(titles)  # type: ignore[attr-defined]


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
    institution_name: str | None = None  # how the canonical name calls the institution
    place: Place | None = None
    canonical: str = ""


def title_key_token(token: Token) -> str:
    """A token as the titles table keys it: lowercased, curly possessive straightened."""
    return "'s" if token.text in ("’s", "'s") else token.lower_


# Where a doc keeps its tokens' title keys and capitalisation: the entity finder asks for
# phrases at many offsets of one document in turn, and reading its tokens once is enough. The
# reading lives on the doc itself (spaCy's user_data), so it goes when the doc goes.
_TOKEN_READING = "newsloom_title_reading"


def _read_tokens(doc: Doc) -> tuple[list[str], list[bool]]:
    """The doc's title keys and title-case flags, token by token, read once per doc."""
    reading: tuple[list[str], list[bool]] | None = doc.user_data.get(_TOKEN_READING)
    if reading is None:
        tokens = list(doc)
        reading = ([title_key_token(t) for t in tokens], [t.is_title for t in tokens])
        doc.user_data[_TOKEN_READING] = reading
    return reading


def title_keys(doc: Doc) -> list[str]:
    """Every token of the doc as the titles table keys it (see `title_key_token`)."""
    return _read_tokens(doc)[0]


def titled_tokens(doc: Doc) -> list[int]:
    """The offsets of the doc's title-case tokens ("Minister", "Raisi")."""
    return [i for i, titled in enumerate(_read_tokens(doc)[1]) if titled]


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
    keys = title_keys(doc)
    for n in range(min(longest, end - start), 0, -1):
        lo, hi = (end - n, end) if from_end else (start, start + n)
        if blocked and any(i in blocked for i in range(lo, hi)):
            continue  # a title never reaches into another entity ("[Foreign Office] spokesperson")
        key = tuple(keys[lo:hi])
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
