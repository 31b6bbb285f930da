"""Revision history pages and API, on SQLite and PostgreSQL: the list, diffs between revisions,
one revision in full, restoring, and who may see or restore."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from opis.model import Document, Rendition
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from tests.conftest import FixedClock
from tests.support import records as R
from tests.support.people import add_person, api_token, bearer, sign_in
from tests.web import rich
from tests.web.htmlcheck import assert_accessible

LETTER = rich.LETTER
NEW_TEXT = "Comrade Kim Il Sung!\n\nPlease send twenty specialists <b>at once</b>."


@pytest.fixture
def edited(site: TestClient, archive: Archive, clock: FixedClock) -> Document:
    """The letter after a second revision: a new title and one rendition's text changed."""
    clock.now += timedelta(hours=1)
    renditions = [LETTER.renditions[0], LETTER.renditions[1].model_copy(update={"text": NEW_TEXT})]
    second = LETTER.model_copy(update={"title": "Letter on specialists", "renditions": renditions})
    archive.put(second, "ann", "sharper title; fuller translation")
    return second


def _html(client: TestClient, url: str) -> str:
    resp = client.get(url, headers={"accept": "text/html"})
    assert resp.status_code == 200, resp.text[:400]
    assert_accessible(resp.text)
    return resp.text


def test_history_lists_revisions_and_shows_the_latest_change(site: TestClient, archive: Archive,
                                                             edited: Document) -> None:
    sign_in(site, add_person(archive, "editor"))
    body = site.get(f"/records/{LETTER.id}/history.json").json()
    assert [(r["number"], r["actor"], r["message"]) for r in body["revisions"]] == [
        (2, "ann", "sharper title; fuller translation"), (1, "test", "created")]
    assert (body["from"], body["to"], body["latest"]) == (1, 2, 2)
    changes = {c["path"]: c for c in body["changes"]}
    assert set(changes) == {"title", "renditions[ren-letter-en].text"}
    assert changes["title"] == {"path": "title", "op": "changed", "old": LETTER.title, "new": edited.title}
    inserted = [s["text"] for s in changes["renditions[ren-letter-en].text"]["segments"] if s["op"] == "insert"]
    assert inserted == ["twenty ", " <b>at once</b>"]
    page = _html(site, f"/records/{LETTER.id}/history")
    assert "<ins><span class=\"visually-hidden\">[inserted:] </span>twenty </ins>" in page
    assert "&lt;b&gt;at once&lt;/b&gt;" in page and "<b>at once" not in page
    assert f'href="/records/{LETTER.id}/revisions/1"' in page and "Restore revision 1" in page


def test_any_two_revisions_and_the_creation(site: TestClient, archive: Archive, edited: Document) -> None:
    sign_in(site, add_person(archive, "editor"))
    backwards = site.get(f"/records/{LETTER.id}/history.json?from=2&to=1").json()["changes"]
    assert {"path": "title", "op": "changed", "old": edited.title, "new": LETTER.title} in backwards
    created = site.get(f"/records/{LETTER.id}/history.json?from=0&to=1").json()
    assert all(c["op"] == "added" for c in created["changes"]) and len(created["changes"]) == len(
        LETTER.model_dump(mode="json"))
    assert "as created" in _html(site, f"/records/{LETTER.id}/history?from=0&to=1")
    assert site.get(f"/records/{LETTER.id}/history.json?from=1&to=9").status_code == 404
    assert site.get(f"/records/{LETTER.id}/history.json?from=-1").status_code == 422


def test_one_revision_in_full(site: TestClient, archive: Archive, edited: Document) -> None:
    sign_in(site, add_person(archive, "editor"))
    body = site.get(f"/records/{LETTER.id}/revisions/1.json").json()
    assert body["data"]["title"] == LETTER.title and body["revision"]["actor"] == "test"
    assert body["next_url"] == f"/records/{LETTER.id}/revisions/2" and body["prev_url"] is None
    page = _html(site, f"/records/{LETTER.id}/revisions/1")
    assert "Please send specialists." in page and "<code>renditions[1].text</code>" in page
    assert site.get(f"/records/{LETTER.id}/revisions/3").status_code == 404
    assert site.get(f"/records/{LETTER.id}/revisions/0").status_code == 422


def test_restore_makes_a_new_revision_and_loses_nothing(site: TestClient, archive: Archive,
                                                        edited: Document) -> None:
    csrf = sign_in(site, add_person(archive, "editor"))
    resp = site.post(f"/records/{LETTER.id}/restore", data={"csrf": csrf, "revision": "1"}, follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == f"/records/{LETTER.id}/history"
    assert archive.get(LETTER.id, SYSTEM) == LETTER
    history = archive.revisions(LETTER.id, SYSTEM)
    assert [(h.number, h.actor, h.message) for h in history][-1] == (3, "editor-1", "restored revision 1")
    assert archive.revision(LETTER.id, 2, SYSTEM) == edited
    assert archive.audit.entries(action="restore")[0][0].target == LETTER.id
    assert site.post(f"/records/{LETTER.id}/restore", data={"revision": "2"}).status_code == 403  # no CSRF token
    assert len(archive.revisions(LETTER.id, SYSTEM)) == 3


def test_who_may_see_and_restore(site: TestClient, archive: Archive, edited: Document) -> None:
    urls = (f"/records/{LETTER.id}/history", f"/records/{LETTER.id}/revisions/1",
            f"/api/records/{LETTER.id}/history", f"/api/records/{LETTER.id}/diff")
    for url in urls:
        assert site.get(url).status_code == 401
    reader = bearer(api_token(archive, "reader"))
    for url in urls:
        assert site.get(url, headers=reader).status_code == 403
    assert site.post(f"/api/records/{LETTER.id}/restore", json={"revision": 1}).status_code == 401
    contributor = bearer(api_token(archive, "contributor"))
    assert site.get(urls[0], headers=contributor).status_code == 200
    assert "Restore revision" not in site.get(urls[0], headers={**contributor, "accept": "text/html"}).text
    refused = site.post(f"/api/records/{LETTER.id}/restore", json={"revision": 1}, headers=contributor)
    assert refused.status_code == 403  # a contributor edits drafts only: the record's own rule
    assert site.get(f"/records/{R.RESTRICTED.id}/history", headers=contributor).status_code == 404
    draft = site.post(f"/api/records/{R.DRAFT.id}/restore", json={"revision": 1}, headers=contributor)
    assert draft.status_code == 200 and draft.json()["changed"] is False  # already current: nothing to add
    assert len(archive.revisions(LETTER.id, SYSTEM)) == 2


def test_history_api(site: TestClient, archive: Archive, edited: Document) -> None:
    auth = bearer(api_token(archive, "editor"))
    history = site.get(f"/api/records/{LETTER.id}/history", headers=auth).json()
    assert [r["number"] for r in history["revisions"]] == [1, 2] and history["record"]["kind"] == "document"
    diff = site.get(f"/api/records/{LETTER.id}/diff?from=1&to=2", headers=auth).json()
    assert [c["path"] for c in diff["changes"]] == ["title", "renditions[ren-letter-en].text"]
    restored = site.post(f"/api/records/{LETTER.id}/restore", json={"revision": 1}, headers=auth)
    assert restored.json() == {"id": LETTER.id, "revision": 3, "changed": True}
    for bad in ({"revision": 0}, {"revision": "one"}, {}, {"revision": 1, "extra": True}):
        assert site.post(f"/api/records/{LETTER.id}/restore", json=bad, headers=auth).status_code == 422
    assert site.post(f"/api/records/{LETTER.id}/restore", json={"revision": 99}, headers=auth).status_code == 404
    assert site.get("/api/records/doc-0000000000000000/history", headers=auth).status_code == 404


def test_history_of_authorities_and_long_texts_fold(site: TestClient, archive: Archive) -> None:
    long_text = "".join(f"Line {n}.\n" for n in range(40))
    doc = R.doc("long", renditions=[Rendition(id="ren-long", kind="original", language="ru", text=long_text)])
    archive.put(doc, "test")
    changed = long_text.replace("Line 20.", "Line twenty.")
    archive.put(doc.model_copy(update={"renditions": [doc.renditions[0].model_copy(update={"text": changed})]}),
                "ann")
    sign_in(site, add_person(archive, "editor"))
    page = _html(site, f"/records/{doc.id}/history")
    assert "unchanged lines" in page and "Line 2." not in page and "Line 19." in page and "Line 39." not in page
    assert "<ins><span class=\"visually-hidden\">[inserted:] </span>twenty</ins>" in page
    assert site.get(f"/records/{rich.KIM.id}/history.json").json()["record"]["url"] == f"/authorities/{rich.KIM.id}"
