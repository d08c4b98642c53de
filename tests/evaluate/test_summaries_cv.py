"""The summaries cross-validation: fixed folds and held-out choice of settings."""

from __future__ import annotations

import json
from pathlib import Path

from newsloom.evaluate.summaries_cv import fold_of, parameter_grid

FOLDS = Path(__file__).parents[2] / "benchmarks" / "summaries_dev_folds.json"


def test_the_committed_folds_are_the_hash_of_the_cluster_id() -> None:
    committed = json.loads(FOLDS.read_text(encoding="utf-8"))
    assert committed["folds"] == 5
    for cluster_id, fold in committed["clusters"].items():
        assert fold_of(cluster_id, 5) == fold
    assert set(committed["clusters"].values()) == set(range(5))


def test_the_grid_compares_both_methods() -> None:
    grid = parameter_grid()
    assert {p.method for p in grid} == {"ilp", "submodular"}
    assert len(set(grid)) == len(grid)


def test_the_grid_is_scored_in_the_fixed_length_form_with_and_without_compression() -> None:
    grid = parameter_grid()
    assert all(p.fill for p in grid)
    assert {p.compress for p in grid if p.method == "ilp"} == {False, True}
