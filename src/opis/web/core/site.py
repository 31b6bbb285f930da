"""What every route of the reading room shares: the store, the index, the name finder, the search pool."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from opis.config import Settings
from opis.index import SearchIndex
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.web.core import auth
from opis.web.core.runner import Runner
from opis.web.reading.names import NameFinder


def viewer_of(request: Request) -> Viewer:
    """Who is asking: the signed-in person or API token's account, else the anonymous public."""
    return auth.viewer_of(request)


@dataclass(frozen=True)
class Site:
    archive: Archive
    index: SearchIndex
    finder: NameFinder
    runner: Runner
    settings: Settings
