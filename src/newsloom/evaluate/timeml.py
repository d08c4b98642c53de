"""TimeML reader and TempEval-3 style scorer for time expressions found by `find_timexes`."""

from __future__ import annotations

import json
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from newsloom.analyze.timex import find_timexes
from newsloom.model import Timex


@dataclass(frozen=True)
class GoldTimex:
    """One TIMEX3 annotation inside a document's TEXT, with offsets into its plain text."""

    text: str
    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDocument:
    """A TimeML document reduced to what timex scoring needs."""

    name: str
    text: str  # the plain text of <TEXT>, tags removed and entities decoded
    dct: date  # the document creation time, the anchor for relative expressions
    timexes: tuple[GoldTimex, ...]


@dataclass(frozen=True)
class TimexMatch:
    """A gold timex paired with the predicted one that overlaps it (relaxed match)."""

    gold: GoldTimex
    predicted: Timex

    @property
    def strict(self) -> bool:
        """Whether the spans are identical."""
        return (self.gold.start, self.gold.end) == (self.predicted.start, self.predicted.end)


@dataclass(frozen=True)
class DocumentComparison:
    """Matches, misses and spurious predictions for one document."""

    document: TimeMLDocument
    matches: tuple[TimexMatch, ...]
    missed: tuple[GoldTimex, ...]
    spurious: tuple[Timex, ...]


@dataclass(frozen=True)
class TimexScores:
    """TempEval-3 timex scores: extraction (strict, relaxed) and attributes over relaxed matches."""

    documents: int
    gold: int
    predicted: int
    strict_matches: int
    relaxed_matches: int
    type_correct: int
    value_correct: int
    seconds: float

    @property
    def strict_precision(self) -> float:
        """Share of predictions whose span equals a gold span."""
        return _ratio(self.strict_matches, self.predicted)

    @property
    def strict_recall(self) -> float:
        """Share of gold timexes found with the exact span."""
        return _ratio(self.strict_matches, self.gold)

    @property
    def strict_f1(self) -> float:
        """Harmonic mean of strict precision and recall."""
        return _f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        """Share of predictions overlapping a gold timex."""
        return _ratio(self.relaxed_matches, self.predicted)

    @property
    def relaxed_recall(self) -> float:
        """Share of gold timexes overlapped by a prediction."""
        return _ratio(self.relaxed_matches, self.gold)

    @property
    def relaxed_f1(self) -> float:
        """Harmonic mean of relaxed precision and recall."""
        return _f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        """Share of relaxed matches with the gold TIMEX3 type."""
        return _ratio(self.type_correct, self.relaxed_matches)

    @property
    def value_accuracy(self) -> float:
        """Share of relaxed matches with the gold TIMEX3 value."""
        return _ratio(self.value_correct, self.relaxed_matches)

    @property
    def value_precision(self) -> float:
        """Predictions that overlap a gold timex and carry its value, over all predictions."""
        return _ratio(self.value_correct, self.predicted)

    @property
    def value_recall(self) -> float:
        """Gold timexes overlapped by a prediction with the same value, over all gold timexes."""
        return _ratio(self.value_correct, self.gold)

    @property
    def value_f1(self) -> float:
        """TempEval-3 attribute F1 for value: relaxed F1 times value accuracy."""
        return _f1(self.value_precision, self.value_recall)

    @property
    def type_f1(self) -> float:
        """TempEval-3 attribute F1 for type."""
        return _f1(_ratio(self.type_correct, self.predicted), _ratio(self.type_correct, self.gold))

    def as_dict(self) -> dict[str, Any]:
        """Counts and rounded scores, ready for JSON."""
        scores = {
            name: round(getattr(self, name), 4)
            for name in (
                "strict_precision",
                "strict_recall",
                "strict_f1",
                "relaxed_precision",
                "relaxed_recall",
                "relaxed_f1",
                "type_accuracy",
                "value_accuracy",
                "type_f1",
                "value_precision",
                "value_recall",
                "value_f1",
            )
        }
        counts = asdict(self)
        counts["seconds"] = round(self.seconds, 3)
        return {**counts, **scores}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def read_timeml(path: Path) -> TimeMLDocument:
    """One .tml file: the plain text of <TEXT>, its DCT and its gold TIMEX3 tags."""
    root = ET.parse(path).getroot()
    dct_timex = root.find("DCT/TIMEX3")
    if dct_timex is None:
        raise ValueError(f"{path}: no <DCT><TIMEX3> element")
    dct = date.fromisoformat(dct_timex.get("value", "")[:10])
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    length = 0

    def walk(element: ET.Element) -> None:
        nonlocal length
        start = length
        if element.text:
            parts.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if element.tag == "TIMEX3":
            text = "".join(parts)[start:length]
            gold.append(
                GoldTimex(text, start, length, element.get("type", ""), element.get("value", ""))
            )

    walk(body)
    return TimeMLDocument(path.name, "".join(parts), dct, tuple(gold))


def tml_files(path: Path) -> list[Path]:
    """The .tml files under a directory (recursively), or the file itself."""
    if path.is_dir():
        return sorted(path.rglob("*.tml"))
    if path.is_file():
        return [path]
    raise FileNotFoundError(path)


def compare_timexes(document: TimeMLDocument, predicted: Sequence[Timex]) -> DocumentComparison:
    """Pair gold and predicted timexes one to one: identical spans first, then largest overlap."""
    pairs: list[tuple[int, int, int, int]] = []  # (exact, overlap, gold index, predicted index)
    for gi, g in enumerate(document.timexes):
        for pi, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                exact = int((g.start, g.end) == (p.start, p.end))
                pairs.append((exact, overlap, gi, pi))
    pairs.sort(key=lambda pair: (-pair[0], -pair[1], pair[2], pair[3]))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matches: list[TimexMatch] = []
    for _, _, gi, pi in pairs:
        if gi in used_gold or pi in used_predicted:
            continue
        used_gold.add(gi)
        used_predicted.add(pi)
        matches.append(TimexMatch(document.timexes[gi], predicted[pi]))
    matches.sort(key=lambda m: m.gold.start)
    missed = tuple(g for gi, g in enumerate(document.timexes) if gi not in used_gold)
    spurious = tuple(p for pi, p in enumerate(predicted) if pi not in used_predicted)
    return DocumentComparison(document, tuple(matches), missed, spurious)


def compare_documents(documents: Iterable[TimeMLDocument]) -> list[DocumentComparison]:
    """Run `find_timexes` on each document against its DCT and compare with the gold tags."""
    return [compare_timexes(doc, find_timexes(doc.text, doc.dct)) for doc in documents]


def score_comparisons(
    comparisons: Sequence[DocumentComparison], seconds: float = 0.0
) -> TimexScores:
    """Sum the per-document comparisons into TempEval-3 scores."""
    matches = [m for c in comparisons for m in c.matches]
    return TimexScores(
        documents=len(comparisons),
        gold=sum(len(c.document.timexes) for c in comparisons),
        predicted=sum(len(c.matches) + len(c.spurious) for c in comparisons),
        strict_matches=sum(m.strict for m in matches),
        relaxed_matches=len(matches),
        type_correct=sum(m.gold.type == m.predicted.type for m in matches),
        value_correct=sum(m.gold.value == m.predicted.value for m in matches),
        seconds=seconds,
    )


def evaluate_timeml(path: Path) -> TimexScores:
    """Score `find_timexes` on a .tml file or on every .tml file under a directory."""
    documents = [read_timeml(p) for p in tml_files(path)]
    started = time.perf_counter()
    comparisons = compare_documents(documents)
    return score_comparisons(comparisons, time.perf_counter() - started)


def main(argv: Sequence[str]) -> int:
    """`python -m newsloom.evaluate.timeml PATH`: print the scores as JSON."""
    if len(argv) != 1:
        sys.stderr.write("usage: python -m newsloom.evaluate.timeml PATH\n")
        return 2
    try:
        scores = evaluate_timeml(Path(argv[0]))
    except FileNotFoundError as exc:
        sys.stderr.write(f"no such file or directory: {exc}\n")
        return 2
    sys.stdout.write(json.dumps(scores.as_dict(), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
