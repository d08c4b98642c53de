"""An event's confidence: a calibrated map from what the text leaves unsaid to how often such
events are right (fitted by newsloom.evaluate.event_confidence on held-out folds)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newsloom.analyze.events.refs import ActorRef
from newsloom.data import ontology_rows

CONFIDENCE_TABLE = "event_confidence.tsv"
# The weaknesses an event can have, each a yes/no feature of the map.
NO_TARGET = "no-target"  # whom the event was aimed at is not said
NOUN = "noun"  # read from "carried out strikes", one step from the verb
NOMINAL = "nominal"  # read from a noun phrase alone ("Iranian strikes on ...")
REFERENCE = "reference"  # a side read through "it", "both countries", "the strikes"
BACKGROUND = "background"  # told in a relative or "after ..." clause
UNDATED = "undated"  # the clause says nothing of when
LEXICON = "lexicon"  # read from a broad-lexicon synonym, not a hand-checked trigger row
NO_SOURCE_COUNTRY = "no-source-country"  # the doer has no country (a group, a body)
NO_TARGET_COUNTRY = "no-target-country"  # the target is named but has no country
INTENT = "intent"  # planned or hypothetical: said of the future, not done
WEAKNESSES = (
    NO_TARGET,
    NOUN,
    NOMINAL,
    REFERENCE,
    BACKGROUND,
    UNDATED,
    LEXICON,
    NO_SOURCE_COUNTRY,
    NO_TARGET_COUNTRY,
    INTENT,
)
# Confidence stays inside these bounds: no reading of a sentence is certain or hopeless.
MIN_CONFIDENCE = 0.05
MAX_CONFIDENCE = 0.99
_REFERENCE_VIAS = frozenset({"pronoun", "pair", "country-ref", "event-ref"})
_INTENT_STATUSES = frozenset({"planned", "hypothetical"})


def weaknesses(
    kind: str,
    lexicon: bool,
    source: ActorRef,
    target: ActorRef | None,
    background: bool,
    undated: bool,
    status: str,
) -> frozenset[str]:
    """The weaknesses of one event, read from how its trigger and sides were found."""
    found = {
        NO_TARGET: target is None,
        NOUN: kind == "support",
        NOMINAL: kind == "nominal",
        REFERENCE: source.via in _REFERENCE_VIAS
        or (target is not None and target.via in _REFERENCE_VIAS),
        BACKGROUND: background,
        UNDATED: undated,
        LEXICON: lexicon,
        NO_SOURCE_COUNTRY: not source.actor.code,
        NO_TARGET_COUNTRY: target is not None and not target.actor.code,
        INTENT: status in _INTENT_STATUSES,
    }
    return frozenset(name for name, weak in found.items() if weak)


@dataclass(frozen=True)
class ConfidenceMap:
    """A logistic map: confidence = 1 / (1 + exp(-(intercept + sum of the weights present)))."""

    intercept: float
    weights: Mapping[str, float]

    @classmethod
    def load(cls) -> ConfidenceMap:
        """The package's fitted map."""
        return cls.from_rows(ontology_rows(CONFIDENCE_TABLE))

    @classmethod
    def from_rows(cls, rows: Iterable[list[str]]) -> ConfidenceMap:
        """A map from (feature, weight) rows; the row named "intercept" is the intercept."""
        table = {name: float(value) for name, value, *_ in rows}
        unknown = set(table) - set(WEAKNESSES) - {"intercept"}
        if unknown:
            raise ValueError(f"unknown confidence features: {sorted(unknown)}")
        return cls(table.pop("intercept", 0.0), table)

    def confidence(self, weak: Iterable[str]) -> float:
        """How often an event with these weaknesses was right, rounded to two places."""
        logit = self.intercept + sum(self.weights.get(w, 0.0) for w in weak)
        value = 1.0 / (1.0 + math.exp(-logit))
        return round(min(MAX_CONFIDENCE, max(MIN_CONFIDENCE, value)), 2)
