"""Read models over stored events: filtered lists and a GDELT-style export."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from typing import Any

from newsloom.model import Event
from newsloom.store.sqlite import Store, event_from_row

# Quad classes as GDELT numbers them.
GDELT_QUAD = {
    "verbal cooperation": 1,
    "material cooperation": 2,
    "verbal conflict": 3,
    "material conflict": 4,
}
GDELT_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_FullName",
    "DATEADDED",
    "SOURCEURL",
    "PloverType",
    "PloverMode",
    "Status",
)


@dataclass(frozen=True)
class StoredEvent:
    """An event as stored, with the article and story it came from."""

    event_id: int
    article_id: int
    story_id: int | None
    outlet: str | None
    published: str | None
    url: str | None
    event: Event

    @property
    def when(self) -> str | None:
        """The event's own date, None when it has none."""
        # Not the article's publication date: JSON, tables, CSV, GDELT rows, date filters and
        # relations all follow one rule, an event without a date of its own is undated.
        return self.event.date

    @staticmethod
    def columns() -> tuple[str, ...]:
        """The keys of `as_dict`, in order, with no event at hand (an empty CSV's header)."""
        return (
            "event_id",
            "article_id",
            "story_id",
            "outlet",
            "published",
            *(f.name for f in fields(Event)),
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the event's fields plus where it came from)."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "story_id": self.story_id,
            "outlet": self.outlet,
            "published": self.published,
            **asdict(self.event),
        }


_EVENT_SQL = """SELECT e.rowid AS event_id, e.*, a.story_id, a.outlet, a.published, a.url
                FROM events e JOIN articles a ON a.id = e.article_id"""


def _stored_event(r: sqlite3.Row) -> StoredEvent:
    """A stored event row (selected by _EVENT_SQL) as a record."""
    return StoredEvent(
        event_id=int(r["event_id"]),
        article_id=int(r["article_id"]),
        story_id=r["story_id"],
        outlet=r["outlet"],
        published=r["published"],
        url=r["url"],
        event=event_from_row(r),
    )


def events_naming(store: Store, name: str, *, limit: int) -> list[StoredEvent]:
    """At most `limit` events whose source or target has this canonical name, in ingest order."""
    rows = store.query(
        _EVENT_SQL
        + """ WHERE e.source_canonical = ? OR e.target_canonical = ?
                         ORDER BY e.article_id, e.start LIMIT ?""",
        (name, name, limit),
    )
    return [_stored_event(r) for r in rows]


def list_events(
    store: Store,
    *,
    actor: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_confidence: float | None = None,
) -> list[StoredEvent]:
    """Stored events, oldest first (undated last), filtered by actor, type, their own date and
    the coder's confidence."""
    where, params = _event_filters(actor, event_type, since, until)
    if min_confidence is not None:
        where += " AND e.confidence >= ?"
        params.append(min_confidence)
    # COALESCE(date, '9999') puts undated events last, as `first_events` orders them.
    rows = store.query(_EVENT_SQL + where + " ORDER BY COALESCE(e.date, '9999'), e.rowid", params)
    return [_stored_event(r) for r in rows]


def _event_filters(
    actor: str | None, event_type: str | None, since: str | None, until: str | None
) -> tuple[str, list[Any]]:
    """The WHERE clause of list_events and first_events: actor, type and the event's own date
    (an undated event never passes a date filter)."""
    sql = " WHERE 1=1"
    params: list[Any] = []
    if actor:
        sql += " AND (e.source_code = ? OR e.target_code = ?)"
        params += [actor.upper(), actor.upper()]
    if event_type:
        sql += " AND e.type = ?"
        params.append(event_type.upper())
    if since:
        sql += " AND e.date IS NOT NULL AND substr(e.date, 1, ?) >= ?"
        params += [len(since), since]
    if until:
        sql += " AND e.date IS NOT NULL AND substr(e.date, 1, ?) <= ?"
        params += [len(until), until]
    return sql, params


def first_events(
    store: Store,
    *,
    limit: int,
    actor: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[int, list[StoredEvent]]:
    """How many events list_events would return, and its first `limit`, filtered and ordered by
    SQLite instead of in Python: a page of a large store's events without reading them all."""
    where, params = _event_filters(actor, event_type, since, until)
    total = store.query(
        "SELECT COUNT(*) AS n FROM events e JOIN articles a ON a.id = e.article_id" + where,
        params,
    )
    rows = store.query(
        _EVENT_SQL + where + " ORDER BY COALESCE(e.date, '9999'), e.rowid LIMIT ?",
        [*params, limit],
    )
    return int(total[0]["n"]), [_stored_event(r) for r in rows]


def stored_actor_codes(store: Store) -> list[str]:
    """The country codes that occur as an event's source or target in the store, sorted."""
    rows = store.query(
        """SELECT source_code AS code FROM events WHERE source_code IS NOT NULL
           UNION SELECT target_code FROM events WHERE target_code IS NOT NULL"""
    )
    return sorted(str(r["code"]) for r in rows)


def stored_event_types(store: Store) -> list[str]:
    """The PLOVER types of the stored events, sorted."""
    return sorted(str(r["type"]) for r in store.query("SELECT DISTINCT type FROM events"))


def gdelt_rows(events: list[StoredEvent]) -> Iterator[dict[str, Any]]:
    """One GDELT-event-table-style row per event."""
    for item in events:
        ev = item.event
        when = item.when or ""
        digits = when.replace("-", "")
        sqldate = digits[:8] if len(digits) >= 8 and digits[:8].isdigit() else ""
        cameo = ev.cameo or ""
        yield {
            "GLOBALEVENTID": item.event_id,
            "SQLDATE": sqldate,
            "Actor1Code": (ev.source.code or "") + (ev.source.sector or "") if ev.source else "",
            "Actor1Name": ev.source.canonical if ev.source else "",
            "Actor1CountryCode": (ev.source.code or "") if ev.source else "",
            "Actor1Type1Code": (ev.source.sector or "") if ev.source else "",
            "Actor2Code": (ev.target.code or "") + (ev.target.sector or "") if ev.target else "",
            "Actor2Name": ev.target.canonical if ev.target else "",
            "Actor2CountryCode": (ev.target.code or "") if ev.target else "",
            "Actor2Type1Code": (ev.target.sector or "") if ev.target else "",
            "IsRootEvent": 1,
            "EventCode": cameo,
            "EventBaseCode": cameo[:3],
            "EventRootCode": cameo[:2],
            "QuadClass": GDELT_QUAD.get(ev.quad_class, ""),
            "GoldsteinScale": ev.score,
            "NumMentions": 1,
            "NumSources": 1,
            "NumArticles": 1,
            "ActionGeo_FullName": ev.location or "",
            "DATEADDED": (item.published or "")[:10].replace("-", ""),
            "SOURCEURL": item.url or "",
            "PloverType": ev.type,
            "PloverMode": ev.mode or "",
            "Status": ev.status,
        }
