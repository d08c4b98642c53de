"""A local news site for the fetch tests: an HTTP server on 127.0.0.1 in a thread, serving the
feeds and pages each test sets up, counting the requests it gets. Nothing reaches the internet."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HTML = "text/html; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"


@dataclass
class Route:
    """What the site answers at one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = HTML
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answered with 304 when the request's If-None-Match matches
    delay: float = 0.0  # seconds before answering (a slow server)
    chunks: Callable[[], Iterator[bytes]] | None = None  # a body streamed without a length


class Site:
    """The routes of the local server and the requests it received."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.conditional: list[str] = []  # paths asked with If-None-Match or If-Modified-Since
        self.base = ""

    def url(self, path: str) -> str:
        """The full URL of a path on this site."""
        return self.base + path

    def add(self, path: str, body: str | bytes = b"", **route: object) -> str:
        """Serve body (and the rest of the Route) at path; returns its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **route)  # type: ignore[arg-type]
        return self.url(path)


class _Handler(BaseHTTPRequestHandler):
    """Answers from the routes of `site` (set on a subclass per server)."""

    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        site = self.site
        site.hits[self.path] += 1
        site.agents.append(self.headers.get("User-Agent", ""))
        route = site.routes.get(self.path)
        if route is None:
            self._answer(404, b"<html><body>Not here</body></html>", HTML, {})
            return
        if route.delay:
            time.sleep(route.delay)
        asked = self.headers.get("If-None-Match")
        if asked or self.headers.get("If-Modified-Since"):
            site.conditional.append(self.path)
        if route.etag and asked == route.etag:
            self._answer(304, b"", None, {"ETag": route.etag})
            return
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        if route.chunks is not None:
            self._stream(route)
        else:
            self._answer(route.status, route.body, route.content_type, headers)

    def _answer(
        self, status: int, body: bytes, content_type: str | None, headers: dict[str, str]
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def _stream(self, route: Route) -> None:
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type or HTML)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        assert route.chunks is not None
        try:
            for chunk in route.chunks():
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what the size limit is for
        self.close_connection = True


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    return type("SiteHandler", (_Handler,), {"site": site})


# --- a small news site: three reports, each in a page full of chrome -----------------------

ARTICLES = {
    "harbour-flood": (
        "Tidal surge floods Port Ellery harbour district",
        "Mara Lindqvist",
        "2025-11-03T07:40:00+00:00",
        [
            "A tidal surge driven by gale-force winds flooded the harbour district of Port Ellery "
            "early on Monday, forcing the evacuation of about 400 residents from low-lying streets "
            "near the fish market.",
            "The water rose more than a metre above the quay wall shortly after four in the "
            "morning, according to the regional coastguard, which said the surge coincided with "
            "the highest spring tide of the year.",
            "Firefighters used boats to reach families trapped on upper floors along Cooper Lane. "
            "No deaths were reported, but two elderly residents were treated in hospital for "
            "hypothermia, the county health service said.",
            "Mayor Tomas Reyes said the flood barrier approved in 2021 had still not been built "
            "and promised an inquiry into the delay. Engineers will inspect the quay wall "
            "once the water recedes.",
        ],
    ),
    "rail-strike": (
        "Northern rail workers vote for a three-day strike",
        "Dev Anand",
        "2025-11-04T12:15:00+00:00",
        [
            "Train drivers and signal staff on the Northern Valley line voted by a wide margin on "
            "Tuesday to strike for three days later this month, in a dispute over pay and "
            "rosters.",
            "The union said 86 percent of members who took part backed the walkout, on a "
            "turnout of 71 percent. The strike would halt most services between Calder and "
            "the coast from November 24.",
            "The operator said it was disappointed and urged the union to return to talks, "
            "adding that it had offered a rise of 4.5 percent over two years. Union leaders "
            "said the offer did not keep pace with prices.",
            "Commuter groups warned that thousands of workers and students had no other way "
            "to travel and asked both sides to meet before the end of the week.",
        ],
    ),
    "library-reopens": (
        "Old town library reopens after a two-year restoration",
        "Ines Carvalho",
        "2025-11-05T09:00:00+00:00",
        [
            "The old town library of Saint Aubin reopened to readers on Wednesday after a "
            "two-year restoration that repaired its leaking roof and restored the painted "
            "ceiling of the main reading room.",
            "The work cost 6.2 million euros, shared between the city and a regional heritage "
            "fund. Conservators found a nineteenth-century mural under later plaster, which is "
            "now on show in the entrance hall.",
            "Head librarian Paul Okafor said the library would open in the evenings for the "
            "first time, and that a new children's room on the ground floor had already taken "
            "more than 300 bookings for its reading hours.",
        ],
    ),
}

# The page chrome around every report: none of it may reach the stored text.
CHROME_PHRASES = (
    "Subscribe for unlimited access",
    "Accept all cookies",
    "Most read this week",
    "Advertisement",
    "All rights reserved",
    "Sign in",
    "Share on social media",
)


def article_page(slug: str) -> str:
    """A realistic news page: header, menus, a cookie banner, ads, related links, a footer."""
    title, author, published, paragraphs = ARTICLES[slug]
    body = "\n".join(f"      <p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{escape(title)} | The Coastal Gazette</title>
  <meta property="og:title" content="{escape(title)}">
  <meta property="og:site_name" content="The Coastal Gazette">
  <meta name="author" content="{escape(author)}">
  <meta property="article:published_time" content="{published}">
  <link rel="stylesheet" href="/static/site.css">
  <script src="/static/tracker.js"></script>
</head>
<body>
  <div class="cookie-banner">We use cookies to improve your experience.
    <button>Accept all cookies</button> <button>Manage settings</button></div>
  <header class="site-header">
    <a href="/" class="logo"><img src="/static/logo.png" alt="The Coastal Gazette"></a>
    <nav class="main-nav"><ul>
      <li><a href="/news">News</a></li><li><a href="/business">Business</a></li>
      <li><a href="/sport">Sport</a></li><li><a href="/culture">Culture</a></li>
      <li><a href="/login">Sign in</a></li>
      <li><a href="/subscribe">Subscribe for unlimited access</a></li>
    </ul></nav>
  </header>
  <div class="ad ad-leaderboard"><span>Advertisement</span>
    <iframe src="/ads/banner.html" width="728" height="90"></iframe></div>
  <main>
    <article>
      <h1>{escape(title)}</h1>
      <p class="byline">By {escape(author)}</p>
      <figure><img src="/static/photo-{slug}.jpg" alt=""><figcaption>Photo: agency</figcaption>
      </figure>
{body}
      <div class="share">Share on social media: <a href="#">X</a> <a href="#">Facebook</a></div>
    </article>
    <aside class="related">
      <h2>Most read this week</h2>
      <ul>
        <li><a href="/news/ferry">Ferry timetable changes for the winter season</a></li>
        <li><a href="/news/market">Farmers market moves to the town square</a></li>
        <li><a href="/news/stadium">Stadium plans go before the council again</a></li>
      </ul>
    </aside>
    <div class="ad ad-box"><span>Advertisement</span><img src="/ads/box.gif" alt=""></div>
  </main>
  <footer class="site-footer">
    <p>© 2025 The Coastal Gazette. All rights reserved.</p>
    <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
      <li><a href="/privacy">Privacy policy</a></li></ul>
  </footer>
</body>
</html>
"""


def feed_xml(site: Site, slugs: list[str], *, summary: bool = True) -> str:
    """An RSS feed of the given reports: title, link, date and a one-line teaser each."""
    items = []
    for slug in slugs:
        title, author, published, paragraphs = ARTICLES[slug]
        stamp = formatdate(time.mktime(time.strptime(published[:19], "%Y-%m-%dT%H:%M:%S")))
        teaser = f"<description>{escape(paragraphs[0][:90])}…</description>" if summary else ""
        items.append(
            f"""    <item>
      <title>{escape(title)}</title>
      <link>{site.url("/news/" + slug)}</link>
      <guid isPermaLink="true">{site.url("/news/" + slug)}</guid>
      <pubDate>{stamp}</pubDate>
      {teaser}
    </item>"""
        )
    joined = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>The Coastal Gazette</title>
    <link>{site.url("/")}</link>
    <description>News from the coast</description>
    <language>en-gb</language>
{joined}
  </channel>
</rss>
"""


def serve(served: Site) -> Iterator[Site]:
    """Run the site's server in a thread for as long as the generator is not closed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
