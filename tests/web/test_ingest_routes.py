"""Uploads through the API: who may, what the records become (drafts unless published at once by
someone who may), whose job status is whose, and the limits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.model import Document, Status, make_id
from opis.store.access import SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.originals import sha256_of
from opis.web.app import create_app
from opis.web.staff.ingest import UploadChoices, ingest_request, safe_name
from tests.support.people import api_token, bearer

LETTER = "Штыков — Сталину, 25 июня 1950 г.".encode()


@pytest.fixture
def client(archive: Archive, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(replace(settings, upload_max_mb=1), archive), raise_server_exceptions=False) as c:
        yield c


def wait(client: TestClient, url: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(url, headers=headers).json()
        if status["status"] != "running":
            return status
        time.sleep(0.1)
    raise AssertionError("the upload job did not finish")


def documents(archive: Archive) -> list[Document]:
    return [d for d in archive.browse(SYSTEM, ("document",), 0, 50).items if isinstance(d, Document)]


def test_uploading_needs_edit_drafts(client: TestClient, archive: Archive) -> None:
    files = {"files": ("a.txt", b"Letter of 25 June 1950.", "text/plain")}
    assert client.post("/api/ingest", files=files).status_code == 401
    assert client.post("/api/ingest", files=files, headers={"authorization": "Bearer nope"}).status_code == 401
    for role in ("reader", "translator"):
        resp = client.post("/api/ingest", files=files, headers=bearer(api_token(archive, role)))
        assert resp.status_code == 403 and resp.json()["error"]["code"] == "forbidden"
    token = api_token(archive, "contributor")
    archive.accounts.revoke_token(archive.accounts.tokens("contributor-token")[0].id)
    assert client.post("/api/ingest", files=files, headers=bearer(token)).status_code == 401
    assert archive.is_empty()


def test_an_upload_makes_drafts_by_its_uploader_and_reports_each_file(client: TestClient, archive: Archive) -> None:
    who = bearer(api_token(archive, "contributor"))
    files = [("files", ("letter.txt", LETTER, "text/plain")), ("files", ("empty.txt", b"", "text/plain"))]
    resp = client.post("/api/ingest", files=files, params={"collection": "Uploads", "language": "ru"}, headers=who)
    assert resp.status_code == 202 and resp.json()["page_url"] == f"/jobs/{resp.json()['job']}"
    status = wait(client, resp.json()["status_url"], who)
    assert status["status"] == "finished" and status["actor"] == "contributor-token"
    assert status["counts"] == {"ingested": 1, "duplicate": 0, "failed": 1, "awaiting-ocr": 0}
    assert [f["path"] for f in status["files"]] == ["letter.txt", "empty.txt"]  # not the server's temporary folder
    assert status["options"]["paths"] == ["letter.txt", "empty.txt"] and status["options"]["status"] == "draft"
    assert "empty.txt: the file is empty" in status["files"][1]["message"] and "opis-upload" not in str(status)
    [doc] = documents(archive)
    assert doc.status is Status.DRAFT and doc.languages == ["ru"] and doc.originals[0].filename == "letter.txt"
    assert archive.revisions(doc.id, SYSTEM)[0].actor == "contributor-token"
    collection = archive.get(doc.collections[0], SYSTEM)
    assert collection.status is Status.DRAFT  # made by someone who may not publish
    entry = archive.audit.entries(action="upload")[0][0]
    assert (entry.actor, entry.target, entry.ip) == ("contributor-token", status["id"], "testclient")
    assert entry.detail == {"files": ["letter.txt", "empty.txt"], "collection": "Uploads", "publish": False}
    again = client.post("/api/ingest", files=files[:1], headers=who)
    assert wait(client, again.json()["status_url"], who)["counts"]["duplicate"] == 1


def test_publishing_at_once_needs_publish(client: TestClient, archive: Archive) -> None:
    files = {"files": ("letter.txt", LETTER, "text/plain")}
    refused = client.post("/api/ingest", files=files, params={"publish": "true"},
                          headers=bearer(api_token(archive, "contributor")))
    assert refused.status_code == 403 and "publish" in refused.json()["error"]["message"]
    assert archive.is_empty() and archive.audit.entries(action="upload")[1] == 0
    editor = bearer(api_token(archive, "editor"))
    resp = client.post("/api/ingest", files=files, params={"publish": "true"}, headers=editor)
    wait(client, resp.json()["status_url"], editor)
    assert [d.status for d in documents(archive)] == [Status.PUBLISHED]


def test_an_upload_never_rewrites_a_stored_record(client: TestClient, archive: Archive, tmp_path: Any) -> None:
    source = tmp_path / "letter.txt"
    source.write_bytes(LETTER)
    existing = Document(id=make_id("document", "file", sha256_of(source)), title="Edited by hand", genre="letter")
    archive.put(existing, "editor")
    who = bearer(api_token(archive, "contributor"))
    resp = client.post("/api/ingest", files={"files": ("letter.txt", LETTER, "text/plain")}, headers=who)
    [outcome] = wait(client, resp.json()["status_url"], who)["files"]
    assert outcome["status"] == "ingested" and outcome["records"] == 0
    assert "1 record(s) already in the archive left as they are" in outcome["message"]
    kept = archive.get(existing.id, SYSTEM)
    assert kept.title == "Edited by hand" and kept.status is Status.PUBLISHED and len(archive.revisions(
        existing.id, SYSTEM)) == 1


def test_a_job_is_shown_to_its_starter_and_to_publishers_only(client: TestClient, archive: Archive) -> None:
    starter = bearer(api_token(archive, "contributor"))
    resp = client.post("/api/ingest", files={"files": ("a.txt", b"A short note.", "text/plain")}, headers=starter)
    url = resp.json()["status_url"]
    wait(client, url, starter)
    archive.accounts.add_user("carol", "correct horse battery", {"contributor"})
    other = archive.accounts.create_token("carol", "t")[0]
    hidden = client.get(url, headers=bearer(other))
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    assert client.get(url, headers=bearer(api_token(archive, "editor"))).status_code == 200
    assert client.get("/api/ingest/job-nope", headers=starter).status_code == 404


def test_limits_and_bad_hints_are_refused(client: TestClient, archive: Archive) -> None:
    who = bearer(api_token(archive, "contributor"))
    half = b"x" * (600 * 1024)
    big = [("files", ("a.txt", half, "text/plain")), ("files", ("b.txt", half, "text/plain"))]
    resp = client.post("/api/ingest", files=big, headers=who)
    assert resp.status_code == 413 and "1 MB in all" in resp.json()["error"]["message"]
    bad = client.post("/api/ingest", files={"files": ("a.txt", b"x", "text/plain")},
                      params={"language": "Russian"}, headers=who)
    assert bad.status_code == 422 and "BCP 47" in bad.json()["error"]["message"]
    assert client.post("/api/ingest", headers=who).status_code == 422
    assert archive.is_empty() and archive.audit.entries(action="upload")[1] == 0


@pytest.mark.parametrize(("raw", "expected"), [
    ("letter.txt", "letter.txt"), ("C:\\Users\\ann\\Письмо.txt", "Письмо.txt"), ("../../etc/passwd", "passwd"),
    ("..", "upload-3"), ("", "upload-3"), (None, "upload-3"), ("a\x00b\nc.pdf", "abc.pdf"),
    ("я" * 150 + ".pdf", "upload-3.pdf"),
])
def test_upload_names_are_file_names_here(raw: str | None, expected: str) -> None:
    assert safe_name(raw, 3) == expected


def test_a_file_named_dot_dot_is_stored_under_a_made_up_name(client: TestClient, archive: Archive) -> None:
    who = bearer(api_token(archive, "contributor"))
    resp = client.post("/api/ingest", files={"files": ("..", b"A short note.", "text/plain")}, headers=who)
    assert resp.status_code == 202
    assert wait(client, resp.json()["status_url"], who)["files"][0]["path"] == "upload-0"


@pytest.mark.parametrize("max_mb", [1, 512, 2048])
def test_the_parser_limit_is_the_upload_limit(settings: Settings, tmp_path: Any, max_mb: int) -> None:
    # OPIS_UPLOAD_MAX_MB is passed down to the parser: a file the upload accepts is not refused again
    # by a limit of the parser's own (it had a fixed 512 MiB before).
    uploader = Viewer("ana", frozenset({"contributor"}))
    request = ingest_request(replace(settings, upload_max_mb=max_mb), [tmp_path / "a.txt"], uploader,
                             UploadChoices(languages=("ru",)), ("ru",))
    assert request.options.max_bytes == max_mb * 1024 * 1024
    assert request.options.languages == ("ru",) and request.status is Status.DRAFT


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_an_upload_on_the_queue_is_a_queued_job_that_a_worker_finishes(archive: Archive, settings: Settings,
                                                                       tmp_path: Any) -> None:
    """OPIS_JOB_QUEUE=postgres: the upload answers with a queued job; the worker's task (run here in
    this process, as `opis worker` runs it) records each file, and the status API and the job page
    read the outcome from the store."""
    from opis.jobs.runner import Tools, run_file
    from opis.store.queue import queue_counts

    queued = replace(settings, upload_max_mb=1, job_queue="postgres")
    who = bearer(api_token(archive, "contributor"))
    with TestClient(create_app(queued, archive), raise_server_exceptions=False) as client:
        files = [("files", ("letter.txt", LETTER, "text/plain")), ("files", ("note.txt", b"Note, 1 May 1950.",
                                                                             "text/plain"))]
        resp = client.post("/api/ingest", files=files, headers=who)
        assert resp.status_code == 202, resp.text
        job = resp.json()["job"]
        status = client.get(f"/api/ingest/{job}", headers=who).json()
        assert (status["status"], status["done"], status["total"]) == ("queued", 0, 2)
        assert queue_counts(archive.engine) == {"todo": 2}
        assert 'data-status="queued"' in client.get(f"/jobs/{job}", headers=who).text
        tools = Tools(archive)
        try:
            for position in (2, 1):  # workers finish files in any order
                run_file(archive, queued.incoming_dir, tools, job, position)
            assert run_file(archive, queued.incoming_dir, tools, job, 1) is None  # a retry does nothing
        finally:
            tools.close()
        status = client.get(f"/api/ingest/{job}", headers=who).json()
    assert status["status"] == "finished" and status["counts"]["ingested"] == 2
    assert [f["path"] for f in status["files"]] == ["letter.txt", "note.txt"]
    assert {d.status for d in documents(archive)} == {Status.DRAFT} and len(documents(archive)) == 2
