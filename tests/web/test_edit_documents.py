"""Editing documents: the forms (with and without their script), the workflow, renditions, the review
queue and the JSON API twins, against a real app on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.model import (
    Access,
    AgentRef,
    ArchivalReference,
    AttachedOriginal,
    Classification,
    Credit,
    DocDate,
    Document,
    PlaceRef,
    Relation,
    Rendition,
    Status,
)
from opis.store.access import ANONYMOUS, SYSTEM
from opis.store.archive import Archive
from opis.web.app import create_app
from opis.web.editing.bodies import DocumentBody
from tests.support.people import add_person, api_token, bearer, sign_in
from tests.support.records import DRAFT, PUBLIC, doc
from tests.web.htmlcheck import assert_accessible

FULL = doc("full", title="Record of conversation with Kim Il Sung", genre="record-of-conversation",
           summary="Talk on specialists.", date=DocDate(edtf="1949-03-XX?", text="March 1949 (?)"),
           languages=["ru", "ko-Hang"],
           classification=Classification(marking="Совершенно секретно", level="top-secret"),
           access=Access(level="embargoed", until=date(2020, 1, 1)),
           agents=[AgentRef(name="Штыков", role="author", authority="per-0000000000000001"),
                   AgentRef(name="Ким Ир Сен", role="participant")],
           places=[PlaceRef(name="Pyongyang", authority="plc-0000000000000001"), PlaceRef(name="Moscow")],
           subjects=["specialists", "aid"], relations=[Relation(type="reply-to", target=PUBLIC.id, note="cf.")],
           archival_refs=[ArchivalReference(raw="AVP RF. F. 0102. Op. 5. P. 11. D. 65. L. 1-3ob.", repository="AVP RF",
                                            fond="0102", opis="5", papka="11", delo="65", folios="1-3ob"),
                          ArchivalReference(raw="NARA, RG 59, Box 4262", repository="NARA",
                                            extra={"record_group": "59", "box": "4262"})],
           renditions=[Rendition(id="ren-full-ru", kind="original", language="ru", text="Беседа.\n\nВторой абзац."),
                       Rendition(id="ren-full-en", kind="translation", language="en", text="Conversation.",
                                 credits=[Credit(name="Jane Roe", role="translator"),
                                          Credit(name="John Doe", role="editor", authority="per-0000000000000002")],
                                 provenance="Wilson Center")],
           originals=[AttachedOriginal(sha256="a" * 64, filename="scan.pdf", media_type="application/pdf",
                                       role="scan")],
           source="test", findings={"dates": [{"text": "March 1949", "edtf": "1949-03", "earliest": "1949-03-01",
                                                  "latest": "1949-03-31"}]})


@pytest.fixture
def app(archive: Archive, settings: Settings) -> FastAPI:
    archive.put_many([PUBLIC, DRAFT, FULL], "system")
    return create_app(settings, archive)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def other_browser(app: FastAPI) -> TestClient:
    """A second person's browser on the same app (its own cookies; the first client runs the app)."""
    return TestClient(app, raise_server_exceptions=False)


class _Fields(HTMLParser):
    """What a browser would submit from a page's form: inputs, checked boxes, selects, textareas."""

    def __init__(self, form_id: str | None) -> None:
        super().__init__()
        self.form_id, self.inside, self.depth = form_id, form_id is None, 0
        self.fields: dict[str, str] = {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "template":
            self.depth += 1
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or self.depth or "name" not in a:
            return self._option(tag, a)
        if tag == "input" and a.get("type") not in ("submit", "file") and (
                a.get("type") != "checkbox" or "checked" in a):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[a["name"]] = ""

    def _option(self, tag: str, a: dict[str, str]) -> None:
        if tag == "option" and self.select and (self.select not in self.fields or "selected" in a):
            self.fields[self.select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "template"
        self.select = None if tag == "select" else self.select
        self.textarea = None if tag == "textarea" else self.textarea

    def handle_data(self, data: str) -> None:
        if self.textarea and not self.depth:
            self.fields[self.textarea] += data.removeprefix("\n") if not self.fields[self.textarea] else data


def form_fields(html: str, form_id: str | None = "ed-form") -> dict[str, str]:
    parser = _Fields(form_id)
    parser.feed(html)
    return parser.fields


def audit_actions(archive: Archive, target: str) -> list[str]:
    return [e.action for e in archive.audit.entries(target=target)[0]]


def new_document_form(csrf: str, **extra: str) -> dict[str, str]:
    return {"csrf": csrf, "title": "Shtykov to Moscow on coal", "genre": "cipher-telegram", "languages": "ru",
            "date-edtf": "1947-05~", "date-text": "около мая 1947", "access-level": "public",
            "agents-0-name": "Т.Ф. Штыков", "agents-0-role": "sender", "agents-0-authority": "",
            "archival_refs-0-repository": "РГАЭ", "archival_refs-0-fond": "413", "archival_refs-0-opis": "13",
            "archival_refs-0-delo": "5467", "archival_refs-0-folios": "92",
            "renditions-0-kind": "original", "renditions-0-language": "ru", "renditions-0-text": "Прошу уголь.",
            "message": "first draft", **extra}


# -- the forms ---------------------------------------------------------------------------------

def test_a_contributor_creates_a_draft_with_the_form(client: TestClient, archive: Archive, app: FastAPI) -> None:
    csrf = sign_in(client, add_person(archive, "contributor"))
    form = client.get("/edit/documents/new")
    assert form.status_code == 200 and 'name="csrf"' in form.text and "/static/edit.js" in form.text
    assert_accessible(form.text)
    resp = client.post("/edit/documents/new", data=new_document_form(csrf), follow_redirects=False)
    assert resp.status_code == 303
    doc_id = resp.headers["location"].removeprefix("/documents/")
    saved = archive.get(doc_id, SYSTEM)
    assert isinstance(saved, Document) and saved.status is Status.DRAFT
    assert saved.date and saved.date.edtf == "1947-05~" and saved.date.text == "около мая 1947"
    ref = saved.archival_refs[0]
    assert (ref.repository, ref.fond, ref.delo) == ("RGAE", "413", "5467")
    assert ref.raw == "RGAE. F. 413. Op. 13. D. 5467. L. 92."  # written back from the fields
    assert saved.agents == [AgentRef(name="Т.Ф. Штыков", role="sender")]
    assert saved.renditions[0].id.startswith("ren-") and saved.renditions[0].text == "Прошу уголь."
    assert [(r.number, r.actor, r.message) for r in archive.revisions(doc_id, SYSTEM)] == [(1, "contributor-1",
                                                                                             "first draft")]
    assert audit_actions(archive, doc_id) == ["create"]
    assert client.get(resp.headers["location"]).status_code == 200
    anonymous = other_browser(app)
    assert anonymous.get(f"/documents/{doc_id}").status_code == 404
    assert anonymous.get(f"/api/documents/{doc_id}").status_code == 404


def test_the_edit_form_gives_back_every_field_unchanged(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "editor"))
    page = client.get(f"/documents/{FULL.id}/edit")
    assert page.status_code == 200
    assert_accessible(page.text)
    fields = form_fields(page.text)
    assert fields["base_revision"] == "1" and fields["csrf"] == csrf
    resp = client.post(f"/documents/{FULL.id}/edit", data=fields, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    assert archive.get(FULL.id, SYSTEM) == FULL  # nothing lost: findings, OCR data, credits, extra levels
    assert len(archive.revisions(FULL.id, SYSTEM)) == 1  # the same content is not a new revision
    fields.update({"title": "A better title", "agents-1-remove": "1", "message": "title"})
    assert client.post(f"/documents/{FULL.id}/edit", data=fields, follow_redirects=False).status_code == 303
    changed = archive.get(FULL.id, SYSTEM)
    assert isinstance(changed, Document)
    assert changed.title == "A better title" and [a.name for a in changed.agents] == ["Штыков"]
    assert changed.renditions == FULL.renditions and changed.findings == FULL.findings
    assert [r.message for r in archive.revisions(FULL.id, SYSTEM)] == ["created", "title"]
    assert audit_actions(archive, FULL.id) == ["edit"]


def test_errors_come_back_next_to_the_fields_with_the_input_kept(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "contributor"))
    bad = new_document_form(csrf, title="", **{"date-edtf": "1950-13", "languages": "ru, Russian",
                                               "agents-0-role": "hero", "archival_refs-0-fond": "1" * 41,
                                               "access-level": "embargoed", "classification-level": "secret"})
    resp = client.post("/edit/documents/new", data=bad)
    assert resp.status_code == 422
    assert_accessible(resp.text)
    html = resp.text
    for field, words in [("date-edtf", "month 13 is out of range"), ("languages", "BCP 47"),
                         ("agents-0-role", "agent_roles"), ("archival_refs-0-fond", "at most 40"),
                         ("title", "at least 1"), ("access", "until"), ("classification-marking", "marking")]:
        assert re.search(rf'id="e-{field}">[^<]*{re.escape(words)}', html), field
        assert f'href="#f-{field}"' in html or field == "access"
    kept = form_fields(html)
    assert kept["date-edtf"] == "1950-13" and kept["agents-0-name"] == "Т.Ф. Штыков"
    assert kept["renditions-0-text"] == "Прошу уголь." and kept["languages"] == "ru, Russian"
    assert 'aria-invalid="true" aria-describedby="e-date-edtf' in html
    twin = client.post("/edit/documents/new", data=bad, headers={"accept": "application/json"})
    assert twin.status_code == 422 and twin.json()["errors"]["date-edtf"].startswith("month 13")
    assert archive.browse(SYSTEM).total == 3  # nothing saved


def test_a_conflicting_save_keeps_the_input_and_says_what_changed(client: TestClient, archive: Archive) -> None:
    sign_in(client, add_person(archive, "editor"))
    fields = form_fields(client.get(f"/documents/{PUBLIC.id}/edit").text)
    token = api_token(archive, "editor")
    body = {**PUBLIC.model_dump(mode="json"), "summary": "Someone else's summary"}
    assert client.put(f"/api/documents/{PUBLIC.id}", json=body, headers=bearer(token)).status_code == 200
    fields["title"] = "My title"
    resp = client.post(f"/documents/{PUBLIC.id}/edit", data=fields)
    assert resp.status_code == 409
    assert "Someone saved this document while you were editing it" in resp.text
    assert re.search(r"Changed in the meantime: <strong>summary</strong>", resp.text)
    again = form_fields(resp.text)
    assert again["title"] == "My title" and again["base_revision"] == "2"
    assert client.post(f"/documents/{PUBLIC.id}/edit", data=again, follow_redirects=False).status_code == 303
    assert archive.get(PUBLIC.id, SYSTEM).title == "My title"


def test_the_form_works_without_its_script(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "contributor"))
    citation = "RGAE. F. 413. Op. 13. D. 5467. L. 92; D. 5468. L. 3"
    filled = client.post("/edit/documents/new", data={**new_document_form(csrf), "action": "parse-citation",
                                                       "cite-paste": citation})
    assert filled.status_code == 200 and "Filled 2 archival reference(s)" in filled.text
    fields = form_fields(filled.text)
    assert fields["archival_refs-1-raw"] == "RGAE. F. 413. Op. 13. D. 5467. L. 92"
    assert (fields["archival_refs-2-fond"], fields["archival_refs-2-delo"], fields["archival_refs-2-folios"]) == \
        ("413", "5468", "3")
    more = client.post("/edit/documents/new", data={**fields, "action": "add-agents"})
    assert more.status_code == 200 and 'name="agents-2-name"' in more.text  # the typed row, a blank, a spare
    preview = client.post("/edit/documents/new", data={**fields, "action": "add-places"})
    assert re.search(r'<output id="date-preview"[^>]*>1947-05-01 – 1947-05-31 \(approximate\)', preview.text)
    assert archive.browse(SYSTEM).total == 3  # helper buttons never save
    assert client.post("/edit/documents/new", data=fields, follow_redirects=False).status_code == 303


def test_forms_without_their_csrf_token_are_refused(client: TestClient, archive: Archive) -> None:
    sign_in(client, add_person(archive, "editor"))
    fields = form_fields(client.get(f"/documents/{PUBLIC.id}/edit").text)
    del fields["csrf"]
    posts = [("/edit/documents/new", new_document_form("")), (f"/documents/{PUBLIC.id}/edit", fields),
             (f"/documents/{DRAFT.id}/status", {"status": "review"}),
             (f"/documents/{PUBLIC.id}/renditions/new", {"language": "en", "text": "Text"})]
    for url, data in posts:
        data.pop("csrf", None)
        assert client.post(url, data=data, follow_redirects=False).status_code == 403, url
    assert archive.audit.entries(action="edit")[1] == archive.audit.entries(action="status")[1] == 0
    assert archive.browse(SYSTEM).total == 3


# -- the workflow --------------------------------------------------------------------------------

def test_contributors_draft_and_submit_editors_publish(client: TestClient, archive: Archive, app: FastAPI) -> None:
    csrf = sign_in(client, add_person(archive, "contributor"))
    assert client.get(f"/documents/{PUBLIC.id}/edit").status_code == 403
    assert client.post(f"/documents/{PUBLIC.id}/edit", data={"csrf": csrf, "title": "x", "genre": "letter",
                                                             "base_revision": "1"}).status_code == 403
    toolbar = client.get(f"/documents/{DRAFT.id}").text
    assert "Submit for review" in toolbar and ">Publish<" not in toolbar and f"/records/{DRAFT.id}/history" in toolbar
    move = {"csrf": csrf, "status": "published"}
    assert client.post(f"/documents/{DRAFT.id}/status", data=move, follow_redirects=False).status_code == 403
    resp = client.post(f"/documents/{DRAFT.id}/status", data={**move, "status": "review"}, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == f"/documents/{DRAFT.id}"
    assert client.get(f"/documents/{DRAFT.id}/edit").status_code == 403  # in review: editors only now
    mine = client.get("/review/mine.json").json()
    assert mine["queues"][0]["documents"] == []  # the system started it, not this contributor
    assert client.get("/review").status_code == 403

    editor = other_browser(app)
    editor_csrf = sign_in(editor, add_person(archive, "editor"))
    queue = editor.get("/review")
    assert queue.status_code == 200 and DRAFT.title in queue.text
    assert_accessible(queue.text)
    review = editor.get("/review.json").json()["queues"][0]
    assert review["status"] == "review" and [d["id"] for d in review["documents"]] == [DRAFT.id]
    assert [m["target"] for m in review["moves"]] == ["draft", "published"]
    resp = editor.post(f"/documents/{DRAFT.id}/status", data={"csrf": editor_csrf, "status": "published",
                                                               "next": "/review"}, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/review"
    assert archive.get(DRAFT.id, ANONYMOUS).status is Status.PUBLISHED
    assert audit_actions(archive, DRAFT.id) == ["status", "status"]
    assert other_browser(app).get("/review").status_code == 401


def test_the_toolbar_offers_what_each_person_may_do(client: TestClient, archive: Archive) -> None:
    assert "ed-toolbar" not in client.get(f"/documents/{PUBLIC.id}").text
    sign_in(client, add_person(archive, "translator"))
    page = client.get(f"/documents/{PUBLIC.id}").text
    assert f'href="/documents/{PUBLIC.id}/renditions/new">Add translation' in page
    assert f"/documents/{PUBLIC.id}/edit" not in page and "Withdraw" not in page
    sign_in(client, add_person(archive, "editor"))
    page = client.get(f"/documents/{PUBLIC.id}").text
    assert f'href="/documents/{PUBLIC.id}/edit">Edit' in page and ">Withdraw<" in page
    assert client.get(f"/documents/{PUBLIC.id}.json").json()["record"]["id"] == PUBLIC.id  # the twin is untouched


def test_restricted_and_drafts_stay_hidden_after_edits(client: TestClient, archive: Archive, app: FastAPI) -> None:
    word = "Shtykov"
    assert PUBLIC.id in [h["id"] for h in client.get("/api/search", params={"q": word}).json()["hits"]]
    sign_in(client, add_person(archive, "editor"))
    fields = form_fields(client.get(f"/documents/{PUBLIC.id}/edit").text)
    assert client.post(f"/documents/{PUBLIC.id}/edit", data={**fields, "access-level": "restricted"},
                       follow_redirects=False).status_code == 303
    fields = form_fields(client.get(f"/documents/{DRAFT.id}/edit").text)
    assert client.post(f"/documents/{DRAFT.id}/edit", data={**fields, "title": "Draft, edited"},
                       follow_redirects=False).status_code == 303
    anonymous = other_browser(app)
    for record_id in (PUBLIC.id, DRAFT.id):
        assert anonymous.get(f"/documents/{record_id}").status_code == 404
        assert anonymous.get(f"/api/documents/{record_id}").status_code == 404
        assert record_id not in [h["id"] for h in anonymous.get("/api/search", params={"q": word}).json()["hits"]]
    assert client.get(f"/documents/{PUBLIC.id}").status_code == 200  # editors read restricted records


# -- renditions ------------------------------------------------------------------------------------

def test_a_translator_adds_a_translation_to_a_published_document(client: TestClient, archive: Archive) -> None:
    sign_in(client, add_person(archive, "translator"))
    assert client.get(f"/documents/{PUBLIC.id}/edit").status_code == 403
    page = client.get(f"/documents/{PUBLIC.id}/renditions/new")
    assert page.status_code == 200
    assert_accessible(page.text)
    fields = form_fields(page.text, None)
    assert fields["credit_name"] == "translator-1" and fields["kind"] == "translation" and fields["language"] == "en"
    fields.update({"text": "Text of the letter.\r\n\r\nSecond paragraph.", "provenance": "my translation"})
    resp = client.post(f"/documents/{PUBLIC.id}/renditions/new", data=fields, follow_redirects=False)
    assert resp.status_code == 303, resp.text
    saved = archive.get(PUBLIC.id, SYSTEM)
    assert isinstance(saved, Document) and saved.status is Status.PUBLISHED
    added = saved.renditions[-1]
    assert (added.kind, added.language, added.text) == ("translation", "en", "Text of the letter.\n\nSecond paragraph.")
    assert added.credits == [Credit(name="translator-1", role="translator")] and added.provenance == "my translation"
    assert saved.model_copy(update={"renditions": saved.renditions[:-1]}) == PUBLIC  # nothing else changed
    assert audit_actions(archive, PUBLIC.id) == ["rendition"]
    assert archive.revisions(PUBLIC.id, SYSTEM)[-1].message == "added translation (en)"

    upload = {k: v for k, v in fields.items() if k != "text"}
    files = {"file": ("letter.txt", "\ufeffПисьмо.\r\n".encode(), "text/plain")}
    assert client.post(f"/documents/{PUBLIC.id}/renditions/new", data={**upload, "base_revision": "2",
                                                                        "language": "ru", "kind": "original"},
                       files=files, follow_redirects=False).status_code == 303
    last = archive.get(PUBLIC.id, SYSTEM).renditions[-1]  # type: ignore[union-attr]
    assert (last.kind, last.text, last.credits[0].role) == ("original", "Письмо.\n", "translator")


@pytest.mark.parametrize(("name", "data", "words"), [
    ("letter.txt", "Письмо".encode("cp1251"), "is not UTF-8 text"),
    ("letter.docx", b"PK\x03\x04", "is not a .txt file"),
    ("letter.txt", b"\x00\x01\x02", "binary data"),
])
def test_renditions_refuse_files_that_are_not_utf8_text(client: TestClient, archive: Archive, name: str,
                                                        data: bytes, words: str) -> None:
    csrf = sign_in(client, add_person(archive, "translator"))
    resp = client.post(f"/documents/{PUBLIC.id}/renditions/new", files={"file": (name, data, "text/plain")},
                       data={"csrf": csrf, "language": "ru", "base_revision": "1", "credit_name": "T. Ranslator"})
    assert resp.status_code == 422 and words in resp.text
    assert form_fields(resp.text, None)["credit_name"] == "T. Ranslator"
    assert len(archive.get(PUBLIC.id, SYSTEM).renditions) == 1  # type: ignore[union-attr]


def test_a_stale_rendition_form_is_a_conflict_with_the_text_kept(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "translator"))
    archive.put(PUBLIC.model_copy(update={"summary": "changed"}), "system")
    data = {"csrf": csrf, "language": "en", "text": "My translation", "base_revision": "1"}
    resp = client.post(f"/documents/{PUBLIC.id}/renditions/new", data=data)
    assert resp.status_code == 409 and "My translation" in resp.text
    assert form_fields(resp.text, None)["base_revision"] == "2"


# -- the JSON API ----------------------------------------------------------------------------------

def test_api_creates_replaces_and_moves_documents(client: TestClient, archive: Archive) -> None:
    editor = bearer(api_token(archive, "editor"))
    body = {"title": "Telegram", "genre": "telegram", "date": {"edtf": "1950-06-25"}, "languages": ["en"]}
    created = client.post("/api/documents", json=body, headers=editor, params={"message": "by script"})
    assert created.status_code == 201
    info = created.json()
    assert info["revision"] == 1 and info["status"] == "draft" and created.headers["location"] == info["url"]
    url = info["url"]
    current = client.get(url, headers=editor).json()
    assert current["status"] == "draft" and current["date"]["earliest"] == "1950-06-25"
    unchanged = client.put(url, json=current, headers={**editor, "if-match": '"1"'})
    assert unchanged.status_code == 200 and unchanged.json() == {"id": info["id"], "revision": 1, "changed": False,
                                                                "status": "draft"}
    changed = client.put(url, json={**current, "title": "Telegram, corrected"}, headers={**editor, "if-match": "1"})
    assert changed.status_code == 200 and changed.json()["revision"] == 2
    stale = client.put(url, json={**current, "title": "Lost update"}, headers={**editor, "if-match": "1"})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert client.put(url, json={**current, "title": "x"}, headers=editor,
                      params={"expected_revision": 1}).status_code == 409
    assert client.put(url, json={**current, "status": "published"}, headers=editor).status_code == 422
    assert client.put(url, json={**current, "id": PUBLIC.id}, headers=editor).status_code == 422
    moved = client.post(f"{url}/status", json={"status": "review"}, headers=editor)
    assert moved.status_code == 200 and moved.json()["status"] == "review"
    assert client.post(f"{url}/status", json={"status": "withdrawn"}, headers=editor).status_code == 422
    assert [r.message for r in archive.revisions(info["id"], SYSTEM)] == ["by script", "edited",
                                                                          "status: draft → review"]
    assert audit_actions(archive, info["id"]) == ["status", "edit", "create"]


def test_api_permissions(client: TestClient, archive: Archive) -> None:
    body = {"title": "T", "genre": "letter"}
    assert client.post("/api/documents", json=body).status_code == 401
    reader, contributor = bearer(api_token(archive, "reader")), bearer(api_token(archive, "contributor"))
    assert client.post("/api/documents", json=body, headers=reader).status_code == 403
    assert client.post("/api/documents", json={**body, "status": "published"}, headers=contributor).status_code == 403
    assert client.post("/api/documents", json={**body, "id": "doc-mine"}, headers=contributor).status_code == 422
    current = PUBLIC.model_dump(mode="json")
    assert client.put(f"/api/documents/{PUBLIC.id}", json=current, headers=contributor).status_code == 403
    assert client.post(f"/api/documents/{PUBLIC.id}/status", json={"status": "withdrawn"},
                       headers=contributor).status_code == 403
    assert client.put(f"/api/documents/{FULL.id}", json=current, headers=reader).status_code == 403
    translator = bearer(api_token(archive, "translator"))
    added = client.post(f"/api/documents/{PUBLIC.id}/renditions", json={"language": "en", "text": "Letter."},
                        headers={**translator, "if-match": "1"})
    assert added.status_code == 201 and added.json()["revision"] == 2
    rendition = archive.get(PUBLIC.id, SYSTEM).renditions[-1]  # type: ignore[union-attr]
    assert rendition.id == added.json()["rendition"]
    assert rendition.credits == [Credit(name="translator-token", role="translator")]
    assert client.post(f"/api/documents/{PUBLIC.id}/renditions", json={"language": "en", "text": "Again."},
                       headers={**translator, "if-match": "1"}).status_code == 409
    assert client.post(f"/api/documents/{PUBLIC.id}/renditions", json={"language": "en", "text": "x"},
                       headers=contributor).status_code == 403


@pytest.mark.parametrize("body", [
    '{"title": "T\\u0000", "genre": "letter"}',
    '{"title": "\\ud800", "genre": "letter"}',
    '{"title": "T", "genre": "letter", "archival_refs": [{"raw": "x", "fond": "' + "1" * 41 + '"}]}',
    '{"title": "T", "genre": "letter", "collections": ["' + "c" * 200 + '"]}',
    '{"title": "T", "genre": "letter", "renditions": [{"id": "r", "kind": "ocr", "language": "ru", "text": "x",'
    ' "ocr_pages": [{"number": 1, "confidence": NaN}]}]}',
    '{"title": "T", "genre": "novel"}', '{"title": "T", "genre": "letter", "date": {"edtf": "0000"}}',
    '{"title": "T", "genre": "letter", "access": {"level": "public", "until": "2030-01-01"}}',
    '[]', 'not json',
])
def test_api_answers_422_to_what_the_store_cannot_hold(client: TestClient, archive: Archive, body: str) -> None:
    editor = bearer(api_token(archive, "editor"))
    headers = {**editor, "content-type": "application/json"}
    assert client.post("/api/documents", content=body, headers=headers).status_code == 422
    assert client.put(f"/api/documents/{PUBLIC.id}", content=body, headers=headers).status_code == 422
    assert archive.browse(SYSTEM).total == 3 and len(archive.revisions(PUBLIC.id, SYSTEM)) == 1


def test_hostile_ids_and_notes_are_refused_without_a_server_error(client: TestClient, archive: Archive) -> None:
    csrf = sign_in(client, add_person(archive, "editor"))
    editor = bearer(api_token(archive, "editor"))
    for bad in ("%00", "a%00b", "x" * 65, "%0A"):
        refused = 400 if "%00" in bad else 422  # a NUL anywhere in a URL is refused before any route runs
        assert client.get(f"/documents/{bad}/edit").status_code == refused
        assert client.put(f"/api/documents/{bad}", json={"title": "T", "genre": "letter"}, headers=editor).status_code \
            == refused
        assert client.post(f"/api/documents/{bad}/status", json={"status": "review"},
                           headers=editor).status_code == refused
    assert client.post("/api/documents", json={"title": "T", "genre": "letter"}, headers=editor,
                       params={"message": "a\x00b"}).status_code == 400
    fields = {**new_document_form(csrf), "message": "a\x00b"}
    refused = client.post("/edit/documents/new", data=fields)
    assert refused.status_code == 422 and 'id="e-message"' in refused.text
    note = client.post(f"/documents/{PUBLIC.id}/renditions/new", data={"csrf": csrf, "language": "en", "text": "T",
                                                                        "message": "\x00", "base_revision": "1"})
    assert note.status_code == 422
    assert archive.browse(SYSTEM).total == 3 and len(archive.revisions(PUBLIC.id, SYSTEM)) == 1


def test_the_body_model_has_every_field_of_a_document() -> None:
    assert set(DocumentBody.model_fields) == set(Document.model_fields)


def test_the_edtf_read_back(client: TestClient) -> None:
    def ask(value: str) -> dict[str, Any]:
        answer = client.get("/api/edtf", params={"value": value})
        assert answer.status_code == 200
        return dict(answer.json())

    assert ask("1950-05~") == {"value": "1950-05~", "valid": True, "earliest": "1950-05-01", "latest": "1950-05-31",
                               "error": None, "uncertain": False, "approximate": True}
    assert ask("1950/..")["latest"] is None and ask("1950-21")["latest"] == "1950-05-31"
    bad = ask("1950-02-30")
    assert not bad["valid"] and "no such day" in bad["error"] and bad["earliest"] is None
    assert not ask("")["valid"] and "longer than" in ask("1" * 500)["error"] and not ask("0000")["valid"]


def test_citations_parse_into_archival_levels(client: TestClient) -> None:
    def refs(text: str) -> dict[str, Any]:
        answer = client.get("/api/citations/parse", params={"text": text})
        assert answer.status_code == 200
        return dict(answer.json())

    (rgae,) = refs("RGAE. F. 413. Op. 13. D. 5467. L. 92")["references"]
    assert rgae == {"raw": "RGAE. F. 413. Op. 13. D. 5467. L. 92", "repository": "RGAE", "fond": "413", "opis": "13",
                    "papka": None, "delo": "5467", "folios": "92", "extra": {}}
    (avp,) = refs("АВП РФ. Ф. 0102. Оп. 10. П. 6. Д. 65. Л. 1-3об.")["references"]
    assert (avp["repository"], avp["papka"], avp["folios"]) == ("AVP RF", "6", "1-3ob")
    (nara,) = refs("NARA, RG 59, Central Decimal File 1950–54, 795.00/6-2550, Box 4262")["references"]
    assert nara["extra"] == {"record_group": "59", "series": "Central Decimal File 1950–54", "file": "795.00/6-2550",
                             "box": "4262"}
    book = refs("Lankov A. From Stalin to Kim Il Sung. London, 2002. P. 5.")
    assert book["references"] == [] and book["other"][0]["kind"] == "bibliographic"
    assert refs("x" * 3000)["error"] and refs("")["references"] == []


def test_form_pages_have_json_twins(client: TestClient, archive: Archive) -> None:
    sign_in(client, add_person(archive, "editor"))
    new = client.get("/edit/documents/new.json").json()
    assert new["values"]["access-level"] == "public" and new["record_id"] is None
    assert {o["value"] for o in new["options"]["genres"]} >= {"letter", "cipher-telegram"}
    edit = client.get(f"/documents/{FULL.id}/edit.json").json()
    assert edit["revision"] == 1 and edit["values"]["archival_refs"][1]["extra"] == "box: 4262; record_group: 59"
    rendition = client.get(f"/documents/{FULL.id}/renditions/new", headers={"accept": "application/json"}).json()
    assert rendition["record"]["id"] == FULL.id and rendition["revision"] == 1
    assert json.dumps(client.get("/review.json").json())
