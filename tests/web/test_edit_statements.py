"""An editor's page for a document's statements (web/editing/statements.py): listed with their passages, confirmed,
corrected or rejected by form (with CSRF) and by the JSON API, each verdict a revision and an audit entry; a
rejected statement stays out after the document is saved and extracted again. Text: seed 000 (Wilson Center blog
post), as tests/web/test_decisions.py stores it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from opis.store import statements
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from tests.support.people import add_person, api_token, bearer, sign_in
from tests.web.htmlcheck import assert_accessible
from tests.web.test_decisions import COLLECTION, DOC, record  # noqa: F401 - the fixture storing the document

PAGE = f"/documents/{DOC}/statements"


@pytest.mark.usefixtures("record")
def test_readers_and_translators_may_not_judge(site: TestClient, archive: Archive) -> None:
    assert site.get(PAGE).status_code == 401
    sid = statements.of_document(archive, DOC, SYSTEM)[0].id
    got = site.post(f"/api/documents/{DOC}/statements/{sid}", json={"verdict": "reject"},
                    headers=bearer(api_token(archive, "translator")))
    assert got.status_code == 403 and "error" in got.json()
    assert statements.of_document(archive, DOC, SYSTEM)[0].status == "extracted"


@pytest.mark.usefixtures("record")
def test_the_page_lists_statements_with_their_passages(site: TestClient, archive: Archive) -> None:
    sign_in(site, add_person(archive, "contributor"))
    html = site.get(PAGE)
    assert html.status_code == 200, html.text
    found = statements.of_document(archive, DOC, SYSTEM)
    assert html.text.count('<form method="post" action="/documents/') == len(found)
    assert "<mark>" in html.text and "fuel, medicine, and ships" in html.text
    assert_accessible(html.text)
    twin = site.get(PAGE + ".json").json()
    assert [s["id"] for s in twin["statements"]] == [s.id for s in found]
    assert "fuel, medicine, and ships" in twin["statements"][4]["words"]
    assert f'href="{PAGE}"' in site.get(f"/documents/{DOC}").text  # the staff toolbar links to it


@pytest.mark.usefixtures("record")
def test_a_form_corrects_and_rejects_and_a_rejected_one_stays_out(site: TestClient, archive: Archive) -> None:
    csrf = sign_in(site, add_person(archive, "editor"))
    first, second = statements.of_document(archive, DOC, SYSTEM)[:2]
    stalin = second.statement.agent.authority if second.statement.agent else None
    url = f"/documents/{DOC}/statements/{first.id}"
    assert site.post(url, data={"verdict": "reject", "revision": "1"}, follow_redirects=False).status_code == 403
    done = site.post(url, data={"verdict": "reject", "revision": "1", "csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == f"{PAGE}#{first.id}"
    fixed = site.post(f"/documents/{DOC}/statements/{second.id}", follow_redirects=False, data={
        "verdict": "correct", "revision": "1", "csrf": csrf, "kind": "decision", "agent": "Joseph Stalin",
        "agent_authority": stalin or "", "addressee": "Kim Il Sung", "object": "the advance of the 1951 loan",
        "date": "1950-02", "decision": "approved"})
    assert fixed.status_code == 303
    bad = site.post(f"/documents/{DOC}/statements/{second.id}", data={
        "verdict": "correct", "csrf": csrf, "date": "early spring"})
    assert bad.status_code == 422 and "EDTF" in bad.text
    # Re-extraction: the document saved again with the same findings; the verdicts stand.
    doc = archive.get(DOC, SYSTEM)
    archive.put(doc.model_copy(update={"title": "Loans and arms, 1950 (revised)"}), "test")
    shown = {s.id: s for s in statements.of_document(archive, DOC, SYSTEM)}
    assert first.id not in shown
    assert shown[second.id].status == "corrected" and shown[second.id].statement.date == "1950-02"
    assert shown[second.id].statement.object == "the advance of the 1951 loan"
    assert first.id not in {r["decision"]["id"] for r in site.get(
        f"/collections/{COLLECTION}/decisions.json").json()["rows"] if r["decision"]}
    html = site.get(PAGE).text
    block = html[html.index(f'id="{first.id}"'):]
    assert "Rejected: it stays out" in block[:block.index("</section>")]
    entries, _ = archive.audit.entries(action="statement.reject", target=first.id)
    assert [e.actor for e in entries] == ["editor-1"]
    entries, _ = archive.audit.entries(action="statement.correct", target=second.id)
    assert len(entries) == 1


@pytest.mark.usefixtures("record")
def test_the_api_judges_with_the_same_error_shape(site: TestClient, archive: Archive) -> None:
    token = bearer(api_token(archive, "editor"))
    found = statements.of_document(archive, DOC, SYSTEM)
    url = f"/api/documents/{DOC}/statements/{found[2].id}"
    ok = site.post(url, json={"verdict": "confirm", "revision": 1}, headers=token)
    assert ok.status_code == 200 and ok.json()["status"] == "confirmed" and ok.json()["revision"] == 2
    stale = site.post(url, json={"verdict": "reject", "revision": 1}, headers=token)
    assert stale.status_code == 409 and set(stale.json()) >= {"error"}
    wrong = site.post(url, json={"verdict": "correct", "correction": {"date": "someday"}}, headers=token)
    assert wrong.status_code == 422 and "EDTF" in wrong.json()["error"]["message"]
    extra = site.post(url, json={"verdict": "correct", "correction": {"cue": "asked"}}, headers=token)
    assert extra.status_code == 422 and "error" in extra.json()
    fixed = site.post(url, json={"verdict": "correct", "correction": {"addressee": {"text": "Mao"}}}, headers=token)
    assert fixed.status_code == 200 and fixed.json()["addressee"]["text"] == "Mao"
    assert fixed.json()["addressee"].get("authority") is None and fixed.json()["status"] == "corrected"
    other = site.post(f"/api/documents/doc-nope/statements/{found[2].id}", json={"verdict": "reject"},
                      headers=token)
    assert other.status_code == 404 and "error" in other.json()
    history = site.get(f"{url}/history", headers=token).json()["history"]
    assert [h["status"] for h in history] == ["corrected", "confirmed", "extracted"]
    assert re.fullmatch(r"stm-[0-9a-f]{16}", found[2].id)
