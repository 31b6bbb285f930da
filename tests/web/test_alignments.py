"""Editing sentence pairs through the API and the form, on SQLite and PostgreSQL: each change a revision
with an audit entry, the permission and the access rule first, a stale revision a conflict, a changed
text aligned again (and only then)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from opis.model import AccessLevel, Status
from opis.store.archive import Archive
from tests.support.people import add_person, api_token, bearer, sign_in
from tests.web.htmlcheck import assert_accessible
from tests.web.rich import LETTER

RU, EN = (r.text for r in LETTER.renditions)
URL = f"/api/documents/{LETTER.id}/alignments/ren-letter-en"


def _first(site: TestClient) -> dict[str, object]:
    got = site.get(f"/api/documents/{LETTER.id}/alignments")
    assert got.status_code == 200
    (first,) = got.json()
    return dict(first)


def test_api_edits_are_revisions_with_audit(site: TestClient, archive: Archive) -> None:
    first = _first(site)
    assert (first["origin"], first["revision"], first["left_id"]) == ("auto", 1, "ren-letter-ru")
    pairs = first["pairs"]
    assert isinstance(pairs, list) and len(pairs) == 2
    assert site.post(URL, json={"op": "merge", "pair": 0}).status_code == 401
    reader = bearer(api_token(archive, "reader"))
    assert site.post(URL, json={"op": "merge", "pair": 0}, headers=reader).status_code == 403
    translator = bearer(api_token(archive, "translator"))
    merged = site.post(URL, json={"op": "merge", "pair": 0}, headers={**translator, "If-Match": '"1"'})
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert (body["origin"], body["revision"], body["actor"]) == ("edited", 2, "translator-token")
    assert body["pairs"] == [[pairs[0][0], pairs[1][1], pairs[0][2], pairs[1][3]]]
    stale = site.post(URL, json={"op": "merge", "pair": 0}, headers={**translator, "If-Match": '"1"'})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    split = site.post(URL, json={"op": "split", "pair": 0, "left_at": pairs[1][0], "right_at": pairs[1][2]},
                      headers=translator)
    assert split.status_code == 200 and split.json()["revision"] == 3
    assert split.json()["pairs"] == [[pairs[0][0], pairs[1][0], pairs[0][2], pairs[1][2]],
                                     [pairs[1][0], pairs[1][1], pairs[1][2], pairs[1][3]]]
    moved = site.post(URL, json={"op": "move", "pair": 0, "side": "right", "at": pairs[0][3]}, headers=translator)
    assert moved.status_code == 200 and moved.json()["pairs"][0][3] == pairs[0][3]
    for bad in ({"op": "split", "pair": 0, "left_at": len(RU) + 5, "right_at": 3}, {"op": "merge", "pair": 7},
                {"op": "move", "pair": 0, "side": "left", "at": 0}):
        answer = site.post(URL, json=bad, headers=translator)
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid", bad
    assert site.post(URL, json={"op": "rotate", "pair": 0}, headers=translator).status_code == 422
    history = site.get(f"{URL}/revisions", headers=translator).json()
    assert [(h["revision"], h["origin"]) for h in history] == [(4, "edited"), (3, "edited"), (2, "edited"),
                                                                 (1, "auto")]
    audit, total = archive.audit.entries(action="alignment")
    assert total == 3 and {e.actor for e in audit} == {"translator-token"}
    page = site.get(f"/documents/{LETTER.id}", headers={"accept": "text/html"}).text
    assert "Pairs corrected by translator-token (revision 4)" in page


def test_changed_text_is_aligned_again_only_then(site: TestClient, archive: Archive) -> None:
    translator = bearer(api_token(archive, "translator"))
    _first(site)
    merged = site.post(URL, json={"op": "merge", "pair": 0}, headers=translator)
    assert merged.status_code == 200
    assert _first(site)["revision"] == 2  # reading again makes nothing new
    longer = LETTER.model_copy(update={"renditions": [LETTER.renditions[0], LETTER.renditions[1].model_copy(
        update={"text": EN + " At once."})]})
    archive.put(longer, "test", "translation extended")
    again = _first(site)
    assert (again["origin"], again["revision"]) == ("auto", 3)
    assert _first(site)["revision"] == 3
    history = site.get(f"{URL}/revisions", headers=translator).json()
    assert "a text changed since revision 2" in history[0]["message"]


def test_hidden_document_shows_no_alignment(site: TestClient, archive: Archive) -> None:
    closed = LETTER.access.model_copy(update={"level": AccessLevel.RESTRICTED})
    restricted = LETTER.model_copy(update={"access": closed})
    archive.put(restricted, "test", "restricted")
    assert site.get(f"/api/documents/{LETTER.id}/alignments").status_code == 404
    translator = bearer(api_token(archive, "translator"))  # a translator may not read restricted records
    assert site.post(URL, json={"op": "merge", "pair": 0}, headers=translator).status_code == 404
    archive.put(LETTER.model_copy(update={"status": Status.DRAFT}), "test", "a draft")
    assert site.get(f"/api/documents/{LETTER.id}/alignments").status_code == 404


def test_form_changes_pairs_and_keeps_a_stale_form_out(site: TestClient, archive: Archive) -> None:
    _first(site)
    sign_in(site, add_person(archive, "translator"))
    url = f"/documents/{LETTER.id}/alignments/ren-letter-en/edit"
    page = site.get(url, headers={"accept": "text/html"})
    assert page.status_code == 200 and "Join with the next pair" in page.text
    assert_accessible(page.text)
    twin = site.get(f"{url}.json").json()
    assert twin["alignment"]["revision"] == 1 and [p["n"] for p in twin["pairs"]] == [0, 1]
    assert twin["pairs"][0]["left"][0]["text"] == "Товарищ Ким Ир Сен!"
    doc_page = site.get(f"/documents/{LETTER.id}", headers={"accept": "text/html"}).text
    assert f'href="{url}"' in doc_page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    done = site.post(url, data={"csrf": csrf.group(1), "op": "merge", "pair": "0", "base_revision": "1"},
                     follow_redirects=False)
    assert done.status_code == 303
    again = site.get(url, headers={"accept": "text/html"}).text
    assert "Revision 2, " in again and "Join with the next pair" not in again
    stale = site.post(url, data={"csrf": csrf.group(1), "op": "merge", "pair": "0", "base_revision": "1"})
    assert stale.status_code == 409 and "changed since revision 1" in stale.text
