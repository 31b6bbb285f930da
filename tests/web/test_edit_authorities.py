"""Editing authority records through the forms and the API, merging and splitting them, on SQLite
and PostgreSQL: what is saved, what is kept on a mistake, who may, and old links after a merge."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from opis.model import AgentRef, Authority, DocDate, Name, Status, make_id
from opis.store.access import ANONYMOUS, SYSTEM
from opis.store.archive import Archive
from tests.support import records as R
from tests.support.people import add_person, api_token, bearer, sign_in
from tests.web import rich
from tests.web.htmlcheck import assert_accessible

KIM, LETTER, TELEGRAM = rich.KIM, rich.LETTER, rich.TELEGRAM
KIM_RU = Authority(kind="person", id=make_id("person", "test", "kim-ru"), preferred="Ким Ир Сен",
                   names=[Name(value="Ким Ир Сен", lang="ko-Cyrl", scheme="kontsevich"),
                          Name(value="Kim Ir Sen", lang="ru-Latn", scheme="common")],
                   identifiers={"viaf": "999"})
RU_DOC = R.doc("kim-ru-doc", title="Report naming Ким Ир Сен",
               agents=[AgentRef(name="Ким Ир Сен", role="mentioned", authority=KIM_RU.id)])


@pytest.fixture
def editor(site: TestClient, archive: Archive) -> str:
    """The site client signed in as an editor; returns the CSRF token."""
    archive.put_many([KIM_RU, RU_DOC], "test")
    return sign_in(site, add_person(archive, "editor"))


def _html(client: TestClient, url: str, status: int = 200) -> str:
    resp = client.get(url, headers={"accept": "text/html"})
    assert resp.status_code == status, resp.text[:400]
    assert_accessible(resp.text)
    return resp.text


def _new(**fields: str) -> dict[str, str]:
    return {"preferred": "Pak Hon-yong", "names-0-value": "박헌영", "names-0-lang": "ko-Hang",
            "names-1-value": "Pak Hŏn-yŏng", "names-1-lang": "ko-Latn", "names-1-scheme": "mr",
            "dates-edtf": "1900/1956", "identifiers-0-scheme": "wikidata", "identifiers-0-value": "Q484526",
            "message": "added from the FRUS index", **fields}


def test_a_new_person_gets_a_deterministic_id_and_every_name(site: TestClient, editor: str,
                                                             archive: Archive) -> None:
    page = _html(site, "/edit/authorities/new?kind=person")
    assert 'name="csrf"' in page and 'name="names-2-scheme"' in page and "McCune–Reischauer" in page
    assert site.get("/edit/authorities/new.json?kind=place").json()["kind"] == "place"
    resp = site.post("/edit/authorities/new?kind=person", data={**_new(), "csrf": editor}, follow_redirects=False)
    assert resp.status_code == 303
    new_id = make_id("person", "web", "Pak Hon-yong", "1900/1956")
    assert resp.headers["location"] == f"/authorities/{new_id}"
    record = archive.get(new_id, ANONYMOUS)  # an editor may publish: the record is public at once
    assert isinstance(record, Authority) and record.dates == DocDate(edtf="1900/1956")
    assert [(n.value, n.lang, n.scheme) for n in record.names] == [("박헌영", "ko-Hang", None),
                                                                  ("Pak Hŏn-yŏng", "ko-Latn", "mr")]
    assert record.identifiers == {"wikidata": "Q484526"} and record.source == "web"
    assert [m.record_id for m in archive.lookup("박헌영", ANONYMOUS)] == [new_id]
    [info] = archive.revisions(new_id, SYSTEM)
    assert (info.actor, info.message) == ("editor-1", "added from the FRUS index")
    assert archive.audit.entries(action="create")[0][0].target == new_id


def test_the_same_person_twice_is_caught_unless_confirmed(site: TestClient, editor: str, archive: Archive) -> None:
    site.post("/edit/authorities/new?kind=person", data={**_new(), "csrf": editor})
    again = site.post("/edit/authorities/new?kind=person", data={**_new(), "csrf": editor}, follow_redirects=False)
    first = make_id("person", "web", "Pak Hon-yong", "1900/1956")
    assert again.status_code == 409 and f'href="/authorities/{first}"' in again.text
    assert 'value="Pak Hŏn-yŏng"' in again.text and 'name="distinct"' in again.text
    other = site.post("/edit/authorities/new?kind=person", data={**_new(), "csrf": editor, "distinct": "yes"},
                      follow_redirects=False)
    assert other.status_code == 303 and other.headers["location"] != f"/authorities/{first}"


def test_mistakes_come_back_by_their_fields_with_the_input_kept(site: TestClient, editor: str,
                                                               archive: Archive) -> None:
    before = archive.counts(SYSTEM)
    bad = _new(**{"names-1-lang": "korean", "dates-edtf": "about 1900", "names-3-value": "<script>x</script>",
                  "names-3-scheme": "klingon", "lat": "95", "lon": "10", "access-level": "embargoed"})
    resp = site.post("/edit/authorities/new?kind=place", data={**bad, "csrf": editor}, headers={"accept": "text/html"})
    assert resp.status_code == 422
    assert_accessible(resp.text)
    errors = dict(re.findall(r'<p class="field-error" id="err-([\w-]+)">([^<]*)</p>', resp.text))
    assert set(errors) == {"names-1-lang", "dates", "names-2-scheme", "coordinates", "access"}
    assert "BCP 47" in errors["names-1-lang"] and "EDTF" in errors["dates"]
    assert 'id="f-names-1-lang" name="names-1-lang" value="korean"' in resp.text  # kept, and blank rows renumbered
    assert "<script>x" not in resp.text and "&lt;script&gt;x&lt;/script&gt;" in resp.text
    assert 'aria-invalid="true" aria-describedby="err-dates"' in resp.text
    as_json = site.post("/edit/authorities/new?kind=place", data={**bad, "csrf": editor},
                        headers={"accept": "application/json"})
    assert as_json.status_code == 422 and set(as_json.json()["errors"]) == set(errors)
    assert archive.counts(SYSTEM) == before


def test_editing_keeps_what_the_form_does_not_show_and_guards_the_base_revision(site: TestClient, editor: str,
                                                                              archive: Archive) -> None:
    form = site.get(f"/authorities/{KIM.id}/edit.json").json()
    assert form["base"] == 1 and [n["value"] for n in form["values"]["names"]][:2] == ["김일성", "金日成"]
    page = _html(site, f"/authorities/{KIM.id}/edit")
    assert 'value="Gim Il-seong"' in page and '<option value="rr" selected>' in page
    fields = {"csrf": editor, "base": "1", "preferred": "Kim Il Sung", "description": "Leader of the DPRK.",
              "dates-edtf": "1912/1994", "names-0-value": "김일성", "names-0-lang": "ko-Hang", "message": "sharper"}
    saved = site.post(f"/authorities/{KIM.id}/edit", data=fields, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/authorities/{KIM.id}"
    kim = archive.get(KIM.id, SYSTEM)
    assert isinstance(kim, Authority) and kim.description == "Leader of the DPRK." and kim.names == KIM.names[:1]
    assert kim.status is Status.PUBLISHED and kim.source == KIM.source
    stale = site.post(f"/authorities/{KIM.id}/edit", data={**fields, "description": "Mine."},
                      headers={"accept": "text/html"})
    assert stale.status_code == 409 and "Someone saved this record" in stale.text
    assert f'href="/records/{KIM.id}/history?from=1"' in stale.text
    assert ">Mine.</textarea>" in stale.text and 'name="base" value="2"' in stale.text  # saving again is deliberate
    assert archive.get(KIM.id, SYSTEM) == kim
    again = site.post(f"/authorities/{KIM.id}/edit", data={**fields, "base": "2", "description": "Mine."},
                      follow_redirects=False)
    assert again.status_code == 303 and len(archive.revisions(KIM.id, SYSTEM)) == 3


def test_staff_tools_show_only_to_those_who_may_use_them(site: TestClient, archive: Archive) -> None:
    url = f"/authorities/{KIM.id}"
    assert "/merge" not in _html(site, url)
    sign_in(site, add_person(archive, "contributor"))
    assert "/merge" not in _html(site, url)
    sign_in(site, add_person(archive, "editor"))
    page = _html(site, url)
    for tool in ("edit", "merge", "split"):
        assert f'href="/authorities/{KIM.id}/{tool}"' in page
    assert f'href="/records/{KIM.id}/history"' in page


def test_merging_through_the_pages(site: TestClient, editor: str, archive: Archive) -> None:
    found = _html(site, f"/authorities/{KIM.id}/merge?q=Kim+Ir+Sen")
    assert f"other={KIM_RU.id}" in found and "(ru-Latn, common)" in found
    by_cyrillic = site.get(f"/authorities/{KIM.id}/merge.json?q=Ким+Ир+Сен").json()["candidates"]
    assert [c["id"] for c in by_cyrillic] == [KIM_RU.id]  # never the record itself
    compare = _html(site, f"/authorities/{KIM.id}/merge?other={KIM_RU.id}")
    assert compare.count('class="card-record"') == 3 and "Kim Ir Sen" in compare and RU_DOC.title in compare
    plan = site.get(f"/authorities/{KIM.id}/merge.json?other={KIM_RU.id}").json()["plan"]
    assert plan["relink_total"] == 1 and plan["other"]["revision"] == 1
    assert "Ким Ир Сен" in [n["value"] for n in plan["result"]["names"]]
    resp = site.post(f"/authorities/{KIM.id}/merge", data={"csrf": editor, "other": KIM_RU.id,
                                                           "keep_revision": "1", "other_revision": "1"},
                     follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == f"/authorities/{KIM.id}"
    assert RU_DOC.id in {i for i, _, _ in archive.linked(KIM.id, ANONYMOUS)}
    assert [m.record_id for m in archive.lookup("Kim Ir Sen", ANONYMOUS)] == [KIM.id]
    stale = site.post(f"/authorities/{KIM.id}/merge", data={"csrf": editor, "other": KIM_RU.id},
                      headers={"accept": "text/html"})
    assert stale.status_code == 422 and "already merged" in stale.text


def test_a_merged_record_redirects_old_links_for_everyone(site: TestClient, editor: str, archive: Archive) -> None:
    site.post(f"/authorities/{KIM.id}/merge", data={"csrf": editor, "other": KIM_RU.id})
    for client in (site, TestClient(site.app)):
        page = client.get(f"/authorities/{KIM_RU.id}", follow_redirects=False)
        assert page.status_code == 301 and page.headers["location"] == f"/authorities/{KIM.id}"
        twin = client.get(f"/authorities/{KIM_RU.id}.json", follow_redirects=False)
        assert twin.status_code == 301 and twin.headers["location"] == f"/authorities/{KIM.id}.json"
        assert client.get(f"/authorities/{KIM_RU.id}.json").json()["record"]["id"] == KIM.id


def test_a_merge_the_other_way_is_refused_with_a_reason(site: TestClient, editor: str) -> None:
    resp = site.get(f"/authorities/{KIM.id}/merge?other={rich.PYONGYANG.id}", headers={"accept": "text/html"})
    assert resp.status_code == 200 and "cannot be merged into a person" in resp.text
    assert site.get(f"/authorities/{KIM.id}/merge?other=not%20an%20id").status_code == 422


def test_splitting_through_the_pages(site: TestClient, editor: str, archive: Archive) -> None:
    form = site.get(f"/authorities/{KIM.id}/split.json").json()
    assert {d["id"] for d in form["linked"]} >= {LETTER.id, TELEGRAM.id} and form["base"] == 1
    _html(site, f"/authorities/{KIM.id}/split")
    resp = site.post(f"/authorities/{KIM.id}/split", follow_redirects=False,
                     data={"csrf": editor, "base": "1", "preferred": "Kim Il Sung (the elder)",
                           "names": ["Gim Il-seong"], "documents": [TELEGRAM.id]})
    assert resp.status_code == 303
    new_id = resp.headers["location"].rsplit("/", 1)[1]
    assert {i for i, _, _ in archive.linked(new_id, ANONYMOUS)} == {TELEGRAM.id}
    assert TELEGRAM.id not in {i for i, _, _ in archive.linked(KIM.id, ANONYMOUS)}
    bad = site.post(f"/authorities/{KIM.id}/split", headers={"accept": "text/html"},
                    data={"csrf": editor, "base": "2", "preferred": "X", "names": ["nope"]})
    assert bad.status_code == 422 and "no variant name" in bad.text and 'value="X"' in bad.text


def test_who_may_edit(site: TestClient, archive: Archive) -> None:
    urls = [f"/authorities/{KIM.id}/edit", f"/authorities/{KIM.id}/merge", f"/authorities/{KIM.id}/split",
            "/edit/authorities/new?kind=person"]
    for url in urls:
        assert site.get(url).status_code == 401
        assert site.post(url, data={"preferred": "x"}).status_code == 401
    csrf = sign_in(site, add_person(archive, "contributor"))
    for url in urls:
        assert site.get(url).status_code == 403
        resp = site.post(url, data={"csrf": csrf, "preferred": "x"})
        assert resp.status_code == 403 and resp.json()["error"]["code"] == "forbidden"
    assert archive.revisions(KIM.id, SYSTEM)[-1].number == 1


def test_forms_without_the_csrf_token_are_refused(site: TestClient, editor: str, archive: Archive) -> None:
    for url, data in ((f"/authorities/{KIM.id}/edit", {"preferred": "Forged", "base": "1"}),
                      ("/edit/authorities/new?kind=person", _new()),
                      (f"/authorities/{KIM.id}/merge", {"other": KIM_RU.id}),
                      (f"/authorities/{KIM.id}/split", {"preferred": "F", "names": ["Gim Il-seong"]})):
        assert site.post(url, data=data).status_code == 403
        assert site.post(url, data={**data, "csrf": "forged"}).status_code == 403
    assert len(archive.revisions(KIM.id, SYSTEM)) == 1 and archive.get(KIM_RU.id, ANONYMOUS) == KIM_RU


# -- the JSON API ------------------------------------------------------------------------------


def test_api_create_update_with_if_match(site: TestClient, archive: Archive) -> None:
    auth = bearer(api_token(archive, "editor"))
    body = {"kind": "organization", "preferred": "Workers' Party of Korea",
            "names": [{"value": "조선로동당", "lang": "ko-Hang"}], "identifiers": {"wikidata": "Q18011"}}
    created = site.post("/api/authorities", json=body, headers=auth)
    assert created.status_code == 201, created.text
    org_id = created.json()["id"]
    assert org_id == make_id("organization", "web", "Workers' Party of Korea", "undated")
    assert site.post("/api/authorities", json=body, headers=auth).status_code == 409
    change = {k: v for k, v in body.items() if k != "kind"} | {"description": "Ruling party.", "message": "desc"}
    stale = site.put(f"/api/authorities/{org_id}", json=change, headers={**auth, "if-match": '"7"'})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    ok = site.put(f"/api/authorities/{org_id}", json=change, headers={**auth, "if-match": '"1"'})
    assert ok.status_code == 200 and ok.json()["revision"] == 2
    assert ok.json()["record"]["description"] == "Ruling party."
    assert site.put(f"/api/authorities/{org_id}", json={**change, "expected_revision": 1},
                    headers=auth).status_code == 409


@pytest.mark.parametrize("body", [
    {"kind": "person", "preferred": ""}, {"kind": "deity", "preferred": "Zeus"},
    {"kind": "person", "preferred": "A", "names": [{"value": "x", "lang": "not a tag"}]},
    {"kind": "person", "preferred": "A", "dates": {"edtf": "someday"}},
    {"kind": "person", "preferred": "A\u0000B"}, {"kind": "place", "preferred": "P", "coordinates": [91, 0]},
    {"kind": "person", "preferred": "A", "identifiers": {"Bad Key": "1"}},
    {"kind": "person", "preferred": "A", "unknown": 1}])
def test_api_refuses_bad_bodies_with_422(site: TestClient, archive: Archive, body: dict[str, object]) -> None:
    resp = site.post("/api/authorities", json=body, headers=bearer(api_token(archive, "editor")))
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"]["code"] == "invalid"


def test_api_merge_and_split(site: TestClient, archive: Archive) -> None:
    archive.put_many([KIM_RU, RU_DOC], "test")
    auth = bearer(api_token(archive, "admin"))
    merged = site.post(f"/api/authorities/{KIM.id}/merge", json={"other": KIM_RU.id, "other_revision": 1},
                       headers=auth)
    assert merged.status_code == 200, merged.text
    assert merged.json()["relinked"] == [RU_DOC.id] and merged.json()["conflicts"] == []
    split = site.post(f"/api/authorities/{KIM.id}/split", headers=auth,
                      json={"preferred": "Kim (Soviet files)", "names": ["Ким Ир Сен"], "documents": [RU_DOC.id]})
    assert split.status_code == 201, split.text
    assert split.json()["relinked"] == [RU_DOC.id]
    # The form itself moved to the new record; Kim Il Sung is still found, ranked after it, as the
    # same name in another script.
    found = archive.lookup("Ким Ир Сен", ANONYMOUS)
    assert [(m.record_id, m.how) for m in found] == [(split.json()["created"], "exact"), (KIM.id, "name")]
    assert site.post(f"/api/authorities/{KIM.id}/merge", json={"other": KIM.id}, headers=auth).status_code == 422
    assert site.post(f"/api/authorities/{KIM.id}/merge", json={"other": "per-0000000000000000"},
                     headers=auth).status_code == 404


def test_api_permissions(site: TestClient, archive: Archive) -> None:
    calls = [("post", "/api/authorities", {"kind": "person", "preferred": "X"}),
             ("put", f"/api/authorities/{KIM.id}", {"preferred": "X"}),
             ("post", f"/api/authorities/{KIM.id}/merge", {"other": R.SHTYKOV.id}),
             ("post", f"/api/authorities/{KIM.id}/split", {"preferred": "X", "names": ["Gim Il-seong"]})]
    contributor = bearer(api_token(archive, "contributor"))
    for method, url, body in calls:
        assert site.request(method, url, json=body).status_code == 401
        assert site.request(method, url, json=body, headers=contributor).status_code == 403
    assert len(archive.revisions(KIM.id, SYSTEM)) == 1
