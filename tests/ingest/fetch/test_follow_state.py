"""A source's state after a poll: validators renewed or kept, failures counted and backed off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsloom.errors import Reason
from newsloom.ingest.fetch.follow import MAX_BACKOFF_DOUBLINGS, _next_state
from newsloom.ingest.fetch.harvest import DocumentInfo
from newsloom.store.fetch import SourceState

NOW = datetime(2025, 11, 5, 12, 0, tzinfo=UTC)
EVERY = 900.0


def due_in(state: SourceState) -> float:
    assert state.next_due is not None
    return (datetime.fromisoformat(state.next_due) - NOW).total_seconds()


def test_a_read_feed_renews_its_validators_and_is_due_after_the_interval() -> None:
    before = SourceState("https://a.example/rss", etag='"old"', error_count=2, last_error="x")
    after = _next_state(before, DocumentInfo("feed", '"new"', "Wed, 05 Nov 2025"), NOW, EVERY)
    assert (after.etag, after.last_modified, after.kind) == ('"new"', "Wed, 05 Nov 2025", "feed")
    assert (after.error_count, after.last_error, due_in(after)) == (0, None, EVERY)


def test_not_modified_keeps_the_validators() -> None:
    before = SourceState("https://a.example/rss", etag='"v1"', last_modified="Tue")
    after = _next_state(before, DocumentInfo("", not_modified=True), NOW, EVERY)
    assert (after.etag, after.last_modified) == ('"v1"', "Tue") and due_in(after) == EVERY


def test_a_failing_feed_waits_longer_after_each_failure_up_to_a_cap() -> None:
    state = SourceState("https://dead.example/rss", etag='"v1"')
    waits = []
    for _ in range(MAX_BACKOFF_DOUBLINGS + 2):
        error = Reason.HTTP_STATUS.skip(state.url, "HTTP 404 Not Found")
        state = _next_state(state, DocumentInfo("", error=error), NOW, EVERY)
        waits.append(due_in(state))
    assert waits[:3] == [2 * EVERY, 4 * EVERY, 8 * EVERY]
    assert waits[-1] == waits[-2] == EVERY * 2**MAX_BACKOFF_DOUBLINGS
    assert state.error_count == MAX_BACKOFF_DOUBLINGS + 2 and state.etag == '"v1"'
    assert state.last_error == "NL019 the server answered HTTP 404 Not Found"
    assert timedelta(seconds=waits[-1]) == timedelta(hours=4)
