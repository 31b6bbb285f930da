"""What every route shares: the store, the index, the name finder, the search pool and the settings.

Each room's ``router(site)`` takes one ``Site`` and reaches the archive through it, never through
the app's state; ``opis.web.app.make_site`` builds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

from opis.config import Settings
from opis.index import SearchIndex
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.web.core import auth
from opis.web.core.runner import Runner

if TYPE_CHECKING:  # the finder belongs to the reading room, which imports this module
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
