"""The ingest progress bar: a total, a rate and the time left when the input count is known."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Inputs read per second, once rich has timed a few."""

    def render(self, task: Task) -> Text:
        """The task's rate, or a placeholder before the first step is timed."""
        speed = task.finished_speed or task.speed
        return Text("?/s" if speed is None else f"{speed:.1f}/s")


def ingest_progress(total: int | None, console: Console, *, disable: bool) -> Progress:
    """A progress display for `total` inputs (None: unknown, a count and a rate only)."""
    counted = "{task.completed}/{task.total} inputs" if total else "{task.completed} inputs"
    columns: list[ProgressColumn] = [
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn(counted),
        RateColumn(),
        TimeElapsedColumn(),
    ]
    if total:
        columns.append(TimeRemainingColumn())
    return Progress(*columns, console=console, disable=disable, transient=True)
