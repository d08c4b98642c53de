"""Merging one event as several articles of a story report it."""

from __future__ import annotations

from newsloom.analyze.events import dates_compatible, merge_story_events
from newsloom.model import Actor, Event

IRAN = Actor("Iran", "Iran", "IRN", None)
IRAN_MIL = Actor("Iranian forces", "Iran forces", "IRN", "MIL")
PAKISTAN = Actor("Pakistan", "Pakistan", "PAK", None)
ISRAEL = Actor("Israel", "Israel", "ISR", None)


def event(
    type_: str = "CONSULT",
    source: Actor | None = IRAN,
    target: Actor | None = PAKISTAN,
    date: str | None = "2024-04-22",
    status: str = "planned",
    confidence: float = 0.8,
    quad: str = "verbal cooperation",
) -> Event:
    return Event(
        text="...",
        start=0,
        end=3,
        type=type_,
        mode=None,
        cameo=None,
        score=1.0,
        quad_class=quad,
        status=status,
        source=source,
        target=target,
        date=date,
        confidence=confidence,
    )


def test_a_syndicated_copy_counts_once() -> None:
    merged = merge_story_events(
        [
            ("a1", "Dawn", False, [event()]),
            ("a2", "Dawn", True, [event()]),  # the wire copy Dawn republished
            ("a3", "Tehran Times", False, [event(date=None)]),
            ("a4", "Syndicator", True, [event()]),  # a copy from an outlet with no original
        ]
    )
    assert len(merged) == 1
    m = merged[0]
    assert m.article_ids == ("a1", "a2", "a3", "a4")
    assert set(m.outlets) == {"Dawn", "Tehran Times", "Syndicator"}
    assert m.independent_outlets == 2
    assert m.reports == 4
    assert m.event.date == "2024-04-22"  # a dated report represents the merge


def test_one_family_merges_and_sides_or_dates_keep_events_apart() -> None:
    merged = merge_story_events(
        [
            (
                "a1",
                "X",
                False,
                [
                    event(
                        "FIGHT",
                        IRAN_MIL,
                        PAKISTAN,
                        "2024-01-16",
                        "happened",
                        quad="material conflict",
                    )
                ],
            ),
            (
                "a2",
                "Y",
                False,
                [event("ASSAULT", IRAN, PAKISTAN, "2024-01", "happened", quad="material conflict")],
            ),
            (
                "a3",
                "Z",
                False,
                [
                    event(
                        "FIGHT", PAKISTAN, IRAN, "2024-01-18", "happened", quad="material conflict"
                    )
                ],
            ),
            (
                "a4",
                "Z",
                False,
                [event("FIGHT", IRAN, PAKISTAN, "2023-06", "happened", quad="material conflict")],
            ),
            (
                "a5",
                "Z",
                False,
                [event("FIGHT", IRAN, ISRAEL, "2024-01-16", "happened", quad="material conflict")],
            ),
        ]
    )
    by_articles = sorted(m.article_ids for m in merged)
    assert by_articles == [("a1", "a2"), ("a3",), ("a4",), ("a5",)]
    strike = next(m for m in merged if m.article_ids == ("a1", "a2"))
    assert strike.independent_outlets == 2
    assert strike.event.date == "2024-01-16"  # the more precise report stands for both


def test_denied_and_negated_reports_stay_apart_from_the_event() -> None:
    merged = merge_story_events(
        [
            (
                "a1",
                "X",
                False,
                [event("FIGHT", IRAN, PAKISTAN, None, "happened", quad="material conflict")],
            ),
            (
                "a2",
                "Y",
                False,
                [event("FIGHT", IRAN, PAKISTAN, None, "denied", quad="material conflict")],
            ),
        ]
    )
    assert len(merged) == 2
    assert {m.event.status for m in merged} == {"happened", "denied"}


def test_planned_and_happened_reports_of_a_visit_merge() -> None:
    merged = merge_story_events(
        [
            ("a1", "X", False, [event(status="planned")]),
            ("a2", "Y", False, [event(status="happened", confidence=0.6)]),
        ]
    )
    assert len(merged) == 1 and merged[0].event.status == "happened"


def test_date_compatibility() -> None:
    assert dates_compatible("2024-01", "2024-01-16")
    assert dates_compatible(None, "2024-01-16")
    assert not dates_compatible("2024-01-15", "2024-01-16")
    assert dates_compatible("2024-W03", "2024-01-16")
    assert not dates_compatible("2024-W04", "2024-01-16")
