"""GET /api/search and /api/search/similar over HTTP (FastAPI test client), as an anonymous reader."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.index import SearchIndex
from opis.index.search import search as real_search
from opis.store.archive import Archive
from opis.web.app import make_site
from opis.web.core import errors
from opis.web.reading import search_api
from tests.index import corpus as C
from tests.support import records as R


def _app(archive: Archive, index: SearchIndex, settings: Settings) -> FastAPI:
    app = FastAPI()
    errors.install(app)
    app.include_router(search_api.router(make_site(settings, archive, index)))
    return app


@pytest.fixture
def client(archive: Archive, loaded: SearchIndex, settings: Settings) -> Iterator[TestClient]:
    with TestClient(_app(archive, loaded, settings), raise_server_exceptions=False) as c:
        yield c


def test_search_answers_with_hits_facets_and_total(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Shtikov", "facets": "true", "limit": 2}).json()
    assert body["total"] >= 2 and len(body["hits"]) == 2 and body["query"] == "Shtikov"
    hit = body["hits"][0]
    assert set(hit) == {"id", "title", "date", "score", "snippet", "rendition"}
    assert set(hit["date"]) == {"edtf", "text", "earliest", "latest"}
    assert "repository" in body["facets"]


def test_parameters_filter_sort_and_page(client: TestClient) -> None:
    got = client.get("/api/search", params={"q": "", "repository": "RGAE", "genre": "report"}).json()
    assert [h["id"] for h in got["hits"]] == [C.CHONGJIN_KO.id]
    two = client.get("/api/search?genre=report&genre=telegram").json()
    assert two["total"] == 2
    dated = client.get("/api/search", params={"q": "coal", "from": "1951", "to": "1951-12", "sort": "date"}).json()
    assert [h["id"] for h in dated["hits"]] == [C.MARKUP.id]
    page = client.get("/api/search", params={"offset": 2, "limit": 2, "sort": "date"}).json()
    assert page["offset"] == 2 and len(page["hits"]) == 2
    assert client.get("/api/search", params={"q": "Shtykov", "exact": "true"}).json()["total"] < \
        client.get("/api/search", params={"q": "Shtykov"}).json()["total"]


def test_hidden_records_never_show(client: TestClient) -> None:
    for q in ("Restricted", "Embargoed", "Draft", "letter"):
        body = client.get("/api/search", params={"q": q, "facets": "true", "limit": 100}).json()
        assert not {h["id"] for h in body["hits"]} & C.HIDDEN_IDS
    assert client.get(f"/api/search/similar/{R.RESTRICTED.id}").status_code == 404
    assert client.get("/api/search/similar/doc-nope").json()["error"]["message"] == "no record 'doc-nope'"
    like = client.get(f"/api/search/similar/{R.PUBLIC.id}").json()
    assert like["like"] == R.PUBLIC.id and not {h["id"] for h in like["hits"]} & C.HIDDEN_IDS


@pytest.mark.parametrize("params", [{"from": "May 1950"}, {"sort": "title"}, {"limit": "0"}, {"offset": "-1"}])
def test_bad_parameters_are_one_error_shape(client: TestClient, params: dict[str, str]) -> None:
    resp = client.get("/api/search", params=params)
    assert resp.status_code == 422
    assert set(resp.json()["error"]) == {"status", "code", "message"}


def test_a_syntax_error_is_not_an_error(client: TestClient) -> None:
    resp = client.get("/api/search", params={"q": '"unclosed (quote AND'})
    assert resp.status_code == 200


def test_slow_searches_time_out(archive: Archive, loaded: SearchIndex, settings: Settings,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    real = real_search

    def slow(*args: object, **kw: object) -> object:
        time.sleep(0.5)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr("opis.web.reading.search_api.search", slow)
    # The limit is the setting (OPIS_QUERY_TIMEOUT_MS), as the app passes it down.
    with TestClient(_app(archive, loaded, replace(settings, query_timeout_ms=100)),
                    raise_server_exceptions=False) as c:
        resp = c.get("/api/search", params={"q": "coal"})
    assert resp.status_code == 503 and resp.json()["error"]["code"] == "timeout"
