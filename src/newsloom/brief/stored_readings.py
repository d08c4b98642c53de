"""Per-article readings as a brief finds them in the store: taken when kept, else read (and kept).

`newsloom.brief.readings` says what a reading is; this module moves readings between the store
and the brief: `article_readings` for one story's members, `fill_readings` for every analysed
article of a store that lacks readings of the current code (`newsloom recluster` runs it).
"""

from __future__ import annotations

from collections.abc import Sequence

from newsloom.brief.readings import (
    ArticleReadings,
    decode_readings,
    encode_readings,
    read_article,
    readings_version,
)
from newsloom.model import StoryMember
from newsloom.store.read import load_members
from newsloom.store.readings import articles_without_readings, load_readings, save_readings
from newsloom.store.sqlite import Store

__all__ = ["FILL_BATCH", "article_readings", "fill_readings"]

# Articles loaded, read and written per transaction when a whole store is filled: a batch's
# members and readings stay a few megabytes, and a stopped fill keeps what it wrote.
FILL_BATCH = 200


def article_readings(store: Store, members: Sequence[StoryMember]) -> dict[int, ArticleReadings]:
    """The members' kept readings made by this code, by article id; on a writable store the
    others are read now and kept for the next brief. On a read-only one they are left out:
    fusion and the summary read those articles on the fly, as they always did."""
    version = readings_version()
    kept = load_readings(store, version, [m.article_id for m in members])
    found: dict[int, ArticleReadings] = {}
    for m in members:
        blob = kept.get(m.article_id)
        decoded = decode_readings(blob, m.article, m.analysis) if blob is not None else None
        if decoded is not None:
            found[m.article_id] = decoded
    missing = [m for m in members if m.article_id not in found]
    if missing and not store.readonly:
        fresh = {m.article_id: read_article(m.article, m.analysis) for m in missing}
        save_readings(store, version, {aid: encode_readings(r) for aid, r in fresh.items()})
        found.update(fresh)
    return found


def fill_readings(store: Store, batch: int = FILL_BATCH) -> int:
    """Read and keep the readings of every analysed article that has none made by this code
    (a store from before readings were kept, or kept by other code); how many were read."""
    version = readings_version()
    missing = articles_without_readings(store, version)
    for start in range(0, len(missing), batch):
        members = load_members(store, missing[start : start + batch])
        save_readings(
            store,
            version,
            {m.article_id: encode_readings(read_article(m.article, m.analysis)) for m in members},
        )
    return len(missing)
