"""`newsloom export`: articles, stories, entities, events or claims as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, fields
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import typer

from newsloom.cli.common import (
    DbOption,
    err_console,
    fail,
    flag_option,
    markup_safe,
    open_output,
    open_store,
)
from newsloom.errors import NewsloomError
from newsloom.store.sqlite import Store


class ExportWhat(StrEnum):
    """What `newsloom export` writes."""

    articles = "articles"
    stories = "stories"
    entities = "entities"
    events = "events"
    claims = "claims"


# The noun for a single exported row of each kind ("wrote 1 story").
_ONE = {
    "articles": "article",
    "stories": "story",
    "entities": "entity",
    "events": "event",
    "claims": "claim",
}


class ExportFormat(StrEnum):
    """The file formats `newsloom export` writes."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


# Output file suffixes that name an export format.
EXPORT_SUFFIXES = {
    ".jsonl": ExportFormat.jsonl,
    ".csv": ExportFormat.csv,
    ".parquet": ExportFormat.parquet,
}
PARQUET_MISSING = "Parquet export needs pyarrow: install newsloom[parquet]"


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row for a flat format: lists and objects as JSON strings (documented in the README)."""
    return {
        k: json.dumps(v, ensure_ascii=False, default=str)
        if isinstance(v, (list, tuple, dict))
        else v
        for k, v in row.items()
    }


def write_rows(
    rows: Iterable[dict[str, Any]],
    fmt: ExportFormat,
    out: IO[Any],
    columns: Iterable[str] = (),
) -> int:
    """Write the rows as JSONL or CSV to a text stream; the number written. A CSV takes its
    header from the first row; with no row, from `columns` (an empty table, not an empty file)."""
    count = 0
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if fmt is ExportFormat.jsonl:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        else:
            flat = _flat(row)
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)
        count += 1
    if fmt is ExportFormat.csv and writer is None and columns:
        csv.DictWriter(out, fieldnames=list(columns)).writeheader()
    return count


def parquet_module() -> Any:
    """pyarrow.parquet, or a NewsloomError naming the extra that installs it."""
    try:
        import pyarrow.parquet
    except ImportError as exc:
        raise NewsloomError(PARQUET_MISSING) from exc
    return pyarrow.parquet


def write_parquet(
    rows: Iterable[dict[str, Any]], out: IO[bytes], columns: Iterable[str] = ()
) -> int:
    """Write the rows as one Parquet table (lists and objects as JSON strings); the count.
    With no row, the table still has `columns` (empty, of null type, as a column is when
    every row leaves it empty)."""
    parquet = parquet_module()
    import pyarrow

    flat = [_flat(row) for row in rows]
    if flat:
        table = pyarrow.Table.from_pylist(flat)
    else:
        table = pyarrow.table({name: pyarrow.nulls(0) for name in columns})
    parquet.write_table(table, out)
    return len(flat)


def export_format(given: ExportFormat | None, as_json: bool, output: Path | None) -> ExportFormat:
    """The export format: --format or --json, else the output file's suffix, else JSONL."""
    if as_json:
        if given not in (None, ExportFormat.jsonl):
            fail(f"--json and --format {given} disagree: give one of them")
        given = ExportFormat.jsonl
    implied = EXPORT_SUFFIXES.get(output.suffix.lower()) if output else None
    if given and implied and given is not implied:
        fail(f"--format {given.value} disagrees with the output file {output}: give one of them")
    return given or implied or ExportFormat.jsonl


def _claims(store: Store) -> Iterator[dict[str, Any]]:
    """Every story's fused claims, largest story first (each story's claims are derived now)."""
    from newsloom.analyze.embed import load_embedder
    from newsloom.brief.report import story_claims
    from newsloom.store.stories import list_stories

    embedder = load_embedder()
    for story in list_stories(store):
        for claim in story_claims(store, story.id, embedder):
            row = asdict(claim)
            yield {
                "story_id": story.id,
                "claim_id": row.pop("id"),
                **row,
                "article_ids": sorted({e.article_id for e in claim.support}),
            }


def _events(store: Store) -> Iterator[dict[str, Any]]:
    from newsloom.store.events import list_events

    for event in list_events(store):
        yield event.as_dict()


def export_columns(what: ExportWhat) -> tuple[str, ...]:
    """The columns of an export's rows, known without a row (for an empty store's CSV)."""
    from newsloom.store import stories
    from newsloom.store.events import StoredEvent

    if what is ExportWhat.articles:
        return stories.ARTICLE_EXPORT_COLUMNS
    if what is ExportWhat.stories:
        return tuple(f.name for f in fields(stories.StorySummary))
    if what is ExportWhat.entities:
        return stories.ENTITY_EXPORT_COLUMNS
    if what is ExportWhat.events:
        return StoredEvent.columns()
    from newsloom.brief.records import Claim

    claim = [f.name for f in fields(Claim) if f.name != "id"]
    return ("story_id", "claim_id", *claim, "article_ids")


def export_rows(store: Store, what: ExportWhat) -> Iterator[dict[str, Any]]:
    """The rows of one export, read from the store (claims are derived from it)."""
    from newsloom.store import stories

    if what is ExportWhat.articles:
        return stories.export_articles(store)
    if what is ExportWhat.stories:
        return stories.export_stories(store)
    if what is ExportWhat.entities:
        return stories.export_entities(store)
    if what is ExportWhat.events:
        return _events(store)
    return _claims(store)


def export_command(
    what: ExportWhat = typer.Argument(..., help="articles, stories, entities, events or claims"),
    fmt: ExportFormat | None = typer.Option(
        None,
        "--format",
        help="jsonl, csv or parquet (default: the -o file's suffix, else jsonl).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write here instead of stdout (Parquet needs a file)."
    ),
    db: Path | None = DbOption,
    as_json: bool = flag_option("--json", "Same as --format jsonl."),
) -> None:
    """Export stored articles, stories, entities, events or claims as JSONL, CSV or Parquet."""
    chosen = export_format(fmt, as_json, output)
    if chosen is ExportFormat.parquet:
        if output is None:
            fail("Parquet is written to a file: give -o FILE.parquet")
        try:
            parquet_module()
        except NewsloomError as exc:
            fail(exc)
    with open_store(db) as store:
        rows = export_rows(store, what)
        columns = export_columns(what)
        if output is None:
            write_rows(rows, chosen, sys.stdout, columns)
            return
        if chosen is ExportFormat.parquet:
            with open_output(output, binary=True) as fh:
                n = write_parquet(rows, fh, columns)
        else:
            with open_output(output) as fh:
                n = write_rows(rows, chosen, fh, columns)
        err_console.print(
            f"wrote {n} {what.value if n != 1 else _ONE[what.value]}"
            f" to {markup_safe(output)} ({chosen.value})",
            highlight=False,
        )
