"""Cleaning: Unicode repair, edge boilerplate, language detection."""

from __future__ import annotations

from pathlib import Path

from newsloom.ingest.clean import clean_article, detect_language, is_boilerplate, normalise_text
from newsloom.model import Article, Skipped

BODY = (
    "Flood waters rose across the river valley on Tuesday, forcing hundreds of families to leave "
    "their homes as emergency crews worked through the night to shore up the levees.\n\n"
    "Officials said the water level had not been this high in forty years."
)


def test_edge_boilerplate_is_dropped_and_prose_kept() -> None:
    text = (
        "Advertisement\nSubscribe to our newsletter\n\n"
        + BODY
        + (
            "\n\nShare this story\nRead more: Dams under strain\n"
            "© 2025 Valley Times. All rights reserved."
        )
    )
    result = clean_article(Article(text=text, origin="t"))
    assert not isinstance(result, Skipped)
    assert result.article.text == BODY
    assert "Advertisement" in result.dropped and len(result.dropped) == 5


def test_boilerplate_words_inside_prose_are_kept() -> None:
    text = BODY + (
        "\n\nRead more about how the town plans to rebuild its flood defences in the coming "
        "years, which the council says will cost millions of euros and take a decade."
    )
    result = clean_article(Article(text=text, origin="t"))
    assert not isinstance(result, Skipped)
    assert result.article.text.endswith("take a decade.")
    assert result.dropped == ()


def test_mojibake_is_repaired() -> None:
    assert (
        normalise_text("The minister said â€œnoâ€\x9d to the plan")
        == "The minister said \u201cno\u201d to the plan"
    )


def test_only_boilerplate_becomes_empty_skip() -> None:
    result = clean_article(Article(text="Brought to you by\nShare this", origin="x.txt"))
    assert isinstance(result, Skipped) and result.code == "NL004" and result.origin == "x.txt"


def test_language_detection() -> None:
    assert detect_language(BODY) == "en"
    german = (
        "Die Regierung hat am Dienstag neue Maßnahmen gegen die steigenden Energiepreise "
        "beschlossen, teilte das Ministerium mit."
    )
    assert detect_language(german) == "de"
    assert detect_language("Ok.") is None


def test_is_boilerplate_lines() -> None:
    assert is_boilerplate("Brought to you by")
    assert is_boilerplate("Facebook | X | Email")
    assert not is_boilerplate("The president said the visit was brought forward by a week.")


def test_seed_footer_dropped(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("003_*.txt"))
    result = clean_article(Article(text=path.read_text(encoding="utf-8"), origin=str(path)))
    assert not isinstance(result, Skipped)
    assert "Brought to you by" not in result.article.text
    assert result.article.text.rstrip().endswith("evolving situation in the region.")
