"""Pieces every newsloom command module uses: consoles, common options, JSON output, error exits."""

from __future__ import annotations

import errno
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from newsloom.errors import NewsloomError, loses_input
from newsloom.model import Skipped
from newsloom.store.sqlite import Store, default_db_path

# Rich resolves stdout/stderr when it prints, so one pair serves every command (and test runners).
console = Console()
err_console = Console(stderr=True)

DbOption = typer.Option(
    None, "--db", help="SQLite store path (default: $NEWSLOOM_DB or ./newsloom.db)."
)
# The largest integer SQLite stores (signed 64 bits): a larger id or limit cannot be looked up.
SQLITE_MAX_INT = 2**63 - 1
# typer's help prints a flag's type as "<bool>", as if it took a value ("--json true" fails): an
# empty metavar shows a flag as the bare switch it is.
FLAG_METAVAR = ""


def _plain_flags(params: list[Any]) -> list[Any]:
    """The params with every on/off flag shown as a bare switch (typer prints `--help <bool>`)."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = FLAG_METAVAR
    return params


class PlainFlagsCommand(TyperCommand):
    """A command whose flags (--help included) read as bare switches in --help."""

    def get_params(self, ctx: Any) -> Any:
        """The command's params, flags shown without a value."""
        return _plain_flags(super().get_params(ctx))


class PlainFlagsGroup(TyperGroup):
    """A command group whose flags (--help, completion) read as bare switches in --help."""

    def get_params(self, ctx: Any) -> Any:
        """The group's params, flags shown without a value."""
        return _plain_flags(super().get_params(ctx))


class Typer(typer.Typer):
    """typer.Typer whose groups and commands show flags without a value in --help."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cls=PlainFlagsGroup, **kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Any:
        """Register a command (see typer.Typer.command) built as a PlainFlagsCommand."""
        kwargs.setdefault("cls", PlainFlagsCommand)
        return super().command(name, **kwargs)


def flag_option(name: str, help_text: str) -> Any:
    """A boolean option that is a plain switch (`--json`), shown as one in --help."""
    return typer.Option(False, name, metavar=FLAG_METAVAR, help=help_text)


def _check_limit(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= SQLITE_MAX_INT:
        raise typer.BadParameter(f"{value} is not a count from 1 to {SQLITE_MAX_INT}")
    return value


def _check_id(value: int) -> int:
    if value > SQLITE_MAX_INT:
        raise typer.BadParameter(f"{value} is larger than any stored id ({SQLITE_MAX_INT})")
    return value


# The bounds are checked by callbacks rather than typer's min/max, which would print the range
# ("[1<=x<=9223372036854775807]") beside every limit and id in --help.
def limit_option(default: int | None, help_text: str) -> Any:
    """A `--limit`: a positive count SQLite can hold; anything else is a usage error (exit 2)."""
    return typer.Option(
        default, "--limit", metavar="<count>", callback=_check_limit, help=help_text
    )


def id_argument(help_text: str) -> Any:
    """A stored row id argument: no larger than SQLite's integers (a usage error, exit 2)."""
    return typer.Argument(..., callback=_check_id, help=help_text)


# Commands whose default output is a table say so; the others just offer JSON.
JsonOption = flag_option("--json", "Print JSON instead of a table.")
PlainJsonOption = flag_option("--json", "Print JSON.")


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


def skip_line(skipped: Skipped) -> str:
    """A skip record as one line of rich markup: "skipped" when its input was not stored,
    "warning" when the article was kept and only a field or its extraction was lost."""
    label = "[yellow]skipped[/yellow]" if loses_input(skipped) else "[cyan]warning[/cyan]"
    return f"{label} {markup_safe(skipped.origin)}: {skipped.code} {markup_safe(skipped.message)}"


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


def existing_store(db: Path | None) -> Store:
    """The store opened for a command that changes it (delete, recluster): it must exist."""
    path = db_path(db)
    if not Path(path).exists():
        fail(NewsloomError(f"no store at {path}: run `newsloom ingest` first"))
    return Store(path)


def say_waiting(message: str) -> None:
    """Tell, on stderr, that the command waits for another writer."""
    err_console.print(markup_safe(message), highlight=False)


def check_output(path: Path) -> Path:
    """An output file path a command may write: its folder exists, it is no folder, no symlink."""
    if path.is_symlink():
        # Writing would overwrite whatever the link points at, perhaps far from here.
        fail(
            f"{path} is a symbolic link: give a plain file path (newsloom never writes through one)"
        )
    if path.is_dir():
        fail(f"{path} is a directory: give a file path")
    parent = path.parent
    if not parent.is_dir():
        fail(f"the folder {parent} does not exist (or is not a folder): create it first")
    return path


@contextmanager
def open_output(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """The checked output file opened for writing (UTF-8 text or bytes), never through a symlink."""
    check_output(path)
    # O_NOFOLLOW: a link put in place between the check and the open is refused, not followed.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            fail(f"{path} is a symbolic link: give a plain file path")
        fail(f"cannot write {path}: {exc.strerror}")
    if binary:
        with os.fdopen(fd, "wb") as fh:
            yield fh
    else:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
