"""A town the text itself places in a country keeps that country, though the gazetteer knows a
more populous namesake elsewhere (issue 22: Pemba placed in Mozambique)."""

from __future__ import annotations

from newsloom.analyze.analyzer import Analyzer
from newsloom.model import Article


def _countries(analyzer: Analyzer, text: str) -> dict[str, set[str | None]]:
    (analysis,) = analyzer.pipe([Article(text=text, origin="test")])
    found: dict[str, set[str | None]] = {}
    for e in analysis.entities:
        found.setdefault(e.text, set()).add(e.country)
    return found


def test_an_apposition_places_the_town_in_every_mention(analyzer: Analyzer) -> None:
    text = (
        "At least 12 people drowned when a ferry capsized off Pemba, an island of the Zanzibar "
        "archipelago in Tanzania, on Saturday, officials said. The vessel was sailing from "
        "Unguja to Pemba with 90 passengers on board."
    )
    assert _countries(analyzer, text)["Pemba"] == {"TZA"}


def test_a_possessive_places_the_town(analyzer: Analyzer) -> None:
    text = (
        "Fishermen in Tanzania's Pemba said on Monday that the catch had halved since the "
        "storm. Traders in Pemba blamed the damaged jetty."
    )
    assert _countries(analyzer, text)["Pemba"] == {"TZA"}


def test_without_a_word_from_the_text_the_gazetteer_stands(analyzer: Analyzer) -> None:
    # A relative clause says where something else is; nothing places the town itself.
    text = (
        "Port officials in Pemba, which sells cashew nuts to buyers in Tanzania, reopened the "
        "harbour on Monday, the provincial government of Cabo Delgado said."
    )
    assert _countries(analyzer, text)["Pemba"] == {"MOZ"}
