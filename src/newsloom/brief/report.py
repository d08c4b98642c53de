"""The full story brief: the stored story plus fused claims, conflicts, updates, summary, timeline, coverage."""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from newsloom.brief.fuse import StoryMember, embed_sentences, fuse_story
from newsloom.brief.identity import resolve_members
from newsloom.brief.records import FusedEntity, FusedStory
from newsloom.brief.summary import SentenceEmbedder, Summary, summarize_articles
from newsloom.store.read import load_members, story_article_ids
from newsloom.store.sqlite import Store
from newsloom.store.stories import StoryBrief, build_brief

# Word budget of the brief's summary.
SUMMARY_WORDS = 100
# Entities the Markdown and HTML briefs list, most widely named first: the people, bodies and
# places a reader scans for; the full list is in the JSON brief (`--json`).
BRIEF_ENTITIES = 15


@dataclass(frozen=True)
class StoryReport:
    """Everything the brief shows about one story, derived from the store on request."""

    brief: StoryBrief
    fused: FusedStory
    summary: Summary

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form: the story, its summary and the fused facts."""
        return {
            **self.brief.as_dict(),
            "summary": self.summary.as_dict(),
            "fusion": self.fused.as_dict(),
        }


def build_report(
    store: Store, story_id: int, embedder: SentenceEmbedder, *, words: int = SUMMARY_WORDS
) -> StoryReport:
    """Build a story's brief, fuse its articles' facts and summarise it."""
    brief = build_brief(store, story_id)
    stored = [
        m for m in load_members(store, story_article_ids(store, story_id)) if m.analysis.sentences
    ]
    members = [StoryMember(m.article_id, m.article, m.analysis, m.copy_of) for m in stored]
    # Fusion and the summary read the same sentences: embed them once, in one batch, for both.
    vectors = embed_sentences(members, embedder)
    fused = fuse_story(members, embedder, sentence_vectors=vectors)
    if fused.entities:  # the stored per-article names, replaced by the story's
        brief = replace(brief, entities=entities_by_label(fused.entities))
    # The summary weighs entities by how many outlets name them: by their story-wide names too
    # (fusion resolves its own copy; resolving is cheap next to embedding).
    members = list(resolve_members(members).members)
    summary = summarize_articles(
        [m.article for m in members],
        [m.analysis for m in members],
        embedder,
        words=words,
        independent=[m.copy_of is None for m in members],
        sentence_vectors=[vectors.get(m.article_id) for m in members],
    )
    return StoryReport(brief=brief, fused=fused, summary=summary)


def entities_by_label(entities: Sequence[FusedEntity]) -> dict[str, list[dict[str, Any]]]:
    """The brief's entity list: one entry per story entity, by label, most widely named first."""
    grouped: dict[str, list[FusedEntity]] = defaultdict(list)
    for e in entities:
        grouped[e.label].append(e)
    return {
        label: [
            {**asdict(e), "articles": len(e.articles), "article_ids": list(e.articles)}
            for e in sorted(items, key=lambda e: (-len(e.articles), -e.mentions, e.name))
        ]
        for label, items in sorted(grouped.items())
    }


def _entity_line(e: FusedEntity) -> tuple[str, str, str]:
    """An entity's name, what the story says it is, and who names it, as plain text."""
    about = ", ".join(x for x in (e.label, e.role, e.country) if x)
    also = [n for n in e.names if n != e.name]
    named = f"{_outlets(e.outlets)} ({e.independent_outlets} independent)"
    return e.name, about + (f"; also named {', '.join(also)}" if also else ""), named


def _outlets(outlets: tuple[str, ...] | list[str]) -> str:
    return ", ".join(outlets)


def to_markdown(report: StoryReport) -> str:
    """The brief as a Markdown document (article text is quoted as plain text)."""
    b, f = report.brief, report.fused
    lines = [
        f"# {b.headline}",
        "",
        f"Story {b.id}: {len(b.articles)} articles, {b.independent_sources} independent "
        f"sources, {(b.first or '?')[:10]} – {(b.last or '?')[:10]}.",
        "",
        "## Summary",
        "",
        report.summary.text,
        "",
    ]
    lines += (
        ["## Entities", ""]
        + [
            f"- **{name}** ({about}) — {named}"
            for name, about, named in map(_entity_line, f.entities[:BRIEF_ENTITIES])
        ]
        + [""]
    )
    lines += (
        ["## Corroborated", ""]
        + [
            f"- {c.summary} — {_outlets(c.outlets)} ({c.independent_outlets} independent)"
            for c in f.corroborated
        ]
        + [""]
    )
    lines += ["## Conflicts", ""] + ([f"- {c.summary}" for c in f.conflicts] or ["- none"]) + [""]
    lines += (
        ["## Updates", ""]
        + (
            [
                f"- {u.change}: {_outlets(u.earlier_outlets)} → {_outlets(u.later_outlets)} ({u.reason})"
                for u in f.updates
            ]
            or ["- none"]
        )
        + [""]
    )
    lines += (
        ["## Single-source", ""]
        + [f"- {c.summary} — {_outlets(c.outlets)}" for c in f.single_source]
        + [""]
    )
    lines += (
        ["## Timeline", ""]
        + [
            f"- {t.date}{' (background)' if t.background else ''}{' **main event**' if t.main else ''}: "
            f"{t.summary} — {_outlets(t.outlets)}"
            for t in f.timeline
        ]
        + [""]
    )
    lines += [
        "## Coverage by outlet",
        "",
        "| outlet | first report | articles | exclusives | omissions |",
        "|---|---|---|---|---|",
    ]
    for c in f.coverage:
        lines.append(
            f"| {c.outlet} | {c.first_report or 'undated'} | {c.articles} | {len(c.exclusives)} | "
            f"{len(c.omissions)} |"
        )
    lines += ["", "## Articles", ""] + [
        f"- {a.published or 'undated'} · {a.outlet or 'unknown outlet'} · {a.title or '(untitled)'}"
        + (f" (copy of {a.copy_of})" if a.copy_of else "")
        for a in b.articles
    ]
    return "\n".join(lines) + "\n"


def to_html(report: StoryReport) -> str:
    """The brief as one self-contained HTML page; every piece of article text is escaped."""
    e = html.escape
    b, f = report.brief, report.fused

    def items(rows: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{r}</li>" for r in rows) + "</ul>" if rows else "<p>none</p>"

    sections = [
        f"<h1>{e(b.headline)}</h1>",
        f"<p>Story {b.id}: {len(b.articles)} articles, {b.independent_sources} independent sources, "
        f"{e((b.first or '?')[:10])} – {e((b.last or '?')[:10])}.</p>",
        f"<h2>Summary</h2><p>{e(report.summary.text)}</p>",
        "<h2>Entities</h2>"
        + items(
            [
                f"<b>{e(name)}</b> ({e(about)}) <small>{e(named)}</small>"
                for name, about, named in map(_entity_line, f.entities[:BRIEF_ENTITIES])
            ]
        ),
        "<h2>Corroborated</h2>"
        + items(
            [f"{e(c.summary)} <small>{e(_outlets(c.outlets))}</small>" for c in f.corroborated]
        ),
        "<h2>Conflicts</h2>"
        + items(
            [
                f"{e(c.key)}: "
                + " <b>vs</b> ".join(
                    f"{e(str(s.value))} <small>({e(_outlets(s.outlets))})</small>" for s in c.sides
                )
                for c in f.conflicts
            ]
        ),
        "<h2>Updates</h2>"
        + items([f"{e(u.change)} <small>({e(u.reason)})</small>" for u in f.updates]),
        "<h2>Single-source</h2>"
        + items(
            [f"{e(c.summary)} <small>{e(_outlets(c.outlets))}</small>" for c in f.single_source]
        ),
        "<h2>Timeline</h2>"
        + items(
            [
                f"<b>{e(t.date)}</b>{' (background)' if t.background else ''}{' <mark>main event</mark>' if t.main else ''}: "
                f"{e(t.summary)} <small>{e(_outlets(t.outlets))}</small>"
                for t in f.timeline
            ]
        ),
        "<h2>Coverage by outlet</h2><table><tr><th>outlet</th><th>first report</th><th>articles</th>"
        "<th>exclusives</th><th>omissions</th></tr>"
        + "".join(
            f"<tr><td>{e(c.outlet)}</td><td>{e(c.first_report or 'undated')}</td><td>{c.articles}</td>"
            f"<td>{len(c.exclusives)}</td><td>{len(c.omissions)}</td></tr>"
            for c in f.coverage
        )
        + "</table>",
    ]
    style = (
        "body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.45}"
        "small{color:#555}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
    )
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{e(b.headline)}</title>'
        f"<style>{style}</style></head><body>{''.join(sections)}</body></html>\n"
    )
