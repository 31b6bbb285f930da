"""/oai over HTTP: GET and POST, text/xml, the route in the app, and a real harvest with Sickle.

The harvest starts uvicorn on a free port of 127.0.0.1 in a thread, serving the OAI router with a
page of three items, and lets the Sickle client follow every resumption token.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sickle import Sickle  # type: ignore[import-untyped]

from opis.config import Settings
from opis.index import SearchIndex
from opis.store.archive import Archive
from opis.web.app import create_app, make_site
from opis.web.reading import oai
from tests.conftest import FixedClock
from tests.interop.test_oai import (
    DELETED,
    LEAKED_TEXT,
    LIVE,
    NEVER_SHOWN,
    NS,
    Scenario,
    error_code,
    load,
    texts,
    validated,
)
from tests.support import records as R

PAGE = 3


@pytest.fixture
def harvestable(archive: Archive, clock: FixedClock) -> Scenario:
    return load(archive, clock)


def oai_app(archive: Archive, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setattr(oai, "PAGE_SIZE", PAGE)
    named = replace(settings, archive_name="Test Cold War Archive", admin_email="oai@archive.example",
                    oai_identifier="archive.example")
    app = FastAPI()
    app.include_router(oai.router(make_site(named, archive, SearchIndex.open(settings.index_dir))))
    return app


@pytest.fixture
def client(harvestable: Scenario, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    with TestClient(oai_app(harvestable.archive, settings, monkeypatch)) as test_client:
        yield test_client


def oai_id(record_id: str) -> str:
    return f"oai:archive.example:{record_id}"


def test_get_identify_is_text_xml(client: TestClient) -> None:
    response = client.get("/oai", params={"verb": "Identify"})
    assert response.status_code == 200 and response.headers["content-type"] == "text/xml; charset=utf-8"
    root = validated(response.content)
    assert texts(root, "o:Identify/o:baseURL") == ["http://testserver/oai"]
    assert texts(root, "o:Identify/o:adminEmail") == ["oai@archive.example"]


def test_post_answers_as_get_does(client: TestClient) -> None:
    pairs = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": f"collection:{R.COLLECTION.id}"}
    by_get = client.get("/oai", params=pairs)
    by_post = client.post("/oai", data=pairs)
    assert by_post.status_code == 200 and by_post.headers["content-type"] == "text/xml; charset=utf-8"
    assert validated(by_post.content) is not None and by_post.content == by_get.content
    token = texts(validated(by_post.content), "o:ListIdentifiers/o:resumptionToken")[0]
    following = client.post("/oai", data={"verb": "ListIdentifiers", "resumptionToken": token})
    cursor = validated(following.content).xpath("o:ListIdentifiers/o:resumptionToken/@cursor", namespaces=NS)
    assert cursor == [str(PAGE)]


def test_protocol_errors_are_200_with_an_error_element(client: TestClient) -> None:
    cases = [("/oai", "badVerb"), ("/oai?verb=Identify&verb=ListSets", "badVerb"),
             ("/oai?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
             ("/oai?verb=ListRecords&metadataPrefix=oai_dc&from=2026-11-02&until=2026-11-03T00:00:00Z",
              "badArgument"),
             ("/oai?verb=ListRecords&metadataPrefix=mods", "cannotDisseminateFormat"),
             ("/oai?verb=ListRecords&resumptionToken=%00%FF", "badResumptionToken"),
             ("/oai?verb=ListRecords&metadataPrefix=oai_dc&set=collection:none", "noRecordsMatch"),
             (f"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={oai_id(R.RESTRICTED.id)}", "idDoesNotExist")]
    for url, code in cases:
        response = client.get(url)
        assert response.status_code == 200 and error_code(validated(response.content)) == code, url


def test_post_repeats_and_content_types(client: TestClient) -> None:
    body = "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc"
    response = client.post("/oai", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert error_code(validated(response.content)) == "badArgument"
    response = client.post("/oai", content=b'{"verb": "Identify"}', headers={"content-type": "application/json"})
    assert response.status_code == 415


def test_hidden_records_never_reach_http(client: TestClient) -> None:
    for verb in ("ListIdentifiers", "ListRecords"):
        response = client.get("/oai", params={"verb": verb, "metadataPrefix": "oai_dc"})
        while True:
            root = validated(response.content)
            text = response.text
            assert not [leak for leak in LEAKED_TEXT if leak in text]
            assert not [d.id for d in NEVER_SHOWN if d.id in text]
            token = texts(root, f"o:{verb}/o:resumptionToken")
            if not token:
                break
            response = client.get("/oai", params={"verb": verb, "resumptionToken": token[0]})


def test_the_app_serves_oai(archive: Archive, settings: Settings) -> None:
    archive.put_all([R.SHTYKOV, R.RGAE, R.COLLECTION, R.PUBLIC, *R.HIDDEN], "test")
    with TestClient(create_app(settings, archive)) as site:
        response = site.get("/oai", params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    root = validated(response.content)
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    assert [h.split(":")[-1] for h in texts(root, "o:ListIdentifiers/o:header/o:identifier")] == [R.PUBLIC.id]
    assert texts(root, "o:request") == ["http://testserver/oai"]


# -- a real harvest ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(harvestable: Scenario, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(oai_app(harvestable.archive, settings, monkeypatch), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/oai"
    finally:
        running.should_exit = True
        thread.join(10)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sickle_harvests_every_public_document_once(server: str, method: str) -> None:
    sickle = Sickle(server, http_method=method, max_retries=0, timeout=30)
    identify = sickle.Identify()
    assert identify.repositoryName == "Test Cold War Archive" and identify.deletedRecord == "persistent"
    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    live = [r for r in records if not r.header.deleted]
    deleted = [r for r in records if r.header.deleted]
    assert sorted(r.header.identifier for r in live) == sorted(oai_id(d.id) for d in LIVE)
    assert len(live) == len({r.header.identifier for r in live}) == len(LIVE)  # each exactly once
    assert sorted(r.header.identifier for r in deleted) == sorted(oai_id(d.id) for d in DELETED)
    assert all(not hasattr(r, "metadata") for r in deleted)  # Sickle reads no metadata: there is none
    titles = {r.header.identifier: r.metadata["title"] for r in live}
    assert titles[oai_id(R.PUBLIC.id)] == ["Document public"]
    assert all(r.metadata["identifier"][0].endswith(r.header.identifier.split(":")[-1]) for r in live)
    assert len(records) > PAGE * 2  # several pages were followed


def test_sickle_lists_identifiers_and_sets(server: str) -> None:
    sickle = Sickle(server, max_retries=0, timeout=30)
    headers = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="repository:avp-rf", ignore_deleted=True))
    assert [h.identifier for h in headers] == [oai_id(d.id) for d in LIVE if any(
        r.repository == "AVP RF" for r in d.archival_refs)]
    specs = [s.setSpec for s in sickle.ListSets()]
    assert "collection" in specs and f"collection:{R.COLLECTION.id}" in specs
    formats = [f.metadataPrefix for f in sickle.ListMetadataFormats()]
    assert formats == ["oai_dc", "opis_statements"]
    record = sickle.GetRecord(identifier=oai_id(R.PUBLIC.id), metadataPrefix="oai_dc")
    assert record.metadata["publisher"] == ["Test Cold War Archive"]
    assert NS["o"] in record.raw


def test_the_statements_format_schema_is_served(site: TestClient) -> None:
    got = site.get("/oai/opis_statements.xsd")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/xml")
    assert b'targetNamespace="urn:opis:statements:1"' in got.content
