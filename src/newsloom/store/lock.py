"""One writer run at a time per store: an advisory lock file beside the database."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# Appended to the store's path to name its lock file.
LOCK_SUFFIX = ".lock"


def lock_path(db_path: str) -> Path | None:
    """The lock file of the store at db_path (None for an in-memory store)."""
    if not db_path or db_path == ":memory:":
        return None
    return Path(db_path + LOCK_SUFFIX)


@contextmanager
def writer_lock(db_path: str, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's writer lock for the body, waiting (after calling on_wait with a message)
    while another run holds it.

    A whole ingest or delete runs under it: each rebuilds in-memory state from the store at its
    start and writes story ids from that state, so two at once would collide. The lock is the
    kernel's (flock), so a killed holder releases it; the file itself is left in place, since
    removing it would let two runs lock two different files.
    """
    path = lock_path(db_path)
    if path is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"waiting for another newsloom run writing to {db_path} to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
