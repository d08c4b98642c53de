"""Event coding after the sixth round: shows of force (drills, war games, weapon tests, missiles
into the sea) are MOBILIZE, a summit's "sidelines" are no side, "the two leaders" are the two
the sentence before named, and leaders of the 2020s have their country. The sentences were
written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from event_checks import pairs

from newsloom.model import Event

PUBLISHED = date(2024, 6, 18)

Code = Callable[[str], tuple[Event, ...]]


@pytest.fixture(scope="module")
def code(event_coder: Any) -> Code:
    """A function from text to its events (tests/analyze/conftest.py)."""
    return event_coder(PUBLISHED)


def types(events: tuple[Event, ...]) -> set[str]:
    return {e.type for e in events}


def test_a_manoeuvre_in_drills_is_a_show_of_force(code: Code) -> None:
    events = code(
        "China's navy surrounded Taiwan with warships on Friday in drills it called a warning."
    )
    assert "FIGHT" not in types(events)
    shows = [e for e in events if e.type == "MOBILIZE"]
    assert shows and shows[0].cameo == "150"
    assert shows[0].source is not None and shows[0].source.code == "CHN"


def test_a_missile_that_lands_in_the_sea_hits_no_one(code: Code) -> None:
    events = code(
        "North Korea launched a ballistic missile on Sunday that flew 600 km before falling "
        "into the sea."
    )
    assert types(events) == {"MOBILIZE"}


def test_a_missile_fired_at_a_country_is_still_an_attack(code: Code) -> None:
    events = code("Iran launched missiles at Israel on Saturday night.")
    assert "FIGHT" in types(events)
    assert "MOBILIZE" not in types(events)


def test_war_games_around_an_island_aim_at_it(code: Code) -> None:
    events = code("Russia staged naval exercises near Norway on Monday.")
    shows = [e for e in events if e.type == "MOBILIZE"]
    assert shows and shows[0].target is not None and shows[0].target.code == "NOR"


def test_drills_with_a_partner_stay_cooperation(code: Code) -> None:
    events = code("Russia held military exercises with Belarus on Monday.")
    assert "COOPERATE" in types(events)
    assert "MOBILIZE" not in types(events)
    joint = code("The United States and the Philippines began joint drills on Monday.")
    assert types(joint) == {"COOPERATE"}


def test_a_leader_of_the_2020s_has_a_country(code: Code) -> None:
    events = code("President Volodymyr Zelenskiy met Prime Minister Ariel Henry in Kyiv on Monday.")
    met = [e for e in events if e.type == "CONSULT"]
    assert met and met[0].source is not None and met[0].source.code == "UKR"
    assert met[0].target is not None and met[0].target.code == "HTI"


def test_a_leaders_office_is_read_on_the_articles_day(event_coder: Any) -> None:
    before = event_coder(date(2019, 6, 1))("Mark Rutte condemned Russia on Monday.")
    after = event_coder(date(2025, 6, 1))("Mark Rutte condemned Russia on Monday.")
    assert before and before[0].source is not None and before[0].source.code == "NLD"
    assert after and after[0].source is not None and after[0].source.sector == "IGO"


def test_the_leaders_table_is_read_from_a_users_folder(tmp_path: Any) -> None:
    from newsloom.analyze.events import EventOntology

    (tmp_path / "leaders.tsv").write_text(
        "# names\tcode\tsector\tfrom\tuntil\toffice\n"
        "Aino Virtanen|Virtanen\tFIN\tGOV\t2030-01-01\t-\tprime minister\n",
        encoding="utf-8",
    )
    ontology = EventOntology.load(tmp_path)
    found = ontology.named_actor("Virtanen", date(2031, 1, 1))
    assert found is not None and found.code == "FIN"
    (tmp_path / "leaders.tsv").write_text("Aino Virtanen\tFIN\tXYZ\t2030-01-01\t-\n")
    with pytest.raises(ValueError, match="unknown sector"):
        EventOntology.load(tmp_path).named_actor("Virtanen", date(2031, 1, 1))


def test_the_sidelines_of_a_summit_are_no_side(code: Code) -> None:
    events = code(
        "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev discussed "
        "the clashes on the sidelines of a summit of the European Political Community in "
        "Tirana, Albania."
    )
    talks = [e for e in events if e.type == "CONSULT"]
    assert pairs(talks) == {("ARM", "AZE"), ("AZE", "ARM")}


def test_the_two_leaders_are_the_two_people_named_not_the_venue(code: Code) -> None:
    events = code(
        "Kenyan President William Ruto, who was attending an African Union summit in Ethiopia, "
        "held talks with Somali President Hassan Sheikh Mohamud on the sidelines of the meeting. "
        "The two leaders agreed to reopen their border."
    )
    agreed = [e for e in events if e.type == "AGREE"]
    assert pairs(agreed) == {("KEN", "SOM"), ("SOM", "KEN")}


def test_warships_sent_are_a_deployment_and_weapons_sent_are_aid(code: Code) -> None:
    assert types(code("Britain sent two warships to the Gulf on Monday.")) == {"MOBILIZE"}
    assert types(code("The United States sent missiles to Ukraine.")) == {"AID"}
