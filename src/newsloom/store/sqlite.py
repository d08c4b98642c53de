"""The embedded SQLite store: one writer, WAL, FTS5, forward migrations."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsloom.errors import NewsloomError
from newsloom.model import Actor, Analysis, Article, ArticleStatus, Event
from newsloom.store.chunks import IN_CHUNK, rows_in
from newsloom.store.readings import write_readings
from newsloom.store.schema import MIGRATION_FILLS, MIGRATIONS, SCHEMA_VERSION
from newsloom.store.story_rows import refresh_story_rows
from newsloom.store.vectors import write_sentence_vectors

DEFAULT_DB = "newsloom.db"
# Readers wait this long for a busy writer before giving up, in milliseconds.
BUSY_TIMEOUT_MS = 10_000


def default_db_path() -> str:
    """The store path from NEWSLOOM_DB, else ./newsloom.db."""
    return os.environ.get("NEWSLOOM_DB") or DEFAULT_DB


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredArticle:
    """Everything written for one article in one ingest."""

    key: str
    article: Article
    content_hash: str
    status: ArticleStatus
    copy_of_key: str | None = None
    copy_kind: str | None = None
    story_id: int | None = None
    analysis: Analysis | None = None
    minhash: bytes | None = None
    profile: bytes | None = None  # the story assigner's ArticleProfile (`ArticleProfile.to_bytes`)
    # An undated article's publication date guessed from its text (value, confidence, basis):
    # what its analysis resolved dates against; stored apart from the given `published`.
    published_estimate: Mapping[str, Any] | None = None
    # A stored article given metadata it lacked: its row id (updated in place, analysis
    # replaced) and the story it was in before.
    stored_id: int | None = None
    previous_story: int | None = None
    # A stored article whose page now says something else (same URL, new text): its text,
    # title and hashes are replaced too, under the key it has always had.
    replaces_text: bool = False
    # One unit vector per sentence of `analysis`, kept for briefs (newsloom.store.vectors).
    sentence_vectors: np.ndarray | None = None
    # What a brief reads of the article, as (version, blob) (newsloom.brief.readings).
    readings: tuple[str, bytes] | None = None
    # A stored copy or unanalysed article given metadata it lacked: only outlet and date change
    # (its story, the original's or none, stays).
    metadata_only: bool = False


def _estimate_json(rec: StoredArticle) -> str | None:
    """The record's publication date estimate as stored (JSON), or None."""
    if rec.published_estimate is None:
        return None
    return json.dumps(dict(rec.published_estimate), ensure_ascii=False)


@dataclass(frozen=True)
class KnownArticle:
    """A stored article as the ingest sees it again: identity and repairable metadata."""

    id: int
    key: str
    outlet: str | None
    published: str | None
    story_id: int | None
    status: str
    is_copy: bool


@dataclass(frozen=True)
class StateRow:
    """One stored article as needed to rebuild the in-memory indexes."""

    key: str
    content_hash: str
    minhash: bytes | None
    embedding: np.ndarray | None
    embedded: bool  # has an embedding (even when it was not read)
    published: str | None
    story_id: int | None
    is_copy: bool


@dataclass(frozen=True)
class ProfileRow:
    """One analysed original of a story, as the story assigner reads it back."""

    embedding: np.ndarray
    published: str | None
    # The stored ArticleProfile: bytes (`to_bytes`), or str for one stored as JSON before the
    # binary form (the column is declared TEXT, which SQLite lets hold either); None before
    # schema 0005.
    profile: bytes | str | None
    # Only when profile is None: what a profile is computed from.
    title: str | None = None
    text: str | None = None
    sentence_ends: list[int] | None = None
    timex_values: list[str] | None = None
    entity_starts: list[tuple[str, str, int]] | None = None


EVENT_COLUMNS = (
    "article_id, start, end, text, type, mode, cameo, score, quad_class, status, date, location, "
    "trigger, "
    "confidence, source_text, source_canonical, source_code, source_sector, "
    "target_text, target_canonical, target_code, target_sector, date_basis"
)
_EVENT_MARKS = ",".join("?" * len(EVENT_COLUMNS.split(",")))


def _actor_fields(actor: Actor | None) -> tuple[str | None, str | None, str | None, str | None]:
    if actor is None:
        return None, None, None, None
    return actor.text, actor.canonical, actor.code, actor.sector


def event_row(article_id: int, ev: Event) -> tuple[Any, ...]:
    """The events-table row of one event."""
    return (
        article_id,
        ev.start,
        ev.end,
        ev.text,
        ev.type,
        ev.mode,
        ev.cameo,
        ev.score,
        ev.quad_class,
        ev.status,
        ev.date,
        ev.location,
        ev.trigger,
        ev.confidence,
        *_actor_fields(ev.source),
        *_actor_fields(ev.target),
        ev.date_basis,
    )


def event_from_row(row: sqlite3.Row) -> Event:
    """Rebuild an Event from an events-table row."""

    def actor(side: str) -> Actor | None:
        if row[f"{side}_canonical"] is None and row[f"{side}_code"] is None:
            return None
        return Actor(
            text=row[f"{side}_text"] or "",
            canonical=row[f"{side}_canonical"] or "",
            code=row[f"{side}_code"],
            sector=row[f"{side}_sector"],
        )

    return Event(
        text=row["text"],
        start=row["start"],
        end=row["end"],
        type=row["type"],
        mode=row["mode"],
        cameo=row["cameo"],
        score=row["score"],
        quad_class=row["quad_class"],
        status=row["status"],
        source=actor("source"),
        target=actor("target"),
        date=row["date"],
        location=row["location"],
        trigger=row["trigger"],
        confidence=row["confidence"],
        date_basis=row["date_basis"],
    )


# The tables a newsloom store has from its first migration on: a database with tables but
# none of these (and no migration record) belongs to another application.
NEWSLOOM_TABLES = frozenset({"schema_migrations", "articles", "stories"})
# The per-article tables a deleted article's rows are removed from (FTS rows go by trigger).
ARTICLE_TABLES = (
    "analyses",
    "entities",
    "timexes",
    "quantities",
    "quotes",
    "events",
    "pending_passes",
    "sentence_vectors",
    "article_readings",
)
# store_meta counters: edits that change stories without adding articles (deletes, metadata
# repairs), and the highest story id and article id a deleted story or article had.
EDITS = "edits"
DELETED_STORY_MAX = "deleted_story_max"
DELETED_ARTICLE_MAX = "deleted_article_max"


# What a story profile is read back from: the stored profile, or (for an article stored before
# profiles were) what one is computed from. Every query that rebuilds profiles selects these.
_PROFILE_COLUMNS = """a.id, a.published, n.embedding, n.profile, n.sentences,
                      CASE WHEN n.profile IS NULL THEN a.title END AS title,
                      CASE WHEN n.profile IS NULL THEN a.text END AS text"""


def _check_path(path: str) -> None:
    """Refuse a store path that is a folder or lies in a folder that does not exist."""
    if path == ":memory:" or path.startswith("file:"):
        return
    where = Path(path)
    if where.is_dir():
        raise NewsloomError(f"--db {path} is a directory: give the path of a store file")
    if not where.parent.is_dir():
        raise NewsloomError(f"--db {path}: folder {where.parent} does not exist")


def _check_newsloom(conn: sqlite3.Connection, path: str) -> None:
    """Refuse, before anything is written, a file that is not a newsloom store."""
    try:
        tables = {
            str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise NewsloomError(f"--db {path} is not a newsloom store ({exc})") from exc
    if tables and not tables & NEWSLOOM_TABLES:
        conn.close()
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise NewsloomError(
            f"--db {path} is a SQLite database of another application (tables: {shown}), "
            "not a newsloom store: it was left untouched; give --db a new file"
        )


def _has_articles(conn: sqlite3.Connection, story_id: int) -> bool:
    """Whether any article is in this story."""
    row = conn.execute("SELECT 1 FROM articles WHERE story_id=? LIMIT 1", (story_id,)).fetchone()
    return row is not None


def _merge_if_empty(conn: sqlite3.Connection, story_id: int, into: int) -> bool:
    """Record a story its articles all left as merged into the story they went to, with the
    ids merged into it (its ids still open a story); whether it was empty."""
    if _has_articles(conn, story_id):
        return False
    conn.execute(
        "UPDATE stories SET merged_into=? WHERE id=? OR merged_into=?", (into, story_id, story_id)
    )
    return True


def _statements(script: str) -> Iterator[str]:
    """The complete SQL statements of a script, in order (a trigger body stays whole)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip():
        yield pending


class Store:
    """A newsloom SQLite database."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        self.readonly = readonly
        _check_path(self.path)
        if readonly:
            if not Path(self.path).exists():
                raise NewsloomError(f"no store at {self.path}: run `newsloom ingest` first")
            uri = f"file:{Path(self.path).resolve()}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None)
            _check_newsloom(self.conn, self.path)
        else:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            _check_newsloom(self.conn, self.path)  # before WAL: that is already a write
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.row_factory = sqlite3.Row
        self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            self.migrate()
        elif self.schema_version() < SCHEMA_VERSION:
            raise NewsloomError(
                f"{self.path} has an older schema: run `newsloom ingest` to upgrade it"
            )

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------

    def schema_version(self) -> int:
        """How many migrations this database has applied."""
        has = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
        ).fetchone()
        if not has:
            return 0
        return int(self.conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0])

    def migrate(self) -> list[str]:
        """Apply the migrations this database lacks, each in its own transaction."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.conn.execute("SELECT name FROM schema_migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            self.conn.execute("BEGIN IMMEDIATE")
            # Another process may have applied it while this one waited for the write lock.
            if self.conn.execute(
                "SELECT 1 FROM schema_migrations WHERE name=?", (name,)
            ).fetchone():
                self.conn.execute("ROLLBACK")
                continue
            try:
                # Statement by statement: executescript would commit the open transaction.
                for statement in _statements(sql):
                    self.conn.execute(statement)
                fill = MIGRATION_FILLS.get(name)
                if fill is not None:
                    fill(self.conn)
                self.conn.execute(
                    "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)", (name, _now())
                )
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            applied.append(name)
        return applied

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken with BEGIN IMMEDIATE; rolled back on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # -- writes ---------------------------------------------------------------

    def existing_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of these article keys are already stored."""
        return set(self.known_articles(keys))

    def known_articles(self, keys: Sequence[str]) -> dict[str, KnownArticle]:
        """The stored articles with these keys, by key."""
        found: dict[str, KnownArticle] = {}
        for r in rows_in(
            self.conn,
            """SELECT id, key, outlet, published, story_id, status, copy_of FROM articles
               WHERE key IN ({marks})""",
            keys,
        ):
            found[str(r["key"])] = KnownArticle(
                id=int(r["id"]),
                key=str(r["key"]),
                outlet=r["outlet"],
                published=r["published"],
                story_id=r["story_id"],
                status=str(r["status"]),
                is_copy=r["copy_of"] is not None,
            )
        return found

    def article_profile(self, article_id: int) -> ProfileRow | None:
        """One analysed article's stored profile (or what one is computed from)."""
        r = self.conn.execute(
            f"""SELECT {_PROFILE_COLUMNS}
                FROM articles a JOIN analyses n ON n.article_id = a.id
                WHERE a.id = ? AND n.embedding IS NOT NULL""",
            (article_id,),
        ).fetchone()
        return None if r is None else self._profile_row(r)

    def next_story_id(self) -> int:
        """The id a new story would get: never one a deleted story had."""
        top = int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0])
        return max(top, self._meta(DELETED_STORY_MAX)) + 1

    def _meta(self, name: str) -> int:
        row = self.conn.execute("SELECT value FROM store_meta WHERE name=?", (name,)).fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _set_meta(conn: sqlite3.Connection, name: str, value: int) -> None:
        conn.execute(
            "INSERT INTO store_meta(name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value=excluded.value",
            (name, value),
        )

    def _count_edit(self, conn: sqlite3.Connection) -> None:
        """Count a change the fingerprint would not otherwise see (a saved index goes stale)."""
        self._set_meta(conn, EDITS, self._meta(EDITS) + 1)

    def write_articles(self, records: Sequence[StoredArticle], new_story_ids: set[int]) -> None:
        """Write a batch of articles and the stories they created, atomically."""
        now = _now()
        with self.write() as conn:
            for story_id in sorted(new_story_ids):
                conn.execute(
                    "INSERT INTO stories(id, created_at, updated_at) VALUES (?, ?, ?)",
                    (story_id, now, now),
                )
            ids: dict[str, int] = {}
            deleted_max = self._meta(DELETED_ARTICLE_MAX)
            for rec in records:
                a = rec.article
                if rec.stored_id is not None:
                    self._rewrite(conn, rec, now)
                    continue
                copy_of = None
                if rec.copy_of_key is not None:
                    copy_of = ids.get(rec.copy_of_key) or self._article_id(rec.copy_of_key)
                cur = conn.execute(
                    """INSERT INTO articles(id, key, external_id, origin, outlet, url, title,
                        author, published, language, text, content_hash, copy_of, copy_kind,
                        story_id, status, extra, ingested_at, published_estimate)
                       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    (
                        _new_article_id(conn, deleted_max),
                        rec.key,
                        a.external_id,
                        a.origin,
                        a.outlet,
                        a.url,
                        a.title,
                        a.author,
                        a.published,
                        a.language,
                        a.text,
                        rec.content_hash,
                        copy_of,
                        rec.copy_kind,
                        rec.story_id,
                        rec.status,
                        json.dumps(dict(a.extra), ensure_ascii=False, default=str),
                        now,
                        _estimate_json(rec),
                    ),
                )
                article_id = int(cur.lastrowid or 0)
                ids[rec.key] = article_id
                if rec.story_id is not None:
                    conn.execute("UPDATE stories SET updated_at=? WHERE id=?", (now, rec.story_id))
                if rec.analysis is not None:
                    self._write_analysis(conn, article_id, rec)
                    if rec.story_id is not None:
                        # Until the run's end-of-run passes are done (`clear_pending`).
                        conn.execute(
                            "INSERT OR IGNORE INTO pending_passes(article_id) VALUES (?)",
                            (article_id,),
                        )
            repaired = [r for r in records if r.stored_id is not None]
            left = self._emptied(conn, repaired)
            if repaired:
                self._count_edit(conn)
            refresh_story_rows(
                conn, {r.story_id for r in records if r.story_id is not None} | set(left)
            )

    def _rewrite(self, conn: sqlite3.Connection, rec: StoredArticle, now: str) -> None:
        """A stored article given metadata it lacked: its row updated, its analysis replaced,
        it and its copies placed in its (new) story."""
        assert rec.stored_id is not None
        a = rec.article
        if rec.metadata_only:
            conn.execute(
                "UPDATE articles SET outlet=?, published=? WHERE id=?",
                (a.outlet, a.published, rec.stored_id),
            )
            return
        # language and status too: an article stored as not English may be read as English now
        conn.execute(
            """UPDATE articles SET outlet=?, published=?, language=?, status=?, story_id=?,
                   published_estimate=? WHERE id=?""",
            (
                a.outlet,
                a.published,
                a.language,
                rec.status,
                rec.story_id,
                _estimate_json(rec),
                rec.stored_id,
            ),
        )
        if rec.replaces_text:
            a = rec.article
            # The search index follows by the articles_fts_update trigger.
            conn.execute(
                """UPDATE articles SET origin=?, title=?, author=?, language=?, text=?,
                       content_hash=?, status=?, ingested_at=? WHERE id=?""",
                (
                    a.origin,
                    a.title,
                    a.author,
                    a.language,
                    a.text,
                    rec.content_hash,
                    rec.status,
                    now,
                    rec.stored_id,
                ),
            )
        conn.execute(
            "UPDATE articles SET story_id=? WHERE copy_of=?", (rec.story_id, rec.stored_id)
        )
        for table in ARTICLE_TABLES:
            if table != "pending_passes":
                conn.execute(f"DELETE FROM {table} WHERE article_id=?", (rec.stored_id,))
        if rec.story_id is not None:
            conn.execute("UPDATE stories SET updated_at=? WHERE id=?", (now, rec.story_id))
        if rec.analysis is not None:
            self._write_analysis(conn, rec.stored_id, rec)
            if rec.story_id is not None:
                conn.execute(
                    "INSERT OR IGNORE INTO pending_passes(article_id) VALUES (?)",
                    (rec.stored_id,),
                )

    @staticmethod
    def _emptied(conn: sqlite3.Connection, repaired: Sequence[StoredArticle]) -> list[int]:
        """The stories repaired articles left, each recorded as merged into the story its last
        article went to when none is left (its id still opens it)."""
        left: list[int] = []
        for rec in repaired:
            old = rec.previous_story
            if old is None or old == rec.story_id:
                continue
            left.append(old)
            if rec.story_id is not None:
                _merge_if_empty(conn, old, rec.story_id)
        return left

    @staticmethod
    def _write_analysis(conn: sqlite3.Connection, article_id: int, rec: StoredArticle) -> None:
        analysis = rec.analysis
        assert analysis is not None
        embedding = (
            np.asarray(analysis.embedding, dtype=np.float32).tobytes()
            if analysis.embedding
            else None
        )
        if rec.sentence_vectors is not None:
            write_sentence_vectors(conn, article_id, analysis.sentences, rec.sentence_vectors)
        if rec.readings is not None:
            write_readings(conn, article_id, *rec.readings)
        conn.execute(
            "INSERT INTO analyses(article_id, sentences, embedding, minhash, profile) "
            "VALUES (?,?,?,?,?)",
            (
                article_id,
                json.dumps([[s.start, s.end] for s in analysis.sentences]),
                embedding,
                rec.minhash,
                rec.profile,
            ),
        )
        conn.executemany(
            """INSERT INTO entities(article_id, start, end, text, label, canonical, role, country)
               VALUES (?,?,?,?,?,?,?,?)""",
            [
                (article_id, e.start, e.end, e.text, e.label, e.canonical, e.role, e.country)
                for e in analysis.entities
            ],
        )
        conn.executemany(
            """INSERT INTO timexes(article_id, start, end, text, type, value, range_begin,
                                  range_end, clause)
               VALUES (?,?,?,?,?,?,?,?,?)""",
            [
                (
                    article_id,
                    t.start,
                    t.end,
                    t.text,
                    t.type,
                    t.value,
                    t.range_begin,
                    t.range_end,
                    t.clause,
                )
                for t in analysis.timexes
            ],
        )
        conn.executemany(
            """INSERT INTO quantities(article_id, start, end, text, kind, value, unit, measures)
               VALUES (?,?,?,?,?,?,?,?)""",
            [
                (article_id, q.start, q.end, q.text, q.kind, q.value, q.unit, q.measures)
                for q in analysis.quantities
            ],
        )
        conn.executemany(
            f"INSERT INTO events({EVENT_COLUMNS}) VALUES ({_EVENT_MARKS})",
            [event_row(article_id, ev) for ev in analysis.events],
        )
        conn.executemany(
            "INSERT INTO quotes(article_id, start, end, text, quote, speaker, direct) "
            "VALUES (?,?,?,?,?,?,?)",
            [
                (article_id, q.start, q.end, q.text, q.quote, q.speaker, int(q.direct))
                for q in analysis.quotes
            ],
        )

    def _article_id(self, key: str) -> int | None:
        row = self.conn.execute("SELECT id FROM articles WHERE key=?", (key,)).fetchone()
        return int(row[0]) if row else None

    # -- rebuilding in-memory state ----------------------------------------------

    def iter_state(self, *, embeddings: bool = True) -> Iterator[StateRow]:
        """Every stored article in ingest order, with what the in-memory indexes need.

        Without embeddings the vectors are not read (the story index was loaded from its file).
        """
        vector = "n.embedding" if embeddings else "NULL"
        query = f"""SELECT a.id, a.key, a.content_hash, a.published, a.story_id, a.copy_of,
                           {vector} AS embedding, n.embedding IS NOT NULL AS embedded, n.minhash
                    FROM articles a LEFT JOIN analyses n ON n.article_id = a.id ORDER BY a.id"""
        for r in self.conn.execute(query):
            yield StateRow(
                key=r["key"],
                content_hash=r["content_hash"],
                minhash=r["minhash"],
                embedding=np.frombuffer(r["embedding"], dtype=np.float32)
                if r["embedding"]
                else None,
                embedded=bool(r["embedded"]),
                published=r["published"],
                story_id=r["story_id"],
                is_copy=r["copy_of"] is not None,
            )

    def story_state(self, story_id: int) -> Iterator[ProfileRow]:
        """The analysed originals of one story in ingest order, with their stored profiles."""
        query = f"""SELECT {_PROFILE_COLUMNS}
                    FROM articles a JOIN analyses n ON n.article_id = a.id
                    WHERE a.story_id = ? AND a.copy_of IS NULL AND n.embedding IS NOT NULL
                    ORDER BY a.id"""
        for r in self.conn.execute(query, (story_id,)).fetchall():
            yield self._profile_row(r)

    def original_inputs(self) -> Iterator[tuple[int, str, int | None, ProfileRow]]:
        """Every analysed original in ingest order (id, key, story), with what its profile is
        computed from afresh (its stored analysis), whatever profile it has stored."""
        query = """SELECT a.id, a.key, a.story_id, a.published, a.title, a.text, n.embedding,
                          n.sentences
                   FROM articles a JOIN analyses n ON n.article_id = a.id
                   WHERE a.copy_of IS NULL AND n.embedding IS NOT NULL ORDER BY a.id"""
        for r in self.conn.execute(query).fetchall():
            embedding = np.frombuffer(r["embedding"], dtype=np.float32)
            row = self._profile_inputs(int(r["id"]), embedding, r)
            yield int(r["id"]), str(r["key"]), r["story_id"], row

    def write_profiles(self, profiles: Sequence[tuple[int, bytes]]) -> None:
        """Store recomputed profiles (article id, `ArticleProfile.to_bytes`)."""
        with self.write() as conn:
            conn.executemany(
                "UPDATE analyses SET profile=? WHERE article_id=?",
                [(data, article_id) for article_id, data in profiles],
            )
            self._count_edit(conn)

    def _profile_row(self, r: sqlite3.Row) -> ProfileRow:
        """The profile row of one row selected with _PROFILE_COLUMNS."""
        embedding = np.frombuffer(r["embedding"], dtype=np.float32)
        if r["profile"] is not None:
            return ProfileRow(embedding=embedding, published=r["published"], profile=r["profile"])
        return self._profile_inputs(int(r["id"]), embedding, r)

    def _profile_inputs(self, article_id: int, embedding: np.ndarray, r: sqlite3.Row) -> ProfileRow:
        """What a profile is computed from, for an article stored before profiles were."""
        timexes = [
            t[0]
            for t in self.conn.execute(
                "SELECT value FROM timexes WHERE article_id=?", (article_id,)
            )
        ]
        entities = [
            (e[0], e[1], int(e[2]))
            for e in self.conn.execute(
                "SELECT canonical, label, start FROM entities WHERE article_id=?", (article_id,)
            )
        ]
        return ProfileRow(
            embedding=embedding,
            published=r["published"],
            profile=None,
            title=r["title"],
            text=r["text"],
            sentence_ends=[int(pair[1]) for pair in json.loads(r["sentences"] or "[]")],
            timex_values=timexes,
            entity_starts=entities,
        )

    def merge_stories(self, merges: Sequence[tuple[int, int]]) -> None:
        """Move every article of each merged story to the kept one, and record the merge."""
        if not merges:
            return
        now = _now()
        with self.write() as conn:
            for kept, gone in merges:
                conn.execute("UPDATE articles SET story_id=? WHERE story_id=?", (kept, gone))
                conn.execute(
                    "UPDATE stories SET merged_into=?, updated_at=? WHERE id=?", (kept, now, gone)
                )
                conn.execute("UPDATE stories SET merged_into=? WHERE merged_into=?", (kept, gone))
                conn.execute("UPDATE stories SET updated_at=? WHERE id=?", (now, kept))
            refresh_story_rows(conn, {story for pair in merges for story in pair})

    def move_articles(self, moves: Sequence[tuple[str, int]]) -> list[tuple[int, int]]:
        """Move articles (by key), and their copies, to other stories (made if new).

        A story left without articles is recorded as merged into the story its last article
        went to. Returns (emptied story, story it now points to) pairs.
        """
        now = _now()
        sources: dict[int, int] = {}
        targets: set[int] = set()
        emptied: list[tuple[int, int]] = []
        with self.write() as conn:
            for key, story_id in moves:
                row = conn.execute(
                    "SELECT id, story_id FROM articles WHERE key=?", (key,)
                ).fetchone()
                if row is None or row[1] == story_id:
                    continue
                conn.execute(
                    "INSERT OR IGNORE INTO stories(id, created_at, updated_at) VALUES (?, ?, ?)",
                    (story_id, now, now),
                )
                conn.execute(
                    "UPDATE articles SET story_id=? WHERE id=? OR copy_of=?",
                    (story_id, row[0], row[0]),
                )
                conn.execute(
                    "UPDATE stories SET updated_at=? WHERE id IN (?, ?)", (now, row[1], story_id)
                )
                targets.add(story_id)
                if row[1] is not None:
                    sources[int(row[1])] = story_id
            for old, into in sources.items():
                if _merge_if_empty(conn, old, into):
                    emptied.append((old, into))
            refresh_story_rows(conn, targets | set(sources))
        return emptied

    def resolve_story(self, story_id: int) -> int:
        """The story a (possibly merged) story id now lives in."""
        row = self.conn.execute(
            "SELECT merged_into FROM stories WHERE id=?", (story_id,)
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else story_id

    def fingerprint(self) -> str:
        """Changes whenever articles are added or deleted, stories merged or articles repaired:
        tells a saved index is stale."""
        row = self.conn.execute(
            """SELECT (SELECT COALESCE(MAX(id), 0) FROM articles),
                      (SELECT COUNT(*) FROM stories),
                      (SELECT COUNT(*) FROM stories WHERE merged_into IS NOT NULL)"""
        ).fetchone()
        edits = self._meta(EDITS)
        # Unchanged for a store never edited, so its saved index stays good across the upgrade.
        suffix = f";edits={edits}" if edits else ""
        return f"articles={row[0]};stories={row[1]};merged={row[2]}{suffix}"

    # -- runs whose end-of-run passes are pending ----------------------------------

    def pending_articles(self) -> list[tuple[str, int, ProfileRow]]:
        """(key, story id, profile row) of each article whose run's end-of-run passes have not
        completed, in ingest order."""
        query = f"""SELECT a.key, a.story_id, {_PROFILE_COLUMNS}
                    FROM pending_passes p JOIN articles a ON a.id = p.article_id
                    JOIN analyses n ON n.article_id = a.id
                    WHERE a.story_id IS NOT NULL AND a.copy_of IS NULL
                          AND n.embedding IS NOT NULL
                    ORDER BY a.id"""
        return [
            (str(r["key"]), int(r["story_id"]), self._profile_row(r))
            for r in self.conn.execute(query).fetchall()
        ]

    def clear_pending(self) -> None:
        """Record that the end-of-run passes covered every pending article."""
        with self.write() as conn:
            conn.execute("DELETE FROM pending_passes")

    # -- deletes ----------------------------------------------------------------------

    def delete_article(self, article_id: int) -> tuple[int, int | None]:
        """Delete an article with its copies, analyses and search rows; a story left empty
        goes too. Returns (articles deleted, the story it was in)."""
        row = self.conn.execute(
            "SELECT story_id FROM articles WHERE id=?", (article_id,)
        ).fetchone()
        if row is None:
            raise NewsloomError(f"no article with id {article_id}")
        story_id = int(row[0]) if row[0] is not None else None
        with self.write() as conn:
            copies = [
                int(r[0])
                for r in conn.execute("SELECT id FROM articles WHERE copy_of=?", (article_id,))
            ]
            stories = self._delete_articles(conn, copies + [article_id])
            self._note_deleted_articles(conn, copies + [article_id])
            self._drop_empty_stories(conn, stories)
            refresh_story_rows(conn, self._live(conn, stories))
            self._count_edit(conn)
        return len(copies) + 1, story_id

    def delete_story(self, story_id: int) -> int:
        """Delete a story, every article in it and the ids merged into it; returns the number
        of articles deleted."""
        row = self.conn.execute(
            "SELECT merged_into FROM stories WHERE id=?", (story_id,)
        ).fetchone()
        if row is None:
            raise NewsloomError(f"no story with id {story_id}")
        if row[0] is not None:
            raise NewsloomError(
                f"story {story_id} was merged into story {row[0]}: delete story {row[0]}"
            )
        with self.write() as conn:
            ids = [
                int(r[0])
                for r in conn.execute(
                    "SELECT id FROM articles WHERE story_id=? ORDER BY copy_of IS NULL, id",
                    (story_id,),
                )
            ]
            stories = self._delete_articles(conn, ids)
            self._note_deleted_articles(conn, ids)
            self._drop_empty_stories(conn, stories | {story_id})
            refresh_story_rows(conn, self._live(conn, stories))
            self._count_edit(conn)
        return len(ids)

    @staticmethod
    def _delete_articles(conn: sqlite3.Connection, ids: Sequence[int]) -> set[int]:
        """Delete these articles (copies before their originals) and every row about them;
        returns the stories they were in."""
        stories: set[int] = set()
        for start in range(0, len(ids), IN_CHUNK):
            chunk = list(ids[start : start + IN_CHUNK])
            marks = ",".join("?" * len(chunk))
            stories.update(
                int(r[0])
                for r in conn.execute(
                    f"SELECT DISTINCT story_id FROM articles WHERE id IN ({marks}) "
                    "AND story_id IS NOT NULL",
                    chunk,
                )
            )
            for table in ARTICLE_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", chunk)
            # The FTS rows go with them (the articles_fts_delete trigger).
            conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)
        return stories

    def _note_deleted_articles(self, conn: sqlite3.Connection, ids: Sequence[int]) -> None:
        """Remember the highest id deleted: SQLite would give the highest id again (max + 1),
        and a saved link, export row or search result would then name another article."""
        if ids:
            self._set_meta(conn, DELETED_ARTICLE_MAX, max(self._meta(DELETED_ARTICLE_MAX), *ids))

    def _drop_empty_stories(self, conn: sqlite3.Connection, stories: set[int]) -> None:
        """Delete the stories among these left without articles, and the ids merged into them;
        their ids are never given again."""
        for story_id in sorted(stories):
            if _has_articles(conn, story_id):
                continue
            gone = [story_id] + [
                int(r[0])
                for r in conn.execute("SELECT id FROM stories WHERE merged_into=?", (story_id,))
            ]
            conn.execute("DELETE FROM stories WHERE merged_into=?", (story_id,))
            conn.execute("DELETE FROM stories WHERE id=?", (story_id,))
            self._set_meta(conn, DELETED_STORY_MAX, max(self._meta(DELETED_STORY_MAX), *gone))

    @staticmethod
    def _live(conn: sqlite3.Connection, stories: set[int]) -> list[int]:
        """Those of these stories that still exist."""
        return [
            s
            for s in sorted(stories)
            if conn.execute("SELECT 1 FROM stories WHERE id=?", (s,)).fetchone()
        ]

    # -- reads ------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Numbers of articles, stories and copies in the store."""
        row = self.conn.execute(
            """SELECT (SELECT COUNT(*) FROM articles) AS articles,
                      (SELECT COUNT(*) FROM stories WHERE merged_into IS NULL) AS stories,
                      (SELECT COUNT(*) FROM articles WHERE copy_of IS NOT NULL) AS copies"""
        ).fetchone()
        return dict(row)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Run a read query with bound parameters."""
        return list(self.conn.execute(sql, params))


def _new_article_id(conn: sqlite3.Connection, deleted_max: int) -> int | None:
    """The id for an article about to be inserted: past every deleted article's id, or None
    (SQLite's own choice, the highest id + 1) when that is already past them."""
    if not deleted_max:
        return None
    top = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])
    return deleted_max + 1 if top < deleted_max else None


_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: every distinct word quoted, all required."""
    # A repeated word adds nothing to an all-required query but FTS5's cost grows with the square
    # of its terms: each word is kept once (FTS5 folds case, so "The" repeats "the"), as first seen.
    words: dict[str, str] = {}
    for word in _FTS_TOKEN.findall(text):
        words.setdefault(word.lower(), word)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words.values())
