"""Where an outlet prints a line: the reads behind telling its house lines from its news."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsloom.store.sqlite import Store

__all__ = ["OutletLineHit", "outlet_line_hits"]

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class OutletLineHit:
    """An original article of the outlet whose text holds the words of a line, in order."""

    article_id: int
    story_id: int | None
    text: str


def outlet_line_hits(store: Store, outlet: str, line: str, limit: int) -> list[OutletLineHit]:
    """At most `limit` analysed originals of `outlet` whose text holds the line's words as a
    phrase (FTS5: case, punctuation and word endings aside; the caller checks the line)."""
    words = _WORD.findall(line)
    if not words:
        return []
    phrase = 'text : "' + " ".join(words) + '"'
    rows = store.query(
        """SELECT a.id, a.story_id, a.text FROM articles_fts f JOIN articles a ON a.id = f.rowid
           WHERE articles_fts MATCH ? AND a.outlet = ? AND a.copy_of IS NULL LIMIT ?""",
        (phrase, outlet, limit),
    )
    return [OutletLineHit(int(r["id"]), r["story_id"], str(r["text"])) for r in rows]
