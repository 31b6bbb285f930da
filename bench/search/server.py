"""The benchmark's HTTP server: the search router on a store and index, served by uvicorn on 127.0.0.1.

    python bench/search/server.py DATA_DIR PORT
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from opis.config import Settings
from opis.index import IndexerThread, SearchIndex
from opis.store.archive import Archive
from opis.web.app import make_site
from opis.web.core import errors
from opis.web.reading import search_api


def main() -> None:
    data_dir, port = Path(sys.argv[1]), int(sys.argv[2])
    settings = Settings(data_dir=data_dir, load_sample=False)
    archive = Archive.open(settings)
    index = SearchIndex.open(settings.index_dir)
    app = FastAPI()
    errors.install(app)
    app.include_router(search_api.router(make_site(settings, archive, index)))
    thread = IndexerThread(archive, index)
    thread.start()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
    thread.stop()


if __name__ == "__main__":
    main()
