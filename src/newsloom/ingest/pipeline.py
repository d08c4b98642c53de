"""Wires the stages together: the single place that knows their order."""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from newsloom.analyze.analyzer import ANALYSED_LANGUAGES, Analyzer
from newsloom.analyze.sentence_vectors import embed_sentence_blocks
from newsloom.analyze.timex import (
    CONFIDENCE_NAMED_DAY,
    estimate_published,
    parse_published,
)
from newsloom.brief.readings import encode_readings, read_article, readings_version
from newsloom.errors import loses_input
from newsloom.ingest.clean import CleanResult, clean_article
from newsloom.ingest.dedup import Deduper, content_hash, signature_from_bytes, signature_to_bytes
from newsloom.ingest.sources import read_paths
from newsloom.model import Article, ArticleStatus, Skipped
from newsloom.store.fetch import originals_by_url
from newsloom.store.lock import writer_lock
from newsloom.store.sqlite import KnownArticle, ProfileRow, Store, StoredArticle
from newsloom.stories.assigner import StoryAssigner
from newsloom.stories.index import StoryIndex
from newsloom.stories.profile import ArticleProfile, build_profile, profile_from_analysis

# Articles are analysed and committed in batches of this many: one transaction
# per batch keeps a killed ingest consistent while amortising spaCy and ONNX calls.
BATCH_SIZE = 64
# An undated article's dates are resolved against the date its text suggests when the guess
# rests on a day the text names near it (`estimate_published`): a loose guess, with no named
# day close by, would put its weekdays and "this year" in the wrong place.
ESTIMATE_MIN_CONFIDENCE = CONFIDENCE_NAMED_DAY
# Stories whose exemplars stay in memory between batches (the most recently active ones);
# the rest are read back from the store when an article brings them up as candidates.
# About 5 KB each with 16 exemplars' worth of profiles at most, so ~100 MB at this size.
MAX_ACTIVE_STORIES = 20_000
# Story centroids sent to the index per bulk insert when it is rebuilt from the store.
REBUILD_CHUNK = 50_000
# Articles of a run the refine pass reconsiders at its end: the latest ones (all of a run up to
# this size). Bounds the profiles held for it (~5 KB each) and its time (~1 ms an article).
REFINE_WINDOW = 5_000


@dataclass
class IngestReport:
    """What an ingest did, for the summary and the exit status."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    unchanged: int = 0
    repaired: int = 0
    updated: int = 0  # stored articles whose page now has new text (fetching only)
    not_analysed: int = 0
    stories_created: int = 0
    stories_updated: int = 0
    stories_merged: int = 0
    articles_moved: int = 0
    stories_emptied: int = 0  # stories whose every article the refine pass moved elsewhere
    boilerplate_lines: int = 0
    elapsed: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no input was lost (warnings about kept articles do not count)."""
        return not any(loses_input(s) for s in self.skipped)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form of the report."""
        return {
            "read": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "unchanged": self.unchanged,
            "repaired": self.repaired,
            "updated": self.updated,
            "not_analysed": self.not_analysed,
            "stories_created": self.stories_created,
            "stories_updated": self.stories_updated,
            "stories_merged": self.stories_merged,
            "articles_moved": self.articles_moved,
            "stories_emptied": self.stories_emptied,
            "boilerplate_lines_dropped": self.boilerplate_lines,
            "elapsed_s": round(self.elapsed, 3),
            "languages": self.languages,
            "skipped": [
                {"origin": s.origin, "code": s.code, "message": s.message} for s in self.skipped
            ],
        }


def article_key(article: Article, digest: str) -> str:
    """A stable identity: the same report from the same place always gets the same key."""
    parts = [article.outlet or "", article.url or "", article.external_id or "", digest]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def _batches(items: Iterable[Article | Skipped], size: int) -> Iterator[list[Article | Skipped]]:
    batch: list[Article | Skipped] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def index_path(db_path: str) -> Path | None:
    """Where the story index of the store at db_path is kept (None for an in-memory store)."""
    if not db_path or db_path == ":memory:":
        return None
    return Path(db_path + ".stories.idx")


def profile_of_row(row: ProfileRow) -> ArticleProfile | None:
    """The stored article's profile, computed from its stored analysis when it has none yet.

    A stored profile is decoded only when first used: the assigner reads every article's
    vector and date, but the words and names of only the few exemplars it compares."""
    published = parse_published(row.published)
    if row.profile is not None:
        return ArticleProfile.stored_lazily(row.profile, row.embedding, published)
    if row.text is None:
        return None
    return build_profile(
        title=row.title,
        text=row.text,
        sentence_ends=row.sentence_ends or [],
        entities=row.entity_starts or [],
        timex_values=row.timex_values or [],
        vector=row.embedding,
        published=published,
    )


class Ingester:
    """Holds the store, the duplicate index and the story assigner for one ingest run.

    updates_by_url: an article whose URL is a stored original's, with other text, updates that
    article (a fetched page that changed) instead of being stored beside it. on_stored is told
    each batch's written records once they are committed."""

    def __init__(
        self,
        store: Store,
        analyzer: Analyzer,
        *,
        updates_by_url: bool = False,
        on_stored: Callable[[Sequence[StoredArticle]], None] | None = None,
    ) -> None:
        self.store = store
        self.analyzer = analyzer
        self.updates_by_url = updates_by_url
        self.on_stored = on_stored
        self.deduper = Deduper()
        self._index_path = index_path(store.path)
        saved = StoryIndex.load(self._index_path, store.fingerprint()) if self._index_path else None
        self.assigner = StoryAssigner(
            index=saved, max_active=MAX_ACTIVE_STORIES, loader=self._load_story
        )
        self._next_story = store.next_story_id()
        self._story_of: dict[str, int | None] = {}
        self._touched: set[int] = set()
        # (key, profile, story id) of the run's latest articles, for the refine pass.
        self._run: deque[tuple[str, ArticleProfile, int]] = deque(maxlen=REFINE_WINDOW)
        self._rebuild(index_loaded=saved is not None)
        self._resume_pending()

    def _resume_pending(self) -> None:
        """Take into this run's end-of-run passes the articles of an earlier run that was
        stopped before its passes were done, so that running again finishes its job."""
        for key, story_id, row in self.store.pending_articles():
            profile = profile_of_row(row)
            if profile is not None:
                self._run.append((key, profile, story_id))
                self._touched.add(story_id)

    def _load_story(self, story_id: int) -> list[ArticleProfile]:
        """The stored profiles of a story's articles, for the assigner."""
        return [p for p in map(profile_of_row, self.store.story_state(story_id)) if p is not None]

    def _rebuild(self, *, index_loaded: bool) -> None:
        """Load the duplicate index, story sizes and dates (centroids too without a saved index)."""
        sums: dict[int, np.ndarray] = {}
        for row in self.store.iter_state(embeddings=not index_loaded):
            self._story_of[row.key] = row.story_id
            if row.is_copy:
                continue
            self.deduper.add(row.key, row.content_hash, signature_from_bytes(row.minhash))
            if row.embedded and row.story_id is not None:
                self.assigner.restore(row.story_id, parse_published(row.published))
                if row.embedding is not None:
                    total = sums.get(row.story_id)
                    if total is None:
                        sums[row.story_id] = row.embedding.astype(np.float32)
                    else:
                        total += row.embedding
        ids = sorted(sums)
        for start in range(0, len(ids), REBUILD_CHUNK):
            chunk = ids[start : start + REBUILD_CHUNK]
            self.assigner.index.upsert_many(chunk, np.stack([sums.pop(s) for s in chunk]))

    def ingest(
        self,
        items: Iterable[Article | Skipped],
        on_progress: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Clean, deduplicate, analyse, cluster and store every article; then merge stories."""
        report = IngestReport()
        started = time.perf_counter()
        for batch in _batches(items, BATCH_SIZE):
            self._ingest_batch(batch, report)
            if on_progress:
                on_progress(len(batch))
        self._refine(report)
        self._merge(report)
        self.store.clear_pending()  # only now: a run stopped before this redoes the passes
        changed = (
            report.new
            or report.repaired
            or report.updated
            or report.stories_merged
            or report.articles_moved
        )
        if self._index_path is not None and changed:
            self.assigner.index.save(self._index_path, self.store.fingerprint())
        report.elapsed = time.perf_counter() - started
        return report

    def _refine(self, report: IngestReport) -> None:
        """Move articles of this run whose story, with the whole run in view, is another one."""
        run = list(self._run)
        self._run.clear()
        moves = self.assigner.refine(
            [(profile, story_id) for _, profile, story_id in run], self._next_story
        )
        if not moves:
            return
        created = {story_id for _, story_id in moves if story_id >= self._next_story}
        if created:  # stories split off
            self._next_story = max(created) + 1
            report.stories_created += len(created)
        moved = [(run[i][0], story_id) for i, story_id in moves]
        emptied = self.store.move_articles(moved)
        for key, story_id in moved:
            self._story_of[key] = story_id
            self._touched.add(story_id)
        self._redirect(dict(emptied))  # copies of moved articles still point at emptied stories
        report.articles_moved += len(moves)
        report.stories_emptied += len(emptied)

    def _merge(self, report: IngestReport) -> None:
        """Merge stories touched in this run into neighbours found to cover the same event."""
        merges = self.assigner.merge_pass(self._touched)
        self._touched.clear()
        if not merges:
            return
        self.store.merge_stories(merges)
        self._redirect({g: k for k, g in merges})
        report.stories_merged += len(merges)

    def _redirect(self, gone: dict[int, int]) -> None:
        """Point every article (and the stories touched in the run) away from stories that are
        gone, merged or emptied, to the story each went into."""
        if not gone:
            return
        for key, story_id in self._story_of.items():
            while story_id in gone:
                story_id = gone[story_id]
            self._story_of[key] = story_id
        self._touched.difference_update(gone)

    def _ingest_batch(self, batch: Sequence[Article | Skipped], report: IngestReport) -> None:
        """Clean, deduplicate, analyse, assign and store one batch, in one transaction."""
        records = self._new_records(self._cleaned(batch, report), report)
        to_analyse = [i for i, r in enumerate(records) if r.status is ArticleStatus.ANALYSED]
        analyses = self.analyzer.pipe([_dated(records[i]) for i in to_analyse])
        # an article whose extraction failed is kept (embedded, without its extraction)
        report.skipped.extend(self.analyzer.take_failures())
        vectors = embed_sentence_blocks(self.analyzer.embedder, analyses)
        version = readings_version()
        for i, analysis, block in zip(to_analyse, analyses, vectors, strict=True):
            # What a brief reads of the article, read once now (newsloom.brief.readings).
            kept = (version, encode_readings(read_article(records[i].article, analysis)))
            records[i] = replace(
                records[i], analysis=analysis, sentence_vectors=block, readings=kept
            )
        new_stories: set[int] = set()
        touched: set[int] = set()
        for i, rec in enumerate(records):
            records[i] = rec = self._assigned(rec, new_stories)
            if rec.story_id is not None and rec.story_id not in new_stories:
                touched.add(rec.story_id)
        self.store.write_articles(records, new_stories)
        self.assigner.trim()  # only now: the batch's articles are in the store to be read back
        if self.on_stored is not None:
            self.on_stored(records)
        report.stories_created += len(new_stories)
        report.stories_updated += len(touched)

    @staticmethod
    def _cleaned(batch: Sequence[Article | Skipped], report: IngestReport) -> list[_Input]:
        """The batch's readable articles, cleaned, with their keys; the rest reported skipped."""
        cleaned: list[_Input] = []
        for item in batch:
            if isinstance(item, Skipped):
                report.skipped.append(item)
                continue
            report.read += 1
            result = clean_article(item)
            if isinstance(result, Skipped):
                report.skipped.append(result)
                continue
            cleaned.append(_Input.of(result))
        return cleaned

    def _new_records(self, cleaned: Sequence[_Input], report: IngestReport) -> list[StoredArticle]:
        """A record for each article not stored yet (a copy, or new, to analyse or not), and
        for each stored one given metadata it lacked."""
        keys = [i.key for i in cleaned] + [i.outletless_key for i in cleaned if i.outletless_key]
        stored = self.store.known_articles(keys)
        at_url = self._originals_at_urls(cleaned, stored)
        records: list[StoredArticle] = []
        seen: set[str] = set()
        for item in cleaned:
            key, result = item.key, item.result
            known = _known(stored, item)
            if known is None and result.article.url in at_url:
                known, stored_hash = at_url[result.article.url]
                if known.key not in seen:
                    seen.add(known.key)
                    records.extend(self._updated(known, stored_hash, item, report))
                else:
                    report.unchanged += 1
                continue
            if known is not None:
                repaired = self._repaired(known, item) if known.key not in seen else None
                seen.add(known.key)
                if repaired is None:
                    report.unchanged += 1
                else:
                    report.repaired += 1
                    records.append(repaired)
                continue
            if key in seen:
                report.unchanged += 1
                continue
            seen.add(key)
            records.append(self._record(key, result, report))
        return records

    def _originals_at_urls(
        self, cleaned: Sequence[_Input], stored: dict[str, KnownArticle]
    ) -> dict[str, tuple[KnownArticle, str]]:
        """With updates_by_url: the stored original at the URL of each input not stored yet."""
        if not self.updates_by_url:
            return {}
        urls = [
            i.result.article.url
            for i in cleaned
            if i.result.article.url and _known(stored, i) is None
        ]
        return originals_by_url(self.store, urls) if urls else {}

    def _updated(
        self, known: KnownArticle, stored_hash: str, item: _Input, report: IngestReport
    ) -> list[StoredArticle]:
        """The record that replaces a stored article's text with its page's new text, under
        its key; none when the text is the same (up to case, spacing and punctuation)."""
        if item.digest == stored_hash or known.is_copy:
            report.unchanged += 1
            return []
        article = item.result.article
        article = replace(
            article,
            outlet=known.outlet or article.outlet,
            published=article.published or known.published,
        )
        _, signature = self.deduper.check(article.text)
        # Under its old key: copies found of the old text stay copies of this article.
        self.deduper.add(known.key, item.digest, signature)
        analysed = article.language in ANALYSED_LANGUAGES
        report.updated += 1
        return [
            StoredArticle(
                key=known.key,
                article=article,
                content_hash=item.digest,
                status=ArticleStatus.ANALYSED if analysed else ArticleStatus.NOT_ANALYSED,
                minhash=signature_to_bytes(signature),
                stored_id=known.id,
                previous_story=known.story_id,
                replaces_text=True,
            )
        ]

    @staticmethod
    def _repaired(known: KnownArticle, item: _Input) -> StoredArticle | None:
        """A stored article the input adds to: an outlet or date it lacks, or, stored as not
        English, now read as English. An analysed original (or one to analyse now) is analysed
        and placed again; a copy or a still unanalysed article only gets the metadata. None when
        the input adds nothing."""
        article = item.result.article
        outlet = known.outlet or article.outlet
        published = known.published or article.published
        readable_now = (
            known.status == ArticleStatus.NOT_ANALYSED
            and not known.is_copy
            and article.language in ANALYSED_LANGUAGES
        )
        if (outlet, published) == (known.outlet, known.published) and not readable_now:
            return None
        fixed = replace(article, outlet=outlet, published=published)
        if readable_now or (known.status == ArticleStatus.ANALYSED and not known.is_copy):
            return StoredArticle(
                key=known.key,
                article=fixed,
                content_hash=item.digest,
                status=ArticleStatus.ANALYSED,
                stored_id=known.id,
                previous_story=known.story_id,
            )
        return StoredArticle(
            key=known.key,
            article=fixed,
            content_hash=item.digest,
            status=ArticleStatus(known.status),
            story_id=known.story_id,
            stored_id=known.id,
            metadata_only=True,
        )

    def _record(self, key: str, result: CleanResult, report: IngestReport) -> StoredArticle:
        """One new article's record: a copy of a stored report, or an original to keep."""
        article = result.article
        report.boilerplate_lines += len(result.dropped)
        lang = article.language or "unknown"
        report.languages[lang] = report.languages.get(lang, 0) + 1
        dedup, signature = self.deduper.check(article.text)
        if dedup.copy_of is not None:
            report.duplicates += 1
            return StoredArticle(
                key=key,
                article=article,
                content_hash=dedup.content_hash,
                status=ArticleStatus.COPY,
                copy_of_key=dedup.copy_of,
                copy_kind=dedup.kind,
            )
        self.deduper.add(key, dedup.content_hash, signature)
        report.new += 1
        analysed = article.language in ANALYSED_LANGUAGES
        if not analysed:
            report.not_analysed += 1
        return StoredArticle(
            key=key,
            article=article,
            content_hash=dedup.content_hash,
            status=ArticleStatus.ANALYSED if analysed else ArticleStatus.NOT_ANALYSED,
            minhash=signature_to_bytes(signature),
            published_estimate=published_estimate(article) if analysed else None,
        )

    def _assigned(self, rec: StoredArticle, new_stories: set[int]) -> StoredArticle:
        """The record with its story: its original's for a copy, else the assigner's choice."""
        if rec.metadata_only:
            return rec  # a copy keeps its original's story, an unanalysed article has none
        story_id: int | None = None
        if rec.copy_of_key is not None:
            story_id = self._story_of.get(rec.copy_of_key)
        elif rec.analysis is not None and rec.analysis.embedding:
            # (an article the embedder failed on has no embedding and so no story: NL025)
            self._withdraw(rec)
            profile = profile_from_analysis(
                rec.article.title,
                rec.article.text,
                rec.analysis,
                parse_published(rec.article.published),
            )
            rec = replace(rec, profile=profile.to_bytes())
            assignment = self.assigner.assign(profile, self._next_story)
            story_id = assignment.story_id
            self._run.append((rec.key, profile, story_id))
            self._touched.add(story_id)
            if assignment.created:
                new_stories.add(story_id)
                self._next_story += 1
        self._story_of[rec.key] = story_id
        return replace(rec, story_id=story_id)

    def _withdraw(self, rec: StoredArticle) -> None:
        """Take a repaired article out of the story it was placed in, before placing it again."""
        if rec.stored_id is None or rec.previous_story is None:
            return
        row = self.store.article_profile(rec.stored_id)
        old = profile_of_row(row) if row is not None else None
        if old is None:
            return
        if self.assigner.withdraw(rec.previous_story, old):
            self._touched.discard(rec.previous_story)
        else:
            self._touched.add(rec.previous_story)


def published_estimate(article: Article) -> dict[str, object] | None:
    """For an article given no publication date, the date its text suggests (value,
    confidence, basis), when the guess is sure enough to resolve its dates against."""
    if article.published:
        return None
    estimate = estimate_published(article.text)
    if estimate is None or estimate.confidence < ESTIMATE_MIN_CONFIDENCE:
        return None
    return estimate.as_dict()


def _dated(rec: StoredArticle) -> Article:
    """The record's article as it is analysed: an undated one anchored on its estimated date,
    so that "on Sunday" and "April 22nd to 24th" resolve (the record keeps `published` as
    given)."""
    if rec.published_estimate is None:
        return rec.article
    return rec.article.with_changes(published=str(rec.published_estimate["value"]))


@dataclass(frozen=True)
class _Input:
    """One cleaned input article with the keys it may be stored under, hashed once."""

    key: str
    result: CleanResult
    digest: str  # content_hash of the cleaned text
    # The key it would have had without its outlet (None when it has none): a report stored
    # before its outlet was known.
    outletless_key: str | None

    @classmethod
    def of(cls, result: CleanResult) -> _Input:
        """The keys of one cleaned article."""
        article = result.article
        digest = content_hash(article.text)
        outletless = (
            article_key(replace(article, outlet=None), digest)
            if article.outlet is not None
            else None
        )
        return cls(article_key(article, digest), result, digest, outletless)


def _known(stored: dict[str, KnownArticle], item: _Input) -> KnownArticle | None:
    """The stored article this input is: by its key, else stored without an outlet, or with
    this one added since."""
    known = stored.get(item.key)
    if known is not None:
        return known
    known = stored.get(item.outletless_key) if item.outletless_key else None
    if known is not None and known.outlet in (None, item.result.article.outlet):
        return known
    return None


def ingest_paths(
    paths: Sequence[str | Path],
    db_path: str | Path,
    *,
    outlet: str | None = None,
    published: str | None = None,
    analyzer: Analyzer | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read the given files, directories or stdin ("-") into the store at db_path.

    One ingest into a store runs at a time: another waits (on_wait is told why) until it ends,
    then starts from what it stored."""
    items = read_paths(paths, outlet=outlet, published=published)  # checks --published first
    return ingest_items(items, db_path, analyzer=analyzer, on_progress=on_progress, on_wait=on_wait)


def ingest_items(
    items: Iterable[Article | Skipped],
    db_path: str | Path,
    *,
    analyzer: Analyzer | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest articles already read (from any source) into the store at db_path, under the
    store's writer lock: the one write path of the CLI, the web app and the Python API."""
    with Store(db_path) as store:
        loaded = analyzer or Analyzer.load()
        with writer_lock(store.path, on_wait):
            return Ingester(store, loaded).ingest(items, on_progress)
