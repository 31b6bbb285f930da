"""Citation downloads per document, tables as CSV, and search results as files, with the access rule."""

from __future__ import annotations

import csv
import io
import json

from fastapi.testclient import TestClient

from opis.model import Document
from tests.support import records as R
from tests.web import rich

LETTER = rich.LETTER


def test_cite_formats_carry_the_archival_reference(site: TestClient) -> None:
    ris = site.get(f"/documents/{LETTER.id}/cite.ris")
    assert ris.headers["content-type"].startswith("application/x-research-info-systems")
    assert f'filename="{LETTER.id}.ris"' in ris.headers["content-disposition"]
    for line in ("TY  - PCOMM", "AU  - Shtykov, Terentii", "A2  - Kim, Il Sung", "A4  - Jane Roe",
                 "DB  - Russian State Archive of the Economy (RGAE)", "AN  - f. 413, op. 13, d. 5467, l. 92"):
        assert line + "\r\n" in ris.text, line
    bib = site.get(f"/documents/{LETTER.id}/cite.bib").text
    assert bib.startswith("@misc{") and "author = {Shtykov, Terentii}" in bib and "date = {1947-05-21}" in bib
    [item] = site.get(f"/documents/{LETTER.id}/cite.json").json()
    assert item["archive"] == "Russian State Archive of the Economy (RGAE)" and item["archive-place"] == "Moscow"
    assert item["archive_location"] == "f. 413, op. 13, d. 5467, l. 92"
    assert item["translator"] == [{"literal": "Jane Roe"}]
    assert item["author"] == [{"family": "Shtykov", "given": "Terentii"}]
    text = site.get(f"/documents/{LETTER.id}/cite.txt").text
    assert text.startswith("Note:\nTerentii Shtykov, “Letter from Shtykov")
    assert "\nBibliography:\nShtykov, Terentii." in text


def test_any_registered_exporter_by_name(site: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(site.get(f"/documents/{LETTER.id}/export/csv").text)))
    assert rows[0]["archive_location"] == "f. 413, op. 13, d. 5467, l. 92"
    assert site.get(f"/documents/{LETTER.id}/export/nope").status_code == 404


def test_cite_of_hidden_or_unknown_is_404(site: TestClient) -> None:
    for url in (f"/documents/{R.RESTRICTED.id}/cite.ris", f"/documents/{R.DRAFT.id}/cite.json",
                f"/documents/{LETTER.id}/cite.doc", f"/documents/{R.EMBARGOED.id}/tables/1.csv"):
        resp = site.get(url)
        assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found", url


def test_table_downloads_as_csv(site: TestClient, paper: Document) -> None:
    resp = site.get(f"/documents/{paper.id}/tables/1.csv")
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.text)))
    assert rows[0] == ["№", "Qualification", "General need", "Present", "Required"]
    assert rows[-1] == ["", "Total:", "9", "3", "7"]
    assert site.get(f"/documents/{paper.id}/tables/2.csv").status_code == 404


def test_search_exports_stream_every_hit_the_reader_may_see(site: TestClient) -> None:
    resp = site.get("/search.csv", params={"genre": "letter"})
    assert resp.headers["content-type"].startswith("text/csv") and resp.headers["x-opis-total"] == "2"
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert {r["id"] for r in rows} == {LETTER.id, R.PUBLIC.id}
    assert "Restricted" not in resp.text and "Embargoed" not in resp.text and "Draft" not in resp.text
    lines = site.get("/search.jsonl", params={"sort": "date"}).text.splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert len(ids) == 4 and R.RESTRICTED.id not in ids
    assert site.get("/search.ris", params={"genre": "letter"}).text.count("TY  - ") == 2
    assert site.get("/search.bib", params={"genre": "cipher-telegram"}).text.startswith("@misc{")


def test_search_export_refuses_bad_parameters_before_streaming(site: TestClient) -> None:
    resp = site.get("/search.csv", params={"sort": "bogus"})
    assert resp.status_code == 422 and resp.json()["error"]["code"] == "invalid"
    assert site.get("/search.json", params={"genre": "letter"}).json()["total"] == 2  # the page's twin, not an export
