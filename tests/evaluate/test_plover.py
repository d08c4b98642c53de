"""Scoring event coding against PLOVER gold records, and the quality gate on the dev file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsloom.errors import NewsloomError
from newsloom.evaluate.plover import (
    PloverRecord,
    evaluate_plover,
    plover_type,
    read_plover,
    score_records,
    split_key,
)
from newsloom.model import Actor, Event

# Floors on the check half of the committed split (rules are written from the tune half's
# errors only): the scores reached when they were set, less a margin for parser and data-file
# changes. Raise them when the coder improves; never lower one silently.
MIN_TYPE_RECALL = 0.78  # reached 0.815 (check half, 2026-12-07)
MIN_TYPE_PRECISION = 0.88  # reached 0.917
MIN_ACTOR_F1 = 0.77  # reached 0.806


def event(
    type_: str,
    source: str | None,
    target: str | None,
    status: str = "happened",
    quad: str = "verbal conflict",
    sector: str | None = None,
) -> Event:
    return Event(
        text="",
        start=0,
        end=0,
        type=type_,
        mode=None,
        cameo=None,
        score=0.0,
        quad_class=quad,
        status=status,
        source=Actor("s", "s", source, sector) if source or sector else None,
        target=Actor("t", "t", target, None) if target else None,
    )


def test_read_plover_handles_symmetric_actors_legacy_codes_and_stray_targets(
    tmp_path: Path,
) -> None:
    rows = [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "notes"},
        {
            "id": "R1",
            "event": "AGREE",
            "text": " Jordan and Japan agreed. ",
            "source": [
                {"actorText": "Jordan", "code": "JOR"},
                {"actorText": "Japan", "code": "JAP"},
            ],
            "target": "",
            "textInfo": {"markup": "(SRC/TAR: Jordan) and (SRC/TAR: Japan) (EVT: agreed)."},
        },
        {
            "id": "R2",
            "event": "DEMAND",
            "text": "X demanded Y.",
            "source": [{"actorText": "UN", "code": "IGO"}],
            "target": "diplomatic",
            "textInfo": {"markup": "(SRC: UN) (EVT: demanded)"},
        },
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    records = read_plover(path)
    assert [r.id for r in records] == ["R1", "R2"]
    assert records[0].text == "Jordan and Japan agreed."
    assert records[0].sources == records[0].targets == {"JOR", "JPN"}
    assert records[1].sources == {"IGO"} and records[1].targets == frozenset()


def test_read_plover_never_crashes_on_strings_where_objects_belong(tmp_path: Path) -> None:
    rows: list[Any] = [
        "a stray string row",
        {
            "id": "S1",
            "event": "AGREE",
            "text": "A agreed.",
            "textInfo": "(SRC/TAR: A)",
            "source": [{"code": "AAA"}, {"code": 7}, "BBB"],
            "target": "none",
        },
        {"id": 5, "event": "DEMAND", "text": "B asked.", "textInfo": None, "source": "B"},
        {"id": "S3", "event": ["FIGHT"], "text": "C fought."},
        {"id": "S4", "event": "FIGHT", "text": {"en": "D fought."}},
    ]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    records = read_plover(path)
    assert [r.id for r in records] == ["S1", "5"]
    assert records[0].sources == records[0].targets == {"AAA"}  # string markup read as markup
    assert records[1].sources == records[1].targets == frozenset()
    path.write_text(json.dumps({"not": "a list"}), encoding="utf-8")
    assert read_plover(path) == []
    path.write_text('[{"id": "S1", "event": ', encoding="utf-8")
    with pytest.raises(NewsloomError, match="NL005"):
        read_plover(path)


def test_split_keeps_a_sentence_in_one_half_and_halves_partition(tmp_path: Path) -> None:
    rows = [{"id": f"R{i}", "event": "AGREE", "text": f"Sentence {i // 2}."} for i in range(40)]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    tune, check = read_plover(path, "tune"), read_plover(path, "check")
    assert len(tune) + len(check) == 40 and tune and check
    assert not {r.text for r in tune} & {r.text for r in check}
    # the half is decided by the first id of each sentence's group, so it is stable
    assert {split_key(f"R{2 * (int(r.text.split()[1][:-1]))}") for r in tune} == {"tune"}
    with pytest.raises(ValueError):
        read_plover(path, "both")


def test_plover_type_codes_intents_as_plover_does() -> None:
    assert plover_type(event("CONSULT", "IRN", "PAK", "planned", "verbal cooperation")) == "AGREE"
    assert (
        plover_type(event("AID", "USA", "PAK", "hypothetical", "material cooperation")) == "AGREE"
    )
    assert plover_type(event("COERCE", "CIV", None, "planned", "material conflict")) == "THREATEN"
    assert plover_type(event("REJECT", "SYR", None, "planned")) == "REJECT"
    assert (
        plover_type(event("CONSULT", "IRN", "PAK", "happened", "verbal cooperation")) == "CONSULT"
    )


def test_score_records_counts_types_precision_and_actors() -> None:
    records = [
        PloverRecord("1", "A hit B.", "FIGHT", frozenset({"AAA"}), frozenset({"BBB"})),
        PloverRecord("2", "C asked D.", "DEMAND", frozenset({"CCC"}), frozenset({"DDD"})),
        PloverRecord("3", "E met F.", "CONSULT", frozenset({"EEE"}), frozenset({"FFF"})),
    ]
    by_text = {
        "A hit B.": (event("FIGHT", "AAA", "BBB", quad="material conflict"),),
        "C asked D.": (event("REJECT", "CCC", None), event("DEMAND", "CCC", "XXX")),
        "E met F.": (event("CONSULT", "EEE", "FFF", "negated", "verbal cooperation"),),
    }
    scores = score_records(records, by_text)
    assert scores.type_recall == pytest.approx(2 / 3)
    assert (scores.events_emitted, scores.events_correct) == (3, 2)  # the negated one is not scored
    # sources: AAA, CCC found, EEE missed; targets: BBB found, XXX wrong, DDD and FFF missed
    assert scores.actor_precision == pytest.approx(3 / 4)
    assert scores.actor_recall == pytest.approx(3 / 6)
    assert scores.recall_by_type == {"FIGHT": 1.0, "DEMAND": 1.0, "CONSULT": 0.0}
    data = scores.as_dict()
    assert "errors" not in data and "errors" in scores.as_dict(with_errors=True)
    # every event here has confidence 0.5: all are at or above 0.5, none at 0.7
    assert scores.precision_by_confidence[0.5] == (3, pytest.approx(2 / 3))
    assert scores.precision_by_confidence[0.7] == (0, 0.0)
    assert data["precision_by_confidence"][">=0.5"]["events"] == 3


def test_igo_actors_are_compared_by_sector() -> None:
    records = [PloverRecord("1", "UN urged X.", "DEMAND", frozenset({"IGO"}), frozenset())]
    scores = score_records(records, {"UN urged X.": (event("DEMAND", None, None, sector="IGO"),)})
    assert scores.actor_precision == 1.0 and scores.actor_recall == 1.0


def test_dev_quality_gate(data_dir: Path, analyzer: Any) -> None:
    path = data_dir / "plover-gsr-dev.json"
    if not path.exists():
        pytest.skip(f"PLOVER dev file not found under {data_dir}")
    scores = evaluate_plover(path, analyzer, half="check")
    assert scores.records > 100
    assert scores.type_recall >= MIN_TYPE_RECALL, scores.as_dict()
    assert scores.type_precision >= MIN_TYPE_PRECISION, scores.as_dict()
    assert scores.actor_f1 >= MIN_ACTOR_F1, scores.as_dict()
