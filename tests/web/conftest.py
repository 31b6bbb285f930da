"""A reading room over the rich test records, on SQLite and on PostgreSQL (the `archive` fixture)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.model import Document
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.web import rich
from tests.web.security_fixtures import World, build_world, fast_passwords


@pytest.fixture
def paper(archive: Archive, tmp_path: Path) -> Document:
    return rich.load(archive, tmp_path)


@pytest.fixture
def site(archive: Archive, settings: Settings, paper: Document) -> Iterator[TestClient]:
    """The app after the index caught up with the records (it does so before serving)."""
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def world(archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """The security tests' world: a record in every access state, an account and a token for every role."""
    fast_passwords(monkeypatch)
    return build_world(archive, tmp_path / "world")
