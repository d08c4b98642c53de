"""Fetching into the store: one round fetches what is due, runs it through the ingest pipeline
and records what was fetched; `watch` repeats rounds on a schedule until told to stop."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from newsloom.analyze.analyzer import Analyzer
from newsloom.ingest.fetch.client import Fetcher
from newsloom.ingest.fetch.harvest import DocumentInfo, Harvester
from newsloom.ingest.fetch.policy import FetchPolicy
from newsloom.ingest.pipeline import Ingester, IngestReport
from newsloom.ingest.sources import kinds
from newsloom.model import Article, ArticleStatus, Skipped
from newsloom.store.fetch import (
    SourceState,
    add_sources,
    save_sources,
    source_states,
    track_urls,
    tracked_urls,
)
from newsloom.store.lock import writer_lock
from newsloom.store.sqlite import Store, StoredArticle

# A source that keeps failing is polled less often: its interval doubles with each failure in a
# row, up to this many doublings (15 minutes becomes 4 hours), so a dead feed is not hammered.
MAX_BACKOFF_DOUBLINGS = 4
# How often a waiting watch looks up from its sleep to see whether it was asked to stop.
STOP_CHECK_S = 0.5

Harvest = Callable[[Harvester], Iterator[Article | Skipped | DocumentInfo]]


@dataclass
class RoundReport:
    """What one round did: sources asked, pages fetched, and the ingest of what came back."""

    ingest: IngestReport = field(default_factory=IngestReport)
    sources_polled: int = 0
    not_modified: int = 0
    pages_fetched: int = 0
    already_known: int = 0
    stopped: bool = False

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the round."""
        return {
            "sources_polled": self.sources_polled,
            "not_modified": self.not_modified,
            "pages_fetched": self.pages_fetched,
            "already_known": self.already_known,
            "stopped": self.stopped,
            **self.ingest.as_dict(),
        }


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class Follower:
    """Fetches URLs and polls sources into one store, under its writer lock."""

    def __init__(
        self,
        db_path: str,
        policy: FetchPolicy | None = None,
        *,
        analyzer: Analyzer | None = None,
        every: float = 900.0,
        stop: Callable[[], bool] = lambda: False,
        on_article: Callable[[dict[str, Any]], None] | None = None,
        on_skip: Callable[[Skipped], None] | None = None,
        on_wait: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.db_path = db_path
        # The fetcher asks this follower's stop (which the CLI sets later) before each retry.
        self.fetcher = Fetcher(policy, stop=lambda: self.stop())
        self._analyzer = analyzer
        self.every = every
        self.stop = stop
        self.on_article = on_article
        self.on_skip = on_skip
        self.on_wait = on_wait
        self.sleep = sleep

    def close(self) -> None:
        """Close the fetcher's connections."""
        self.fetcher.close()

    @property
    def analyzer(self) -> Analyzer:
        """The analyzer, loaded on first use and kept for later rounds."""
        if self._analyzer is None:
            self._analyzer = Analyzer.load()
        return self._analyzer

    def fetch(self, urls: Sequence[str]) -> RoundReport:
        """Fetch each URL (a page, or a feed and its entries) into the store once."""
        plan = [(url, _page_plan(url)) for url in dict.fromkeys(urls)]
        report, _ = self._round(plan)
        return report

    def poll(self, urls: Sequence[str], *, due_only: bool = True) -> RoundReport:
        """Poll the sources (all of them, or those due), ingest what is new, record each one."""
        with Store(self.db_path) as store:
            with writer_lock(store.path, self.on_wait):
                add_sources(store, urls)
            states = source_states(store, urls)
        now = _stamp(_now())
        due = [url for url in urls if not due_only or (states[url].next_due or "") <= now]
        plan = [(url, _feed_plan(url, states[url])) for url in due]
        report, infos = self._round(plan)
        self._save_states(states, infos)
        return report

    def watch(
        self, urls: Sequence[str], *, once: bool, on_round: Callable[[RoundReport], None]
    ) -> None:
        """Poll the sources, every source on its schedule, until stopped (or once)."""
        first = True
        while True:
            report = self.poll(urls, due_only=not (once and first))
            first = False
            on_round(report)
            if once or self.stop():
                return
            self._wait_for_next(urls)
            if self.stop():
                return

    def _wait_for_next(self, urls: Sequence[str]) -> None:
        """Sleep until the earliest source is due, looking up now and then for a stop."""
        with Store(self.db_path) as store:
            states = source_states(store, urls)
        dues = [s.next_due for s in states.values() if s.next_due]
        wake = datetime.fromisoformat(min(dues)) if dues else _now()
        while not self.stop():
            left = (wake - _now()).total_seconds()
            if left <= 0:
                return
            self.sleep(min(left, STOP_CHECK_S))

    def _round(
        self, plan: list[tuple[str, Harvest]]
    ) -> tuple[RoundReport, dict[str, DocumentInfo]]:
        """Fetch the plan's URLs and ingest their articles under the writer lock.

        The lock is taken once the first item is in hand: a round of 304s and known entries
        only records what it saw, without rebuilding the pipeline's indexes."""
        report = RoundReport()
        infos: dict[str, DocumentInfo] = {}
        emitted: set[Skipped] = set()
        with Store(self.db_path) as store:
            harvester = Harvester(
                self.fetcher, lambda urls: tracked_urls(store, urls), stop=self.stop
            )
            items = self._items(harvester, plan, infos, emitted)
            first = next(items, None)
            with writer_lock(store.path, self.on_wait):
                if first is not None:
                    ingester = Ingester(
                        store,
                        self.analyzer,
                        updates_by_url=True,
                        on_stored=lambda records: self._stored(store, harvester, records),
                    )
                    report.ingest = ingester.ingest(itertools.chain([first], items))
                # What was read but not stored anew (known text, a 304) is remembered too.
                track_urls(store, list(harvester.tracked.values()))
                harvester.tracked.clear()
        for skipped in report.ingest.skipped:
            if skipped not in emitted and self.on_skip is not None:
                self.on_skip(skipped)
        report.sources_polled = len(infos)
        report.not_modified = sum(1 for i in infos.values() if i.not_modified)
        report.pages_fetched = harvester.pages_fetched
        report.already_known = harvester.known_skipped
        report.stopped = self.stop()
        return report, infos

    def _items(
        self,
        harvester: Harvester,
        plan: list[tuple[str, Harvest]],
        infos: dict[str, DocumentInfo],
        emitted: set[Skipped],
    ) -> Iterator[Article | Skipped]:
        """Every source's articles in turn; a source is marked complete only when read to its
        end (a stop part-way leaves its validators as they were, so nothing is missed)."""
        for url, harvest in plan:
            if self.stop():
                return
            info: DocumentInfo | None = None
            for item in harvest(harvester):
                if isinstance(item, DocumentInfo):
                    info = item
                    continue
                if isinstance(item, Skipped):
                    emitted.add(item)
                    if self.on_skip is not None:
                        self.on_skip(item)
                yield item
            if info is not None and not self.stop():
                if url in harvester.retry_pages:
                    # An entry's page is to be tried again: the next poll asks for the feed
                    # without validators, so that a 304 does not hide the entry.
                    info = replace(info, etag=None, last_modified=None)
                infos[url] = info

    def _stored(self, store: Store, harvester: Harvester, records: Sequence[StoredArticle]) -> None:
        """After a batch is committed: remember its URLs, and tell of each article stored."""
        urls = [r.article.url for r in records if r.article.url in harvester.tracked]
        track_urls(store, [harvester.tracked.pop(u) for u in dict.fromkeys(urls) if u])
        if self.on_article is None:
            return
        ids = store.known_articles([r.key for r in records])
        for rec in records:
            known = ids.get(rec.key)
            self.on_article(_article_event(rec, known.id if known else rec.stored_id))

    def _save_states(
        self,
        states: dict[str, SourceState],
        infos: dict[str, DocumentInfo],
    ) -> None:
        """Record each source read to its end: validators, errors, when it is due again."""
        now = _now()
        saved = [_next_state(states[url], info, now, self.every) for url, info in infos.items()]
        with Store(self.db_path) as store, writer_lock(store.path, self.on_wait):
            save_sources(store, saved)


def _page_plan(url: str) -> Harvest:
    return lambda harvester: harvester.page(url)


def _feed_plan(url: str, state: SourceState) -> Harvest:
    return lambda harvester: harvester.harvest(
        url, etag=state.etag, last_modified=state.last_modified
    )


def _next_state(state: SourceState, info: DocumentInfo, now: datetime, every: float) -> SourceState:
    """A source's state after a poll: validators kept or renewed, failures counted."""
    if info.error is not None:
        errors = state.error_count + 1
        pause = every * 2 ** min(errors, MAX_BACKOFF_DOUBLINGS)
        return replace(
            state,
            last_poll=_stamp(now),
            error_count=errors,
            last_error=f"{info.error.code} {info.error.message}",
            next_due=_stamp(now + timedelta(seconds=pause)),
        )
    if not info.not_modified:
        state = replace(
            state,
            etag=info.etag,
            last_modified=info.last_modified,
            kind="feed" if info.kind == kinds.FEED else "page",
        )
    return replace(
        state,
        last_poll=_stamp(now),
        error_count=0,
        last_error=None,
        next_due=_stamp(now + timedelta(seconds=every)),
    )


def _article_event(rec: StoredArticle, article_id: int | None) -> dict[str, Any]:
    """One stored article, as `watch --json` prints it."""
    if rec.replaces_text:
        status = "updated"
    elif rec.stored_id is not None:
        status = "repaired"
    elif rec.status == ArticleStatus.COPY:
        status = "copy"
    else:
        status = "new"
    a = rec.article
    return {
        "type": "article",
        "status": status,
        "article_id": article_id,
        "story_id": rec.story_id,
        "url": a.url,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
    }
