"""Web app fixtures: a store of the seed reports, a store of hostile articles, app clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web app needs newsloom[web]")

from fastapi.testclient import TestClient  # noqa: E402
from web_corpus import TOKEN, hostile_records  # noqa: E402

from newsloom.api import Newsloom  # noqa: E402
from newsloom.web.app import create_app  # noqa: E402


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, analyzer: Any) -> Path:
    """A store of the two seed reports of Raisi's visit (one story)."""
    db = tmp_path_factory.mktemp("web-seeds") / "seeds.db"
    report = Newsloom(db, analyzer=analyzer).ingest(seeds_dir, published="2024-04-21")
    assert (report.new, report.stories_created) == (2, 1)
    return db


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, analyzer: Any) -> Path:
    """A store of the hostile reports."""
    db = tmp_path_factory.mktemp("web-hostile") / "hostile.db"
    report = Newsloom(db, analyzer=analyzer).ingest(hostile_records())
    assert report.new == 2, report.as_dict()
    return db


def make_client(db: Path, analyzer: Any, token: str | None = TOKEN) -> TestClient:
    """An in-process client of the app over db, sharing the session's loaded models."""
    nl = Newsloom(db, analyzer=analyzer, query_ms=2000)
    return TestClient(create_app(str(db), token=token, newsloom=nl))


@pytest.fixture(scope="session")
def seeds_client(seeds_db: Path, analyzer: Any) -> Iterator[TestClient]:
    """The app over the seeds store, writes allowed with TOKEN."""
    with make_client(seeds_db, analyzer) as client:
        yield client


@pytest.fixture(scope="session")
def hostile_client(hostile_db: Path, analyzer: Any) -> Iterator[TestClient]:
    """The app over the hostile store."""
    with make_client(hostile_db, analyzer) as client:
        yield client


@pytest.fixture(scope="session")
def client_for(analyzer: Any) -> Any:
    """A factory of in-process clients: client_for(db, token=...)."""

    def make(db: Path, token: str | None = TOKEN) -> TestClient:
        return make_client(db, analyzer, token)

    return make
