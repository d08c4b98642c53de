"""Relations between two actors over time, and their chart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsloom.brief.relations import period_of, plot_relations, relation_series, timeline
from newsloom.errors import NewsloomError
from newsloom.model import Actor, Event

IRAN = Actor("Iran", "Iran", "IRN", None)
PAKISTAN = Actor("Pakistan", "Pakistan", "PAK", None)
USA = Actor("United States", "United States", "USA", None)


def event(
    source: Actor,
    target: Actor,
    type_: str,
    quad: str,
    score: float,
    date: str | None,
    status: str = "happened",
) -> Event:
    return Event(
        text=f"{source.canonical} {type_} {target.canonical}.",
        start=0,
        end=10,
        type=type_,
        mode=None,
        cameo=None,
        score=score,
        quad_class=quad,
        status=status,
        source=source,
        target=target,
        date=date,
    )


EVENTS = [
    (event(IRAN, PAKISTAN, "FIGHT", "material conflict", -10.0, "2024-01-16"), "a1"),
    (event(PAKISTAN, IRAN, "FIGHT", "material conflict", -10.0, "2024-01-18"), "a1"),
    (event(PAKISTAN, IRAN, "DISAPPROVE", "verbal conflict", -2.5, "2024-01-17"), "a2"),
    (event(IRAN, PAKISTAN, "CONSULT", "verbal cooperation", 1.9, "2024-04-22", "planned"), "a3"),
    (event(IRAN, PAKISTAN, "AGREE", "verbal cooperation", 4.0, None), "a3"),
    (event(IRAN, PAKISTAN, "FIGHT", "material conflict", -10.0, "2024-02-01", "denied"), "a4"),
    (event(USA, PAKISTAN, "THREATEN", "verbal conflict", -6.0, "2024-04-20"), "a5"),
]


def test_series_by_month_both_directions() -> None:
    series = relation_series(EVENTS, "irn", "PAK")
    assert series.periods == ["2024-01", "2024-04"]
    jan_pak = series.point("2024-01", "PAK")
    assert jan_pak is not None and jan_pak.target == "IRN"
    assert jan_pak.counts == {
        "verbal cooperation": 0,
        "material cooperation": 0,
        "verbal conflict": 1,
        "material conflict": 1,
    }
    assert jan_pak.mean_score == pytest.approx(-6.25)
    assert [e.article_id for e in jan_pak.events] == ["a1", "a2"]
    april = series.point("2024-04", "IRN")
    assert april is not None and april.events[0].status == "planned"
    assert [e.type for e in series.undated] == ["AGREE"]
    # the denial and the third country's threat are not part of the relation
    assert all(e.article_id not in ("a4", "a5") for p in series.points for e in p.events)


def test_series_by_week_and_window() -> None:
    series = relation_series(
        EVENTS, "IRN", "PAK", by="week", since="2024-01-17", until="2024-03-31"
    )
    assert series.periods == ["2024-W03"]
    assert series.point("2024-W03", "IRN") is not None  # the 16th is in the week of the 17th
    with pytest.raises(ValueError):
        relation_series(EVENTS, "IRN", "PAK", by="day")


def test_as_dict_is_json_with_the_evidence() -> None:
    data = json.loads(json.dumps(relation_series(EVENTS, "IRN", "PAK").as_dict()))
    assert data["a"] == "IRN" and data["by"] == "month"
    first = data["points"][0]
    assert first["total"] == 1 and first["events"][0]["evidence"].startswith("Iran FIGHT")
    assert {"article_id", "type", "date", "status", "evidence"} <= set(first["events"][0])


def test_periods() -> None:
    assert period_of("2024-01-16", "month") == "2024-01"
    assert period_of("2024-01-16", "week") == "2024-W03"
    assert period_of("2024-01", "month") == "2024-01"
    assert period_of("2024-01", "week") is None
    assert period_of("2024-W17", "month") == "2024-04"
    assert period_of("2024", "month") is None
    assert timeline(["2023-12", "2024-02"], "month") == ["2023-12", "2024-01", "2024-02"]


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chart_is_written(tmp_path: Path, suffix: str) -> None:
    path = plot_relations(
        relation_series(EVENTS, "IRN", "PAK"), tmp_path / "charts" / f"irn-pak{suffix}"
    )
    assert path.exists() and path.stat().st_size > 1000
    head = path.read_bytes()[:64]
    assert (
        head.startswith(b"\x89PNG")
        if suffix == ".png"
        else b"<svg" in path.read_bytes()[:2000] or head.startswith(b"<?xml")
    )


def test_chart_of_an_empty_series(tmp_path: Path) -> None:
    path = plot_relations(relation_series([], "IRN", "PAK"), tmp_path / "empty.png")
    assert path.stat().st_size > 0


def test_chart_suffix_must_name_a_chart_format(tmp_path: Path) -> None:
    with pytest.raises(NewsloomError, match=r"\.png, \.svg, \.pdf"):
        plot_relations(relation_series(EVENTS, "IRN", "PAK"), tmp_path / "chart.txt")
    assert not (tmp_path / "chart.txt").exists()
    pdf = plot_relations(relation_series(EVENTS, "IRN", "PAK"), tmp_path / "chart.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_dollar_signs_are_drawn_as_written(tmp_path: Path) -> None:
    # "$...$" would be matplotlib mathtext: an unknown command in it is a parse error
    series = relation_series([], r"$\bogus$", "P$K")
    path = plot_relations(series, tmp_path / "dollars.svg")
    assert r"$\BOGUS$ ↔ P$K" in path.read_text(encoding="utf-8")  # codes are upper-cased


def test_an_undated_only_series_says_what_it_leaves_out(tmp_path: Path) -> None:
    undated = [(event(USA, PAKISTAN, "THREATEN", "verbal conflict", -6.0, None), "a1")]
    series = relation_series(undated, "USA", "PAK")
    assert not series.points and len(series.undated) == 1
    assert series.left_out() == (
        "1 event between USA and PAK has no date precise enough for a month and is left out"
    )
    svg = plot_relations(series, tmp_path / "usa-pak.svg").read_text(encoding="utf-8")
    assert "no dated events between USA and PAK" in svg and "is left out" in svg
    assert relation_series([], "USA", "PAK").left_out() is None
