"""`newsloom eval ...`: evaluation commands, each a thin wrapper over a newsloom.evaluate scorer."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from newsloom.cli.common import PlainJsonOption, Typer, console, fail, print_json
from newsloom.cli.tables import print_table

eval_app = Typer(help="Score newsloom on evaluation sets.", no_args_is_help=True)


def _json(data: object) -> None:
    # Evaluation output has always been ASCII-escaped JSON; keep it that way.
    print_json(data, ascii_only=True)


@eval_app.command("clustering")
def eval_clustering(
    path: Path = typer.Argument(
        ..., exists=True, help="Article JSONL with a gold event label per line."
    ),
    gold: str = typer.Option("gold_event", "--gold", help="The field holding the gold event."),
    order: str = typer.Option("file", "--order", help="file or shuffled."),
    seed: int = typer.Option(0, "--seed", help="First shuffle seed."),
    runs: int = typer.Option(
        5, "--runs", help="Shuffled orders to average (with --order shuffled)."
    ),
    no_baselines: bool = typer.Option(
        False, "--no-baselines", help="Skip the agglomerative baselines."
    ),
    as_json: bool = PlainJsonOption,
) -> None:
    """Online story assignment vs gold events: B-cubed, pairwise F1, ARI, two oracle baselines."""
    from newsloom.errors import NewsloomError
    from newsloom.evaluate.clustering_eval import evaluate_clustering

    try:
        result = evaluate_clustering(
            path,
            gold_field=gold,
            order=order,
            seed=seed,
            runs=runs,
            with_baselines=not no_baselines,
        )
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        _json(result.as_dict())
        return
    table = Table(
        title=f"clustering: {path.name} ({result.articles} articles, "
        f"{result.gold_events} events, order {order})"
    )
    for col in ("system", "B3 P", "B3 R", "B3 F1", "pair F1", "ARI", "clusters"):
        table.add_column(col)
    m = result.mean
    table.add_row(
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
            f"{b.name} (oracle t={b.threshold})",
            f"{s.bcubed_precision:.3f}",
            f"{s.bcubed_recall:.3f}",
            f"{s.bcubed_f1:.3f}",
            f"{s.pairwise_f1:.3f}",
            f"{s.ari:.3f}",
            str(s.clusters),
        )
    print_table(table, console)


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
    as_json: bool = PlainJsonOption,
) -> None:
    """Event coding vs PLOVER gold: type recall, emitted events' precision, actor F1 by country."""
    from newsloom.analyze.analyzer import load_spacy
    from newsloom.evaluate.plover import evaluate_plover

    scores = evaluate_plover(path, load_spacy()).as_dict()
    if as_json:
        _json(scores)
        return
    _print_flat(f"events: {path.name}", scores)
