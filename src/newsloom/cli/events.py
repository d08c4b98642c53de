"""`newsloom events` and `newsloom relations`: thin commands over stored events."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import typer
from rich.table import Table

from newsloom.brief import event_filters
from newsloom.brief.event_filters import DATE_FORMATS
from newsloom.brief.relations import RelationSeries
from newsloom.cli.common import (
    DbOption,
    PlainJsonOption,
    check_output,
    console,
    err_console,
    fail,
    open_output,
    open_store,
    plain,
    print_json,
)
from newsloom.cli.tables import print_table
from newsloom.errors import NewsloomError
from newsloom.model import Actor
from newsloom.store.events import (
    GDELT_COLUMNS,
    gdelt_rows,
    list_events,
)
from newsloom.store.sqlite import Store

EVENT_FORMATS = ("table", "csv", "gdelt")
# What the table and CSV show for an event with no date of its own (JSON has null).
UNDATED = "undated"


def check_date(value: str | None, option: str, *, weeks: bool = False) -> str | None:
    """A date filter as given, when it is a real year, month or day; else a usage error."""
    try:
        return event_filters.check_date(value, option, weeks=weeks)
    except NewsloomError as exc:
        fail(exc)


def resolve_actor(store: Store, value: str) -> str:
    """The ISO-3 code an actor argument names: a code, a country name or alias, or a demonym."""
    try:
        return event_filters.resolve_actor(store, value)
    except NewsloomError as exc:
        fail(exc)


def check_event_type(store: Store, value: str) -> str:
    """A PLOVER type given to --type, upper-cased; a type the ontology lacks is a usage error."""
    try:
        return event_filters.check_event_type(store, value)
    except NewsloomError as exc:
        fail(exc)


def events_command(
    actor: str | None = typer.Option(
        None, "--actor", help="Source or target country: ISO-3 code (IRN) or name (Iran)."
    ),
    event_type: str | None = typer.Option(
        None,
        "--type",
        help="PLOVER type, e.g. ASSAULT, CONSULT (a wrong one lists them).",
    ),
    since: str | None = typer.Option(
        None, help=f"Earliest date ({DATE_FORMATS}); undated events are then left out."
    ),
    until: str | None = typer.Option(None, help=f"Latest date ({DATE_FORMATS})."),
    min_confidence: float | None = typer.Option(
        None,
        "--min-confidence",
        help="Only events the coder is at least this confident of (0 to 1; see docs/events.md).",
    ),
    fmt: str = typer.Option(
        "table", "--format", help="table, csv or gdelt (tab-separated, GDELT-style)."
    ),
    db: Path | None = DbOption,
    as_json: bool = PlainJsonOption,
) -> None:
    """List stored events: who did what to whom, PLOVER-coded, with scores and evidence."""
    if fmt not in EVENT_FORMATS:
        fail(f"unknown format {fmt!r}: use {', '.join(EVENT_FORMATS)}")
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        fail(f"--min-confidence must be between 0 and 1, not {min_confidence}")
    check_date(since, "--since")
    check_date(until, "--until")
    with open_store(db) as store:
        code = resolve_actor(store, actor) if actor else None
        kind = check_event_type(store, event_type) if event_type else None
        found = list_events(
            store,
            actor=code,
            event_type=kind,
            since=since,
            until=until,
            min_confidence=min_confidence,
        )
    if as_json:
        print_json([e.as_dict() for e in found])
    elif fmt == "gdelt":
        writer = csv.DictWriter(
            sys.stdout, fieldnames=list(GDELT_COLUMNS), delimiter="\t", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(gdelt_rows(found))
    elif fmt == "csv":
        rows = csv.writer(sys.stdout, lineterminator="\n")
        rows.writerow(
            [
                "event_id",
                "date",
                "date_basis",
                "source",
                "type",
                "target",
                "status",
                "score",
                "quad_class",
                "article_id",
                "story_id",
                "outlet",
                "evidence",
                "published",
            ]
        )
        for e in found:
            ev = e.event
            rows.writerow(
                [
                    e.event_id,
                    e.when or UNDATED,
                    ev.date_basis or "",
                    ev.source.code if ev.source else "",
                    ev.type,
                    ev.target.code if ev.target else "",
                    ev.status,
                    ev.score,
                    ev.quad_class,
                    e.article_id,
                    e.story_id,
                    e.outlet,
                    ev.text,
                    e.published or "",
                ]
            )
    else:
        table = Table(title=f"events ({len(found)})")
        for col in ("date", "source", "type", "target", "status", "score", "story", "evidence"):
            table.add_column(col, overflow="fold")
        for e in found:
            ev = e.event
            table.add_row(
                plain(e.when or _undated(ev.date_basis)),
                plain(_side(ev.source)),
                f"{ev.type}" + (f"/{ev.mode}" if ev.mode else ""),
                plain(_side(ev.target)),
                ev.status,
                f"{ev.score:+.1f}",
                str(e.story_id or ""),
                plain(_clipped(ev.text, EVIDENCE_CHARS)),
            )
        print_table(table, console)


# The evidence a row of the terminal table shows; `--json` has the whole sentence.
EVIDENCE_CHARS = 160


def _undated(basis: str | None) -> str:
    """The date cell of an event with no date of its own: why, where the coder said."""
    return f"{UNDATED} ({basis})" if basis and basis != UNDATED else UNDATED


def _side(actor: Actor | None) -> str:
    """An event side as a table cell: canonical name, country and sector codes, or "-"."""
    if not actor:
        return "-"
    codes = " ".join(c for c in (actor.code or "-", actor.sector) if c)
    return f"{actor.canonical} ({codes})"


def _clipped(text: str, limit: int) -> str:
    """The text whole when it fits, else cut at the last word boundary before limit, with an
    ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def relations_command(
    a: str = typer.Argument(..., help="First actor: ISO-3 code (IRN) or country name (Iran)."),
    b: str = typer.Argument(..., help="Second actor: ISO-3 code (PAK) or country name (Pakistan)."),
    by: str = typer.Option("month", "--by", help="month or week."),
    since: str | None = typer.Option(None, help="Earliest period (YYYY-MM, YYYY-MM-DD, YYYY-Www)."),
    until: str | None = typer.Option(None, help="Latest period (YYYY-MM, YYYY-MM-DD, YYYY-Www)."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write a chart here (.png, .svg or .pdf)."
    ),
    db: Path | None = DbOption,
    as_json: bool = PlainJsonOption,
) -> None:
    """How two actors' relations move between cooperation and conflict over time, both ways."""
    from newsloom.brief.relations import PERIODS, chart_bytes, chart_format, relation_series

    if by not in PERIODS:
        fail(f"unknown period {by!r}: use {' or '.join(PERIODS)}")
    check_date(since, "--since", weeks=True)
    check_date(until, "--until", weeks=True)
    if plot:
        try:
            chart = chart_format(plot)
        except NewsloomError as exc:
            fail(exc)
        check_output(plot)
    with open_store(db) as store:
        code_a, code_b = resolve_actor(store, a), resolve_actor(store, b)
        found = list_events(store, actor=code_a)
    series = relation_series(
        ((e.event, e.article_id) for e in found),
        code_a,
        code_b,
        by=by,
        since=since,
        until=until,
    )
    if plot:
        try:
            data = chart_bytes(series, chart)
        except NewsloomError as exc:
            fail(exc)
        with open_output(plot, binary=True) as fh:
            fh.write(data)
        err_console.print(f"chart written to {plot}", highlight=False)
    if as_json:
        print_json(series.as_dict())
    else:
        _print_relations(series)


def _print_relations(series: RelationSeries) -> None:
    """The series as a table, or a line saying there is none, then what was left out."""
    if not series.points:
        console.print(
            plain(f"no dated events between {series.a} and {series.b}: nothing to tabulate")
        )
    else:
        table = Table(title=plain(f"relations {series.a} ↔ {series.b} by {series.by}"))
        for col in (
            "period",
            "direction",
            "verbal coop",
            "material coop",
            "verbal conflict",
            "material conflict",
            "mean score",
            "events",
        ):
            table.add_column(col, overflow="fold")
        for p in series.points:
            c = p.counts
            table.add_row(
                p.period,
                plain(f"{p.source} → {p.target}"),
                str(c.get("verbal cooperation", 0)),
                str(c.get("material cooperation", 0)),
                str(c.get("verbal conflict", 0)),
                str(c.get("material conflict", 0)),
                f"{p.mean_score:+.1f}",
                plain("; ".join(sorted({f"{e.type} ({e.status})" for e in p.events}))),
            )
        print_table(table, console)
    note = series.left_out()
    if note:
        console.print(plain(f"{note} (see --json)."))
