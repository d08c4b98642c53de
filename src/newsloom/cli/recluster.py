"""`newsloom recluster`: re-place a store's articles with the current story scorer."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table

from newsloom.cli.common import (
    DbOption,
    PlainJsonOption,
    console,
    existing_store,
    fail,
    print_json,
    say_waiting,
)
from newsloom.errors import NewsloomError
from newsloom.store.lock import writer_lock


def recluster_command(db: Path | None = DbOption, as_json: bool = PlainJsonOption) -> None:
    """Re-place every stored article with the current scorer; surviving stories keep their ids."""
    from newsloom.ingest.recluster import recluster

    try:
        with existing_store(db) as store, writer_lock(store.path, say_waiting):
            report = recluster(store)
    except NewsloomError as exc:
        fail(exc)
    if as_json:
        print_json(report.as_dict())
        return
    table = Table(title="recluster")
    table.add_column("")
    table.add_column("", justify="right")
    for name, value in report.as_dict().items():
        table.add_row(name.replace("_", " "), str(value))
    console.print(table)
