"""The event confidence map: reading it, applying it, and fitting it on folds."""

from __future__ import annotations

import pytest

from newsloom.analyze.events.confidence import (
    MAX_CONFIDENCE,
    NO_TARGET,
    UNDATED,
    WEAKNESSES,
    ConfidenceMap,
)
from newsloom.evaluate.event_confidence import Example, by_threshold, fit


def test_the_package_map_loads_and_more_weaknesses_never_raise_confidence() -> None:
    mapping = ConfidenceMap.load()
    assert set(mapping.weights) <= set(WEAKNESSES)
    none = mapping.confidence(())
    assert 0.5 < none <= MAX_CONFIDENCE
    assert mapping.confidence({NO_TARGET, UNDATED}) <= mapping.confidence({UNDATED}) <= none


def test_a_map_rejects_features_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="unknown"):
        ConfidenceMap.from_rows([["intercept", "1.0"], ["sunspots", "-1"]])


def test_the_fit_learns_which_events_are_less_often_right() -> None:
    examples = [Example(frozenset(), True, "plover") for _ in range(40)]
    examples += [Example(frozenset({NO_TARGET}), i % 2 == 0, "plover") for i in range(40)]
    mapping, report = fit(examples, folds=4)
    assert mapping.confidence(()) > mapping.confidence({NO_TARGET})
    assert report["examples"] == 80 and report["right"] == 60
    assert report["form"] in ("per-weakness", "count")
    assert report["out_of_fold"][">=0.5"]["events"] <= 80


def test_threshold_table_counts_what_each_threshold_keeps() -> None:
    table = by_threshold([0.95, 0.75, 0.55], [True, False, True])
    assert table[">=0.9"] == {"events": 1, "right": 1.0}
    assert table[">=0.7"] == {"events": 2, "right": 0.5}
    assert table[">=0.5"]["events"] == 3
