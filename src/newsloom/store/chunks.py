"""Queries over many keys: one `IN (...)` list per chunk of keys, within SQLite's limits."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

# Values per IN (...) list (key lookups, deletes): far below SQLite's bound-parameter limit.
IN_CHUNK = 500
# Where a query given to `rows_in` takes its list of placeholders.
MARKS = "{marks}"


def rows_in(conn: sqlite3.Connection, sql: str, values: Sequence[Any]) -> Iterator[sqlite3.Row]:
    """The rows of sql for all these values, IN_CHUNK at a time: sql holds `IN ({marks})`,
    which each chunk's placeholders replace."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = list(values[start : start + IN_CHUNK])
        yield from conn.execute(sql.replace(MARKS, ",".join("?" * len(chunk))), chunk)
