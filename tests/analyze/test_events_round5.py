"""Event coding after the fifth round: mediators and venues are no sides, "force" as a means is
no actor, government forces are the report's country's, pairs of armies and leaders act on each
other, meetings of "officials from both countries", a titled official's country from the
sentence before, and what a protest is against. The sentences were written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from event_checks import by_trigger, pairs

from newsloom.model import Event

PUBLISHED = date(2024, 6, 18)

Code = Callable[[str], tuple[Event, ...]]


@pytest.fixture(scope="module")
def code(event_coder: Any) -> Code:
    """A function from text to its events (tests/analyze/conftest.py)."""
    return event_coder(PUBLISHED)


def test_a_mediator_is_no_side_of_the_agreement(code: Code) -> None:
    events = code(
        "Ethiopia and Eritrea agreed to a truce on Sunday after talks in Nairobi mediated by "
        "Kenya and Uganda."
    )
    agreed = by_trigger(events, "agreed")
    assert pairs(agreed) == {("ETH", "ERI"), ("ERI", "ETH")}


def test_where_an_agreement_is_reached_is_no_side(code: Code) -> None:
    events = code("Ethiopia and Eritrea agree truce in Nairobi after border fighting")
    agree = by_trigger(events, "agree")
    assert agree
    assert all(e.target is None or e.target.code != "KEN" for e in agree)


def test_force_as_a_means_is_no_actor_and_each_president_acts(code: Code) -> None:
    events = code(
        "The presidents of Chad and Sudan agreed on Thursday not to use force against each other."
    )
    agreed = by_trigger(events, "agreed")
    assert pairs(agreed) == {("TCD", "SDN"), ("SDN", "TCD")}


def test_government_forces_are_the_reports_country_not_the_foreign_troops(code: Code) -> None:
    events = code(
        "Insurgents attack village in Mozambique as Tanzanian troops arrive\n\n"
        "PEMBA, Mozambique, May 2 - Insurgents attacked a village in Mozambique's Niassa "
        "province on Sunday, officials said.\n\n"
        "Government forces and Tanzanian troops killed 12 insurgents on Monday, the defence "
        "ministry said."
    )
    killed = by_trigger(events, "killed")
    assert {e.source.code for e in killed if e.source} == {"MOZ", "TZA"}


def test_both_armies_act_on_each_other_through_they(code: Code) -> None:
    events = code(
        "Thailand accused Cambodia of shelling a border village on Monday.\n\n"
        "Both armies said they had killed dozens of the other's soldiers."
    )
    killed = by_trigger(events, "killed")
    assert pairs(killed) == {("THA", "KHM"), ("KHM", "THA")}


def test_its_jets_are_the_speakers(code: Code) -> None:
    events = code("The Indian air force said its jets struck militant camps in Pakistan.")
    struck = by_trigger(events, "struck")
    assert struck and struck[0].source is not None and struck[0].source.code == "IND"


def test_troops_offered_are_not_whom_they_are_offered_to(code: Code) -> None:
    events = code("Kenya has offered to send troops to the regional mission.")
    offered = by_trigger(events, "offered")
    assert offered
    assert all(e.target is None or e.target.sector != "MIL" for e in offered)


def test_seizing_army_posts_is_a_fight(code: Code) -> None:
    events = code("Rebels seized dozens of army posts near Goma in Congo on Sunday.")
    assert [e.type for e in by_trigger(events, "seized")] == ["FIGHT"]


def test_officials_from_both_countries_meet_each_other(code: Code) -> None:
    events = code(
        "Peru accused Ecuador of arming smugglers on Monday.\n\n"
        "Officials from both countries are expected to meet in Lima next week."
    )
    meet = by_trigger(events, "meet")
    assert pairs(meet) == {("PER", "ECU"), ("ECU", "PER")}
    assert all(e.status == "planned" for e in meet)


def test_hosting_an_armed_groups_delegation_is_a_meeting(code: Code) -> None:
    events = code("Qatar hosted a Taliban delegation in Doha last week.")
    assert [e.type for e in by_trigger(events, "hosted")] == ["CONSULT"]


def test_a_titled_official_takes_the_country_of_the_sentence_before(code: Code) -> None:
    events = code(
        "Brazil condemned the attack on Tuesday. Foreign Minister Ana Ribeiro met Bolivian "
        "President Luis Arce on Wednesday."
    )
    met = by_trigger(events, "met")
    assert met and met[0].source is not None and met[0].source.code == "BRA"


def test_a_body_envoy_acts_for_the_body(code: Code) -> None:
    events = code(
        "EU envoy Miroslav Lajcak met Serbian President Aleksandar Vucic in Belgrade on Monday."
    )
    met = by_trigger(events, "met")
    assert met and met[0].source is not None
    assert met[0].source.code is None and met[0].source.sector == "IGO"


def test_a_warning_of_famine_threatens_no_one(code: Code) -> None:
    events = code("The U.N. warned of famine as Sudan's army besieged El Fasher.")
    assert not [e for e in events if e.type == "THREATEN"]


def test_a_call_for_restraint_is_a_demand_without_a_target(code: Code) -> None:
    events = code("China urged restraint on Tuesday.")
    assert [e.type for e in by_trigger(events, "urged")] == ["DEMAND"]


def test_he_is_the_person_the_sentence_before_names(code: Code) -> None:
    events = code(
        "Colombian President Gustavo Petro spoke to reporters in Bogota on Monday. He accused "
        "Venezuela of sheltering the rebels."
    )
    accused = by_trigger(events, "accused")
    assert pairs(accused) == {("COL", "VEN")}


def test_a_protest_is_aimed_at_what_it_chants_against(code: Code) -> None:
    events = code(
        "Thousands of students rallied in Karachi on Friday, chanting slogans against India."
    )
    rallied = by_trigger(events, "rallied")
    assert rallied and all(e.target is not None and e.target.code == "IND" for e in rallied)


def test_a_body_is_looked_up_by_its_acronym(code: Code) -> None:
    events = code(
        "Colombia's government and the National Liberation Army (ELN) resumed talks on Monday."
    )
    talks = [e for e in events if e.type == "CONSULT"]
    assert talks and all(e.source is not None and e.source.code == "COL" for e in talks)
