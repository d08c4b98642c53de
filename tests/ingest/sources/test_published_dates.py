"""Publication dates normalised to ISO 8601."""

from __future__ import annotations

import time

import pytest

from newsloom.ingest.sources.dates import normalise_published, utc_timestamp


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2024-04-21", "2024-04-21"),
        (" 2024-04-21 ", "2024-04-21"),
        ("2024-04-21T09:30:00", "2024-04-21T09:30:00"),
        ("2024-04-21 09:30", "2024-04-21T09:30:00"),
        ("2024-04-21T09:30:00Z", "2024-04-21T09:30:00+00:00"),
        ("2024-04-21T09:30:00+05:00", "2024-04-21T09:30:00+05:00"),
        ("Sun, 21 Apr 2024 09:30:00 GMT", "2024-04-21T09:30:00+00:00"),
        ("Sun, 21 Apr 2024 09:30:00 +0500", "2024-04-21T09:30:00+05:00"),
        ("21 Apr 2024 09:30 EST", "2024-04-21T09:30:00-05:00"),
    ],
)
def test_accepted_forms(given, expected):
    assert normalise_published(given) == expected


@pytest.mark.parametrize(
    "given", ["yesterday", "2024-13-01", "21/04/2024", "", "Sun, 32 Apr 2024 09:30:00 GMT"]
)
def test_refused_forms(given):
    with pytest.raises(ValueError):
        normalise_published(given)


def test_feed_struct_time_to_utc():
    assert (
        utc_timestamp(time.strptime("2024-04-21 09:30:00", "%Y-%m-%d %H:%M:%S"))
        == "2024-04-21T09:30:00+00:00"
    )
