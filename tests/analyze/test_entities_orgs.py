"""Entities: no names from table cells or lowercase words; companies and media typed ORG.

Regressions: Reuters' top entities held "cts", "Avg", "the" and "Revs 193.5 mln vs" (earnings
tables read as names); ferry companies ("Sealink Marine") were typed PERSON and an outlet's
name GPE.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from newsloom.model import Article, is_listed_name

FERRY = (
    "Sealink Marine, the company that operates the vessel, said 230 passengers were aboard. "
    "Sealink Marine said it had suspended all sailings. A spokesman for Sealink Marine Ltd "
    "declined to comment further.\n\n"
    "Azam Marine, a Zanzibar-based ferry firm, said it would add two boats on the route. "
    "The Harbour Tribune reported that the regulator had opened an inquiry."
)


def _entities(analyzer, text: str, outlet: str | None = None):  # type: ignore[no-untyped-def]
    (analysis,) = analyzer.extract([Article(text=text, origin="t", language="en", outlet=outlet)])
    return analysis.entities


def test_companies_are_organisations(analyzer) -> None:  # type: ignore[no-untyped-def]
    found = {(e.text, e.label) for e in _entities(analyzer, FERRY)}
    labels = {label for text, label in found if text in ("Sealink Marine", "Azam Marine")}
    assert labels == {"ORG"}, found
    assert ("The Harbour Tribune", "PERSON") not in found
    assert not any(label == "GPE" for text, label in found if "Tribune" in text)


def test_the_article_s_own_outlet_is_an_organisation(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "Dawn reported on Monday that the talks in Islamabad had ended without agreement."
    found = {e.canonical: e.label for e in _entities(analyzer, text, outlet="Dawn")}
    assert found.get("Dawn") in (None, "ORG") and found.get("Islamabad") == "GPE"


def _reuters_texts(data_dir: Path, count: int, keep: Callable[[str], bool]) -> list[str]:
    """The first count texts of the shared Reuters file that keep accepts."""
    path = data_dir / "reuters21578-articles.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"{path.name} not found under {data_dir}")
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            if keep(text):
                found.append(text)
                if len(found) == count:
                    break
    return found


def _earnings_tables(data_dir: Path, count: int) -> list[str]:
    return _reuters_texts(data_dir, count, lambda t: t.startswith("Shr ") and "Avg shrs" in t)


def test_table_cells_are_no_names(analyzer, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    tables = _earnings_tables(data_dir, 40)
    analyses = analyzer.extract([Article(text=t, origin="r", language="en") for t in tables])
    names = [e.text for a in analyses for e in a.entities]
    # what a person is shown: no lowercase words, no figures, no table abbreviations
    shown = [n for n in names if is_listed_name(n)]
    junk = [n for n in shown if any(ch.isdigit() for ch in n) or n in ("Avg", "Shr", "Revs")]
    assert junk == [], junk
    assert "cts" not in shown


def test_top_entities_of_earnings_stories_are_names(  # type: ignore[no-untyped-def]
    analyzer, data_dir: Path, tmp_path: Path
) -> None:
    from newsloom.ingest.pipeline import ingest_paths
    from newsloom.store.sqlite import Store
    from newsloom.store.stories import list_stories

    records = [{"id": f"r{i}", "text": t} for i, t in enumerate(_earnings_tables(data_dir, 30))]
    path = tmp_path / "tables.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest_paths([path], tmp_path / "t.db", analyzer=analyzer)
    with Store(str(tmp_path / "t.db"), readonly=True) as store:
        top = [name for story in list_stories(store) for name in story.top_entities]
    assert [n for n in top if not is_listed_name(n) or n in ("Avg", "Shr", "Revs")] == []


def test_prose_names_survive_beside_figures(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Iran fired 12 missiles on 16 January 2024, and Pakistan answered two days later.\n"
        "Net profit at Pakistan State Oil rose to 13.5 mln rupees."
    )
    names = {e.canonical for e in _entities(analyzer, text)}
    assert {"Iran", "Pakistan"} <= names


def _dividend_notices(data_dir: Path, count: int) -> list[str]:
    return _reuters_texts(data_dir, count, lambda t: t.startswith("Qtly div"))


def test_lowercase_words_are_no_names(analyzer, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    # Dividend notices spell their figures out ("eight cts"), so no table-row cue applies; the
    # tagger took the unit for a company, and every notice then shared its leading name.
    notices = _dividend_notices(data_dir, 30)
    own = (
        "Harlow Mills Inc raised its quarterly div to nine cts from eight cts, payable May 2 "
        "to holders of record April 10, the company said in Leeds."
    )
    analyses = analyzer.extract(
        [Article(text=t, origin="r", language="en") for t in [*notices, own]]
    )
    uncased = [e.text for a in analyses for e in a.entities if not any(c.isupper() for c in e.text)]
    assert uncased == []
    assert "Leeds" in {e.canonical for e in analyses[-1].entities}


def test_words_in_capitals_for_emphasis_are_no_names(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Savers in Tasman Bay were hit AGAIN on Thursday as Harbour Trust Bank cut its deposit "
        "rates. The union said the dispute was OVER, and the WHO and NATO were not involved."
    )
    names = {e.text for e in _entities(analyzer, text)}
    assert not names & {"AGAIN", "OVER"}, names
    assert {"WHO", "NATO"} <= names, names
