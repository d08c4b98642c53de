"""HTML pages (.html, .htm): main text and metadata with trafilatura, dates with htmldate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import trafilatura
from lxml import etree
from trafilatura.settings import set_date_params

from newsloom.errors import Reason
from newsloom.ingest.sources.dates import normalise_published
from newsloom.ingest.sources.decode import binary_skip
from newsloom.ingest.sources.records import with_defaults
from newsloom.model import Article, Skipped

# On a page with no article, trafilatura falls back to whatever text is left: a menu, a button
# label. The shortest real news brief is a sentence, rarely under ten words.
MIN_MAIN_TEXT_WORDS = 10


def read_html(
    data: bytes, origin: str, *, outlet: str | None = None, published: str | None = None
) -> Iterator[Article | Skipped]:
    """One article from an HTML page: main text without menus or reader comments."""
    refused = binary_skip(data, origin)
    if refused is not None:
        yield refused
        return
    try:
        document = trafilatura.bare_extraction(
            data,
            include_comments=False,
            with_metadata=True,
            # No extensive search: it reads dates from free text, footers included, and a
            # bare "© 2019" becomes 2019-01-01. Page metadata, markup and the URL only.
            date_extraction_params=set_date_params(extensive=False),
        )
    except (ValueError, etree.LxmlError) as error:
        yield Reason.NO_MAIN_TEXT.skip(origin, str(error))
        return
    body = _paragraphs(getattr(document, "text", None) or "")
    title = _clean(getattr(document, "title", None))
    if title and body and _squash(body[0]) == _squash(title):
        body = body[1:]  # trafilatura keeps the page's <h1>; the title field already holds it
    if sum(len(paragraph.split()) for paragraph in body) < MIN_MAIN_TEXT_WORDS:
        yield Reason.NO_MAIN_TEXT.skip(origin)
        return
    page_date = _clean(getattr(document, "date", None))
    problem = None
    if page_date:
        try:
            page_date = normalise_published(page_date)
        except ValueError as error:
            page_date, problem = None, f"'published' {error}"
    article = Article(
        text="\n\n".join(body),
        origin=origin,
        title=title,
        # The site name is read from og:site_name or guessed from the <title> or host name:
        # a name given on the command line is more trustworthy.
        outlet=outlet or _clean(getattr(document, "sitename", None)),
        url=_clean(getattr(document, "url", None)),
        published=page_date,
        author=_clean(getattr(document, "author", None)),
    )
    yield with_defaults(article, outlet=outlet, published=published)
    if problem:
        yield Reason.BAD_FIELD.skip(origin, problem)


def _paragraphs(text: str) -> list[str]:
    # trafilatura puts one block per line; blank lines between them match the other readers.
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()
