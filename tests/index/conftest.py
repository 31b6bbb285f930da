"""An index in a temporary folder beside the `archive` fixture (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from opis.index import SearchIndex
from opis.store.archive import Archive
from tests.index.corpus import load


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    idx = SearchIndex.open(tmp_path / "index")
    yield idx
    idx.release_writer()


@pytest.fixture
def loaded(archive: Archive, index: SearchIndex) -> SearchIndex:
    load(archive, index)
    return index
