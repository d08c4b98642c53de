"""Per-article readings kept for briefs (`newsloom.brief.readings`): one row per article.

The store keeps them as opaque blobs tagged with the version of the code that made them; what
they hold is the brief's business. A reading of another version is never returned.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from newsloom.store.chunks import rows_in

if TYPE_CHECKING:  # the store writes readings through this module: no import cycle at run time
    from newsloom.store.sqlite import Store

__all__ = ["articles_without_readings", "load_readings", "save_readings", "write_readings"]


def write_readings(conn: sqlite3.Connection, article_id: int, version: str, blob: bytes) -> None:
    """Keep an article's readings (inside the caller's transaction), replacing any before."""
    conn.execute(
        "INSERT OR REPLACE INTO article_readings(article_id, version, readings) VALUES (?,?,?)",
        (article_id, version, blob),
    )


def save_readings(store: Store, version: str, readings: Mapping[int, bytes]) -> None:
    """Keep several articles' readings in one write transaction."""
    if not readings:
        return
    with store.write() as conn:
        # An article deleted since it was read keeps no readings.
        live = {
            int(r[0])
            for r in rows_in(conn, "SELECT id FROM articles WHERE id IN ({marks})", list(readings))
        }
        for article_id, blob in readings.items():
            if article_id in live:
                write_readings(conn, article_id, version, blob)


def load_readings(store: Store, version: str, article_ids: Sequence[int]) -> dict[int, bytes]:
    """The kept readings of these articles that this version made."""
    return {
        int(r[0]): r[2]
        for r in rows_in(
            store.conn,
            "SELECT article_id, version, readings FROM article_readings "
            "WHERE article_id IN ({marks})",
            list(article_ids),
        )
        if r[1] == version
    }


def articles_without_readings(store: Store, version: str) -> list[int]:
    """The analysed articles with no readings made by this version, in id order."""
    rows = store.query(
        """SELECT n.article_id FROM analyses n
           LEFT JOIN article_readings r ON r.article_id = n.article_id AND r.version = ?
           WHERE r.article_id IS NULL ORDER BY n.article_id""",
        (version,),
    )
    return [int(r[0]) for r in rows]
