"""Body identity: the usual names of one government body of one country resolve to one body.

Outlets name the same institution differently: Pakistan's "foreign ministry", its "Foreign
Office", its "Ministry of Foreign Affairs", the "MoFA". Within an article the titles table
already gives each phrase a body; across a story the articles' canonical names still differ
("Pakistan Ministry of Foreign Affairs" / "Pakistan Foreign Office"). `BodyIdentity.key` reads
an ORG entity's role or name and returns `(country, body)`: two entities with one key are one
body. The table below is deliberately small and general, keyed by country where a name is one
country's own ("State Department", "Home Office"); a name it does not know gives no key, and
an ORG without a country never gets one, so different countries never merge and different
bodies (the foreign ministry is not the defence ministry) never share a key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

import pycountry

from newsloom.analyze.entities.gazetteer import fold_accents
from newsloom.data import ontology_rows
from newsloom.model import Entity

# Bodies every country has, each with the names news text gives it in English. Only names of
# the whole national body: "health department" and the like are left out, as they are as often
# a city's or a province's office.
BODY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "foreign affairs": (
        "foreign ministry", "foreign office", "ministry of foreign affairs",
        "foreign affairs ministry", "ministry for foreign affairs", "department of foreign affairs",
        "foreign affairs department", "ministry of external affairs", "external affairs ministry",
        "mfa", "mofa", "fo",
    ),
    "defence": (
        "defence ministry", "defense ministry", "ministry of defence", "ministry of defense",
        "ministry of national defence", "ministry of national defense", "national defence ministry",
        "national defense ministry", "department of defence", "department of defense", "mod", "mnd",
    ),
    "interior": (
        "interior ministry", "ministry of interior", "ministry of the interior",
        "ministry of internal affairs", "internal affairs ministry", "home ministry",
        "ministry of home affairs", "home affairs ministry", "mha", "moi",
    ),
    "finance": ("finance ministry", "ministry of finance", "mof"),
    "justice": ("justice ministry", "ministry of justice", "moj"),
    "health": ("health ministry", "ministry of health", "moh"),
    "education": ("education ministry", "ministry of education"),
    "agriculture": ("agriculture ministry", "ministry of agriculture"),
    "information": ("information ministry", "ministry of information"),
    "energy": ("energy ministry", "ministry of energy"),
    # The titles table makes oil and petroleum one ministry, trade and commerce another.
    "petroleum": ("oil ministry", "petroleum ministry", "ministry of petroleum", "ministry of oil"),
    "commerce": (
        "commerce ministry", "trade ministry", "ministry of commerce", "ministry of trade",
    ),
    "prime minister's office": (
        "prime minister's office", "office of the prime minister", "prime minister office", "pmo",
    ),
    "presidency": (
        "presidency", "president's office", "office of the president", "presidential office",
    ),
}  # fmt: skip

# Names that are one country's own; they are read before the general table for that country
# only. The US Department of the Interior runs public lands, not the police: its own body.
COUNTRY_ALIASES: Mapping[str, Mapping[str, str]] = {
    "USA": {
        "state department": "foreign affairs", "department of state": "foreign affairs",
        "pentagon": "defence", "defense department": "defence", "dod": "defence",
        "treasury": "finance", "treasury department": "finance",
        "department of the treasury": "finance",
        "justice department": "justice", "department of justice": "justice", "doj": "justice",
        "department of homeland security": "homeland security",
        "homeland security department": "homeland security", "dhs": "homeland security",
        "interior department": "public lands", "department of the interior": "public lands",
        "white house": "presidency",
    },
    "GBR": {
        "foreign commonwealth and development office": "foreign affairs", "fcdo": "foreign affairs",
        "foreign and commonwealth office": "foreign affairs", "fco": "foreign affairs",
        "home office": "interior", "treasury": "finance", "hm treasury": "finance",
        "downing street": "prime minister's office", "number 10": "prime minister's office",
        "no 10": "prime minister's office",
    },
    "IND": {"mea": "foreign affairs", "external affairs": "foreign affairs"},
    "FRA": {
        "quai d'orsay": "foreign affairs", "elysee": "presidency", "elysee palace": "presidency",
    },
    "RUS": {"kremlin": "presidency"},
}  # fmt: skip

# Words that may stand before a body's name without making it another body: the federal or
# union government's ministry is the national one ("the federal interior ministry"); the rest
# are the titles table's modifiers a stated role keeps ("caretaker", "then").
BODY_MODIFIERS = frozenset({
    "federal", "union", "national", "former", "acting", "interim", "caretaker", "outgoing",
    "departing", "incoming", "then", "new", "current", "official",
})  # fmt: skip
# Whole-country rows of the package's place tables; rows with a display name are places
# within a country ("White House", "Washington") and are not the country's name.
_COUNTRY_TABLES = ("demonyms.tsv", "place_aliases.tsv")
_POSSESSIVE = re.compile(r"['’]s?\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")

Words = tuple[str, ...]


def name_words(text: str) -> Words:
    """A name as comparable words: accents and case folded, possessives, "the" and dots dropped."""
    folded = fold_accents(text).casefold().replace("&", " and ")
    folded = _POSSESSIVE.sub("", folded.replace(".", ""))
    return tuple(w for w in _NON_WORD.split(folded) if w and w != "the")


def _aliases(pairs: Iterable[tuple[str, str]]) -> dict[Words, str]:
    return {name_words(alias): body for alias, body in pairs}


@dataclass(frozen=True)
class BodyIdentity:
    """The alias tables and every country's names, to key ORG entities by (country, body)."""

    general: Mapping[Words, str]
    by_country: Mapping[str, Mapping[Words, str]]
    country_names: Mapping[str, frozenset[Words]]

    @classmethod
    def load(cls) -> BodyIdentity:
        """The tables above, with country names from pycountry and the package's place tables."""
        names: dict[str, set[Words]] = {}
        for record in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(record, attr, None)
                if value:
                    names.setdefault(record.alpha_3, set()).add(name_words(value))
        for table in _COUNTRY_TABLES:
            for fields in ontology_rows(table):
                if len(fields) < 2 or (len(fields) > 2 and fields[2]):
                    continue
                names.setdefault(fields[1], set()).add(name_words(fields[0]))
        return cls(
            general=_aliases((a, body) for body, aliases in BODY_ALIASES.items() for a in aliases),
            by_country={c: _aliases(table.items()) for c, table in COUNTRY_ALIASES.items()},
            country_names={c: frozenset(n) for c, n in names.items()},
        )

    def body(self, country: str, words: Words) -> str | None:
        """The body these words name in this country, or None."""
        own = self.by_country.get(country, {}).get(words)
        return own if own is not None else self.general.get(words)

    def key(self, entity: Entity) -> tuple[str, str] | None:
        """(country, body) of an ORG entity naming a known body of a known country, else None."""
        if entity.label != "ORG" or not entity.country:
            return None
        country = entity.country
        if entity.role:  # the titles table matched, and the country is the stated qualifier's
            role = _without_modifiers(name_words(entity.role))
            found = self.body(country, role)
            if found is not None:
                return country, found
        words = name_words(entity.canonical)
        own = self.country_names.get(country, frozenset())
        for start in range(len(words)):
            if not self._qualifies(words[:start], own):
                continue
            for end in range(len(words), start, -1):
                tail = words[end:]
                if tail and not (tail[0] == "of" and tail[1:] in own):
                    continue
                found = self.body(country, words[start:end])
                if found is not None:
                    return country, found
        return None

    @staticmethod
    def _qualifies(prefix: Words, own: frozenset[Words]) -> bool:
        """Whether words before a body's name leave it the country's: none or the country's."""
        prefix = _without_modifiers(prefix, from_end=True)
        return not prefix or prefix in own


def _without_modifiers(words: Words, from_end: bool = False) -> Words:
    """The words without modifiers on their left (or, for a qualifier, on their right)."""
    items = list(words)
    while items and (items[-1] if from_end else items[0]) in BODY_MODIFIERS:
        items.pop(-1 if from_end else 0)
    return tuple(items)


@cache  # read once: the tables are package data and never change while running
def body_identity() -> BodyIdentity:
    """The alias and country tables, loaded on first use (a brief asks for them every time)."""
    return BodyIdentity.load()
