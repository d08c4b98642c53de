"""`newsloom analyze`: extraction without storing, with offsets into the text as given."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsloom.cli.app import app

RAW = (
    "Advertisement\n\n"
    "Portugal’s Foreign Minister  Ana Costa said on Tuesday that the  €2.3 billion cable would be "
    "signed at a summit in Lisbon on 14 May 2025.\n\n"
    "“We are ready,” Costa told reporters. "
    "Morocco condemned the attack on its  embassy in Lisbon.\n\n"
    "Share this story\n"
)


def test_analyze_json_offsets_point_into_the_input(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "a-1", "text": RAW, "published": "2025-05-06", "outlet": "Test Wire"})
        + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "untouched.db"
    result = CliRunner().invoke(
        app, ["analyze", str(source), "--json"], env={"NEWSLOOM_DB": str(db)}
    )
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert record["id"] == "a-1" and record["published"] == "2025-05-06" and record["analysed"]
    for kind in ("entities", "timexes", "quantities", "quotes", "events"):
        assert record[kind], kind
        for item in record[kind]:
            assert RAW[item["start"] : item["end"]] == item["text"], (kind, item)
    lisbon = next(e for e in record["entities"] if e["text"] == "Lisbon")
    assert lisbon["country"] == "PRT"
    money = next(q for q in record["quantities"] if q["kind"] == "money")
    assert money["value"] == 2.3e9 and money["unit"] == "EUR"
    assert "2025-05-14" in {t["value"] for t in record["timexes"]}
    assert any(q["quote"].startswith("We are ready") for q in record["quotes"])
    condemn = next(e for e in record["events"] if e["source"] and e["source"]["code"] == "MAR")
    assert condemn["type"] == "DISAPPROVE" and condemn["quad_class"] == "verbal conflict"
    assert not db.exists()  # analyze stores nothing


def test_analyze_offsets_of_a_headlined_text_file_point_into_its_text(tmp_path: Path) -> None:
    # Regression: for a .txt whose first line is a headline, offsets counted from the body but
    # nothing in the output said so; the record now carries the text they point into.
    source = tmp_path / "visit.txt"
    source.write_text(
        "Portugal and Morocco sign power cable deal\n\n" + RAW.split("\n\n", 1)[1],
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["analyze", str(source), "--json"])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert record["title"] == "Portugal and Morocco sign power cable deal"
    assert not record["text"].startswith("Portugal and Morocco sign")
    for kind in ("entities", "timexes", "quantities", "quotes", "events"):
        for item in record[kind]:
            assert record["text"][item["start"] : item["end"]] == item["text"], (kind, item)
    assert record["entities"]


def test_analyze_estimates_a_missing_publication_date(tmp_path: Path, seeds_dir: Path) -> None:
    result = CliRunner().invoke(app, ["analyze", str(next(seeds_dir.glob("003_*.txt"))), "--json"])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    estimate = record["published_estimate"]
    assert estimate is not None and estimate["value"] == record["published"]
    assert 0.0 <= estimate["confidence"] <= 1.0 and estimate["basis"]
