"""The newsloom command line: a thin typer layer over the pipeline and the read models."""

from __future__ import annotations

import io
import os
import sys
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table

from newsloom.cli.common import (
    FLAG_METAVAR,
    DbOption,
    JsonOption,
    PlainJsonOption,
    Typer,
    check_output,
    console,
    db_path,
    err_console,
    existing_store,
    fail,
    id_argument,
    json_text,
    limit_option,
    markup_safe,
    open_output,
    open_store,
    plain,
    print_json,
    say_waiting,
    skip_line,
)
from newsloom.cli.evaluate import eval_app
from newsloom.cli.events import events_command, relations_command
from newsloom.cli.export import export_command
from newsloom.cli.fetch import fetch_command, watch_command
from newsloom.cli.progress import ingest_progress
from newsloom.cli.recluster import recluster_command
from newsloom.cli.serve import serve_command
from newsloom.cli.tables import print_table
from newsloom.data import demo_folder
from newsloom.errors import NewsloomError, loses_input
from newsloom.model import Skipped
from newsloom.store.lock import writer_lock
from newsloom.store.sqlite import Store
from newsloom.store.stories import (
    largest_story_id,
    list_stories,
    search,
    story_summary,
)

if TYPE_CHECKING:  # the ingest pipeline loads spaCy and SciPy: read commands never import it
    from newsloom.ingest.pipeline import IngestReport

app = Typer(
    help="newsloom: news articles in, stories and source-attributed briefs out.",
    no_args_is_help=True,
)


def _print_version(wanted: bool) -> None:
    """Print the package version and stop, for `newsloom --version`."""
    if wanted:
        from newsloom import __version__

        sys.stdout.write(f"newsloom {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        metavar=FLAG_METAVAR,
        is_eager=True,
        callback=_print_version,
        help="Print the version and exit.",
    ),
) -> None:
    """newsloom: news articles in, stories and source-attributed briefs out."""


app.add_typer(eval_app, name="eval")
app.command("events")(events_command)
app.command("relations")(relations_command)
app.command("fetch")(fetch_command)
app.command("watch")(watch_command)
app.command("recluster")(recluster_command)
app.command("serve")(serve_command)
app.command("export")(export_command)


def _run_ingest(
    paths: list[str], db: str, outlet: str | None, published: str | None, quiet: bool
) -> IngestReport:
    from newsloom.ingest.pipeline import ingest_paths
    from newsloom.ingest.sources.count import count_inputs

    hidden = quiet or not err_console.is_terminal
    total = None if hidden else count_inputs(paths)  # counted only for a bar someone sees
    with ingest_progress(total, err_console, disable=hidden) as bar:
        task = bar.add_task("ingesting", total=total)
        return ingest_paths(
            paths,
            db,
            outlet=outlet,
            published=published,
            on_progress=lambda n: bar.advance(task, n),
            on_wait=say_waiting,
        )


def _print_report(report: IngestReport, db: str, stories_now: int | None = None) -> None:
    """The ingest report as a table; `stories_now`, when given, counts the stories after the run."""
    table = Table(title=f"ingest into {db}", show_header=False)
    for label, value in [
        ("read", report.read),
        ("new", report.new),
        ("duplicates (copies)", report.duplicates),
        ("already stored", report.unchanged),
        ("given missing outlet or date (placed again)", report.repaired),
        ("skipped (not stored)", sum(loses_input(s) for s in report.skipped)),
        ("warnings (article kept)", sum(not loses_input(s) for s in report.skipped)),
        ("not analysed (not English)", report.not_analysed),
        ("stories created", report.stories_created),
        ("stories updated", report.stories_updated),
        ("stories merged", report.stories_merged),
        ("articles moved between stories", report.articles_moved),
        ("stories emptied by those moves", report.stories_emptied),
        # Created minus merged is not what a run leaves (merges can also join older stories):
        # the store's own count is.
        *([("stories in the store now", stories_now)] if stories_now is not None else []),
        ("boilerplate lines dropped", report.boilerplate_lines),
        ("elapsed", f"{report.elapsed:.1f} s"),
    ]:
        table.add_row(label, str(value))
    print_table(table, console)
    if report.not_analysed:
        langs = ", ".join(f"{k}: {v}" for k, v in sorted(report.languages.items()) if k != "en")
        console.print(f"stored but not analysed (not English): {report.not_analysed} ({langs})")
    for s in report.skipped:
        console.print(skip_line(s), highlight=False)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursed) or - for stdin."),
    outlet: str | None = typer.Option(None, help="Outlet for inputs that do not name one."),
    published: str | None = typer.Option(
        None, help="Publication date (ISO 8601) for inputs without one."
    ),
    db: Path | None = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Read articles into the store, deduplicate them and assign them to stories."""
    try:
        report = _run_ingest(paths, db_path(db), outlet, published, quiet=as_json)
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        print_json(report.as_dict())
    else:
        _print_report(report, db_path(db))
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursed) or - for stdin."),
    outlet: str | None = typer.Option(None, help="Outlet for inputs that do not name one."),
    published: str | None = typer.Option(
        None, help="Publication date (ISO 8601) for inputs without one."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Print what is extracted from articles (entities, dates, figures, quotes); store nothing."""
    from newsloom.analyze.analyzer import Analyzer
    from newsloom.ingest.preview import analyze_items
    from newsloom.ingest.sources import read_paths

    try:
        result = analyze_items(
            read_paths(paths, outlet=outlet, published=published), Analyzer.load()
        )
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        print_json(result.articles)
    else:
        for record in result.articles:
            _print_analysis(record)
    for s in result.skipped:
        err_console.print(skip_line(s), highlight=False)
    raise typer.Exit(1 if any(loses_input(s) for s in result.skipped) else 0)


@app.command()
def summarize(
    paths: list[str] = typer.Argument(
        ..., help="Files, directories (recursed) or - for stdin: one story."
    ),
    words: int = typer.Option(100, "--words", min=1, help="Word budget of the summary."),
    as_json: bool = JsonOption,
) -> None:
    """Summarise the given articles as one story (extractive), without storing them."""
    from newsloom.analyze.analyzer import Analyzer
    from newsloom.brief.summary import summarize_paths

    def say(skipped: Skipped) -> None:  # passed over in the summary, but said, as in ingest
        lost.append(loses_input(skipped))
        err_console.print(skip_line(skipped), highlight=False)

    lost: list[bool] = []
    try:
        summary = summarize_paths(paths, Analyzer.load(), words=words, on_skip=say)
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        print_json(summary.as_dict())
    else:
        sys.stdout.write(f"{summary.headline}\n\n{summary.text}\n")
    raise typer.Exit(1 if any(lost) else 0)


def _print_analysis(record: dict[str, Any]) -> None:
    published = record["published"] or "unknown"
    if record["published_estimate"]:
        est = record["published_estimate"]
        published = (
            f"{est['value']} (estimated, confidence {est['confidence']:.2f}: {est['basis']})"
        )
    console.rule(markup_safe(record["id"] or record["origin"]), style="dim")
    console.print(
        f"title: {markup_safe(record['title'] or '-')}  "
        f"outlet: {markup_safe(record['outlet'] or '-')}  published: {markup_safe(published)}",
        highlight=False,
    )
    if not record["analysed"]:
        console.print(f"not analysed (language: {markup_safe(record['language'])})")
        return
    sections = [
        (
            "entities",
            lambda e: (
                f"{e['text']} [{e['label']}] → {e['canonical']}"
                + (f", {e['role']}" if e["role"] else "")
                + (f", {e['country']}" if e["country"] else "")
            ),
        ),
        (
            "timexes",
            lambda t: (
                f"{t['text']} → {t['type']} {t['value']}"
                + (f" ({t['range']['begin']} – {t['range']['end']})" if t["range"] else "")
            ),
        ),
        (
            "quantities",
            lambda q: (
                f"{q['text']} → {q['kind']} {q['value']:g} {q['unit'] or ''}"
                + (f" ({q['measures']})" if q["measures"] else "")
            ),
        ),
        ("quotes", lambda q: f"{q['speaker'] or '?'}: “{q['quote']}”"),
        (
            "events",
            lambda e: (
                f"{(e['source'] or {}).get('code') or '-'} {e['type']} "
                f"{(e['target'] or {}).get('code') or '-'} "
                f"({e['status']}, {e['quad_class']}, {e['score']:+.1f})"
                + (f" on {e['date']}" if e["date"] else "")
            ),
        ),
    ]
    for name, fmt in sections:
        items = record[name]
        table = Table(title=f"{name} ({len(items)})", show_header=False, title_justify="left")
        table.add_column("item", overflow="fold")
        table.add_column("offsets", justify="right")
        for item in items:
            table.add_row(plain(fmt(item)), f"{item['start']}–{item['end']}")
        if items:
            print_table(table, console)


def _stories_table(store: Store, limit: int | None) -> Table:
    table = Table(title="stories")
    for col in ("id", "headline", "articles", "sources", "first", "last", "top entities"):
        table.add_column(col, overflow="fold")
    for s in list_stories(store, limit=limit):
        table.add_row(
            str(s.id),
            plain(s.headline),
            str(s.articles),
            str(s.independent_sources),
            plain(s.span_text("first")),
            plain(s.span_text("last")),
            plain(", ".join(s.top_entities)),
        )
    return table


@app.command()
def stories(
    limit: int | None = limit_option(None, "Show at most this many stories."),
    db: Path | None = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """List stories, largest first."""
    with open_store(db) as store:
        if as_json:
            print_json([asdict(s) for s in list_stories(store, limit=limit)])
        else:
            print_table(_stories_table(store, limit), console)


class ReportFormat(StrEnum):
    """The shareable report formats of `newsloom story`."""

    terminal = "terminal"
    markdown = "markdown"
    html = "html"


@app.command()
def story(
    story_id: int = id_argument("The story id, as listed by `newsloom stories`."),
    fmt: ReportFormat = typer.Option(
        ReportFormat.terminal, "--format", help="terminal, markdown or html."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report here."),
    db: Path | None = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Show a story's brief: corroborated, conflicting, single-source claims, summary, timeline."""
    from newsloom.analyze.embed import load_embedder
    from newsloom.brief.render import to_html, to_markdown
    from newsloom.brief.report import build_brief
    from newsloom.cli.brief import print_brief

    if output:
        check_output(output)  # before the brief is built: a bad path should not cost a model load
    with open_store(db) as store:
        kept = store.resolve_story(story_id)
        if kept != story_id:
            err_console.print(
                f"story {story_id} was merged into story {kept}: showing story {kept}"
            )
            story_id = kept
        if story_summary(store, story_id) is None:  # fail before loading a model
            fail(NewsloomError(f"no story with id {story_id}"))
        brief = build_brief(store, story_id, load_embedder())
    if as_json:
        text = json_text(brief.as_dict())
    elif fmt is ReportFormat.markdown:
        text = to_markdown(brief)
    elif fmt is ReportFormat.html:
        text = to_html(brief)
    elif output:
        # the terminal view as plain text, at a fixed width, for a file
        plain_text = io.StringIO()
        print_brief(brief, Console(file=plain_text, width=100, no_color=True, force_terminal=False))
        text = plain_text.getvalue()
    else:
        print_brief(brief)
        return
    if output:
        with open_output(output) as fh:
            fh.write(text)
        err_console.print(f"wrote {markup_safe(output)}", highlight=False)
    else:
        sys.stdout.write(text)


@app.command("search")
def search_command(
    query: str = typer.Argument(..., help="Words to find (all must occur)."),
    limit: int = limit_option(20, "Show at most this many hits."),
    db: Path | None = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Full-text search over stored articles, ranked, with snippets."""
    with open_store(db) as store:
        hits = search(store, query, limit=limit)  # a query past the bounds is a NewsloomError
    if as_json:
        print_json([asdict(h) for h in hits])
        return
    if not hits:
        err_console.print(f"no article matches {markup_safe(query)}", highlight=False)
        return
    table = Table(title=plain(f"search: {query}"))
    for col in ("article", "story", "outlet", "published", "title", "snippet"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(
            str(h.article_id),
            str(h.story_id or ""),
            plain(h.outlet or ""),
            plain((h.published or "")[:10]),
            plain(h.title or ""),
            plain(h.snippet),
        )
    print_table(table, console)


delete_app = Typer(help="Delete stored articles or stories.", no_args_is_help=True)
app.add_typer(delete_app, name="delete")


@delete_app.command("article")
def delete_article(
    article_id: int = id_argument("The article id (as `newsloom search` shows)."),
    db: Path | None = DbOption,
    as_json: bool = PlainJsonOption,
) -> None:
    """Delete an article, its copies, analyses and search rows; an emptied story goes too."""
    try:
        with existing_store(db) as store, writer_lock(store.path, say_waiting):
            deleted, story_id = store.delete_article(article_id)
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        print_json({"article": article_id, "articles_deleted": deleted, "story": story_id})
    else:
        console.print(f"deleted article {article_id} ({deleted} with its copies)")


@delete_app.command("story")
def delete_story(
    story_id: int = id_argument("The story id, as listed by `newsloom stories`."),
    db: Path | None = DbOption,
    as_json: bool = PlainJsonOption,
) -> None:
    """Delete a story and every article in it."""
    try:
        with existing_store(db) as store, writer_lock(store.path, say_waiting):
            deleted = store.delete_story(story_id)
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        print_json({"story": story_id, "articles_deleted": deleted})
    else:
        console.print(f"deleted story {story_id} and its {deleted} articles")


def demo_corpus_path() -> Path:
    """Where the bundled demo corpus lives: one folder per outlet, beside its README."""
    return demo_folder()


@app.command()
def demo(
    db: Path | None = DbOption,
    as_json: bool = JsonOption,
) -> None:
    """Ingest the bundled demo corpus, then list its stories and show the largest one's brief."""
    from newsloom.analyze.embed import load_embedder
    from newsloom.brief.report import build_brief
    from newsloom.cli.brief import print_brief

    path = db_path(db)
    try:
        outlets = sorted(
            str(p)
            for p in demo_corpus_path().iterdir()
            if p.is_dir() and not p.name.startswith("_")
        )
        report = _run_ingest(outlets, path, None, None, quiet=as_json)
        with Store(path, readonly=True) as store:
            largest = largest_story_id(store)
            full = build_brief(store, largest, load_embedder()) if largest is not None else None
            listed = list_stories(store)
            if as_json:
                print_json(
                    {
                        "ingest": report.as_dict(),
                        "stories_in_store": len(listed),
                        "stories": [asdict(s) for s in listed],
                        "largest_story": full.as_dict() if full else None,
                    }
                )
                return
            _print_report(report, path, stories_now=len(listed))
            print_table(_stories_table(store, None), console)
    except NewsloomError as exc:
        fail(exc)
    if full:
        print_brief(full)


def main() -> None:
    """Entry point of the `newsloom` console script; an unexpected error exits with status 3."""
    # 0: done, 1: something skipped, 2: usage error (typer), 3: a bug that escaped every guard,
    # reported in one line rather than a traceback; NEWSLOOM_DEBUG=1 shows the traceback.
    internal_error = 3
    try:
        app()
    except Exception as error:  # noqa: BLE001 - the last guard between a bug and the user
        if os.environ.get("NEWSLOOM_DEBUG"):
            raise
        detail = " ".join(f"{type(error).__name__}: {error}".split())
        sys.stderr.write(
            f"newsloom: internal error, stopped: {detail} (NEWSLOOM_DEBUG=1 shows where)\n"
        )
        raise SystemExit(internal_error) from None


if __name__ == "__main__":  # `python -m newsloom.cli.app` runs as `newsloom` does
    main()
