from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from opis.config import Settings
from opis.model import Rendition
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.support import records as R


@pytest.fixture
def client(archive: Archive, settings: Settings) -> Iterator[TestClient]:
    archive.put_many(R.ALL, "t")
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as c:
        yield c


def _is_error(body: dict[str, object], status: int) -> None:
    err = body["error"]
    assert isinstance(err, dict) and err["status"] == status and set(err) == {"status", "code", "message"}


def test_documents_api_lists_only_public(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == 1 and [d["id"] for d in body["items"]] == [R.PUBLIC.id]
    one = client.get(f"/api/documents/{R.PUBLIC.id}")
    assert one.json()["title"] == R.PUBLIC.title and one.headers["etag"] == '"1"'  # the If-Match for a change


@pytest.mark.parametrize("hidden", R.HIDDEN, ids=lambda d: d.title)
def test_hidden_records_are_404_everywhere(client: TestClient, hidden: object) -> None:
    rid = hidden.id  # type: ignore[attr-defined]
    for url in (f"/api/documents/{rid}", f"/documents/{rid}", f"/documents/{rid}.json"):
        resp = client.get(url)
        assert resp.status_code == 404
        _is_error(resp.json(), 404)
    for url in ("/api/documents", "/", "/index.json", "/api/repositories", "/repositories/rgae/fonds/413",
                f"/api/authorities/{R.SHTYKOV.id}", f"/api/collections/{R.COLLECTION.id}"):
        text = client.get(url, headers={"accept": "application/json"}).text
        assert rid not in text and hidden.title not in text, url  # type: ignore[attr-defined]


def test_tree_api_and_page(client: TestClient) -> None:
    body = client.get("/api/repositories").json()
    repos = {r["code"]: r for r in body["items"]}
    assert repos["RGAE"]["documents"] == 1 and "GARF" not in repos  # nothing held or cited: named apart
    assert "GARF" in {r["code"] for r in body["known"]}
    fonds = client.get("/api/repositories/rgae").json()["children"]["items"]
    assert fonds == [{"level": "fond", "value": "413", "documents": 1, "citations": 0, "dates": "1947",
                      "title": {"en": "Ministry of Foreign Trade of the USSR",
                                "ru": "Министерство внешней торговли СССР"}}]
    delo = client.get("/api/repositories/rgae/fonds/413/opisi/13/dela/5466").json()
    assert delo["refs"]["items"][0]["record_id"] == R.PUBLIC.id
    page = client.get("/repositories/rgae/fonds/413/opisi/13")
    assert page.status_code == 200 and 'href="/repositories/rgae/fonds/413/opisi/13/dela/5466"' in page.text
    assert client.get("/repositories/rgae/fonds/413/opisi/13.json").json()["children"]["total"] == 1
    _is_error(client.get("/api/repositories/rgae/shelves/1").json(), 404)
    _is_error(client.get("/api/repositories/nowhere").json(), 404)


def test_every_page_has_a_json_twin(client: TestClient) -> None:
    pairs = [("/", "/index.json"), (f"/documents/{R.PUBLIC.id}", f"/documents/{R.PUBLIC.id}.json"),
             (f"/authorities/{R.SHTYKOV.id}", f"/authorities/{R.SHTYKOV.id}.json"),
             ("/repositories", "/repositories.json"), ("/repositories/rgae", "/repositories/rgae.json")]
    for html_url, json_url in pairs:
        html = client.get(html_url)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        assert f'href="{json_url}"' in html.text
        assert client.get(json_url).headers["content-type"] == "application/json"
        assert client.get(html_url, headers={"accept": "application/json"}).json() == client.get(json_url).json()


def test_authority_page_lists_every_variant_and_documents(client: TestClient) -> None:
    page = client.get(f"/authorities/{R.SHTYKOV.id}").text
    assert "Штыков Терентий Фомич" in page and 'lang="ru-Cyrl"' in page and R.PUBLIC.title in page
    found = client.get("/api/authorities", params={"name": "terentij stykov"}).json()
    assert [m["record_id"] for m in found] == [R.SHTYKOV.id]
    for surname in ("Shtykov", "штыков"):  # a part of a name, in either script, as the CLI finds it
        found = client.get("/api/authorities", params={"name": surname}).json()
        assert [(m["record_id"], m["how"]) for m in found] == [(R.SHTYKOV.id, "word")]


def test_errors_share_one_shape(client: TestClient) -> None:
    _is_error(client.get("/api/no-such-route").json(), 404)
    _is_error(client.get("/api/documents", params={"limit": 0}).json(), 422)
    _is_error(client.delete("/api/documents").json(), 405)
    _is_error(client.post("/api/documents").json(), 401)
    _is_error(client.get(f"/api/documents/{R.PUBLIC.id}/revisions").json(), 401)  # history is for staff
    _is_error(client.get("/api/documents/a%00b").json(), 400)
    _is_error(client.get("/api/authorities").json(), 422)
    html = client.get("/documents/doc-0000000000000000", headers={"accept": "text/html"})
    assert html.status_code == 404 and "<h1>Error 404</h1>" in html.text


def test_hostile_text_is_inert(client: TestClient, archive: Archive) -> None:
    evil = R.doc("evil", title="<script>alert('t')</script>", renditions=[
        Rendition(id="r", kind="original", language="en", text="<img src=x onerror=alert(1)>")])
    archive.put(evil, "t")
    page = client.get(f"/documents/{evil.id}").text
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<img src=x" not in page


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/authorities/{record_id}",
            "/api/repositories", "/api/repositories/{slug}/{rest}"} <= set(paths)


def test_a_contributor_cannot_download_a_restricted_documents_original(client: TestClient, archive: Archive,
                                                                        tmp_path: object) -> None:
    """The reported hole: the document answered 404 while its original answered 200."""
    from pathlib import Path

    from opis.model import AttachedOriginal
    from tests.support.people import api_token, bearer

    source = Path(str(tmp_path)) / "secret.txt"
    source.write_bytes(b"restricted bytes")
    sha, _, _ = archive.add_original(source, "secret.txt", "text/plain")
    attached = [AttachedOriginal(sha256=sha, filename="secret.txt", media_type="text/plain")]
    archive.put(R.RESTRICTED.model_copy(update={"originals": attached}), "t")
    for role, status in (("contributor", 404), ("translator", 404), ("reader", 404), ("editor", 200)):
        headers = bearer(api_token(archive, role))
        assert client.get(f"/api/documents/{R.RESTRICTED.id}", headers=headers).status_code == status, role
        assert client.get(f"/api/originals/{sha}", headers=headers).status_code == status, role
    assert client.get(f"/api/originals/{sha}").status_code == 404
