"""Re-ingest repairs stored copies and articles stored as not English, not only originals.

Regressions: re-ingesting with --published or --outlet changed nothing for a stored copy or a
stored non-English article ("0 new, N unchanged"); an English article once stored as another
language (an unsure guess, since corrected) stayed out of analysis for good.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsloom.ingest.pipeline import ingest_paths
from newsloom.store.sqlite import Store
from newsloom.store.stories import export_articles

TEXT = (
    "Rescue teams searched the waters off Pemba on Saturday for survivors of a ferry that "
    "capsized in rough seas on Friday evening. The regional commissioner said at least 12 "
    "people had died and 160 had been pulled from the water. The ferry operator said the "
    "vessel had been inspected last month and was licensed to carry 250 passengers."
)


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _rows(db: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    with Store(str(db), readonly=True) as store:
        return {r["id"]: r for r in export_articles(store)}


def test_an_article_stored_as_not_english_is_analysed_when_read_as_english(
    tmp_path: Path,
    analyzer,  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "s.db"
    first = _write(tmp_path / "a.jsonl", [{"id": "f1", "text": TEXT, "language": "pcm"}])
    ingest_paths([first], db, analyzer=analyzer)
    assert _rows(db)["f1"]["status"] == "not_analysed"
    again = _write(tmp_path / "b.jsonl", [{"id": "f1", "text": TEXT}])
    report = ingest_paths([again], db, analyzer=analyzer)
    row = _rows(db)["f1"]
    assert report.repaired == 1
    assert (row["status"], row["language"]) == ("analysed", "en")
    assert row["story_id"] is not None


def test_a_stored_copy_gets_the_date_it_lacked(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    records = [
        {"id": "orig", "outlet": "Coast Wire", "text": TEXT, "published": "2025-11-01"},
        {"id": "copy", "outlet": "Harbour Daily", "text": TEXT},
    ]
    ingest_paths([_write(tmp_path / "a.jsonl", records)], db, analyzer=analyzer)
    before = _rows(db)
    assert before["copy"]["copy_of"] == before["orig"]["article_id"]
    assert before["copy"]["published"] is None
    dated = [{**records[1], "published": "2025-11-02"}]
    report = ingest_paths([_write(tmp_path / "b.jsonl", dated)], db, analyzer=analyzer)
    after = _rows(db)
    assert report.repaired == 1
    assert after["copy"]["published"] == "2025-11-02"
    assert after["copy"]["copy_of"] == before["orig"]["article_id"]
    assert after["copy"]["story_id"] == before["orig"]["story_id"] is not None
