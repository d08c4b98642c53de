"""Fixtures of the fetch tests: the local news site (fetch_site.py), running in a thread."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fetch_site import ARTICLES, RSS, Site, article_page, feed_xml, serve


@pytest.fixture
def site() -> Iterator[Site]:
    """A running local site with no routes yet (every path is 404, robots.txt included)."""
    yield from serve(Site())


@pytest.fixture
def news_site(site: Site) -> Site:
    """The site with its feed of three reports, their pages and a robots.txt that allows them."""
    for slug in ARTICLES:
        site.add(f"/news/{slug}", article_page(slug))
    site.add("/feed.xml", feed_xml(site, list(ARTICLES)), content_type=RSS, etag='"feed-v1"')
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    return site
