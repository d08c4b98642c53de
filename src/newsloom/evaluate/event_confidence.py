"""Fit the event confidence map on held-out folds, and say what each threshold is worth.

    python -m newsloom.evaluate.event_confidence PLOVER_FILE [--judged TSV --reports DIR]
        [--folds 5] [--write]

The training events are those the coder asserts on the tune half of a PLOVER file (right when
their PLOVER type is one of the sentence's gold types and each side they name is a gold side)
and, optionally, events of written reports judged by hand (a TSV of file, offset, type,
status, source, target and the strict judgement; see benchmarks/events_blind/judged.tsv). A
small L2-regularised logistic regression maps the weaknesses of an event
(`newsloom.analyze.events.confidence.WEAKNESSES`) to the chance it is right: either one
weight per weakness or one weight for their count (each weakness costs the same), whichever
form and strength give the lower log-loss over repeated cross-validated folds; out-of-fold
predictions say how well each threshold holds on events the fit did not see, and the check
half is scored with the final map. `--write`
stores the map in the package's event_confidence.tsv.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from newsloom.analyze.analyzer import load_spacy
from newsloom.analyze.entities import extract_entities
from newsloom.analyze.events import EventCoder, EventOntology
from newsloom.analyze.events.confidence import CONFIDENCE_TABLE, WEAKNESSES, ConfidenceMap
from newsloom.analyze.timex import find_timexes
from newsloom.evaluate.plover import SCORED_STATUSES, actor_key, plover_type, read_plover
from newsloom.model import Event

# Regularisation strengths tried (sklearn's C: larger fits the data more closely).
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
# The two forms of the map: a weight per weakness, or one weight for how many there are.
FORMS = ("per-weakness", "count")
# Cross-validation is repeated with this many fold assignments: with a few hundred events and
# few of them wrong, one assignment's log-loss is too noisy to choose by.
REPEATS = 10
# Thresholds reported: what `newsloom events --min-confidence X` keeps and how often right.
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
# Statuses a judged report's event may have to count: what the article asserts.
ASSERTED = frozenset({"happened", "planned"})
_SEED = 17  # fold assignment is fixed so that a rerun fits the same map
_PACKAGE_TABLE = Path(__file__).resolve().parents[1] / "data" / "ontology" / CONFIDENCE_TABLE


@dataclass(frozen=True)
class Example:
    """One coded event: its weaknesses and whether it was right."""

    weak: frozenset[str]
    right: bool
    origin: str  # "plover" or "judged"


def features(examples: Sequence[Example]) -> np.ndarray:
    """The 0/1 weakness matrix of the examples, one column per WEAKNESSES entry."""
    return np.array([[w in e.weak for w in WEAKNESSES] for e in examples], dtype=float)


def plover_examples(path: Path, half: str, coder: EventCoder, nlp: Any) -> list[Example]:
    """Asserted events on a half of a PLOVER file, right when their type and sides are gold's."""
    records = read_plover(path, half)
    gold: dict[str, list[Any]] = {}
    for r in records:
        gold.setdefault(r.text, []).append(r)
    gazetteer = nlp.get_pipe("newsloom_entities").resources.gazetteer
    examples = []
    for text, doc in zip(gold, nlp.pipe(list(gold)), strict=True):
        explained = coder.code_explained(
            doc, extract_entities(doc), find_timexes(text, None), None, gazetteer
        )
        for event, weak in explained:
            if event.status in SCORED_STATUSES:
                examples.append(Example(weak, _plover_right(event, gold[text]), "plover"))
    return examples


def _plover_right(event: Event, records: Sequence[Any]) -> bool:
    """Right: a gold record of the event's type whose sides include each side it names."""
    source, target = actor_key(event.source), actor_key(event.target)
    for r in records:
        if plover_type(event) != r.type:
            continue
        if source is not None and r.sources and source not in r.sources | r.targets:
            continue
        if target is not None and r.targets and target not in r.targets | r.sources:
            continue
        return True
    return False


def judged_examples(judged: Path, reports: Path, coder: EventCoder, nlp: Any) -> list[Example]:
    """Asserted events of written reports with a hand judgement (strict: type, status and the
    country of every side the sentence names right); events with none are left out."""
    labels: dict[tuple[str, ...], bool] = {}
    with judged.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            labels[tuple(row[:6])] = row[6].strip() == "1"
    gazetteer = nlp.get_pipe("newsloom_entities").resources.gazetteer
    examples = []
    for path in sorted(reports.glob("*.txt")):
        head, body = path.read_text(encoding="utf-8").split("\n", 1)
        published = date.fromisoformat(head.split(":", 1)[1].strip())
        text = body.strip()
        doc = nlp(text)
        explained = coder.code_explained(
            doc, extract_entities(doc), find_timexes(text, published), published, gazetteer
        )
        for event, weak in explained:
            key = judged_key(path.name, event)
            if event.status in ASSERTED and key in labels:
                examples.append(Example(weak, labels[key], "judged"))
    return examples


def judged_key(name: str, event: Event) -> tuple[str, ...]:
    """How a judged event is named in the TSV: file, offset, type, status, source, target."""
    return (
        name,
        str(event.start),
        event.type,
        event.status,
        (event.source.code if event.source else None) or "-",
        (event.target.code if event.target else None) or "-",
    )


def _design(examples: Sequence[Example], form: str) -> np.ndarray:
    """The fit's input: the weakness matrix, or its row sums as one column."""
    x = features(examples)
    return x.sum(axis=1, keepdims=True) if form == "count" else x


def _out_of_fold(x: np.ndarray, y: np.ndarray, c: float, folds: int, seed: int) -> np.ndarray:
    """Each example's predicted chance of being right from a fit on the other folds."""
    predicted = np.zeros(len(y))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(x, y):
        model = LogisticRegression(C=c).fit(x[train], y[train])
        predicted[test] = model.predict_proba(x[test])[:, 1]
    return predicted


def _log_loss(y: np.ndarray, predicted: np.ndarray) -> float:
    clipped = np.clip(predicted, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(clipped) + (1 - y) * np.log(1 - clipped)))


def fit(examples: Sequence[Example], folds: int) -> tuple[ConfidenceMap, dict[str, Any]]:
    """The map fitted on all examples, with the form and C chosen by repeated cross-validated
    log-loss, and the out-of-fold threshold shares of the first fold assignment."""
    y = np.array([e.right for e in examples], dtype=int)
    best: tuple[float, str, float] | None = None
    for form in FORMS:
        x = _design(examples, form)
        for c in C_GRID:
            losses = [_log_loss(y, _out_of_fold(x, y, c, folds, _SEED + r)) for r in range(REPEATS)]
            loss = float(np.mean(losses))
            if best is None or loss < best[0]:
                best = (loss, form, c)
    assert best is not None
    loss, form, c = best
    x = _design(examples, form)
    out_of_fold = _out_of_fold(x, y, c, folds, _SEED)
    model = LogisticRegression(C=c).fit(x, y)
    coefficients = [float(model.coef_[0][0])] * len(WEAKNESSES) if form == "count" else None
    weights = dict(zip(WEAKNESSES, coefficients or map(float, model.coef_[0]), strict=True))
    mapping = ConfidenceMap(float(model.intercept_[0]), weights)
    report = {
        "examples": len(y),
        "right": int(y.sum()),
        "form": form,
        "C": c,
        "cv_log_loss": round(loss, 4),
        "out_of_fold": by_threshold(
            [round(float(p), 2) for p in out_of_fold], [bool(v) for v in y]
        ),
    }
    return mapping, report


def by_threshold(confidences: Sequence[float], right: Sequence[bool]) -> dict[str, Any]:
    """For each threshold: the events at or above it and the share of them that are right."""
    table = {}
    for t in THRESHOLDS:
        kept = [ok for c, ok in zip(confidences, right, strict=True) if c >= t]
        share = round(sum(kept) / len(kept), 3) if kept else None
        table[f">={t}"] = {"events": len(kept), "right": share}
    return table


def write_table(mapping: ConfidenceMap, path: Path, note: str) -> None:
    """Store a map as the tab-separated table ConfidenceMap.load reads."""
    lines = [
        "# feature\tweight — the event confidence map, a logistic regression fitted by",
        "# newsloom.evaluate.event_confidence; confidence = 1 / (1 + exp(-(intercept + the",
        "# weights of the weaknesses an event has))). Refit rather than edit by hand.",
        f"# {note}",
        f"intercept\t{mapping.intercept:.4f}",
        *(f"{w}\t{mapping.weights[w]:.4f}" for w in WEAKNESSES),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: fit, report the folds and the check half, optionally write the map."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("plover", type=Path)
    parser.add_argument("--judged", type=Path, help="hand judgements of written reports")
    parser.add_argument("--reports", type=Path, help="the folder of the judged reports")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="store the fitted map")
    args = parser.parse_args(argv)
    nlp = load_spacy()
    ontology = EventOntology.load()
    examples = plover_examples(args.plover, "tune", EventCoder(ontology), nlp)
    if args.judged is not None and args.reports is not None:
        examples += judged_examples(args.judged, args.reports, EventCoder(ontology), nlp)
    mapping, report = fit(examples, args.folds)
    check = plover_examples(args.plover, "check", EventCoder(ontology, mapping), nlp)
    report["weights"] = {"intercept": round(mapping.intercept, 4)} | {
        w: round(v, 4) for w, v in mapping.weights.items()
    }
    report["check_half"] = by_threshold(
        [mapping.confidence(e.weak) for e in check], [e.right for e in check]
    )
    if args.write:
        note = (
            f"fitted on {report['examples']} events ({report['right']} right): "
            f"{report['form']}, C={report['C']}"
        )
        write_table(mapping, _PACKAGE_TABLE, note)
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
