"""The SQLite schema as named, ordered forward migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from newsloom.store.story_rows import refresh_all_story_rows

# Each migration runs once, in order, inside the transaction that records it.
# Never edit a shipped migration: add a new one.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_articles_stories",
        """
        CREATE TABLE IF NOT EXISTS stories (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            merged_into INTEGER REFERENCES stories(id)
        );
        CREATE TABLE IF NOT EXISTS articles (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            external_id TEXT,
            origin TEXT NOT NULL,
            outlet TEXT,
            url TEXT,
            title TEXT,
            author TEXT,
            published TEXT,
            language TEXT,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            copy_of INTEGER REFERENCES articles(id),
            copy_kind TEXT,
            story_id INTEGER REFERENCES stories(id),
            status TEXT NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}',
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
        CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
        CREATE INDEX IF NOT EXISTS articles_copy ON articles(copy_of);
        CREATE TABLE IF NOT EXISTS analyses (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            sentences TEXT NOT NULL,
            embedding BLOB,
            minhash BLOB
        );
        CREATE TABLE IF NOT EXISTS entities (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL,
            canonical TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS entities_article ON entities(article_id);
        CREATE INDEX IF NOT EXISTS entities_canonical ON entities(canonical);
        CREATE TABLE IF NOT EXISTS timexes (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            value TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS timexes_article ON timexes(article_id);
        """,
    ),
    (
        "0002_fts",
        """
        CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
            title, text, content='articles', content_rowid='id', tokenize='porter unicode61'
        );
        CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles """
        # one migration text over two literals, to keep within the line limit: the same SQL
        """BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        """,
    ),
    (
        "0003_roles_quantities_quotes",
        """
        ALTER TABLE entities ADD COLUMN role TEXT;
        ALTER TABLE entities ADD COLUMN country TEXT;
        ALTER TABLE timexes ADD COLUMN range_begin TEXT;
        ALTER TABLE timexes ADD COLUMN range_end TEXT;
        CREATE TABLE IF NOT EXISTS quantities (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            value REAL NOT NULL,
            unit TEXT,
            measures TEXT
        );
        CREATE INDEX IF NOT EXISTS quantities_article ON quantities(article_id);
        CREATE TABLE IF NOT EXISTS quotes (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            quote TEXT NOT NULL,
            speaker TEXT,
            direct INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
        """,
    ),
    (
        "0004_events",
        """
        CREATE TABLE IF NOT EXISTS events (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            type TEXT NOT NULL,
            mode TEXT,
            cameo TEXT,
            score REAL NOT NULL,
            quad_class TEXT NOT NULL,
            status TEXT NOT NULL,
            date TEXT,
            location TEXT,
            trigger TEXT,
            confidence REAL NOT NULL,
            source_text TEXT, source_canonical TEXT, source_code TEXT, source_sector TEXT,
            target_text TEXT, target_canonical TEXT, target_code TEXT, target_sector TEXT
        );
        CREATE INDEX IF NOT EXISTS events_article ON events(article_id);
        CREATE INDEX IF NOT EXISTS events_pair ON events(source_code, target_code);
        CREATE INDEX IF NOT EXISTS events_type ON events(type);
        """,
    ),
    (
        "0005_story_profiles",
        """
        ALTER TABLE analyses ADD COLUMN profile TEXT;
        CREATE INDEX IF NOT EXISTS stories_merged ON stories(merged_into);
        """,
    ),
    (
        "0006_story_rows",
        # Each story's list-ready summary (newsloom.store.story_rows), so the story list pages
        # through stories_by_size instead of reading every article. Only stories with articles
        # are indexed: merged and emptied ones keep their rows with article_count 0.
        """
        ALTER TABLE stories ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE stories ADD COLUMN independent_sources INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE stories ADD COLUMN first_published TEXT;
        ALTER TABLE stories ADD COLUMN last_published TEXT;
        ALTER TABLE stories ADD COLUMN headline TEXT NOT NULL DEFAULT '';
        ALTER TABLE stories ADD COLUMN outlets TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE stories ADD COLUMN top_entities TEXT NOT NULL DEFAULT '[]';
        CREATE INDEX IF NOT EXISTS stories_by_size
            ON stories(article_count DESC, independent_sources DESC, id) WHERE article_count > 0;
        """,
    ),
    (
        "0007_pending_passes_edits",
        # pending_passes: articles of a run whose end-of-run refine and merge passes have not
        # completed (the run was killed): the next run includes them in its passes.
        # store_meta: counters that must survive deletes, such as the number of edits that
        # change stories without adding articles (part of the store's fingerprint) and the
        # highest story id ever used (a deleted story's id is never given again).
        """
        CREATE TABLE IF NOT EXISTS pending_passes (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id)
        );
        CREATE TABLE IF NOT EXISTS store_meta (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        """,
    ),
    (
        "0008_fetch_sources_urls",
        # sources: the feeds `newsloom watch` polls, with their validators for conditional GET,
        # when each was polled and is due again, and its run of failures (newsloom.store.fetch).
        # article_urls: every article URL fetched, so a known URL is not fetched again, with its
        # validators, the fingerprint of the feed entry that listed it (a changed entry is read
        # again) and how often its page failed (its feed summary is kept meanwhile). No foreign
        # key to articles: a deleted article's URL stays known, so no poll brings it back.
        # articles_url: an updated page (same URL, new text) finds the article it updates.
        """
        CREATE TABLE IF NOT EXISTS sources (
            url TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            added_at TEXT NOT NULL,
            last_poll TEXT,
            etag TEXT,
            last_modified TEXT,
            error_count INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_due TEXT
        );
        CREATE TABLE IF NOT EXISTS article_urls (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            entry_stamp TEXT,
            page_failures INTEGER NOT NULL DEFAULT 0,
            fetched_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
        """,
    ),
    (
        "0009_sentence_vectors",
        # One unit MiniLM vector per analysed sentence (float16), keyed by its offsets, written
        # at ingest so that briefs read them instead of embedding (newsloom.store.vectors).
        # Stores from before fill theirs lazily, the first time a brief reads the story.
        """
        CREATE TABLE IF NOT EXISTS sentence_vectors (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (article_id, start, end)
        ) WITHOUT ROWID;
        """,
    ),
    (
        "0010_event_date_basis",
        # Why an event's date is what it is ("clause", "when-clause", "purpose"), or why it
        # has none ("undated", "vague"); NULL for events stored before the coder said so.
        """
        ALTER TABLE events ADD COLUMN date_basis TEXT;
        """,
    ),
    (
        "0012_published_estimates",
        # published_estimate: for an article given no publication date, the date guessed from
        # its own text (JSON: value, confidence, basis), which its time expressions were
        # resolved against. `published` stays as given (NULL), so nothing mistakes the guess
        # for a fact: briefs show it marked as estimated.
        """
        ALTER TABLE articles ADD COLUMN published_estimate TEXT;
        """,
    ),
    (
        "0013_browse_indexes",
        # The web app's story list sorts (newest, oldest, most sources; `size` has
        # stories_by_size) and its outlet filter: without them every page sorted all stories
        # (~0.4 s at 100k articles) and listing the outlets read every article (~0.5 s).
        # The expressions and directions are those of store.story_pages.STORY_SORTS.
        """
        CREATE INDEX IF NOT EXISTS stories_by_newest
            ON stories(last_published IS NULL, last_published DESC, id DESC)
            WHERE article_count > 0;
        CREATE INDEX IF NOT EXISTS stories_by_oldest
            ON stories(first_published IS NULL, first_published, id) WHERE article_count > 0;
        CREATE INDEX IF NOT EXISTS stories_by_sources
            ON stories(independent_sources DESC, article_count DESC, id) WHERE article_count > 0;
        CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
        """,
    ),
    (
        "0014_entity_name_index",
        # An entity's page and the story list's entity filter read every mention of a name
        # with its article (and the page its label): from this index alone, instead of one
        # lookup into the entities table per mention (~80 ms for a name of 11,000 articles at
        # 100k). It starts with the name, so it replaces entities_canonical.
        """
        CREATE INDEX IF NOT EXISTS entities_by_name ON entities(canonical, article_id, label);
        DROP INDEX IF EXISTS entities_canonical;
        """,
    ),
    (
        "0015_article_readings",
        # What a brief reads of each analysed article (candidate sentences, concepts, sentence
        # flags, dated facts: newsloom.brief.readings), written at ingest so that a brief only
        # combines them. `version` is the digest of the code that read them: readings of other
        # code are read again. Stores from before fill theirs with `newsloom recluster`, or
        # story by story when a brief is built from a writable store; until then a brief reads
        # those articles on the fly, as before.
        """
        CREATE TABLE IF NOT EXISTS article_readings (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            version TEXT NOT NULL,
            readings BLOB NOT NULL
        );
        """,
    ),
    (
        "0016_timex_clauses",
        # The statement each date belongs to (Timex.clause: the clause of the verb it modifies,
        # read from the parse at analysis). Dates stored before have none, and a brief words
        # their claims from the words around the date, as before.
        """
        ALTER TABLE timexes ADD COLUMN clause TEXT;
        """,
    ),
)

# Data steps that SQL alone cannot do (top entities resolve person names in Python): each runs
# after its migration's SQL, in the same transaction, before the migration is recorded.
MIGRATION_FILLS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "0006_story_rows": refresh_all_story_rows,
}

SCHEMA_VERSION = len(MIGRATIONS)
