"""Country codes for place names, aliases and demonyms, by exact normalised match."""

from __future__ import annotations

import pytest

from newsloom.analyze.entities.gazetteer import Gazetteer, country_code, normalise_name
from newsloom.data import ontology_text


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """One gazetteer for the module: loading reads ~40k names."""
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Iran", "IRN"),
        ("Iranian", "IRN"),
        ("Iranians", "IRN"),
        ("Iran’s", "IRN"),
        ("the United States", "USA"),
        ("United States", "USA"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("America", "USA"),
        ("American", "USA"),
        ("Islamabad", "PAK"),
        ("Karachi", "PAK"),
        ("Lahore", "PAK"),
        ("Balochistan", "PAK"),
        ("Pakistani", "PAK"),
        ("Pakistan's", "PAK"),
        ("Sistan-Balochistan", "IRN"),
        ("Sīstān va Balūchestān", "IRN"),
        ("Sistan and Baluchestan", "IRN"),
        ("South Pars", "IRN"),
        ("Tehran", "IRN"),
        ("Quetta", "PAK"),
        ("Swiss", "CHE"),
        ("Portuguese", "PRT"),
        ("Lisbon", "PRT"),
        ("Ivory Coast", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Islamic Republic of Iran", "IRN"),
        ("Russian Federation", "RUS"),
        ("Kiev", "UKR"),  # a geonames alternate name of Kyiv
        ("Bombay", "IND"),
        ("the U.S. Virgin Islands", "VIR"),
    ],
)
def test_country_code(gazetteer: Gazetteer, name: str, iso3: str) -> None:
    assert gazetteer.country_code(name) == iso3


@pytest.mark.parametrize(
    "name",
    [
        "Hamas",
        "Raisi",
        "Zardari",
        "Monday",
        "President",
        "Middle East",
        "Virgin Islands",
        "Red Sea",
        "Gulf",
        "Central",
        "Punjab",
        "Korea",
        "",
        "the",
    ],
)
def test_unknown_or_ambiguous_names_have_no_country(gazetteer: Gazetteer, name: str) -> None:
    assert gazetteer.country_code(name) is None


def test_united_states_is_not_the_virgin_islands(gazetteer: Gazetteer) -> None:
    # Regression: a fuzzy or prefix match would send these to VIR or UMI.
    for name in ("the United States", "United States", "U.S.", "US", "United States of America"):
        assert gazetteer.country_code(name) == "USA", name
    assert gazetteer.country_code("United States Virgin Islands") == "VIR"
    assert gazetteer.country_code("United States Minor Outlying Islands") == "UMI"


def test_ambiguous_city_goes_to_the_most_populous(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_code("Hyderabad") == "IND"  # 7.0M against Pakistan's 1.9M
    assert gazetteer.country_code("Tripoli") == "LBY"  # 1.3M against Lebanon's 0.2M
    assert gazetteer.country_code("London") == "GBR"
    assert gazetteer.country_code("Birmingham") == "GBR"


def test_country_names_beat_cities_and_regions(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_code("Georgia") == "GEO"
    assert gazetteer.country_code("Jordan") == "JOR"


def test_lookup_gives_display_name_and_kind(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Iranian")
    assert place is not None and (place.name, place.kind) == ("Iran", "demonym")
    karachi = gazetteer.lookup("Karachi")
    assert karachi is not None and karachi.kind == "city" and karachi.population > 1_000_000
    assert gazetteer.is_demonym("Pakistanis") and not gazetteer.is_demonym("Pakistan")
    assert gazetteer.country_name("PAK") == "Pakistan"


def test_normalise_name() -> None:
    assert normalise_name("the United States") == "united states"
    assert normalise_name("Pakistan’s") == normalise_name("Pakistan") == "pakistan"
    assert normalise_name("Sistan-Balochistan") == normalise_name("Sīstān va Balūchestān")
    assert normalise_name("São Tomé") == "sao tome"
    assert normalise_name("Mohammed") == normalise_name("Muhammad")
    assert normalise_name("Gaddafi") == normalise_name("Qaddafi")
    assert normalise_name("Hassan Rouhani") == normalise_name("Hasan Ruhani")
    assert normalise_name("U.S.") == "us"
    assert normalise_name("St. Petersburg") == normalise_name("Saint Petersburg")


def _demonym_rows() -> list[tuple[str, str]]:
    text = ontology_text("demonyms.tsv")
    return [
        tuple(line.split("\t")[:2])  # type: ignore[misc]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_demonym_table_covers_un_members_and_every_row_resolves(gazetteer: Gazetteer) -> None:
    rows = _demonym_rows()
    names = [name for name, _ in rows]
    assert len(names) == len(set(names)), "a demonym is listed twice"
    assert len({iso3 for _, iso3 in rows}) >= 193
    for name, iso3 in rows:
        place = gazetteer.lookup(name)
        # A demonym that is also a country name ("Myanmar") resolves as the country: same code.
        assert place is not None and place.country == iso3, name


def test_convenience_function_accepts_a_gazetteer(gazetteer: Gazetteer) -> None:
    assert country_code("Pakistani", gazetteer) == "PAK"
