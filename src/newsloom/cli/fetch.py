"""`newsloom fetch` and `newsloom watch`: articles and feeds from the web into the store."""

from __future__ import annotations

import json
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import typer
from rich.status import Status

from newsloom.cli.common import (
    DbOption,
    console,
    db_path,
    err_console,
    fail,
    flag_option,
    say_waiting,
    skip_line,
)
from newsloom.errors import NewsloomError, loses_input
from newsloom.ingest.fetch.policy import DEFAULT_RATE, FetchPolicy
from newsloom.model import Skipped

if TYPE_CHECKING:  # the follower loads the ingest pipeline (spaCy, SciPy): only fetch needs it
    from newsloom.ingest.fetch.follow import Follower, RoundReport

# The shortest poll interval `watch` accepts: a feed polled more often than once a minute
# gains nothing (publishers update them every few minutes at most) and looks like abuse.
MIN_EVERY_S = 60.0
# The longest: a feed keeps its entries for days, not months, so a longer interval misses them;
# and a source's next poll (up to 16 times the interval after failures) must be a date.
MAX_EVERY_S = 30 * 86400.0
DEFAULT_EVERY = "15m"
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(\d+)([smhd])")

AllowPrivateOption = flag_option(
    "--allow-private",
    "Also fetch hosts on loopback, private, link-local or other non-public addresses "
    "(refused by default: see docs/fetching.md).",
)
RateOption = typer.Option(
    DEFAULT_RATE, "--rate", min=0.01, max=100.0, help="Requests per second to any one host."
)
JsonLinesOption = flag_option(
    "--json", "Print one JSON line per article stored and per error, and one per round."
)


def parse_every(text: str) -> float:
    """Seconds in a duration such as 90s, 15m, 1h30m or 1d; NewsloomError when unreadable."""
    compact = text.strip().lower().replace(" ", "")
    if not compact or _DURATION.sub("", compact):
        raise NewsloomError(f"--every {text!r}: give a duration such as 15m, 1h or 1h30m")
    seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in _DURATION.findall(compact))
    if seconds < MIN_EVERY_S:
        raise NewsloomError(f"--every {text!r}: poll at most once a minute (60s or more)")
    if seconds > MAX_EVERY_S:
        raise NewsloomError(f"--every {text!r}: poll at least once every 30 days (30d or less)")
    return float(seconds)


class _Printer:
    """Prints articles, errors and rounds: JSON lines, or lines and a live status for people."""

    def __init__(self, as_json: bool, label: str = "round") -> None:
        self.as_json = as_json
        self.label = label  # what a line of totals is called: a watch's round, or a fetch
        self.status: Status | None = None
        self.totals = {
            "rounds": 0,
            "sources": 0,
            "new": 0,
            "updated": 0,
            "created": 0,
            "touched": 0,
        }

    def article(self, event: dict[str, Any]) -> None:
        """One article stored."""
        if self.as_json:
            self._line(event)

    def skip(self, skipped: Skipped) -> None:
        """One input skipped: a fetch refused or failed, a page without text."""
        if self.as_json:
            self._line(
                {
                    "type": "error",
                    "origin": skipped.origin,
                    "code": skipped.code,
                    "message": skipped.message,
                }
            )
            return
        console.print(skip_line(skipped), highlight=False)

    def round(self, report: RoundReport) -> None:
        """One round done: totals so far, on the status line and as a line of its own."""
        t, ingest = self.totals, report.ingest
        t["rounds"] += 1
        t["sources"] += report.sources_polled
        t["new"] += ingest.new + ingest.duplicates
        t["updated"] += ingest.updated
        t["created"] += ingest.stories_created
        t["touched"] += ingest.stories_updated
        if self.as_json:
            self._line({"type": "round", **report.as_dict()})
            return
        number = f" {t['rounds']}" if self.label == "round" else ""
        console.print(f"{self.label}{number}: {_round_line(report)}", highlight=False)
        if self.status is not None:
            self.status.update(self.status_text())

    def status_text(self) -> str:
        """The live status line: what every round so far has done."""
        t = self.totals
        return (
            f"watching: {t['sources']} sources polled, {t['new']} new articles, "
            f"{t['updated']} updated, stories {t['created']} created / {t['touched']} updated"
        )

    @staticmethod
    def _line(data: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()


def _round_line(report: RoundReport) -> str:
    ingest = report.ingest
    # As ingest's summary does: input lost apart from articles kept with a warning (an entry's
    # summary kept for its page, NL024), which do not make the exit status 1.
    lost = sum(loses_input(s) for s in ingest.skipped)
    return (
        f"{report.sources_polled} polled ({report.not_modified} not modified), "
        f"{report.pages_fetched} pages fetched, {report.already_known} already known; "
        f"{ingest.new} new, {ingest.duplicates} copies, {ingest.updated} updated, "
        f"{ingest.unchanged} unchanged; stories {ingest.stories_created} created, "
        f"{ingest.stories_updated} updated; {lost} skipped, "
        f"{len(ingest.skipped) - lost} kept with a warning"
    )


@contextmanager
def _stop_on_interrupt(follower: Follower) -> Iterator[None]:
    """The first Ctrl-C asks the follower to stop after its current batch; a second one
    interrupts at once."""
    asked = {"stop": False}

    def handle(signum: int, frame: FrameType | None) -> None:
        if asked["stop"]:
            raise KeyboardInterrupt
        asked["stop"] = True
        err_console.print("stopping after the current batch (Ctrl-C again to stop at once)")

    follower.stop = lambda: asked["stop"]
    previous = signal.signal(signal.SIGINT, handle)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _follower(
    db: Path | None, rate: float, allow_private: bool, printer: _Printer, every: float = 900.0
) -> Follower:
    from newsloom.ingest.fetch.follow import Follower

    policy = FetchPolicy(rate=rate, allow_private=allow_private)
    return Follower(
        db_path(db),
        policy,
        every=every,
        on_article=printer.article,
        on_skip=printer.skip,
        on_wait=say_waiting,
    )


def fetch_command(
    urls: list[str] = typer.Argument(..., help="Article pages or RSS/Atom feeds (http, https)."),
    allow_private: bool = AllowPrivateOption,
    rate: float = RateOption,
    db: Path | None = DbOption,
    as_json: bool = JsonLinesOption,
) -> None:
    """Fetch article pages and feeds into the store (politely: robots.txt, rate, size limits)."""
    printer = _Printer(as_json, label="fetched")
    try:
        follower = _follower(db, rate, allow_private, printer)
        try:
            with _stop_on_interrupt(follower):
                report = follower.fetch(urls)
        finally:
            follower.close()
    except NewsloomError as exc:
        fail(exc)
    printer.round(report)
    raise typer.Exit(0 if report.ingest.ok else 1)


def watch_command(
    sources: list[str] = typer.Argument(
        ..., help="Feed URLs, OPML files or text files of URLs (one a line)."
    ),
    every: str = typer.Option(DEFAULT_EVERY, "--every", help="Poll each source this often."),
    once: bool = flag_option("--once", "Poll every source once and exit (for cron and tests)."),
    rate: float = RateOption,
    allow_private: bool = AllowPrivateOption,
    db: Path | None = DbOption,
    as_json: bool = JsonLinesOption,
) -> None:
    """Follow feeds: poll them on a schedule and ingest what is new, until Ctrl-C."""
    printer = _Printer(as_json)
    try:
        interval = parse_every(every)
        from newsloom.ingest.fetch.sourcelist import read_sources  # the readers: trafilatura

        listed = read_sources(sources)
        for skipped in listed.skipped:
            printer.skip(skipped)
        if not listed.urls:
            raise NewsloomError("no feed URL to watch in the sources given")
        follower = _follower(db, rate, allow_private, printer, interval)
        ok = [True]

        def on_round(report: RoundReport) -> None:
            ok[0] = ok[0] and report.ingest.ok
            printer.round(report)

        try:
            with _stop_on_interrupt(follower), _live_status(printer):
                follower.watch(listed.urls, once=once, on_round=on_round)
        finally:
            follower.close()
    except NewsloomError as exc:
        fail(exc)
    raise typer.Exit(0 if ok[0] and not listed.skipped else 1)


@contextmanager
def _live_status(printer: _Printer) -> Iterator[None]:
    """A live status line on a terminal (none in --json mode or when piped)."""
    if printer.as_json or not err_console.is_terminal:
        yield
        return
    with err_console.status(printer.status_text()) as status:
        printer.status = status
        try:
            yield
        finally:
            printer.status = None
