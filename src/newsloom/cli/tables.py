"""Tables that fit the terminal without breaking a word: columns sized by their longest word.

rich squeezes the widest columns of a table too wide for the terminal until the words in them
break mid-word ("escalat" / "ed", "directi" / "on", "2025-11-03T09:0" / "0:00"). Here every
column gets at least its longest word and the spare width goes where the text is longest; a
table whose words cannot all fit side by side is shown as one block of "column: value" lines
per row instead.
"""

from __future__ import annotations

from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

# A "word" longer than this (a URL, a run of symbols) may be folded: giving it its whole width
# would push every other column out of the table.
LONGEST_UNBROKEN_WORD = 30


def _cell_text(cell: RenderableType) -> Text:
    return cell if isinstance(cell, Text) else Text.from_markup(str(cell))


def _measure(console: Console, cells: list[RenderableType]) -> tuple[int, int]:
    """The longest word and the widest line over some cells (capped at the unbroken limit)."""
    shortest, widest = 1, 1
    options = console.options
    for cell in cells:
        found = Measurement.get(console, options, cell)
        shortest = max(shortest, min(found.minimum, LONGEST_UNBROKEN_WORD))
        widest = max(widest, found.maximum)
    return shortest, widest


def _share_out(spare: int, mins: list[int], maxs: list[int]) -> list[int]:
    """Column widths from their minimums, the spare width shared equally until each is whole."""
    widths = list(mins)
    while spare > 0:
        wanting = [i for i, w in enumerate(widths) if w < maxs[i]]
        if not wanting:
            break
        share = max(1, spare // len(wanting))
        for i in wanting:
            given = min(share, maxs[i] - widths[i], spare)
            widths[i] += given
            spare -= given
    return widths


def _as_records(table: Table) -> Table:
    """The table as one two-column block per row: each column's header beside its value."""
    records = Table(title=table.title, show_header=False, title_justify=table.title_justify)
    records.add_column("field", style="bold", no_wrap=True)
    records.add_column("value", overflow="fold")
    columns = table.columns
    rows = [list(column.cells) for column in columns]
    for index in range(table.row_count):
        for position, column in enumerate(columns):
            last = position == len(columns) - 1
            records.add_row(_cell_text(column.header), rows[position][index], end_section=last)
    return records


def fit_table(table: Table, console: Console) -> Table:
    """The table sized for the console's width with no word broken, or its rows as blocks."""
    width = console.width
    columns = table.columns
    if not columns:
        return table
    overhead = table._extra_width + sum(table._get_padding_width(i) for i in range(len(columns)))
    mins: list[int] = []
    maxs: list[int] = []
    for column in columns:
        shortest, widest = _measure(console, [column.header, *column.cells])
        mins.append(shortest)
        maxs.append(max(shortest, widest))
    room = width - overhead
    if sum(mins) > room:
        return _fitted_records(table, console)
    title = len(_cell_text(table.title).plain) if table.title else 0
    widths = _share_out(room - sum(mins), mins, maxs)
    if sum(widths) + overhead < title:
        # A table narrower than its title folds the title mid-word ("corrobor" / "ated (0)").
        widths[-1] += min(title - sum(widths) - overhead, room - sum(widths))
    for column, size in zip(columns, widths, strict=True):
        column.width = size
        column.overflow = "fold"
    return table


def _fitted_records(table: Table, console: Console) -> Table:
    records = _as_records(table)
    field_width = _measure(console, [column.header for column in table.columns])[1]
    records.columns[0].width = field_width
    return records


def print_table(table: Table, console: Console) -> None:
    """Print a table fitted to the console's width (see fit_table)."""
    console.print(fit_table(table, console))
