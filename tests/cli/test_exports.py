"""Exports of entities, events and claims; integer story ids; Parquet only with pyarrow.

Regressions: only articles and stories could be exported; Parquet did not exist.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli.app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    path = tmp_path_factory.mktemp("exports") / "seeds.db"
    args = ["ingest", str(seeds_dir), "--published", "2024-04-21", "--db", str(path), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return path


def _csv(db: Path, what: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["export", what, "--format", "csv", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_entities_and_events_are_exported_with_the_cli_ids(db: Path) -> None:
    articles = {r["article_id"] for r in _csv(db, "articles")}
    entities = _csv(db, "entities")
    assert entities and {r["article_id"] for r in entities} <= articles
    assert {"Iran", "Pakistan"} <= {r["canonical"] for r in entities}
    events = _csv(db, "events")
    stored = json.loads(runner.invoke(app, ["events", "--db", str(db), "--json"]).stdout)
    assert sorted(int(r["event_id"]) for r in events) == sorted(e["event_id"] for e in stored)
    assert all(r["story_id"].isdigit() for r in events + entities)


def test_claims_are_the_briefs_claims(db: Path) -> None:
    rows = _csv(db, "claims")
    brief = json.loads(runner.invoke(app, ["story", "1", "--db", str(db), "--json"]).stdout)
    assert [r["claim_id"] for r in rows if r["story_id"] == "1"] == [
        c["id"] for c in brief["claims"]
    ]
    assert all(json.loads(r["article_ids"]) for r in rows)


def test_an_empty_store_exports_a_csv_header_and_nothing_else(db: Path, tmp_path: Path) -> None:
    from newsloom.store.sqlite import Store

    empty = tmp_path / "empty.db"
    Store(empty).close()
    for what in ("articles", "stories", "entities", "events", "claims"):
        full = runner.invoke(app, ["export", what, "--format", "csv", "--db", str(db)])
        assert full.exit_code == 0, full.output
        header = full.stdout.splitlines()[0]
        bare = runner.invoke(app, ["export", what, "--format", "csv", "--db", str(empty)])
        assert bare.exit_code == 0, bare.output
        # The same columns as a store with rows, so a reader of the file (pandas.read_csv)
        # gets an empty table instead of failing on an empty file.
        assert bare.stdout.splitlines() == [header], what
        out = tmp_path / f"{what}.csv"
        written = runner.invoke(app, ["export", what, "-o", str(out), "--db", str(empty)])
        assert written.exit_code == 0 and f"wrote 0 {what}" in written.output
        assert out.read_text(encoding="utf-8").splitlines() == [header]
        jsonl = runner.invoke(app, ["export", what, "--db", str(empty)])
        assert jsonl.exit_code == 0 and jsonl.stdout == ""


def test_parquet_without_pyarrow_names_the_extra(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "events.parquet"
    result = runner.invoke(app, ["export", "events", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 2
    assert "newsloom[parquet]" in result.output and not out.exists()


def test_parquet_round_trip(db: Path, tmp_path: Path) -> None:
    parquet = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "articles.parquet"
    result = runner.invoke(app, ["export", "articles", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    table = parquet.read_table(out)
    assert table.num_rows == len(_csv(db, "articles"))
    # An empty store's table has the same columns, and no row.
    from newsloom.store.sqlite import Store

    empty = tmp_path / "empty.db"
    Store(empty).close()
    bare = tmp_path / "empty.parquet"
    result = runner.invoke(app, ["export", "articles", "-o", str(bare), "--db", str(empty)])
    assert result.exit_code == 0, result.output
    nothing = parquet.read_table(bare)
    assert nothing.num_rows == 0 and nothing.column_names == table.column_names
