"""Event coding that reads the article around a sentence: datelines, namesakes, shared country
names, "both sides", errands, events referred back to, and intents read through reference.
The sentences were written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from event_checks import sides

from newsloom.analyze.events.dateline import find_datelines
from newsloom.model import Event

PUBLISHED = date(2024, 5, 3)  # a Friday

Code = Callable[..., tuple[Event, ...]]


@pytest.fixture(scope="module")
def code(event_coder: Any) -> Code:
    """A function from text to its events (tests/analyze/conftest.py)."""
    return event_coder(PUBLISHED)


def of_type(events: tuple[Event, ...], type_: str) -> list[Event]:
    return [e for e in events if e.type == type_]


def test_datelines_are_found_at_the_head_of_a_paragraph() -> None:
    text = "Heading\n\nNAIROBI, May 3 (Reuters) - Police said. Later, LONDON - no."
    found = find_datelines(text)
    assert [d.place for d in found] == ["NAIROBI"]
    assert text[found[0].end :].startswith("Police")
    assert find_datelines("The UN - a body") == []


def test_a_dateline_day_does_not_date_the_first_clause(code: Code) -> None:
    events = code("LIMA, May 3 - Peruvian troops attacked a rebel camp near the Ecuadorean border.")
    fight = [e for e in events if e.type in ("FIGHT", "ASSAULT")]
    assert fight and all(e.date is None and e.date_basis == "undated" for e in fight)
    dated = code("LIMA, May 3 - Peruvian troops attacked a rebel camp on Wednesday.")
    assert [e.date for e in dated if e.type in ("FIGHT", "ASSAULT")] == ["2024-05-01"]


def test_a_namesake_of_a_country_never_named_is_the_dateline_countrys(code: Code) -> None:
    text = "NIAMEY, May 3 - Interior Minister Alan Bagbin met Chad's ambassador on Tuesday."
    consult = of_type(code(text), "CONSULT")
    assert consult and sides(consult[0]) == ("NER", "TCD")
    # with the dictionary's country named in the article, the dictionary holds
    named = of_type(code(text + " Ghana has close ties with Niger."), "CONSULT")
    assert named and named[0].source is not None and named[0].source.code == "GHA"


def test_bare_congo_is_the_drc_unless_the_article_is_about_brazzaville(code: Code) -> None:
    drc = code("Congo's army shelled rebel positions near Bunia on Friday.")
    assert {e.source.code for e in drc if e.source} == {"COD"}
    republic = code(
        "BRAZZAVILLE, May 3 - Gunmen attacked a police post near Brazzaville. "
        "Congo's army shelled their camp in the Pool region on Friday."
    )
    shelled = [e for e in republic if e.trigger == "shelled"]
    assert shelled and all(e.source is not None and e.source.code == "COG" for e in shelled)


def test_both_sides_never_include_the_one_who_urges_them(code: Code) -> None:
    events = code(
        "Kenyan and Somali troops clashed near the border on Friday. "
        "Ethiopia urged both sides to show restraint."
    )
    demands = of_type(events, "DEMAND")
    assert {sides(e) for e in demands} == {("ETH", "KEN"), ("ETH", "SOM")}


def test_an_errand_clause_is_the_subjects_purpose(code: Code) -> None:
    events = code("Ghana's foreign minister summoned Togo's ambassador on Monday to protest.")
    assert [(e.type, *sides(e)) for e in events] == [("DISAPPROVE", "GHA", "TGO")]


def test_a_definite_event_noun_takes_the_doers_told_before(code: Code) -> None:
    events = code(
        "Turkish jets struck Kurdish militant targets in northern Iraq on Thursday. "
        "The raids hit ammunition depots, officials said. Iran condemned the strikes."
    )
    condemned = of_type(events, "DISAPPROVE")
    assert [sides(e) for e in condemned] == [("IRN", "TUR")]
    # a noun with a doer of its own refers to no one told before
    own = of_type(code("Iran condemned the Turkish strikes."), "DISAPPROVE")
    assert [sides(e) for e in own] == [("IRN", "TUR")]
    assert condemned[0].confidence < own[0].confidence  # a side read by reference


def test_an_irregular_verb_form_is_read_as_the_verb(code: Code) -> None:
    events = code("Turkey said it had shot down a Syrian helicopter near the border.")
    assert [sides(e) for e in events if e.type == "FIGHT"] == [("TUR", "SYR")]


def test_speaking_with_a_leader_is_a_consultation(code: Code) -> None:
    events = code("Chile's president spoke by phone with Peru's president on Monday.")
    consult = of_type(events, "CONSULT")
    assert [(sides(e), e.mode) for e in consult] == [(("CHL", "PER"), "phone")]
    assert not code("The minister spoke to reporters in Santiago.")


def test_its_envoy_is_the_speakers_envoy_and_both_capitals_the_two_sides(code: Code) -> None:
    events = code(
        "Kenyan and Somali troops clashed near the border on Friday. "
        "The African Union said its envoy would travel to both capitals next week."
    )
    trips = of_type(events, "CONSULT")
    assert {(e.status, e.target.code if e.target else None) for e in trips} == {
        ("planned", "KEN"),
        ("planned", "SOM"),
    }
    assert all(e.source is not None and e.source.sector == "IGO" for e in trips)


def test_vowing_to_retaliate_is_a_threat(code: Code) -> None:
    events = code("The militia vowed to retaliate against Nigerian troops.")
    assert [e.type for e in events] == ["THREATEN"]


def test_the_neighbouring_country_is_the_last_other_country_named(code: Code) -> None:
    events = code(
        "Chadian troops clashed with gunmen near the border with Niger on Sunday. "
        "Chad's government accused the neighbouring country of sheltering them."
    )
    accused = of_type(events, "DISAPPROVE")
    assert [sides(e) for e in accused] == [("TCD", "NER")]


def test_people_in_a_clause_take_the_place_of_the_clause_they_act_in(code: Code) -> None:
    events = code(
        "Protesters gathered outside parliament in Lima on Friday, demanding new elections."
    )
    demands = of_type(events, "DEMAND")
    assert demands and all(e.source is not None and e.source.code == "PER" for e in demands)
