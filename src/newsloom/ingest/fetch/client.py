"""One HTTP GET done politely: paced per host, robots.txt asked first, redirects checked hop by
hop, retries with backoff, the body streamed and cut at a size limit, only text types read."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newsloom.errors import Reason
from newsloom.ingest.fetch.guard import AddressGuard, GuardedBackend, PrivateAddressError, Resolver
from newsloom.ingest.fetch.policy import RETRY_STATUSES, FetchPolicy, accepted_type
from newsloom.ingest.fetch.robots import RobotsRules
from newsloom.model import Skipped

# What newsloom asks for: pages and feeds, nothing embedded in them.
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/*;q=0.8"
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A pause before a retry (up to a minute when a server asks for it) is slept in slices this
# long, so that a stop asked meanwhile (Ctrl-C in `watch`) is seen within one.
PAUSE_SLICE_S = 0.5


@dataclass(frozen=True)
class Fetched:
    """A response newsloom may read: 200 with its body, or 304 (not modified) without one."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        """The server said the copy newsloom has is current (conditional GET)."""
        return self.status == 304


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes = b""


def url_problem(url: str) -> str | None:
    """Why a URL cannot be fetched at all, or None."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return f"{url!r}: {error}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"{url!r}: only http and https URLs are fetched"
    if not parts.hostname:
        return f"{url!r}: no host name"
    if parts.username or parts.password:
        return f"{url!r}: credentials in a URL are never sent"
    return None


class HostPacer:
    """Keeps requests to one host at least an interval apart."""

    def __init__(
        self,
        interval: float,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self.sleep = sleep
        self.clock = clock
        self._next: dict[str, float] = {}
        self._slower: dict[str, float] = {}  # a longer interval a host's robots.txt asked for

    def slow_down(self, host: str, interval: float) -> None:
        """Space this host's requests at least interval seconds apart."""
        self._slower[host] = max(interval, self._slower.get(host, 0.0))

    def wait(self, host: str) -> None:
        """Sleep until the host may be asked again, and book the next slot."""
        now = self.clock()
        due = self._next.get(host, now)
        if due > now:
            self.sleep(due - now)
            now = due
        self._next[host] = now + max(self.interval, self._slower.get(host, 0.0))


def _retry_after(headers: httpx.Headers) -> float | None:
    """The pause a Retry-After header asks for, in seconds (seconds or an HTTP date)."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - time.time())


class Fetcher:
    """GETs URLs under a FetchPolicy; every failure comes back as a coded Skipped.

    `stop` is asked before each retry and during its pause: once it says yes, a failed request
    is not tried again (its failure is the answer), so Ctrl-C ends a watch without waiting out
    a dead server's retries."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        resolver: Resolver | None = None,
        sleep: Callable[[float], None] = time.sleep,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.stop = stop
        self.policy = policy = policy or FetchPolicy()
        guard = AddressGuard(
            allow_private=policy.allow_private,
            allowed_networks=policy.allowed_networks,
            resolver=resolver,
        )
        self.sleep = sleep
        self.pacer = HostPacer(policy.interval, sleep)
        self.client = httpx.Client(
            transport=_guarded_transport(guard),
            follow_redirects=False,  # each hop is checked and counted here
            timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
            headers={"User-Agent": policy.user_agent, "Accept": ACCEPT},
            trust_env=False,  # a proxy from the environment would connect where guard can't see
        )
        self.robots = RobotsRules(self)

    def close(self) -> None:
        """Close the connections."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        obey_robots: bool = True,
        max_bytes: int | None = None,
        any_status: bool = False,
    ) -> Fetched | Skipped:
        """The response to a GET of url (following checked redirects), or why there is none.

        A final status other than 200 or 304 is an NL019 skip, unless any_status asks for it
        (without a body): robots.txt reads a 404 as "no rules"."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or self.policy.max_bytes
        current, visited = url, [url]
        for _ in range(self.policy.max_redirects + 1):
            problem = url_problem(current)
            if problem is not None:
                return Reason.BAD_URL.skip(url, problem)
            if obey_robots:
                refused = self.robots.refusal(current, url)
                if refused is not None:
                    return refused
            answer = self._with_retries(current, url, headers, limit)
            if isinstance(answer, Skipped):
                return answer
            location = answer.headers.get("location")
            if answer.status not in REDIRECT_STATUSES or not location:
                return self._final(url, current, answer, any_status)
            current = urljoin(current, location.strip())
            if current in visited:
                chain = " -> ".join([*visited, current])
                return Reason.TOO_MANY_REDIRECTS.skip(url, f"a redirect loop ({chain})")
            visited.append(current)
        return Reason.TOO_MANY_REDIRECTS.skip(
            url, f"more than {self.policy.max_redirects} redirects (last: {current})"
        )

    @staticmethod
    def _final(url: str, final_url: str, answer: _Answer, any_status: bool) -> Fetched | Skipped:
        if answer.status not in (200, 304) and not any_status:
            phrase = httpx.codes.get_reason_phrase(answer.status)
            return Reason.HTTP_STATUS.skip(url, f"HTTP {answer.status} {phrase}".strip())
        return Fetched(
            url=url,
            final_url=final_url,
            status=answer.status,
            body=answer.body,
            content_type=answer.headers.get("content-type"),
            etag=answer.headers.get("etag"),
            last_modified=answer.headers.get("last-modified"),
        )

    def _with_retries(
        self, url: str, origin: str, headers: dict[str, str], limit: int
    ) -> _Answer | Skipped:
        """One hop, asked again after a pause on 429, 5xx or a dropped connection."""
        attempt = 0
        while True:
            answer = self._once(url, origin, headers, limit)
            retryable = (
                answer.code == Reason.FETCH_FAILED.code
                if isinstance(answer, Skipped)
                else answer.status in RETRY_STATUSES
            )
            if not retryable or attempt >= self.policy.max_retries:
                return answer
            pause = self.policy.backoff * 2**attempt
            if isinstance(answer, _Answer):
                asked = _retry_after(answer.headers)
                if asked is not None and asked > self.policy.max_retry_after:
                    return answer  # tried again on a later poll, not by waiting here
                pause = max(pause, asked or 0.0)
            if not self._pause(pause):
                return answer  # asked to stop: the failure stands, a later run tries again
            attempt += 1

    def _pause(self, seconds: float) -> bool:
        """Sleep seconds in slices, looking for a stop between them; False when stopped."""
        left = seconds
        while not self.stop():
            if left <= 0:
                return True
            step = min(left, PAUSE_SLICE_S)
            self.sleep(step)
            left -= step
        return False

    def _once(
        self, url: str, origin: str, headers: dict[str, str], limit: int
    ) -> _Answer | Skipped:
        """One request: headers checked before the body is read, the body cut at limit."""
        self.pacer.wait(urlsplit(url).netloc.lower())
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status != 200:
                    return _Answer(status, response.headers)  # no body worth reading
                content_type = response.headers.get("content-type")
                if not accepted_type(content_type):
                    return Reason.WRONG_CONTENT_TYPE.skip(origin, f"{content_type} at {url}")
                return _read_body(response, origin, limit)
        except PrivateAddressError as error:
            return Reason.PRIVATE_ADDRESS.skip(origin, str(error))
        except httpx.TimeoutException:
            return Reason.FETCH_FAILED.skip(origin, f"timed out ({url})")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
            return Reason.BAD_URL.skip(origin, f"{url!r}: {error}")
        except httpx.HTTPError as error:
            detail = " ".join(str(error).split()) or type(error).__name__
            return Reason.FETCH_FAILED.skip(origin, f"{detail} ({url})")


def _read_body(response: httpx.Response, origin: str, limit: int) -> _Answer | Skipped:
    """The body, streamed; a body past limit bytes (decompressed) is refused, not kept."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return Reason.TOO_LARGE.skip(
            origin, f"a response of {int(declared):,} bytes (limit {limit:,})"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            return Reason.TOO_LARGE.skip(origin, f"a response of more than {limit:,} bytes")
        chunks.append(chunk)
    return _Answer(200, response.headers, b"".join(chunks))


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose sockets go through the AddressGuard."""

    def __init__(self, guard: AddressGuard) -> None:
        super().__init__()
        # httpx takes no network backend of its own; its pool (httpcore) does. Same pool
        # settings as httpx's defaults, with the guarded backend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(guard),
        )


def _guarded_transport(guard: AddressGuard) -> httpx.HTTPTransport:
    return _GuardedTransport(guard)
