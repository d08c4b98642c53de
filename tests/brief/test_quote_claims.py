"""Quote claims: paraphrase is never shown in quotation marks; quoted words are, credited.

Regression: "Pakistan's foreign ministry" paraphrase (no quotation marks in the article) was
rendered as a direct quote and marked corroborated, while the Foreign Office's actual quoted
words were never shown; a quote was credited to an outlet that reported a different figure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli.app import app

runner = CliRunner()
_SHOWN = re.compile(r"“(.*?)…?”")


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> dict:  # type: ignore[type-arg]
    db = tmp_path_factory.mktemp("quotes") / "seeds.db"
    args = ["ingest", str(seeds_dir), "--published", "2024-04-21", "--db", str(db), "--json"]
    assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(app, ["story", "1", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _quoted_spans(text: str) -> list[str]:
    """What an article puts between quotation marks, whitespace collapsed."""
    return [" ".join(q.split()) for q in re.findall(r"[“\"](.*?)[”\"]", text, flags=re.DOTALL)]


def test_words_in_quotation_marks_are_quoted_in_the_articles(brief, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    spans = [q for f in sorted(seeds_dir.glob("*.txt")) for q in _quoted_spans(f.read_text())]
    quotes = [c for c in brief["claims"] if c["kind"] == "quote"]
    assert quotes
    for claim in quotes:
        shown = _SHOWN.search(claim["summary"])
        if shown is None:
            assert "reported" in claim["summary"]  # paraphrase, said to be one
            continue
        words = shown.group(1).rstrip("…").strip()
        assert any(words in span for span in spans), claim["summary"]


def test_the_foreign_office_s_own_words_are_shown(brief) -> None:  # type: ignore[no-untyped-def]
    shown = " ".join(c["summary"] for c in brief["claims"] if c["kind"] == "quote")
    assert "“This will be the first visit by any Head of State" in shown
    assert "“Accompanying President Ebrahim Raisi" not in shown  # paraphrase, never quoted


def test_shown_words_are_credited_to_the_outlet_that_quotes_them(brief) -> None:  # type: ignore[no-untyped-def]
    for claim in brief["claims"]:
        if claim["kind"] != "quote" or "words as quoted by" not in claim["summary"]:
            continue
        outlet = claim["summary"].rsplit("words as quoted by ", 1)[1].removesuffix(")")
        words = _SHOWN.search(claim["summary"]).group(1).rstrip("…").strip()
        holders = {
            e["outlet"] for e in claim["support"] if words[:40] in " ".join(e["sentence"].split())
        }
        assert outlet in holders, (claim["summary"], holders)
