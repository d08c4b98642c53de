"""Fetched documents to articles: a page through the HTML reader, a feed entry by entry, each
entry with only a title or a teaser completed from its page (its summary kept if that fails)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

from newsloom.errors import Reason
from newsloom.ingest.fetch.client import Fetched, Fetcher, url_problem
from newsloom.ingest.sources import capped, kinds, read_bytes
from newsloom.ingest.sources.feed import read_feed
from newsloom.model import Article, Skipped
from newsloom.store.fetch import TrackedUrl

# A feed entry with fewer words than this is a teaser (a headline and a sentence or two, as
# most news feeds give) and its page is fetched; one with more carries the article itself
# (full-content feeds run to hundreds of words) and is read as it is.
FULL_ENTRY_WORDS = 150
# Times an entry's page is tried (one try per poll) before its summary is left as the article.
MAX_PAGE_ATTEMPTS = 3

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

Lookup = Callable[[Sequence[str]], dict[str, TrackedUrl]]


@dataclass(frozen=True)
class DocumentInfo:
    """What the last document fetched was: for the caller to keep a source's validators."""

    kind: str  # kinds.FEED, kinds.HTML, ...; "" when nothing was read
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: Skipped | None = None


@dataclass
class Harvester:
    """Reads URLs into articles with one Fetcher, skipping URLs already fetched.

    `tracked` collects, for each URL read, what to remember of it; the caller stores those
    once the articles are committed. `stop` is asked between entries (Ctrl-C in `watch`).
    `retry_pages` collects the feeds with an entry whose page failed and is to be tried again
    on a later poll: such a feed must then be asked without its validators, since a 304 would
    hide the entry."""

    fetcher: Fetcher
    lookup: Lookup
    stop: Callable[[], bool] = lambda: False
    tracked: dict[str, TrackedUrl] = field(default_factory=dict)
    retry_pages: set[str] = field(default_factory=set)
    pages_fetched: int = 0
    known_skipped: int = 0

    def harvest(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Iterator[Article | Skipped | DocumentInfo]:
        """The articles of a page or feed at url; a DocumentInfo first, saying what it was."""
        got = self.fetcher.get(url, etag=etag, last_modified=last_modified)
        if isinstance(got, Skipped):
            yield DocumentInfo("", error=got)
            yield got
            return
        info = DocumentInfo(
            "" if got.not_modified else _kind(got), got.etag, got.last_modified, got.not_modified
        )
        yield info
        if got.not_modified:
            return
        if info.kind == kinds.FEED:
            yield from self._entries(got, url)
            return
        for item in read_bytes(_as_utf8(got, info.kind), url, info.kind):
            if isinstance(item, Article):
                item = item.with_changes(url=url, origin=url)
                self.tracked[url] = TrackedUrl(url, got.etag, got.last_modified)
            yield item

    def page(self, url: str) -> Iterator[Article | Skipped | DocumentInfo]:
        """An article URL given by hand: asked again with its validators when already known."""
        known = self.lookup([url]).get(url)
        if known is None:
            return self.harvest(url)
        return self.harvest(url, etag=known.etag, last_modified=known.last_modified)

    def _entries(self, got: Fetched, origin: str) -> Iterator[Article | Skipped]:
        read = capped(read_feed(got.body, origin, keep_textless=True), origin)
        items = [_absolute(item, got.final_url) for item in read]
        known = self.lookup([i.url for i in items if isinstance(i, Article) and i.url])
        for item in items:
            if self.stop():
                return
            if isinstance(item, Skipped):
                yield item
            elif item.url is None or url_problem(item.url) is not None:
                yield item if item.text.strip() else Reason.EMPTY.skip(item.origin)
            else:
                yield from self._entry(item, item.url, known.get(item.url), origin)

    def _entry(
        self, entry: Article, url: str, known: TrackedUrl | None, feed: str
    ) -> Iterator[Article | Skipped]:
        """One feed entry with a link: nothing when already read, else itself or its page."""
        stamp = _stamp(entry)
        if known is not None and known.entry_stamp == stamp and _settled(known):
            self.known_skipped += 1
            return
        if len(entry.text.split()) >= FULL_ENTRY_WORDS:
            self.tracked[url] = TrackedUrl(url, entry_stamp=stamp)
            yield entry
            return
        self.pages_fetched += 1
        got = self.fetcher.get(
            url,
            etag=known.etag if known else None,
            last_modified=known.last_modified if known else None,
        )
        if isinstance(got, Fetched) and got.not_modified and known is not None:
            self.tracked[url] = replace(known, entry_stamp=stamp)
            return
        page = _page(got, url) if isinstance(got, Fetched) else [got]
        article = next((i for i in page if isinstance(i, Article)), None)
        if article is not None and isinstance(got, Fetched):
            self.tracked[url] = TrackedUrl(url, got.etag, got.last_modified, stamp)
            yield _completed(article, entry)
            yield from (i for i in page if isinstance(i, Skipped))
            return
        failures = (known.page_failures if known else 0) + 1
        self.tracked[url] = TrackedUrl(url, entry_stamp=stamp, page_failures=failures)
        if failures < MAX_PAGE_ATTEMPTS:
            self.retry_pages.add(feed)
        problem = next(i for i in page if isinstance(i, Skipped))
        if entry.text.strip():
            yield entry
            yield Reason.SUMMARY_KEPT.skip(entry.origin, f"{problem.code} {problem.message}")
        else:
            yield Skipped(entry.origin, problem.code, problem.message)


def _absolute(item: Article | Skipped, feed_url: str) -> Article | Skipped:
    """An entry whose <link> is relative ("/news/flood.html"), as some feeds write them, with
    its link read against the feed's own URL, as a browser reads a relative link in a page."""
    if isinstance(item, Article) and item.url and not urlsplit(item.url).scheme:
        return item.with_changes(url=urljoin(feed_url, item.url))
    return item


def _settled(known: TrackedUrl) -> bool:
    """Whether a known URL is done with: read, or its page tried MAX_PAGE_ATTEMPTS times."""
    return known.page_failures == 0 or known.page_failures >= MAX_PAGE_ATTEMPTS


def _kind(got: Fetched) -> str:
    """The reader a response needs: a feed or a page by its bytes, else by its media type."""
    sniffed = kinds.sniff_kind(got.body)
    media = (got.content_type or "").split(";")[0].strip().lower()
    if sniffed == kinds.FEED:
        return kinds.FEED
    if media in _HTML_TYPES or sniffed == kinds.HTML:
        return kinds.HTML
    if media.endswith("xml"):
        return kinds.XML  # read_bytes says it is XML that is no feed
    return sniffed


def _as_utf8(got: Fetched, kind: str) -> bytes:
    """Plain text in the charset its Content-Type names, as UTF-8 (the text reader reads only
    UTF-8); text that does not decode as declared is left for that reader to report (NL003).
    Pages and feeds are left as they are: their readers follow the charset the markup names."""
    charset = _charset(got.content_type)
    if kind != kinds.TEXT or charset in (None, "utf-8", "utf8", "us-ascii", "ascii"):
        return got.body
    try:
        return got.body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return got.body


def _charset(content_type: str | None) -> str | None:
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower() or None
    return None


def _page(got: Fetched, url: str) -> list[Article | Skipped]:
    """An entry's page read as one article (a page that turns out to be a feed is not one)."""
    kind = _kind(got)
    if kind == kinds.FEED:
        return [Reason.UNKNOWN_KIND.skip(url, "a feed where an article page was expected")]
    items = list(read_bytes(_as_utf8(got, kind), url, kind))
    return items or [Reason.EMPTY.skip(url)]


def _completed(page: Article, entry: Article) -> Article:
    """The page's text with what the feed entry states about it: the feed's headline, outlet
    and date are the publisher's own; the page fills in what the entry lacks."""
    return page.with_changes(
        origin=entry.origin,
        url=entry.url,
        title=entry.title or page.title,
        outlet=entry.outlet or page.outlet,
        published=entry.published or page.published,
        author=entry.author or page.author,
        language=entry.language or page.language,
        external_id=entry.external_id,
    )


def _stamp(entry: Article) -> str:
    """A fingerprint of what the feed says of an entry: when it changes, the entry is read again."""
    parts = [entry.title or "", entry.published or "", entry.text]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
