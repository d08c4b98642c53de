"""Stored text reaches the terminal as text: rich markup shown, not read; control codes dropped.

Regression: one article whose title held "[/b]" made `stories`, `story`, `events` and `search`
crash with rich's MarkupError for the whole store, and an outlet's escape sequences reached
the terminal raw.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.cli.app import app

runner = CliRunner()

TITLE = "Iran and Pakistan [/b] agree [bold]border[/bold] talks"
OUTLET = "Wire\x1b]0;pwned\x07\x1b[2J Desk"
TEXT = (
    "Iran and Pakistan agreed on Tuesday to hold talks on border security after Iranian "
    "missiles struck a militant group inside Pakistan in January, the foreign ministries of both "
    "countries said. Pakistan had retaliated with strikes on targets inside Iran the next day."
)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("terminal")
    record = {"id": "x1", "title": TITLE, "outlet": OUTLET, "text": TEXT, "published": "2024-02-01"}
    (root / "in.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = root / "t.db"
    result = runner.invoke(app, ["ingest", str(root / "in.jsonl"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize(
    "command",
    [["stories"], ["search", "border"], ["events"], ["story", "1"]],
    ids=["stories", "search", "events", "story"],
)
def test_commands_show_markup_as_text_without_control_codes(
    hostile_db: Path, command: list[str]
) -> None:
    result = runner.invoke(app, [*command, "--db", str(hostile_db)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    if command[0] in ("stories", "story", "search"):
        assert "[/b]" in result.stdout  # the title, as written
    if command[0] in ("story", "search"):
        assert "]0;pwned" in result.stdout.replace("\n", "")  # the outlet, defused


def test_skip_messages_with_markup_are_printed(tmp_path: Path) -> None:
    bad = tmp_path / "[red]x[bold].jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(bad), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1  # something was skipped, and the summary survived it
    assert "[red]x[bold].jsonl" in result.stdout.replace("\n", "")


def test_event_evidence_is_cut_at_a_word_with_an_ellipsis() -> None:
    from newsloom.cli.events import _clipped

    sentence = "Both countries conducted air strikes, purportedly targeting suspected hideouts."
    assert _clipped(sentence, 200) == sentence
    cut = _clipped(sentence, 40)
    assert cut.endswith("…") and len(cut) <= 40
    assert sentence.startswith(cut[:-1]) and not sentence[len(cut) - 1].isalnum()  # a whole word
