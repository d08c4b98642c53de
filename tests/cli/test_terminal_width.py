"""At 80 columns no word is broken mid-word, and --help shows flags as bare switches.

Regressions: the events table's evidence column was squeezed to ~7 characters ("escalat" /
"ed"), `relations` headers broke ("directi" / "on"), coverage timestamps broke
("2025-11-03T09:0" / "0:00"), the title of an empty panel split ("corrobor" / "ated (0)"), and
--help printed "--help <bool>" as if the switch took a value.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

from newsloom.cli.app import app
from newsloom.cli.events import EVIDENCE_CHARS, _clipped
from newsloom.cli.progress import ingest_progress
from newsloom.cli.tables import LONGEST_UNBROKEN_WORD, fit_table
from newsloom.ingest.sources.count import count_inputs

runner = CliRunner()
NARROW = {"COLUMNS": "80"}
TEXT = (
    "Ferry operators and port officials met in Dar es Salaam on Monday to discuss the "
    "rescheduled crossing timetable after the regulator suspended two vessels for inspection."
)


def _unbroken(words: list[str], output: str) -> list[str]:
    """The words (short enough to be kept whole) that appear whole on no line of the output."""
    lines = output.splitlines()
    return [
        w for w in words if len(w) <= LONGEST_UNBROKEN_WORD and not any(w in ln for ln in lines)
    ]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("width") / "seeds.db"
    args = ["ingest", str(seeds_dir), "--published", "2024-04-21", "--db", str(db), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def timed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two outlets' reports with clock times in their publication dates."""
    root = tmp_path_factory.mktemp("timed")
    lines = [
        {"id": f"t{i}", "outlet": outlet, "title": "Ferry timetable", "text": TEXT, "published": at}
        for i, (outlet, at) in enumerate(
            [("Coast Wire", "2025-11-03T09:00:00"), ("Harbour Daily", "2025-11-03T11:30:00")]
        )
    ]
    (root / "in.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    db = root / "t.db"
    result = runner.invoke(app, ["ingest", str(root / "in.jsonl"), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return db


def test_events_evidence_keeps_its_words_whole(seeds_db: Path) -> None:
    found = json.loads(runner.invoke(app, ["events", "--db", str(seeds_db), "--json"]).stdout)
    shown = (_clipped(e["text"], EVIDENCE_CHARS).removesuffix("…") for e in found)
    words = sorted({w for text in shown for w in text.split()})
    result = runner.invoke(app, ["events", "--db", str(seeds_db)], env=NARROW)
    assert result.exit_code == 0, result.output
    assert words and _unbroken(words, result.stdout) == []
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_relations_headers_are_whole(seeds_db: Path) -> None:
    result = runner.invoke(app, ["relations", "IRN", "PAK", "--db", str(seeds_db)], env=NARROW)
    assert result.exit_code == 0, result.output
    headers = ["period", "direction", "verbal", "material", "conflict", "score", "events"]
    assert _unbroken(headers, result.stdout) == []


def test_coverage_times_and_empty_panel_titles_are_whole(timed_db: Path) -> None:
    for columns in ("80", "120"):
        result = runner.invoke(app, ["story", "1", "--db", str(timed_db)], env={"COLUMNS": columns})
        assert result.exit_code == 0, result.output
        titles = re.findall(r"^(\w[\w-]* \(\d+\))", result.stdout, flags=re.MULTILINE)
        assert "conflicts (0)" in titles, result.stdout
        # the first report's time, in the coverage table (to the minute, as the articles
        # table gives it)
        assert _unbroken(["2025-11-03T09:00"], result.stdout) == [], result.stdout
        assert "2025-11-03T09:00:00" not in result.stdout


def test_a_table_too_wide_for_its_words_becomes_records() -> None:
    table = Table(title="wide")
    headers = [f"column{i}" for i in range(12)]
    for header in headers:
        table.add_column(header)
    table.add_row(*[f"value-{i}-{'x' * 8}" for i in range(12)])
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(fit_table(table, console))
    text = console.export_text()
    assert _unbroken(headers + [f"value-{i}-{'x' * 8}" for i in range(12)], text) == []
    assert max(len(line) for line in text.splitlines()) <= 80


def test_every_flag_reads_as_a_bare_switch() -> None:
    commands = [
        [],
        ["ingest"],
        ["stories"],
        ["story"],
        ["export"],
        ["eval"],
        ["eval", "clustering"],
    ]
    commands += [["delete"], ["delete", "story"], ["events"], ["search"], ["analyze"], ["demo"]]
    for command in commands:
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0, result.output
        assert "<bool>" not in result.stdout, (command, result.stdout)
        assert "<=x<=" not in result.stdout, (command, result.stdout)


def test_the_ingest_bar_has_a_total_and_a_rate_when_the_count_is_known(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "a.json").write_text('{"outlet": "Coast Wire"}')  # a sidecar: no input
    (tmp_path / "b.jsonl").write_text('{"text": "one"}\n\n{"text": "two"}\n{"text": "3"}')
    assert count_inputs([tmp_path]) == 4
    assert count_inputs([tmp_path, "-"]) is None  # stdin: unknown until read
    console = Console(width=100, record=True, force_terminal=True, file=io.StringIO())
    with ingest_progress(4, console, disable=False) as bar:
        task = bar.add_task("ingesting", total=4)
        bar.advance(task, 2)
        console.print(bar.make_tasks_table(bar.tasks))
    shown = console.export_text()
    assert "2/4 inputs" in shown and "/s" in shown
