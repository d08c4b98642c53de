"""A first-time user's store problems: two writers, a killed run's passes, metadata repair,
deletes, and a --db that is not a newsloom store."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli.app import app
from newsloom.data import demo_folder
from newsloom.ingest.pipeline import BATCH_SIZE, Ingester, IngestReport, _batches, ingest_paths
from newsloom.ingest.sources import read_paths
from newsloom.store.sqlite import Store
from newsloom.store.stories import list_stories, story_summary

runner = CliRunner()
CLI = "import sys; from newsloom.cli.app import main; sys.argv[0] = 'newsloom'; main()"

# Holds the store's writer lock in a separate process until its stdin closes.
HOLDER = """
import sys
from newsloom.store.lock import writer_lock
with writer_lock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def _demo_inputs() -> list[str]:
    return sorted(
        str(p) for p in demo_folder().iterdir() if p.is_dir() and not p.name.startswith("_")
    )


def _membership(db: Path) -> list[tuple[str, ...]]:
    """Each live story as the sorted keys of its articles: stories compared by content."""
    with Store(db, readonly=True) as store:
        groups: dict[int, list[str]] = {}
        for r in store.query("SELECT key, story_id FROM articles WHERE story_id IS NOT NULL"):
            groups.setdefault(int(r[1]), []).append(str(r[0]))
    return sorted(tuple(sorted(keys)) for keys in groups.values())


def test_two_concurrent_ingests_both_complete(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "two.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
    # Both start while the lock is held, so they overlap: each must wait, then run in turn.
    demo = _demo_inputs()
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", CLI, "ingest", *inputs, "--db", str(db), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for inputs in ([str(seeds_dir)], demo[:3])
    ]
    # Each run's stderr, read as it comes: both must say they wait before the lock is freed.
    errs: list[list[bytes]] = [[], []]
    readers = [
        threading.Thread(target=lambda r=run, e=err: e.extend(iter(r.stderr.readline, b"")))
        for run, err in zip(runs, errs, strict=True)
    ]
    for reader in readers:
        reader.start()
    try:
        deadline = time.monotonic() + 600  # loading models takes long on a busy machine
        while time.monotonic() < deadline and not all(
            any(b"waiting for another newsloom run" in line for line in err) for err in errs
        ):
            time.sleep(0.2)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)
    stdouts = []
    for run in runs:
        assert run.stdout is not None
        stdouts.append(run.stdout.read())  # the report comes at the end, well under a pipe's size
        run.wait(timeout=600)
    for reader in readers:
        reader.join(timeout=60)
    outs = [(out, b"".join(err)) for out, err in zip(stdouts, errs, strict=True)]
    for run, (_, err) in zip(runs, outs, strict=True):
        assert run.returncode == 0, err.decode()
        assert b"Traceback" not in err
        assert b"waiting for another newsloom run" in err
    with Store(db, readonly=True) as store:
        keys = [r[0] for r in store.query("SELECT key FROM articles")]
        stories = [r[0] for r in store.query("SELECT id FROM stories")]
        read = sum(1 for item in read_paths([str(seeds_dir), *demo[:3]]) if hasattr(item, "text"))
    assert len(keys) == len(set(keys)) == read
    assert len(stories) == len(set(stories))


def test_rerun_after_a_run_stopped_before_its_passes_ends_as_a_clean_run(
    tmp_path: Path,
    analyzer,  # type: ignore[no-untyped-def]
) -> None:
    # Two arrests of one team's players, in an order whose passes move one report (tests/stories).
    inputs = [str(Path(__file__).resolve().parents[1] / "data" / "sibling_arrests.jsonl")]
    clean = tmp_path / "clean.db"
    ingest_paths(inputs, clean, analyzer=analyzer)
    stopped = tmp_path / "stopped.db"
    with Store(stopped) as store:
        ingester = Ingester(store, analyzer)
        report = IngestReport()
        for batch in _batches(read_paths(inputs), BATCH_SIZE):
            ingester._ingest_batch(batch, report)  # every batch committed; no refine, no merge
    assert _membership(stopped) != _membership(clean)  # the passes change this corpus
    again = ingest_paths(inputs, stopped, analyzer=analyzer)
    assert again.new == 0 and (again.stories_merged or again.articles_moved)
    assert _membership(stopped) == _membership(clean)
    with Store(stopped, readonly=True) as store:
        assert not store.query("SELECT 1 FROM pending_passes")


def test_seeds_given_a_date_later_end_as_one_story(
    tmp_path: Path, seeds_dir: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "later.db"
    ingest_paths([seeds_dir], db, analyzer=analyzer)
    again = ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    assert (again.new, again.repaired, again.unchanged) == (0, 2, 0)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        assert story.articles == 2 and story.independent_sources == 2
        assert story.first == "2024-04-21"
        assert {r[0] for r in store.query("SELECT published FROM articles")} == {"2024-04-21"}
    third = ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    assert (third.new, third.repaired, third.unchanged) == (0, 0, 2)


def test_seeds_given_an_outlet_later_take_it_not_a_copy(
    tmp_path: Path, seeds_dir: Path, analyzer
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "outlet.db"
    ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    again = ingest_paths(
        [seeds_dir], db, outlet="Field Notes", published="2024-04-21", analyzer=analyzer
    )
    assert (again.new, again.duplicates, again.repaired) == (0, 0, 2)
    with Store(db, readonly=True) as store:
        assert {r[0] for r in store.query("SELECT outlet FROM articles")} == {"Field Notes"}
        assert store.counts()["articles"] == 2
    third = ingest_paths([seeds_dir], db, outlet="Field Notes", analyzer=analyzer)
    assert (third.new, third.repaired, third.unchanged) == (0, 0, 2)


def test_delete_article_and_story(tmp_path: Path, seeds_dir: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "del.db"
    ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        first, second = (int(r[0]) for r in store.query("SELECT id FROM articles ORDER BY id"))
        before = store.fingerprint()
        hits = store.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Raisi'")
        assert len(hits) == 2
    result = runner.invoke(app, ["delete", "article", str(first), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert store.fingerprint() != before  # the saved story index is rebuilt
        row = story_summary(store, story.id)
        assert row is not None and row.articles == 1 and row.independent_sources == 1
        for table in ("analyses", "entities", "timexes", "events", "quotes", "quantities"):
            assert not store.query(f"SELECT 1 FROM {table} WHERE article_id=?", (first,)), table
        hits = store.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Raisi'")
        assert [int(h[0]) for h in hits] == [second]
    result = runner.invoke(app, ["delete", "story", str(story.id), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert store.counts() == {"articles": 0, "stories": 0, "copies": 0}
        assert not store.query("SELECT 1 FROM articles_fts WHERE articles_fts MATCH 'Raisi'")
        assert store.next_story_id() > story.id  # a deleted story's id is not given again
    missing = runner.invoke(app, ["delete", "story", "99", "--db", str(db)])
    assert missing.exit_code == 2 and "no story with id 99" in missing.output
    # The story index is rebuilt and ingest works again on the edited store.
    report = ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    assert report.new == 2


def test_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = runner.invoke(app, ["ingest", str(tmp_path / "none.txt"), "--db", str(db)])
    assert result.exit_code == 2 and "another application" in " ".join(result.output.split())
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert db.read_bytes() == before and not Path(str(db) + "-wal").exists()
    assert not Path(str(db) + ".lock").exists()
    listing = runner.invoke(app, ["stories", "--db", str(db)])
    assert listing.exit_code == 2 and "another application" in " ".join(listing.output.split())


@pytest.mark.parametrize("where", ["folder", "missing"])
def test_db_at_a_folder_or_in_a_missing_folder_is_refused(tmp_path: Path, where: str) -> None:
    db = tmp_path if where == "folder" else tmp_path / "nope" / "x.db"
    for command in (["ingest", "-"], ["stories"]):
        result = runner.invoke(app, [*command, "--db", str(db)], input="")
        assert result.exit_code == 2, result.output
        said = " ".join(result.output.split())  # rich wraps long lines
        assert ("is a directory" if where == "folder" else "does not exist") in said
    assert not (tmp_path / "nope").exists()
