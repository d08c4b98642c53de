"""RSS and Atom feeds (.rss, .atom, .xml): one article per entry, read with feedparser."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import feedparser

from newsloom.errors import Reason
from newsloom.ingest.sources.dates import utc_timestamp
from newsloom.ingest.sources.decode import binary_skip
from newsloom.ingest.sources.markup import html_to_text, plain_to_text
from newsloom.ingest.sources.records import with_defaults
from newsloom.model import Article, Skipped


def read_feed(
    data: bytes,
    origin: str,
    *,
    outlet: str | None = None,
    published: str | None = None,
    keep_textless: bool = False,
) -> Iterator[Article | Skipped]:
    """One article per feed entry; the feed's title is the outlet unless outlet is given.

    keep_textless: an entry with a link but no text is kept (with empty text) rather than
    skipped, for a fetcher that reads the entry's page."""
    refused = binary_skip(data, origin)
    if refused is not None:
        yield refused
        return
    # A file-like object: given bytes or str, feedparser may take them for a path or a URL.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not any(_entry_text(e) or _clean(e.get("link")) for e in entries):
        # feedparser's lenient parse of broken XML can leave empty entries behind: the feed is
        # unreadable, which says more than "no article text" for each of them.
        entries = []
    if not entries:
        if parsed.get("bozo"):
            yield Reason.BAD_FEED.skip(
                origin, str(parsed.get("bozo_exception") or "not well-formed")
            )
        elif not parsed.get("version"):
            yield Reason.BAD_FEED.skip(origin, "no RSS or Atom elements found")
        else:
            yield Reason.EMPTY.skip(origin, ": the feed has no entries")
        return
    channel = parsed.get("feed") or {}
    feed_title = _title(channel)
    language = _primary_language(channel.get("language"))
    for index, entry in enumerate(entries, start=1):
        yield from _read_entry(
            entry,
            origin,
            index,
            outlet=outlet or feed_title,
            language=language,
            published=published,
            keep_textless=keep_textless,
        )


def _read_entry(
    entry: Any,
    origin: str,
    index: int,
    *,
    outlet: str | None,
    language: str | None,
    published: str | None,
    keep_textless: bool = False,
) -> Iterator[Article | Skipped]:
    link = _clean(entry.get("link"))
    if link and entry.get("guidislink") and not link.startswith(("http://", "https://")):
        link = None  # feedparser copied an id such as "urn:uuid:..." into the link
    entry_origin = f"{origin}#{link or index}"
    text = _entry_text(entry)
    if not text and not (keep_textless and link):
        yield Reason.EMPTY.skip(entry_origin)
        return
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    stated = _clean(entry.get("published") or entry.get("updated"))
    source = entry.get("source") or {}
    article = Article(
        text=text,
        origin=entry_origin,
        title=_title(entry),
        # An entry's own <source> names the outlet of aggregated items; it beats the feed's title.
        outlet=_clean(source.get("title")) or outlet,
        url=link,
        published=utc_timestamp(moment) if moment else None,
        author=_clean(entry.get("author")),
        language=language,
        external_id=_clean(entry.get("id")),
    )
    yield with_defaults(article, outlet=None, published=published)
    if stated and not moment:
        yield Reason.BAD_FIELD.skip(
            entry_origin, f"'published' {stated!r} is not a date feedparser can read"
        )


def _entry_text(entry: Any) -> str:
    for detail in list(entry.get("content") or []) + [entry.get("summary_detail")]:
        if not detail or not (detail.get("value") or "").strip():
            continue
        if "html" in (detail.get("type") or "text/html"):
            return html_to_text(detail["value"])
        return plain_to_text(detail["value"])
    summary = entry.get("summary") or ""
    return html_to_text(summary) if summary.strip() else ""


def _title(holder: Any) -> str | None:
    """A feed's or an entry's title as plain text. feedparser says when a title holds markup
    ("&lt;b&gt;Breaking:&lt;/b&gt; ..." in RSS, type="html" in Atom): its tags are dropped
    and its entities read, as in the entry's text; a title of plain text is kept as it is
    ("Q&A: 5 < 6")."""
    value = holder.get("title")
    detail = holder.get("title_detail") or {}
    if isinstance(value, str) and "html" in str(detail.get("type") or ""):
        value = html_to_text(value)
    return _clean(value)


def _primary_language(value: Any) -> str | None:
    # Feeds declare "en-us" or "en-GB"; articles carry the bare language code.
    language = _clean(value)
    return language.split("-")[0].split("_")[0].lower() if language else None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
