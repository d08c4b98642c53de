"""How newsloom behaves on the web: its name, its pace, its patience and its limits.

Every number here is a named constant with the reason for its value; `FetchPolicy` bundles them
so a caller (or a test against a local server) can tighten or loosen one without patching.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsloom import __version__

# Sites see who is asking and where to read about it; a version tells them which behaviour.
USER_AGENT = f"newsloom/{__version__} (news reader; follows robots.txt)"
# The robots.txt user-agent token newsloom answers to (a rule for "newsloom" applies to it).
ROBOTS_AGENT = "newsloom"
# Requests per second to one host: one a second is the common courtesy of news crawlers.
DEFAULT_RATE = 1.0
# Seconds to connect, and between bytes once connected: a news page arrives well within this,
# a server that stalls longer is not going to answer usefully.
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 20.0
# Retries after a 429, a 5xx or a dropped connection, so three tries in all: enough to ride out
# a blip, few enough that a dead server costs a poll a few seconds, not minutes.
MAX_RETRIES = 2
# The first retry waits this long, each later one twice as long as the one before.
BACKOFF_S = 1.0
# The longest Retry-After newsloom waits for; a server asking for more is tried on a later poll.
MAX_RETRY_AFTER_S = 60.0
# Hops followed: real sites redirect once or twice (http to https, a tracking link); ten is
# what browsers and curl allow before calling it a loop.
MAX_REDIRECTS = 10
# The largest response read, in bytes. A news page, markup and inline scripts included, is
# rarely over 2 MB and a feed of a few hundred entries a few MB; the body is streamed and cut
# here, so a 20 MB page or an endless stream costs at most this much memory.
MAX_RESPONSE_BYTES = 10 * 1024 * 1024
# robots.txt files larger than this are read only this far (Google reads 500 KiB of them).
MAX_ROBOTS_BYTES = 512 * 1024
# How long a site's robots.txt is trusted before it is read again, in seconds.
ROBOTS_TTL_S = 24 * 3600.0

# Media types read: pages, feeds and plain text. Anything else (images, PDFs, video) is refused
# from its headers, before its body is read.
TEXT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "text/plain",
    }
)
# Statuses worth asking again after a pause: rate limited, or the server's own trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    """The limits and manners of one fetcher; the defaults are newsloom's."""

    rate: float = DEFAULT_RATE  # requests per second per host
    connect_timeout: float = CONNECT_TIMEOUT_S
    read_timeout: float = READ_TIMEOUT_S
    max_retries: int = MAX_RETRIES
    backoff: float = BACKOFF_S
    max_retry_after: float = MAX_RETRY_AFTER_S
    max_redirects: int = MAX_REDIRECTS
    max_bytes: int = MAX_RESPONSE_BYTES
    user_agent: str = USER_AGENT
    # Whether hosts on loopback, private, link-local and other non-public addresses may be
    # fetched (`--allow-private`); `allowed_networks` opens only the networks named.
    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()

    @property
    def interval(self) -> float:
        """Seconds between two requests to one host."""
        return 1.0 / self.rate if self.rate > 0 else 0.0


def accepted_type(content_type: str | None) -> bool:
    """Whether a Content-Type header names a type newsloom reads (absent: read and sniffed)."""
    if not content_type:
        return True
    media = content_type.split(";")[0].strip().lower()
    return media in TEXT_TYPES or media.endswith("+xml") or media.startswith("text/")
