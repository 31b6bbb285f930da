"""The page pyramids the Image API route has made after a page's first tile, one at a time.

A viewer's first tile of a page is drawn on its own (one decode, inside the first-tile bar); the
page's other tiles are then made in one pass (``opis.images.pyramid``) on a worker thread, so the
reader's next zooms and pans are cache hits instead of a decode each. One worker per process keeps
this to one core whatever the readers do; a reader leafing fast through a long document does not
queue a backlog (past MAX_WAITING pages are skipped, and made on their next tile instead)."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from opis.images import ImageCache, ImageRequest, PageImageError
from opis.images.pyramid import has_pyramid, is_tile, make_pyramid

MAX_WAITING = 4
log = logging.getLogger(__name__)


class Pyramids:
    def __init__(self, cache: ImageCache) -> None:
        self.cache = cache
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="opis-pyramid")
        self._lock = threading.Lock()
        self._pending: set[str] = set()

    def after_tile(self, ident: str, path: Path, req: ImageRequest, width: int, height: int) -> bool:
        """Queue the page's pyramid if ``req`` is a viewer's tile of a page that has none; whether queued."""
        if not is_tile(req, width, height) or has_pyramid(self.cache, ident):
            return False
        with self._lock:
            if ident in self._pending or len(self._pending) >= MAX_WAITING:
                return False
            self._pending.add(ident)
        self._pool.submit(self._make, ident, path)
        return True

    def _make(self, ident: str, path: Path) -> None:
        try:
            make_pyramid(self.cache, ident, path)
        except PageImageError as exc:  # the tile requests themselves answer 422 for the file
            log.warning("no tile pyramid for image %s: %s", ident, exc)
        except Exception:  # a full disk, say: a worker's error would otherwise vanish in its future
            log.exception("making the tile pyramid of image %s failed", ident)
        finally:
            with self._lock:
                self._pending.discard(ident)

    def waiting(self) -> int:
        """Pyramids queued or being made."""
        with self._lock:
            return len(self._pending)

    def close(self) -> None:
        """Finish the queued pyramids and stop the worker."""
        self._pool.shutdown(wait=True)
