"""Names that find the right person and place, and only them: the sample plus real ingested files
(the public-history post in ../shared/seeds and the FRUS 1955–57 vol. XXIII excerpt, public
domain), through the real ingest, store, index and reading room (SQLite; the store's part runs on
PostgreSQL in tests/store)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from opis.bootstrap import load_sample
from opis.config import Settings
from opis.jobs.ingest import IngestRequest, run_ingest
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.web.app import create_app
from tests.conftest import SHARED

POST = SHARED / "seeds" / "000_4f13363492f5f063.txt"  # "Preparing for War" (Wilson Center blog post)
FRUS = SHARED / "data" / "frus" / "volumes" / "frus1955-57v23p2-excerpt.xml"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Archive, str]]:
    root = tmp_path_factory.mktemp("names")
    settings = Settings(data_dir=root / "data", load_sample=False)
    archive = Archive.open(settings)
    load_sample(archive)
    run_ingest(archive, IngestRequest(paths=(POST, FRUS)))
    [post] = [d.id for d in archive.browse(SYSTEM, limit=1000).items
              if d.title.startswith("Preparing for War") and (d.source or "").startswith("file:")]
    with TestClient(create_app(settings, archive), raise_server_exceptions=False) as client:
        # The server opens after at most 5 s of its first catch-up; under load the ingested files may
        # not be in yet, and these tests are about what is found, not how soon.
        assert client.app.state.indexer.first_pass.wait(120)  # type: ignore[attr-defined]
        client.app.state.indexer.index.refresh()  # type: ignore[attr-defined]
        yield client, archive, post


def found(client: TestClient, query: str, exact: bool = False) -> set[str]:
    body = client.get("/search.json?limit=100&q=" + quote(query) + ("&exact=1" if exact else "")).json()
    return {h["id"] for h in body["hits"]}


@pytest.mark.parametrize("spellings", [("Shtykov", "Штыков", "Štykov"),
                                       ("Kim Il-sung", "김일성", "金日成", "Ким Ир Сен"),
                                       ("Syngman Rhee", "이승만", "李承晩", "Ли Сын Ман")])
def test_spellings_of_one_person_find_one_document_set(world: tuple[TestClient, Archive, str],
                                                       spellings: tuple[str, ...]) -> None:
    client, _, _ = world
    sets = {s: found(client, s) for s in spellings}
    assert sets[spellings[0]], spellings
    assert all(v == sets[spellings[0]] for v in sets.values()), {s: len(v) for s, v in sets.items()}


def test_a_name_found_only_by_extraction_is_found_in_every_script(world: tuple[TestClient, Archive, str]) -> None:
    client, _, post = world
    # The post writes "Kim Il Sung" and "Shtykov" and is catalogued with no agents: extraction linked them.
    assert post in found(client, "金日成") and post in found(client, "Штыков")


def test_different_hanja_find_different_places(world: tuple[TestClient, Archive, str]) -> None:
    client, _, _ = world
    songjin, chongjin = found(client, "城津"), found(client, "淸津")
    chongjin_only = chongjin - songjin  # the documents naming Chongjin and not Songjin
    assert songjin and chongjin_only
    assert songjin == found(client, "성진") == found(client, "Songjin")
    for exact in (False, True):
        assert not found(client, "城津", exact) & chongjin_only, exact
        assert not found(client, "성진", exact) & chongjin_only, exact
    page = client.get("/search?q=" + quote("城津"), headers={"accept": "text/html"}).text
    assert "<mark>Chongjin</mark>" not in page


def test_authority_lookup_by_any_part_in_any_script(world: tuple[TestClient, Archive, str]) -> None:
    _, archive, _ = world
    for query in ("Shtykov", "штыков", "Štykov", "Терентий", "이승만", "Ли Сын Ман", "Rhee"):
        hits = archive.lookup(query, SYSTEM)
        assert hits, query
        assert hits[0].preferred in {"Terentii Shtykov", "Rhee, Syngman"}, (query, hits[0])


def test_the_names_box_and_the_lookup_agree(world: tuple[TestClient, Archive, str]) -> None:
    client, archive, _ = world
    for query in ("Shtykov", "штыков", "이승만", "Ли Сын Ман", "城津"):
        box = client.get("/search.json?q=" + quote(query)).json()["names"]
        assert box and box[0]["id"] == archive.lookup(query, SYSTEM)[0].record_id, query


def test_authority_page_counts_what_extraction_found(world: tuple[TestClient, Archive, str]) -> None:
    client, archive, post = world
    [shtykov] = [h.record_id for h in archive.lookup("Terentii Shtykov", SYSTEM)[:1]]
    body = client.get(f"/authorities/{shtykov}.json").json()
    named = {d["id"]: d["role_label"] for d in body["about"]["items"]}
    assert named[post] == "Named in the text"
    assert body["about"]["total"] == len(body["about"]["items"]) >= 3
    page = client.get(f"/authorities/{shtykov}", headers={"accept": "text/html"}).text
    assert f'<span class="count">{body["about"]["total"]}</span>' in page


def test_places_and_repositories_show_no_raw_roles_and_no_empty_by_list(
        world: tuple[TestClient, Archive, str]) -> None:
    client, archive, _ = world
    for name in ("Kimchaek", "RGAE"):
        record = archive.lookup(name, SYSTEM)[0].record_id
        body = client.get(f"/authorities/{record}.json").json()
        assert body["by"] is None and body["about"]["total"] > 0
        labels = {d["role_label"] for d in body["about"]["items"]}
        assert labels and labels <= {"Place", "Held here", "Named in the text", "Mentioned"}, labels
        page = client.get(f"/authorities/{record}", headers={"accept": "text/html"}).text
        assert "Documents by it" not in page and "held-by" not in page and "None." not in page


def test_a_search_through_an_authority_marks_that_place_and_no_other(world: tuple[TestClient, Archive, str]) -> None:
    client, _, _ = world
    chongjin_only = found(client, "淸津") - found(client, "城津")
    body = client.get("/search.json?limit=100&q=" + quote("城津")).json()
    assert body["hits"] and not {h["id"] for h in body["hits"]} & chongjin_only
    snippets = " ".join(h["snippet"] or "" for h in body["hits"])
    # The report writes "Songjin (later Kimchaek) and Chongjin": the Kimchaek record (城津) found it.
    assert "<mark>Songjin</mark>" in snippets and "<mark>Chongjin</mark>" not in snippets
    page = client.get("/search?q=" + quote("城津"), headers={"accept": "text/html"}).text
    assert "<mark>Songjin</mark>" in page and "<mark>Chongjin</mark>" not in page
    # Looked up from the other side, Chongjin is marked, Songjin is not.
    body = client.get("/search.json?limit=100&q=" + quote("淸津")).json()
    snippets = " ".join(h["snippet"] or "" for h in body["hits"])
    assert "<mark>Chongjin</mark>" in snippets and "<mark>Songjin</mark>" not in snippets


def test_variant_characters_find_one_place_and_the_names_box_offers_only_it(
        world: tuple[TestClient, Archive, str]) -> None:
    client, archive, _ = world
    # 淸 (Korean Hanja) and 清 (Chinese print) are one character; 城 is another.
    assert found(client, "淸津") == found(client, "清津")
    chongjin = archive.lookup("Chongjin", SYSTEM)[0].record_id
    for exact in ("", "&exact=1"):
        for query in ("Chongjin", "淸津", "清津"):
            box = client.get("/search.json?q=" + quote(query) + exact).json()["names"]
            assert [b["id"] for b in box] == [chongjin], (query, exact, box)
