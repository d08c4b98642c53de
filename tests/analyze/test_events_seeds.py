"""Event coding on the two seed reports of Raisi's April 2024 visit to Pakistan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from newsloom.analyze.entities import extract_entities
from newsloom.analyze.events import EventCoder, EventOntology
from newsloom.analyze.timex import find_timexes
from newsloom.model import Event

PUBLISHED = date(2024, 4, 21)


@pytest.fixture(scope="module")
def seed_events(analyzer: Any, seeds_dir: Path) -> dict[str, tuple[Event, ...]]:
    """Events of each seed report, keyed by file name, coded as of the publication date."""
    coder = EventCoder(EventOntology.load())
    gazetteer = analyzer.nlp.get_pipe("newsloom_entities").resources.gazetteer
    coded = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = analyzer.nlp(text)
        events = coder.code(
            doc, extract_entities(doc), find_timexes(text, PUBLISHED), PUBLISHED, gazetteer
        )
        for e in events:
            assert text[e.start : e.end] == e.text
        coded[path.name] = events
    if len(coded) < 2:
        pytest.skip(f"expected two seed reports under {seeds_dir}")
    return coded


def all_events(seed_events: dict[str, tuple[Event, ...]]) -> list[Event]:
    return [e for events in seed_events.values() for e in events]


def between(events: list[Event], source: str, target: str) -> list[Event]:
    return [
        e
        for e in events
        if e.source is not None
        and e.target is not None
        and e.source.code == source
        and e.target.code == target
    ]


def test_raisis_visit_is_a_planned_consult_on_april_22(
    seed_events: dict[str, tuple[Event, ...]],
) -> None:
    visits = [
        e
        for e in between(all_events(seed_events), "IRN", "PAK")
        if e.type == "CONSULT" and e.mode == "visit"
    ]
    assert visits, "no CONSULT visit from Iran to Pakistan"
    assert all(e.status == "planned" for e in visits)
    assert {e.date for e in visits} == {"2024-04-22"}
    assert all(e.source is not None and e.source.sector == "GOV" for e in visits)
    # both reports tell it, each in its own words
    assert len({e.text for e in visits}) == 2


def test_january_strikes_run_both_ways(seed_events: dict[str, tuple[Event, ...]]) -> None:
    events = all_events(seed_events)
    for source, target in (("IRN", "PAK"), ("PAK", "IRN")):
        strikes = [e for e in between(events, source, target) if e.type in ("FIGHT", "ASSAULT")]
        assert strikes, f"no strike {source}→{target}"
        assert all(e.quad_class == "material conflict" and e.score <= -9 for e in strikes)
        assert any(e.date == "2024-01" for e in strikes), [e.date for e in strikes]
        assert all(e.source is not None and e.source.sector == "MIL" for e in strikes)


def test_united_states_threatens_pakistan_over_the_pipeline(
    seed_events: dict[str, tuple[Event, ...]],
) -> None:
    threats = [e for e in between(all_events(seed_events), "USA", "PAK") if e.type == "THREATEN"]
    assert len(threats) == 1
    assert threats[0].status == "happened" and "penalties" in threats[0].text
    assert threats[0].quad_class == "verbal conflict"


def test_pakistans_government_approves_the_pipeline_stretch(
    seed_events: dict[str, tuple[Event, ...]],
) -> None:
    approvals = [
        e
        for e in all_events(seed_events)
        if e.source is not None
        and e.source.code == "PAK"
        and "pipeline" in e.text
        and e.type == "AGREE"
    ]
    assert len(approvals) == 1
    e = approvals[0]
    assert e.source is not None and e.source.sector == "GOV"
    assert e.quad_class == "verbal cooperation" and e.score > 0 and e.trigger == "approved"


def test_no_event_asserts_what_the_reports_do_not(
    seed_events: dict[str, tuple[Event, ...]],
) -> None:
    events = all_events(seed_events)
    # nobody in the reports attacks anyone but Iran, Pakistan and Israel
    for e in events:
        if e.type in ("FIGHT", "ASSAULT") and e.source is not None:
            assert e.source.code in ("IRN", "PAK", "ISR")
    # the anti-Iranian group Iran struck is Pakistani, not Iranian
    assert not any(
        e.type == "FIGHT" and e.source and e.target and e.source.code == e.target.code
        for e in events
    )
