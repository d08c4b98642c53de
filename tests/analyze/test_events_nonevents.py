"""Sentences that mention violence or diplomacy without asserting an event, and actor rules
(surnames, leaders by date, a side's own forces), on sentences written for the purpose."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from newsloom.evaluate.plover import SCORED_STATUSES
from newsloom.model import Event

PUBLISHED = date(2018, 6, 3)


@pytest.fixture(scope="module")
def code(event_coder: Any) -> Any:
    """A function from text to its events (tests/analyze/conftest.py)."""
    return event_coder(PUBLISHED)


def asserted(events: tuple[Event, ...]) -> list[Event]:
    return [e for e in events if e.status in ("happened", "planned")]


@pytest.mark.parametrize(
    "text",
    [
        "All that has prevented the Syrian army from destroying Idlib is the Turkish presence.",
        "I do not recall any attacks on Kurdish villages by Turkish troops.",
        "Had Russia not intervened, the rebels would have captured Damascus.",
        "Turkish troops usually attack PKK positions in northern Iraq in spring.",
    ],
)
def test_counterfactuals_negated_recollection_and_habits_assert_nothing(
    code: Any, text: str
) -> None:
    assert asserted(code(text)) == []


def test_a_habit_is_coded_generic_and_not_scored(code: Any) -> None:
    events = code("Turkish troops usually attack PKK positions in northern Iraq.")
    assert events and {e.status for e in events} == {"generic"}
    assert "generic" not in SCORED_STATUSES


def test_not_only_is_no_negation(code: Any) -> None:
    events = code("Turkey sent troops to Syria not only to fight the Kurdish militia.")
    assert not any(e.status == "negated" for e in events), events


def test_sports_sentences_are_discarded_but_the_news_beside_them_is_not(code: Any) -> None:
    text = (
        "Russian forces shelled Kharkiv on Friday. "
        "In football, the striker attacked the referee during the soccer match in Kyiv."
    )
    events = code(text)
    assert events and all("Kharkiv" in e.text for e in events)
    # a story-level phrase in the headline marks the whole report
    sport = code("Champions League final: Liverpool beat Real Madrid.\n\nFans attacked police.")
    assert sport == ()


def test_own_forces_are_never_the_target_of_their_leader(code: Any) -> None:
    events = code("Erdogan warned that Turkish troops would advance into Syria.")
    threat = [e for e in events if e.type == "THREATEN"]
    assert threat and all(e.target is None or e.target.code != "TUR" for e in threat)
    assert threat[0].source is not None and threat[0].source.code == "TUR"


def test_a_surname_inherits_the_full_mention_and_a_leader_his_country(code: Any) -> None:
    text = (
        "Vladimir Putin met Recep Tayyip Erdogan in Sochi on Monday. "
        "Erdogan later criticised Washington over its sanctions."
    )
    events = code(text)
    criticism = [e for e in events if e.type == "DISAPPROVE"]
    assert criticism, events
    assert criticism[0].source is not None and criticism[0].source.code == "TUR"
    assert criticism[0].date is None  # "Monday" is the meeting's, not the criticism's


def test_an_event_without_a_time_of_its_own_is_undated(code: Any) -> None:
    e = [x for x in code("Syrian troops shelled Idlib.") if x.type == "FIGHT"]
    assert e and e[0].date is None and e[0].date_basis == "undated"


def test_a_surname_alone_takes_the_country_of_its_full_mention(code: Any) -> None:
    # a person no lexicon knows: only the article's full mention says whose he is
    text = (
        "Nigerian Defence Minister Adewale Okonkwo visited Chad on Monday. "
        "Okonkwo later accused Cameroon of sheltering rebels."
    )
    events = code(text)
    accusations = [e for e in events if e.source is not None and e.source.text.endswith("Okonkwo")]
    later = [e for e in accusations if "later" in e.text]
    assert later, events
    assert all(e.source is not None and e.source.code == "NGA" for e in later)


def test_event_nouns_name_their_sides(code: Any) -> None:
    events = code("Talks between Kenya and Somalia ended without agreement.")
    consult = [e for e in events if e.type == "CONSULT"]
    pairs = {
        (e.source.code if e.source else None, e.target.code if e.target else None) for e in consult
    }
    assert pairs == {("KEN", "SOM"), ("SOM", "KEN")}
    verb = [e for e in code("Kenya's president met Somalia's president.") if e.type == "CONSULT"]
    # a noun says less than a verb
    assert verb and all(e.confidence < min(v.confidence for v in verb) for e in consult)


def test_a_postponed_visit_did_not_happen(code: Any) -> None:
    events = code("The French president's visit to Egypt was postponed.")
    visits = [e for e in events if e.type == "CONSULT"]
    assert visits and all(e.status == "negated" for e in visits)


def test_an_earlier_event_told_as_context_is_background(code: Any) -> None:
    events = code("Pakistan offered talks, a day after Indian jets struck a camp in Pakistan.")
    fights = [e for e in events if e.type == "FIGHT"]
    assert fights and all(e.status == "background" for e in fights)
    assert "background" not in SCORED_STATUSES


def test_the_article_country_of_a_person_beats_a_namesake_in_the_lexicon(code: Any) -> None:
    # the lexicon holds a Senegalese official of this name; the article says Mali's
    events = code("Mali's Foreign Minister Abdoulaye Diop summoned Burkina Faso's ambassador.")
    summons = [e for e in events if e.trigger == "summoned"]
    assert summons and summons[0].source is not None and summons[0].source.code == "MLI"
