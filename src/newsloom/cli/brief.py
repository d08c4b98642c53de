"""`newsloom story` in the terminal: the one brief model drawn with rich, stored text escaped."""

from __future__ import annotations

import re

from rich.console import Console
from rich.table import Table

from newsloom.brief.model import StoryBrief
from newsloom.cli.common import console
from newsloom.cli.common import markup_safe as escape
from newsloom.cli.tables import print_table

_CALENDAR = re.compile(r"\d{4}(?:$|-)")
# TIMEX3 parts of the day and seasons ("2025-03-11TMO", "2024-WI"), said in words in the terminal.
_PART_OF_DAY = re.compile(r"^(\d{4}(?:-\d{2}){0,2})T(MO|MI|AF|EV|NI|DT)$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_PART_WORDS = {
    "MO": "morning",
    "MI": "midday",
    "AF": "afternoon",
    "EV": "evening",
    "NI": "night",
    "DT": "daytime",
}
_SEASON_WORDS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
# Entities the terminal shows per type; the JSON brief has them all.
ENTITIES_PER_TYPE = 12


def _count(n: int, noun: str) -> str:
    """'1 article', '2 articles'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _outlets(names: tuple[str, ...]) -> str:
    return ", ".join(names)


def print_brief(brief: StoryBrief, out: Console = console) -> None:
    """Draw a story's brief: header, summary, claims, timeline, coverage, entities, articles."""
    out.rule(f"[bold]story {brief.id}[/bold]: {escape(brief.headline)}")
    out.print(
        f"{_count(len(brief.articles), 'article')}, "
        f"{_count(brief.independent_sources, 'independent source')}, "
        f"{escape(brief.span())}",
        highlight=False,
    )
    out.print(f"[bold]summary:[/bold] {escape(brief.summary.text)}", highlight=False)
    _print_claims(brief, out)
    _print_coverage(brief, out)
    ents = Table(title="entities by type")
    ents.add_column("type")
    ents.add_column("entities (articles)", overflow="fold")
    for label, items in brief.entities_by_label().items():
        shown = items[:ENTITIES_PER_TYPE]
        ents.add_row(
            escape(label), escape(", ".join(f"{e['name']} ({e['articles']})" for e in shown))
        )
    print_table(ents, out)
    # Calendar values only: durations (P1D), the present (PRESENT_REF) and dates left without
    # their year (XXXX-WXX-1) are codes, not dates; `--json` keeps them all.
    dated = [d for d in brief.dates if _CALENDAR.match(d.value)]
    if dated:
        mentioned = "; ".join(f"{date_words(d.value)} ({', '.join(d.texts[:2])})" for d in dated)
        out.print(f"[bold]dates mentioned:[/bold] {escape(mentioned)}", highlight=False)
    arts = Table(title="articles")
    for col in ("id", "outlet", "published", "title", "copy of"):
        arts.add_column(col, overflow="fold")
    for a in brief.articles:
        arts.add_row(
            str(a.id),
            escape(a.outlet or ""),
            escape((a.published or "")[:16] or _estimated(a.published_estimate)),
            escape(a.title or ""),
            str(a.copy_of) if a.copy_of else "",
        )
    print_table(arts, out)


def date_words(value: str) -> str:
    """A TIMEX3 calendar value as a reader says it: "2025-03-11TMO" is "2025-03-11 morning",
    "2024-WI" is "2024 winter"; other values are shown as they are."""
    if m := _PART_OF_DAY.match(value):
        return f"{m[1]} {_PART_WORDS[m[2]]}"
    if m := _SEASON.match(value):
        return f"{m[1]} {_SEASON_WORDS[m[2]]}"
    return value


def _estimated(value: str | None) -> str:
    """An estimated publication date as the brief shows it ("undated" when there is none)."""
    return f"~{value} (estimated)" if value else "undated"


def _print_claims(brief: StoryBrief, out: Console) -> None:
    """One table per kind of claim: corroborated, conflicts, updates, single-source, timeline."""
    updates = [
        f"{u.change}: {_outlets(u.earlier_outlets)} → {_outlets(u.later_outlets)}"
        + (f" (later report ~{u.when_estimate}, estimated)" if u.when_estimate else "")
        for u in brief.updates
    ]
    timeline = [
        f"{t.date}{' (estimated)' if t.estimated else ''}"
        f"{' (background)' if t.background else ''}"
        f"{' (main event)' if t.main else ''}: {t.summary}"
        for t in brief.timeline
    ]
    sections = [
        ("corroborated", [f"{c.summary} — {_outlets(c.outlets)}" for c in brief.corroborated]),
        ("conflicts", [c.summary for c in brief.conflicts]),
        ("updates", updates),
        ("single-source", [f"{c.summary} — {_outlets(c.outlets)}" for c in brief.single_source]),
        ("timeline", timeline),
    ]
    for title, rows in sections:
        heading = f"{title} ({len(rows)})"
        # at least as wide as its title: a short "none" table would fold the title in two
        table = Table(
            title=heading, show_header=False, title_justify="left", min_width=len(heading) + 4
        )
        table.add_column(title, overflow="fold")
        for row in rows or ["none"]:
            table.add_row(escape(row))
        print_table(table, out)


def _print_coverage(brief: StoryBrief, out: Console) -> None:
    """Each outlet's first report, volume, copies, exclusives and omissions."""
    cov = Table(title="coverage by outlet")
    for col in ("outlet", "first report", "articles", "copies", "words", "exclusives", "omissions"):
        cov.add_column(col, overflow="fold")
    for c in brief.coverage:
        cov.add_row(
            escape(c.outlet),
            escape((c.first_report or "")[:16] or _estimated(c.first_report_estimate)),
            str(c.articles),
            str(c.copies),
            str(c.words),
            str(len(c.exclusives)),
            str(len(c.omissions)),
        )
    print_table(cov, out)
