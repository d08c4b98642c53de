"""robots.txt, read once per site and honoured (RFC 9309, by urllib.robotparser)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from newsloom.errors import Reason
from newsloom.ingest.fetch.policy import MAX_ROBOTS_BYTES, ROBOTS_AGENT, ROBOTS_TTL_S
from newsloom.model import Skipped

if TYPE_CHECKING:
    from newsloom.ingest.fetch.client import Fetcher

# The longest Crawl-delay honoured, in seconds: past it a site is effectively asking not to be
# read by a poller at all, and one poll would take hours.
MAX_CRAWL_DELAY_S = 60.0
# A site whose robots.txt did not answer is left alone this long, then asked again: long enough
# that one poll does not ask a failing site for it before every page, short enough that a blip
# does not close the site for the day.
CLOSED_RETRY_S = 600.0


@dataclass(frozen=True)
class _SiteRules:
    """What one site's robots.txt says, or that it could not be read (then all refused)."""

    parser: RobotFileParser | None
    loaded_at: float
    # Why everything on the site is refused (its robots.txt failed with a 5xx or did not
    # answer: RFC 9309 says to assume the site is closed), or None.
    closed: Skipped | None = None

    @property
    def ttl(self) -> float:
        """Seconds these rules are trusted: a day, or a few minutes when the site was closed."""
        if self.closed is not None and self.closed.code == Reason.ROBOTS_DISALLOWED.code:
            return CLOSED_RETRY_S
        return ROBOTS_TTL_S


class RobotsRules:
    """Each site's robots.txt, asked for before the first page and again after a day."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._sites: dict[str, _SiteRules] = {}

    def refusal(self, url: str, origin: str) -> Skipped | None:
        """Why robots.txt (or its absence of an answer) keeps url from being fetched."""
        parts = urlsplit(url)
        site = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self._sites.get(site)
        if rules is None or time.monotonic() - rules.loaded_at > rules.ttl:
            rules = self._sites[site] = self._load(site, parts.netloc.lower())
        if rules.closed is not None:
            return Skipped(origin=origin, code=rules.closed.code, message=rules.closed.message)
        if rules.parser is not None and not rules.parser.can_fetch(ROBOTS_AGENT, url):
            return Reason.ROBOTS_DISALLOWED.skip(origin, f"{site}/robots.txt for {url}")
        return None

    def _load(self, site: str, host: str) -> _SiteRules:
        robots_url = f"{site}/robots.txt"
        got = self.fetcher.get(
            robots_url, obey_robots=False, max_bytes=MAX_ROBOTS_BYTES, any_status=True
        )
        now = time.monotonic()
        if isinstance(got, Skipped):
            if got.code == Reason.FETCH_FAILED.code:
                return _SiteRules(None, now, self._closed(robots_url, got.message))
            if got.code in (Reason.WRONG_CONTENT_TYPE.code, Reason.TOO_LARGE.code):
                return _SiteRules(None, now)  # not a robots file (an HTML error page, say)
            return _SiteRules(None, now, got)  # the site itself is refused (a private address)
        if got.status >= 500 or got.status == 429:
            return _SiteRules(None, now, self._closed(robots_url, f"HTTP {got.status}"))
        if got.status != 200:
            return _SiteRules(None, now)  # no robots.txt (4xx): nothing is disallowed
        parser = RobotFileParser()
        parser.parse(got.body.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.fetcher.pacer.slow_down(host, min(float(delay), MAX_CRAWL_DELAY_S))
        return _SiteRules(parser, now)

    @staticmethod
    def _closed(robots_url: str, why: str) -> Skipped:
        """The refusal of every URL of a site whose robots.txt did not answer."""
        return Reason.ROBOTS_DISALLOWED.skip(
            robots_url, f"{robots_url} could not be read ({why}), so the site is not fetched"
        )
