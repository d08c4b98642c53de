"""The brief's renderings (Markdown, HTML, terminal) escape stored text, which is untrusted."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from newsloom.brief.render import markdown_escape, safe_url, to_html, to_markdown

HOSTILE_TITLE = "Port strike ends <script>alert(1)</script> [/b] [click](javascript:alert(2))"
REPORT = (
    "Dock workers at the port of Antwerp ended a three-day strike on Friday after unions and "
    "the port authority agreed a 4 percent pay rise, the union ACV said. Ships that had waited "
    "off the coast began to berth on Friday evening, the port authority said."
)
FOLLOW_UP = (
    "The strike at Antwerp's port ended on Friday with a 4 percent pay rise for dock workers, "
    "union ACV said. About 40 ships had queued off the coast during the three-day stoppage."
)


@pytest.fixture(scope="module")
def hostile_brief(analyzer: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from newsloom.brief.report import build_brief
    from newsloom.ingest.pipeline import ingest_paths
    from newsloom.store.sqlite import Store
    from newsloom.store.stories import list_stories

    root = tmp_path_factory.mktemp("hostile")
    for name, text, meta in [
        ("wire", REPORT, {"outlet": "Wire <b>", "url": "javascript:alert(3)"}),
        ("paper", FOLLOW_UP, {"outlet": "Paper", "url": "https://example.org/port"}),
    ]:
        (root / "in").mkdir(exist_ok=True)
        (root / "in" / f"{name}.txt").write_text(f"{HOSTILE_TITLE}\n\n{text}", encoding="utf-8")
        meta = {**meta, "published": "2024-06-14"}
        (root / "in" / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
    db = root / "hostile.db"
    ingest_paths([root / "in"], db, analyzer=analyzer)
    with Store(db, readonly=True) as store:
        (story,) = list_stories(store)
        return build_brief(store, story.id, analyzer.embedder)


def test_markdown_escapes_tags_links_and_line_breaks() -> None:
    text = markdown_escape("a <script>\n[x](javascript:y) *b* | c")
    assert "<script>" not in text and "\n" not in text
    assert text == r"a \<script\> \[x\](javascript:y) \*b\* \| c"


def test_only_web_urls_become_links() -> None:
    assert safe_url("https://example.org/a") and safe_url("http://example.org")
    assert not safe_url("javascript:alert(1)") and not safe_url("data:text/html,x")
    assert not safe_url(None) and not safe_url("")


def test_markdown_brief_keeps_hostile_text_inert(hostile_brief: Any) -> None:
    markdown = to_markdown(hostile_brief)
    assert hostile_brief.headline == HOSTILE_TITLE
    assert "<script>" not in markdown and not re.search(r"(?<!\\)\]\(javascript:", markdown)
    assert r"\<script\>alert(1)\</script\>" in markdown  # shown, as text
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")


def test_html_brief_escapes_text_and_links_only_web_urls(hostile_brief: Any) -> None:
    page = to_html(hostile_brief)
    assert "<script" not in page and "&lt;script&gt;" in page
    assert 'href="https://example.org/port"' in page and "javascript:alert(3)" not in page
    assert "Wire &lt;b&gt;" in page
    # each corroborated claim opens to the sentences behind it
    if hostile_brief.corroborated:
        assert page.count("<details>") >= len(hostile_brief.corroborated)


def test_terminal_brief_prints_markup_as_text(hostile_brief: Any) -> None:
    from newsloom.cli.brief import print_brief
    from newsloom.cli.common import console

    with console.capture() as captured:
        print_brief(hostile_brief)
    out = captured.get()
    assert "[/b]" in out and "Wire <b>" in out
