"""Running searches off the event loop, each under the query time limit.

Tantivy cannot stop a running query, so a search past its limit is answered with 503 (the one
error shape) while its worker finishes in the background; the pool's size bounds how many such
searches can pile up. The search page and the bulk exports share one pool.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from opis.index.search import SearchError
from opis.store.db import QueryTimeout
from opis.store.errors import Invalid

T = TypeVar("T")


class Runner:
    def __init__(self, timeout_ms: int, workers: int = 4) -> None:
        self.timeout_ms = timeout_ms
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="opis-page")

    async def run(self, fn: Callable[[], T]) -> T:
        # The request's context goes along (which store reads may go to a standby: store.replica).
        future = asyncio.get_running_loop().run_in_executor(self.pool, contextvars.copy_context().run, fn)
        try:
            return await asyncio.wait_for(future, self.timeout_ms / 1000)
        except TimeoutError:
            raise QueryTimeout(f"the search stopped after {self.timeout_ms} ms (OPIS_QUERY_TIMEOUT_MS)") from None
        except SearchError as exc:
            raise Invalid(str(exc)) from None
