"""`newsloom events` and `newsloom relations`: thin commands over stored events."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import typer
from rich.table import Table

from newsloom.cli.common import (
    DbOption,
    PlainJsonOption,
    console,
    db_path,
    err_console,
    fail,
    open_store,
    plain,
    print_json,
)
from newsloom.errors import NewsloomError
from newsloom.model import Actor
from newsloom.store.events import GDELT_COLUMNS, gdelt_rows, list_events
from newsloom.store.sqlite import Store


def events_command(
    actor: str | None = typer.Option(
        None, "--actor", help="ISO 3166 alpha-3 code of source or target."
    ),
    event_type: str | None = typer.Option(
        None, "--type", help="PLOVER type, e.g. ASSAULT, CONSULT."
    ),
    since: str | None = typer.Option(None, help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: str | None = typer.Option(None, help="Latest date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    fmt: str = typer.Option(
        "table", "--format", help="table, csv or gdelt (tab-separated, GDELT-style)."
    ),
    db: Path | None = DbOption,
    as_json: bool = PlainJsonOption,
) -> None:
    """List stored events: who did what to whom, PLOVER-coded, with scores and evidence."""
    if fmt not in {"table", "csv", "gdelt"}:
        fail(f"unknown format {fmt!r}: use table, csv or gdelt")
    with open_store(db) as store:
        found = list_events(store, actor=actor, event_type=event_type, since=since, until=until)
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
            ]
        )
        for e in found:
            ev = e.event
            rows.writerow(
                [
                    e.event_id,
                    e.when,
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
                ]
            )
    else:
        table = Table(title=f"events ({len(found)})")
        for col in ("date", "source", "type", "target", "status", "score", "story", "evidence"):
            table.add_column(col, overflow="fold")
        for e in found:
            ev = e.event
            table.add_row(
                plain(e.when or "?"),
                plain(_side(ev.source)),
                f"{ev.type}" + (f"/{ev.mode}" if ev.mode else ""),
                plain(_side(ev.target)),
                ev.status,
                f"{ev.score:+.1f}",
                str(e.story_id or ""),
                plain(ev.text[:160]),
            )
        console.print(table)


def _side(actor: Actor | None) -> str:
    """An event side as a table cell: canonical name, country and sector codes, or "-"."""
    if not actor:
        return "-"
    return f"{actor.canonical} ({actor.code or '-'} {actor.sector or ''})".strip()


def relations_command(
    a: str = typer.Argument(..., help="ISO-3 code of the first actor, e.g. IRN."),
    b: str = typer.Argument(..., help="ISO-3 code of the second actor, e.g. PAK."),
    by: str = typer.Option("month", "--by", help="month or week."),
    since: str | None = typer.Option(None, help="Earliest period (YYYY-MM or YYYY-MM-DD)."),
    until: str | None = typer.Option(None, help="Latest period (YYYY-MM or YYYY-MM-DD)."),
    plot: Path | None = typer.Option(None, "--plot", help="Write a chart here (.png or .svg)."),
    db: Path | None = DbOption,
    as_json: bool = PlainJsonOption,
) -> None:
    """How two actors' relations move between cooperation and conflict over time, both ways."""
    from newsloom.brief.relations import plot_relations, relation_series

    try:
        with Store(db_path(db), readonly=True) as store:
            found = list_events(store, actor=a)
        series = relation_series(
            ((e.event, str(e.article_id)) for e in found), a, b, by=by, since=since, until=until
        )
    except (NewsloomError, ValueError) as exc:
        fail(exc)
    if plot:
        try:
            plot_relations(series, plot)
        except NewsloomError as exc:
            fail(exc)
        err_console.print(f"chart written to {plot}")
    if as_json:
        print_json(series.as_dict())
        return
    table = Table(title=f"relations {series.a} ↔ {series.b} by {by}")
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
    console.print(table)
    if series.undated:
        console.print(
            f"{len(series.undated)} undated events between them are not in the series (see --json)."
        )
