"""What fetching remembers: the sources polled and the article URLs fetched (migration 0008)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsloom.store.chunks import rows_in
from newsloom.store.sqlite import KnownArticle, Store


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class TrackedUrl:
    """One article URL as fetched: its validators, its feed entry's fingerprint, failures."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    entry_stamp: str | None = None
    page_failures: int = 0


@dataclass(frozen=True)
class SourceState:
    """One polled source: validators for conditional GET, schedule and run of failures."""

    url: str
    kind: str = "feed"
    last_poll: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error_count: int = 0
    last_error: str | None = None
    next_due: str | None = None  # ISO 8601 UTC; None: due now


def tracked_urls(store: Store, urls: Sequence[str]) -> dict[str, TrackedUrl]:
    """The tracked URLs among these, by URL."""
    found: dict[str, TrackedUrl] = {}
    for r in rows_in(
        store.conn,
        """SELECT url, etag, last_modified, entry_stamp, page_failures FROM article_urls
            WHERE url IN ({marks})""",
        list(dict.fromkeys(urls)),
    ):
        found[str(r["url"])] = TrackedUrl(
            url=str(r["url"]),
            etag=r["etag"],
            last_modified=r["last_modified"],
            entry_stamp=r["entry_stamp"],
            page_failures=int(r["page_failures"]),
        )
    return found


def track_urls(store: Store, rows: Sequence[TrackedUrl]) -> None:
    """Record these URLs as fetched (replacing what was recorded), in one transaction."""
    if not rows:
        return
    now = _now()
    with store.write() as conn:
        conn.executemany(
            """INSERT INTO article_urls(url, etag, last_modified, entry_stamp, page_failures,
                                        fetched_at)
               VALUES (?,?,?,?,?,?)
               ON CONFLICT(url) DO UPDATE SET etag=excluded.etag,
                   last_modified=excluded.last_modified, entry_stamp=excluded.entry_stamp,
                   page_failures=excluded.page_failures, fetched_at=excluded.fetched_at""",
            [(r.url, r.etag, r.last_modified, r.entry_stamp, r.page_failures, now) for r in rows],
        )


def originals_by_url(store: Store, urls: Sequence[str]) -> dict[str, tuple[KnownArticle, str]]:
    """The stored original (not a copy) at each of these URLs, the latest when several, with
    its content hash: the article an updated page updates."""
    found: dict[str, tuple[KnownArticle, str]] = {}
    for r in rows_in(
        store.conn,
        """SELECT id, key, url, outlet, published, story_id, status, content_hash
            FROM articles WHERE url IN ({marks}) AND copy_of IS NULL ORDER BY id""",
        list(dict.fromkeys(urls)),
    ):
        known = KnownArticle(
            id=int(r["id"]),
            key=str(r["key"]),
            outlet=r["outlet"],
            published=r["published"],
            story_id=r["story_id"],
            status=str(r["status"]),
            is_copy=False,
        )
        found[str(r["url"])] = (known, str(r["content_hash"]))
    return found


def add_sources(store: Store, urls: Sequence[str], kind: str = "feed") -> None:
    """Register sources to poll; those already registered keep their state."""
    now = _now()
    with store.write() as conn:
        conn.executemany(
            "INSERT OR IGNORE INTO sources(url, kind, added_at) VALUES (?,?,?)",
            [(url, kind, now) for url in urls],
        )


def source_states(store: Store, urls: Sequence[str]) -> dict[str, SourceState]:
    """The recorded state of each of these sources, by URL."""
    found: dict[str, SourceState] = {}
    for r in rows_in(
        store.conn,
        """SELECT url, kind, last_poll, etag, last_modified, error_count, last_error,
                   next_due FROM sources WHERE url IN ({marks})""",
        list(dict.fromkeys(urls)),
    ):
        found[str(r["url"])] = SourceState(
            url=str(r["url"]),
            kind=str(r["kind"]),
            last_poll=r["last_poll"],
            etag=r["etag"],
            last_modified=r["last_modified"],
            error_count=int(r["error_count"]),
            last_error=r["last_error"],
            next_due=r["next_due"],
        )
    return found


def save_sources(store: Store, states: Sequence[SourceState]) -> None:
    """Record the state of polled sources, in one transaction."""
    if not states:
        return
    now = _now()
    with store.write() as conn:
        conn.executemany(
            """INSERT INTO sources(url, kind, added_at, last_poll, etag, last_modified,
                                   error_count, last_error, next_due)
               VALUES (?,?,?,?,?,?,?,?,?)
               ON CONFLICT(url) DO UPDATE SET kind=excluded.kind, last_poll=excluded.last_poll,
                   etag=excluded.etag, last_modified=excluded.last_modified,
                   error_count=excluded.error_count, last_error=excluded.last_error,
                   next_due=excluded.next_due""",
            [
                (
                    s.url,
                    s.kind,
                    now,
                    s.last_poll,
                    s.etag,
                    s.last_modified,
                    s.error_count,
                    s.last_error,
                    s.next_due,
                )
                for s in states
            ],
        )
