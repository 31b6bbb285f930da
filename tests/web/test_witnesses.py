"""Witnesses on the document page: an ingested copy and its catalogue entry, proposed then confirmed by an editor
(form and JSON API), the word diff between two texts, the JSON twin, and the copy's citation completed by the
catalogue entry once confirmed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from opis.model import AgentRef, DocDate, Document, Rendition
from opis.store import witnesses
from opis.store.archive import Archive
from tests.support import records as R
from tests.support.people import add_person, api_token, bearer, sign_in

ENTRY = Document(id="doc-wit-entry", title="Preparing for War", genre="article", date=DocDate(edtf="2019"),
                 agents=[AgentRef(name="Terentii Shtykov", role="author", authority=R.SHTYKOV.id)])
COPY = Document(id="doc-wit-copy", title="Preparing for War", genre="other",
                renditions=[Rendition(id="r-wit-copy", kind="original", language="en",
                                      text="Kim Il Sung would have never dared to launch the war.")])
SECOND = Document(id="doc-wit-second", title="Preparing for War", genre="other",
                  renditions=[Rendition(id="r-wit-second", kind="original", language="en",
                                        text="Kim Il Sung would never have dared to launch the war.")])


def _stored(archive: Archive) -> None:
    archive.put_many([ENTRY, COPY, SECOND], "test")
    witnesses.propose(archive, COPY.id, ENTRY.id, 0.9, {"found_by": "title", "title": 1.0})
    witnesses.propose(archive, COPY.id, SECOND.id, 0.8, {"found_by": "text", "text": 0.8})


def test_page_shows_witnesses_and_diff(site: TestClient, archive: Archive) -> None:
    _stored(archive)
    page = site.get(f"/documents/{COPY.id}")
    assert 'id="witnesses-h"' in page.text and "proposed by opis, awaiting an editor" in page.text
    assert "<ins>never</ins> have <del>never</del>" in page.text  # COPY says "have never", SECOND "never have"
    assert "Confirm" not in page.text  # readers do not decide
    russian = site.get(f"/documents/{COPY.id}?lang=ru").text  # the status in the reader's language, data as is
    assert "предложено opis, ждёт редактора" in russian and "proposed by opis" not in russian
    twin = site.get(f"/documents/{COPY.id}.json").json()
    assert {w["id"]: w["status"] for w in twin["witnesses"]} == {ENTRY.id: "proposed", SECOND.id: "proposed"}
    assert "n.d." in twin["cite"]["chicago_note"]  # not yet confirmed: the copy says no more than it knows
    api = site.get(f"/api/documents/{COPY.id}/witnesses").json()
    assert len(api["witnesses"]) == 2


def test_an_editor_confirms_and_the_citation_follows(site: TestClient, archive: Archive) -> None:
    _stored(archive)
    csrf = sign_in(site, add_person(archive, "editor"))
    assert "Not the same work" in site.get(f"/documents/{COPY.id}").text
    done = site.post(f"/documents/{COPY.id}/witnesses/{ENTRY.id}", data={"status": "confirmed", "csrf": csrf},
                     follow_redirects=False)
    assert done.status_code == 303
    note = site.get(f"/documents/{COPY.id}.json").json()["cite"]["chicago_note"]
    assert note.startswith("Terentii Shtykov, “Preparing for War,” 2019,") and "n.d." not in note
    page = site.get(f"/documents/{COPY.id}").text  # Zotero reads the catalogue's author and year from the page
    assert '<meta name="citation_author" content="Shtykov, Terentii">' in page
    assert '<meta name="citation_date" content="2019">' in page
    history = site.get(f"/api/documents/{COPY.id}/witnesses/{ENTRY.id}/history").json()["history"]
    assert [h["status"] for h in history] == ["confirmed", "proposed"]


def test_the_api_needs_an_editor(site: TestClient, archive: Archive) -> None:
    _stored(archive)
    url = f"/api/documents/{COPY.id}/witnesses/{SECOND.id}"
    assert site.post(url, json={"status": "rejected"}, headers=bearer(api_token(archive, "translator"))) \
        .status_code == 403
    resp = site.post(url, json={"status": "rejected"}, headers=bearer(api_token(archive, "editor")))
    assert resp.status_code == 200 and resp.json()["status"] == "rejected" and resp.json()["revision"] == 2
    assert [w["id"] for w in site.get(f"/documents/{COPY.id}.json").json()["witnesses"]] == [ENTRY.id]
