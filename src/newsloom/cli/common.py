"""Pieces every newsloom command module uses: consoles, common options, JSON output, error exits."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from newsloom.errors import NewsloomError
from newsloom.store.sqlite import Store, default_db_path

# Rich resolves stdout/stderr when it prints, so one pair serves every command (and test runners).
console = Console()
err_console = Console(stderr=True)

DbOption = typer.Option(
    None, "--db", help="SQLite store path (default: $NEWSLOOM_DB or ./newsloom.db)."
)
# Commands whose default output is a table say so; the others just offer JSON.
JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table.")
PlainJsonOption = typer.Option(False, "--json", help="Print JSON.")


def db_path(db: Path | None) -> str:
    """The store path a command was given, else the default one."""
    return str(db) if db else default_db_path()


def json_text(data: Any, *, ascii_only: bool = False) -> str:
    """Indented JSON, newline-terminated; values JSON does not know are written as strings."""
    return json.dumps(data, ensure_ascii=ascii_only, indent=2, default=str) + "\n"


def print_json(data: Any, *, ascii_only: bool = False) -> None:
    """Write `data` to stdout as indented JSON."""
    sys.stdout.write(json_text(data, ascii_only=ascii_only))


# Control characters a stored string could use to drive the terminal (ESC sequences that clear
# the screen or set the window title, bells, backspaces): dropped from everything shown.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value: object) -> Text:
    """Stored or user-given text as a rich cell: never read as markup, control characters gone."""
    return Text(_CONTROL.sub("", str(value)))


def markup_safe(value: object) -> str:
    """Stored or user-given text to place inside rich markup: escaped, control characters gone."""
    return escape(_CONTROL.sub("", str(value)))


def fail(reason: object) -> NoReturn:
    """Print an error line on stderr and leave with exit status 2."""
    # Escaped: rich would read "newsloom[plot]" in a message as markup and drop it.
    err_console.print(f"[red]error:[/red] {markup_safe(reason)}")
    if isinstance(reason, BaseException):
        raise typer.Exit(2) from reason
    raise typer.Exit(2)


@contextmanager
def open_store(db: Path | None) -> Iterator[Store]:
    """The store opened read-only for the body; a NewsloomError inside ends the command (`fail`)."""
    try:
        with Store(db_path(db), readonly=True) as store:
            yield store
    except NewsloomError as exc:
        fail(exc)
