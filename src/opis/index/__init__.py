"""Full-text search: a tantivy index derived from the store, kept in step through the outbox."""

from __future__ import annotations

from opis.index.engine import IndexBusy, SearchIndex
from opis.index.indexer import Indexer, IndexerThread, rebuild
from opis.index.search import SearchError, SearchRequest, SearchResults, more_like_this, search

__all__ = ["IndexBusy", "Indexer", "IndexerThread", "SearchError", "SearchIndex", "SearchRequest",
           "SearchResults", "more_like_this", "rebuild", "search"]
