"""Fetched documents to articles: pages, feeds, teasers completed from their pages."""

from __future__ import annotations

from collections.abc import Sequence

from fetch_site import ARTICLES, CHROME_PHRASES, RSS, Site

from newsloom.ingest.fetch.client import Fetcher
from newsloom.ingest.fetch.harvest import DocumentInfo, Harvester
from newsloom.ingest.fetch.policy import FetchPolicy
from newsloom.model import Article, Skipped
from newsloom.store.fetch import TrackedUrl


def harvester(known: dict[str, TrackedUrl] | None = None) -> Harvester:
    memory = known or {}

    def lookup(urls: Sequence[str]) -> dict[str, TrackedUrl]:
        return {u: memory[u] for u in urls if u in memory}

    return Harvester(Fetcher(FetchPolicy(rate=1000.0, allow_private=True, backoff=0.01)), lookup)


def split(items: list[Article | Skipped | DocumentInfo]) -> tuple[list[Article], list[Skipped]]:
    articles = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    return articles, skipped


def test_feed_teasers_are_completed_from_their_pages_without_chrome(news_site: Site) -> None:
    h = harvester()
    items = list(h.harvest(news_site.url("/feed.xml")))
    info = items[0]
    assert isinstance(info, DocumentInfo) and info.kind == "feed" and info.etag == '"feed-v1"'
    articles, skipped = split(items)
    assert skipped == [] and len(articles) == 3 and h.pages_fetched == 3
    for article in articles:
        slug = article.url.rsplit("/", 1)[1]  # type: ignore[union-attr]
        title, author, _, paragraphs = ARTICLES[slug]
        assert article.title == title and article.outlet == "The Coastal Gazette"
        assert article.author == author and article.language == "en"
        assert article.published and article.published.startswith(ARTICLES[slug][2][:10])
        assert all(p in article.text for p in paragraphs)
        assert not any(phrase in article.text for phrase in CHROME_PHRASES)
    assert set(h.tracked) == {a.url for a in articles}
    # nothing embedded in a page is ever asked for: no image, script, stylesheet or ad frame
    assert not [p for p in news_site.hits if p.startswith(("/static", "/ads"))]


def test_a_relative_link_is_read_against_the_feeds_url(news_site: Site) -> None:
    # Links written as paths ("/news/rail-strike", "library-reopens"); a guid that is no link.
    feed = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>The Coastal Gazette</title><link>/</link>
<description>x</description>
<item><title>Rail strike</title><link>/news/rail-strike</link><description>Vote</description></item>
<item><title>Library</title><link>../news/library-reopens</link><description>Open.</description></item>
<item><title>Numbered</title><guid>40512</guid><description>A short wire item.</description></item>
</channel></rss>"""
    url = news_site.add("/feeds/relative.xml", feed, content_type=RSS)
    articles, skipped = split(list(harvester().harvest(url)))
    assert skipped == []
    by_title = {a.title: a for a in articles}
    assert by_title["Rail strike"].url == news_site.url("/news/rail-strike")
    assert "turnout of 71 percent" in by_title["Rail strike"].text  # its page was read
    assert by_title["Library"].url == news_site.url("/news/library-reopens")
    assert by_title["Numbered"].url is None  # a bare guid stays no link
    assert by_title["Numbered"].text == "A short wire item."


def test_known_entries_are_not_fetched_again(news_site: Site) -> None:
    first = harvester()
    list(first.harvest(news_site.url("/feed.xml")))
    news_site.hits.clear()
    second = harvester(dict(first.tracked))
    items = list(second.harvest(news_site.url("/feed.xml")))
    assert split(items) == ([], []) and second.known_skipped == 3
    assert set(news_site.hits) == {"/robots.txt", "/feed.xml"}  # a new fetcher asks robots again


def test_a_failing_page_keeps_the_entry_summary(news_site: Site) -> None:
    news_site.add("/news/rail-strike", "down for maintenance", status=500)
    h = harvester()
    articles, skipped = split(list(h.harvest(news_site.url("/feed.xml"))))
    assert len(articles) == 3
    kept = next(a for a in articles if a.url and a.url.endswith("rail-strike"))
    assert kept.text.startswith("Train drivers and signal staff") and len(kept.text) < 120
    (warning,) = skipped
    assert warning.code == "NL024" and "NL019" in warning.message
    assert h.tracked[kept.url].page_failures == 1  # type: ignore[index]


def test_a_page_with_no_main_text_is_skipped_with_its_code(site: Site) -> None:
    url = site.add(
        "/gallery",
        "<html><head><title>Gallery</title></head><body><nav><a href='/'>Home</a></nav>"
        "<div><img src='/a.jpg'><img src='/b.jpg'></div><footer>© Gazette</footer></body></html>",
    )
    articles, skipped = split(list(harvester().page(url)))
    assert articles == [] and [s.code for s in skipped] == ["NL008"]


def test_a_thousand_entry_feed_is_read_whole_and_then_not_again(site: Site) -> None:
    body = " ".join(["The committee heard evidence from residents about the new road."] * 16)
    items = "\n".join(
        f"<item><title>Hearing {i}</title><link>{site.url(f'/h/{i}')}</link>"
        f"<guid>{site.url(f'/h/{i}')}</guid><description>Day {i}. {body}</description></item>"
        for i in range(1000)
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Hearings</title>'
        f"{items}</channel></rss>"
    )
    url = site.add("/big.xml", feed, content_type=RSS)
    first = harvester()
    articles, skipped = split(list(first.harvest(url)))
    assert len(articles) == 1000 and skipped == [] and first.pages_fetched == 0
    assert len({a.url for a in articles}) == 1000
    again = harvester(dict(first.tracked))
    assert split(list(again.harvest(url))) == ([], []) and again.known_skipped == 1000
    assert set(site.hits) == {"/robots.txt", "/big.xml"}


def test_a_changed_entry_is_read_again_with_its_validators(news_site: Site) -> None:
    first = harvester()
    list(first.harvest(news_site.url("/feed.xml")))
    news_site.routes["/news/library-reopens"].etag = '"lib-1"'
    known = dict(first.tracked)
    known[news_site.url("/news/library-reopens")] = TrackedUrl(
        news_site.url("/news/library-reopens"), etag='"lib-1"', entry_stamp="an older entry"
    )
    news_site.conditional.clear()
    second = harvester(known)
    assert split(list(second.harvest(news_site.url("/feed.xml")))) == ([], [])
    assert news_site.conditional == ["/news/library-reopens"]  # answered 304: nothing new


def test_a_plain_page_is_read_through_the_html_reader(news_site: Site) -> None:
    url = news_site.url("/news/harbour-flood")
    (article,) = [i for i in harvester().page(url) if isinstance(i, Article)]
    assert article.url == url and article.title == ARTICLES["harbour-flood"][0]
    assert article.outlet == "The Coastal Gazette" and "Cooper Lane" in article.text
    assert article.published == "2025-11-03"  # the page's own metadata (htmldate: the day)
    assert not any(phrase in article.text for phrase in CHROME_PHRASES)


def test_plain_text_is_read_in_its_declared_charset_and_wrong_bytes_reported(site: Site) -> None:
    report = "Café owners in Évora said the new bridge had doubled their trade since it opened."
    latin = site.add("/latin", report.encode("latin-1"), content_type="text/plain; charset=latin-1")
    wrong = site.add("/wrong", report.encode("latin-1"), content_type="text/plain; charset=utf-8")
    (article,) = [i for i in harvester().page(latin) if isinstance(i, Article)]
    assert article.text == report
    articles, skipped = split(list(harvester().page(wrong)))
    assert articles == [] and [s.code for s in skipped] == ["NL003"]
