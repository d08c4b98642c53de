"""Re-place every stored article with the current story scorer: `newsloom recluster`.

A store built by an older version, or from articles that had no dates then, keeps the stories
its scorer made at the time. Reclustering computes every analysed original's profile afresh
from its stored analysis, runs the assigner over them in ingest order as one run (its refine
and merge passes included), and writes the result back as moves:

* a new story takes the id of the old story that holds most of its articles, the largest
  overlaps first, so a story that survives keeps its id (and its links);
* the others get ids never used before;
* an old story left without articles is recorded as merged into the story most of them went
  to (`merged_into`), so every id ever shown still opens a story.

Copies follow their originals. Nothing is re-analysed, and running it twice changes nothing the
second time. It also keeps the brief's per-article readings (`newsloom.brief.readings`) of every
analysed article that lacks them: a store from before they were kept briefs as fast after it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newsloom.brief.stored_readings import fill_readings
from newsloom.ingest.pipeline import profile_of_row
from newsloom.store.sqlite import Store
from newsloom.stories.assigner import StoryAssigner
from newsloom.stories.profile import ArticleProfile


@dataclass
class ReclusterReport:
    """What a recluster changed."""

    articles: int = 0
    stories_before: int = 0
    stories_after: int = 0
    articles_moved: int = 0
    stories_kept: int = 0  # old ids that survive with at least one of their articles
    stories_created: int = 0
    stories_emptied: int = 0
    readings_filled: int = 0  # articles whose brief readings were read and kept (none before)

    def as_dict(self) -> dict[str, int]:
        """A JSON-ready form."""
        return dict(self.__dict__)


def recluster(store: Store) -> ReclusterReport:
    """Re-place every analysed original of the store; returns what changed. (A saved story
    index goes stale with the profiles rewritten, and the next run rebuilds it.) Articles
    without the brief's readings of this version get them (`fill_readings`)."""
    report = _recluster(store)
    report.readings_filled = fill_readings(store)
    return report


def _recluster(store: Store) -> ReclusterReport:
    """The re-placing itself."""
    keys, old, profiles, stored = [], [], [], []
    for article_id, key, story_id, row in store.original_inputs():
        profile = profile_of_row(row)
        if profile is None:
            continue
        keys.append(key)
        old.append(story_id)
        profiles.append(profile)
        stored.append((article_id, profile.to_bytes()))
    report = ReclusterReport(articles=len(keys), stories_before=len(set(old) - {None}))
    if not keys:
        return report
    labels = _assign(profiles)
    final = _stable_ids(old, labels, store.next_story_id(), report)
    store.write_profiles(stored)
    moves = [(k, f) for k, o, f in zip(keys, old, final, strict=True) if o != f]
    emptied = store.move_articles(moves)
    report.articles_moved = len(moves)
    report.stories_emptied = len(emptied)
    report.stories_after = len(set(final))
    return report


def _assign(profiles: list[ArticleProfile]) -> list[int]:
    """Each profile's story (1, 2, ...) after one run of the assigner with its passes."""
    assigner = StoryAssigner()
    labels, next_id = [], 1
    for profile in profiles:
        assignment = assigner.assign(profile, new_id=next_id)
        next_id += int(assignment.created)
        labels.append(assignment.story_id)
    for position, story_id in assigner.refine(list(zip(profiles, labels, strict=True)), next_id):
        labels[position] = story_id
    merged = dict((gone, kept) for kept, gone in assigner.merge_pass(set(labels)))
    for i, label in enumerate(labels):
        while label in merged:
            label = merged[label]
        labels[i] = label
    return labels


def _stable_ids(
    old: list[int | None], labels: list[int], next_id: int, report: ReclusterReport
) -> list[int]:
    """The final story id of each article: each new story gets the old id it overlaps most
    (largest overlaps first, each old id once), the rest new ids from next_id."""
    overlap = Counter((label, was) for label, was in zip(labels, old, strict=True) if was)
    given: dict[int, int] = {}
    used: set[int] = set()
    for (label, was), _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
        if label not in given and was not in used:
            given[label] = was
            used.add(was)
    report.stories_kept = len(used)
    for label in dict.fromkeys(labels):
        if label not in given:
            given[label] = next_id
            next_id += 1
            report.stories_created += 1
    return [given[label] for label in labels]
