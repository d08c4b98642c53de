"""An outlet's house lines: what it prints at the edge of reports of unrelated stories.

Slogans, funding appeals and newsletter prompts ("X is funded by its readers. Support
independent journalism at ...") are not news: ingest drops the familiar kinds by their wording
(`newsloom.ingest.clean`), but each outlet words its own. What gives every one of them away is
that the outlet prints the same line, word for word, at the start or end of reports about
different things. A line is taken for one when the same outlet has it at an edge of reports in
at least MIN_STORIES different stories; the brief then reads nothing from it (no claim, summary
sentence, entity or date).

Only the outlet's own repetition counts: different outlets carrying one sentence is a quote
they share or a copy, which corroborates; one outlet repeating a sentence within one story is
the story told again. Both are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsloom.model import StoryMember
from newsloom.store.boilerplate import outlet_line_hits
from newsloom.store.sqlite import Store

__all__ = ["EDGE_LINES", "MIN_STORIES", "edge_lines", "house_line_spans", "without_spans"]

# Lines read at each end of a text: slogans and prompts sit on the first or last line or two
# (the demo outlets' house lines are all the last line, newsletter prompts the first).
EDGE_LINES = 2
# A text with fewer lines than this has no edges apart from its body.
MIN_LINES = 3
# An outlet's line is a house line when it stands at an edge of its reports in this many
# different stories: two stories could share a background sentence; three unrelated events
# sharing one are the outlet speaking of itself.
MIN_STORIES = 3
# Lines of more words than this are paragraphs of the report, never looked up.
MAX_LINE_WORDS = 40
# Lines of fewer words say too little to be told apart ("Advertisement" is dropped at ingest).
MIN_LINE_WORDS = 3
# Other reports of the outlet read per line: enough to find MIN_STORIES stories among them.
MAX_HITS = 50


def _normal(line: str) -> str:
    """A line compared verbatim but for case and spacing."""
    return " ".join(line.split()).casefold()


def edge_lines(text: str) -> list[tuple[int, int, str]]:
    """The first and last EDGE_LINES non-blank lines of a text (fewer when it is short, so
    that one line at least lies between them), as (start, end, line), each short enough to be
    a house line."""
    lines: list[tuple[int, int, str]] = []
    offset = 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append((offset, offset + len(raw), raw.strip()))
        offset += len(raw) + 1
    if len(lines) < MIN_LINES:
        return []
    # at least one line between the edges read at either end: the body is never an edge
    reach = min(EDGE_LINES, (len(lines) - 1) // 2)
    edges = lines[:reach] + lines[-reach:]
    return [e for e in edges if MIN_LINE_WORDS <= len(e[2].split()) <= MAX_LINE_WORDS]


def _edge_set(text: str) -> set[str]:
    return {_normal(line) for _, _, line in edge_lines(text)}


def house_line_spans(
    store: Store, members: Sequence[StoryMember], story_id: int
) -> dict[int, list[tuple[int, int]]]:
    """For each member with house lines at its edges, their spans in its text."""
    found: dict[int, list[tuple[int, int]]] = {}
    decided: dict[tuple[str, str], bool] = {}
    for m in members:
        outlet = m.article.outlet
        if not outlet or m.is_copy:
            continue
        for start, end, line in edge_lines(m.article.text):
            key = (outlet, _normal(line))
            if key not in decided:
                decided[key] = _is_house_line(store, outlet, line, story_id)
            if decided[key]:
                found.setdefault(m.article_id, []).append((start, end))
    return found


def _is_house_line(store: Store, outlet: str, line: str, story_id: int) -> bool:
    """Whether the outlet has the line at an edge of reports in MIN_STORIES stories."""
    wanted = _normal(line)
    stories = {story_id}
    for hit in outlet_line_hits(store, outlet, line, MAX_HITS):
        if hit.story_id is None or hit.story_id in stories:
            continue
        if wanted in _edge_set(hit.text):
            stories.add(hit.story_id)
            if len(stories) >= MIN_STORIES:
                return True
    return False


def without_spans(member: StoryMember, spans: Sequence[tuple[int, int]]) -> StoryMember:
    """The member with nothing read from these spans of its text: no sentence, entity, date,
    figure, quote or event that overlaps one (the text itself stays, offsets hold)."""

    def clear(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in spans)

    a = member.analysis
    trimmed = replace(
        a,
        sentences=tuple(x for x in a.sentences if clear(x.start, x.end)),
        entities=tuple(x for x in a.entities if clear(x.start, x.end)),
        timexes=tuple(x for x in a.timexes if clear(x.start, x.end)),
        quantities=tuple(x for x in a.quantities if clear(x.start, x.end)),
        quotes=tuple(x for x in a.quotes if clear(x.start, x.end)),
        events=tuple(x for x in a.events if clear(x.start, x.end)),
    )
    return replace(member, analysis=trimmed)
