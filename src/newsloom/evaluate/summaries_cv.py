"""Cross-validated choice of the summariser's method and parameters on a summary cluster file.

Clusters are split into folds by a hash of their id (fixed: the same cluster always lands in
the same fold, whatever else the file holds; the assignment for summaries-dev is committed in
`benchmarks/summaries_dev_folds.json`). For each fold, the grid's setting with the best mean
ROUGE-1 + ROUGE-2 recall on the *other* folds is chosen and scored on the held-out fold. The
reported numbers are the held-out folds' mean and spread; no number is tuned on the clusters
it is reported on. The lead baseline is scored on the same folds.

    python -m newsloom.evaluate.summaries_cv CLUSTERS.jsonl [--folds 5] [--cache FILE] [--json]

Analysing and embedding the clusters is the slow part (minutes); `--cache` keeps the analyses
and sentence vectors in a local file (Python pickle: pass only a file you wrote) for re-runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsloom.analyze.sentence_vectors import embed_sentence_blocks
from newsloom.brief.summary import DEFAULT_WORDS, PreparedStory, prepare_story, summary_sentences
from newsloom.brief.summary_select import SummaryParams
from newsloom.errors import NewsloomError
from newsloom.evaluate.summaries import Cluster, lead_baseline, read_clusters, rouge
from newsloom.ingest.clean import clean_article
from newsloom.model import Analysis, Article, Skipped

if TYPE_CHECKING:
    from newsloom.analyze.analyzer import Analyzer

__all__ = ["FoldResult", "cross_validate", "fold_of", "parameter_grid"]

DEFAULT_FOLDS = 5


def fold_of(cluster_id: str, folds: int = DEFAULT_FOLDS) -> int:
    """The fold of a cluster: a stable hash of its id, modulo the number of folds."""
    return int(hashlib.sha1(cluster_id.encode("utf-8")).hexdigest(), 16) % folds


def parameter_grid() -> list[SummaryParams]:
    """The settings compared, all in the fixed-length form (the last sentence cut at the
    budget): the concept ILP's grid, with and without compression, and the submodular
    selector's."""
    base = replace(SummaryParams(), fill=True)
    ilp = [
        replace(
            base,
            method="ilp",
            min_sources=min_sources,
            position_weight=position,
            corroboration=corroboration,
            compress=compress,
        )
        for min_sources, position, corroboration, compress in product(
            (2, 3), (1.0, 1.5, 2.0), (0.5, 1.0), (False, True)
        )
    ]
    submodular = [
        replace(base, method="submodular", saturation=saturation, diversity=diversity)
        for saturation, diversity in product((0.1, 0.25), (3.0, 6.0))
    ]
    return ilp + submodular


@dataclass(frozen=True)
class FoldResult:
    """One held-out fold: the setting chosen on the other folds and its held-out scores."""

    fold: int
    clusters: int
    params: dict[str, Any]
    rouge1_recall: float
    rouge2_recall: float
    lead_rouge1_recall: float
    lead_rouge2_recall: float


@dataclass(frozen=True)
class CrossValidation:
    """Per-fold results, their mean and spread, and the setting most folds chose."""

    folds: list[FoldResult]
    settings: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        out: dict[str, Any] = {"folds": [asdict(f) for f in self.folds]}
        for key in ("rouge1_recall", "rouge2_recall", "lead_rouge1_recall", "lead_rouge2_recall"):
            values = [getattr(f, key) for f in self.folds]
            out[key] = {
                "mean": round(statistics.mean(values), 4),
                "stdev": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
                "min": round(min(values), 4),
                "max": round(max(values), 4),
            }
        out["most_chosen"] = self.most_chosen()
        out["settings_compared"] = self.settings
        out["seconds"] = round(self.seconds, 1)
        return out

    def most_chosen(self) -> dict[str, Any]:
        """The setting chosen by the most folds (ties: the first fold's)."""
        counts = Counter(json.dumps(f.params, sort_keys=True) for f in self.folds)
        return dict(json.loads(counts.most_common(1)[0][0]))


def cross_validate(
    clusters: Sequence[Cluster],
    stories: Sequence[PreparedStory],
    *,
    folds: int = DEFAULT_FOLDS,
    grid: Sequence[SummaryParams] | None = None,
    words: int = DEFAULT_WORDS,
) -> CrossValidation:
    """Choose a setting on all folds but one, score it on that one, for every fold."""
    started = time.perf_counter()
    grid = list(grid or parameter_grid())
    # scores[g, k] = (R1 recall, R2 recall) of setting g on cluster k.
    scores = np.zeros((len(grid), len(clusters), 2))
    for g, params in enumerate(grid):
        for k, (cluster, story) in enumerate(zip(clusters, stories, strict=True)):
            text = " ".join(s.text for s in summary_sentences(story, words, params))
            r = rouge(text, cluster.references, words)
            scores[g, k] = (r.rouge1_recall, r.rouge2_recall)
    lead = np.array(
        [
            (r.rouge1_recall, r.rouge2_recall)
            for r in (rouge(lead_baseline(c.docs, words), c.references, words) for c in clusters)
        ]
    )
    assignment = np.array([fold_of(c.id, folds) for c in clusters])
    results = []
    for fold in range(folds):
        held = assignment == fold
        if not held.any():
            continue
        train = scores[:, ~held, :].sum(axis=2).mean(axis=1)
        best = int(np.argmax(train))
        results.append(
            FoldResult(
                fold=fold,
                clusters=int(held.sum()),
                params=asdict(grid[best]),
                rouge1_recall=round(float(scores[best, held, 0].mean()), 4),
                rouge2_recall=round(float(scores[best, held, 1].mean()), 4),
                lead_rouge1_recall=round(float(lead[held, 0].mean()), 4),
                lead_rouge2_recall=round(float(lead[held, 1].mean()), 4),
            )
        )
    return CrossValidation(results, len(grid), time.perf_counter() - started)


def prepared_stories(
    clusters: Sequence[Cluster], analyzer: Analyzer, cache: Path | None = None
) -> list[PreparedStory]:
    """Each cluster read for summarising, from the cache file when it holds them all."""
    analysed: dict[str, tuple[list[Article], list[Analysis], list[np.ndarray | None]]] = {}
    if cache is not None and cache.exists():
        with cache.open("rb") as handle:
            analysed = pickle.load(handle)  # noqa: S301 - a cache this command wrote
    missing = [c for c in clusters if c.id not in analysed]
    for cluster in missing:
        cleaned = [
            a.article for a in map(clean_article, cluster.docs) if not isinstance(a, Skipped)
        ]
        analyses = analyzer.pipe(cleaned)
        vectors = embed_sentence_blocks(analyzer.embedder, analyses)
        analysed[cluster.id] = (cleaned, analyses, vectors)
    if cache is not None and missing:
        with cache.open("wb") as handle:
            pickle.dump(analysed, handle)
    stories = []
    for cluster in clusters:
        articles, analyses, vectors = analysed[cluster.id]
        stories.append(
            prepare_story(articles, analyses, analyzer.embedder, sentence_vectors=vectors)
        )
    return stories


def main(argv: Sequence[str]) -> int:
    """`python -m newsloom.evaluate.summaries_cv FILE`: print the cross-validation."""
    parser = argparse.ArgumentParser(prog="python -m newsloom.evaluate.summaries_cv")
    parser.add_argument("file", type=Path, help="cluster JSONL (newsloom eval summaries format)")
    parser.add_argument("--folds", type=int, default=DEFAULT_FOLDS)
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS)
    parser.add_argument("--cache", type=Path, default=None, help="analyses cache (pickle)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    from newsloom.analyze.analyzer import Analyzer

    try:
        clusters = read_clusters(args.file)
        stories = prepared_stories(clusters, Analyzer.load(), args.cache)
        result = cross_validate(clusters, stories, folds=args.folds, words=args.words)
    except (OSError, NewsloomError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    data = result.as_dict()
    if args.json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return 0
    sys.stdout.write(_table(data))
    return 0


def _table(data: dict[str, Any]) -> str:
    """A plain-text table of the folds and their mean and spread."""
    lines = ["fold  clusters  R1     R2     lead R1  lead R2  chosen"]
    for f in data["folds"]:
        p = f["params"]
        chosen = (
            f"{p['method']} min_sources={p['min_sources']} lead_bonus={p['lead_bonus']} "
            f"position={p['position_weight']} corroboration={p['corroboration']} "
            f"compress={p['compress']}"
        )
        lines.append(
            f"{f['fold']:<5} {f['clusters']:<9} {f['rouge1_recall']:.4f} {f['rouge2_recall']:.4f}"
            f" {f['lead_rouge1_recall']:.4f}   {f['lead_rouge2_recall']:.4f}   {chosen}"
        )
    for key in ("rouge1_recall", "rouge2_recall", "lead_rouge1_recall", "lead_rouge2_recall"):
        s = data[key]
        lines.append(
            f"{key}: mean {s['mean']:.4f}  stdev {s['stdev']:.4f}  "
            f"range {s['min']:.4f}-{s['max']:.4f}"
        )
    lines.append(f"settings compared: {data['settings_compared']}; {data['seconds']} s")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
