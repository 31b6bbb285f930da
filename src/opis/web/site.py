"""What every route of the reading room shares: the store, the index, the name finder, the search pool."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from opis.config import Settings
from opis.index import SearchIndex
from opis.store.access import ANONYMOUS, Viewer
from opis.store.archive import Archive
from opis.web.names import NameFinder
from opis.web.searching import Runner


def viewer_of(request: Request) -> Viewer:
    """Who is asking. Accounts arrive with the editors issue; until then every request is anonymous."""
    return ANONYMOUS


@dataclass(frozen=True)
class Site:
    archive: Archive
    index: SearchIndex
    finder: NameFinder
    runner: Runner
    settings: Settings
