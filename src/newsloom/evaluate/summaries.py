"""ROUGE for multi-document summaries: newsloom's summariser against a lead baseline.

Clusters are JSONL, one per line: ``{"id", "docs": [{"id", "published", "text"}],
"references": [text, ...]}``. Both systems are cut to ``words`` words and scored with
``rouge-score`` (Porter stemming on, no stopword removal), ROUGE-1 and ROUGE-2 recall,
precision and F. With several references a cluster's score is the **mean over its
references** of the per-reference scores, and the reported score is the mean over clusters.
(ROUGE-1.5.5's ``-f A`` pools n-gram hits and counts over the references before dividing, and
jackknifes over leave-one-out reference sets; that equals the mean of per-reference scores when
the references have equal n-gram counts and differs little when their lengths are close.
``rouge-score``'s ``score_multi`` takes the best reference instead, which scores higher.)

The lead baseline is the first ``words`` words of the earliest document (by ``published``
when every document has a date, otherwise the first one listed), the standard DUC baseline.

Dev clusters can be built from the ECB+ file (``gold_event`` groups) and a file of reference
summaries keyed by ``gold_event`` (``{"gold_event", "references"}``): see :func:`dev_clusters`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from statistics import mean
from typing import TYPE_CHECKING, Any

from newsloom.brief.summary import DEFAULT_WORDS, SummaryParams, summarize_articles
from newsloom.data import evaluation_data
from newsloom.errors import NewsloomError
from newsloom.ingest.clean import clean_article
from newsloom.model import Article, Skipped

if TYPE_CHECKING:
    from newsloom.analyze.analyzer import Analyzer

__all__ = [
    "Cluster",
    "RougeScores",
    "SummaryScores",
    "dev_clusters",
    "evaluate_clusters",
    "evaluate_summaries",
    "lead_baseline",
    "read_clusters",
    "rouge",
]

# The task's form: N words exactly, the last sentence cut where the budget ends, as the DUC
# and TAC systems were scored (a reader's summary keeps whole sentences).
FIXED_LENGTH = replace(SummaryParams(), fill=True)
# What the scores average over, stated in every result so that numbers are never compared
# with a differently averaged run by mistake.
AVERAGING = "mean over each cluster's references of per-reference ROUGE, then mean over clusters"
ROUGE_TYPES = ("rouge1", "rouge2")


@dataclass(frozen=True)
class Cluster:
    """One story to summarise: its documents (in the order given) and human references."""

    id: str
    docs: tuple[Article, ...]
    references: tuple[str, ...]


@dataclass(frozen=True)
class RougeScores:
    """ROUGE-1 and ROUGE-2 recall, precision and F, each in [0, 1]."""

    rouge1_recall: float
    rouge1_precision: float
    rouge1_f: float
    rouge2_recall: float
    rouge2_precision: float
    rouge2_f: float

    def as_dict(self) -> dict[str, float]:
        """A JSON-ready form, rounded to four places."""
        return {k: round(v, 4) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class ClusterResult:
    """One cluster's system and baseline summaries and scores."""

    id: str
    summary: str
    baseline: str
    system: RougeScores
    lead: RougeScores


@dataclass
class SummaryScores:
    """newsloom's summaries and the lead baseline, averaged over clusters."""

    clusters: int
    words: int
    system: RougeScores
    lead_baseline: RougeScores
    seconds: float
    averaging: str = AVERAGING
    per_cluster: list[ClusterResult] = field(default_factory=list)

    def as_dict(self, *, per_cluster: bool = False) -> dict[str, Any]:
        """A JSON-ready form; per-cluster summaries and scores only when asked."""
        out: dict[str, Any] = {
            "clusters": self.clusters,
            "words": self.words,
            "averaging": self.averaging,
            "stemming": True,
            "scorer": "rouge-score",
            "system": self.system.as_dict(),
            "lead_baseline": self.lead_baseline.as_dict(),
            "seconds": round(self.seconds, 1),
        }
        if per_cluster:
            out["per_cluster"] = [
                {
                    "id": r.id,
                    "system": r.system.as_dict(),
                    "lead_baseline": r.lead.as_dict(),
                    "summary": r.summary,
                    "baseline": r.baseline,
                }
                for r in self.per_cluster
            ]
        return out


def rouge(summary: str, references: Sequence[str], words: int = DEFAULT_WORDS) -> RougeScores:
    """ROUGE-1/2 of a summary cut to `words` words, averaged over the references."""
    # rouge-score is an optional extra: only evaluation needs it.
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:
        raise NewsloomError("ROUGE needs rouge-score: pip install 'newsloom[eval]'") from exc

    if not references:
        raise ValueError("ROUGE needs at least one reference")
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    cut = " ".join(summary.split()[:words])
    per_reference = [scorer.score(reference, cut) for reference in references]
    values = {
        f"{kind}_{part}": mean(getattr(s[kind], attr) for s in per_reference)
        for kind in ROUGE_TYPES
        for part, attr in (("recall", "recall"), ("precision", "precision"), ("f", "fmeasure"))
    }
    return RougeScores(**values)


def lead_baseline(docs: Sequence[Article], words: int = DEFAULT_WORDS) -> str:
    """The first `words` words of the earliest document (the first listed without dates)."""
    if not docs:
        return ""
    first = docs[0]
    if all(d.published for d in docs):
        first = min(docs, key=lambda d: str(d.published))  # stable: ties keep file order
    return " ".join(first.text.split()[:words])


def read_clusters(path: Path) -> list[Cluster]:
    """Clusters from a JSONL file of {"id", "docs": [{"id", "published", "text"}], "references"}."""
    clusters = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                docs = tuple(
                    Article(
                        text=str(d["text"]),
                        origin=f"{path.name}:{number}:{d.get('id', k)}",
                        title=d.get("title"),
                        outlet=d.get("outlet"),
                        published=d.get("published"),
                        external_id=str(d.get("id", k)),
                    )
                    for k, d in enumerate(row["docs"])
                )
                clusters.append(
                    Cluster(
                        id=str(row.get("id", number)),
                        docs=docs,
                        references=tuple(str(r) for r in row["references"]),
                    )
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise NewsloomError(f"{path}:{number}: not a summary cluster: {exc}") from exc
    if not clusters:
        raise NewsloomError(f"{path}: no clusters")
    return clusters


def dev_clusters(ecb_path: Path, references_path: Path) -> list[Cluster]:
    """Clusters of ECB+ reports grouped by gold_event, for the events that have references."""
    references: dict[str, tuple[str, ...]] = {}
    for line in references_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            references[str(row["gold_event"])] = tuple(row["references"])
    docs: dict[str, list[Article]] = defaultdict(list)
    for number, line in enumerate(ecb_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        event = str(row.get("gold_event"))
        if event in references:
            docs[event].append(
                Article(
                    text=row["text"],
                    origin=f"{ecb_path.name}:{number}",
                    title=row.get("title"),
                    outlet=row.get("outlet"),
                    published=row.get("published"),
                    external_id=row.get("id"),
                )
            )
    missing = sorted(set(references) - set(docs))
    if missing:
        raise NewsloomError(f"{ecb_path}: no reports for events {', '.join(missing)}")
    return [Cluster(id=e, docs=tuple(docs[e]), references=references[e]) for e in references]


def evaluate_clusters(
    clusters: Sequence[Cluster], analyzer: Analyzer, words: int = DEFAULT_WORDS
) -> SummaryScores:
    """Summarise every cluster and score it and the lead baseline against its references."""
    started = time.perf_counter()
    results = []
    for cluster in clusters:
        cleaned = [
            c.article for c in map(clean_article, cluster.docs) if not isinstance(c, Skipped)
        ]
        summary = summarize_articles(
            cleaned, analyzer.pipe(cleaned), analyzer.embedder, words=words, params=FIXED_LENGTH
        )
        baseline = lead_baseline(cluster.docs, words)
        results.append(
            ClusterResult(
                id=cluster.id,
                summary=summary.text,
                baseline=baseline,
                system=rouge(summary.text, cluster.references, words),
                lead=rouge(baseline, cluster.references, words),
            )
        )
    if not results:
        raise NewsloomError("no clusters to evaluate")
    return SummaryScores(
        clusters=len(results),
        words=words,
        system=_mean_scores([r.system for r in results]),
        lead_baseline=_mean_scores([r.lead for r in results]),
        seconds=time.perf_counter() - started,
        per_cluster=results,
    )


def evaluate_summaries(path: Path, analyzer: Analyzer, words: int = DEFAULT_WORDS) -> SummaryScores:
    """ROUGE of newsloom's summaries and of the lead baseline on a JSONL cluster file."""
    return evaluate_clusters(read_clusters(path), analyzer, words)


def _mean_scores(scores: Sequence[RougeScores]) -> RougeScores:
    """Field-wise mean."""
    keys = asdict(scores[0]).keys()
    return RougeScores(**{k: mean(getattr(s, k) for s in scores) for k in keys})


def _default_ecb() -> Path:
    """ecbplus-dev.jsonl under $NEWSLOOM_DATA or ../shared/data beside the repository."""
    return evaluation_data() / "ecbplus-dev.jsonl"


def main(argv: Sequence[str]) -> int:
    """`python -m newsloom.evaluate.summaries FILE`: print the scores as JSON."""
    parser = argparse.ArgumentParser(prog="python -m newsloom.evaluate.summaries")
    parser.add_argument("file", type=Path, help="cluster JSONL, or with --dev a references file")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS)
    parser.add_argument(
        "--dev",
        action="store_true",
        help="FILE holds {gold_event, references}; reports come from ECB+",
    )
    parser.add_argument("--ecb", type=Path, default=None, help="ECB+ JSONL (default: shared data)")
    parser.add_argument("--per-cluster", action="store_true", help="include every summary")
    args = parser.parse_args(argv)
    from newsloom.analyze.analyzer import Analyzer

    try:
        if args.dev:
            clusters = dev_clusters(args.ecb or _default_ecb(), args.file)
        else:
            clusters = read_clusters(args.file)
        scores = evaluate_clusters(clusters, Analyzer.load(), args.words)
    except (OSError, NewsloomError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    sys.stdout.write(json.dumps(scores.as_dict(per_cluster=args.per_cluster), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
