"""Each page type of the reading room, on SQLite and PostgreSQL: what it shows, its JSON twin,
its links, its accessibility basics."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi.testclient import TestClient

from opis.model import Authority, Document, Name
from opis.store.archive import Archive
from tests.support import records as R
from tests.web import rich
from tests.web.htmlcheck import assert_accessible, parse

LETTER, TELEGRAM, KIM = rich.LETTER, rich.TELEGRAM, rich.KIM
DELO = "/repositories/rgae/fonds/413/opisi/13/dela/5467"


def html(client: TestClient, url: str) -> str:
    resp = client.get(url, headers={"accept": "text/html"})
    assert resp.status_code == 200, (url, resp.text[:500])
    assert resp.headers["content-type"].startswith("text/html")
    assert_accessible(resp.text)
    return resp.text


def twin(client: TestClient, url: str) -> dict:  # type: ignore[type-arg]
    path, _, query = url.partition("?")
    json_url = (path.rstrip("/") or "/index") + ".json" + (f"?{query}" if query else "")
    body = client.get(json_url).json()
    assert client.get(url, headers={"accept": "application/json"}).json() == body
    assert f'href="{json_url.replace("&", "&amp;")}"' in html(client, url)
    return body  # type: ignore[no-any-return]


def test_home_shows_holdings_as_charts(site: TestClient) -> None:
    page = html(site, "/")
    assert page.count('class="chart bars"') == 3 and 'href="/search?repository=RGAE"' in page
    body = twin(site, "/")
    charts = {c["name"]: {b["value"]: b["count"] for b in c["bars"]} for c in body["charts"]}
    assert charts["repository"]["RGAE"] == 2 and charts["language"]["ko"] == 1 and charts["decade"]["1940s"] == 2
    assert 'action="/search"' in page and "Restricted secret letter" not in page


def test_search_finds_with_facets_dates_sort_and_paging(site: TestClient) -> None:
    body = twin(site, "/search?q=specialists")
    [card] = body["hits"]
    assert card["id"] == LETTER.id and card["genre_label"] == "Letter" and "<mark>" in (card["snippet"] or "")
    assert card["reference_href"] == DELO
    page = html(site, "/search?q=specialists")
    assert "Query syntax:" in page and 'name="exact"' in page and "<mark>" in page
    genre = next(f for f in twin(site, "/search?genre=letter")["facets"] if f["name"] == "genre")
    assert {v["value"]: v["checked"] for v in genre["values"]}["letter"] is True
    assert [h["id"] for h in twin(site, "/search?genre=cipher-telegram")["hits"]] == [TELEGRAM.id]
    assert [h["id"] for h in twin(site, "/search?from=1950&to=1950")["hits"]] == [TELEGRAM.id]
    dated = [h["id"] for h in twin(site, "/search?sort=date")["hits"]]
    assert dated.index(LETTER.id) < dated.index(TELEGRAM.id)
    first = twin(site, "/search?sort=date&limit=1")
    assert first["pages"]["next"] == "/search?sort=date&offset=1&limit=1" and first["pages"]["prev"] is None
    assert twin(site, "/search?sort=date&limit=1&offset=1")["hits"][0]["id"] == dated[1]


def test_search_crosses_scripts_unless_exact(site: TestClient) -> None:
    loose = {h["id"] for h in twin(site, "/search?q=" + quote("Ким Ир Сен"))["hits"]}
    exact = {h["id"] for h in twin(site, "/search?exact=1&q=" + quote("Ким Ир Сен"))["hits"]}
    assert loose == {LETTER.id, TELEGRAM.id} and exact == {LETTER.id}
    for query, person in (("Штыков", R.SHTYKOV), ("Shtykov", R.SHTYKOV), ("김일성", KIM), ("Ким Ир Сен", KIM)):
        names = twin(site, "/search?q=" + quote(query))["names"]
        assert names[0]["id"] == person.id, query
        assert f'href="/authorities/{person.id}"' in html(site, "/search?q=" + quote(query))


def test_zero_results_suggest_spellings_and_names(site: TestClient) -> None:
    body = twin(site, "/search?exact=1&q=Shtykovv")
    assert body["total"] == 0
    suggestions = body["suggestions"]
    assert suggestions["spellings"][0]["q"] == "Shtykov" and suggestions["without_exact"] == "/search?q=Shtykovv"
    assert R.SHTYKOV.id in {n["id"] for n in suggestions["names"]}
    assert 'href="/search?q=Shtykov&amp;exact=1"' in html(site, "/search?exact=1&q=Shtykovv")


def test_pages_give_dates_in_words_and_edtf_only_in_json(site: TestClient, paper: Document) -> None:
    page = html(site, f"/documents/{TELEGRAM.id}")
    assert '<span class="date-words">about May 1950</span>' in page and "1950-05~" not in page
    assert twin(site, f"/documents/{TELEGRAM.id}")["record"]["date"]["edtf"] == "1950-05~"
    for url in ("/search?q=Kim", "/timeline", f"/authorities/{KIM.id}", f"/collections/{rich.COLLECTION.id}"):
        assert "1950-05~" not in html(site, url), url
    found = twin(site, f"/documents/{paper.id}")
    edtfs = [d["edtf"] for d in found["dates"] if not d["edtf"].isdigit()]
    shown = html(site, f"/documents/{paper.id}")
    assert edtfs and not any(f">{e}<" in shown for e in edtfs)


def test_document_texts_side_by_side_with_lang(site: TestClient) -> None:
    page = html(site, f"/documents/{LETTER.id}")
    assert 'class="parallel sentences"' in page
    assert re.search(r'<td lang="ru" class="text col-0 pivot" data-pairs="c1p0"[^>]*>.*Товарищ Ким Ир Сен!</td>', page)
    assert re.search(r'<td lang="en" class="text col-1" data-pairs="c1p1"[^>]*>.*Please send specialists.</td>', page)
    assert "Jane Roe" in page
    texts = twin(site, f"/documents/{LETTER.id}")["texts"]
    assert texts["mode"] == "sentences"
    ru, en = (r.text for r in LETTER.renditions)  # two paragraphs each, one sentence a paragraph
    cut_ru, cut_en = ru.index("\n\n"), en.index("\n\n")
    assert [a["pairs"] for a in texts["alignments"]] == [[[0, cut_ru, 0, cut_en],
                                                          [cut_ru + 2, len(ru), cut_en + 2, len(en)]]]
    page = html(site, f"/documents/{TELEGRAM.id}")
    # three Korean paragraphs, one English sentence: one pair, one row, the paragraphs kept inside it
    assert page.count('data-pairs="c1p0"') == 2 and 'data-pairs="c1p1"' not in page
    pivot = r'<td lang="ko" class="text col-0 pivot"[^>]*>.*평양에서.<br><br>수확은 좋다.<br><br>끝.</td>'
    assert re.search(pivot, page)
    assert twin(site, f"/documents/{TELEGRAM.id}")["texts"]["mode"] == "sentences"


def test_document_references_witnesses_and_relations(site: TestClient) -> None:
    page = html(site, f"/documents/{LETTER.id}")
    assert f'href="{DELO}"' in page and 'href="/repositories/avp-rf/fonds/07/opisi/10/papki/6/dela/65"' in page
    assert "Archival references (witnesses)" in page and "Совершенно секретно" in page
    related = twin(site, f"/documents/{LETTER.id}")["related"]
    assert related["referring"] == [{"id": TELEGRAM.id, "title": TELEGRAM.title, "type": "Replied by",
                                   "relation": "replied-by"}]
    assert twin(site, f"/documents/{TELEGRAM.id}")["related"]["relations"][0]["type"] == "Reply to"


def test_document_footnotes_citations_names_and_findings(site: TestClient, paper: Document) -> None:
    page = html(site, f"/documents/{paper.id}")
    body = twin(site, f"/documents/{paper.id}")
    first, second = body["footnotes"]
    assert first["citations"][0]["href"] == DELO
    assert f'<a href="{DELO}">RGAE. F. 413. Op. 13. D. 5467. L. 92.</a>' in page
    ibid = second["citations"][0]
    assert ibid["raw"] == "Ibid. L. 93." and ibid["ibid_of"] == "1" and ibid["formatted"].endswith("L. 93.")
    assert 'id="fn-2"' in page and 'href="#fn-1">note 1</a>' in page and 'href="#fn-1" id="fnref-1"' in page
    assert f'<a class="name" href="/authorities/{R.SHTYKOV.id}">Shtykov</a>' in page
    assert body["mentions"][0]["id"] == R.SHTYKOV.id
    assert body["dates"][0]["edtf"] == "1947-05"
    yen = next(q for q in body["quantities"] if q["unit"] == "KRW-MIL")
    assert yen["value"] == 24500000 and yen["unit_label"].startswith("Korean military yen")
    assert body["rates"][0]["rate"] == 0.25
    [table] = body["tables"]
    assert [c["ok"] for c in table["checks"]] == [True, True, False] and table["csv"].endswith("/tables/1.csv")
    assert page.count('<span class="badge">ok</span>') == 2 and page.count('<span class="badge">failed</span>') == 1


def test_original_downloads_unchanged(site: TestClient, paper: Document) -> None:
    sha = paper.originals[0].sha256
    assert f'href="/api/originals/{sha}"' in html(site, f"/documents/{paper.id}")
    assert site.get(f"/api/originals/{sha}").content == rich.PAPER_TEXT.encode()


def test_document_cite_box_and_embedded_metadata(site: TestClient) -> None:
    page = html(site, f"/documents/{LETTER.id}")
    assert "Terentii Shtykov, “Letter from Shtykov to Kim Il Sung on specialists,”" in page
    for meta in ('<meta name="citation_title" content="Letter from Shtykov to Kim Il Sung on specialists">',
                 '<meta name="citation_author" content="Shtykov, Terentii">',
                 '<meta name="citation_date" content="1947/05/21">',
                 '<meta name="z.itemType" content="letter">',
                 '<meta name="z.archive" content="Russian State Archive of the Economy (RGAE)">',
                 '<meta name="z.archiveLocation" content="f. 413, op. 13, d. 5467, l. 92">',
                 '<meta name="DC.coverage" content="f. 413, op. 13, d. 5467, l. 92">',
                 f'<link rel="alternate" type="application/vnd.citationstyles.csl+json" '
                 f'href="/documents/{LETTER.id}/cite.json"'):
        assert meta in page, meta
    assert 'class="Z3988" title="ctx_ver=Z39.88-2004&amp;' in page
    for ext in ("ris", "bib", "json", "txt"):
        assert f'href="/documents/{LETTER.id}/cite.{ext}"' in page


def test_tree_unit_says_who_cites_it_and_pages(site: TestClient, paper: Document) -> None:
    body = twin(site, DELO)
    assert body["sentence"] == "RGAE f. 413 op. 13 d. 5467 holds 1 document and is cited by 2 footnotes in 1 document."
    page = html(site, DELO)
    assert f'href="/documents/{paper.id}#fn-1"' in page and f'href="/documents/{LETTER.id}"' in page
    refs = twin(site, DELO + "?refs_limit=1")["refs"]
    assert refs["total"] == 3 and refs["next"] == f"{DELO}?offset=0&limit=100&refs_limit=1&refs_offset=1"
    fonds = twin(site, "/repositories/rgae?limit=1")["children"]
    assert fonds["total"] == 1 and fonds["next"] is None
    assert twin(site, "/repositories/avp-rf/fonds/07/opisi/10")["children"]["items"][0]["level"] == "papka"


def test_person_page_groups_names_by_script_and_scheme(site: TestClient) -> None:
    page = html(site, f"/authorities/{KIM.id}")
    assert '<li lang="ko-Hang">김일성</li>' in page and '<li lang="ko-Cyrl">Ким Ир Сен</li>' in page
    body = twin(site, f"/authorities/{KIM.id}")
    groups = {g["label"]: [n["value"] for n in g["names"]] for g in body["name_groups"]}
    assert groups["Korean (romanized) · McCune–Reischauer"] == ["Kim Il-sŏng"]
    assert groups["Korean (Russian transcription) · Kontsevich (Korean in Cyrillic)"] == ["Ким Ир Сен"]
    assert [d["id"] for d in body["by"]["items"]] == [TELEGRAM.id]
    assert [d["id"] for d in body["about"]["items"]] == [LETTER.id]
    assert 'class="chart timeline"' in page and "1912 – 1994" in page and "1912/1994" not in page  # words, not EDTF


def test_place_and_repository_pages(site: TestClient) -> None:
    page = html(site, f"/authorities/{rich.PYONGYANG.id}")
    assert "39.03, 125.75" in page and '<li lang="ru-Cyrl">Пхеньян</li>' in page
    assert 'href="/repositories/rgae"' in html(site, f"/authorities/{R.RGAE.id}")


def test_collection_page_pages_its_documents(site: TestClient) -> None:
    body = twin(site, f"/collections/{rich.COLLECTION.id}?limit=2")
    assert body["documents"]["total"] == 4 and len(body["documents"]["items"]) == 2
    page = html(site, f"/collections/{rich.COLLECTION.id}?limit=2")
    assert 'rel="next" href="?offset=2&amp;limit=2"' in page and 'class="chart timeline"' in page


def test_collections_list_counts_what_each_collection_page_lists(site: TestClient) -> None:
    body = twin(site, "/collections")
    assert body["total"] == len(body["items"]) >= 1
    for item in body["items"]:
        assert item["documents"] == twin(site, f"/collections/{item['id']}")["documents"]["total"]
    assert {i["id"]: i["documents"] for i in body["items"]}[rich.COLLECTION.id] == 4
    page = html(site, "/collections")
    assert f'href="/collections/{rich.COLLECTION.id}"' in page and "4 documents" in page
    assert '<a href="/collections">Collections</a>' in page  # in the menu of every page


def test_timeline_points_ranges_and_filters(site: TestClient) -> None:
    page = html(site, "/timeline")
    assert '<circle class="point"' in page and '<rect class="range"' in page
    body = twin(site, "/timeline?person=Kim+Il+Sung")
    primary = next(p for p in body["parts"] if p["name"] == "primary")
    assert [i["id"] for i in primary["items"]] == [LETTER.id, TELEGRAM.id]
    assert "Kim Il Sung" in [o["value"] for o in body["options"]["person"]]


def test_from_and_to_read_as_readers_write_dates_and_answer_on_the_page(site: TestClient) -> None:
    decade = twin(site, "/search?from=1950s")
    assert decade["dates_read"]["from"] == "195X" and decade["hits"] == twin(site, "/search?from=1950")["hits"]
    body = twin(site, "/search?from=01.01.1950&to=December+1950")
    assert [h["id"] for h in body["hits"]] == [TELEGRAM.id]
    assert body["dates_read"] == {"from": "1950-01-01", "to": "1950-12"}
    assert body["date_notes"] == ["From “01.01.1950” read as 1 January 1950.",
                                  "To “December 1950” read as December 1950."]
    unread = twin(site, "/search?q=specialists&from=someday")
    assert [h["id"] for h in unread["hits"]] == [LETTER.id] and unread["query"]["from"] == "someday"
    assert "“someday” is not a date we can read" in unread["date_notes"][0]
    page = html(site, "/search?q=specialists&from=someday")
    assert 'value="someday"' in page and "is not a date we can read" in page
    backwards = twin(site, "/search?from=1951&to=1949")
    assert backwards["date_notes"] == ["The date range ends before it starts; the search ran without it."]
    assert site.get("/api/search?from=someday").status_code == 422  # the JSON API still refuses it


def test_active_filters_are_chips_each_removable(site: TestClient) -> None:
    body = twin(site, "/search?genre=letter&from=1940&exact=1")
    assert [c["label"] for c in body["chips"]] == ["Genre: Letter", "From: 1940", "Exact spelling"]
    assert [c["remove"] for c in body["chips"]] == ["/search?exact=1&from=1940", "/search?exact=1&genre=letter",
                                                     "/search?from=1940&genre=letter"]
    assert 'aria-label="Remove Genre: Letter"' in html(site, "/search?genre=letter")


def test_bad_parameters_and_wrong_kinds_share_the_error_shape(site: TestClient) -> None:
    for url, status in (("/search?offset=-1", 422), ("/search?limit=x", 422), ("/search?sort=bogus", 422),
                        ("/timeline?offset=999999", 422),
                        (f"/authorities/{LETTER.id}", 404), (f"/collections/{KIM.id}", 404),
                        (f"/documents/{KIM.id}", 404), (f"/documents/{R.RESTRICTED.id}", 404)):
        resp = site.get(url)
        assert resp.status_code == status, url
        assert set(resp.json()["error"]) == {"status", "code", "message"}, url


def test_every_page_has_one_main_and_labelled_controls(site: TestClient, paper: Document) -> None:
    for url in ("/", "/search?q=letter", f"/documents/{paper.id}", f"/documents/{LETTER.id}", "/timeline",
                f"/authorities/{KIM.id}", f"/collections/{rich.COLLECTION.id}", "/collections", "/repositories", DELO):
        found = parse(html(site, url))
        assert found.langs.count("en") >= 0  # parsed without error; labels and ids checked in html()


def test_names_box_keeps_places_of_different_hanja_apart(site: TestClient, archive: Archive) -> None:
    songjin = Authority(kind="place", id="plc-songjin", preferred="Kimchaek",
                        names=[Name(value="Songjin"), Name(value="城津", lang="ko-Hani"),
                               Name(value="성진", lang="ko")])
    chongjin = Authority(kind="place", id="plc-chongjin", preferred="Chongjin",
                         names=[Name(value="淸津", lang="ko-Hani"), Name(value="청진", lang="ko")])
    archive.put_many([songjin, chongjin], "t")
    for query, place in (("Chongjin", chongjin), ("淸津", chongjin), ("청진", chongjin),
                         ("城津", songjin), ("Songjin", songjin), ("성진", songjin)):
        for exact in ("", "&exact=1"):
            names = twin(site, "/search?q=" + quote(query) + exact)["names"]
            assert [n["id"] for n in names] == [place.id], query


def test_restarted_note_numbers_get_their_own_anchors(site: TestClient, archive: Archive) -> None:
    """FRUS 1949 d191 prints two notes numbered 2: each marker links to its own note, every id is unique,
    and the unnumbered source note is labelled, not numbered."""
    from opis.model import Findings, Rendition
    from opis.model.notes import with_notes

    body = "Attached (Tab A)[2] a reply. Also attached (Tab B)[2] another.[3]"
    text, notes = with_notes(body, [("2", "Not printed."), ("2", "Not printed either."), ("3", "See above.")],
                             "740.00119 Control (Korea)/1–1049")
    doc = Document(id="doc-restarted-notes", title="Memorandum with restarted notes", genre="memorandum",
                   languages=["en"], findings=Findings(footnotes=notes),
                   renditions=[Rendition(id="r-notes", kind="original", language="en", text=text)])
    archive.put(doc, "test")
    page = site.get(f"/documents/{doc.id}", headers={"accept": "text/html"}).text
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert re.findall(r'<a class="fnref" href="#fn-([^"]+)"', page) == ["2", "2-2", "3"]
    assert 'id="fn-2-2"' in page and 'id="fn-source"' in page and 'value="source"' not in page
    assert '<span class="note-label">Source note: </span>' in page
