"""The Python API: `newsloom.open(path)` and the same typed records the CLI and web app show."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsloom.brief.article_view import ArticleView, article_view
from newsloom.brief.event_filters import check_date, check_event_type, resolve_actor
from newsloom.brief.model import StoryBrief
from newsloom.brief.relations import PERIODS, RelationSeries, relation_series
from newsloom.errors import NewsloomError, NotFoundError
from newsloom.model import Article, SentenceEmbedder, Skipped
from newsloom.store.events import StoredEvent, first_events, list_events
from newsloom.store.readonly import ReadStore
from newsloom.store.sqlite import Store
from newsloom.store.stories import SearchHit, StorySummary, search, story_summary
from newsloom.store.story_pages import (
    STORY_SORTS,
    StoryFilter,
    StoryPage,
    stored_outlets,
    story_page,
)

if TYPE_CHECKING:
    from newsloom.analyze.analyzer import Analyzer
    from newsloom.ingest.pipeline import IngestReport

__all__ = ["Newsloom", "open_store"]

# Briefs kept per open store, keyed by story id and the store's fingerprint (which changes with
# every ingest, delete or merge): building one embeds every sentence of the story (seconds for
# a big story), and a reader who opens a brief often opens it again (its JSON, a shared link).
BRIEF_CACHE_SIZE = 32
# Origin of records given as Python dicts, in skip messages ("records#3").
RECORDS_ORIGIN = "records"
# The largest id SQLite stores (a signed 64-bit integer): a larger one names nothing, and
# SQLite cannot even be asked about it (the web app got one from any URL).
MAX_STORED_ID = 2**63 - 1

Input = str | Path | Mapping[str, Any] | Article


class Newsloom:
    """One newsloom store: ingest articles, list and search stories, read briefs and events.

    Reads open a read-only connection per call (safe from several threads); `query_ms` puts a
    time limit on each read query, as the web app does. The sentence embedder and the analyzer
    are loaded on first use unless given."""

    def __init__(
        self,
        path: str | Path,
        *,
        embedder: SentenceEmbedder | None = None,
        analyzer: Analyzer | None = None,
        query_ms: int | None = None,
    ) -> None:
        self.path = str(path)
        self.query_ms = query_ms
        self._embedder = embedder
        self._analyzer = analyzer
        self._loading = threading.Lock()
        self._cache_lock = threading.Lock()
        self._briefs: OrderedDict[tuple[int, str], StoryBrief] = OrderedDict()
        self._outlets: tuple[str, tuple[str, ...]] | None = None  # (fingerprint, outlets)
        if not Path(self.path).exists():
            Store(self.path).close()  # a new, empty store: reads work before the first ingest

    def __repr__(self) -> str:
        return f"Newsloom({self.path!r})"

    # -- loading ---------------------------------------------------------------------

    def reader(self) -> ReadStore:
        """A read-only connection to the store (close it, or use it in a `with`)."""
        return ReadStore(self.path, query_ms=self.query_ms)

    @property
    def embedder(self) -> SentenceEmbedder:
        """The sentence embedder briefs use, loaded on first use."""
        with self._loading:
            if self._embedder is None and self._analyzer is not None:
                self._embedder = self._analyzer.embedder  # already loaded: the same model
            if self._embedder is None:
                from newsloom.analyze.embed import load_embedder

                self._embedder = load_embedder()
            return self._embedder

    @property
    def analyzer(self) -> Analyzer:
        """The analyzer ingest uses, loaded on first use."""
        with self._loading:
            if self._analyzer is None:
                from newsloom.analyze.analyzer import Analyzer

                self._analyzer = Analyzer.load()
            return self._analyzer

    # -- writes ----------------------------------------------------------------------

    def ingest(
        self,
        inputs: Input | Iterable[Input],
        *,
        outlet: str | None = None,
        published: str | None = None,
    ) -> IngestReport:
        """Ingest files or folders (paths), article records (dicts of the JSONL schema) or
        Articles; one writer at a time (others wait). Bad inputs are skipped and reported."""
        from newsloom.ingest.pipeline import ingest_items

        items = _items(inputs, outlet=outlet, published=published)
        return ingest_items(items, self.path, analyzer=self.analyzer)

    # -- reads -----------------------------------------------------------------------

    def stories(
        self,
        *,
        sort: str = "size",
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        entity: str | None = None,
        page: int = 1,
        per_page: int = 50,
    ) -> list[StorySummary]:
        """One page of the story list (largest first by default), filtered as asked."""
        f = StoryFilter(sort, since, until, outlet, entity, page, per_page)
        return list(self.story_page(f).stories)

    def story_page(self, f: StoryFilter) -> StoryPage:
        """One page of the story list with its filter and whether a next page exists."""
        if f.sort not in STORY_SORTS:
            raise NewsloomError(f"unknown sort {f.sort!r}: use one of {', '.join(STORY_SORTS)}")
        check_date(f.since, "since")
        check_date(f.until, "until")
        with self.reader() as store:
            return story_page(store, f)

    def outlets(self) -> list[str]:
        """Every outlet with a stored article, sorted (kept until the store changes)."""
        with self.reader() as store:
            key = store.fingerprint()
            with self._cache_lock:
                if self._outlets is not None and self._outlets[0] == key:
                    return list(self._outlets[1])
            found = stored_outlets(store)
        with self._cache_lock:
            self._outlets = (key, tuple(found))
        return found

    def story(self, story_id: int) -> StorySummary | None:
        """The story list's row for one story (a merged id gives the story it went into)."""
        if not _storable(story_id):
            return None
        with self.reader() as store:
            return story_summary(store, store.resolve_story(story_id))

    def resolve_story(self, story_id: int) -> int:
        """The id a (possibly merged) story id now lives under."""
        if not _storable(story_id):
            return story_id  # no story was ever stored, let alone merged, under it
        with self.reader() as store:
            return store.resolve_story(story_id)

    def brief(self, story_id: int) -> StoryBrief:
        """The brief of a story (a merged id gives the brief of the story it went into)."""
        from newsloom.brief.report import build_brief

        if not _storable(story_id):
            raise NotFoundError(f"no story with id {story_id}")
        with self.reader() as store:
            story_id = store.resolve_story(story_id)
            if story_summary(store, story_id) is None:  # before any model is loaded
                raise NotFoundError(f"no story with id {story_id}")
            key = (story_id, store.fingerprint())
            with self._cache_lock:
                cached = self._briefs.get(key)
            if cached is not None:
                return cached
            brief = build_brief(store, story_id, self.embedder)
        with self._cache_lock:
            self._briefs[key] = brief
            while len(self._briefs) > BRIEF_CACHE_SIZE:
                self._briefs.popitem(last=False)
        return brief

    def article(self, article_id: int) -> ArticleView:
        """One stored article with its metadata, text and what analysis marked in it."""
        if not _storable(article_id):
            raise NotFoundError(f"no article with id {article_id}")
        with self.reader() as store:
            found = article_view(store, article_id)
        if found is None:
            raise NotFoundError(f"no article with id {article_id}")
        return found

    def search(
        self, query: str, *, limit: int = 20, marks: tuple[str, str] = ("[", "]")
    ) -> list[SearchHit]:
        """Full-text search over titles and texts, best first, matched words between `marks`."""
        with self.reader() as store:
            return search(store, query, limit=limit, marks=marks)

    def events(
        self,
        *,
        actor: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[StoredEvent]:
        """Stored events, oldest first, filtered as `newsloom events` filters them."""
        check_date(since, "since")
        check_date(until, "until")
        with self.reader() as store:
            code = resolve_actor(store, actor) if actor else None
            kind = check_event_type(store, event_type) if event_type else None
            return list_events(store, actor=code, event_type=kind, since=since, until=until)

    def events_page(
        self,
        *,
        limit: int,
        actor: str | None = None,
        event_type: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> tuple[int, list[StoredEvent]]:
        """How many events `events` would return with these filters, and the first `limit`."""
        check_date(since, "since")
        check_date(until, "until")
        with self.reader() as store:
            code = resolve_actor(store, actor) if actor else None
            kind = check_event_type(store, event_type) if event_type else None
            return first_events(
                store, limit=limit, actor=code, event_type=kind, since=since, until=until
            )

    def relations(
        self,
        a: str,
        b: str,
        *,
        by: str = "month",
        since: str | None = None,
        until: str | None = None,
    ) -> RelationSeries:
        """How two actors (ISO-3 codes or country names) treat each other, period by period."""
        if by not in PERIODS:
            raise NewsloomError(f"unknown period {by!r}: use {' or '.join(PERIODS)}")
        check_date(since, "since", weeks=True)
        check_date(until, "until", weeks=True)
        with self.reader() as store:
            code_a, code_b = resolve_actor(store, a), resolve_actor(store, b)
            found = list_events(store, actor=code_a)
        pairs = ((e.event, e.article_id) for e in found)
        return relation_series(pairs, code_a, code_b, by=by, since=since, until=until)

    def counts(self) -> dict[str, int]:
        """Numbers of articles, stories and copies in the store."""
        with self.reader() as store:
            return store.counts()


def _storable(record_id: int) -> bool:
    """Whether an id is one SQLite can hold (a larger one raises OverflowError in a query)."""
    return -MAX_STORED_ID - 1 <= record_id <= MAX_STORED_ID


def _items(
    inputs: Input | Iterable[Input], *, outlet: str | None, published: str | None
) -> Iterator[Article | Skipped]:
    """Articles from a mix of paths, records and Articles, in order."""
    from newsloom.ingest.sources import read_paths
    from newsloom.ingest.sources.jsonl import read_record

    if isinstance(inputs, (str, Path, Mapping, Article)):
        inputs = [inputs]
    for number, item in enumerate(inputs, start=1):
        if isinstance(item, (str, Path)):
            yield from read_paths([item], outlet=outlet, published=published)
        elif isinstance(item, Article):
            yield item
        else:
            origin = f"{RECORDS_ORIGIN}#{number}"
            yield from read_record(dict(item), origin, outlet=outlet, published=published)


def open_store(
    path: str | Path,
    *,
    embedder: SentenceEmbedder | None = None,
    analyzer: Analyzer | None = None,
    query_ms: int | None = None,
) -> Newsloom:
    """Open (or create) the newsloom store at `path`."""
    return Newsloom(path, embedder=embedder, analyzer=analyzer, query_ms=query_ms)
