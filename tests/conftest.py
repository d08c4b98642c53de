"""Shared fixtures: the evaluation data folder, one loaded analyzer, a demo store."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.data import evaluation_data


def shared_data_dir() -> Path | None:
    """$NEWSLOOM_DATA, else ../shared/data beside the repository, when it is there."""
    found = evaluation_data()
    return found if found.is_dir() else None


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The evaluation data folder; tests needing it skip clearly when it is absent."""
    found = shared_data_dir()
    if found is None:
        pytest.skip("evaluation data not found: set NEWSLOOM_DATA or place it at ../shared/data")
    return found


@pytest.fixture(scope="session")
def seeds_dir(data_dir: Path) -> Path:
    """The two seed reports of Raisi's April 2024 visit to Pakistan."""
    path = data_dir / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed reports not found under {data_dir}")
    return path


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    """One spaCy + ONNX analyzer for the whole session (loading takes seconds)."""
    from newsloom.analyze.analyzer import Analyzer

    return Analyzer.load()
