"""What the CLI tells a user about messy input and a brief: words that match what happened."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsloom.cli.app import app
from newsloom.cli.brief import date_words

runner = CliRunner()
WIDE = {"COLUMNS": "200"}

FERRY = """Ferry overturns off Port Veldra

A passenger ferry overturned in rough seas off Port Veldra on Thursday, and the coastguard
said 14 people were missing and 63 had been rescued from the 77 on board.
"""
ORCHARD = """Apple growers report a record harvest

Orchards across the Lowen valley picked a record 412,000 tonnes of apples this autumn, the
growers' association said, helped by a mild spring and no late frost.
"""
WIRE_LINES = [
    json.dumps(
        {
            "id": "w-1",
            "outlet": "Northline",
            "published": "soon, we hope",
            "text": "The coastguard at Port Veldra said on Friday that nine people were still "
            "missing after the ferry overturned, and that divers had resumed the search.",
        }
    ),
    '{"id": "w-2", "text": "the line breaks off here',
]


def _messy_folder(root: Path) -> Path:
    folder = root / "messy"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (folder / "orchard.txt").write_text(ORCHARD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "wire.jsonl").write_text("\n".join(WIRE_LINES) + "\n", encoding="utf-8")
    return folder


def _row(output: str, label: str) -> str:
    line = next(x for x in output.splitlines() if label in x)
    return line.split("│")[-2].strip()


def test_ingest_tells_warnings_from_skipped_inputs(tmp_path: Path) -> None:
    folder = _messy_folder(tmp_path)
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "m.db")], env=WIDE)
    out = result.output
    assert result.exit_code == 1, out  # the empty file and the broken line are lost
    assert _row(out, "new") == "3"
    # The bad date costs a field, not the article: a warning, not a skip.
    assert _row(out, "skipped (not stored)") == "2" and _row(out, "warnings (article kept)") == "1"
    assert "warning " + str(folder / "wire.jsonl") + ":1: NL012" in out
    assert "skipped " + str(folder / "wire.jsonl") + ":2: NL005" in out
    assert "skipped " + str(folder / "empty.txt") + ": NL004" in out
    # json's message ends in "at": it was doubled ("starting at at column").
    assert "at at" not in out and "Unterminated string starting at column" in out


def test_analyze_prints_markup_in_fields_as_text_and_warnings_do_not_fail(
    tmp_path: Path,
) -> None:
    record = {
        "outlet": "[bold]Wire",
        "published": "[/x] soon",
        "text": "Officials in the harbour town said on Monday that the port would reopen.",
    }
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path)], env=WIDE)
    # A closing tag in a field crashed the warning line (rich MarkupError, exit 3).
    assert result.exit_code == 0, result.output
    assert "[bold]Wire" in result.output and "'[/x] soon'" in result.output
    assert "warning " in result.output and "NL012" in result.output


def test_date_values_are_said_in_words_in_the_terminal() -> None:
    assert date_words("2025-03-11TMO") == "2025-03-11 morning"
    assert date_words("2025-03-11TNI") == "2025-03-11 night"
    assert date_words("2024-WI") == "2024 winter"
    assert date_words("2024-04-22/2024-04-24") == "2024-04-22/2024-04-24"
    assert date_words("2024-01") == "2024-01"


def test_the_seed_brief_names_outlets_and_ranges_plainly(tmp_path: Path, seeds_dir: Path) -> None:
    db = str(tmp_path / "seeds.db")
    assert runner.invoke(app, ["ingest", str(seeds_dir), "--db", db]).exit_code == 0
    shown = runner.invoke(app, ["story", "1", "--db", db], env={"COLUMNS": "400"}).output
    line = next(x for x in shown.splitlines() if x.startswith("dates mentioned:"))
    # "April 22nd to 24th" is a range: it was listed as its first day alone.
    assert "2024-04-22/2024-04-24 (April 22nd to 24th)" in line
    # The seeds name no outlet: the stand-in says so, not "unknown (2)", read as a count.
    assert "unknown outlet (article " in shown and "unknown (" not in shown
    brief = json.loads(runner.invoke(app, ["story", "1", "--db", db, "--json"]).stdout)
    values = {d["value"] for d in brief["dates"]}
    assert "2024-04-22/2024-04-24" in values and "2024-04-22" not in values


def test_summarize_says_what_it_passed_over(tmp_path: Path) -> None:
    folder = _messy_folder(tmp_path)
    result = runner.invoke(app, ["summarize", str(folder), "--words", "40"], env=WIDE)
    # It summarised the readable reports and said nothing of the rest, exiting 0.
    assert result.exit_code == 1, result.output
    assert "Port Veldra" in result.stdout
    assert "skipped " + str(folder / "empty.txt") + ": NL004" in result.output
    assert "warning " + str(folder / "wire.jsonl") + ":1: NL012" in result.output
