"""The fetcher against a local server: manners, limits, failures and the address guard."""

from __future__ import annotations

from collections.abc import Iterator

from fetch_site import HTML, Site

from newsloom import __version__
from newsloom.ingest.fetch.client import Fetched, Fetcher
from newsloom.ingest.fetch.policy import FetchPolicy
from newsloom.model import Skipped


def fetcher(**changes: object) -> Fetcher:
    """A fetcher for the local site: fast pace and short pauses, private addresses allowed."""
    settings: dict[str, object] = {"rate": 1000.0, "backoff": 0.01, "allow_private": True}
    settings.update(changes)
    return Fetcher(FetchPolicy(**settings))  # type: ignore[arg-type]


def code_of(result: Fetched | Skipped) -> str:
    assert isinstance(result, Skipped), result
    return result.code


def test_a_page_is_fetched_with_an_identifying_user_agent(site: Site) -> None:
    url = site.add("/a", "<html><body><p>Hello</p></body></html>")
    with fetcher() as f:
        got = f.get(url)
    assert isinstance(got, Fetched) and got.status == 200 and b"Hello" in got.body
    assert all(agent.startswith(f"newsloom/{__version__}") for agent in site.agents)
    assert site.hits["/robots.txt"] == 1  # asked before the first page


def test_404_is_reported_with_its_code_and_not_retried(site: Site) -> None:
    with fetcher() as f:
        got = f.get(site.url("/gone"))
    assert code_of(got) == "NL019" and "404" in got.message  # type: ignore[union-attr]
    assert site.hits["/gone"] == 1


def test_500_is_retried_a_bounded_number_of_times(site: Site) -> None:
    url = site.add("/broken", "oops", status=500)
    with fetcher(max_retries=2) as f:
        got = f.get(url)
    assert code_of(got) == "NL019" and "500" in got.message  # type: ignore[union-attr]
    assert site.hits["/broken"] == 3


def test_429_waits_as_retry_after_asks_within_the_cap(site: Site) -> None:
    url = site.add("/busy", "slow down", status=429, headers={"Retry-After": "2"})
    pauses: list[float] = []
    f = Fetcher(
        FetchPolicy(rate=1000.0, backoff=0.01, allow_private=True, max_retries=1),
        sleep=pauses.append,
    )
    with f:
        assert code_of(f.get(url)) == "NL019"
    # The pause is slept in slices (a stop is looked for between them): 2 s in all, and the
    # pacer's own tiny waits beside them.
    assert 2.0 <= sum(pauses) < 2.1 and site.hits["/busy"] == 2
    site.hits.clear()
    far = site.add("/later", "come back tomorrow", status=503, headers={"Retry-After": "86400"})
    with Fetcher(FetchPolicy(rate=1000.0, allow_private=True), sleep=pauses.append) as f:
        assert code_of(f.get(far)) == "NL019"
    assert site.hits["/later"] == 1  # a wait past the cap is left to a later poll


def test_a_stop_ends_the_retries_and_their_pauses(site: Site) -> None:
    # A failing server is asked once more only while nobody asked to stop (Ctrl-C in watch).
    url = site.add("/broken", "oops", status=500)
    with Fetcher(
        FetchPolicy(rate=1000.0, backoff=0.01, allow_private=True, max_retries=2),
        stop=lambda: site.hits["/broken"] >= 1,
    ) as f:
        got = f.get(url)
    assert code_of(got) == "NL019" and "500" in got.message  # type: ignore[union-attr]
    assert site.hits["/broken"] == 1

    # A stop asked during a long Retry-After pause ends the pause at the next slice.
    busy = site.add("/busy", "later", status=503, headers={"Retry-After": "30"})
    pauses: list[float] = []
    asked = {"stop": False}

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        asked["stop"] = sum(pauses) >= 1.0  # Ctrl-C a second into the wait

    with Fetcher(
        FetchPolicy(rate=1000.0, allow_private=True), sleep=sleep, stop=lambda: asked["stop"]
    ) as f:
        assert code_of(f.get(busy)) == "NL019"
    assert site.hits["/busy"] == 1 and sum(pauses) < 2.0


def test_a_slow_server_times_out(site: Site) -> None:
    url = site.add("/slow", "<p>late</p>", delay=1.5)
    with fetcher(read_timeout=0.3, max_retries=0) as f:
        got = f.get(url)
    assert code_of(got) == "NL018" and "timed out" in got.message  # type: ignore[union-attr]


def test_redirects_are_followed_and_loops_and_long_chains_stopped(site: Site) -> None:
    site.add("/old", status=301, headers={"Location": "/new"})
    site.add("/new", "<p>moved here</p>")
    site.add("/loop-a", status=302, headers={"Location": "/loop-b"})
    site.add("/loop-b", status=302, headers={"Location": "/loop-a"})
    for i in range(5):
        site.add(f"/hop{i}", status=307, headers={"Location": f"/hop{i + 1}"})
    site.add("/hop5", "<p>far</p>")
    with fetcher(max_redirects=3) as f:
        moved = f.get(site.url("/old"))
        loop = f.get(site.url("/loop-a"))
        chain = f.get(site.url("/hop0"))
    assert isinstance(moved, Fetched) and moved.final_url == site.url("/new")
    assert code_of(loop) == "NL022" and "loop" in loop.message  # type: ignore[union-attr]
    assert code_of(chain) == "NL022" and "more than 3" in chain.message  # type: ignore[union-attr]


def test_loopback_is_refused_without_allow_private(site: Site) -> None:
    url = site.add("/a", "<p>secret admin page</p>")
    with fetcher(allow_private=False) as f:
        got = f.get(url)
    assert code_of(got) == "NL020" and "loopback" in got.message  # type: ignore[union-attr]
    assert sum(site.hits.values()) == 0  # refused before connecting: not even robots.txt


def test_every_redirect_hop_is_checked(site: Site) -> None:
    # Only 127.0.0.1 is opened; a redirect to another loopback address is refused at that hop.
    port = site.base.rsplit(":", 1)[1]
    site.add("/jump", status=302, headers={"Location": f"http://127.0.0.2:{port}/inside"})
    site.add("/jump6", status=302, headers={"Location": f"http://[::1]:{port}/inside"})
    with fetcher(allow_private=False, allowed_networks=("127.0.0.1/32",)) as f:
        jump = f.get(site.url("/jump"))
        jump6 = f.get(site.url("/jump6"))
    assert code_of(jump) == "NL020" and "127.0.0.2" in jump.message  # type: ignore[union-attr]
    assert code_of(jump6) == "NL020" and "::1" in jump6.message  # type: ignore[union-attr]
    assert site.hits["/jump"] == 1 and "/inside" not in site.hits


def test_only_http_urls_without_credentials_are_fetched(site: Site) -> None:
    with fetcher() as f:
        for url in ("file:///etc/passwd", "ftp://example.org/x", "http://user:pw@example.org/"):
            assert code_of(f.get(url)) == "NL017"
        site.add("/to-file", status=302, headers={"Location": "file:///etc/passwd"})
        assert code_of(f.get(site.url("/to-file"))) == "NL017"


def test_robots_txt_is_honoured_and_read_once_per_site(site: Site) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.add("/private/memo", "<p>internal</p>")
    site.add("/public", "<p>open</p>")
    with fetcher() as f:
        refused = f.get(site.url("/private/memo"))
        allowed = f.get(site.url("/public"))
    assert code_of(refused) == "NL021" and isinstance(allowed, Fetched)
    assert site.hits["/robots.txt"] == 1 and "/private/memo" not in site.hits


def test_a_site_whose_robots_txt_fails_is_left_alone(site: Site) -> None:
    site.add("/robots.txt", "down", status=503)
    site.add("/page", "<p>text</p>")
    with fetcher(max_retries=0) as f:
        assert code_of(f.get(site.url("/page"))) == "NL021"
    assert "/page" not in site.hits


def test_conditional_get_gets_not_modified(site: Site) -> None:
    url = site.add("/feed", "<rss/>", content_type="application/rss+xml", etag='"v1"')
    with fetcher() as f:
        first = f.get(url)
        assert isinstance(first, Fetched) and first.etag == '"v1"'
        again = f.get(url, etag=first.etag)
    assert isinstance(again, Fetched) and again.not_modified and again.body == b""
    assert site.conditional == ["/feed"]


def test_oversized_responses_are_refused_declared_or_streamed(site: Site) -> None:
    site.add("/big", b"<p>" + b"x" * 300_000 + b"</p>")

    def endless() -> Iterator[bytes]:
        while True:
            yield b"<p>" + b"y" * 65_536 + b"</p>"

    site.add("/stream", chunks=endless)
    with fetcher(max_bytes=200_000) as f:
        declared = f.get(site.url("/big"))
        streamed = f.get(site.url("/stream"))
    assert code_of(declared) == "NL014" and "300,007 bytes" in declared.message  # type: ignore[union-attr]
    assert code_of(streamed) == "NL014" and "more than 200,000" in streamed.message  # type: ignore[union-attr]


def test_only_text_html_and_xml_are_read(site: Site) -> None:
    site.add("/photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    site.add("/report.pdf", b"%PDF-1.7", content_type="application/pdf")
    site.add("/plain", "Just text.", content_type="text/plain; charset=utf-8")
    site.add("/atom", "<feed/>", content_type="application/atom+xml")
    site.add("/page", "<p>a</p>", content_type=HTML)
    with fetcher() as f:
        assert code_of(f.get(site.url("/photo.png"))) == "NL023"
        assert code_of(f.get(site.url("/report.pdf"))) == "NL023"
        for path in ("/plain", "/atom", "/page"):
            assert isinstance(f.get(site.url(path)), Fetched), path


def test_requests_to_one_host_are_paced() -> None:
    from newsloom.ingest.fetch.client import HostPacer

    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = HostPacer(1.0, sleep=sleep, clock=lambda: now[0])
    for _ in range(3):
        pacer.wait("news.example")
    pacer.wait("other.example")  # another host does not wait for this one
    assert slept == [1.0, 1.0]
    pacer.slow_down("news.example", 5.0)  # a robots.txt Crawl-delay
    pacer.wait("news.example")
    pacer.wait("news.example")
    assert slept[-1] == 5.0
