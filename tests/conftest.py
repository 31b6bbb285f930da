"""Shared fixtures: a store on SQLite and on a real PostgreSQL, a fixed clock, a test client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opis.config import Settings
from opis.store.archive import Archive
from opis.store.db import make_engine, migrate
from opis.store.originals import OriginalsDir, open_originals
from tests.support.postgres import PostgresUnavailable, create_database, private_cluster
from tests.support.s3 import CREDENTIALS, moto_server, new_bucket

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


class FixedClock:
    """A clock the tests move by hand, so embargo dates and timestamps are deterministic."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    configured = os.environ.get("OPIS_TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    try:
        with private_cluster() as url:
            yield url
    except PostgresUnavailable as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """moto's S3 server on loopback for the session; its endpoint URL."""
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3_endpoint(s3_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The S3 test server, with the credentials boto3 reads from the environment set (for this test,
    and the worker processes it starts)."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return s3_server


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 1, 12, 0, tzinfo=UTC))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'opis.sqlite3'}"
    server: str = request.getfixturevalue("postgres_server")
    return create_database(server)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url, load_sample=False)


@pytest.fixture
def archive(settings: Settings, clock: FixedClock) -> Iterator[Archive]:
    engine = make_engine(settings.url, settings.query_timeout_ms)
    migrate(engine)
    yield Archive(engine, OriginalsDir(settings.originals_dir), clock)
    engine.dispose()


@pytest.fixture(params=["files", "s3"])
def home_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """``settings`` with the originals in a folder, then in a fresh bucket of the S3 test server."""
    if request.param == "files":
        return settings
    endpoint: str = request.getfixturevalue("s3_endpoint")
    return replace(settings, originals=f"s3://{new_bucket(endpoint)}/opis/originals", s3_endpoint_url=endpoint)


@pytest.fixture
def stored(home_settings: Settings, clock: FixedClock) -> Iterator[Archive]:
    """An archive whose originals live where ``home_settings`` says (a folder, an S3 bucket)."""
    engine = make_engine(home_settings.url, home_settings.query_timeout_ms)
    migrate(engine)
    yield Archive(engine, open_originals(home_settings), clock)
    engine.dispose()
