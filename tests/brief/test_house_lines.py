"""An outlet's house lines (slogans, funding appeals) are read as nothing; a line that recurs
because outlets quote one statement, or one outlet retells its story, is kept (first-use defect:
"X is funded by its readers" became a claim and an ORG entity)."""

from __future__ import annotations

from pathlib import Path

from newsloom.brief.boilerplate import edge_lines
from newsloom.brief.report import build_brief
from newsloom.data import demo_folder
from newsloom.ingest.pipeline import ingest_items, ingest_paths
from newsloom.model import Article
from newsloom.store.sqlite import Store
from newsloom.store.stories import list_stories

SLOGAN = "Copperline Review is funded by its readers."


def _briefs(db: Path, analyzer):  # type: ignore[no-untyped-def]
    with Store(db, readonly=True) as store:
        return [build_brief(store, s.id, analyzer.embedder) for s in list_stories(store)]


def _read(brief) -> str:  # type: ignore[no-untyped-def]
    """Everything a brief says in words: claims, summary, entity names."""
    claims = " ".join(c.summary for c in brief.claims)
    names = " ".join(e.name for e in brief.entities)
    return f"{claims} {brief.summary.text} {names}"


def _read_from(brief, line: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether any claim or summary sentence of the brief rests on a sentence of the line."""
    said = [e.sentence for c in brief.claims for e in c.support]
    said += [s.text for s in brief.summary.sentences]
    return any(" ".join(s.split()) in line for s in said)


def test_edge_lines_are_short_lines_at_either_end() -> None:
    body = "\n\n".join(f"Paragraph {i} of the report says something new." for i in range(5))
    text = f"Sign up for our morning newsletter today\n\n{body}\n\n{SLOGAN}"
    lines = [line for _, _, line in edge_lines(text)]
    assert lines[0] == "Sign up for our morning newsletter today" and lines[-1] == SLOGAN
    assert "Paragraph 2 of the report says something new." not in lines
    start, end, line = edge_lines(text)[-1]
    assert text[start:end] == line
    assert edge_lines("One line.\n\nTwo lines.") == []  # a short text is all body


def test_demo_outlet_slogans_are_no_claims_entities_or_summary(  # type: ignore[no-untyped-def]
    tmp_path: Path, analyzer
) -> None:
    """The demo's Copperline Review and Atlas Bulletin end every report with their own line;
    the briefs read nothing from them, and the reports' own last lines are kept."""
    db = tmp_path / "demo.db"
    ingest_paths(
        [demo_folder() / "copperline-review", demo_folder() / "atlas-bulletin"],
        db,
        analyzer=analyzer,
    )
    briefs = _briefs(db, analyzer)
    assert len(briefs) >= 3
    for brief in briefs:
        said = _read(brief)
        assert "funded by its readers" not in said
        assert "independent news, every day" not in said
        names = {e.name for e in brief.entities}
        assert not names & {"Copperline Review", "Atlas Bulletin"}
    # The body of the reports still speaks: a real last paragraph stays a claim somewhere.
    assert any("Curicó" in _read(b) for b in briefs)


def _report(outlet: str, title: str, body: str, last: str, published: str) -> Article:
    return Article(f"{body}\n\n{last}", f"{outlet}-{title}.txt", title, outlet, None, published)


BODIES = {
    "quake": (
        "A magnitude 6.2 earthquake struck near the Peruvian city of Arequipa on Monday, "
        "damaging hundreds of adobe houses in the surrounding valleys.\n\n"
        "Peru's civil defence institute said four people were killed and 60 injured.\n\n"
        "Rescue teams from Lima reached the worst-hit villages by helicopter on Monday night."
    ),
    "strike": (
        "Train drivers in Finland walked out on Monday in a 24-hour strike over pay, halting "
        "commuter services around Helsinki and long-distance trains to Oulu.\n\n"
        "The rail union said talks with the state operator had broken down over wages.\n\n"
        "Finnish commuters crowded onto buses and ferries on Monday morning."
    ),
    "vote": (
        "Voters in Iceland elected a new parliament on Saturday after a short campaign "
        "dominated by housing costs and the cost of living.\n\n"
        "The Social Democratic Alliance won the most seats, according to the electoral "
        "commission in Reykjavik.\n\n"
        "Coalition talks are expected to begin next week."
    ),
}
QUOTE = '"We will rebuild every home," said Peruvian President Dina Boluarte.'
# The quake as three outlets told it in their own words, each ending with the same quote.
QUAKE_TOLD = (
    BODIES["quake"],
    "Four people died and 60 were hurt when a strong earthquake of magnitude 6.2 shook the "
    "Arequipa region of southern Peru on Monday, the civil defence institute said.\n\n"
    "Hundreds of adobe homes collapsed or were badly damaged in valley villages.\n\n"
    "Helicopters carried rescuers from Lima to the remote villages overnight.",
    "Southern Peru was counting the damage on Monday after a 6.2-magnitude quake near Arequipa "
    "killed four people and injured 60, according to civil defence officials.\n\n"
    "Many of the houses that fell were built of adobe.\n\n"
    "Teams flown in from Lima searched the rubble through the night.",
)


def test_a_statement_quoted_by_several_outlets_stays_corroborated(  # type: ignore[no-untyped-def]
    tmp_path: Path, analyzer
) -> None:
    """Three outlets end their quake reports with one quote (and print reports on other
    stories too): the quote is corroboration, not a house line."""
    outlets = ("Andes Wire", "Pacific Daily", "Sierra Times")
    reports = [
        _report(outlet, "quake", QUAKE_TOLD[i], QUOTE, f"2025-06-0{2 + i}")
        for i, outlet in enumerate(outlets)
    ]
    reports.append(_report("Andes Wire", "vote", BODIES["vote"], "More soon.", "2025-06-01"))
    reports.append(_report("Pacific Daily", "strike", BODIES["strike"], "More soon.", "2025-06-02"))
    db = tmp_path / "quoted.db"
    ingest_items(reports, db, analyzer=analyzer)
    briefs = _briefs(db, analyzer)
    quake = next(b for b in briefs if "Arequipa" in _read(b))
    quoted = [c for c in quake.claims if "rebuild every home" in c.summary]
    assert quoted and max(c.independent_outlets for c in quoted) == 3


def test_house_line_needs_three_stories_of_one_outlet(  # type: ignore[no-untyped-def]
    tmp_path: Path, analyzer
) -> None:
    """The same outlet line on reports of three unrelated stories is dropped; printed on
    reports of two, it is kept (the reports may share a background sentence)."""
    line = "Harbor Ledger is funded by its readers. Support independent journalism today."
    reports = [
        _report("Harbor Ledger", name, body, line, "2025-06-02") for name, body in BODIES.items()
    ]
    db = tmp_path / "three.db"
    ingest_items(reports, db, analyzer=analyzer)
    briefs = _briefs(db, analyzer)
    assert len(briefs) == 3
    assert not any(_read_from(b, line) for b in briefs)

    db2 = tmp_path / "two.db"
    ingest_items(reports[:2], db2, analyzer=analyzer)
    # ("journalism today" is then read as a date, as any sentence of a report would be)
    assert any(_read_from(b, line) for b in _briefs(db2, analyzer))
