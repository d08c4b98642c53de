"""The whole ingest path: seeds end to end, idempotency, copies, bad input, a killed ingest."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from newsloom.brief.report import build_brief
from newsloom.ingest.pipeline import ingest_paths
from newsloom.store.sqlite import Store
from newsloom.store.stories import list_stories

QUAKE = (
    "A magnitude 6.2 earthquake struck the mountain province of Van in eastern Turkey on Tuesday, "
    "collapsing dozens of buildings and killing at least nine people, the disaster agency AFAD "
    "said. Rescue teams from Ankara worked through the night in freezing rain to reach families "
    "trapped under the rubble of apartment blocks in the town of Ercis. Interior Minister Ali "
    "Yerlikaya said more than 120 people had been taken to hospital."
)
RATES = (
    "The European Central Bank held its main interest rate at 3.5 percent on Thursday, saying "
    "inflation in the euro area was easing more slowly than expected. ECB President Christine "
    "Lagarde told reporters in Frankfurt that the governing council had not discussed a cut and "
    "would keep policy restrictive for as long as necessary."
)


def _write(folder: Path, name: str, text: str, **meta: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    if meta:
        (folder / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")


def test_seeds_become_one_story_with_two_sources(tmp_path: Path, seeds_dir: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "seeds.db"
    report = ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    assert (report.read, report.new, report.stories_created, len(report.skipped)) == (2, 2, 1, 0)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        assert story.articles == 2 and story.independent_sources == 2
        brief = build_brief(store, story.id, analyzer.embedder)
        texts = [r["text"] for r in store.query("SELECT text FROM articles")]
    assert all("Brought to you by" not in t for t in texts)
    assert brief.headline == "Iranian President Ebrahim Raisi Set for Landmark Visit to Pakistan"
    people = {e["name"]: e["articles"] for e in brief.entities_by_label()["PERSON"]}
    assert people["Ebrahim Raisi"] == 2
    dates = {d.value for d in brief.dates}
    assert {"2024-04-22", "2024-04-21", "2024-01"} <= dates


def test_second_ingest_changes_nothing(tmp_path: Path, seeds_dir: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "twice.db"
    ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    with Store(db, readonly=True) as store:
        before = [
            tuple(r)
            for r in store.query("SELECT id, key, story_id, text FROM articles ORDER BY id")
        ]
    again = ingest_paths([seeds_dir], db, published="2024-04-21", analyzer=analyzer)
    assert (again.read, again.new, again.unchanged, again.stories_created) == (2, 0, 2, 0)
    with Store(db, readonly=True) as store:
        after = [
            tuple(r)
            for r in store.query("SELECT id, key, story_id, text FROM articles ORDER BY id")
        ]
        assert store.counts()["stories"] == 1
    assert before == after


def test_syndicated_copy_adds_outlet_not_source(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "in"
    _write(corpus / "a", "quake", QUAKE, outlet="Anatolia Daily", published="2025-03-04")
    _write(
        corpus / "b",
        "quake-copy",
        "Turkey quake kills nine\n\n" + QUAKE + "\n\n© 2025 Coastline Herald",
        outlet="Coastline Herald",
        published="2025-03-04",
    )
    _write(corpus / "c", "rates", RATES, outlet="Bourse Weekly", published="2025-03-06")
    db = tmp_path / "c.db"
    report = ingest_paths([corpus], db, analyzer=analyzer)
    assert (report.new, report.duplicates, report.stories_created) == (2, 1, 2)
    with Store(db, readonly=True) as store:
        quake = next(
            s
            for s in list_stories(store)
            if "Turkey" in " ".join(s.top_entities) or s.articles == 2
        )
        assert quake.articles == 2 and quake.independent_sources == 1
        assert quake.outlets == ["Anatolia Daily", "Coastline Herald"]
        (copy,) = store.query(
            "SELECT copy_of, copy_kind FROM articles WHERE outlet = 'Coastline Herald'"
        )
        assert copy["copy_of"] is not None


def test_bad_inputs_are_reported_and_the_rest_ingested(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "mixed"
    _write(corpus, "good", QUAKE, outlet="Anatolia Daily", published="2025-03-04")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "latin1.txt").write_bytes(
        "Caf\xe9 owners in Lyon protested on Monday.".encode("latin-1")
    )
    (corpus / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04 not really a document")
    (corpus / "feed.jsonl").write_text(
        json.dumps({"id": "r1", "text": RATES, "outlet": "Bourse Weekly"}) + "\n{broken\n",
        encoding="utf-8",
    )
    db = tmp_path / "m.db"
    report = ingest_paths([corpus], db, analyzer=analyzer)
    codes = sorted(s.code for s in report.skipped)
    assert codes == ["NL001", "NL002", "NL003", "NL004", "NL005"]
    assert any(s.origin.endswith("feed.jsonl:2") for s in report.skipped)
    assert report.new == 2 and not report.ok

    with Store(db, readonly=True) as store:
        assert store.counts()["articles"] == 2


def test_non_english_article_is_stored_not_analysed(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "de"
    _write(
        folder,
        "bahn",
        "Die Deutsche Bahn hat am Montag einen bundesweiten Streik der Lokführer angekündigt. "
        "Die Gewerkschaft fordert mehr Lohn und kürzere Arbeitszeiten für ihre Mitglieder.",
        outlet="Rheinbote",
    )
    report = ingest_paths([folder], tmp_path / "de.db", analyzer=analyzer)
    assert (
        report.not_analysed == 1 and report.languages == {"de": 1} and report.stories_created == 0
    )
    with Store(tmp_path / "de.db", readonly=True) as store:
        (row,) = store.query("SELECT status, language, story_id FROM articles")
        assert tuple(row) == ("not_analysed", "de", None)


KILLER = """
import os, signal, sys
from newsloom.store import sqlite as s
original = s.Store.write_articles
calls = {"n": 0}
def dying(self, records, new_ids):
    calls["n"] += 1
    if calls["n"] == 2:
        # die inside the second batch's transaction, after some rows are written
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO stories(id, created_at, updated_at) VALUES (9999, 'x', 'x')")
        os.kill(os.getpid(), signal.SIGKILL)
    return original(self, records, new_ids)
s.Store.write_articles = dying
import newsloom.ingest.pipeline as p
p.BATCH_SIZE = 3
p.ingest_paths([sys.argv[1]], sys.argv[2])
"""


def test_killed_ingest_leaves_store_consistent_and_rerun_finishes(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "many.jsonl"
    topics = [QUAKE, RATES]
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(8):
            text = (
                f"Report {i}. "
                + topics[i % 2]
                + f" Further detail number {i} followed later in the day."
            )
            fh.write(json.dumps({"id": f"n{i}", "text": text, "outlet": f"Outlet {i}"}) + "\n")
    db = tmp_path / "killed.db"
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(corpus), str(db)], capture_output=True, timeout=300
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    with Store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.counts()["articles"] == 3  # exactly the first committed batch
        assert not store.query("SELECT id FROM stories WHERE id = 9999")
    report = ingest_paths([corpus], db, analyzer=analyzer)
    assert (report.unchanged, report.new + report.duplicates) == (3, 5)
    with Store(db, readonly=True) as store:
        assert store.counts()["articles"] == 8
        ids = {r[0] for r in store.query("SELECT external_id FROM articles")}
    assert ids == {f"n{i}" for i in range(8)}


QUAKE_FOLLOW_UP = (
    "Rescuers in the eastern Turkish province of Van pulled two more survivors from collapsed "
    "apartment blocks in Ercis on Wednesday, a day after the magnitude 6.2 earthquake killed at "
    "least nine people. Yerlikaya told reporters that 120 people were still in hospital and that "
    "tents had reached every village in the province."
)


def test_story_lists_name_a_person_once_across_reports(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    # One report names the minister in full, the other by surname only.
    _write(tmp_path / "in" / "wire", "quake", QUAKE, outlet="Wire", published="2023-11-14")
    _write(
        tmp_path / "in" / "paper", "follow", QUAKE_FOLLOW_UP, outlet="Paper", published="2023-11-15"
    )
    db = tmp_path / "people.db"
    ingest_paths([tmp_path / "in"], db, analyzer=analyzer)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        people = {
            e["name"]: e["articles"]
            for e in build_brief(store, story.id, analyzer.embedder).entities_by_label()["PERSON"]
        }
        surname_alone = store.query(
            "SELECT 1 FROM entities WHERE canonical = 'Yerlikaya' AND label = 'PERSON'"
        )
    assert surname_alone  # the follow-up's own analysis knows him by surname only ...
    assert (
        people.get("Ali Yerlikaya") == 2 and "Yerlikaya" not in people
    )  # ... the story by one name
    assert "Ali Yerlikaya" in story.top_entities and "Yerlikaya" not in story.top_entities


def test_a_warning_about_a_kept_article_is_not_a_failed_ingest(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    # Regression: a broken sidecar date (NL010, the article kept) made the exit status 1.
    corpus = tmp_path / "in"
    _write(corpus, "quake", QUAKE, outlet="Wire", published="not a date at all")
    report = ingest_paths([corpus], tmp_path / "w.db", analyzer=analyzer)
    assert report.new == 1 and [s.code for s in report.skipped] == ["NL010"]
    assert report.ok
