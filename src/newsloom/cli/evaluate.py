"""`newsloom eval ...`: evaluation commands, each a thin wrapper over a newsloom.evaluate scorer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from newsloom.cli.common import PlainJsonOption, Typer, console, fail, print_json
from newsloom.cli.tables import print_table

if TYPE_CHECKING:
    from newsloom.evaluate.clustering_eval import ClusteringEval

eval_app = Typer(help="Score newsloom on evaluation sets.", no_args_is_help=True)


def _json(data: object) -> None:
    # Evaluation output has always been ASCII-escaped JSON; keep it that way.
    print_json(data, ascii_only=True)


@eval_app.command("clustering")
def eval_clustering(
    paths: list[Path] = typer.Argument(
        None,
        exists=True,
        help="Article JSONL files with a gold event label per line "
        "(default: the suite, ECB+ dev and the aggregator headlines dev file).",
        show_default=False,
    ),
    gold: str = typer.Option("gold_event", "--gold", help="The field holding the gold event."),
    order: str = typer.Option("file", "--order", help="file or shuffled."),
    seed: int = typer.Option(0, "--seed", help="First shuffle seed."),
    runs: int = typer.Option(
        5, "--runs", help="Shuffled orders to average (with --order shuffled)."
    ),
    half: str = typer.Option(
        "all", "--half", help="all, or the tune or check half of each file's topics or events."
    ),
    no_baselines: bool = typer.Option(
        False, "--no-baselines", help="Skip the agglomerative baselines."
    ),
    as_json: bool = PlainJsonOption,
) -> None:
    """Online story assignment vs gold events, beside two oracle baselines, on one file or more."""
    from newsloom.errors import NewsloomError
    from newsloom.evaluate.clustering_eval import evaluate_clustering, suite_paths

    files = list(paths or []) or suite_paths()
    if not files:
        fail(NewsloomError("no files given and no evaluation data found: set NEWSLOOM_DATA"))
    results = []
    try:
        for path in files:
            results.append(
                evaluate_clustering(
                    path,
                    gold_field=gold,
                    order=order,
                    seed=seed,
                    runs=runs,
                    with_baselines=not no_baselines,
                    half=half,
                )
            )
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        _json(results[0].as_dict() if paths and len(files) == 1 else [r.as_dict() for r in results])
        return
    print_table(_clustering_table(results, order), console)


def _clustering_table(results: list[ClusteringEval], order: str) -> Table:
    """newsloom and the baselines, file by file, in one table."""
    table = Table(title=f"clustering (order {order})")
    for col in ("file", "system", "B3 P", "B3 R", "B3 F1", "pair F1", "ARI", "clusters"):
        table.add_column(col)
    for result in results:
        m = result.mean
        name = f"{result.file}{'' if result.half == 'all' else ' (' + result.half + ' half)'}"
        table.add_row(
            escape(f"{name}: {result.articles} articles, {result.gold_events} events"),
            f"newsloom (mean of {len(result.runs)})",
            f"{m['bcubed_precision']:.3f}",
            f"{m['bcubed_recall']:.3f}",
            f"{m['bcubed_f1']:.3f}",
            f"{m['pairwise_f1']:.3f}",
            f"{m['ari']:.3f}",
            f"{sum(r.clusters for r in result.runs) / len(result.runs):.0f}",
        )
        for b in result.baselines:
            s = b.scores
            table.add_row(
                "",
                f"{b.name} (oracle t={b.threshold})",
                f"{s.bcubed_precision:.3f}",
                f"{s.bcubed_recall:.3f}",
                f"{s.bcubed_f1:.3f}",
                f"{s.pairwise_f1:.3f}",
                f"{s.ari:.3f}",
                str(s.clusters),
            )
        table.add_section()
    return table


@eval_app.command("timex")
def eval_timex(
    path: Path = typer.Argument(
        ..., exists=True, help="A TimeML .tml file or a folder of them (recursed)."
    ),
    as_json: bool = PlainJsonOption,
) -> None:
    """Time expressions vs TimeML gold, TempEval-3 style: extraction F1, type accuracy, value F1."""
    from newsloom.evaluate.timeml import evaluate_timeml

    scores = evaluate_timeml(path).as_dict()
    if as_json:
        _json(scores)
        return
    table = Table(title=f"timex: {path}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in scores.items():
        if isinstance(value, float):
            table.add_row(key, f"{value:.3f}")
        elif isinstance(value, int):
            table.add_row(key, str(value))
    print_table(table, console)


@eval_app.command("summaries")
def eval_summaries(
    path: Path = typer.Argument(
        ..., exists=True, help='JSONL clusters {"id", "docs": [...], "references": [...]}.'
    ),
    words: int = typer.Option(100, "--words", min=1, help="Summaries are cut to this many words."),
    as_json: bool = PlainJsonOption,
) -> None:
    """ROUGE-1/2 of newsloom's summaries (and a lead baseline) against reference summaries."""
    from newsloom.analyze.analyzer import Analyzer
    from newsloom.errors import NewsloomError
    from newsloom.evaluate.summaries import evaluate_summaries

    try:
        scores = evaluate_summaries(path, Analyzer.load(), words=words).as_dict()
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        _json(scores)
        return
    _print_flat(f"summaries: {path.name}", scores)


def _print_flat(title: str, data: dict[str, object], prefix: str = "") -> None:
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")

    def walk(d: dict[str, object], pre: str) -> None:
        for key, value in d.items():
            if isinstance(value, dict):
                walk(value, f"{pre}{key}.")
            elif isinstance(value, float):
                table.add_row(pre + key, f"{value:.4f}")
            elif isinstance(value, (int, str)):
                table.add_row(pre + key, str(value))

    walk(data, prefix)
    print_table(table, console)


@eval_app.command("events")
def eval_events(
    path: Path = typer.Argument(..., exists=True, help="PLOVER gold records (JSON)."),
    half: str = typer.Option(
        "check",
        "--half",
        help="tune, check or all: the committed split's half to score (rules are tuned on "
        "tune; report check).",
    ),
    as_json: bool = PlainJsonOption,
) -> None:
    """Event coding vs PLOVER gold: type recall, emitted events' precision, actor F1 by country."""
    from newsloom.analyze.analyzer import load_spacy
    from newsloom.errors import NewsloomError
    from newsloom.evaluate.plover import HALVES, evaluate_plover

    if half not in HALVES:
        raise typer.BadParameter(f"--half must be one of {', '.join(HALVES)}")
    try:
        scores = evaluate_plover(path, load_spacy(), half=half).as_dict()
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        _json(scores)
        return
    _print_flat(f"events: {path.name} ({half} half)", scores)
