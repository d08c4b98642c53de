"""Defects a first-time user hits on the command line; each test failed before its fix."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom import __version__
from newsloom.cli.app import app
from newsloom.cli.common import SQLITE_MAX_INT
from newsloom.store.sqlite import fts_query
from newsloom.store.stories import SEARCH_MAX_CHARS, SEARCH_MAX_WORDS

runner = CliRunner()
# Seconds a refused or bounded search may take: the unbounded one took over a minute.
SEARCH_SECONDS = 10


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The two seed articles (Iran and Pakistan), some of their events undated."""
    path = tmp_path_factory.mktemp("first-use") / "seeds.db"
    result = runner.invoke(
        app, ["ingest", str(seeds_dir), "--published", "2024-04-21", "--db", str(path), "--json"]
    )
    assert result.exit_code == 0, result.output
    return path


def _json(db: Path, *args: str) -> object:
    result = runner.invoke(app, [*args, "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# 1. search time grew with the square of the query's words


def test_a_long_query_is_refused_quickly(db: Path) -> None:
    started = time.monotonic()
    result = runner.invoke(app, ["search", " ".join(["the"] * 500), "--db", str(db)])
    assert time.monotonic() - started < SEARCH_SECONDS
    assert result.exit_code == 2 and f"at most {SEARCH_MAX_CHARS}" in result.output
    many = " ".join(f"word{i}" for i in range(SEARCH_MAX_WORDS + 1))
    result = runner.invoke(app, ["search", many, "--db", str(db)])
    assert result.exit_code == 2 and f"at most {SEARCH_MAX_WORDS}" in result.output


def test_repeated_query_words_count_once(db: Path) -> None:
    assert fts_query("the The THE pipeline the") == '"the" "pipeline"'
    started = time.monotonic()
    hits = _json(db, "search", " ".join(["pipeline"] * 100))
    assert time.monotonic() - started < SEARCH_SECONDS and len(hits) == 1  # type: ignore[arg-type]


# 2. flags shown as "--json <bool>"; no --version


def test_flags_show_no_value_and_version_is_printed() -> None:
    for command in (["stories"], ["export"], ["events"], ["relations"], ["delete", "story"]):
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0
        (line,) = [ln for ln in result.stdout.splitlines() if "--json" in ln]
        assert "<bool>" not in line, line
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"newsloom {__version__}"


# 3. country names, --type and --since


def test_actors_by_country_name(db: Path) -> None:
    by_code = _json(db, "events", "--actor", "IRN")
    assert by_code and _json(db, "events", "--actor", "Iran") == by_code
    assert _json(db, "relations", "Iran", "Pakistan") == _json(db, "relations", "irn", "PAK")
    result = runner.invoke(app, ["events", "--actor", "Narnia", "--db", str(db)])
    assert result.exit_code == 2 and "ISO 3166" in result.output and "IRN" in result.output
    result = runner.invoke(app, ["relations", "Narnia", "PAK", "--db", str(db)])
    assert result.exit_code == 2 and "unknown actor 'Narnia'" in result.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--type", "BOGUS"], "FIGHT"),
        (["--since", "2024-13"], "YYYY-MM-DD"),
        (["--until", "2024-02-30"], "YYYY-MM-DD"),
        (["--since", "April"], "YYYY-MM"),
        (["--min-confidence", "1.5"], "between 0 and 1"),
    ],
)
def test_bad_event_filters_are_usage_errors(db: Path, args: list[str], says: str) -> None:
    result = runner.invoke(app, ["events", *args, "--db", str(db)])
    assert result.exit_code == 2 and says in result.output


def test_min_confidence_keeps_only_events_at_or_above_it(db: Path) -> None:
    every = _json(db, "events")
    assert every
    cut = sorted(e["confidence"] for e in every)[len(every) // 2]
    kept = _json(db, "events", "--min-confidence", str(cut))
    assert kept and all(e["confidence"] >= cut for e in kept)
    assert len(kept) == sum(e["confidence"] >= cut for e in every)
    assert all("date_basis" in e for e in every)


def test_a_known_type_with_no_events_is_no_error(db: Path) -> None:
    assert _json(db, "events", "--type", "fight")
    assert _json(db, "events", "--type", "PROTEST") == []


# 4. exports and --limit


def test_export_format_follows_the_output_suffix(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["export", "articles", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 2
    # story_id is an integer or empty, never a float; article_id is the CLI's id
    assert all(r["story_id"] == "" or r["story_id"].isdigit() for r in rows)
    assert {r["article_id"] for r in rows} == {"1", "2"}
    assert isinstance(json.loads(rows[0]["extra"]), dict)  # nested values are JSON strings
    jsonl = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["export", "stories", "-o", str(jsonl), "--db", str(db)])
    assert result.exit_code == 0 and json.loads(jsonl.read_text(encoding="utf-8"))["id"] == 1
    for conflict in (["--format", "jsonl"], ["--json"]):
        result = runner.invoke(
            app, ["export", "stories", "-o", str(out), *conflict, "--db", str(db)]
        )
        assert result.exit_code == 2 and "disagree" in result.output


@pytest.mark.parametrize("limit", ["-1", "0"])
def test_a_limit_below_one_is_a_usage_error(db: Path, limit: str) -> None:
    for command in ("stories", "search"):
        args = [command] + (["pipeline"] if command == "search" else [])
        result = runner.invoke(app, [*args, "--limit", limit, "--db", str(db)])
        assert result.exit_code == 2, (command, result.output)


# 5. no date means no date


def test_undated_events_are_undated_everywhere(db: Path) -> None:
    events = _json(db, "events")
    undated = [e for e in events if e["date"] is None]  # type: ignore[union-attr]
    assert undated
    result = runner.invoke(app, ["events", "--format", "csv", "--db", str(db)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sum(r["date"] == "undated" for r in rows) == len(undated)
    assert all(r["published"].startswith("2024-04-21") for r in rows)
    # the basis says why: the same in JSON and CSV, and "clause"-like only for dated events
    assert [r["date_basis"] for r in rows] == [e["date_basis"] for e in events]
    assert all(e["date_basis"] in ("undated", "vague") for e in undated)
    table = runner.invoke(app, ["events", "--db", str(db)], env={"COLUMNS": "200"})
    assert table.stdout.count("undated") == len(undated)
    # a date filter keeps only events dated in range: the publication date does not count
    assert all(e["date"] for e in _json(db, "events", "--since", "2024-04"))  # type: ignore[union-attr]
    gdelt = runner.invoke(app, ["events", "--format", "gdelt", "--db", str(db)])
    dates = [line.split("\t")[1] for line in gdelt.stdout.splitlines()[1:]]
    # GDELT's SQLDATE is a day: an undated event, or one dated only to a month, has none
    no_day = [e for e in events if not e["date"] or len(e["date"]) < 10]  # type: ignore[union-attr]
    assert dates.count("") == len(no_day) > len(undated)


def test_relations_say_what_they_leave_out(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["relations", "IRN", "PAK", "--db", str(db)], env={"COLUMNS": "200"}
    )
    series = _json(db, "relations", "IRN", "PAK")
    n = len(series["undated"])  # type: ignore[call-overload]
    assert n and f"{n} events between IRN and PAK have no date" in result.stdout
    chart = tmp_path / "usa-pak.svg"
    result = runner.invoke(
        app,
        ["relations", "USA", "PAK", "--plot", str(chart), "--db", str(db)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "no dated events between USA and PAK" in result.stdout
    assert "1 event between USA and PAK has no date" in result.stdout
    svg = chart.read_text(encoding="utf-8")
    assert "no dated events between USA and PAK" in svg and "is left out" in svg


# 6. output paths


def test_output_paths_are_checked(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(target)
    (tmp_path / "link.png").symlink_to(target)
    (tmp_path / "folder.png").mkdir()
    commands = (["export", "stories", "-o"], ["story", "1", "--format", "markdown", "-o"])
    cases = [
        (["relations", "IRN", "PAK", "--plot", str(tmp_path / name)], says)
        for name, says in [
            ("missing/x.png", "does not exist"),
            ("folder.png", "is a directory"),
            ("link.png", "symbolic link"),
        ]
    ] + [
        ([*command, str(out)], says)
        for command in commands
        for out, says in [
            (tmp_path / "missing" / "x.csv", "does not exist"),
            (tmp_path, "is a directory"),
            (tmp_path / "link.csv", "symbolic link"),
        ]
    ]
    for args, says in cases:
        result = runner.invoke(app, [*args, "--db", str(db)])
        said = " ".join(result.output.split())  # rich wraps long paths
        assert result.exit_code == 2 and says in said, (args, result.output)
    assert target.read_text(encoding="utf-8") == "keep"


def test_chart_suffix_is_checked(db: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["relations", "IRN", "PAK", "--plot", str(tmp_path / "x.txt"), "--db", str(db)]
    )
    assert result.exit_code == 2 and ".png, .svg, .pdf" in result.output
    assert not (tmp_path / "x.txt").exists()


# 7. ids and limits SQLite cannot hold


@pytest.mark.parametrize(
    "args",
    [
        ["story", str(SQLITE_MAX_INT + 1)],
        ["search", "pipeline", "--limit", str(2**64)],
        ["stories", "--limit", str(2**64)],
        ["delete", "story", str(2**64)],
        ["delete", "article", str(2**64)],
    ],
)
def test_ids_past_sqlite_integers_are_usage_errors(db: Path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2 and not isinstance(result.exception, OverflowError), result.output
