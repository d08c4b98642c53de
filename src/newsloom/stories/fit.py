"""Fit the story assigner's pair model on gold events, and measure it on held-out topics.

    python -m newsloom.stories.fit [FILE.jsonl] [--folds 5] [--orders 5] [--json] [--write]

FILE is article JSONL with ``gold_event`` and ``topic`` fields (default: ``ecbplus-dev.jsonl``
from ``$NEWSLOOM_DATA`` or ``../shared/data``). Every article is cleaned and analysed as ingest
does it, and turned into an `ArticleProfile`. Every pair of articles becomes one row of
`profile.FEATURES`, labelled by whether both report the same gold event. Each pair is
judged in the neighbourhoods (`profile.Neighbourhood`) of its two articles: each one's
NEIGHBOURS nearest articles of the file by embedding, as the assigner judges an article among
the nearest exemplars of its candidate stories; the two rows are averaged. Pairs from
different topics are mostly easy negatives the assigner rarely weighs (its candidates come
from the story index); they count CROSS_TOPIC_WEIGHT each, so the hard pairs within a topic
weigh more than their number alone would give (see CROSS_TOPIC_WEIGHT for the trade-off).
Hard negatives from outside ECB+ join every fit: near pairs of Reuters-21578 notices of
different companies (NEGATIVE_FILE; --negatives FILE, or --no-negatives to leave them out).

Two logistic models are fitted (`PairModel`): a plain one over the features, and one over the
features and their pairwise products (a quadratic form), in which whether a shared place or a
close embedding means "same event" depends on the rest, e.g. on how alike the whole
neighbourhood reads. The second is fitted on standardised features and written back as
weights on the raw ones. It can only lower what the plain model gives a pair (a veto), as
products extrapolate badly far from ECB+.

Labelled wire stories (the tune half of `fit_sources.WIRE_LABELS`; --wire FILE, or --no-wire)
join both models' fits, and their check half is scored in file order, with and without them.

A third, plain logistic model over the same features is fitted on the headline pairs of
`fit_sources`, the wire pairs and the hard negatives: the short-text model, mixed in by a
pair's shortness (`profile._probabilities`). Pairs of the gold file judged alone join the
first two models' fit.

It prints:

* the model fitted on all pairs; with --write it replaces src/newsloom/stories/weights.py;
* cross-validation by topic (--folds groups of whole topics): each pair is scored by a model
  fitted without its topics; the within-topic pair ROC AUC of that model and of the embedding
  cosine alone;
* the online assigner (`StoryAssigner`, refine and merge passes included) run over every article in
  --orders shuffled orders with those held-out-topic scores: B-cubed P/R/F1. This is the
  honest estimate for unseen topics; ``newsloom eval clustering`` on the same file scores the
  shipped weights, which have seen its topics.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsloom.analyze.analyzer import Analyzer
from newsloom.analyze.timex import parse_published
from newsloom.data import evaluation_data
from newsloom.ingest.clean import clean_article
from newsloom.ingest.sources import read_paths
from newsloom.model import Article, Skipped
from newsloom.stories.assigner import JOIN_THRESHOLD
from newsloom.stories.fit_online import (
    bcubed_means,
    check_half,
    held_out_scorer,
    model_scorer,
    online_runs,
    timed_runs,
)
from newsloom.stories.fit_sources import (
    ALONE_WEIGHT,
    HEADLINE_FILE,
    WIRE_LABELS,
    PairSet,
    alone_rows,
    centroid_fit,
    headline_file,
    headline_set,
    pair_arrays,
    pair_rows,
    stack_sets,
    tune_half,
    wire_labels,
    wire_set,
)
from newsloom.stories.profile import (
    FEATURES,
    SHIPPED_CENTROID,
    WEIGHED,
    ArticleProfile,
    profile_from_analysis,
)

DEFAULT_FILE = "ecbplus-dev.jsonl"
# The repository's root (the wire labels live under it; a pip-installed copy has none).
REPOSITORY = Path(__file__).resolve().parents[3]
# A Reuters notice names its company by ticker in its title: "<BP>".
TICKER = re.compile(r"<([A-Z][A-Z.]*)>")
# Regularisation (sklearn's C). The plain model: the default; 19 weights and ~300k pairs, so it
# barely matters. The quadratic one, on standardised features and products: 190 weights, many
# near-duplicates of each other, so strong; held out, C of 0.1, 0.03 and 0.01 give the same
# online F1 within 0.002.
PLAIN_C = 1.0
QUADRATIC_C = 0.01
MAX_ITER = 5000
# Features only the short-text model weighs: the report models are fitted with them held at 0,
# so their weights there are 0. A day apart is what tells one headline story from the next
# (the aggregator's), while a developing story's reports run over days: weighed by the report
# models as well it cost the labelled wire stories' recall (docs/decisions/clustering.md,
# session 14).
SHORT_ONLY: tuple[str, ...] = ("published_apart",)
# Weight of a pair of articles from different topics. Lower weights fit the ECB+ topics better
# (held-out B-cubed F1 of the whole assigner, refine and merge included, 10 orders: 1.0 0.913,
# 0.3 0.925, 0.02 0.933) but teach the model less about unrelated reports that look alike: on
# the first 1,000 Reuters-21578 articles, where routine earnings and dividend notices of
# different companies read nearly the same, pairs of different companies' notices sharing a
# story were 3,281 at 1.0, 3,632 at 0.3 and 4,262 at 0.02 (session 3). The hard negatives
# (NEGATIVE_FILE) and the lead_names_conflict feature now teach that lesson directly, so the
# ECB+ topics can have the low weight (docs/clustering.md, session 7).
CROSS_TOPIC_WEIGHT = 0.03
# The quadratic model gives a second opinion on the pairs the plain (linear) model gives at
# least GATE, and the lower of the two stands: it can veto a join, never force one. Products of
# features fit ECB+ best but extrapolate badly outside it: on Reuters-21578, whose finance words
# ("mln", "dlrs", "shr") are rare in general English and so weigh much, unrelated notices with
# a word cosine of 0.3 and an embedding cosine of 0.1, which the plain model gives 0.02, scored
# 0.997 and gathered in stories of 80 articles. Held out on ECB+ the quadratic model alone
# reaches 0.938 (gated at 0.05: 0.938; at 0.3: 0.929) but doubles the Reuters pairs of
# different companies' notices in one story; as a veto it gives 0.931 and fewer such pairs than
# the plain model (docs/clustering.md). The gate only spares the second opinion's cost on
# pairs already ruled out.
GATE = 0.05
# Hard negatives from outside ECB+: routine Reuters-21578 notices (earnings, dividends) of
# different companies, which read nearly alike and which ECB+ has nothing like. Each notice whose
# title names a ticker (in the style of "ACME WIDGET CORP <ACW> 4TH QTR NET") is paired with its
# NEGATIVE_NEAREST nearest articles by embedding whose titles name another ticker. Articles
# NEGATIVE_START to NEGATIVE_STOP - 1 are used: benchmarks/ticker_purity.py checks the first
# 1,000, which stay unseen. Each pair weighs NEGATIVE_WEIGHT. Held out on ECB+ (cross-topic weight
# 0.03, join/merge 0.5/0.35): without them 0.944, at 0.1 0.943, while the share of these pairs
# the model puts over the join bar falls from 41 % to 6 % (docs/clustering.md).
NEGATIVE_FILE = "reuters21578-articles.jsonl.gz"
NEGATIVE_START, NEGATIVE_STOP = 1000, 3000
NEGATIVE_NEAREST = 10
NEGATIVE_WEIGHT = 0.1
# The same negatives in the short-text model's fit weigh this much each: routine notices are as
# short as headlines, and there ~5,900 of them stand against ~40,000 headline rows at
# HEADLINE_WEIGHT; at the report model's 0.1 two companies' three-line notices joined.
SHORT_NEGATIVE_WEIGHT = 1.0


def data_file(arg: str | None) -> Path:
    return Path(arg) if arg else evaluation_data() / DEFAULT_FILE


def analysed_profiles(articles: list[Article]) -> list[ArticleProfile]:
    """The articles' profiles, analysed as ingest analyses them."""
    analyses = Analyzer.load().pipe(articles)
    return [
        profile_from_analysis(a.title, a.text, an, parse_published(a.published))
        for a, an in zip(articles, analyses, strict=True)
    ]


def cleaned(items: Any) -> list[Article]:
    """The articles read, cleaned as ingest cleans them (unreadable ones reported and left out)."""
    articles: list[Article] = []
    for item in items:
        if isinstance(item, Skipped):
            print(f"skipped {item.origin}: {item.message}", file=sys.stderr)
            continue
        result = clean_article(item)
        articles.append(item if isinstance(result, Skipped) else result.article)
    return articles


def negative_rows(path: Path) -> np.ndarray:
    """FEATURES of the Reuters notice pairs of different companies (see NEGATIVE_FILE), each
    averaged over the neighbourhoods of its two articles among the articles read."""
    articles = cleaned(itertools.islice(read_paths([path]), NEGATIVE_START, NEGATIVE_STOP))
    profiles = analysed_profiles(articles)
    tickers = [(TICKER.search(a.title or "") or [None, None])[1] for a in articles]
    vectors = np.stack([p.vector for p in profiles])
    cosines = vectors @ vectors.T
    np.fill_diagonal(cosines, -1.0)
    pairs = set()
    for i, ticker in enumerate(tickers):
        if ticker is None:
            continue
        for j in np.argsort(-cosines[i], kind="stable")[:NEGATIVE_NEAREST]:
            other = tickers[int(j)]
            if other is not None and other != ticker:
                pairs.add((min(i, int(j)), max(i, int(j))))
    if not pairs:
        return np.zeros((0, len(FEATURES)))
    return pair_rows(profiles, *pair_arrays(pairs))


def load(path: Path) -> tuple[list[ArticleProfile], list[str], list[str]]:
    """Profiles of the articles with their gold events and topics."""
    articles = cleaned(read_paths([path]))
    profiles = analysed_profiles(articles)
    gold = [str(a.extra["gold_event"]) for a in articles]
    topics = [str(a.extra.get("topic", a.extra["gold_event"])) for a in articles]
    return profiles, gold, topics


# The module this script writes with --write: the weights the assigner ships with.
WEIGHTS_FILE = Path(__file__).resolve().parent / "weights.py"


def _number(v: float) -> str:
    return repr(float(f"{v:.5g}"))


class PairModel:
    """The plain logistic model, and past GATE a veto by logistic regression over the
    standardised features and their products, rewritten as weights on the raw features.

    With z = (x - mean) / scale and products z_i z_j (i <= j), the fitted quadratic score
    c + a.z + sum b_ij z_i z_j equals bias + linear.x + x.quadratic.x, which is what
    `profile.pair_probability` computes.
    """

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        weight: np.ndarray,
        short: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    ) -> None:
        # scikit-learn comes with newsloom[eval]: fitting needs it, the shipped weights do not
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import PolynomialFeatures

        x = x[:, : len(WEIGHED)]
        # The short-text model (plain), or none: then every pair gets the report model alone.
        self.short_bias, self.short = 0.0, np.zeros(len(WEIGHED))
        self.has_short = short is not None
        # The short texts' centroid model: the shipped one until the fit sets its own.
        self.centroid = SHIPPED_CENTROID
        if short is not None:
            sx, sy, sw = short
            fitted_short = LogisticRegression(C=PLAIN_C, max_iter=MAX_ITER).fit(
                sx[:, : len(WEIGHED)], sy, sample_weight=sw
            )
            self.short_bias, self.short = float(fitted_short.intercept_[0]), fitted_short.coef_[0]

        x = x.copy()
        x[:, [WEIGHED.index(name) for name in SHORT_ONLY]] = 0.0
        plain = LogisticRegression(C=PLAIN_C, max_iter=MAX_ITER).fit(x, y, sample_weight=weight)
        self.plain_bias, self.plain = float(plain.intercept_[0]), plain.coef_[0]
        d = x.shape[1]
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        expanded = PolynomialFeatures(2, include_bias=False).fit_transform((x - mean) / scale)
        fitted = LogisticRegression(C=QUADRATIC_C, max_iter=MAX_ITER).fit(
            expanded, y, sample_weight=weight
        )
        coef = fitted.coef_[0]
        a, q = coef[:d], np.zeros((d, d))
        upper = ((row, col) for row in range(d) for col in range(row, d))
        for (i, j), b in zip(upper, coef[d:], strict=True):
            q[i, j] += b / 2
            q[j, i] += b / 2
        self.quadratic = q / np.outer(scale, scale)
        self.linear = a / scale - 2 * self.quadratic @ mean
        self.bias = float(fitted.intercept_[0] - (a / scale) @ mean + mean @ self.quadratic @ mean)

    def probability(self, x: np.ndarray) -> np.ndarray:
        """Probability of each row of x (or of one feature vector), as the assigner scores it."""
        shortness = x[..., len(WEIGHED)] if self.has_short else 0.0
        x = x[..., : len(WEIGHED)]
        plain = self.plain_bias + x @ self.plain
        full = self.bias + x @ self.linear + np.einsum("...i,ij,...j->...", x, self.quadratic, x)
        z = np.where(plain >= np.log(GATE / (1 - GATE)), np.minimum(plain, full), plain)
        z = (1.0 - shortness) * z + shortness * (self.short_bias + x @ self.short)
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
        return probabilities

    def source(self) -> str:
        """The source of weights.py holding this model."""
        rows = "\n".join(f"    ({', '.join(_number(v) for v in row)})," for row in self.quadratic)
        return (
            '"""Weights of the story assigner\'s pair model: written by '
            "newsloom.stories.fit.\n\n"
            "Do not edit by hand: run `python -m newsloom.stories.fit --write` (see\n"
            "docs/clustering.md). Over the pair features f, in the order of FEATURES, the plain\n"
            "model's log-odds are PLAIN_BIAS + PLAIN . f; where they give at least GATE, the\n"
            "quadratic model's BIAS + LINEAR . f + f . QUADRATIC . f stand instead when lower.\n"
            "The short-text model's are SHORT_BIAS + SHORT . f; a pair's log-odds are the two\n"
            "mixed by its shortness (profile._probabilities). A short text's probability of\n"
            "joining a story by its cosine with the story's centroid is the logistic curve\n"
            "CENTROID_SLOPE * (cosine - CENTROID_MIDPOINT) (profile.CentroidModel).\n"
            '"""\n\n'
            "FEATURES = (\n" + "".join(f"    {name!r},\n" for name in WEIGHED) + ")\n"
            f"PLAIN_BIAS = {_number(self.plain_bias)}\n"
            f"PLAIN = ({', '.join(_number(v) for v in self.plain)})\n"
            f"GATE = {GATE}\n"
            f"BIAS = {_number(self.bias)}\n"
            f"LINEAR = ({', '.join(_number(v) for v in self.linear)})\n"
            f"QUADRATIC = (\n{rows}\n)\n"
            f"SHORT_BIAS = {_number(self.short_bias)}\n"
            f"SHORT = ({', '.join(_number(v) for v in self.short)})\n"
            f"CENTROID_SLOPE = {_number(self.centroid.slope)}\n"
            f"CENTROID_MIDPOINT = {_number(self.centroid.midpoint)}\n"
        )


def fit(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, short: list[PairSet] | None = None
) -> PairModel:
    """The report model fitted on these rows, with a short-text model fitted on the short
    sources' rows (none without them)."""
    return PairModel(x, y, weight, stack_sets(short) if short else None)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", nargs="?")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--orders", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--write", action="store_true", help=f"replace {WEIGHTS_FILE.name} with the fitted model"
    )
    parser.add_argument(
        "--negatives",
        type=Path,
        default=None,
        help=f"hard negatives' file (default: {NEGATIVE_FILE})",
    )
    parser.add_argument(
        "--no-negatives", action="store_true", help="fit on the gold file's pairs alone"
    )
    parser.add_argument(
        "--headlines",
        type=Path,
        default=None,
        help=f"the headline file (default: {HEADLINE_FILE}); its tune half joins the fit",
    )
    parser.add_argument("--no-headlines", action="store_true", help="fit without headlines")
    parser.add_argument("--wire", type=Path, help=f"labelled wire stories (default: {WIRE_LABELS})")
    parser.add_argument("--no-wire", action="store_true", help="fit without wire stories")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, fit and measure the pair model, print the report."""
    args = parse_args(argv)
    path = data_file(args.file)
    if not path.is_file():
        print(f"no data at {path}: set NEWSLOOM_DATA or pass the file", file=sys.stderr)
        return 2
    negatives = hard_negatives(args)
    if negatives is None:
        return 2
    out = fit_and_measure(args, path, negatives)
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")
        if args.write:
            print(f"wrote {WEIGHTS_FILE}")
    return 0


def hard_negatives(args: argparse.Namespace) -> np.ndarray | None:
    """The hard negatives' rows (none with --no-negatives); None, reported, when not found."""
    if args.no_negatives:
        return np.zeros((0, len(FEATURES)))
    negatives_path = args.negatives or evaluation_data() / NEGATIVE_FILE
    if not negatives_path.is_file():
        print(
            f"no hard negatives at {negatives_path}: pass --negatives FILE or --no-negatives",
            file=sys.stderr,
        )
        return None
    return negative_rows(negatives_path)


@dataclass(frozen=True)
class GoldPairs:
    """Every pair of articles of the gold file: its two rows, features, label and weight."""

    left: np.ndarray
    right: np.ndarray
    x: np.ndarray
    y: np.ndarray
    same_topic: np.ndarray
    weight: np.ndarray


def gold_pairs(profiles: list[ArticleProfile], gold: list[str], topics: list[str]) -> GoldPairs:
    """The pairs of the gold file's articles, labelled by gold event and weighted by topic."""
    left, right = np.triu_indices(len(profiles), 1)
    x = pair_rows(profiles, left, right)
    y = np.array([gold[i] == gold[j] for i, j in zip(left, right, strict=True)])
    same_topic = np.array([topics[i] == topics[j] for i, j in zip(left, right, strict=True)])
    weight = np.where(same_topic, 1.0, CROSS_TOPIC_WEIGHT)
    return GoldPairs(left, right, x, y, same_topic, weight)


def fit_with_negatives(
    extra: np.ndarray | list[PairSet], rows: np.ndarray, labels: np.ndarray, weights: np.ndarray
) -> PairModel:
    """A model fitted on these gold pairs and the other sources' pairs (or the hard negatives'
    rows alone)."""
    sets = extra if isinstance(extra, list) else [negative_set(extra)]
    headlines = [s for s in sets if s.name == "headlines"]
    reports = [s for s in sets if s.name != "headlines"]
    x, y, w = stack_sets([PairSet("gold", rows, labels, weights), *reports])
    negatives = [
        PairSet(s.name, s.x, s.y, np.full(len(s.y), SHORT_NEGATIVE_WEIGHT))
        for s in reports
        if s.name == "negatives"
    ]
    wire = [s for s in reports if s.name == "wire"]
    short = [*headlines, *negatives, *wire] if headlines else None
    return fit(x, y, w, short)


def negative_set(negatives: np.ndarray) -> PairSet:
    """The hard negatives as a source of training pairs."""
    return PairSet(
        "negatives",
        negatives,
        np.zeros(len(negatives), dtype=bool),
        np.full(len(negatives), NEGATIVE_WEIGHT),
    )


def ecb_alone_set(profiles: list[ArticleProfile], pairs: GoldPairs) -> PairSet:
    """The gold file's within-topic pairs judged alone, as in a new store (computed once; a
    fold takes its part with `kept_alone`)."""
    chosen = np.flatnonzero(pairs.same_topic)
    x = alone_rows(profiles, pairs.left[chosen], pairs.right[chosen])
    return PairSet("alone", x, pairs.y[chosen], np.full(len(chosen), ALONE_WEIGHT))


def kept_alone(alone: PairSet, pairs: GoldPairs, keep: np.ndarray) -> PairSet:
    """The rows of `ecb_alone_set` for the kept pairs (a mask over all of the gold pairs)."""
    mask = keep[pairs.same_topic]
    return PairSet(alone.name, alone.x[mask], alone.y[mask], alone.weight[mask])


def fit_and_measure(args: argparse.Namespace, path: Path, negatives: np.ndarray) -> dict[str, Any]:
    """Fit the model on all sources (written with --write), measure it held out; the report."""
    from sklearn.metrics import roc_auc_score  # newsloom[eval]

    profiles, gold, topics = load(path)
    pairs = gold_pairs(profiles, gold, topics)
    x, y, same_topic = pairs.x, pairs.y, pairs.same_topic
    headlines = load_headlines(args)
    sources = [negative_set(negatives)]
    headline_rows = None
    if headlines is not None:
        headline_rows = headline_set(headlines[0], headlines[1], args.seed)
        sources.append(headline_rows)
    wire = load_wire(args)
    if wire is not None:
        sources.append(wire_set(wire[0], wire[1], args.seed))
    alone = ecb_alone_set(profiles, pairs)
    model = fit_with_negatives([*sources, alone], x, y, pairs.weight)
    if headlines is not None:
        model.centroid = centroid_fit(headlines[0], headlines[1])
    if args.write:
        WEIGHTS_FILE.write_text(model.source(), encoding="utf-8")
    held_out, models, fold_of = held_out_scores(pairs, topics, sources, alone, args)
    scorer = held_out_scorer(profiles, topics, models, fold_of)
    runs = online_runs(profiles, gold, scorer, args)
    report: dict[str, Any] = {
        "file": str(path),
        "articles": len(profiles),
        "pairs": int(len(y)),
        "sources": {s.name: len(s) for s in sources},
        "features": list(FEATURES),
        "plain_weights": [round(float(v), 3) for v in model.plain],
        "plain_bias": round(model.plain_bias, 3),
        "hard_negative_pairs": int(len(negatives)),
        "hard_negatives_over_join": (
            round(float(np.mean(model.probability(negatives) >= JOIN_THRESHOLD)), 4)
            if len(negatives)
            else None
        ),
        "heldout_pair_auc_within_topic": round(
            float(roc_auc_score(y[same_topic], held_out[same_topic])), 4
        ),
        "embedding_pair_auc_within_topic": round(
            float(roc_auc_score(y[same_topic], x[same_topic, 0])), 4
        ),
        "heldout_online_bcubed": bcubed_means(runs),
    }
    if headlines is not None and headline_rows is not None:
        report |= headline_report(
            model, headlines, headline_rows, pairs, alone, sources, profiles, gold, args
        )
    if wire is not None:
        report |= wire_report(model, wire, pairs, alone, sources, args)
    return report


def headline_report(
    model: PairModel,
    headlines: tuple[list[ArticleProfile], list[str]],
    headline_rows: PairSet,
    pairs: GoldPairs,
    alone: PairSet,
    sources: list[PairSet],
    profiles: list[ArticleProfile],
    gold: list[str],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """The headline file's check half scored online by the model fitted on every source (its
    stories unseen), and leave-one-source-out: the check half by a model that never saw a
    headline, the gold file by one that never saw it."""
    check = ~tune_half(headlines[1])
    check_profiles = [p for p, keep in zip(headlines[0], check, strict=True) if keep]
    check_gold = [g for g, keep in zip(headlines[1], check, strict=True) if keep]
    rest = [s for s in sources if s.name != "headlines"]
    without_headlines = fit_with_negatives([*rest, alone], pairs.x, pairs.y, pairs.weight)
    only = [s for s in sources if s.name == "negatives"] + [headline_rows]
    headline_only = fit(*stack_sets(only), only)
    return {
        "headlines_check_half_online_bcubed": bcubed_means(
            online_runs(check_profiles, check_gold, model_scorer(model), args, model.centroid)
        ),
        "leave_out_headlines_check_half_online_bcubed": bcubed_means(
            online_runs(
                check_profiles, check_gold, model_scorer(without_headlines), args, centroid=None
            )
        ),
        "leave_out_gold_file_online_bcubed": bcubed_means(
            online_runs(profiles, gold, model_scorer(headline_only), args)
        ),
    }


def wire_report(
    model: PairModel,
    wire: tuple[list[ArticleProfile], list[str]],
    pairs: GoldPairs,
    alone: PairSet,
    sources: list[PairSet],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """The labelled wire stories' check half scored online (in the file's time order, as a
    wire arrives) by the model fitted on every source, and by one that never saw a wire
    story (leave-one-source-out)."""
    check_profiles, check_gold = check_half(wire)
    rest = [s for s in sources if s.name != "wire"]
    without_wire = fit_with_negatives([*rest, alone], pairs.x, pairs.y, pairs.weight)
    without_wire.centroid = model.centroid
    in_order = argparse.Namespace(**{**vars(args), "orders": 1})
    return {
        "wire_check_half_online_bcubed": bcubed_means(
            timed_runs(check_profiles, check_gold, model_scorer(model), model.centroid)
        ),
        "leave_out_wire_check_half_online_bcubed": bcubed_means(
            timed_runs(check_profiles, check_gold, model_scorer(without_wire), model.centroid)
        ),
        "wire_check_half_shuffled_bcubed": bcubed_means(
            online_runs(check_profiles, check_gold, model_scorer(model), in_order, model.centroid)
        ),
    }


def load_wire(args: argparse.Namespace) -> tuple[list[ArticleProfile], list[str]] | None:
    """The labelled wire articles' profiles and stories, in the file's order (None with
    --no-wire or when the labels or the Reuters file are absent)."""
    if args.no_wire:
        return None
    labels_path = args.wire or REPOSITORY / WIRE_LABELS
    path = evaluation_data() / NEGATIVE_FILE
    if not labels_path.is_file() or not path.is_file():
        print(
            f"no wire labels at {labels_path} or no {path}: fitting without them", file=sys.stderr
        )
        return None
    labels = wire_labels(labels_path)
    articles = cleaned(a for a in read_paths([path]) if getattr(a, "external_id", None) in labels)
    return analysed_profiles(articles), [labels[str(a.external_id)] for a in articles]


def load_headlines(args: argparse.Namespace) -> tuple[list[ArticleProfile], list[str]] | None:
    """The headline file's profiles and stories (None with --no-headlines or when absent)."""
    if args.no_headlines:
        return None
    path = args.headlines or headline_file(evaluation_data())
    if not path.is_file():
        print(f"no headline file at {path}: fitting without it", file=sys.stderr)
        return None
    profiles, gold, _ = load(path)
    return profiles, gold


def held_out_scores(
    pairs: GoldPairs,
    topics: list[str],
    sources: list[PairSet],
    alone: PairSet,
    args: argparse.Namespace,
) -> tuple[np.ndarray, list[PairModel], dict[Any, int]]:
    """Each pair's probability by a model fitted without its topics; the models; topic folds."""
    # Held-out topics: the pairs touching a fold's topics are scored by a model fitted on the
    # rest of the gold file and every other source.
    rng = np.random.default_rng(args.seed)
    names = sorted(set(topics))
    folds = np.array_split(rng.permutation(names), args.folds)
    fold_of = {t: k for k, fold in enumerate(folds) for t in fold}
    pair_fold = np.array([fold_of[topics[i]] for i in pairs.left])
    other_fold = np.array([fold_of[topics[j]] for j in pairs.right])
    held_out = np.zeros(len(pairs.y))
    models = []
    for k in range(args.folds):
        test = (pair_fold == k) | (other_fold == k)
        models.append(
            fit_with_negatives(
                [*sources, kept_alone(alone, pairs, ~test)],
                pairs.x[~test],
                pairs.y[~test],
                pairs.weight[~test],
            )
        )
        held_out[test] = models[-1].probability(pairs.x[test])
    return held_out, models, fold_of


if __name__ == "__main__":
    raise SystemExit(main())
