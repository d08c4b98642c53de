"""Score event coding against PLOVER gold-standard records: type recall, precision, actor F1."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language

from newsloom.analyze.entities import extract_entities
from newsloom.analyze.entities.gazetteer import Gazetteer
from newsloom.analyze.events import EventCoder, EventOntology
from newsloom.analyze.timex import find_timexes
from newsloom.errors import NewsloomError, Reason
from newsloom.model import Actor, Event

# Statuses that assert an event, and so are scored; a denied or negated event says that
# something did not happen, which PLOVER records never code.
SCORED_STATUSES = frozenset({"happened", "planned", "hypothetical"})
# Country codes the gold records write in CAMEO's older spelling.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "GER": "DEU", "UK": "GBR"}
# Gold "codes" that name kinds of body rather than countries; newsloom gives such actors no
# country and this sector, so they are compared by sector.
BODY_CODES = frozenset({"IGO", "NGO"})
# Types PLOVER codes an announced or conditional action as: an intent to cooperate is AGREE
# ("will visit", "would provide aid"), an announced coercion or use of force is THREATEN.
INTENT_TYPES = {
    "verbal cooperation": "AGREE",
    "material cooperation": "AGREE",
    "material conflict": "THREATEN",
}
_PARSE_BATCH = 32
# The committed tune/check split of a PLOVER file: records are grouped by sentence (records
# sharing a sentence stay together), a group is named by the first record id that carries it,
# and the first byte of that id's SHA-256 decides the half: even → tune, odd → check. Rules
# and thresholds are written from the tune half's errors only; the check half is reported.
HALVES = ("tune", "check", "all")
# Confidence thresholds the scores report precision at (`newsloom events --min-confidence`).
CONFIDENCE_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


class HasPipeline(Protocol):
    """What the scorer needs of an analyzer: its spaCy pipeline."""

    nlp: Language


@dataclass(frozen=True)
class PloverRecord:
    """One gold record: a sentence, its event type and the country codes of its sides."""

    id: str
    text: str
    type: str
    sources: frozenset[str]
    targets: frozenset[str]


@dataclass(frozen=True)
class PloverScores:
    """Event-type recall and precision and actor precision/recall/F1 over a PLOVER file."""

    records: int
    sentences: int
    type_recall: float
    type_precision: float
    events_emitted: int
    events_correct: int
    actor_precision: float
    actor_recall: float
    actor_f1: float
    source_f1: float
    target_f1: float
    recall_by_type: dict[str, float] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    half: str = "all"
    # threshold → (events at or above it, share of them of a gold type): is confidence honest?
    precision_by_confidence: dict[float, tuple[int, float]] = field(default_factory=dict)

    def as_dict(self, with_errors: bool = False) -> dict[str, Any]:
        """The scores as a JSON-ready dict; per-record errors only when asked for."""
        data: dict[str, Any] = {
            "half": self.half,
            "records": self.records,
            "sentences": self.sentences,
            "type_recall": round(self.type_recall, 4),
            "type_precision": round(self.type_precision, 4),
            "events_emitted": self.events_emitted,
            "events_correct": self.events_correct,
            "actor_precision": round(self.actor_precision, 4),
            "actor_recall": round(self.actor_recall, 4),
            "actor_f1": round(self.actor_f1, 4),
            "source_f1": round(self.source_f1, 4),
            "target_f1": round(self.target_f1, 4),
            "recall_by_type": {k: round(v, 4) for k, v in sorted(self.recall_by_type.items())},
            "precision_by_confidence": {
                f">={t:.1f}": {"events": n, "precision": round(p, 4)}
                for t, (n, p) in sorted(self.precision_by_confidence.items())
            },
        }
        if with_errors:
            data["errors"] = self.errors
        return data


def read_plover(path: Path, half: str = "all") -> list[PloverRecord]:
    """The event records of a PLOVER gold file (its DOCUMENT notes left out), of one half.

    Rows of an unexpected shape are read as far as they go, never fatal: a string where an
    object is expected (`textInfo`, `target`, `source`) gives no markup or no actors. A file
    that is not JSON raises NewsloomError with its code (NL005; NL007 when unreadable).
    """
    if half not in HALVES:
        raise ValueError(f"half must be one of {', '.join(HALVES)}: {half!r}")
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsloomError(f"{path}: {Reason.UNREADABLE.code} cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise NewsloomError(f"{path}: {Reason.BAD_JSON.code} broken JSON: {exc}") from exc
    records = []
    for number, row in enumerate(rows if isinstance(rows, list) else []):
        record = _record(row, number)
        if record is not None:
            records.append(record)
    return records if half == "all" else [r for r in records if half_of(r, records) == half]


def _record(row: object, number: int) -> PloverRecord | None:
    """One gold record from one row, or None for notes and rows with no sentence or type."""
    if not isinstance(row, dict):
        return None
    text = row.get("text")
    event = row.get("event")
    if not isinstance(text, str) or not text.strip() or not isinstance(event, str):
        return None
    if event in ("", "DOCUMENT"):
        return None
    sources = _codes(row.get("source"))
    targets = _codes(row.get("target"))
    if "SRC/TAR" in _markup(row.get("textInfo")):
        # Actors marked SRC/TAR act on each other: each is a source and a target.
        sources = targets = sources | targets
    record_id = row.get("id")
    name = str(record_id) if isinstance(record_id, (str, int)) else f"row-{number}"
    return PloverRecord(name, text.strip(), event.strip(), sources, targets)


def _markup(info: object) -> str:
    """The span markup of a record's textInfo: its "markup" field, or the string itself."""
    if isinstance(info, dict):
        markup = info.get("markup")
        return markup if isinstance(markup, str) else ""
    return info if isinstance(info, str) else ""


def split_key(record_id: str) -> str:
    """The half a split group named by this record id belongs to: "tune" or "check"."""
    digest = hashlib.sha256(record_id.encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def half_of(record: PloverRecord, records: Sequence[PloverRecord]) -> str:
    """The half of a record: that of the first record (in file order) with the same sentence."""
    first = next((r for r in records if r.text == record.text), record)
    return split_key(first.id)


def _codes(actors: object) -> frozenset[str]:
    if not isinstance(actors, list):
        return frozenset()  # "" or a stray context word where no target was coded
    codes = set()
    for actor in actors:
        raw = actor.get("code") if isinstance(actor, dict) else None
        code = raw.strip().upper() if isinstance(raw, str) else ""
        if code:
            codes.add(LEGACY_CODES.get(code, code))
    return frozenset(codes)


def plover_type(event: Event) -> str:
    """The type PLOVER's convention gives a newsloom event: intents coded as AGREE or THREATEN."""
    if event.status in ("planned", "hypothetical") and event.type not in ("AGREE", "THREATEN"):
        return INTENT_TYPES.get(event.quad_class, event.type)
    return event.type


def actor_key(actor: Actor | None) -> str | None:
    """What an actor is compared by: its country code, or IGO/NGO for bodies of no country."""
    if actor is None:
        return None
    if actor.code:
        return actor.code
    return actor.sector if actor.sector in BODY_CODES else None


def code_sentences(
    texts: Sequence[str], nlp: Language, coder: EventCoder, gazetteer: Gazetteer
) -> list[tuple[Event, ...]]:
    """Events of each sentence, parsed with the analyzer's pipeline; no publication date."""
    coded = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=_PARSE_BATCH), strict=True):
        entities = extract_entities(doc)
        coded.append(coder.code(doc, entities, find_timexes(text, None), None, gazetteer))
    return coded


def evaluate_plover(
    path: Path,
    analyzer: HasPipeline | Language,
    ontology: EventOntology | None = None,
    half: str = "all",
) -> PloverScores:
    """Score event coding on one half (or all) of a PLOVER gold file with a spaCy pipeline."""
    nlp = analyzer if isinstance(analyzer, Language) else analyzer.nlp
    gazetteer = nlp.get_pipe("newsloom_entities").resources.gazetteer  # type: ignore[attr-defined]
    records = read_plover(path, half)
    texts = list(dict.fromkeys(r.text for r in records))
    coder = EventCoder(ontology if ontology is not None else EventOntology.load())
    by_text = dict(zip(texts, code_sentences(texts, nlp, coder, gazetteer), strict=True))
    return replace(score_records(records, by_text), half=half)


def score_records(
    records: Sequence[PloverRecord], by_text: dict[str, tuple[Event, ...]]
) -> PloverScores:
    """Scores from gold records and the events coded for each sentence text."""
    gold_types: dict[str, set[str]] = {}
    for r in records:
        gold_types.setdefault(r.text, set()).add(r.type)
    emitted = correct = 0
    judged: list[tuple[float, bool]] = []
    for text, types in gold_types.items():
        for event in _scored(by_text.get(text, ())):
            emitted += 1
            correct += plover_type(event) in types
            judged.append((event.confidence, plover_type(event) in types))
    found = Counter[str]()
    totals = Counter[str]()
    counts = {"source": Counter[str](), "target": Counter[str]()}
    errors = []
    for r in records:
        events = _scored(by_text.get(r.text, ()))
        totals[r.type] += 1
        hit = any(plover_type(e) == r.type for e in events)
        found[r.type] += hit
        predicted = {
            "source": {k for e in events if (k := actor_key(e.source))},
            "target": {k for e in events if (k := actor_key(e.target))},
        }
        for role, gold in (("source", r.sources), ("target", r.targets)):
            counts[role]["tp"] += len(predicted[role] & gold)
            counts[role]["fp"] += len(predicted[role] - gold)
            counts[role]["fn"] += len(gold - predicted[role])
        wrong = [e for e in events if plover_type(e) not in gold_types[r.text]]
        if not hit or wrong or predicted["source"] != r.sources or predicted["target"] != r.targets:
            errors.append(_error(r, events, hit))
    total_tp = sum(c["tp"] for c in counts.values())
    total_fp = sum(c["fp"] for c in counts.values())
    total_fn = sum(c["fn"] for c in counts.values())
    p, rec, f1 = _prf(total_tp, total_fp, total_fn)
    return PloverScores(
        records=len(records),
        sentences=len(gold_types),
        type_recall=sum(found.values()) / len(records) if records else 0.0,
        type_precision=correct / emitted if emitted else 0.0,
        events_emitted=emitted,
        events_correct=correct,
        actor_precision=p,
        actor_recall=rec,
        actor_f1=f1,
        source_f1=_prf(**_as_args(counts["source"]))[2],
        target_f1=_prf(**_as_args(counts["target"]))[2],
        recall_by_type={t: found[t] / totals[t] for t in totals},
        errors=errors,
        precision_by_confidence=_by_confidence(judged),
    )


def _by_confidence(judged: Sequence[tuple[float, bool]]) -> dict[float, tuple[int, float]]:
    """For each threshold, the events at or above it and the share of them that are right."""
    table = {}
    for threshold in CONFIDENCE_THRESHOLDS:
        kept = [ok for confidence, ok in judged if confidence >= threshold]
        table[threshold] = (len(kept), sum(kept) / len(kept) if kept else 0.0)
    return table


def _scored(events: Iterable[Event]) -> list[Event]:
    return [e for e in events if e.status in SCORED_STATUSES]


def _as_args(counter: Counter[str]) -> dict[str, int]:
    return {"tp": counter["tp"], "fp": counter["fp"], "fn": counter["fn"]}


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _error(record: PloverRecord, events: Sequence[Event], hit: bool) -> dict[str, Any]:
    return {
        "id": record.id,
        "text": record.text,
        "gold": {
            "type": record.type,
            "sources": sorted(record.sources),
            "targets": sorted(record.targets),
        },
        "type_found": hit,
        "events": [
            {
                "type": e.type,
                "plover_type": plover_type(e),
                "status": e.status,
                "trigger": e.trigger,
                "source": actor_key(e.source),
                "target": actor_key(e.target),
            }
            for e in events
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: score a PLOVER file and print the scores as JSON."""
    parser = argparse.ArgumentParser(prog="python -m newsloom.evaluate.plover", description=__doc__)
    parser.add_argument("file", type=Path, help="a PLOVER gold-standard JSON file")
    parser.add_argument("--errors", action="store_true", help="also list the records missed")
    parser.add_argument("--ontology", type=Path, help="a folder of plover_* ontology files")
    parser.add_argument(
        "--half", choices=HALVES, default="check", help="which half of the split to score"
    )
    args = parser.parse_args(argv)
    from newsloom.analyze.analyzer import load_spacy

    ontology = EventOntology.load(args.ontology) if args.ontology else None
    scores = evaluate_plover(args.file, load_spacy(), ontology, args.half)
    json.dump(scores.as_dict(with_errors=args.errors), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
