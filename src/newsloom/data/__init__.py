"""Package data (the ontology and lexicons, the demo corpus) and where the evaluation data lives."""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

# The repository's checkout sits beside ../shared/data in development and CI.
_REPOSITORY = Path(__file__).resolve().parents[3]


def ontology_folder() -> Traversable:
    """The package's ontology folder: event types, triggers, actors, lexicons and tables."""
    return resources.files("newsloom.data").joinpath("ontology")


def ontology_text(name: str) -> str:
    """The text of one file in the package's ontology folder."""
    return ontology_folder().joinpath(name).read_text(encoding="utf-8")


def demo_folder() -> Path:
    """The bundled demo corpus: one folder per invented outlet."""
    return Path(str(resources.files("newsloom.data").joinpath("demo")))


def evaluation_data() -> Path:
    """$NEWSLOOM_DATA when set, else ../shared/data beside the repository checkout."""
    env = os.environ.get("NEWSLOOM_DATA")
    return Path(env) if env else _REPOSITORY.parent / "shared" / "data"
