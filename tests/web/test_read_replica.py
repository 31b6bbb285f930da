"""Web nodes with OPIS_READ_DATABASE_URL (web.core.reads, store.replica) on a real primary and hot
standby (tests/support/replicas.py): a public page is read from the standby; the person who has just
saved reads their save, because the write's answer carries the primary's WAL position in a cookie.

The standby's replay is paused, so "read from the standby" shows as a 404 for a document that only
the primary has. Marked ``cluster`` (two PostgreSQL servers); with CI=true a missing binary fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.store.archive import Archive
from opis.web.app import create_app
from opis.web.core.reads import COOKIE
from tests.conftest import IN_CI
from tests.support.people import api_token, bearer
from tests.support.replicas import Pair, new_database, started_pair

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(180)]


@pytest.fixture
def pair() -> Iterator[Pair]:
    yield from started_pair(IN_CI)



def test_public_reads_go_to_the_standby_and_a_saver_reads_their_save(pair: Pair, tmp_path: Path) -> None:
    name = new_database(pair)
    settings = Settings(data_dir=tmp_path / "data", database_url=pair.primary.url(name),
                        read_database_url=pair.standby.url(name), load_sample=False)
    archive = Archive.open(settings)
    assert archive.reader is not None
    token = api_token(archive, "editor")
    app = create_app(settings, archive)
    try:
        # One client runs the app's lifespan (its indexer thread); the other shares that app.
        with TestClient(app) as saver:
            stranger = TestClient(app)
            pair.wait_replayed()
            pair.pause_replay()
            body = {"title": "Report on the spring sowing", "genre": "report", "languages": ["en"],
                    "status": "published"}
            created = saver.post("/api/documents?message=replica+test", json=body, headers=bearer(token))
            assert created.status_code == 201, created.text
            assert COOKIE in created.cookies
            doc = created.json()["id"]
            # The saver's next pages, read anonymously (no token): their save is there, from the
            # primary, since the standby has not replayed their position.
            assert saver.get(f"/documents/{doc}.json").status_code == 200
            assert saver.get(f"/documents/{doc}").status_code == 200
            # Someone else reads the standby, which has not replayed it yet.
            assert stranger.get(f"/documents/{doc}.json").status_code == 404
            # With credentials (staff, API clients) every read is on the primary.
            assert stranger.get(f"/api/documents/{doc}", headers=bearer(token)).status_code == 200
            pair.resume_replay()
            pair.wait_replayed()
            assert stranger.get(f"/documents/{doc}.json").json()["record"]["title"] == body["title"]
            # A write is never sent to the standby: saving again works with the cookie.
            again = saver.put(f"/api/documents/{doc}?message=again", headers=bearer(token),
                              json={**saver.get(f"/api/documents/{doc}").json(), "title": "Spring sowing, revised"})
            assert again.status_code == 200, again.text
            assert saver.get(f"/documents/{doc}.json").json()["record"]["title"] == "Spring sowing, revised"
    finally:
        pair.resume_replay()
        archive.engine.dispose()
        if archive.reader is not None:
            archive.reader.dispose()
