"""Event coding after the third round: paragraph breaks end sentences, plans read through
"is expected to", forces named without a country, a state never its own target, and "the two
countries" as the sentence before names them. The sentences were written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from event_checks import sides

from newsloom.model import Event

PUBLISHED = date(2024, 6, 18)

Code = Callable[[str], tuple[Event, ...]]


@pytest.fixture(scope="module")
def code(event_coder: Any) -> Code:
    """A function from text to its events (tests/analyze/conftest.py)."""
    return event_coder(PUBLISHED)


def test_a_blank_line_ends_a_sentence_and_offsets_stay_exact(analyzer: Any) -> None:
    text = (
        "Rebels seize town as talks stall\n\nGOMA, June 18 - Fighters captured the town "
        "on Monday.  \n \nOfficials said\nlittle about it."
    )
    doc = analyzer.nlp(text)
    sents = [s for s in doc.sents if s.text.strip()]
    starts = [s.text.strip()[:12] for s in sents]
    assert starts[:3] == ["Rebels seize", "GOMA, June 1", "Officials sa"]
    assert all(text[s.start_char : s.end_char] == s.text for s in sents)
    # a single line break is not a paragraph break
    assert not any(s.text.startswith("little") for s in sents)
    assert doc.text == text


def test_a_dateline_stays_with_the_sentence_it_opens(analyzer: Any) -> None:
    text = "Israel strikes south Lebanon\n\nBEIRUT, Feb 15 - Israeli warplanes struck villages."
    sents = [s.text.strip() for s in analyzer.nlp(text).sents]
    assert sents[-1].startswith("BEIRUT, Feb 15 - Israeli warplanes")


def test_expected_and_scheduled_make_a_plan(code: Code) -> None:
    events = code(
        "Egyptian President Abdel Fattah al-Sisi is expected to host Somali President Hassan "
        "Sheikh Mohamud in Cairo later this month."
    )
    consult = [e for e in events if e.type == "CONSULT"]
    assert consult and all(e.status == "planned" for e in consult)
    events = code("Philippine and Chinese officials are scheduled to meet in Shanghai in January.")
    assert [e.status for e in events if e.type == "CONSULT"] == ["planned", "planned"]


def test_a_bare_army_is_the_force_the_article_named_before(code: Code) -> None:
    events = code(
        "Sudan's army said it had repelled an assault on El Fasher. "
        "Rebels later attacked the army near the city of Kassala."
    )
    fight = [e for e in events if e.type in ("FIGHT", "ASSAULT") and e.target]
    assert any(e.target and e.target.code == "SDN" for e in fight)


def test_a_bare_military_takes_the_dateline_country_the_lead_names(code: Code) -> None:
    text = (
        "Myanmar junta loses border town\n\nYANGON, Jan 13 - Fighting spread in Myanmar's "
        "north.\n\nThe military responded with air strikes on two villages, residents said."
    )
    fight = [e for e in code(text) if e.type == "FIGHT"]
    assert fight and fight[0].source and fight[0].source.code == "MMR"


def test_a_bare_military_gets_no_country_without_one_in_the_article(code: Code) -> None:
    fight = [
        e
        for e in code("The military responded with air strikes on two villages.")
        if e.type == "FIGHT"
    ]
    assert all(e.source is None or e.source.code is None for e in fight)


def test_a_state_is_never_its_own_target(code: Code) -> None:
    events = code(
        "Israeli Defence Minister Yoav Gallant warned that Israel could expand its operations."
    )
    threats = [e for e in events if e.type == "THREATEN"]
    assert threats
    assert all(sides(e) == ("ISR", None) for e in threats)


def test_a_state_acting_at_home_keeps_its_country_as_target(code: Code) -> None:
    events = code("The government declared a state of emergency in Haiti on Saturday.")
    assert any(sides(e) == ("HTI", "HTI") for e in events if e.type == "COERCE")


def test_the_two_countries_are_the_two_named_together_last(code: Code) -> None:
    text = (
        "Somalia recalled its ambassador from Ethiopia on Monday. "
        "Diplomats say Eritrea fears that Ethiopia could try to seize the port of Assab. "
        "The two countries fought a border war from 1998 to 2000."
    )
    fights = {sides(e) for e in code(text) if e.type == "FIGHT"}
    assert fights == {("ERI", "ETH"), ("ETH", "ERI")}


def test_both_sides_stay_the_sides_of_the_latest_conflict(code: Code) -> None:
    text = (
        "Azerbaijani troops shelled Armenian villages on Monday. "
        "Russia and France issued a joint statement. "
        "The European Union urged both sides to respect the ceasefire."
    )
    demands = {sides(e) for e in code(text) if e.type == "DEMAND"}
    assert demands and all(t in ("ARM", "AZE") for _, t in demands)
