"""Shared helpers for the source reader tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from newsloom.model import Article, Skipped

Split = Callable[[Iterable[Article | Skipped]], tuple[list[Article], list[Skipped]]]


def split_results(results: Iterable[Article | Skipped]) -> tuple[list[Article], list[Skipped]]:
    """Articles and Skipped records from a reader, each in the order read."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for result in results:
        (articles if isinstance(result, Article) else skipped).append(result)  # type: ignore[arg-type]
    return articles, skipped


@pytest.fixture
def split() -> Split:
    """The split_results helper, as a fixture so test modules need no imports between them."""
    return split_results
