"""Event coding on sentences written for the purpose: types, sides, status, dates, places."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from event_checks import sides

from newsloom.analyze.entities import extract_entities
from newsloom.analyze.events import find_events
from newsloom.model import Event

PUBLISHED = date(2024, 4, 21)  # a Sunday

Code = Callable[..., tuple[Event, ...]]


@pytest.fixture(scope="module")
def code(event_coder: Any) -> Code:
    """A function from text to its events (tests/analyze/conftest.py)."""
    return event_coder(PUBLISHED)


def only(events: tuple[Event, ...], type_: str | None = None) -> Event:
    """The one event (of a type) coded."""
    found = [e for e in events if type_ is None or e.type == type_]
    assert len(found) == 1, events
    return found[0]


def test_set_to_visit_is_a_planned_consult_dated_by_its_clause(code: Code) -> None:
    e = only(code("President Ebrahim Raisi of Iran is set to visit Islamabad on Monday for talks."))
    assert (e.type, e.mode, e.cameo, e.status) == ("CONSULT", "visit", "042", "planned")
    assert sides(e) == ("IRN", "PAK")
    assert e.source is not None and e.source.sector == "GOV"
    assert e.date == "2024-04-22"
    assert e.location == "Islamabad"
    assert e.quad_class == "verbal cooperation" and e.score > 0
    assert e.trigger == "visit"


def test_will_visit_is_planned_and_the_country_is_resolved(code: Code) -> None:
    e = only(
        code(
            "Pakistan's Foreign Office said on Sunday that Ebrahim Raisi, Iran's president, will "
            "visit the country from April 22 to 24."
        ),
        "CONSULT",
    )
    assert e.status == "planned"
    assert sides(e) == ("IRN", "PAK")
    assert e.date == "2024-04-22"  # the range's first day, not the day the office spoke


def test_denied_attacking_is_denied(code: Code) -> None:
    e = only(code("Iran denied attacking Pakistan."))
    assert e.status == "denied"
    assert e.type == "FIGHT" and sides(e) == ("IRN", "PAK")


def test_did_not_attack_is_negated(code: Code) -> None:
    e = only(code("Iran did not attack Pakistan."))
    assert e.status == "negated"
    assert sides(e) == ("IRN", "PAK")


def test_could_impose_sanctions_is_hypothetical(code: Code) -> None:
    e = only(code("The United States could impose sanctions on Iran."))
    assert e.status == "hypothetical"
    assert e.cameo == "163" and e.type == "COERCE"  # the 2021 table: sanctions are coercion
    assert sides(e) == ("USA", "IRN")
    assert e.date is None  # a condition is not dated by the publication


def test_if_clause_makes_its_event_hypothetical(code: Code) -> None:
    events = code("If Israel attacks Iran, Iran will retaliate.")
    attack = only(events, "FIGHT")
    assert attack.status == "hypothetical" and sides(attack) == ("ISR", "IRN")


def test_will_not_accept_is_a_refusal(code: Code) -> None:
    e = only(code("Syria will not accept any more refugees from Iraq."))
    assert (e.type, e.status, e.cameo) == ("REJECT", "happened", "120")
    assert e.source is not None and e.source.code == "SYR"


def test_a_threat_frames_what_it_threatens(code: Code) -> None:
    e = only(code("Russia threatened to impose import restrictions on German goods."))
    assert e.type == "THREATEN" and e.status == "happened"
    assert sides(e) == ("RUS", "DEU")


def test_demonym_strikes_are_the_countrys_military(code: Code) -> None:
    e = only(code("Iranian strikes hit a village in Pakistan on Tuesday."))
    assert e.type == "FIGHT" and e.quad_class == "material conflict"
    assert sides(e) == ("IRN", "PAK")
    assert e.source is not None and e.source.sector == "MIL"


def test_an_event_is_dated_only_by_its_own_clause_and_says_why_not(code: Code) -> None:
    dated = only(code("Russian forces shelled Kharkiv on Friday."))
    undated = only(code("Russian forces shelled Kharkiv."))
    assert dated.date == "2024-04-19" and dated.date_basis == "clause"
    # the publication day is when the report was written, not when the shelling happened
    assert undated.date is None and undated.date_basis == "undated"
    assert undated.confidence < dated.confidence
    # a time in another clause of the sentence is not this event's
    other = code("Russian forces shelled Kharkiv, officials said on Friday.")
    assert only(other, "FIGHT").date is None
    assert sides(undated) == ("RUS", "UKR") and undated.source.sector == "MIL"  # type: ignore[union-attr]
    assert undated.location == "Kharkiv"
    assert only(code("Russian forces shelled Kharkiv.", published=None)).date is None


def test_sectors_come_from_roles_and_words(code: Code) -> None:
    arrest = only(code("Turkish police arrested 20 protesters in Istanbul on Friday."))
    assert arrest.type == "COERCE" and arrest.mode == "arrest"
    assert arrest.source is not None and (arrest.source.code, arrest.source.sector) == (
        "TUR",
        "COP",
    )
    assert arrest.location == "Istanbul"
    attack = only(code("Hamas fighters killed three Israeli soldiers in Gaza."))
    # violence between armed sides is FIGHT (PLOVER's ASSAULT is violence against civilians)
    assert attack.type == "FIGHT"
    assert attack.source is not None and attack.source.sector == "REB"
    assert attack.target is not None and (attack.target.code, attack.target.sector) == (
        "ISR",
        "MIL",
    )
    igo = only(code("The European Union imposed new sanctions on Russia."))
    assert igo.source is not None and igo.source.sector == "IGO" and igo.source.code is None


def test_both_countries_act_on_each_other(code: Code) -> None:
    text = (
        "Pakistan and Iran often disagree. In January both countries conducted air strikes on each "
        "other's territory."
    )
    events = [e for e in code(text) if e.type == "FIGHT"]
    assert {sides(e) for e in events} == {("PAK", "IRN"), ("IRN", "PAK")}
    assert all(e.date == "2024-01" for e in events)


def test_joined_subjects_of_a_mutual_verb_act_on_each_other(code: Code) -> None:
    events = code("Jordan and Britain agreed to hold joint military exercises.")
    assert {sides(e) for e in events if e.type == "AGREE"} == {("JOR", "GBR"), ("GBR", "JOR")}


def test_reported_must_is_a_demand(code: Code) -> None:
    e = only(code("Russia said on Tuesday that Sudan must return the helicopter."))
    assert e.type == "DEMAND" and sides(e) == ("RUS", "SDN")


def test_market_news_is_not_a_political_event(code: Code) -> None:
    assert not code("Thomson McKinnon Mortgage Assets Corp is offering 100 mln dlrs of notes.")
    assert not code(
        "The Dutch Central Bank said it has accepted bids totalling 4.8 billion guilders."
    )


def test_sentence_without_actors_codes_nothing(code: Code) -> None:
    assert not code("The latest tension grew out of tit-for-tat missile strikes in January.")


def test_find_events_loads_its_own_ontology(analyzer: Any) -> None:
    text = "Pakistan banned a pro-Iranian militia."
    doc = analyzer.nlp(text)
    gazetteer = analyzer.nlp.get_pipe("newsloom_entities").resources.gazetteer
    e = only(find_events(doc, extract_entities(doc), [], None, gazetteer))
    assert (e.type, e.mode) == ("COERCE", "ban")
    assert e.target is not None and e.target.code is None  # "pro-Iranian" is not Iran
