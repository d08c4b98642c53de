"""Package data (the ontology and lexicons, the demo corpus) and where the evaluation data lives."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


def table_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, stripped fields) of a tab-separated table; blank and # lines skipped."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, [f.strip() for f in line.split("\t")]


def ontology_rows(name: str) -> Iterator[list[str]]:
    """The fields of each row of one tab-separated table in the ontology folder."""
    for _, fields in table_rows(ontology_text(name)):
        yield fields


def demo_folder() -> Path:
    """The bundled demo corpus: one folder per invented outlet."""
    return Path(str(resources.files("newsloom.data").joinpath("demo")))


def evaluation_data() -> Path:
    """$NEWSLOOM_DATA when set, else ../shared/data beside the repository checkout."""
    env = os.environ.get("NEWSLOOM_DATA")
    return Path(env) if env else _REPOSITORY.parent / "shared" / "data"
