"""Event coding after the fourth round: violence aimed at an armed side is FIGHT, a meeting's
venue is no side, a plan's condition and what one expects of another did not happen, a person
keeps the country they were introduced with, and "Greek-owned" says whose a thing is. The
sentences were written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from event_checks import by_trigger

from newsloom.model import Event

PUBLISHED = date(2024, 6, 18)

Code = Callable[[str], tuple[Event, ...]]


@pytest.fixture(scope="module")
def code(event_coder: Any) -> Code:
    """A function from text to its events (tests/analyze/conftest.py)."""
    return event_coder(PUBLISHED)


def test_an_attack_on_soldiers_or_a_base_is_fight_on_villagers_assault(code: Code) -> None:
    armed = code("Gunmen attacked an army checkpoint near Bunia in Congo on Tuesday.")
    assert [e.type for e in by_trigger(armed, "attacked")] == ["FIGHT"]
    soldiers = code("Militants in northern Mali killed nine soldiers on Tuesday.")
    assert [e.type for e in by_trigger(soldiers, "killed")] == ["FIGHT"]
    civilians = code("Militants in northern Mali killed nine villagers on Tuesday.")
    assert [e.type for e in by_trigger(civilians, "killed")] == ["ASSAULT"]


def test_a_bombing_stays_assault_whoever_it_hits(code: Code) -> None:
    events = code("Militants in northern Mali wounded four soldiers in a bomb attack on Tuesday.")
    assert {e.type for e in by_trigger(events, "wounded")} == {"ASSAULT"}


def test_where_talks_are_held_is_no_side(code: Code) -> None:
    events = code("Sudan's government and the rebel movement resumed talks in Jeddah on Monday.")
    talks = [e for e in events if e.type == "CONSULT"]
    assert talks
    assert all(e.target is None or e.target.code != "SAU" for e in talks)


def test_the_condition_of_a_plan_did_not_happen(code: Code) -> None:
    events = code(
        "The militia said it would keep firing rockets at Israel until Israel withdrew its "
        "troops from Lebanon."
    )
    withdrawn = [e for e in events if e.type == "RETREAT"]
    assert withdrawn
    assert all(e.status == "hypothetical" for e in withdrawn)


def test_what_one_expects_of_another_is_not_its_act(code: Code) -> None:
    events = code("The African Union said it expected Ethiopia to cooperate with the inquiry.")
    ethiopian = [e for e in events if e.source and e.source.code == "ETH"]
    assert all(e.status not in ("happened", "planned") for e in ethiopian)


def test_a_surname_keeps_the_country_of_its_introduction(code: Code) -> None:
    events = code(
        "Norwegian Foreign Minister Ingrid Halvorsen arrived in Nairobi on Monday.\n\n"
        "Halvorsen condemned Russia's strikes on Kharkiv on Tuesday."
    )
    condemned = by_trigger(events, "condemned")
    assert condemned and condemned[0].source is not None
    assert condemned[0].source.code == "NOR"


def test_an_owned_thing_is_its_owners(code: Code) -> None:
    events = code("Houthi rebels struck a Greek-owned tanker in the Red Sea on Monday.")
    struck = by_trigger(events, "struck")
    assert struck and struck[0].target is not None
    assert struck[0].target.code == "GRC"
