"""The upload form and a job's page: who sees them, the form starting a job through the same code
as the API, the job page following it (with and without scripts) and linking the records made."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.model import Document, Status
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.ingestlog import start_job
from opis.store.ocrpages import plan_pages, save_page
from opis.web.app import create_app
from tests.support.people import add_person, sign_in
from tests.web.htmlcheck import assert_accessible

LETTER = "Штыков — Сталину, 25 июня 1950 г. Прошу прислать инженеров.".encode()


@pytest.fixture
def client(archive: Archive, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


def upload(client: TestClient, csrf: str, **form: object) -> str:
    """Post the form with one letter; return the job page's path."""
    resp = client.post("/upload", data={"csrf": csrf, **form},
                       files=[("files", ("letter.txt", LETTER, "text/plain"))], follow_redirects=False)
    assert resp.status_code == 303, resp.text
    location: str = resp.headers["location"]
    assert re.fullmatch(r"/jobs/job-[0-9a-f]{16}", location)
    return location


def finished(client: TestClient, page: str) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status: dict[str, object] = client.get(page + ".json").json()
        if not status["running"]:
            return status
        time.sleep(0.1)
    raise AssertionError("the upload job did not finish")


def test_the_form_is_for_people_who_may_add_drafts(client: TestClient, archive: Archive) -> None:
    assert client.get("/upload").status_code == 401
    sign_in(client, add_person(archive, "translator"))
    assert client.get("/upload").status_code == 403
    sign_in(client, add_person(archive, "contributor"))
    form = client.get("/upload")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text and "multiple" in form.text
    assert 'name="publish"' not in form.text and "an editor publishes them" in form.text
    assert_accessible(form.text)
    twin = client.get("/upload.json").json()
    assert twin["may_publish"] is False and {"code": "ko", "label": "Korean"} in twin["languages"]
    sign_in(client, add_person(archive, "editor"))
    assert 'name="publish"' in client.get("/upload").text


def test_the_form_starts_a_job_whose_page_follows_it(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "contributor", "carl"))
    page = upload(client, csrf, collection="Letters", languages=["ru"])
    status = finished(client, page)
    assert status["status"] == "finished" and status["actor"] == "carl" and status["percent"] == 100
    [doc] = [d for d in archive.browse(SYSTEM, ("document",), 0, 10).items if isinstance(d, Document)]
    assert doc.status is Status.DRAFT and doc.languages == ["ru"]
    assert archive.revisions(doc.id, SYSTEM)[0].actor == "carl"
    files = status["files"]
    assert isinstance(files, list) and files[0]["path"] == "letter.txt"
    assert files[0]["documents"] == [{"id": doc.id, "title": doc.title, "url": f"/documents/{doc.id}"}]
    html = client.get(page)
    assert html.status_code == 200 and f'href="/documents/{doc.id}"' in html.text
    assert 'http-equiv="refresh"' not in html.text and "/static/job.js" in html.text
    assert_accessible(html.text)
    entry = archive.audit.entries(action="upload")[0][0]
    assert entry.actor == "carl" and entry.detail["collection"] == "Letters"


def test_publishers_may_publish_at_once(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "editor", "eda"))
    finished(client, upload(client, csrf, publish="yes"))
    assert [d.status for d in archive.browse(SYSTEM, ("document",), 0, 10).items] == [Status.PUBLISHED]


def test_a_contributor_cannot_publish_through_the_form(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "contributor"))
    resp = client.post("/upload", data={"csrf": csrf, "publish": "yes"},
                       files=[("files", ("letter.txt", LETTER, "text/plain"))])
    assert resp.status_code == 403 and "publish" in resp.text and 'role="alert"' in resp.text
    assert archive.is_empty()


def test_the_form_without_a_file_or_its_csrf_token_is_refused(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "contributor"))
    empty = client.post("/upload", data={"csrf": csrf}, files=[("files", ("", b"", "application/octet-stream"))])
    assert empty.status_code == 422 and "choose at least one file" in empty.text
    forged = client.post("/upload", files=[("files", ("letter.txt", LETTER, "text/plain"))])
    assert forged.status_code == 403
    assert archive.is_empty() and archive.audit.entries(action="upload")[1] == 0


def test_a_running_job_refreshes_without_scripts(client: TestClient, archive: Archive) -> None:
    sign_in(client, add_person(archive, "contributor", "carl"))
    job = start_job(archive, "carl", 3, {"paths": ["a.txt"], "collection": None, "status": "draft"})
    page = client.get(f"/jobs/{job}")
    assert page.status_code == 200 and '<noscript><meta http-equiv="refresh"' in page.text
    assert 'data-status="running"' in page.text and 'max="3"' in page.text
    assert client.get(f"/jobs/{job}.json").json()["percent"] == 0


def test_a_job_page_shows_the_scanned_pages_read_from_the_store(client: TestClient, archive: Archive) -> None:
    """Page counts come from the store (store.ocrpages), whichever worker reads the pages."""
    sign_in(client, add_person(archive, "contributor", "carl"))
    job = start_job(archive, "carl", 1, {"paths": ["scan.pdf"], "collection": None, "status": "draft"})
    assert 'id="job-ocr" hidden' in client.get(f"/jobs/{job}").text  # no scan read page by page yet
    plan_pages(archive, job, 1, "cd" * 32, [1, 2, 3])
    save_page(archive, "cd" * 32, 2, {"text": "page two"})
    assert client.get(f"/jobs/{job}.json").json()["ocr_pages"] == {"read": 1, "total": 3}
    page = client.get(f"/jobs/{job}").text
    assert 'id="job-ocr" hidden' not in page
    assert '<span id="job-ocr-read">1</span> / <span id="job-ocr-total">3</span>' in page


def test_a_job_page_is_its_starters_or_a_publishers(client: TestClient, archive: Archive) -> None:
    job = start_job(archive, "carl", 1, {"paths": []})
    sign_in(client, add_person(archive, "contributor", "other"))
    assert client.get(f"/jobs/{job}").status_code == 404
    assert client.get(f"/jobs/{job}.json").json()["error"]["code"] == "not_found"
    sign_in(client, add_person(archive, "contributor", "carl"))
    assert client.get(f"/jobs/{job}").status_code == 200
    sign_in(client, add_person(archive, "editor"))
    assert client.get(f"/jobs/{job}.json").json()["actor"] == "carl"
