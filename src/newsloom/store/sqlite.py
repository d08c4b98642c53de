"""The embedded SQLite store: one writer, WAL, FTS5, forward migrations."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsloom.errors import NewsloomError
from newsloom.model import Actor, Analysis, Article, ArticleStatus, Event
from newsloom.store.schema import MIGRATION_FILLS, MIGRATIONS, SCHEMA_VERSION
from newsloom.store.story_rows import refresh_story_rows

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
    "target_text, target_canonical, target_code, target_sector"
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
    )


class Store:
    """A newsloom SQLite database."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        if readonly:
            if not Path(self.path).exists():
                raise NewsloomError(f"no store at {self.path}: run `newsloom ingest` first")
            uri = f"file:{Path(self.path).resolve()}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        else:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
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
            try:
                # The script leaves its transaction open for the migration's data step, if any.
                self.conn.executescript(f"BEGIN IMMEDIATE;\n{sql}")
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
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT key FROM articles WHERE key IN ({marks})", chunk
                )
            )
        return found

    def next_story_id(self) -> int:
        """The id a new story would get."""
        return int(self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM stories").fetchone()[0])

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
            for rec in records:
                a = rec.article
                copy_of = None
                if rec.copy_of_key is not None:
                    copy_of = ids.get(rec.copy_of_key) or self._article_id(rec.copy_of_key)
                cur = conn.execute(
                    """INSERT INTO articles(key, external_id, origin, outlet, url, title, author,
                        published, language, text, content_hash, copy_of, copy_kind, story_id,
                        status, extra, ingested_at)
                       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    (
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
                    ),
                )
                article_id = int(cur.lastrowid or 0)
                ids[rec.key] = article_id
                if rec.story_id is not None:
                    conn.execute("UPDATE stories SET updated_at=? WHERE id=?", (now, rec.story_id))
                if rec.analysis is not None:
                    self._write_analysis(conn, article_id, rec)
            refresh_story_rows(conn, {r.story_id for r in records if r.story_id is not None})

    @staticmethod
    def _write_analysis(conn: sqlite3.Connection, article_id: int, rec: StoredArticle) -> None:
        analysis = rec.analysis
        assert analysis is not None
        embedding = (
            np.asarray(analysis.embedding, dtype=np.float32).tobytes()
            if analysis.embedding
            else None
        )
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
                                  range_end)
               VALUES (?,?,?,?,?,?,?,?)""",
            [
                (article_id, t.start, t.end, t.text, t.type, t.value, t.range_begin, t.range_end)
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
        query = """SELECT a.id, a.published, n.embedding, n.profile, n.sentences,
                          CASE WHEN n.profile IS NULL THEN a.title END AS title,
                          CASE WHEN n.profile IS NULL THEN a.text END AS text
                   FROM articles a JOIN analyses n ON n.article_id = a.id
                   WHERE a.story_id = ? AND a.copy_of IS NULL AND n.embedding IS NOT NULL
                   ORDER BY a.id"""
        for r in self.conn.execute(query, (story_id,)).fetchall():
            embedding = np.frombuffer(r["embedding"], dtype=np.float32)
            if r["profile"] is not None:
                yield ProfileRow(
                    embedding=embedding, published=r["published"], profile=r["profile"]
                )
            else:
                yield self._profile_inputs(int(r["id"]), embedding, r)

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
                left = conn.execute(
                    "SELECT 1 FROM articles WHERE story_id=? LIMIT 1", (old,)
                ).fetchone()
                if left is None:
                    conn.execute(
                        "UPDATE stories SET merged_into=? WHERE id=? OR merged_into=?",
                        (into, old, old),
                    )
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
        """Changes whenever articles are added or stories merged: tells a saved index is stale."""
        row = self.conn.execute(
            """SELECT (SELECT COALESCE(MAX(id), 0) FROM articles),
                      (SELECT COUNT(*) FROM stories),
                      (SELECT COUNT(*) FROM stories WHERE merged_into IS NOT NULL)"""
        ).fetchone()
        return f"articles={row[0]};stories={row[1]};merged={row[2]}"

    def story_of_key(self, key: str) -> int | None:
        """The story of the stored article with this key."""
        row = self.conn.execute("SELECT story_id FROM articles WHERE key=?", (key,)).fetchone()
        return int(row[0]) if row and row[0] is not None else None

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


_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: every word quoted, all required."""
    words = _FTS_TOKEN.findall(text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)
