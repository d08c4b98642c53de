"""`newsloom events` and `newsloom relations`: thin commands over stored events."""

from __future__ import annotations

import csv
import re
import sys
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

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
    stored_actor_codes,
    stored_event_types,
)
from newsloom.store.sqlite import Store

EVENT_FORMATS = ("table", "csv", "gdelt")
# What the table and CSV show for an event with no date of its own (JSON has null).
UNDATED = "undated"
# Gazetteer kinds that name a country itself: a city or region ("Tehran") is not its country.
COUNTRY_NAME_KINDS = frozenset({"country", "alias", "demonym"})
# Date filters: a year, a month or a day; relations also take an ISO week.
DATE_FORMATS = "YYYY, YYYY-MM or YYYY-MM-DD"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_WEEK = re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])")
# How many of a store's codes an unknown-actor error lists before it says "…".
CODES_SHOWN = 40


def check_date(value: str | None, option: str, *, weeks: bool = False) -> str | None:
    """A date filter as given, when it is a real year, month or day; else a usage error."""
    if value is None:
        return None
    found = _DATE.fullmatch(value)
    valid = found is not None
    if found and found.group(3):
        try:
            date.fromisoformat(value)
        except ValueError:
            valid = False
    elif found and found.group(2):
        valid = 1 <= int(found.group(2)) <= 12
    if not valid and not (weeks and _WEEK.fullmatch(value)):
        accepted = DATE_FORMATS + (" or YYYY-Www" if weeks else "")
        fail(f"{option} {value!r} is not a valid date: use {accepted}")
    return value


def resolve_actor(store: Store, value: str) -> str:
    """The ISO-3 code an actor argument names: a code, a country name or alias, or a demonym."""
    code = value.strip().upper()
    known = stored_actor_codes(store)
    if code in known:
        return code
    import pycountry

    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    # The gazetteer takes seconds to load: only a name that is no code pays for it.
    from newsloom.analyze.entities.gazetteer import Gazetteer

    place = Gazetteer.load().lookup(value)
    if place is not None and place.kind in COUNTRY_NAME_KINDS:
        return place.country
    shown = ", ".join(known[:CODES_SHOWN]) + (", …" if len(known) > CODES_SHOWN else "")
    fail(
        f"unknown actor {value!r}: give an ISO 3166 alpha-3 code (e.g. IRN) or a country name "
        f"(e.g. Iran); codes with events in this store: {shown or 'none'}"
    )


def check_event_type(store: Store, value: str) -> str:
    """A PLOVER type given to --type, upper-cased; a type the ontology lacks is a usage error."""
    wanted = value.strip().upper()
    stored = stored_event_types(store)
    if wanted in stored:
        return wanted
    from newsloom.analyze.events.ontology import EventOntology

    valid = sorted(set(EventOntology.load().types) | set(stored))
    if wanted not in valid:
        fail(f"unknown event type {value!r}: use one of {', '.join(valid)}")
    return wanted


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
    fmt: str = typer.Option(
        "table", "--format", help="table, csv or gdelt (tab-separated, GDELT-style)."
    ),
    db: Path | None = DbOption,
    as_json: bool = PlainJsonOption,
) -> None:
    """List stored events: who did what to whom, PLOVER-coded, with scores and evidence."""
    if fmt not in EVENT_FORMATS:
        fail(f"unknown format {fmt!r}: use {', '.join(EVENT_FORMATS)}")
    check_date(since, "--since")
    check_date(until, "--until")
    with open_store(db) as store:
        code = resolve_actor(store, actor) if actor else None
        kind = check_event_type(store, event_type) if event_type else None
        found = list_events(store, actor=code, event_type=kind, since=since, until=until)
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
                "published",
            ]
        )
        for e in found:
            ev = e.event
            rows.writerow(
                [
                    e.event_id,
                    e.when or UNDATED,
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
                plain(e.when or UNDATED),
                plain(_side(ev.source)),
                f"{ev.type}" + (f"/{ev.mode}" if ev.mode else ""),
                plain(_side(ev.target)),
                ev.status,
                f"{ev.score:+.1f}",
                str(e.story_id or ""),
                plain(ev.text[:160]),
            )
        print_table(table, console)


def _side(actor: Actor | None) -> str:
    """An event side as a table cell: canonical name, country and sector codes, or "-"."""
    if not actor:
        return "-"
    return f"{actor.canonical} ({actor.code or '-'} {actor.sector or ''})".strip()


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
        ((e.event, str(e.article_id)) for e in found),
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
