"""Names two countries share ("Congo"): the article's other places decide which one it means."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Doc

from newsloom.analyze.entities.gazetteer import Gazetteer, Place, normalise_name
from newsloom.analyze.entities.patterns import Mention
from newsloom.data import ontology_rows


@lru_cache(maxsize=1)
def ambiguous_names() -> dict[str, tuple[str, str]]:
    """Normalised shared name → (the country the gazetteer gives it, the other country)."""
    rows = ontology_rows("ambiguous_places.tsv")
    return {normalise_name(name): (usual, other) for name, usual, other, *_ in rows}


def _shared_name(doc: Doc, m: Mention) -> tuple[str, str] | None:
    """The (usual, other) countries of a shared name among the mention's words, if any."""
    table = ambiguous_names()
    for token in doc[m.start : m.end]:
        key = normalise_name(token.text)
        found = table.get(key) or (table.get(key[:-1]) if key.endswith("s") else None)
        if found is not None:
            return found
    return None


def settle_ambiguous_places(doc: Doc, mentions: Sequence[Mention], gazetteer: Gazetteer) -> None:
    """A shared name goes to the other country when the article's other places (cities,
    regions, unambiguous names) are in that country and none is in the usual one: "Congo" is
    the DRC, unless the article names Brazzaville and nothing of the DRC. Mentions that hold
    the name ("Congo's army") follow it."""
    shared = []
    cues: dict[str, int] = {}
    for m in mentions:
        pair = _shared_name(doc, m)
        if pair is not None:
            shared.append((m, pair))
        elif m.place is not None:
            cues[m.place.country] = cues.get(m.place.country, 0) + 1
    for m, (usual, other) in shared:
        if m.country != usual or not cues.get(other) or cues.get(usual):
            continue
        m.country = other
        if m.place is not None:
            m.place = Place(gazetteer.country_name(other) or other, other, m.place.kind)
