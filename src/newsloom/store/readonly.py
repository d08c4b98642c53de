"""Read-only store connections for servers: every query under a time limit, as datasette does."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsloom.errors import NewsloomError
from newsloom.store.sqlite import Store

# How long one read query may run before it is interrupted: a page is meant to answer in well
# under a second, so a query past this is a runaway (a pathological search), not a slow page.
QUERY_TIME_LIMIT_MS = 1000
# Bytes of the database a reader maps into memory instead of copying page by page into its own
# cache: a reader's connection lives for one request, so its page cache always starts cold
# (a 387-article brief's reads took ~20% less time with the map).
MMAP_BYTES = 256 * 1024 * 1024
# SQLite virtual-machine steps between two looks at the clock: often enough to stop within a
# millisecond or so of the deadline, rarely enough to cost nothing measurable.
PROGRESS_STEPS = 1000


class QueryTimeout(NewsloomError):
    """A read query ran past its time limit and was interrupted."""


@contextmanager
def time_limit(conn: sqlite3.Connection, ms: int) -> Iterator[None]:
    """Interrupt any statement of `conn` still running `ms` milliseconds from now."""
    deadline = time.perf_counter() + ms / 1000

    def past_deadline() -> int:
        return 1 if time.perf_counter() >= deadline else 0

    conn.set_progress_handler(past_deadline, PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise QueryTimeout(f"a query took longer than {ms} ms and was stopped") from exc
        raise
    finally:
        conn.set_progress_handler(None, PROGRESS_STEPS)


class ReadStore(Store):
    """A store opened read-only whose every `query` runs under a time limit (None: no limit)."""

    def __init__(self, path: str | Path, *, query_ms: int | None = QUERY_TIME_LIMIT_MS) -> None:
        super().__init__(path, readonly=True)
        self.conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        self.query_ms = query_ms

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run a read query with bound parameters, interrupted past the time limit."""
        if self.query_ms is None:
            return super().query(sql, params)
        with time_limit(self.conn, self.query_ms):
            return list(self.conn.execute(sql, params))
