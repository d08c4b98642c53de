"""`newsloom eval clustering`: online story assignment vs gold events and two oracle baselines."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from newsloom.analyze.analyzer import Analyzer
from newsloom.analyze.embed import article_text_for_embedding
from newsloom.data import evaluation_data
from newsloom.errors import NewsloomError
from newsloom.evaluate.clustering import ClusterScores, score_clustering
from newsloom.evaluate.split import CHECK, TUNE, half_of
from newsloom.ingest.pipeline import Ingester
from newsloom.ingest.sources import read_paths
from newsloom.model import Analysis, Article, Skipped
from newsloom.store.sqlite import Store

# Distance cut-offs tried for the agglomerative baselines; the best one for the
# input is reported (an oracle, so beating it means something).
BASELINE_THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 1.0, 0.01))
# Agglomerative clustering needs the full distance matrix: past this many
# articles the baselines are skipped rather than exhaust memory.
MAX_BASELINE_ARTICLES = 20_000


class CachingAnalyzer(Analyzer):
    """An analyzer that remembers results by text, so repeated orders cost one analysis."""

    def __init__(self, inner: Analyzer) -> None:
        super().__init__(inner.nlp, inner.embedder)
        self._cache: dict[tuple[str | None, str, str | None], Analysis] = {}

    def pipe(self, articles: Sequence[Article]) -> list[Analysis]:
        """Analyses of the articles, computing only those not seen before."""
        keys = [(a.title, a.text, a.published) for a in articles]
        missing = [a for a, k in zip(articles, keys, strict=True) if k not in self._cache]
        for article, analysis in zip(missing, super().pipe(missing), strict=True):
            self._cache[(article.title, article.text, article.published)] = analysis
        return [self._cache[k] for k in keys]


@dataclass(frozen=True)
class BaselineScores:
    """An oracle-threshold baseline: its best threshold and the scores there."""

    name: str
    threshold: float
    scores: ClusterScores


@dataclass
class ClusteringEval:
    """Scores of newsloom's online assignment per run, their mean, and the baselines."""

    file: str
    half: str
    articles: int
    gold_events: int
    order: str
    seeds: list[int]
    runs: list[ClusterScores]
    baselines: list[BaselineScores] = field(default_factory=list)
    skipped: int = 0

    @property
    def mean(self) -> dict[str, float]:
        """Mean of each score over the runs."""
        keys = [k for k, v in asdict(self.runs[0]).items() if isinstance(v, float)]
        return {k: mean(getattr(r, k) for r in self.runs) for k in keys}

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "file": self.file,
            "half": self.half,
            "articles": self.articles,
            "gold_events": self.gold_events,
            "order": self.order,
            "seeds": self.seeds,
            "skipped": self.skipped,
            "newsloom_mean": self.mean,
            "newsloom_runs": [asdict(r) for r in self.runs],
            "baselines": [
                {"name": b.name, "threshold": b.threshold, **asdict(b.scores)}
                for b in self.baselines
            ],
        }


# The development files `newsloom eval clustering` runs when given none: long reports without
# dates (ECB+), and a news aggregator's headlines with timestamps.
SUITE = ("ecbplus-dev.jsonl", "uci-headlines-dev.jsonl")
HALVES = ("all", TUNE, CHECK)


def suite_paths() -> list[Path]:
    """The suite's files found in the evaluation data folder (the missing ones left out)."""
    folder = evaluation_data()
    return [folder / name for name in SUITE if (folder / name).is_file()]


def _split_key(article: Article, label: str) -> str:
    """What the tune/check split goes by: the topic when the file has one, else the event."""
    topic = article.extra.get("topic")
    return str(topic) if topic is not None else label


def _read_gold(
    path: Path, gold_field: str, half: str = "all"
) -> tuple[list[Article], list[str], int]:
    if half not in HALVES:
        raise NewsloomError(f"unknown half {half!r}: use all, tune or check")
    articles, gold, skipped = [], [], 0
    for item in read_paths([path]):
        if isinstance(item, Skipped):
            skipped += 1
            continue
        label = item.extra.get(gold_field)
        if label is None:
            raise NewsloomError(f"{item.origin}: no {gold_field!r} field to score against")
        if half != "all" and half_of(_split_key(item, str(label))) != half:
            continue
        articles.append(item)
        gold.append(str(label))
    if not articles:
        raise NewsloomError(f"{path}: no articles to evaluate")
    return articles, gold, skipped


def _online_run(
    articles: Sequence[Article], order: Sequence[int], analyzer: Analyzer
) -> list[int | None]:
    """Ingest in the given order into a fresh store; return each article's story id."""
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.db") as store:
        ingester = Ingester(store, analyzer)
        tagged = [articles[i].with_changes(external_id=f"eval-{i}") for i in order]
        ingester.ingest(tagged)
        rows = store.query("SELECT external_id, story_id FROM articles")
        story = {r["external_id"]: r["story_id"] for r in rows}
    # An article whose cleaned text is a copy of another's still carries a story id;
    # one dropped in cleaning gets a singleton label of its own.
    return [story.get(f"eval-{i}", -1 - i) for i in range(len(articles))]


def _agglomerative(vectors: np.ndarray, gold: Sequence[str], name: str) -> BaselineScores:
    tree = linkage(vectors, method="average", metric="cosine")
    best: BaselineScores | None = None
    for threshold in BASELINE_THRESHOLDS:
        labels = fcluster(tree, t=threshold, criterion="distance")
        scores = score_clustering(list(labels), gold)
        if best is None or scores.bcubed_f1 > best.scores.bcubed_f1:
            best = BaselineScores(name=name, threshold=threshold, scores=scores)
    assert best is not None
    return best


def _tfidf_vectorizer() -> Any:
    """scikit-learn's TfidfVectorizer, or a NewsloomError naming the extra that brings it."""
    # scikit-learn is an optional extra: only the TF-IDF baseline needs it.
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
    except ImportError as exc:
        raise NewsloomError(
            "the clustering baselines need scikit-learn: pip install 'newsloom[eval]' "
            "(or pass --no-baselines)"
        ) from exc
    return TfidfVectorizer


def baselines(
    articles: Sequence[Article], gold: Sequence[str], analyzer: Analyzer
) -> list[BaselineScores]:
    """TF-IDF and MiniLM average-link agglomerative clustering, each at its best threshold."""
    if len(articles) > MAX_BASELINE_ARTICLES or len(articles) < 2:
        return []
    vectorizer = _tfidf_vectorizer()
    texts = [(a.title + "\n" if a.title else "") + a.text for a in articles]
    tfidf = vectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
    embeddings = analyzer.embedder.embed(
        [article_text_for_embedding(a.title, a.text) for a in articles]
    )
    return [
        _agglomerative(tfidf, gold, "tfidf-average-link"),
        _agglomerative(np.asarray(embeddings, dtype=np.float64), gold, "minilm-average-link"),
    ]


def evaluate_clustering(
    path: Path,
    *,
    gold_field: str = "gold_event",
    order: str = "file",
    seed: int = 0,
    runs: int = 1,
    with_baselines: bool = True,
    analyzer: Analyzer | None = None,
    half: str = "all",
) -> ClusteringEval:
    """Score online story assignment on a JSONL file with gold event labels (all of it, or the
    tune or check half of its topics or events)."""
    if order not in {"file", "shuffled"}:
        raise NewsloomError(f"unknown order {order!r}: use file or shuffled")
    if with_baselines:
        _tfidf_vectorizer()  # fail before the runs, not after them
    articles, gold, skipped = _read_gold(path, gold_field, half)
    caching = CachingAnalyzer(analyzer or Analyzer.load())
    seeds = [seed + k for k in range(runs if order == "shuffled" else 1)]
    results = []
    for s in seeds:
        indices = list(range(len(articles)))
        if order == "shuffled":
            random.Random(s).shuffle(indices)
        predicted = _online_run(articles, indices, caching)
        results.append(score_clustering(predicted, gold))
    return ClusteringEval(
        file=path.name,
        half=half,
        articles=len(articles),
        gold_events=len(set(gold)),
        order=order,
        seeds=seeds,
        runs=results,
        baselines=baselines(articles, gold, caching) if with_baselines else [],
        skipped=skipped,
    )
